// RUN: xopt-opt %s --split-input-file -p canonicalize | filecheck %s

// Identities disappear: uses of their results use their inputs.
// CHECK-LABEL: func.func @identities(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3xf32>) -> tensor<1x2x3xf32> {
// CHECK-NOT: graph.
// CHECK-NEXT:    func.return %[[X]] : tensor<1x2x3xf32>
// CHECK-NEXT:  }
func.func @identities(%x: tensor<1x2x3xf32>) -> tensor<1x2x3xf32> {
  %r = graph.reshape %x : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %t = graph.transpose %r {perm = array<i64: 0, 1, 2>} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %p = graph.pad %t {pads = array<i64: 0, 0, 0, 0, 0, 0>, mode = "reflect", value = 0.0 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %c = graph.concat %p {axis = 1 : i64} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %s = graph.sum %c : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %k = graph.clip %s {min = 0xFF800000 : f32, max = 0x7F800000 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %z = graph.resize %k {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "floor", scales = array<f32: 1.0, 1.0, 1.0>} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  func.return %z : tensor<1x2x3xf32>
}

// -----

// Not identities: each op changes its input.
// CHECK-LABEL: func.func @not_identities(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3xf32>, %[[Y:.*]]: tensor<1x2x3xf32>) -> (tensor<1x3x2xf32>, tensor<1x2x5xf32>, tensor<1x4x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x4x6xf32>, tensor<2x3xf32>) {
// CHECK-NEXT:    %[[T:.*]] = graph.transpose %[[X]] {perm = array<i64: 0, 2, 1>} : (tensor<1x2x3xf32>) -> tensor<1x3x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 0, 0, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x5xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.concat %[[X]], %[[Y]] {axis = 1 : i64} : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x4x3xf32>
// CHECK-NEXT:    %[[S:.*]] = graph.sum %[[X]], %[[Y]] : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
// CHECK-NEXT:    %[[K:.*]] = graph.clip %[[X]] {min = 0.000000e+00 : f32, max = 0x7f800000 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
// CHECK-NEXT:    %[[Z:.*]] = graph.resize %[[X]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f32: 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x2x3xf32>) -> tensor<1x4x6xf32>
// CHECK-NEXT:    %[[Q:.*]] = graph.squeeze %[[X]] {axes = array<i64: 0>} : (tensor<1x2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %[[T]], %[[P]], %[[C]], %[[S]], %[[K]], %[[Z]], %[[Q]] : tensor<1x3x2xf32>, tensor<1x2x5xf32>, tensor<1x4x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x4x6xf32>, tensor<2x3xf32>
// CHECK-NEXT:  }
func.func @not_identities(%x: tensor<1x2x3xf32>, %y: tensor<1x2x3xf32>) -> (tensor<1x3x2xf32>, tensor<1x2x5xf32>, tensor<1x4x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x4x6xf32>, tensor<2x3xf32>) {
  %t = graph.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<1x2x3xf32>) -> tensor<1x3x2xf32>
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x5xf32>
  %c = graph.concat %x, %y {axis = 1 : i64} : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x4x3xf32>
  %s = graph.sum %x, %y : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %k = graph.clip %x {min = 0.0 : f32, max = 0x7F800000 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %z = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f32: 1.0, 2.0, 2.0>} : (tensor<1x2x3xf32>) -> tensor<1x4x6xf32>
  %q = graph.squeeze %x {axes = array<i64: 0>} : (tensor<1x2x3xf32>) -> tensor<2x3xf32>
  func.return %t, %p, %c, %s, %k, %z, %q : tensor<1x3x2xf32>, tensor<1x2x5xf32>, tensor<1x4x3xf32>, tensor<1x2x3xf32>, tensor<1x2x3xf32>, tensor<1x4x6xf32>, tensor<2x3xf32>
}

// -----

// Chains of reshape, flatten, squeeze and unsqueeze collapse into one reshape (and
// vanish when it is an identity).
// CHECK-LABEL: func.func @reshape_chains(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xf32>) -> (tensor<24xf32>, tensor<2x3x4xf32>) {
// CHECK-NOT: graph.flatten
// CHECK-NOT: graph.unsqueeze
// CHECK-NOT: graph.squeeze
// CHECK-NEXT:    %[[R:.*]] = graph.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<24xf32>
// CHECK-NEXT:    func.return %[[R]], %[[X]] : tensor<24xf32>, tensor<2x3x4xf32>
// CHECK-NEXT:  }
func.func @reshape_chains(%x: tensor<2x3x4xf32>) -> (tensor<24xf32>, tensor<2x3x4xf32>) {
  %f = graph.flatten %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  %u = graph.unsqueeze %f {axes = array<i64: 0>} : (tensor<2x12xf32>) -> tensor<1x2x12xf32>
  %r = graph.reshape %u : (tensor<1x2x12xf32>) -> tensor<24xf32>
  %s = graph.squeeze %u {axes = array<i64: 0>} : (tensor<1x2x12xf32>) -> tensor<2x12xf32>
  %back = graph.reshape %s : (tensor<2x12xf32>) -> tensor<2x3x4xf32>
  func.return %r, %back : tensor<24xf32>, tensor<2x3x4xf32>
}

// -----

// Transposes of transposes compose: perm[i] = first[second[i]].
// CHECK-LABEL: func.func @transpose_chains(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xf32>) -> (tensor<4x3x2xf32>, tensor<2x3x4xf32>) {
// CHECK-NEXT:    %[[B:.*]] = graph.transpose %[[X]] {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// CHECK-NEXT:    func.return %[[B]], %[[X]] : tensor<4x3x2xf32>, tensor<2x3x4xf32>
// CHECK-NEXT:  }
func.func @transpose_chains(%x: tensor<2x3x4xf32>) -> (tensor<4x3x2xf32>, tensor<2x3x4xf32>) {
  %a = graph.transpose %x {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %b = graph.transpose %a {perm = array<i64: 1, 0, 2>} : (tensor<3x4x2xf32>) -> tensor<4x3x2xf32>
  %c = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %d = graph.transpose %c {perm = array<i64: 1, 2, 0>} : (tensor<4x2x3xf32>) -> tensor<2x3x4xf32>
  func.return %b, %d : tensor<4x3x2xf32>, tensor<2x3x4xf32>
}

// -----

// Shape arithmetic on constants folds: concat, transpose, reshape, unsqueeze, squeeze, flatten.
// CHECK-LABEL: func.func @constant_shapes(
// CHECK-SAME:      ) -> (tensor<2x3xi64>, tensor<1x6xf32>) {
// CHECK-NOT: graph.concat
// CHECK-NOT: graph.reshape
// CHECK-NOT: graph.transpose
// CHECK-NOT: graph.unsqueeze
// CHECK-NOT: graph.flatten
// CHECK-NEXT:    %[[T:.*]] = graph.constant {value = dense<{{\[\[}}1, 3, 5], [2, 4, 6]]> : tensor<2x3xi64>} : tensor<2x3xi64>
// CHECK-NEXT:    %[[F:.*]] = graph.constant {value = dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<1x6xf32>} : tensor<1x6xf32>
// CHECK-NEXT:    func.return %[[T]], %[[F]] : tensor<2x3xi64>, tensor<1x6xf32>
// CHECK-NEXT:  }
func.func @constant_shapes() -> (tensor<2x3xi64>, tensor<1x6xf32>) {
  %a = graph.constant {value = dense<[1, 2, 3]> : tensor<3xi64>} : tensor<3xi64>
  %b = graph.constant {value = dense<[4, 5, 6]> : tensor<3xi64>} : tensor<3xi64>
  %c = graph.concat %a, %b {axis = 0 : i64} : (tensor<3xi64>, tensor<3xi64>) -> tensor<6xi64>
  %shape = graph.reshape %c : (tensor<6xi64>) -> tensor<3x2xi64>
  %t = graph.transpose %shape {perm = array<i64: 1, 0>} : (tensor<3x2xi64>) -> tensor<2x3xi64>
  %k = graph.constant {value = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>} : tensor<3x2xf32>
  %u = graph.unsqueeze %k {axes = array<i64: 0>} : (tensor<3x2xf32>) -> tensor<1x3x2xf32>
  %f = graph.flatten %u {axis = 1 : i64} : (tensor<1x3x2xf32>) -> tensor<1x6xf32>
  func.return %t, %f : tensor<2x3xi64>, tensor<1x6xf32>
}

// -----

// Only shape ops fold here (fold-constants folds the rest).
// CHECK-LABEL: func.func @constant_arithmetic_stays(
// CHECK-SAME:      ) -> tensor<2xf32> {
// CHECK-NEXT:    %[[A:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[S:.*]] = graph.add %[[A]], %[[A]] : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT:    func.return %[[S]] : tensor<2xf32>
// CHECK-NEXT:  }
func.func @constant_arithmetic_stays() -> tensor<2xf32> {
  %a = graph.constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %s = graph.add %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  func.return %s : tensor<2xf32>
}
