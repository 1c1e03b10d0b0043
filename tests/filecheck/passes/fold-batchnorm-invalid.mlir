// RUN: xopt-opt %s --split-input-file --verify-diagnostics -p fold-batchnorm | filecheck %s
// RUN: not xopt-opt %s -p fold-batchnorm 2>&1 | filecheck %s --check-prefix=CLI
//
// Folding a batch norm whose var + epsilon is not positive would bake NaN or inf into the
// weights: the pass fails instead, naming the op.

// CLI: error: pass failed: fold-batchnorm: graph.batch_norm %bn has var + epsilon <= 0 (or NaN) in a channel; fix the model's batch norm statistics

// CHECK-LABEL: "func.func"() <{sym_name = "negative_variance"
// CHECK: Error while applying pattern: fold-batchnorm: graph.batch_norm %bn has var + epsilon <= 0 (or NaN) in a channel; fix the model's batch norm statistics
func.func @negative_variance(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = graph.constant {value = dense<2.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %var = graph.constant {value = dense<-2.0> : tensor<1xf32>} : tensor<1xf32>
  %bn = graph.batch_norm %conv, %p, %p, %p, %var {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  func.return %bn : tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: "func.func"() <{sym_name = "zero_variance_zero_epsilon"
// CHECK: Error while applying pattern: fold-batchnorm: graph.batch_norm %norm has var + epsilon <= 0 (or NaN) in a channel; fix the model's batch norm statistics
func.func @zero_variance_zero_epsilon(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<2x2xf32>} : tensor<2x2xf32>
  %fc = graph.gemm %a, %w {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %var = graph.constant {value = dense<[1.0, 0.0]> : tensor<2xf32>} : tensor<2xf32>
  %norm = graph.batch_norm %fc, %p, %p, %p, %var {epsilon = 0.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  func.return %norm : tensor<1x2xf32>
}
