// xopt-opt accepts MLIR's --pass-pipeline spelling and xDSL's -p spelling, and prints the
// IR between passes on request.
// RUN: xopt-opt %s --pass-pipeline='builtin.module(canonicalize)' | filecheck %s
// RUN: xopt-opt %s -p canonicalize | filecheck %s
// RUN: xopt-opt %s -p 'canonicalize,canonicalize' --print-between-passes | filecheck %s --check-prefix=BETWEEN

// CHECK-LABEL: func.func @main
// CHECK-NEXT:    %[[Y:.*]] = graph.relu %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<4xf32>

// BETWEEN:      IR after canonicalize:
// BETWEEN-NEXT: builtin.module {
// BETWEEN-NEXT:   func.func @main
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = graph.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  func.return %y : tensor<4xf32>
}
