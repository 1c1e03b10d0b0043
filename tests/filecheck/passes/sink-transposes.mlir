// RUN: xopt-opt %s --split-input-file -p sink-transposes | filecheck %s

// The exporter's NHWC round trip around a bias add and a relu: the first transpose sinks
// through the add (its (C,) constant becomes (1, C, 1, 1)) and the relu, meets the second
// and both disappear.
// CHECK-LABEL: func.func @nhwc_round_trip(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<1x2x1x1xf32>} : tensor<1x2x1x1xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.add %[[X]], %[[B]] : (tensor<1x2x3x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x4xf32>
// CHECK-NEXT:    %[[R:.*]] = graph.relu %[[A]] : (tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
// CHECK-NEXT:    func.return %[[R]] : tensor<1x2x3x4xf32>
// CHECK-NEXT:  }
func.func @nhwc_round_trip(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %t = graph.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x3x4xf32>) -> tensor<1x3x4x2xf32>
  %b = graph.constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %a = graph.add %t, %b : (tensor<1x3x4x2xf32>, tensor<2xf32>) -> tensor<1x3x4x2xf32>
  %r = graph.relu %a : (tensor<1x3x4x2xf32>) -> tensor<1x3x4x2xf32>
  %y = graph.transpose %r {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  func.return %y : tensor<1x2x3x4xf32>
}

// -----

