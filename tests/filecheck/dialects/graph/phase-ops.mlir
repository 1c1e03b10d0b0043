// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// Round trip of the spatial phase ops through the custom and the generic syntax.

// CHECK-LABEL: func.func @phase_slice(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x7x5xf32>) -> (tensor<2x3x4x3xf32>, tensor<2x3x2x1xf32>, tensor<2x3x7x5xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<2x3x7x5xf32>) -> tensor<2x3x4x3xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 4>, steps = array<i64: 5, 1>} : (tensor<2x3x7x5xf32>) -> tensor<2x3x2x1xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<2x3x7x5xf32>) -> tensor<2x3x7x5xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<2x3x4x3xf32>, tensor<2x3x2x1xf32>, tensor<2x3x7x5xf32>
// CHECK-NEXT:    }
func.func @phase_slice(%x: tensor<2x3x7x5xf32>) -> (tensor<2x3x4x3xf32>, tensor<2x3x2x1xf32>, tensor<2x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<2x3x7x5xf32>) -> tensor<2x3x4x3xf32>
  %1 = graph.phase_slice %x {offsets = array<i64: 1, 4>, steps = array<i64: 5, 1>} : (tensor<2x3x7x5xf32>) -> tensor<2x3x2x1xf32>
  %2 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<2x3x7x5xf32>) -> tensor<2x3x7x5xf32>
  func.return %0, %1, %2 : tensor<2x3x4x3xf32>, tensor<2x3x2x1xf32>, tensor<2x3x7x5xf32>
}

// Phases of unequal size (7 = 4 + 3 rows, 5 = 3 + 2 columns), and factors on one axis only.
// CHECK-LABEL: func.func @interleave(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<1x2x4x3xf32>, %[[B:[^:]+]]: tensor<1x2x4x2xf32>, %[[C:[^:]+]]: tensor<1x2x3x3xf32>, %[[D:[^:]+]]: tensor<1x2x3x2xf32>, %[[E:[^:]+]]: tensor<1x2x2x5xi8>, %[[F:[^:]+]]: tensor<1x2x2x5xi8>, %[[G:[^:]+]]: tensor<1x2x1x5xi8>) -> (tensor<1x2x7x5xf32>, tensor<1x2x5x5xi8>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.interleave %[[A]], %[[B]], %[[C]], %[[D]] {factors = array<i64: 2, 2>} : (tensor<1x2x4x3xf32>, tensor<1x2x4x2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x7x5xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.interleave %[[E]], %[[F]], %[[G]] {factors = array<i64: 3, 1>} : (tensor<1x2x2x5xi8>, tensor<1x2x2x5xi8>, tensor<1x2x1x5xi8>) -> tensor<1x2x5x5xi8>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]] : tensor<1x2x7x5xf32>, tensor<1x2x5x5xi8>
// CHECK-NEXT:    }
func.func @interleave(%a: tensor<1x2x4x3xf32>, %b: tensor<1x2x4x2xf32>, %c: tensor<1x2x3x3xf32>, %d: tensor<1x2x3x2xf32>, %e: tensor<1x2x2x5xi8>, %f: tensor<1x2x2x5xi8>, %g: tensor<1x2x1x5xi8>) -> (tensor<1x2x7x5xf32>, tensor<1x2x5x5xi8>) {
  %0 = graph.interleave %a, %b, %c, %d {factors = array<i64: 2, 2>} : (tensor<1x2x4x3xf32>, tensor<1x2x4x2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x7x5xf32>
  %1 = graph.interleave %e, %f, %g {factors = array<i64: 3, 1>} : (tensor<1x2x2x5xi8>, tensor<1x2x2x5xi8>, tensor<1x2x1x5xi8>) -> tensor<1x2x5x5xi8>
  func.return %0, %1 : tensor<1x2x7x5xf32>, tensor<1x2x5x5xi8>
}
