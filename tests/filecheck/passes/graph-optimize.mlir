// RUN: xopt-opt %s -p graph-optimize | filecheck %s
// RUN: xopt-opt %s -p 'graph-optimize{argmax_group=2}' | filecheck %s --check-prefix=GROUPS
//
// @head is a segmentation head: a dilated conv + ReLU, a transposed conv, a bilinear x2 Resize
// and an ArgMax over the channels. graph-optimize leaves dense convs (the ReLU fused into each
// phase conv), data movement and one resize_argmax writing an int16 map. @argmax has no Resize:
// it stays one ArgMax by default and becomes two stages with argmax_group=2 (the head's ArgMax
// is fused before decompose-argmax runs, so it stays fused).

// CHECK-LABEL: func.func @head(%x: tensor<1x4x6x6xf32>) -> tensor<1x24x24xi16> {
// CHECK-NEXT:    %w = graph.constant {value = dense<5.000000e-01> : tensor<4x4x3x3xf32>} : tensor<4x4x3x3xf32>
// CHECK-NEXT:    %r_in_h0w0 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<1x4x6x6xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r_h0w0 = graph.conv2d %r_in_h0w0, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x4x3x3xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r_in_h0w1 = graph.phase_slice %x {offsets = array<i64: 0, 1>, steps = array<i64: 2, 2>} : (tensor<1x4x6x6xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r_h0w1 = graph.conv2d %r_in_h0w1, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x4x3x3xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r_in_h1w0 = graph.phase_slice %x {offsets = array<i64: 1, 0>, steps = array<i64: 2, 2>} : (tensor<1x4x6x6xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r_h1w0 = graph.conv2d %r_in_h1w0, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x4x3x3xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r_in_h1w1 = graph.phase_slice %x {offsets = array<i64: 1, 1>, steps = array<i64: 2, 2>} : (tensor<1x4x6x6xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r_h1w1 = graph.conv2d %r_in_h1w1, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x4x3x3xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %r = graph.interleave %r_h0w0, %r_h0w1, %r_h1w0, %r_h1w1 {factors = array<i64: 2, 2>} : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT:    %t_upsampled = graph.insert_zeros %r {strides = array<i64: 2, 2>} : (tensor<1x4x6x6xf32>) -> tensor<1x4x11x11xf32>
// CHECK-NEXT:    %wt_flipped = graph.constant {value = dense<2.500000e-01> : tensor<3x4x2x2xf32>} : tensor<3x4x2x2xf32>
// CHECK-NEXT:    %t = graph.conv2d %t_upsampled, %wt_flipped {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x11x11xf32>, tensor<3x4x2x2xf32>) -> tensor<1x3x12x12xf32>
// CHECK-NEXT:    %a = graph.resize_argmax %t {saved_bytes = 10368 : i64, mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x12x12xf32>) -> tensor<1x24x24xi16>
// CHECK-NEXT:    func.return %a : tensor<1x24x24xi16>
// CHECK-NEXT:  }
// CHECK-LABEL: func.func @argmax(%x: tensor<1x5x2x2xf32>) -> tensor<1x2x2xi64> {
// CHECK-NEXT:    %a = graph.argmax %x {axis = 1 : i64} : (tensor<1x5x2x2xf32>) -> tensor<1x2x2xi64>
// CHECK-NEXT:    func.return %a : tensor<1x2x2xi64>
// CHECK-NEXT:  }
// CHECK-NEXT:  }

// GROUPS-LABEL: func.func @argmax(%x: tensor<1x5x2x2xf32>) -> tensor<1x2x2xi64> {
// GROUPS-NEXT:    %a_group_max, %a_group_index = graph.argmax_groups %x {axis = 1 : i64, group = 2 : i64} : (tensor<1x5x2x2xf32>) -> (tensor<1x3x2x2xf32>, tensor<1x3x2x2xi16>)
// GROUPS-NEXT:    %a = graph.argmax_select %a_group_max, %a_group_index {axis = 1 : i64} : (tensor<1x3x2x2xf32>, tensor<1x3x2x2xi16>) -> tensor<1x2x2xi64>
// GROUPS-NEXT:    func.return %a : tensor<1x2x2xi64>
// GROUPS-NEXT:  }
// GROUPS-NEXT:  }

func.func @head(%x: tensor<1x4x6x6xf32>) -> tensor<1x24x24xi64> {
  %w = graph.constant {value = dense<0.5> : tensor<4x4x3x3xf32>} : tensor<4x4x3x3xf32>
  %d = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  %r = graph.relu %d : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %wt = graph.constant {value = dense<0.25> : tensor<4x3x2x2xf32>} : tensor<4x3x2x2xf32>
  %t = graph.conv_transpose2d %r, %wt {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x6x6xf32>, tensor<4x3x2x2xf32>) -> tensor<1x3x12x12xf32>
  %z = graph.resize %t {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x12x12xf32>) -> tensor<1x3x24x24xf32>
  %a = graph.argmax %z {axis = 1 : i64} : (tensor<1x3x24x24xf32>) -> tensor<1x24x24xi64>
  func.return %a : tensor<1x24x24xi64>
}

func.func @argmax(%x: tensor<1x5x2x2xf32>) -> tensor<1x2x2xi64> {
  %a = graph.argmax %x {axis = 1 : i64} : (tensor<1x5x2x2xf32>) -> tensor<1x2x2xi64>
  func.return %a : tensor<1x2x2xi64>
}
