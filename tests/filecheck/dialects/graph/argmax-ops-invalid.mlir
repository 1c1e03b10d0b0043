// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of graph.argmax_groups, graph.argmax_select and graph.resize_argmax,
// one split-input-file case each.

// CHECK: Operation does not verify: graph.argmax_groups: result shape (1, 2, 2) does not match the inferred shape (1, 3, 2)
func.func @groups_count(%x: tensor<1x40x2xf32>) {
  %v, %i = graph.argmax_groups %x {axis = 1 : i64, group = 16 : i64} : (tensor<1x40x2xf32>) -> (tensor<1x2x2xf32>, tensor<1x2x2xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_groups: group must be at least 1, got 0
func.func @groups_zero(%x: tensor<1x40x2xf32>) {
  %v, %i = graph.argmax_groups %x {axis = 1 : i64, group = 0 : i64} : (tensor<1x40x2xf32>) -> (tensor<1x3x2xf32>, tensor<1x3x2xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_groups: axis 3 is out of range for rank 3
func.func @groups_axis(%x: tensor<1x40x2xf32>) {
  %v, %i = graph.argmax_groups %x {axis = 3 : i64, group = 16 : i64} : (tensor<1x40x2xf32>) -> (tensor<1x3x2xf32>, tensor<1x3x2xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_groups: values element type f16 differs from input element type f32
func.func @groups_values_type(%x: tensor<1x40x2xf32>) {
  %v, %i = graph.argmax_groups %x {axis = 1 : i64, group = 16 : i64} : (tensor<1x40x2xf32>) -> (tensor<1x3x2xf16>, tensor<1x3x2xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_groups: indices element type i16 cannot hold index 39999 of 40000 classes; use i32 or wider
func.func @groups_index_narrow(%x: tensor<40000xf32>) {
  %v, %i = graph.argmax_groups %x {axis = 0 : i64, group = 16 : i64} : (tensor<40000xf32>) -> (tensor<2500xf32>, tensor<2500xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_groups: indices element type must be i16, i32 or i64, got ui16
func.func @groups_index_type(%x: tensor<1x40x2xf32>) {
  %v, %i = graph.argmax_groups %x {axis = 1 : i64, group = 16 : i64} : (tensor<1x40x2xf32>) -> (tensor<1x3x2xf32>, tensor<1x3x2xui16>)
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_select: indices shape (1, 2, 2) differs from values shape (1, 3, 2)
func.func @select_shapes(%v: tensor<1x3x2xf32>, %i: tensor<1x2x2xi16>) {
  %y = graph.argmax_select %v, %i {axis = 1 : i64} : (tensor<1x3x2xf32>, tensor<1x2x2xi16>) -> tensor<1x2xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_select: result shape (1, 2) does not match the inferred shape (1, 1, 2)
func.func @select_keepdims(%v: tensor<1x3x2xf32>, %i: tensor<1x3x2xi16>) {
  %y = graph.argmax_select %v, %i {axis = 1 : i64, keepdims} : (tensor<1x3x2xf32>, tensor<1x3x2xi16>) -> tensor<1x2xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.argmax_select: result element type i16 is narrower than indices element type i32
func.func @select_narrowing(%v: tensor<1x3x2xf32>, %i: tensor<1x3x2xi32>) {
  %y = graph.argmax_select %v, %i {axis = 1 : i64} : (tensor<1x3x2xf32>, tensor<1x3x2xi32>) -> tensor<1x2xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: scales must be 4 values with N and C scales 1, got (1.0, 2.0, 2.0, 2.0)
func.func @resize_argmax_channels_scaled(%x: tensor<1x3x2x2xf32>) {
  %y = graph.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 2.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: result size 5 on axis 3 must be floor(2 * 2) = 4
func.func @resize_argmax_size(%x: tensor<1x3x2x2xf32>) {
  %y = graph.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x5xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: result must have rank 4, got shape (1, 4, 4)
func.func @resize_argmax_keepdims(%x: tensor<1x3x2x2xf32>) {
  %y = graph.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>, keepdims} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: input must be NCHW (rank 4), got rank 3
func.func @resize_argmax_rank(%x: tensor<3x2x2xf32>) {
  %y = graph.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 2.0, 2.0>} : (tensor<3x2x2xf32>) -> tensor<4x4xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: linear mode needs an f32 input (onnxruntime's float32 arithmetic), got f16
func.func @resize_argmax_linear_f16(%x: tensor<1x3x2x2xf16>) {
  %y = graph.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf16>) -> tensor<1x4x4xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: mode 'cubic' is not supported, expected one of nearest, linear
func.func @resize_argmax_mode(%x: tensor<1x3x2x2xf32>) {
  %y = graph.resize_argmax %x {mode = "cubic", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: result element type i16 cannot hold index 39999 of 40000 classes; use i32 or wider
func.func @resize_argmax_narrow(%x: tensor<1x40000x1x1xf32>) {
  %y = graph.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x40000x1x1xf32>) -> tensor<1x2x2xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.resize_argmax: result element type must be i16, i32 or i64, got f32
func.func @resize_argmax_float_result(%x: tensor<1x3x2x2xf32>) {
  %y = graph.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xf32>
  func.return
}
