// RUN: xopt-opt %s --split-input-file -p decompose-conv-transpose | filecheck %s
// RUN: xopt-opt %s --split-input-file -p 'decompose-conv-transpose{pad_in_conv=true}' | filecheck %s --check-prefix=INCONV

// Each graph.conv_transpose2d becomes [graph.crop] + [graph.insert_zeros] + [graph.pad] +
// graph.conv2d (stride 1, same dilation, group and bias) with the kernel flipped and its
// channel axes swapped per group. Per axis the pads are d*(k-1) - p0 before and
// d*(k-1) + q - p1 after (q: output_padding). With pad_in_conv (INCONV) they are the
// conv2d's pads instead of a graph.pad.

// 2x upsampling with a 2x2 kernel, pads 1 and output_padding 1: the kernel turns by 180
// degrees; pads (d*(k-1) - p0, d*(k-1) + q - p1) = (0, 1), the begin pad of 0 is no crop.
// CHECK-LABEL: func.func @stride2_pads_output_padding(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<5.000000e-01> : tensor<1xf32>} : tensor<1xf32>
// CHECK-NEXT:    %[[Y_UPSAMPLED:.*]] = graph.insert_zeros %[[X]] {strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
// CHECK-NEXT:    %[[Y_PADDED:.*]] = graph.pad %[[Y_UPSAMPLED]] {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x5x5xf32>) -> tensor<1x1x6x6xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}4.000000e+00, 3.000000e+00], [2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_PADDED]], %[[W_FLIPPED]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x5x5xf32>
// CHECK-NEXT:  }
// INCONV-LABEL: func.func @stride2_pads_output_padding(
// INCONV-SAME:      %[[X:[^:]+]]: tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32> {
// INCONV-NEXT:    %[[B:.*]] = graph.constant {value = dense<5.000000e-01> : tensor<1xf32>} : tensor<1xf32>
// INCONV-NEXT:    %[[Y_UPSAMPLED:.*]] = graph.insert_zeros %[[X]] {strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
// INCONV-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}4.000000e+00, 3.000000e+00], [2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
// INCONV-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_UPSAMPLED]], %[[W_FLIPPED]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
// INCONV-NEXT:    func.return %[[Y]] : tensor<1x1x5x5xf32>
// INCONV-NEXT:  }
func.func @stride2_pads_output_padding(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32> {
  %w = graph.constant {value = dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
  %b = graph.constant {value = dense<0.5> : tensor<1xf32>} : tensor<1xf32>
  %y = graph.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
  func.return %y : tensor<1x1x5x5xf32>
}

// -----

// Groups: W (C=4, O/g=3, 1, 1) with g=2 becomes (O=6, C/g=2, 1, 1), W'[3*g + j, i] =
// W[2*g + i, j]. A 1x1 kernel without pads needs no padding at all: no graph.pad.
// CHECK-LABEL: func.func @groups_no_padding(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x4x2x3xf32>) -> tensor<1x6x3x5xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y_UPSAMPLED:.*]] = graph.insert_zeros %[[X]] {strides = array<i64: 2, 2>} : (tensor<1x4x2x3xf32>) -> tensor<1x4x3x5xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}6.000000e+00]]], {{\[\[\[}}7.000000e+00]], {{\[\[}}1.000000e+01]]], {{\[\[\[}}8.000000e+00]], {{\[\[}}1.100000e+01]]], {{\[\[\[}}9.000000e+00]], {{\[\[}}1.200000e+01]]]]> : tensor<6x2x1x1xf32>} : tensor<6x2x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_UPSAMPLED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x3x5xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x3x5xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x6x3x5xf32>
// CHECK-NEXT:  }
func.func @groups_no_padding(%x: tensor<1x4x2x3xf32>) -> tensor<1x6x3x5xf32> {
  %w = graph.constant {value = dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]], [[[7.0]], [[8.0]], [[9.0]]], [[[10.0]], [[11.0]], [[12.0]]]]> : tensor<4x3x1x1xf32>} : tensor<4x3x1x1xf32>
  %y = graph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 2 : i64} : (tensor<1x4x2x3xf32>, tensor<4x3x1x1xf32>) -> tensor<1x6x3x5xf32>
  func.return %y : tensor<1x6x3x5xf32>
}

// -----

