// RUN: xopt-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Syntax errors in #graph.act parameters, reported by the parser with their location.
// (Well-formed attributes with a bad kind, arity or bounds are in ops-invalid.mlir.)

// CHECK: identifier expected for the #graph.act activation kind (relu, clip, leaky_relu, hard_swish)
func.func @act_missing_kind(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<0.5>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: expected an activation parameter (f32 number)
func.func @act_bad_parameter(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<clip 0.0, six>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

// CHECK: hex f32 literal 0x1FF800000 has more than 32 bits
func.func @act_wide_hex(%a: tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<leaky_relu 0x1FF800000>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}
