// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of graph.insert_zeros and graph.crop, one split-input-file case each.

// CHECK: Operation does not verify: graph.insert_zeros: input must be 4-D (NCHW), got 3-D
func.func @insert_zeros_rank(%x: tensor<3x4x5xf32>) {
  %0 = graph.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<3x4x5xf32>) -> tensor<3x7x9xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.insert_zeros: strides must have 2 values, got 4
func.func @insert_zeros_strides_count(%x: tensor<1x1x2x2xf32>) {
  %0 = graph.insert_zeros %x {strides = array<i64: 1, 1, 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.insert_zeros: strides must be >= 1, got [0, 2]
func.func @insert_zeros_stride_zero(%x: tensor<1x1x2x2xf32>) {
  %0 = graph.insert_zeros %x {strides = array<i64: 0, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.insert_zeros: strides must be an integer array, got array<f32: 2.000000e+00, 2.000000e+00>
func.func @insert_zeros_float_strides(%x: tensor<1x1x2x2xf32>) {
  %0 = graph.insert_zeros %x {strides = array<f32: 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.insert_zeros: result shape (1, 1, 4, 4) does not match the inferred shape (1, 1, 3, 3)
func.func @insert_zeros_result_shape(%x: tensor<1x1x2x2xf32>) {
  %0 = graph.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.insert_zeros: result element type f16 differs from input element type f32
func.func @insert_zeros_element_type(%x: tensor<1x1x2x2xf32>) {
  %0 = graph.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.insert_zeros: input must have a static shape, got tensor<?x1x2x2xf32>
func.func @insert_zeros_dynamic(%x: tensor<?x1x2x2xf32>) {
  %0 = graph.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<?x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.crop: crops must have 8 values for rank 4, got 4
func.func @crop_count(%x: tensor<1x1x4x4xf32>) {
  %0 = graph.crop %x {crops = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.crop: crops must be >= 0, got [0, 0, -1, 0, 0, 0, 0, 0]
func.func @crop_negative(%x: tensor<1x1x4x4xf32>) {
  %0 = graph.crop %x {crops = array<i64: 0, 0, -1, 0, 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.crop: crops [0, 0, 2, 0, 0, 0, 2, 0] leave an empty result (1, 1, 0, 4) of input (1, 1, 4, 4)
func.func @crop_empty(%x: tensor<1x1x4x4xf32>) {
  %0 = graph.crop %x {crops = array<i64: 0, 0, 2, 0, 0, 0, 2, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x1x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.crop: result shape (1, 1, 3, 4) does not match the inferred shape (1, 1, 2, 4)
func.func @crop_result_shape(%x: tensor<1x1x4x4xf32>) {
  %0 = graph.crop %x {crops = array<i64: 0, 0, 1, 0, 0, 0, 1, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.crop: result element type i32 differs from input element type f32
func.func @crop_element_type(%x: tensor<1x1x4x4xf32>) {
  %0 = graph.crop %x {crops = array<i64: 0, 0, 1, 0, 0, 0, 1, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x4xi32>
  func.return
}
