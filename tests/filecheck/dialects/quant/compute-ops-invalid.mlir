// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of the quant dialect's integer compute ops, one split-input-file case
// each: quantized operands, weights and bias, rounding and clamp properties, each op's
// shape rules and its result shape.

// CHECK: Operation does not verify: quant.conv2d: input must be a tensor of !quant.uniform, got tensor<1x2x4x4xi8>
func.func @input_not_quantized(%x: tensor<1x2x4x4xi8>, %w: tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xi8>, tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.requantize: input must have a static shape, got tensor<?x2x!quant.uniform<i8:f32, 0.5>>
func.func @dynamic_shape(%x: tensor<?x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.requantize %x : (tensor<?x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<?x2x!quant.uniform<i8:f32, 0.25>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.fully_connected: input must be quantized per tensor, got per-axis !quant.uniform<i8:f32:0, {0.1, 0.2}>
func.func @per_axis_activation(%x: tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, %w: tensor<4x3x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.fully_connected %x, %w : (tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<4x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.fully_connected: 2 per-axis scales for dimension 0 of size 4
func.func @per_axis_channel_count(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  %0 = quant.fully_connected %x, %w : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.fully_connected: per-channel weights must be quantized along axis 0 (output channels), got axis 1
func.func @weight_axis(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) {
  %0 = quant.fully_connected %x, %w : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.fully_connected: weights must be stored in at most 8 bits, got 16
func.func @weight_bits(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x3x!quant.uniform<i16:f32, 0.1>>) {
  %0 = quant.fully_connected %x, %w : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x3x!quant.uniform<i16:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.fully_connected: bias must be a tensor of i32, got tensor<4xi64>
func.func @bias_element_type(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4xi64>) {
  %0 = quant.fully_connected %x, %w, %b : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x3x!quant.uniform<i8:f32, 0.1>>, tensor<4xi64>) -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.fully_connected: bias must have shape (4,), got (3,)
func.func @bias_shape(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3xi32>) {
  %0 = quant.fully_connected %x, %w, %b : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x3x!quant.uniform<i8:f32, 0.1>>, tensor<3xi32>) -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.fully_connected: inner dimensions differ: 3 and 5
func.func @fully_connected_shapes(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x5x!quant.uniform<i8:f32, 0.1>>) {
  %0 = quant.fully_connected %x, %w : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x5x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.conv2d: group must be >= 1, got 0
func.func @conv_group(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>, %w: tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>, tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.conv2d: weight (2, 2, 1, 1) with group 1 expects 2 input channels, input has 3
func.func @conv_channels(%x: tensor<1x3x4x4x!quant.uniform<i8:f32, 0.5>>, %w: tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.5>>, tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.conv2d: result shape (1, 2, 4, 4) does not match the inferred shape (1, 2, 2, 2)
func.func @conv_result_shape(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>, %w: tensor<2x2x3x3x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>, tensor<2x2x3x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.requantize: rounding must be one of fixed_point, float, got "nearest"
func.func @rounding_mode(%x: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.requantize %x {rounding = "nearest"} : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.25>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.add: clamp must be an integer array, got array<f32: 0.000000e+00, 1.000000e+00>
func.func @clamp_not_integer(%a: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.add %a, %a {clamp = array<f32: 0.0, 1.0>} : (tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.mul: clamp must be [lo, hi] with 0 <= lo <= hi <= 255, got [-1, 255]
func.func @clamp_bounds(%a: tensor<4x!quant.uniform<u8:f32, 0.5>>) {
  %0 = quant.mul %a, %a {clamp = array<i64: -1, 255>} : (tensor<4x!quant.uniform<u8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.5>>) -> tensor<4x!quant.uniform<u8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.add: shapes (3,), (4,) do not broadcast
func.func @add_broadcast(%a: tensor<3x!quant.uniform<i8:f32, 0.5>>, %b: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.add %a, %b : (tensor<3x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.mul: result shape (3, 1) does not match the inferred shape (3, 4)
func.func @mul_result_shape(%a: tensor<3x1x!quant.uniform<i8:f32, 0.5>>, %b: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.mul %a, %b : (tensor<3x1x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<3x1x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.requantize: result shape (2, 2) does not match the inferred shape (4,)
func.func @requantize_shape(%x: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.requantize %x : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.25>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.maxpool: input and result must have the same type, got !quant.uniform<i8:f32, 0.5> and !quant.uniform<i8:f32, 0.25>
func.func @maxpool_requantizes(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.maxpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.avgpool: window of extent 5 is larger than the padded input (4)
func.func @pool_window(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.avgpool %x {kernel_shape = array<i64: 5, 5>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.avgpool: result shape (1, 1, 3, 3) does not match the inferred shape (1, 1, 2, 2)
func.func @avgpool_result_shape(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.avgpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x3x3x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.avgpool: clamp must be [lo, hi] with -128 <= lo <= hi <= 127, got [5, 4]
func.func @avgpool_clamp(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.avgpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, clamp = array<i64: 5, 4>} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.global_avgpool: input must be N x C x H x W, got shape (1, 4, 4)
func.func @global_avgpool_rank(%x: tensor<1x4x4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.global_avgpool %x : (tensor<1x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x1x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.global_avgpool: result shape (1, 4, 2, 2) does not match the inferred shape (1, 4, 1, 1)
func.func @global_avgpool_result_shape(%x: tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.global_avgpool %x : (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x2x2x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.table: input must be stored in at most 8 bits, got 16
func.func @table_input_bits(%x: tensor<4x!quant.uniform<i16:f32, 0.5>>) {
  %0 = quant.table %x {values = array<i64: 0, 1>} : (tensor<4x!quant.uniform<i16:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.table: values must be an integer array
func.func @table_values_type(%x: tensor<4x!quant.uniform<i2:f32, 0.5>>) {
  %0 = quant.table %x {values = array<f32: 0.0, 1.0, 2.0, 3.0>} : (tensor<4x!quant.uniform<i2:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.table: the table needs 4 entries (one per input value), got 3
func.func @table_entry_count(%x: tensor<4x!quant.uniform<i2:f32, 0.5>>) {
  %0 = quant.table %x {values = array<i64: 0, 1, 2>} : (tensor<4x!quant.uniform<i2:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.table: table entries must lie in the result range [-128, 127]
func.func @table_entry_range(%x: tensor<4x!quant.uniform<i2:f32, 0.5>>) {
  %0 = quant.table %x {values = array<i64: 0, 1, 2, 300>} : (tensor<4x!quant.uniform<i2:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.table: result shape (2,) does not match the inferred shape (4,)
func.func @table_result_shape(%x: tensor<4x!quant.uniform<i2:f32, 0.5>>) {
  %0 = quant.table %x {values = array<i64: 0, 1, 2, 3>} : (tensor<4x!quant.uniform<i2:f32, 0.5>>) -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.constant: value must hold 8-, 16- or 32-bit integers, got i64
func.func @constant_storage_width() {
  %0 = quant.constant {value = dense<[1, 2]> : tensor<2xi64>} : tensor<2x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.constant: i8 values cannot hold i16 storage
func.func @constant_narrow_storage() {
  %0 = quant.constant {value = dense<[1, 2]> : tensor<2xi8>} : tensor<2x!quant.uniform<i16:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.constant: value shape (2,) differs from the result shape (3,)
func.func @constant_shape() {
  %0 = quant.constant {value = dense<[1, 2]> : tensor<2xi8>} : tensor<3x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.constant: stored values must lie in [-8, 7], got [1, 8]
func.func @constant_range() {
  %0 = quant.constant {value = dense<[1, 8]> : tensor<2xi8>} : tensor<2x!quant.uniform<i4:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.concat: needs at least one input
func.func @concat_no_input() {
  %0 = quant.concat {axis = 0 : i64} : () -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.concat: inputs [(2, 3), (2, 4)] differ outside axis 0
func.func @concat_shapes(%a: tensor<2x3x!quant.uniform<i8:f32, 0.5>>, %b: tensor<2x4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.concat %a, %b {axis = 0 : i64} : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x3x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.concat: result shape (4, 3) does not match the inferred shape (2, 6)
func.func @concat_result_shape(%a: tensor<2x3x!quant.uniform<i8:f32, 0.5>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.25>>) {
  %0 = quant.concat %a, %b {axis = 1 : i64} : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<4x3x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.reshape: input and result must have the same type, got !quant.uniform<i8:f32, 0.5> and !quant.uniform<i8:f32, 0.5:1>
func.func @reshape_quantization(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.reshape %x : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<6x!quant.uniform<i8:f32, 0.5:1>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.reshape: cannot reshape (2, 3) into (7,): counts differ
func.func @reshape_count(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.reshape %x : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<7x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize: mode 'cubic' is not supported, expected one of nearest, linear
func.func @resize_mode(%x: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.resize %x {mode = "cubic", coordinate_transformation_mode = "half_pixel", nearest_mode = "floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize: coordinate_transformation_mode 'tf_crop_and_resize' is not supported, expected one of half_pixel, pytorch_half_pixel, align_corners, asymmetric
func.func @resize_coordinate_mode(%x: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.resize %x {mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize", nearest_mode = "floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize: nearest_mode 'round' is not supported, expected one of round_prefer_floor, round_prefer_ceil, floor, ceil
func.func @resize_nearest_mode(%x: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize: nearest input and result must have the same type, got !quant.uniform<i8:f32, 0.5> and !quant.uniform<i8:f32, 0.25>
func.func @resize_nearest_quantization(%x: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize: scales must be a float array, got array<i64: 1, 1, 2, 2>
func.func @resize_scales_type(%x: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "floor", scales = array<i64: 1, 1, 2, 2>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.resize: result size 5 on axis 2 must be floor(2 * 2) = 4
func.func @resize_result_shape(%x: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x5x4x!quant.uniform<i8:f32, 0.5>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax: result element type must be i64, got i32
func.func @argmax_result_type(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.argmax %x {axis = 1 : i64} : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<2xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax: axis 2 is out of range for rank 2
func.func @argmax_axis(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.argmax %x {axis = 2 : i64} : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<2xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.argmax: result shape (2,) does not match the inferred shape (2, 1)
func.func @argmax_result_shape(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) {
  %0 = quant.argmax %x {axis = 1 : i64, keepdims} : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<2xi64>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.softmax: softmax output scale must be 2^-k with 0 <= k <= 16, got 0.004
func.func @softmax_output_scale(%x: tensor<2x10x!quant.uniform<i8:f32, 0.1>>) {
  %0 = quant.softmax %x {axis = 1 : i64} : (tensor<2x10x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x10x!quant.uniform<i8:f32, 0.004:-128>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.softmax: input must be stored in at most 8 bits, got 16
func.func @softmax_input_bits(%x: tensor<2x10x!quant.uniform<i16:f32, 0.1>>) {
  %0 = quant.softmax %x {axis = 1 : i64} : (tensor<2x10x!quant.uniform<i16:f32, 0.1>>) -> tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.softmax: the softmax axis has 40000 elements, at most 32768 are supported
func.func @softmax_axis_length(%x: tensor<1x40000x!quant.uniform<i8:f32, 0.1>>) {
  %0 = quant.softmax %x {axis = 1 : i64} : (tensor<1x40000x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x40000x!quant.uniform<i8:f32, 0.00390625:-128>>
  func.return
}

// -----

// CHECK: Operation does not verify: quant.softmax: axis 2 is out of range for rank 2
func.func @softmax_axis(%x: tensor<2x10x!quant.uniform<i8:f32, 0.1>>) {
  %0 = quant.softmax %x {axis = 2 : i64} : (tensor<2x10x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>
  func.return
}
