// RUN: not xopt-opt %s -p 'gemm-to-conv{when=sometimes}' 2>&1 | filecheck %s
//
// An unknown value of the `when` option is a one-line error naming the pass and the choices.

// CHECK: error: pass failed: gemm-to-conv: option when must be one of flatten-only, always, got 'sometimes'
// CHECK-NOT: Traceback
func.func @f(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = graph.constant {value = dense<[[2.0, -4.0], [-1.0, 0.5]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %y = graph.gemm %a, %w {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
