// RUN: not xopt-opt %s -p insert-qdq 2>&1 | filecheck %s --check-prefix=BITS
// RUN: not xopt-opt %s -p 'insert-qdq{weight_bits=5}' 2>&1 | filecheck %s --check-prefix=OPTION
// RUN: not xopt-opt %inputs/insert-qdq-per-axis.mlir -p insert-qdq 2>&1 | filecheck %s --check-prefix=AXIS
//
// Unsupported weight widths (on an op or as the option) and per-axis activation types are
// one-line errors.

// BITS: error: insert-qdq: graph.gemm has unsupported weight bits 3; use one of 2, 4, 8
// OPTION: error: insert-qdq: unsupported weight bit width 5; use one of 2, 4, 8
// AXIS: error: insert-qdq: xopt.quant_type of argument must be a per-tensor !quant.uniform
func.func @f(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = graph.constant {value = dense<[[2.0, -4.0], [-1.0, 0.5]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %y = graph.gemm %a, %w {alpha = 1.0 : f32, beta = 1.0 : f32, xopt.weight_bits = 3 : i64} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
