// RUN: xopt-opt %s --split-input-file -p decompose-argmax | filecheck %s
// RUN: xopt-opt %s --split-input-file -p decompose-argmax | xopt-opt --split-input-file | filecheck %s
// RUN: xopt-opt %s --split-input-file -p 'decompose-argmax{group=4}' | filecheck %s --check-prefix=G4
//
// Stage 1 (graph.argmax_groups) takes the max of each group of 16 entries (the last one
// smaller) and its index, i16 up to 32768 entries, i32 beyond; stage 2 (graph.argmax_select)
// keeps the argmax's keepdims, select_last_index and i64 result. The second RUN line checks
// that both ops print and parse back unchanged; the third, the group option.

// 40 channels: groups [0, 16), [16, 32), [32, 40).
// CHECK-LABEL: func.func @channels(
// CHECK-SAME:      %[[X:.*]]: tensor<1x40x2x3xf32>) -> tensor<1x2x3xi64> {
// CHECK-NOT: graph.argmax {
// CHECK-NEXT:    %[[MAX:.*]], %[[INDEX:.*]] = graph.argmax_groups %[[X]] {axis = 1 : i64, group = 16 : i64} : (tensor<1x40x2x3xf32>) -> (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi16>)
// CHECK-NEXT:    %[[SEG:.*]] = graph.argmax_select %[[MAX]], %[[INDEX]] {axis = 1 : i64} : (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi16>) -> tensor<1x2x3xi64>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<1x2x3xi64>
// CHECK-NEXT:  }
// G4-LABEL: func.func @channels(
// G4-NEXT:    graph.argmax_groups %{{.*}} {axis = 1 : i64, group = 4 : i64} : (tensor<1x40x2x3xf32>) -> (tensor<1x10x2x3xf32>, tensor<1x10x2x3xi16>)
// G4-NEXT:    graph.argmax_select %{{.*}} {axis = 1 : i64} : (tensor<1x10x2x3xf32>, tensor<1x10x2x3xi16>) -> tensor<1x2x3xi64>
func.func @channels(%x: tensor<1x40x2x3xf32>) -> tensor<1x2x3xi64> {
  %seg = graph.argmax %x {axis = 1 : i64} : (tensor<1x40x2x3xf32>) -> tensor<1x2x3xi64>
  func.return %seg : tensor<1x2x3xi64>
}

// -----

// Both stages take the last maximum; keepdims only on stage 2.
// CHECK-LABEL: func.func @keepdims_last_index(
// CHECK-SAME:      %[[X:.*]]: tensor<2x33x4x4xf32>) -> tensor<2x1x4x4xi64> {
// CHECK-NEXT:    %[[MAX:.*]], %[[INDEX:.*]] = graph.argmax_groups %[[X]] {axis = 1 : i64, group = 16 : i64, select_last_index} : (tensor<2x33x4x4xf32>) -> (tensor<2x3x4x4xf32>, tensor<2x3x4x4xi16>)
// CHECK-NEXT:    %[[SEG:.*]] = graph.argmax_select %[[MAX]], %[[INDEX]] {axis = 1 : i64, keepdims, select_last_index} : (tensor<2x3x4x4xf32>, tensor<2x3x4x4xi16>) -> tensor<2x1x4x4xi64>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<2x1x4x4xi64>
// CHECK-NEXT:  }
// G4-LABEL: func.func @keepdims_last_index(
// G4-NEXT:    graph.argmax_groups %{{.*}} {axis = 1 : i64, group = 4 : i64, select_last_index} : (tensor<2x33x4x4xf32>) -> (tensor<2x9x4x4xf32>, tensor<2x9x4x4xi16>)
func.func @keepdims_last_index(%x: tensor<2x33x4x4xf32>) -> tensor<2x1x4x4xi64> {
  %seg = graph.argmax %x {axis = 1 : i64, keepdims, select_last_index} : (tensor<2x33x4x4xf32>) -> tensor<2x1x4x4xi64>
  func.return %seg : tensor<2x1x4x4xi64>
}

// -----

// Any axis (normalised), any element type: the group maxima keep it (int8 here).
// CHECK-LABEL: func.func @last_axis_int8(
// CHECK-SAME:      %[[X:.*]]: tensor<3x100xi8>) -> tensor<3xi64> {
// CHECK-NEXT:    %[[MAX:.*]], %[[INDEX:.*]] = graph.argmax_groups %[[X]] {axis = 1 : i64, group = 16 : i64} : (tensor<3x100xi8>) -> (tensor<3x7xi8>, tensor<3x7xi16>)
// CHECK-NEXT:    %[[Y:.*]] = graph.argmax_select %[[MAX]], %[[INDEX]] {axis = 1 : i64} : (tensor<3x7xi8>, tensor<3x7xi16>) -> tensor<3xi64>
// CHECK-NEXT:    func.return %[[Y]] : tensor<3xi64>
// CHECK-NEXT:  }
func.func @last_axis_int8(%x: tensor<3x100xi8>) -> tensor<3xi64> {
  %0 = graph.argmax %x {axis = -1 : i64} : (tensor<3x100xi8>) -> tensor<3xi64>
  func.return %0 : tensor<3xi64>
}

// -----

