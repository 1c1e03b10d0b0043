// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// CHECK-LABEL: func.func @per_tensor
// CHECK-NEXT:    %[[Q:.*]] = quant.quantize %{{.*}} : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>
// CHECK-NEXT:    %[[X:.*]] = quant.dequantize %[[Q]] : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %[[X]] : tensor<2x3xf32>
func.func @per_tensor(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = quant.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>
  %y = quant.dequantize %q : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @per_axis_sub_byte
// CHECK-NEXT:    %[[Q:.*]] = quant.quantize %{{.*}} : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i4:f32:0, {0.1, 0.2:1}>>
// CHECK-NEXT:    %[[X:.*]] = quant.dequantize %[[Q]] : tensor<2x3x!quant.uniform<i4:f32:0, {0.1, 0.2:1}>> -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %[[X]] : tensor<2x3xf32>
func.func @per_axis_sub_byte(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = quant.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i4:f32:0, {0.1, 0.2:1}>>
  %y = quant.dequantize %q : tensor<2x3x!quant.uniform<i4:f32:0, {0.1, 0.2:1}>> -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}
