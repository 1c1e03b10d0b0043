// RUN: xopt-opt %s --split-input-file -p fuse-resize-argmax | filecheck %s
// RUN: xopt-opt %s --split-input-file -p fuse-resize-argmax | xopt-opt --split-input-file | filecheck %s
//
// A resize (H and W only) whose only use is an argmax over its channels becomes one
// graph.resize_argmax with the resize's and the argmax's properties and a saved_bytes
// attribute. The second RUN line checks that the fused op prints and parses back unchanged.

// Bilinear (PyTorch's F.interpolate export), only returned: @main's result becomes the i16
// class map; saved_bytes = 19x8x8 f32 resize + 8x8 i64 map - 8x8 i16 map = 4864 + 512 - 128.
// CHECK-LABEL: func.func @bilinear(
// CHECK-SAME:      %[[X:.*]]: tensor<1x19x4x4xf32>) -> tensor<1x8x8xi16> {
// CHECK-NOT: graph.resize {
// CHECK-NEXT:    %[[SEG:.*]] = graph.resize_argmax %[[X]] {saved_bytes = 5248 : i64, mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x19x4x4xf32>) -> tensor<1x8x8xi16>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<1x8x8xi16>
// CHECK-NEXT:  }
func.func @bilinear(%x: tensor<1x19x4x4xf32>) -> tensor<1x8x8xi64> {
  %up = graph.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x19x4x4xf32>) -> tensor<1x19x8x8xf32>
  %seg = graph.argmax %up {axis = 1 : i64} : (tensor<1x19x8x8xf32>) -> tensor<1x8x8xi64>
  func.return %seg : tensor<1x8x8xi64>
}

// -----

// Nearest with keepdims and select_last_index (axis -3 is the channel axis); only the
// returned argmax's result type changes.
// CHECK-LABEL: func.func @nearest_keepdims_last(
// CHECK-SAME:      %[[X:.*]]: tensor<2x5x3x3xf32>, %[[Y:.*]]: tensor<2x5x3x3xf32>) -> (tensor<2x5x3x3xf32>, tensor<2x1x9x6xi16>) {
// CHECK-NEXT:    %[[SEG:.*]] = graph.resize_argmax %[[X]] {saved_bytes = 2808 : i64, mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 3.000000e+00, 2.000000e+00>, keepdims, select_last_index} : (tensor<2x5x3x3xf32>) -> tensor<2x1x9x6xi16>
// CHECK-NEXT:    func.return %[[Y]], %[[SEG]] : tensor<2x5x3x3xf32>, tensor<2x1x9x6xi16>
// CHECK-NEXT:  }
func.func @nearest_keepdims_last(%x: tensor<2x5x3x3xf32>, %y: tensor<2x5x3x3xf32>) -> (tensor<2x5x3x3xf32>, tensor<2x1x9x6xi64>) {
  %up = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 3.0, 2.0>} : (tensor<2x5x3x3xf32>) -> tensor<2x5x9x6xf32>
  %seg = graph.argmax %up {axis = -3 : i64, keepdims, select_last_index} : (tensor<2x5x9x6xf32>) -> tensor<2x1x9x6xi64>
  func.return %y, %seg : tensor<2x5x3x3xf32>, tensor<2x1x9x6xi64>
}

// -----

