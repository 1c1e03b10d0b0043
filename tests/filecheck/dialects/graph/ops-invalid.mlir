// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of the graph dialect, one split-input-file case each: the op's ONNX
// constraints on element types, property ranges, operand shapes and the result shape.

// CHECK: Operation does not verify: graph.conv2d: input element type must be float, got i32
func.func @conv2d_element_type(%x: tensor<1x4x8x8xi32>, %w: tensor<8x4x3x3xi32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xi32>, tensor<8x4x3x3xi32>) -> tensor<1x8x6x6xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: bias element type f16 differs from input element type f32
func.func @conv2d_bias_element_type(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8xf16>) {
  %0 = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf16>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: input must have a static shape, got tensor<?x4x8x8xf32>
func.func @conv2d_dynamic(%x: tensor<?x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: input and weight must be 4-D (NCHW, OIHW), got 3-D and 4-D
func.func @conv2d_rank(%x: tensor<4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: strides must have 2 values, got 1
func.func @conv2d_strides_count(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: strides must be >= 1, got [0, 1]
func.func @conv2d_strides(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 0, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: strides must be an integer array, got array<f32: 1.000000e+00, 1.000000e+00>
func.func @conv2d_strides_type(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<f32: 1.0, 1.0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: pads must be >= 0, got [-1, 0, 0, 0]
func.func @conv2d_pads(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: dilations must be >= 1, got [1, 0]
func.func @conv2d_dilations(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 0>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: kernel size must be >= 1, got [0, 3]
func.func @conv2d_kernel(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x0x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x0x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: group 3 must divide input channels 4 and output channels 8
func.func @conv2d_group(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 3 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: group must be >= 1, got 0
func.func @conv2d_group_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: weight (8, 2, 3, 3) with group 1 expects 2 input channels, input has 4
func.func @conv2d_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: bias must have shape (8,), got (4,)
func.func @conv2d_bias_shape(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<4xf32>) {
  %0 = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: window of extent 3 is larger than the padded input (2)
func.func @conv2d_window(%x: tensor<1x4x2x2xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x2x2xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv2d: result shape (1, 8, 8, 8) does not match the inferred shape (1, 8, 6, 6)
func.func @conv2d_result(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: input element type must be float, got i8
func.func @conv_transpose2d_element_type(%x: tensor<1x4x5x5xi8>, %w: tensor<4x3x3x3xi8>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x4x5x5xi8>, tensor<4x3x3x3xi8>) -> tensor<1x3x7x7xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: group 3 must divide input channels 4
func.func @conv_transpose2d_group(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 3 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: weight (3, 3, 3, 3) expects 3 input channels, input has 4
func.func @conv_transpose2d_weight_channels(%x: tensor<1x4x5x5xf32>, %w: tensor<3x3x3x3xf32>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<3x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: output_padding must have 2 values, got 1
func.func @conv_transpose2d_output_padding_count(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: output_padding [1, 1] must be smaller than max(stride, dilation) on each axis (strides [1, 1], dilations [1, 1])
func.func @conv_transpose2d_output_padding(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: bias must have shape (3,), got (4,)
func.func @conv_transpose2d_bias_shape(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) {
  %0 = graph.conv_transpose2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x3x7x7xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: output spatial size (-1, -1) is not positive
func.func @conv_transpose2d_empty(%x: tensor<1x4x1x1xf32>, %w: tensor<4x3x1x1xf32>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x4x1x1xf32>, tensor<4x3x1x1xf32>) -> tensor<1x3x1x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.conv_transpose2d: result shape (1, 3, 8, 8) does not match the inferred shape (1, 3, 7, 7)
func.func @conv_transpose2d_result(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: a element type must be float or 32/64-bit integer, got i8
func.func @gemm_element_type(%a: tensor<4x3xi8>, %b: tensor<3x5xi8>) {
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<4x3xi8>, tensor<3x5xi8>) -> tensor<4x5xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: b element type i32 differs from a element type f32
func.func @gemm_mixed_types(%a: tensor<4x3xf32>, %b: tensor<3x5xi32>) {
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<4x3xf32>, tensor<3x5xi32>) -> tensor<4x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: operands must be 2-D, got 3-D and 2-D
func.func @gemm_rank(%a: tensor<2x4x3xf32>, %b: tensor<3x5xf32>) {
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<2x4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: inner dimensions differ: 3 and 4
func.func @gemm_inner(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) {
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: inner dimensions differ: 4 and 3
func.func @gemm_trans_a(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) {
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: shapes (4,), (4, 5) do not broadcast
func.func @gemm_c_broadcast(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4xf32>) {
  %0 = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<4x3xf32>, tensor<3x5xf32>, tensor<4xf32>) -> tensor<4x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: c of shape (2, 4, 5) does not broadcast to the result (4, 5)
func.func @gemm_c_rank(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<2x4x5xf32>) {
  %0 = graph.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<4x3xf32>, tensor<3x5xf32>, tensor<2x4x5xf32>) -> tensor<4x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.gemm: result shape (5, 4) does not match the inferred shape (4, 5)
func.func @gemm_result(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) {
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<5x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.matmul: operands must be at least 1-D, got 0-D and 1-D
func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) {
  %0 = graph.matmul %a, %b : (tensor<f32>, tensor<3xf32>) -> tensor<f32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.matmul: inner dimensions differ: 3 and 4
func.func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  %0 = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.matmul: shapes (2,), (3,) do not broadcast
func.func @matmul_batch(%a: tensor<2x4x3xf32>, %b: tensor<3x3x5xf32>) {
  %0 = graph.matmul %a, %b : (tensor<2x4x3xf32>, tensor<3x3x5xf32>) -> tensor<2x4x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.matmul: lhs element type must be float or 32/64-bit integer, got i8
func.func @matmul_element_type(%a: tensor<2x3xi8>, %b: tensor<3x5xi8>) {
  %0 = graph.matmul %a, %b : (tensor<2x3xi8>, tensor<3x5xi8>) -> tensor<2x5xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.matmul: rhs element type f16 differs from lhs element type f32
func.func @matmul_mixed_types(%a: tensor<2x3xf32>, %b: tensor<3x5xf16>) {
  %0 = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x5xf16>) -> tensor<2x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.matmul: result shape (2, 1, 5) does not match the inferred shape (2, 5)
func.func @matmul_result(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  %0 = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x1x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: kernel_shape must have 2 values, got 1
func.func @maxpool_kernel_count(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: kernel_shape must be >= 1, got [0, 3]
func.func @maxpool_kernel(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 0, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: strides must be >= 1, got [0, 2]
func.func @maxpool_strides(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 0, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: pads must have 4 values, got 2
func.func @maxpool_pads_count(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: pads [3, 0, 0, 0] must be smaller than kernel_shape [3, 3]
func.func @maxpool_pads(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 3, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: dilations must be >= 1, got [0, 1]
func.func @maxpool_dilations(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 0, 1>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: input element type must be float or 8-bit integer, got i16
func.func @maxpool_element_type(%x: tensor<1x3x7x7xi16>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xi16>) -> tensor<1x3x3x3xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: input must be 4-D (NCHW), got 3-D
func.func @maxpool_rank(%x: tensor<3x7x7xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.maxpool: result shape (1, 3, 4, 4) does not match the inferred shape (1, 3, 3, 3)
func.func @maxpool_ceil_mode(%x: tensor<1x3x5x5xf32>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode} : (tensor<1x3x5x5xf32>) -> tensor<1x3x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.avgpool: input element type must be float, got i8
func.func @avgpool_element_type(%x: tensor<1x3x7x7xi8>) {
  %0 = graph.avgpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xi8>) -> tensor<1x3x3x3xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.avgpool: pads [0, 0, 0, 3] must be smaller than kernel_shape [3, 3]
func.func @avgpool_pads(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.avgpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 3>, count_include_pad} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.avgpool: result shape (1, 3, 4, 4) does not match the inferred shape (1, 3, 3, 3)
func.func @avgpool_result(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.avgpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.global_avgpool: input must have spatial axes, got shape (1, 3)
func.func @global_avgpool_rank(%x: tensor<1x3xf32>) {
  %0 = graph.global_avgpool %x : (tensor<1x3xf32>) -> tensor<1x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.global_avgpool: input element type must be float, got i32
func.func @global_avgpool_element_type(%x: tensor<1x3x7x7xi32>) {
  %0 = graph.global_avgpool %x : (tensor<1x3x7x7xi32>) -> tensor<1x3x1x1xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.global_avgpool: result shape (1, 3) does not match the inferred shape (1, 3, 1, 1)
func.func @global_avgpool_result(%x: tensor<1x3x7x7xf32>) {
  %0 = graph.global_avgpool %x : (tensor<1x3x7x7xf32>) -> tensor<1x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.batch_norm: input element type must be float, got i32
func.func @batch_norm_element_type(%x: tensor<1x3x4x4xi32>, %p: tensor<3xf32>) {
  %0 = graph.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x3x4x4xi32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.batch_norm: result element type f16 differs from input element type f32
func.func @batch_norm_result_type(%x: tensor<1x3x4x4xf32>, %p: tensor<3xf32>) {
  %0 = graph.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.batch_norm: input must have a channel axis, got shape (3,)
func.func @batch_norm_rank(%x: tensor<3xf32>, %p: tensor<3xf32>) {
  %0 = graph.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.batch_norm: scale must have shape (3,), got (4,)
func.func @batch_norm_scale(%x: tensor<1x3x4x4xf32>, %s: tensor<4xf32>, %p: tensor<3xf32>) {
  %0 = graph.batch_norm %x, %s, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x3x4x4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.batch_norm: var must have shape (3,), got (1, 3)
func.func @batch_norm_var(%x: tensor<1x3x4x4xf32>, %p: tensor<3xf32>, %v: tensor<1x3xf32>) {
  %0 = graph.batch_norm %x, %p, %p, %p, %v {epsilon = 1.0e-05 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x3xf32>) -> tensor<1x3x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.batch_norm: result shape (1, 3, 4, 5) does not match the inferred shape (1, 3, 4, 4)
func.func @batch_norm_result(%x: tensor<1x3x4x4xf32>, %p: tensor<3xf32>) {
  %0 = graph.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.lrn: size must be >= 1, got 0
func.func @lrn_size(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.lrn %x {size = 0 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.lrn: input must be N x C x D1 x ... (at least 3-D), got shape (1, 3)
func.func @lrn_rank(%x: tensor<1x3xf32>) {
  %0 = graph.lrn %x {size = 3 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32} : (tensor<1x3xf32>) -> tensor<1x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.lrn: input element type must be float, got i32
func.func @lrn_element_type(%x: tensor<1x3x4x4xi32>) {
  %0 = graph.lrn %x {size = 3 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32} : (tensor<1x3x4x4xi32>) -> tensor<1x3x4x4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.lrn: result shape (1, 3, 4) does not match the inferred shape (1, 3, 4, 4)
func.func @lrn_result(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.lrn %x {size = 3 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.add: shapes (2, 3), (4,) do not broadcast
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.add: rhs element type i32 differs from lhs element type f32
func.func @add_mixed_types(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.add: lhs element type must be float or integer, got i1
func.func @add_bool(%a: tensor<2x3xi1>, %b: tensor<2x3xi1>) {
  %0 = graph.add %a, %b : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.sub: result shape (3,) does not match the inferred shape (2, 3)
func.func @sub_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  %0 = graph.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.mul: result element type f16 differs from lhs element type f32
func.func @mul_result_type(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  %0 = graph.mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.div: lhs must have a static shape, got tensor<?x3xf32>
func.func @div_dynamic(%a: tensor<?x3xf32>, %b: tensor<3xf32>) {
  %0 = graph.div %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.sum: needs at least one input
func.func @sum_no_inputs() {
  %0 = graph.sum : () -> tensor<2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.sum: inputs #0 element type must be float, got i32
func.func @sum_element_type(%a: tensor<2xi32>) {
  %0 = graph.sum %a, %a : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.sum: shapes (2,), (3,) do not broadcast
func.func @sum_broadcast(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  %0 = graph.sum %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.sum: result shape (3, 2) does not match the inferred shape (2,)
func.func @sum_result(%a: tensor<2xf32>) {
  %0 = graph.sum %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.relu: input element type must be float or signed integer, got ui8
func.func @relu_unsigned(%x: tensor<4xui8>) {
  %0 = graph.relu %x : (tensor<4xui8>) -> tensor<4xui8>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.relu: result type tensor<3xf32> must equal the input type tensor<4xf32>
func.func @relu_result(%x: tensor<4xf32>) {
  %0 = graph.relu %x : (tensor<4xf32>) -> tensor<3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.relu: result element type f16 differs from input element type f32
func.func @relu_result_type(%x: tensor<4xf32>) {
  %0 = graph.relu %x : (tensor<4xf32>) -> tensor<4xf16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.sigmoid: input element type must be float, got i32
func.func @sigmoid_element_type(%x: tensor<4xi32>) {
  %0 = graph.sigmoid %x : (tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.tanh: input element type must be float, got i32
func.func @tanh_element_type(%x: tensor<4xi32>) {
  %0 = graph.tanh %x : (tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.hard_swish: input element type must be float, got i32
func.func @hard_swish_element_type(%x: tensor<4xi32>) {
  %0 = graph.hard_swish %x : (tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.hard_sigmoid: input element type must be float, got i32
func.func @hard_sigmoid_element_type(%x: tensor<4xi32>) {
  %0 = graph.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : (tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.leaky_relu: input element type must be float, got i32
func.func @leaky_relu_element_type(%x: tensor<4xi32>) {
  %0 = graph.leaky_relu %x {alpha = 0.01 : f32} : (tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.softmax: input element type must be float, got i32
func.func @softmax_element_type(%x: tensor<4xi32>) {
  %0 = graph.softmax %x {axis = 0 : i64} : (tensor<4xi32>) -> tensor<4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.clip: min 6.0 must be <= max 0.0
func.func @clip_bounds(%x: tensor<4xf32>) {
  %0 = graph.clip %x {min = 6.0 : f32, max = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.clip: min nan must be <= max 6.0
func.func @clip_nan(%x: tensor<4xf32>) {
  %0 = graph.clip %x {min = 0x7FC00000 : f32, max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.clip: input element type must be float or integer, got i1
func.func @clip_bool(%x: tensor<4xi1>) {
  %0 = graph.clip %x {min = 0.0 : f32, max = 1.0 : f32} : (tensor<4xi1>) -> tensor<4xi1>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.prelu: slope (2, 4, 1, 1) does not broadcast to input (1, 4, 2, 2)
func.func @prelu_slope(%x: tensor<1x4x2x2xf32>, %s: tensor<2x4x1x1xf32>) {
  %0 = graph.prelu %x, %s : (tensor<1x4x2x2xf32>, tensor<2x4x1x1xf32>) -> tensor<1x4x2x2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.prelu: shapes (1, 4, 2, 2), (3,) do not broadcast
func.func @prelu_broadcast(%x: tensor<1x4x2x2xf32>, %s: tensor<3xf32>) {
  %0 = graph.prelu %x, %s : (tensor<1x4x2x2xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.prelu: input element type must be float or 32/64-bit integer, got i8
func.func @prelu_element_type(%x: tensor<4xi8>, %s: tensor<1xi8>) {
  %0 = graph.prelu %x, %s : (tensor<4xi8>, tensor<1xi8>) -> tensor<4xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.prelu: result shape (2, 4) does not match the inferred shape (4,)
func.func @prelu_result(%x: tensor<4xf32>, %s: tensor<1xf32>) {
  %0 = graph.prelu %x, %s : (tensor<4xf32>, tensor<1xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.softmax: axis 2 is out of range for rank 2
func.func @softmax_axis(%x: tensor<2x3xf32>) {
  %0 = graph.softmax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.softmax: axis -3 is out of range for rank 2
func.func @softmax_negative_axis(%x: tensor<2x3xf32>) {
  %0 = graph.softmax %x {axis = -3 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.constant: value type tensor<2xf32> must equal the result type tensor<3xf32>
func.func @constant_type() {
  %0 = graph.constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : tensor<3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.concat: needs at least one input
func.func @concat_no_inputs() {
  %0 = graph.concat {axis = 0 : i64} : () -> tensor<2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.concat: axis 2 is out of range for rank 2
func.func @concat_axis(%a: tensor<2x3xf32>) {
  %0 = graph.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.concat: inputs [(2, 3), (3, 3)] differ outside axis 1
func.func @concat_shapes(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.concat: inputs #1 element type i32 differs from inputs #0 element type f32
func.func @concat_mixed_types(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.concat: result shape (4, 3) does not match the inferred shape (2, 6)
func.func @concat_result(%a: tensor<2x3xf32>) {
  %0 = graph.concat %a, %a {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.reshape: cannot reshape (2, 3) into (4,): element counts differ
func.func @reshape_count(%x: tensor<2x3xf32>) {
  %0 = graph.reshape %x : (tensor<2x3xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.reshape: result element type i32 differs from input element type f32
func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  %0 = graph.reshape %x : (tensor<2x3xf32>) -> tensor<6xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.flatten: axis 4 is out of range for rank 3
func.func @flatten_axis(%x: tensor<2x3x4xf32>) {
  %0 = graph.flatten %x {axis = 4 : i64} : (tensor<2x3x4xf32>) -> tensor<24x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.flatten: result shape (6, 4) does not match the inferred shape (2, 12)
func.func @flatten_result(%x: tensor<2x3x4xf32>) {
  %0 = graph.flatten %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.transpose: perm [0, 0, 1] is not a permutation of 3 axes
func.func @transpose_perm(%x: tensor<2x3x4xf32>) {
  %0 = graph.transpose %x {perm = array<i64: 0, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<2x2x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.transpose: perm [1, 0] is not a permutation of 3 axes
func.func @transpose_perm_length(%x: tensor<2x3x4xf32>) {
  %0 = graph.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.transpose: result shape (2, 3, 4) does not match the inferred shape (4, 3, 2)
func.func @transpose_result(%x: tensor<2x3x4xf32>) {
  %0 = graph.transpose %x {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.squeeze: cannot squeeze axes [1] of shape (1, 3, 1): size is not 1
func.func @squeeze_size(%x: tensor<1x3x1xf32>) {
  %0 = graph.squeeze %x {axes = array<i64: 1>} : (tensor<1x3x1xf32>) -> tensor<1x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.squeeze: axes [0, -3] repeat an axis
func.func @squeeze_repeat(%x: tensor<1x3x1xf32>) {
  %0 = graph.squeeze %x {axes = array<i64: 0, -3>} : (tensor<1x3x1xf32>) -> tensor<3x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.squeeze: axis 3 is out of range for rank 3
func.func @squeeze_axis(%x: tensor<1x3x1xf32>) {
  %0 = graph.squeeze %x {axes = array<i64: 3>} : (tensor<1x3x1xf32>) -> tensor<1x3x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.squeeze: result shape (3, 1) does not match the inferred shape (3,)
func.func @squeeze_result(%x: tensor<1x3x1xf32>) {
  %0 = graph.squeeze %x {axes = array<i64: 0, 2>} : (tensor<1x3x1xf32>) -> tensor<3x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.unsqueeze: axis 2 is out of range for rank 2
func.func @unsqueeze_axis(%x: tensor<3xf32>) {
  %0 = graph.unsqueeze %x {axes = array<i64: 2>} : (tensor<3xf32>) -> tensor<3x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.unsqueeze: axes [0, -3] repeat an axis
func.func @unsqueeze_repeat(%x: tensor<3xf32>) {
  %0 = graph.unsqueeze %x {axes = array<i64: 0, -3>} : (tensor<3xf32>) -> tensor<1x1x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.unsqueeze: result shape (3, 1) does not match the inferred shape (1, 3)
func.func @unsqueeze_result(%x: tensor<3xf32>) {
  %0 = graph.unsqueeze %x {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<3x1xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.pad: mode 'wrap' is not supported, expected one of constant, reflect, edge
func.func @pad_mode(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "wrap", value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.pad: pads must have 8 values for rank 4, got 4
func.func @pad_count(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.pad %x {pads = array<i64: 1, 1, 1, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.pad: pads must be >= 0 (cropping is not supported), got [0, 0, -1, 1, 0, 0, 1, 1]
func.func @pad_negative(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.pad %x {pads = array<i64: 0, 0, -1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.pad: reflect pad 4 on axis 3 must be smaller than the axis size 4
func.func @pad_reflect(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.pad %x {pads = array<i64: 0, 0, 0, 4, 0, 0, 0, 0>, mode = "reflect", value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.pad: result shape (1, 3, 5, 5) does not match the inferred shape (1, 3, 6, 6)
func.func @pad_result(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x5x5xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: mode 'cubic' is not supported, expected one of nearest, linear
func.func @resize_mode(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "cubic", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: coordinate_transformation_mode 'tf_crop_and_resize' is not supported, expected one of half_pixel, pytorch_half_pixel, align_corners, asymmetric
func.func @resize_coordinate_mode(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "tf_crop_and_resize", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: nearest_mode 'round' is not supported, expected one of round_prefer_floor, round_prefer_ceil, floor, ceil
func.func @resize_nearest_mode(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "round", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: scales must be a float array, got array<i64: 1, 1, 2, 2>
func.func @resize_scales_type(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<i64: 1, 1, 2, 2>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: scales must have 4 values for rank 4, got 2
func.func @resize_scales_count(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: scales must be > 0, got [1.0, 1.0, 0.0, 2.0]
func.func @resize_scales(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 0.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: result rank 3 differs from input rank 4
func.func @resize_rank(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<3x8x8xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: result size 7 on axis 2 must be floor(4 * 1.5) = 6
func.func @resize_result(%x: tensor<1x3x4x4xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 1.5, 1.5>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x7x6xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize: result size 3 on axis 3 must be floor(5 * 0.5) = 2
func.func @resize_result_floor(%x: tensor<1x3x5x5xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 0.5, 0.5>} : (tensor<1x3x5x5xf32>) -> tensor<1x3x2x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax: result element type must be i64, got i32
func.func @argmax_result_type(%x: tensor<2x3x4xf32>) {
  %0 = graph.argmax %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax: axis 3 is out of range for rank 3
func.func @argmax_axis(%x: tensor<2x3x4xf32>) {
  %0 = graph.argmax %x {axis = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax: input element type must be float or integer, got i1
func.func @argmax_input_type(%x: tensor<2x3x4xi1>) {
  %0 = graph.argmax %x {axis = 1 : i64} : (tensor<2x3x4xi1>) -> tensor<2x4xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax: result shape (2, 4) does not match the inferred shape (2, 1, 4)
func.func @argmax_keepdims(%x: tensor<2x3x4xf32>) {
  %0 = graph.argmax %x {axis = 1 : i64, keepdims} : (tensor<2x3x4xf32>) -> tensor<2x4xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.reduce_mean: axes [1, -2] repeat an axis
func.func @reduce_mean_repeat(%x: tensor<2x3x4xf32>) {
  %0 = graph.reduce_mean %x {axes = array<i64: 1, -2>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.reduce_mean: axis 5 is out of range for rank 3
func.func @reduce_mean_axis(%x: tensor<2x3x4xf32>) {
  %0 = graph.reduce_mean %x {axes = array<i64: 5>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.reduce_mean: input element type must be float or 32/64-bit integer, got i8
func.func @reduce_mean_element_type(%x: tensor<2x3x4xi8>) {
  %0 = graph.reduce_mean %x {axes = array<i64: 1>} : (tensor<2x3x4xi8>) -> tensor<2x4xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.reduce_mean: result shape (2, 4) does not match the inferred shape (2, 1, 4)
func.func @reduce_mean_result(%x: tensor<2x3x4xf32>) {
  %0 = graph.reduce_mean %x {axes = array<i64: 1>, keepdims} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

// CHECK: #graph.act: unknown activation 'gelu', expected one of relu, clip, leaky_relu, hard_swish
func.func @act_kind(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<gelu>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: #graph.act: activation 'clip' takes 2 parameters, got 1
func.func @act_clip_arity(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<clip 6.0>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: #graph.act: activation 'relu' takes 0 parameters, got 1
func.func @act_relu_arity(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<relu 1.0>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: #graph.act: activation 'leaky_relu' takes 1 parameter, got 0
func.func @act_leaky_relu_arity(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<leaky_relu>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: #graph.act: clip min 6.0 must be <= max 0.0
func.func @act_clip_bounds(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<clip 6.0, 0.0>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: #graph.act: clip min inf must be <= max -inf
func.func @act_clip_infinite_bounds(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<clip 0x7F800000, 0xFF800000>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}