// Two operands transposed alike: one transpose after the mul; softmax's axis follows.
// CHECK-LABEL: func.func @binary_and_softmax(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xf32>, %[[Z:.*]]: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
// CHECK-NEXT:    %[[M:.*]] = graph.mul %[[X]], %[[Z]] : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[S:.*]] = graph.softmax %[[M]] {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[S_1:.*]] = graph.transpose %[[S]] {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT:    func.return %[[S_1]] : tensor<4x2x3xf32>
// CHECK-NEXT:  }
func.func @binary_and_softmax(%x: tensor<2x3x4xf32>, %z: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %tx = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %tz = graph.transpose %z {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %m = graph.mul %tx, %tz : (tensor<4x2x3xf32>, tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  %s = graph.softmax %m {axis = -1 : i64} : (tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  func.return %s : tensor<4x2x3xf32>
}

// -----

// A squeeze between the transposes: the first transpose sinks through it as a reshape, and
// the two transposes compose into one that only moves a size-1 axis: a reshape, which
// collapses with the other reshape into nothing.
// CHECK-LABEL: func.func @through_squeeze(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x1x3xf32>) -> tensor<2x1x3xf32> {
// CHECK-NEXT:    %[[R:.*]] = graph.sigmoid %[[X]] : (tensor<1x2x1x3xf32>) -> tensor<1x2x1x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.reshape %[[R]] : (tensor<1x2x1x3xf32>) -> tensor<2x1x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x1x3xf32>
// CHECK-NEXT:  }
func.func @through_squeeze(%x: tensor<1x2x1x3xf32>) -> tensor<2x1x3xf32> {
  %t = graph.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x1x3xf32>) -> tensor<1x1x3x2xf32>
  %s = graph.squeeze %t {axes = array<i64: 0>} : (tensor<1x1x3x2xf32>) -> tensor<1x3x2xf32>
  %r = graph.sigmoid %s : (tensor<1x3x2xf32>) -> tensor<1x3x2xf32>
  %y = graph.transpose %r {perm = array<i64: 2, 0, 1>} : (tensor<1x3x2xf32>) -> tensor<2x1x3xf32>
  func.return %y : tensor<2x1x3xf32>
}

// -----

// Flatten -> clip -> reshape back: the reshapes meet and cancel; a one-element constant
// follows the reshape.
// CHECK-LABEL: func.func @reshape_round_trip(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
// CHECK-NEXT:    %[[C:.*]] = graph.clip %[[X]] {min = 0.000000e+00 : f32, max = 6.000000e+00 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[K:.*]] = graph.constant {value = dense<5.000000e-01> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[M:.*]] = graph.mul %[[K]], %[[C]] : (tensor<1x1x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[M]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @reshape_round_trip(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %f = graph.flatten %x {axis = 1 : i64} : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32>
  %c = graph.clip %f {min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %k = graph.constant {value = dense<0.5> : tensor<1xf32>} : tensor<1xf32>
  %m = graph.mul %k, %c : (tensor<1xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %y = graph.reshape %m : (tensor<1x8xf32>) -> tensor<1x2x2x2xf32>
  func.return %y : tensor<1x2x2x2xf32>
}

// -----

// Kept: a transpose with two uses, one that would move onto a broadcast (larger) result
// (it only moves size-1 axes, so it becomes a reshape), one whose partner is a runtime
// value, and one before a reshape that moves data.
// CHECK-LABEL: func.func @kept(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3xf32>, %[[V:.*]]: tensor<3x1x2xf32>, %[[S:.*]]: tensor<1x1x2xf32>) -> (tensor<3x1x2xf32>, tensor<3x1x2xf32>, tensor<2x3x4xf32>, tensor<3x1x2xf32>, tensor<2x1x3xf32>) {
// CHECK-NEXT:    %[[T:.*]] = graph.transpose %[[X]] {perm = array<i64: 2, 0, 1>} : (tensor<1x2x3xf32>) -> tensor<3x1x2xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.relu %[[T]] : (tensor<3x1x2xf32>) -> tensor<3x1x2xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.sigmoid %[[T]] : (tensor<3x1x2xf32>) -> tensor<3x1x2xf32>
// CHECK-NEXT:    %[[TS:.*]] = graph.reshape %[[S]] : (tensor<1x1x2xf32>) -> tensor<2x1x1xf32>
// CHECK-NEXT:    %[[K:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2x3x4xf32>} : tensor<2x3x4xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.add %[[TS]], %[[K]] : (tensor<2x1x1xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[T1:.*]] = graph.transpose %[[X]] {perm = array<i64: 2, 0, 1>} : (tensor<1x2x3xf32>) -> tensor<3x1x2xf32>
// CHECK-NEXT:    %[[E:.*]] = graph.sub %[[V]], %[[T1]] : (tensor<3x1x2xf32>, tensor<3x1x2xf32>) -> tensor<3x1x2xf32>
// CHECK-NEXT:    %[[T2:.*]] = graph.transpose %[[X]] {perm = array<i64: 2, 0, 1>} : (tensor<1x2x3xf32>) -> tensor<3x1x2xf32>
// CHECK-NEXT:    %[[D:.*]] = graph.reshape %[[T2]] : (tensor<3x1x2xf32>) -> tensor<2x1x3xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]], %[[C]], %[[E]], %[[D]] : tensor<3x1x2xf32>, tensor<3x1x2xf32>, tensor<2x3x4xf32>, tensor<3x1x2xf32>, tensor<2x1x3xf32>
// CHECK-NEXT:  }
func.func @kept(%x: tensor<1x2x3xf32>, %v: tensor<3x1x2xf32>, %s: tensor<1x1x2xf32>) -> (tensor<3x1x2xf32>, tensor<3x1x2xf32>, tensor<2x3x4xf32>, tensor<3x1x2xf32>, tensor<2x1x3xf32>) {
  %t = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<1x2x3xf32>) -> tensor<3x1x2xf32>
  %a = graph.relu %t : (tensor<3x1x2xf32>) -> tensor<3x1x2xf32>
  %b = graph.sigmoid %t : (tensor<3x1x2xf32>) -> tensor<3x1x2xf32>
  %ts = graph.transpose %s {perm = array<i64: 2, 0, 1>} : (tensor<1x1x2xf32>) -> tensor<2x1x1xf32>
  %k = graph.constant {value = dense<1.0> : tensor<2x3x4xf32>} : tensor<2x3x4xf32>
  %c = graph.add %ts, %k : (tensor<2x1x1xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %t1 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<1x2x3xf32>) -> tensor<3x1x2xf32>
  %e = graph.sub %v, %t1 : (tensor<3x1x2xf32>, tensor<3x1x2xf32>) -> tensor<3x1x2xf32>
  %t2 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<1x2x3xf32>) -> tensor<3x1x2xf32>
  %d = graph.reshape %t2 : (tensor<3x1x2xf32>) -> tensor<2x1x3xf32>
  func.return %a, %b, %c, %e, %d : tensor<3x1x2xf32>, tensor<3x1x2xf32>, tensor<2x3x4xf32>, tensor<3x1x2xf32>, tensor<2x1x3xf32>
}