// Another op reads the class map: it stays i64 (graph ops see ArgMax's i64).
// CHECK-LABEL: func.func @other_user(
// CHECK-SAME:      %[[X:.*]]: tensor<1x3x2x2xf32>) -> tensor<1x16xi64> {
// CHECK-NEXT:    %[[SEG:.*]] = graph.resize_argmax %[[X]] {saved_bytes = 192 : i64, mode = "linear", coordinate_transformation_mode = "align_corners", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi64>
// CHECK-NEXT:    %[[FLAT:.*]] = graph.reshape %[[SEG]] : (tensor<1x4x4xi64>) -> tensor<1x16xi64>
// CHECK-NEXT:    func.return %[[FLAT]] : tensor<1x16xi64>
// CHECK-NEXT:  }
func.func @other_user(%x: tensor<1x3x2x2xf32>) -> tensor<1x16xi64> {
  %up = graph.resize %x {mode = "linear", coordinate_transformation_mode = "align_corners", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x3x4x4xf32>
  %seg = graph.argmax %up {axis = 1 : i64} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4xi64>
  %flat = graph.reshape %seg : (tensor<1x4x4xi64>) -> tensor<1x16xi64>
  func.return %flat : tensor<1x16xi64>
}

// -----

// 40000 classes: index 39999 needs i32.
// CHECK-LABEL: func.func @many_classes(
// CHECK-SAME:      %[[X:.*]]: tensor<1x40000x1x1xf32>) -> tensor<1x2x2xi32> {
// CHECK-NEXT:    %[[SEG:.*]] = graph.resize_argmax %[[X]] {saved_bytes = 640016 : i64, mode = "linear", coordinate_transformation_mode = "pytorch_half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x40000x1x1xf32>) -> tensor<1x2x2xi32>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<1x2x2xi32>
// CHECK-NEXT:  }
func.func @many_classes(%x: tensor<1x40000x1x1xf32>) -> tensor<1x2x2xi64> {
  %up = graph.resize %x {mode = "linear", coordinate_transformation_mode = "pytorch_half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x40000x1x1xf32>) -> tensor<1x40000x2x2xf32>
  %seg = graph.argmax %up {axis = 1 : i64} : (tensor<1x40000x2x2xf32>) -> tensor<1x2x2xi64>
  func.return %seg : tensor<1x2x2xi64>
}

// -----

// Left alone: a resize with another use, an argmax over H, a resize that scales C.
// CHECK-LABEL: func.func @not_fused(
// CHECK-SAME:      %[[X:.*]]: tensor<1x3x2x2xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x4x4xi64>, tensor<1x3x4xi64>, tensor<1x4x4xi64>) {
// CHECK-NOT: graph.resize_argmax
// CHECK-NEXT:    %[[UP:.*]] = graph.resize %[[X]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[SHARED:.*]] = graph.argmax %[[UP]] {axis = 1 : i64} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4xi64>
// CHECK-NEXT:    %[[UP2:.*]] = graph.resize %[[X]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[ROWS:.*]] = graph.argmax %[[UP2]] {axis = 2 : i64} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4xi64>
// CHECK-NEXT:    %[[UP3:.*]] = graph.resize %[[X]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2xf32>) -> tensor<1x6x4x4xf32>
// CHECK-NEXT:    %[[DUP:.*]] = graph.argmax %[[UP3]] {axis = 1 : i64} : (tensor<1x6x4x4xf32>) -> tensor<1x4x4xi64>
// CHECK-NEXT:    func.return %[[UP]], %[[SHARED]], %[[ROWS]], %[[DUP]] : tensor<1x3x4x4xf32>, tensor<1x4x4xi64>, tensor<1x3x4xi64>, tensor<1x4x4xi64>
// CHECK-NEXT:  }
func.func @not_fused(%x: tensor<1x3x2x2xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x4x4xi64>, tensor<1x3x4xi64>, tensor<1x4x4xi64>) {
  %up = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x3x4x4xf32>
  %shared = graph.argmax %up {axis = 1 : i64} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4xi64>
  %up2 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x3x4x4xf32>
  %rows = graph.argmax %up2 {axis = 2 : i64} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4xi64>
  %up3 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 2.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x6x4x4xf32>
  %dup = graph.argmax %up3 {axis = 1 : i64} : (tensor<1x6x4x4xf32>) -> tensor<1x4x4xi64>
  func.return %up, %shared, %rows, %dup : tensor<1x3x4x4xf32>, tensor<1x4x4xi64>, tensor<1x3x4xi64>, tensor<1x4x4xi64>
}

// -----

// On quant IR, quant.argmax of a linear quant.resize becomes quant.resize_argmax carrying the
// resize's result type as `resized` and its rounding; the returned class map becomes i16.

// CHECK-LABEL: func.func @quant_linear(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16> {
// CHECK-NEXT:    %[[SEG:[^ ,:)]+]] = quant.resize_argmax %[[X]] {saved_bytes = 1600 : i64, mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>, rounding = "float", resized = !quant.uniform<i8:f32, 0.04:-1>} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<1x8x8xi16>
// CHECK-NEXT:  }
func.func @quant_linear(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi64> {
  %up = quant.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>, rounding = "float"} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x19x8x8x!quant.uniform<i8:f32, 0.04:-1>>
  %seg = quant.argmax %up {axis = 1 : i64} : (tensor<1x19x8x8x!quant.uniform<i8:f32, 0.04:-1>>) -> tensor<1x8x8xi64>
  func.return %seg : tensor<1x8x8xi64>
}

// -----

// Nearest on quant IR has no `resized` (the input's type); keepdims and select_last_index
// carry over, and a class map another op reads stays i64. saved_bytes counts one byte per
// stored int8.

// CHECK-LABEL: func.func @quant_nearest_other_user(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x5x3x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x6x6xi64> {
// CHECK-NEXT:    %[[SEG:[^ ,:)]+]] = quant.resize_argmax %[[X]] {saved_bytes = 180 : i64, mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>, keepdims, select_last_index} : (tensor<1x5x3x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x6x6xi64>
// CHECK-NEXT:    %[[SUM:[^ ,:)]+]] = graph.add %[[SEG]], %[[SEG]] : (tensor<1x1x6x6xi64>, tensor<1x1x6x6xi64>) -> tensor<1x1x6x6xi64>
// CHECK-NEXT:    func.return %[[SUM]] : tensor<1x1x6x6xi64>
// CHECK-NEXT:  }
func.func @quant_nearest_other_user(%x: tensor<1x5x3x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x6x6xi64> {
  %up = quant.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x5x3x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x5x6x6x!quant.uniform<u8:f32, 0.1:128>>
  %seg = quant.argmax %up {axis = 1 : i64, keepdims, select_last_index} : (tensor<1x5x6x6x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x6x6xi64>
  %sum = graph.add %seg, %seg : (tensor<1x1x6x6xi64>, tensor<1x1x6x6xi64>) -> tensor<1x1x6x6xi64>
  func.return %sum : tensor<1x1x6x6xi64>
}

// -----

// A requantize between the resize and the argmax (nearest resize to other parameters) is not
// fused: the class map would change where the requantize creates ties.

// CHECK-LABEL: func.func @quant_requantized(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x5x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x6x6xi64> {
// CHECK-NEXT:    %[[UP:[^ ,:)]+]] = quant.resize %[[X]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x5x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x5x6x6x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    %[[RQ:[^ ,:)]+]] = quant.requantize %[[UP]] : (tensor<1x5x6x6x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x5x6x6x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    %[[SEG:[^ ,:)]+]] = quant.argmax %[[RQ]] {axis = 1 : i64} : (tensor<1x5x6x6x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x6x6xi64>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<1x6x6xi64>
// CHECK-NEXT:  }
func.func @quant_requantized(%x: tensor<1x5x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x6x6xi64> {
  %up = quant.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x5x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x5x6x6x!quant.uniform<i8:f32, 0.1>>
  %rq = quant.requantize %up : (tensor<1x5x6x6x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x5x6x6x!quant.uniform<i8:f32, 0.5>>
  %seg = quant.argmax %rq {axis = 1 : i64} : (tensor<1x5x6x6x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x6x6xi64>
  func.return %seg : tensor<1x6x6xi64>
}
