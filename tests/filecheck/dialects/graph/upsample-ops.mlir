// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// Round trip of the ops a transposed convolution decomposes into (upsample_ops.py), through
// the custom and the generic syntax.

// CHECK-LABEL: func.func @insert_zeros(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x4x5xf32>, %[[Q:[^:]+]]: tensor<1x1x1x3xi8>) -> (tensor<2x3x7x13xf32>, tensor<2x3x4x5xf32>, tensor<1x1x1x7xi8>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.insert_zeros %[[X]] {strides = array<i64: 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x7x13xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.insert_zeros %[[X]] {strides = array<i64: 1, 1>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.insert_zeros %[[Q]] {strides = array<i64: 4, 3>} : (tensor<1x1x1x3xi8>) -> tensor<1x1x1x7xi8>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<2x3x7x13xf32>, tensor<2x3x4x5xf32>, tensor<1x1x1x7xi8>
// CHECK-NEXT:    }
func.func @insert_zeros(%x: tensor<2x3x4x5xf32>, %q: tensor<1x1x1x3xi8>) -> (tensor<2x3x7x13xf32>, tensor<2x3x4x5xf32>, tensor<1x1x1x7xi8>) {
  %0 = graph.insert_zeros %x {strides = array<i64: 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x7x13xf32>
  %1 = graph.insert_zeros %x {strides = array<i64: 1, 1>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  %2 = graph.insert_zeros %q {strides = array<i64: 4, 3>} : (tensor<1x1x1x3xi8>) -> tensor<1x1x1x7xi8>
  func.return %0, %1, %2 : tensor<2x3x7x13xf32>, tensor<2x3x4x5xf32>, tensor<1x1x1x7xi8>
}

// CHECK-LABEL: func.func @crop(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x4x5xf32>, %[[V:[^:]+]]: tensor<6xi64>) -> (tensor<2x3x1x3xf32>, tensor<2x3x4x5xf32>, tensor<3xi64>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.crop %[[X]] {crops = array<i64: 0, 0, 2, 0, 0, 0, 1, 2>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x1x3xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.crop %[[X]] {crops = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.crop %[[V]] {crops = array<i64: 1, 2>} : (tensor<6xi64>) -> tensor<3xi64>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<2x3x1x3xf32>, tensor<2x3x4x5xf32>, tensor<3xi64>
// CHECK-NEXT:    }
func.func @crop(%x: tensor<2x3x4x5xf32>, %v: tensor<6xi64>) -> (tensor<2x3x1x3xf32>, tensor<2x3x4x5xf32>, tensor<3xi64>) {
  %0 = graph.crop %x {crops = array<i64: 0, 0, 2, 0, 0, 0, 1, 2>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x1x3xf32>
  %1 = graph.crop %x {crops = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  %2 = graph.crop %v {crops = array<i64: 1, 2>} : (tensor<6xi64>) -> tensor<3xi64>
  func.return %0, %1, %2 : tensor<2x3x1x3xf32>, tensor<2x3x4x5xf32>, tensor<3xi64>
}
