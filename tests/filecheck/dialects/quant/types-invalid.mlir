// RUN: xopt-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Malformed !quant.uniform types, one split-input-file case each. Types are checked when they
// are parsed, so both syntax errors and verifier rules (scales, zero points, storage ranges)
// are reported by the parser at the type's location.

// CHECK: expected a quant storage type: i2, i4, i8, i16, i32 (signed) or u2 ... u32 (unsigned)
func.func @storage_type(%a: tensor<4x!quant.uniform<x8:f32, 0.5>>) {
  func.return
}

// -----

// CHECK: storage width must be one of 2, 4, 8, 16, 32 bits, got i3
func.func @storage_width(%a: tensor<4x!quant.uniform<i3:f32, 0.5>>) {
  func.return
}

// -----

// CHECK: Expected ':' between the storage minimum and maximum
func.func @storage_range_syntax(%a: tensor<4x!quant.uniform<i8<-127 127>:f32, 0.5>>) {
  func.return
}

// -----

// CHECK: Expected ',' before the scale
func.func @missing_scale(%a: tensor<4x!quant.uniform<i8:f32>>) {
  func.return
}

// -----

// CHECK: expected a scale (positive float) in a !quant.uniform type
func.func @scale_not_number(%a: tensor<4x!quant.uniform<i8:f32, scale>>) {
  func.return
}

// -----

// CHECK: a !quant.uniform scale must be a decimal number, not hexadecimal
func.func @scale_hex(%a: tensor<4x!quant.uniform<i8:f32, 0x3F000000>>) {
  func.return
}

// -----

// CHECK: Expected integer literal for the zero point
func.func @zero_point_missing(%a: tensor<4x!quant.uniform<i8:f32, 0.5:>>) {
  func.return
}

// -----

// CHECK: Expected integer literal for the zero point
func.func @zero_point_float(%a: tensor<4x!quant.uniform<i8:f32, 0.5:1.5>>) {
  func.return
}

// -----

// CHECK: per-axis scales need a quantized dimension after the expressed type, as in !quant.uniform<i8:f32:0, {...}>
func.func @per_axis_without_dimension(%a: tensor<4x!quant.uniform<i8:f32, {0.5, 0.25}>>) {
  func.return
}

// -----

// CHECK: '{' expected for the per-axis scale[:zero_point] list
func.func @per_axis_without_braces(%a: tensor<4x!quant.uniform<i8:f32:0, 0.5>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: expressed type must be f16, bf16, f32 or f64, got i32
func.func @expressed_type(%a: tensor<4x!quant.uniform<i8:i32, 0.5>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: storage range <-200:127> must satisfy -128 <= min < max <= 127 for i8
func.func @storage_range_outside(%a: tensor<4x!quant.uniform<i8<-200:127>:f32, 0.5>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: storage range <5:5> must satisfy 0 <= min < max <= 15 for u4
func.func @storage_range_empty(%a: tensor<4x!quant.uniform<u4<5:5>:f32, 0.5:5>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: scale must be positive and finite, got -0.5
func.func @scale_negative(%a: tensor<4x!quant.uniform<i8:f32, -0.5>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: scale must be positive and finite, got 0.0
func.func @scale_zero(%a: tensor<4x!quant.uniform<i8:f32, 0.0>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: scale must be positive and finite, got inf
func.func @scale_overflow(%a: tensor<4x!quant.uniform<i8:f32, 1.0e400>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: zero point 128 lies outside the storage range [-128, 127]
func.func @zero_point_outside(%a: tensor<4x!quant.uniform<i8:f32, 0.5:128>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: zero point -1 lies outside the storage range [0, 255]
func.func @zero_point_unsigned(%a: tensor<4x!quant.uniform<u8:f32, 0.5:-1>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: zero point -128 lies outside the storage range [-127, 127]
func.func @zero_point_narrow_range(%a: tensor<4x!quant.uniform<i8<-127:127>:f32, 0.5:-128>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: quantized dimension must be >= 0, got -1
func.func @per_axis_negative_dimension(%a: tensor<4x!quant.uniform<i8:f32:-1, {0.5}>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: per-axis type needs at least one scale
func.func @per_axis_empty(%a: tensor<4x!quant.uniform<i8:f32:0, {}>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: channel 1 scale must be positive and finite, got 0.0
func.func @per_axis_scale(%a: tensor<4x!quant.uniform<i8:f32:0, {0.5, 0.0:1}>>) {
  func.return
}

// -----

// CHECK: !quant.uniform: channel 2 zero point 8 lies outside the storage range [-8, 7]
func.func @per_axis_zero_point(%a: tensor<4x!quant.uniform<i4:f32:0, {0.5, 0.5, 0.5:8}>>) {
  func.return
}
