// RUN: xopt-opt %s --split-input-file --verify-diagnostics -p decompose-conv-transpose | filecheck %s
// RUN: not xopt-opt %s -p decompose-conv-transpose 2>&1 | filecheck %s --check-prefix=CLI
//
// The conv2d kernel is the transposed convolution's weight flipped and transposed at compile
// time: a weight computed at run time is refused, naming the op.

// CLI: error: pass failed: decompose-conv-transpose: graph.conv_transpose2d %up has a weight that is not a graph.constant; the conv2d kernel is the flipped weight, computed at compile time

// CHECK-LABEL: "func.func"() <{sym_name = "computed_weight"
// CHECK: Error while applying pattern: decompose-conv-transpose: graph.conv_transpose2d %up has a weight that is not a graph.constant; the conv2d kernel is the flipped weight, computed at compile time
func.func @computed_weight(%x: tensor<1x2x3x3xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x1x7x7xf32> {
  %up = graph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<1x1x7x7xf32>
  func.return %up : tensor<1x1x7x7xf32>
}

// -----

// CHECK-LABEL: "func.func"() <{sym_name = "weight_from_an_op"
// CHECK: Error while applying pattern: decompose-conv-transpose: graph.conv_transpose2d has a weight that is not a graph.constant; the conv2d kernel is the flipped weight, computed at compile time
func.func @weight_from_an_op(%x: tensor<1x2x3x3xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %r = graph.relu %w : (tensor<2x1x3x3xf32>) -> tensor<2x1x3x3xf32>
  %0 = graph.conv_transpose2d %x, %r {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  func.return %0 : tensor<1x1x3x3xf32>
}