// Index 39999 does not fit in i16: the group indices are i32.
// CHECK-LABEL: func.func @many_classes(
// CHECK-SAME:      %[[X:.*]]: tensor<1x40000xf32>) -> tensor<1xi64> {
// CHECK-NEXT:    %[[MAX:.*]], %[[INDEX:.*]] = graph.argmax_groups %[[X]] {axis = 1 : i64, group = 16 : i64} : (tensor<1x40000xf32>) -> (tensor<1x2500xf32>, tensor<1x2500xi32>)
// CHECK-NEXT:    %[[Y:.*]] = graph.argmax_select %[[MAX]], %[[INDEX]] {axis = 1 : i64} : (tensor<1x2500xf32>, tensor<1x2500xi32>) -> tensor<1xi64>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1xi64>
// CHECK-NEXT:  }
func.func @many_classes(%x: tensor<1x40000xf32>) -> tensor<1xi64> {
  %0 = graph.argmax %x {axis = 1 : i64} : (tensor<1x40000xf32>) -> tensor<1xi64>
  func.return %0 : tensor<1xi64>
}

// -----

// At most one group: the argmax stays (with group=4 it is split in 4).
// CHECK-LABEL: func.func @one_group(
// CHECK-SAME:      %[[X:.*]]: tensor<1x16x2x2xf32>) -> tensor<1x2x2xi64> {
// CHECK-NEXT:    %[[Y:.*]] = graph.argmax %[[X]] {axis = 1 : i64} : (tensor<1x16x2x2xf32>) -> tensor<1x2x2xi64>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x2xi64>
// CHECK-NEXT:  }
// G4-LABEL: func.func @one_group(
// G4-NEXT:    graph.argmax_groups %{{.*}} {axis = 1 : i64, group = 4 : i64} : (tensor<1x16x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xi16>)
func.func @one_group(%x: tensor<1x16x2x2xf32>) -> tensor<1x2x2xi64> {
  %0 = graph.argmax %x {axis = 1 : i64} : (tensor<1x16x2x2xf32>) -> tensor<1x2x2xi64>
  func.return %0 : tensor<1x2x2xi64>
}

// -----

// On quant IR, quant.argmax becomes quant.argmax_groups (group maxima of the input's type) and
// quant.argmax_select with the argmax's flags.

// CHECK-LABEL: func.func @quant_argmax(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x21x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x1x2x3xi64> {
// CHECK-NEXT:    %[[SEG_GROUP_MAX:[^ ,:)]+]], %[[SEG_GROUP_INDEX:[^ ,:)]+]] = quant.argmax_groups %[[X]] {axis = 1 : i64, group = 16 : i64, select_last_index} : (tensor<1x21x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x3xi16>)
// CHECK-NEXT:    %[[SEG:[^ ,:)]+]] = quant.argmax_select %[[SEG_GROUP_MAX]], %[[SEG_GROUP_INDEX]] {axis = 1 : i64, keepdims, select_last_index} : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x3xi16>) -> tensor<1x1x2x3xi64>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<1x1x2x3xi64>
// CHECK-NEXT:  }

// G4-LABEL: func.func @quant_argmax(
// G4-SAME:      %[[X:[^ ,:)]+]]: tensor<1x21x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x1x2x3xi64> {
// G4-NEXT:    %[[SEG_GROUP_MAX:[^ ,:)]+]], %[[SEG_GROUP_INDEX:[^ ,:)]+]] = quant.argmax_groups %[[X]] {axis = 1 : i64, group = 4 : i64, select_last_index} : (tensor<1x21x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x6x2x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x6x2x3xi16>)
// G4-NEXT:    %[[SEG:[^ ,:)]+]] = quant.argmax_select %[[SEG_GROUP_MAX]], %[[SEG_GROUP_INDEX]] {axis = 1 : i64, keepdims, select_last_index} : (tensor<1x6x2x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x6x2x3xi16>) -> tensor<1x1x2x3xi64>
// G4-NEXT:    func.return %[[SEG]] : tensor<1x1x2x3xi64>
// G4-NEXT:  }
func.func @quant_argmax(%x: tensor<1x21x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x1x2x3xi64> {
  %seg = quant.argmax %x {axis = -3 : i64, keepdims, select_last_index} : (tensor<1x21x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x1x2x3xi64>
  func.return %seg : tensor<1x1x2x3xi64>
}

// -----

// A quant.argmax over at most `group` entries stays.

// CHECK-LABEL: func.func @quant_argmax_small(
// CHECK-SAME:      %[[X:[^ ,:)]+]]: tensor<1x16x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3xi64> {
// CHECK-NEXT:    %[[SEG:[^ ,:)]+]] = quant.argmax %[[X]] {axis = 1 : i64} : (tensor<1x16x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3xi64>
// CHECK-NEXT:    func.return %[[SEG]] : tensor<1x2x3xi64>
// CHECK-NEXT:  }

// G4-LABEL: func.func @quant_argmax_small(
// G4-SAME:      %[[X:[^ ,:)]+]]: tensor<1x16x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3xi64> {
// G4-NEXT:    %[[SEG_GROUP_MAX:[^ ,:)]+]], %[[SEG_GROUP_INDEX:[^ ,:)]+]] = quant.argmax_groups %[[X]] {axis = 1 : i64, group = 4 : i64} : (tensor<1x16x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x4x2x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x4x2x3xi16>)
// G4-NEXT:    %[[SEG:[^ ,:)]+]] = quant.argmax_select %[[SEG_GROUP_MAX]], %[[SEG_GROUP_INDEX]] {axis = 1 : i64} : (tensor<1x4x2x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x4x2x3xi16>) -> tensor<1x2x3xi64>
// G4-NEXT:    func.return %[[SEG]] : tensor<1x2x3xi64>
// G4-NEXT:  }
func.func @quant_argmax_small(%x: tensor<1x16x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3xi64> {
  %seg = quant.argmax %x {axis = 1 : i64} : (tensor<1x16x2x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3xi64>
  func.return %seg : tensor<1x2x3xi64>
}
