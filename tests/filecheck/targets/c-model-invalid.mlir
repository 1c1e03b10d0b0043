// RUN: not xopt-opt %s -t c 2>&1 | filecheck %s

// A float layer the C targets have no kernel for (a transcendental activation: its libm
// result would differ from numpy's) is refused in one line naming the op.

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = graph.sigmoid %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %q = quant.quantize %r : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.05:3>>
  %d = quant.dequantize %q : tensor<1x4x!quant.uniform<i8:f32, 0.05:3>> -> tensor<1x4xf32>
  func.return %d : tensor<1x4xf32>
}

// CHECK: error: graph.sigmoid (r) is a float layer (it has no integer form, or fell back to fp32) that the C targets have no kernel for
