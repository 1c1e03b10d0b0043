// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// Round trip of the accelerator forms of ArgMax, with and without their optional
// properties, through the custom and the generic syntax.

// CHECK-LABEL: func.func @grouped(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x40x2x3xf32>, %[[Q:[^:]+]]: tensor<3x100xi8>, %[[QI16:[^:]+]]: tensor<3x4xi16>) -> (tensor<1x2x3xi64>, tensor<3x1xi32>, tensor<3x1xi16>) {
// CHECK-NEXT:    %[[V:.*]], %[[I:.*]] = graph.argmax_groups %[[X]] {axis = 1 : i64, group = 16 : i64} : (tensor<1x40x2x3xf32>) -> (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi16>)
// CHECK-NEXT:    %[[Y:.*]] = graph.argmax_select %[[V]], %[[I]] {axis = 1 : i64} : (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi16>) -> tensor<1x2x3xi64>
// CHECK-NEXT:    %[[QV:.*]], %[[QI:.*]] = graph.argmax_groups %[[Q]] {axis = -1 : i64, group = 32 : i64, select_last_index} : (tensor<3x100xi8>) -> (tensor<3x4xi8>, tensor<3x4xi32>)
// CHECK-NEXT:    %[[QY:.*]] = graph.argmax_select %[[QV]], %[[QI]] {axis = 1 : i64, keepdims, select_last_index} : (tensor<3x4xi8>, tensor<3x4xi32>) -> tensor<3x1xi32>
// CHECK-NEXT:    %[[QZ:.*]] = graph.argmax_select %[[QV]], %[[QI16]] {axis = -1 : i64, keepdims} : (tensor<3x4xi8>, tensor<3x4xi16>) -> tensor<3x1xi16>
// CHECK-NEXT:    func.return %[[Y]], %[[QY]], %[[QZ]] : tensor<1x2x3xi64>, tensor<3x1xi32>, tensor<3x1xi16>
// CHECK-NEXT:  }
func.func @grouped(%x: tensor<1x40x2x3xf32>, %q: tensor<3x100xi8>, %qi16: tensor<3x4xi16>) -> (tensor<1x2x3xi64>, tensor<3x1xi32>, tensor<3x1xi16>) {
  %v, %i = graph.argmax_groups %x {axis = 1 : i64, group = 16 : i64} : (tensor<1x40x2x3xf32>) -> (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi16>)
  %y = graph.argmax_select %v, %i {axis = 1 : i64} : (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi16>) -> tensor<1x2x3xi64>
  %qv, %qi = graph.argmax_groups %q {axis = -1 : i64, group = 32 : i64, select_last_index} : (tensor<3x100xi8>) -> (tensor<3x4xi8>, tensor<3x4xi32>)
  %qy = graph.argmax_select %qv, %qi {axis = 1 : i64, keepdims, select_last_index} : (tensor<3x4xi8>, tensor<3x4xi32>) -> tensor<3x1xi32>
  %qz = graph.argmax_select %qv, %qi16 {axis = -1 : i64, keepdims} : (tensor<3x4xi8>, tensor<3x4xi16>) -> tensor<3x1xi16>
  func.return %y, %qy, %qz : tensor<1x2x3xi64>, tensor<3x1xi32>, tensor<3x1xi16>
}

// CHECK-LABEL: func.func @resize_argmax(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x19x4x5xf32>, %[[Q:[^:]+]]: tensor<1x3x4x4xi8>) -> (tensor<2x8x10xi16>, tensor<1x1x2x8xi64>) {
// CHECK-NEXT:    %[[Y:.*]] = graph.resize_argmax %[[X]] {saved_bytes = 1 : i64, mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<2x19x4x5xf32>) -> tensor<2x8x10xi16>
// CHECK-NEXT:    %[[Z:.*]] = graph.resize_argmax %[[Q]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "ceil", scales = array<f32: 1.000000e+00, 1.000000e+00, 5.000000e-01, 2.000000e+00>, keepdims, select_last_index} : (tensor<1x3x4x4xi8>) -> tensor<1x1x2x8xi64>
// CHECK-NEXT:    func.return %[[Y]], %[[Z]] : tensor<2x8x10xi16>, tensor<1x1x2x8xi64>
// CHECK-NEXT:  }
func.func @resize_argmax(%x: tensor<2x19x4x5xf32>, %q: tensor<1x3x4x4xi8>) -> (tensor<2x8x10xi16>, tensor<1x1x2x8xi64>) {
  %y = graph.resize_argmax %x {saved_bytes = 1 : i64, mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<2x19x4x5xf32>) -> tensor<2x8x10xi16>
  %z = graph.resize_argmax %q {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "ceil", scales = array<f32: 1.0, 1.0, 0.5, 2.0>, keepdims, select_last_index} : (tensor<1x3x4x4xi8>) -> tensor<1x1x2x8xi64>
  func.return %y, %z : tensor<2x8x10xi16>, tensor<1x1x2x8xi64>
}