// Depthwise (group = channels) with different strides per axis and asymmetric pads.
// CHECK-LABEL: func.func @depthwise_asymmetric(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x2x3x3xf32>) -> tensor<1x2x7x9xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y_UPSAMPLED:.*]] = graph.insert_zeros %[[X]] {strides = array<i64: 3, 3>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x7x7xf32>
// CHECK-NEXT:    %[[Y_PADDED:.*]] = graph.pad %[[Y_UPSAMPLED]] {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 4>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x2x7x7xf32>) -> tensor<1x2x7x11xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}3.000000e+00, 2.000000e+00, 1.000000e+00]]], {{\[\[\[}}6.000000e+00, 5.000000e+00, 4.000000e+00]]]]> : tensor<2x1x1x3xf32>} : tensor<2x1x1x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_PADDED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x7x11xf32>, tensor<2x1x1x3xf32>) -> tensor<1x2x7x9xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x7x9xf32>
// CHECK-NEXT:  }
func.func @depthwise_asymmetric(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x7x9xf32> {
  %w = graph.constant {value = dense<[[[[1.0, 2.0, 3.0]]], [[[4.0, 5.0, 6.0]]]]> : tensor<2x1x1x3xf32>} : tensor<2x1x1x3xf32>
  %y = graph.conv_transpose2d %x, %w {strides = array<i64: 3, 3>, pads = array<i64: 0, 2, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 2>, group = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x1x3xf32>) -> tensor<1x2x7x9xf32>
  func.return %y : tensor<1x2x7x9xf32>
}

// -----

// Dilation 2, stride 1: no zeros are inserted, the pads are d*(k-1) - p = 2*2 - 1 = 3,
// and the conv keeps dilation 2.
// CHECK-LABEL: func.func @dilation_stride1(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y_PADDED:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 3, 3, 0, 0, 3, 3>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x10x10xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}9.000000e+00, 8.000000e+00, 7.000000e+00], [6.000000e+00, 5.000000e+00, 4.000000e+00], [3.000000e+00, 2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_PADDED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x1x10x10xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x6x6xf32>
// CHECK-NEXT:  }
func.func @dilation_stride1(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32> {
  %w = graph.constant {value = dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
  %y = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  func.return %y : tensor<1x1x6x6xf32>
}

// -----

// Stride 1, 'same' pads: neither zeros nor a crop, only the pad of k-1-p = 1 per side.
// CHECK-LABEL: func.func @stride1_same(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y_PADDED:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}9.000000e+00, 8.000000e+00, 7.000000e+00], [6.000000e+00, 5.000000e+00, 4.000000e+00], [3.000000e+00, 2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_PADDED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x4x4xf32>
// CHECK-NEXT:  }
func.func @stride1_same(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = graph.constant {value = dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
  %y = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  func.return %y : tensor<1x1x4x4xf32>
}

// -----

// Pads larger than the kernel's reach: the top pad 3 of a 1x1 kernel with stride 2 crops
// 3 rows of the zero-inserted input, i.e. ceil(3/2) = 2 input rows then 1 zero row back;
// the left pad 1 crops 1 column, then 1 zero column back; end pads 2 and 0 (op 1): crop 1.
// CHECK-LABEL: func.func @crop(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x4x3xf32>) -> tensor<1x1x2x5xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y_CROPPED:.*]] = graph.crop %[[X]] {crops = array<i64: 0, 0, 2, 1, 0, 0, 1, 0>} : (tensor<1x1x4x3xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT:    %[[Y_UPSAMPLED:.*]] = graph.insert_zeros %[[Y_CROPPED]] {strides = array<i64: 2, 2>} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x3xf32>
// CHECK-NEXT:    %[[Y_PADDED:.*]] = graph.pad %[[Y_UPSAMPLED]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 0, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x1x3xf32>) -> tensor<1x1x2x5xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<2.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_PADDED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x5xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x5xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x2x5xf32>
// CHECK-NEXT:  }
// INCONV-LABEL: func.func @crop(
// INCONV-SAME:      %[[X:[^:]+]]: tensor<1x1x4x3xf32>) -> tensor<1x1x2x5xf32> {
// INCONV-NEXT:    %[[Y_CROPPED:.*]] = graph.crop %[[X]] {crops = array<i64: 0, 0, 2, 1, 0, 0, 1, 0>} : (tensor<1x1x4x3xf32>) -> tensor<1x1x1x2xf32>
// INCONV-NEXT:    %[[Y_UPSAMPLED:.*]] = graph.insert_zeros %[[Y_CROPPED]] {strides = array<i64: 2, 2>} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x3xf32>
// INCONV-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<2.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// INCONV-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_UPSAMPLED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x1x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x5xf32>
// INCONV-NEXT:    func.return %[[Y]] : tensor<1x1x2x5xf32>
// INCONV-NEXT:  }
func.func @crop(%x: tensor<1x1x4x3xf32>) -> tensor<1x1x2x5xf32> {
  %w = graph.constant {value = dense<2.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %y = graph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 3, 1, 2, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 1>, group = 1 : i64} : (tensor<1x1x4x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x5xf32>
  func.return %y : tensor<1x1x2x5xf32>
}

// -----

// output_padding 2 >= stride 1 (allowed below max(stride, dilation) = 3): 2 more zeros at
// the end, pads (3*1 - 0, 3*1 + 2 - 0) = (3, 5).
// CHECK-LABEL: func.func @output_padding_with_dilation(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x2x2xf32>) -> tensor<1x1x2x7xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y_PADDED:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 0, 3, 0, 0, 0, 5>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x10xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x1x2xf32>} : tensor<1x1x1x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[Y_PADDED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 3>, group = 1 : i64} : (tensor<1x1x2x10xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x7xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x2x7xf32>
// CHECK-NEXT:  }
// INCONV-LABEL: func.func @output_padding_with_dilation(
// INCONV-SAME:      %[[X:[^:]+]]: tensor<1x1x2x2xf32>) -> tensor<1x1x2x7xf32> {
// INCONV-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x1x2xf32>} : tensor<1x1x1x2xf32>
// INCONV-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 3, 0, 5>, dilations = array<i64: 1, 3>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x7xf32>
// INCONV-NEXT:    func.return %[[Y]] : tensor<1x1x2x7xf32>
// INCONV-NEXT:  }
func.func @output_padding_with_dilation(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x7xf32> {
  %w = graph.constant {value = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>} : tensor<1x1x1x2xf32>
  %y = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 3>, output_padding = array<i64: 0, 2>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x7xf32>
  func.return %y : tensor<1x1x2x7xf32>
}

// -----

// No input element reaches the result (a 1x1 input at position 0, cropped by the top and
// left pads): the result is the bias broadcast, a constant.
// CHECK-LABEL: func.func @bias_only(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00]], {{\[\[}}-1.000000e+00, -1.000000e+00], [-1.000000e+00, -1.000000e+00]]]]> : tensor<1x2x2x2xf32>} : tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @bias_only(%x: tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %b = graph.constant {value = dense<[1.0, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %y = graph.conv_transpose2d %x, %w, %b {strides = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  func.return %y : tensor<1x2x2x2xf32>
}

// -----

// The same with a computed bias: zeros plus the bias reshaped to 1 x O x 1 x 1.
// CHECK-LABEL: func.func @bias_only_computed_bias(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x2x1x1xf32>, %[[B:[^:]+]]: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[Y_ZEROS:.*]] = graph.constant {value = dense<0.000000e+00> : tensor<1x2x2x2xf32>} : tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[Y_BIAS:.*]] = graph.reshape %[[B]] : (tensor<2xf32>) -> tensor<1x2x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.add %[[Y_ZEROS]], %[[Y_BIAS]] : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @bias_only_computed_bias(%x: tensor<1x2x1x1xf32>, %b: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %y = graph.conv_transpose2d %x, %w, %b {strides = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  func.return %y : tensor<1x2x2x2xf32>
}

// -----

// A weight shared by two transposed convolutions stays until both are rewritten.
// CHECK-LABEL: func.func @shared_weight(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x2x2xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>) {
// CHECK-NOT:   graph.conv_transpose2d
// CHECK-NEXT:    %[[A_PADDED:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[W_FLIPPED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}4.000000e+00, 3.000000e+00], [2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.conv2d %[[A_PADDED]], %[[W_FLIPPED]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[B_UPSAMPLED:.*]] = graph.insert_zeros %[[X]] {strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[B_PADDED:.*]] = graph.pad %[[B_UPSAMPLED]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
// CHECK-NEXT:    %[[W_FLIPPED_1:.*]] = graph.constant {value = dense<{{\[\[\[\[}}4.000000e+00, 3.000000e+00], [2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.conv2d %[[B_PADDED]], %[[W_FLIPPED_1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]] : tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>
// CHECK-NEXT:  }
func.func @shared_weight(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>) {
  %w = graph.constant {value = dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
  %a = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  %b = graph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  func.return %a, %b : tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>
}
