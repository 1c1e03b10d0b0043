// RUN: not xopt-opt %s -t c 2>&1 | filecheck %s

// A float layer left in quantized IR (fp32 fallback, or an op without an integer form) has
// no C kernel: one line, naming the op.

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = graph.relu %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %q = quant.quantize %r : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.05:3>>
  %d = quant.dequantize %q : tensor<1x4x!quant.uniform<i8:f32, 0.05:3>> -> tensor<1x4xf32>
  func.return %d : tensor<1x4xf32>
}

// CHECK: graph.relu (r) is a float layer (it has no integer form, or fell back to fp32): the C targets run integer layers only
