// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// The quant twins of the decomposition and argmax graph ops round-trip through the custom
// and the generic form: operands, properties, result types and the `resized` type.

// Every data-movement op keeps its input's type: pad, insert_zeros, crop, phase_slice and
// interleave.
// CHECK-LABEL: func.func @movement(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
// CHECK-NEXT:    %[[P:[^ ,:)]+]] = quant.pad %[[X]] {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[Z:[^ ,:)]+]] = quant.insert_zeros %[[X]] {strides = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[C:[^ ,:)]+]] = quant.crop %[[X]] {crops = array<i64: 0, 0, 1, 0, 0, 0, 1, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[S:[^ ,:)]+]] = quant.phase_slice %[[X]] {offsets = array<i64: 0, 1>, steps = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[I:[^ ,:)]+]] = quant.interleave %[[S]], %[[S]] {factors = array<i64: 1, 2>} : (tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    func.return %[[P]], %[[Z]], %[[C]], %[[I]] : tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:  }
func.func @movement(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
  %p = quant.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>
  %z = quant.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>
  %c = quant.crop %x {crops = array<i64: 0, 0, 1, 0, 0, 0, 1, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>
  %s = quant.phase_slice %x {offsets = array<i64: 0, 1>, steps = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>
  %i = quant.interleave %s, %s {factors = array<i64: 1, 2>} : (tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
  func.return %p, %z, %c, %i : tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
}

// The two stages of a grouped argmax: values keep the input's type, indices i16, the result
// i64 with keepdims and select_last_index.
// CHECK-LABEL: func.func @argmax_stages(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x21x2x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x2x2xi64> {
// CHECK-NEXT:    %[[V:[^ ,:)]+]], %[[K:[^ ,:)]+]] = quant.argmax_groups %[[X]] {axis = 1 : i64, group = 16 : i64, select_last_index} : (tensor<1x21x2x2x!quant.uniform<u8:f32, 0.1:128>>) -> (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x2x2x2xi16>)
// CHECK-NEXT:    %[[Y:[^ ,:)]+]] = quant.argmax_select %[[V]], %[[K]] {axis = 1 : i64, keepdims, select_last_index} : (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x2x2x2xi16>) -> tensor<1x1x2x2xi64>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x2x2xi64>
// CHECK-NEXT:  }
func.func @argmax_stages(%x: tensor<1x21x2x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x2x2xi64> {
  %v, %k = quant.argmax_groups %x {axis = 1 : i64, group = 16 : i64, select_last_index} : (tensor<1x21x2x2x!quant.uniform<u8:f32, 0.1:128>>) -> (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x2x2x2xi16>)
  %y = quant.argmax_select %v, %k {axis = 1 : i64, keepdims, select_last_index} : (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x2x2x2xi16>) -> tensor<1x1x2x2xi64>
  func.return %y : tensor<1x1x2x2xi64>
}

// Linear carries the resize result's type as `resized` and its rounding; nearest has none.
// CHECK-LABEL: func.func @resize_argmax(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x8x8xi16>, tensor<1x1x8x12xi32>) {
// CHECK-NEXT:    %[[L:[^ ,:)]+]] = quant.resize_argmax %[[X]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>, resized = !quant.uniform<i8:f32, 0.04:-2>, rounding = "float"} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
// CHECK-NEXT:    %[[N:[^ ,:)]+]] = quant.resize_argmax %[[X]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00>, keepdims, select_last_index} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x1x8x12xi32>
// CHECK-NEXT:    func.return %[[L]], %[[N]] : tensor<1x8x8xi16>, tensor<1x1x8x12xi32>
// CHECK-NEXT:  }
func.func @resize_argmax(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x8x8xi16>, tensor<1x1x8x12xi32>) {
  %l = quant.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>, resized = !quant.uniform<i8:f32, 0.04:-2>, rounding = "float"} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
  %n = quant.resize_argmax %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 3.0>, keepdims, select_last_index} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x1x8x12xi32>
  func.return %l, %n : tensor<1x8x8xi16>, tensor<1x1x8x12xi32>
}
