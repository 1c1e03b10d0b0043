// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @result_not_quantized(%x: tensor<4xf32>) -> tensor<4xi8> {
  %q = quant.quantize %x : tensor<4xf32> -> tensor<4xi8>
  func.return %q : tensor<4xi8>
}
// CHECK: quant.quantize: the result must be a tensor of !quant.uniform, got tensor<4xi8>

// -----

func.func @shape_mismatch(%x: tensor<4xf32>) -> tensor<5x!quant.uniform<i8:f32, 0.5>> {
  %q = quant.quantize %x : tensor<4xf32> -> tensor<5x!quant.uniform<i8:f32, 0.5>>
  func.return %q : tensor<5x!quant.uniform<i8:f32, 0.5>>
}
// CHECK: quant.quantize: shapes differ: (4,) and (5,)

// -----

func.func @expressed_mismatch(%x: tensor<4xf16>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  %q = quant.quantize %x : tensor<4xf16> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  func.return %q : tensor<4x!quant.uniform<i8:f32, 0.5>>
}
// CHECK: quant.quantize: float element type f16 differs from the expressed type f32

// -----

func.func @axis_out_of_range(%q: tensor<2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<2xf32> {
  %x = quant.dequantize %q : tensor<2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> -> tensor<2xf32>
  func.return %x : tensor<2xf32>
}
// CHECK: quant.dequantize: quantized axis 1 is out of range for rank 1

// -----

func.func @channel_count(%q: tensor<3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<3xf32> {
  %x = quant.dequantize %q : tensor<3x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<3xf32>
  func.return %x : tensor<3xf32>
}
// CHECK: quant.dequantize: 2 per-axis scales for dimension 0 of size 3
