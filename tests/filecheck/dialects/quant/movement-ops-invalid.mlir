// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of the quant twins of the decomposition and argmax ops, one
// split-input-file case each: one type on both sides of the data movement, per-tensor
// quantization, the graph ops' shape rules, index types, and resize_argmax's `resized` type.

// CHECK: Operation does not verify: quant.pad: input and result must have the same type, got !quant.uniform<i8:f32, 0.05:3> and !quant.uniform<i8:f32, 0.1:3>
func.func @pad_rescales(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x5x5x!quant.uniform<i8:f32, 0.1:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.pad: input must be quantized per tensor, got per-axis !quant.uniform<i8:f32:1, {0.1, 0.2}>
func.func @pad_per_axis(%x: tensor<1x2x3x3x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  %0 = quant.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<1x2x5x5x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.pad: pads must be >= 0 (cropping is not supported), got [0, 0, -1, 1, 0, 0, 1, 1]
func.func @pad_negative(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.pad %x {pads = array<i64: 0, 0, -1, 1, 0, 0, 1, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x4x5x!quant.uniform<i8:f32, 0.05:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.insert_zeros: result shape (1, 2, 6, 6) does not match the inferred shape (1, 2, 5, 5)
func.func @insert_zeros_shape(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.insert_zeros: input must be a tensor of !quant.uniform, got tensor<1x2x3x3xi8>
func.func @insert_zeros_not_quantized(%x: tensor<1x2x3x3xi8>) {
  %0 = quant.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<1x2x3x3xi8>) -> tensor<1x2x5x5xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.crop: crops [0, 0, 2, 0, 0, 0, 1, 0] leave an empty result (1, 2, 0, 3) of input (1, 2, 3, 3)
func.func @crop_empty(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.crop %x {crops = array<i64: 0, 0, 2, 0, 0, 0, 1, 0>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x0x3x!quant.uniform<i8:f32, 0.05:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.phase_slice: 2 pixels from offset 1 in steps of 2 on axis 2 reach index 3, past the input size 3
func.func @phase_slice_past_end(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.phase_slice %x {offsets = array<i64: 1, 0>, steps = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.interleave: inputs #1 and the result must have the same type, got !quant.uniform<i8:f32, 0.05:4> and !quant.uniform<i8:f32, 0.05:3>
func.func @interleave_types_differ(%a: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>, %b: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:4>>) {
  %0 = quant.interleave %a, %b {factors = array<i64: 1, 2>} : (tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:4>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.interleave: factors [1, 2] need 2 inputs (one per phase), got 1
func.func @interleave_count(%a: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.interleave %a {factors = array<i64: 1, 2>} : (tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.interleave: inputs #0 must have shape (1, 2, 2, 2) for a result of shape (1, 2, 2, 3) with factors [1, 2], got (1, 2, 2, 1)
func.func @interleave_phase_shape(%a: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>, %b: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.interleave %a, %b {factors = array<i64: 1, 2>} : (tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 0.05:3>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax_groups: input and values must have the same type, got !quant.uniform<i8:f32, 0.05:3> and !quant.uniform<i8:f32, 0.1:3>
func.func @groups_values_type(%x: tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
  %v, %k = quant.argmax_groups %x {axis = 1 : i64, group = 16 : i64} : (tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x2x2x2xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax_groups: result shape (1, 2, 2, 2) does not match the inferred shape (1, 3, 2, 2)
func.func @groups_shape(%x: tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
  %v, %k = quant.argmax_groups %x {axis = 1 : i64, group = 8 : i64} : (tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax_groups: group must be at least 1, got 0
func.func @groups_group_zero(%x: tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
  %v, %k = quant.argmax_groups %x {axis = 1 : i64, group = 0 : i64} : (tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2xi16>)
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax_groups: indices element type must be i16, i32 or i64, got i8
func.func @groups_index_type(%x: tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
  %v, %k = quant.argmax_groups %x {axis = 1 : i64, group = 16 : i64} : (tensor<1x21x2x2x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2xi8>)
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax_select: values must be a tensor of !quant.uniform, got tensor<1x2x2x2xf32>
func.func @select_values_float(%v: tensor<1x2x2x2xf32>, %k: tensor<1x2x2x2xi16>) {
  %0 = quant.argmax_select %v, %k {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi16>) -> tensor<1x2x2xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax_select: result element type i16 is narrower than indices element type i32
func.func @select_narrow_result(%v: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>, %k: tensor<1x2x2x2xi32>) {
  %0 = quant.argmax_select %v, %k {axis = 1 : i64} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2xi32>) -> tensor<1x2x2xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax_select: indices shape (1, 3, 2, 2) differs from values shape (1, 2, 2, 2)
func.func @select_shapes_differ(%v: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>, %k: tensor<1x3x2x2xi16>) {
  %0 = quant.argmax_select %v, %k {axis = 1 : i64} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x3x2x2xi16>) -> tensor<1x2x2xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize_argmax: linear mode needs `resized`, the !quant.uniform type the resize result is requantized to
func.func @linear_without_resized(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize_argmax: nearest copies stored integers, so it takes no resized type (the input's is used), got !quant.uniform<i8:f32, 0.05:3>
func.func @nearest_with_resized(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.resize_argmax %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>, resized = !quant.uniform<i8:f32, 0.05:3>} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize_argmax: resized must be quantized per tensor, got !quant.uniform<i8:f32:1, {0.1, 0.2}>
func.func @resized_per_axis(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>, resized = !quant.uniform<i8:f32:1, {0.1, 0.2}>} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize_argmax: scales must be 4 values with N and C scales 1, got (1.0, 2.0, 2.0, 2.0)
func.func @channel_scale(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.resize_argmax %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 2.0, 2.0, 2.0>} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize_argmax: result size 9 on axis 3 must be floor(4 * 2) = 8
func.func @resize_argmax_shape(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.resize_argmax %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x9xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize_argmax: input must be a tensor of !quant.uniform, got tensor<1x19x4x4xf32>
func.func @resize_argmax_float_input(%x: tensor<1x19x4x4xf32>) {
  %0 = quant.resize_argmax %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x19x4x4xf32>) -> tensor<1x8x8xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize_argmax: rounding must be one of fixed_point, float, got "up"
func.func @resize_argmax_rounding(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) {
  %0 = quant.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>, resized = !quant.uniform<i8:f32, 0.05:3>, rounding = "up"} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
  func.return
}
