// RUN: not xopt-opt %s -p 'graph-optimize{dilated_rule=fast}' 2>&1 | filecheck %s --check-prefix=RULE
// RUN: not xopt-opt %s -p 'graph-optimize{argmax_group=1}' 2>&1 | filecheck %s --check-prefix=GROUP
// RUN: not xopt-opt %s -p graph-optimize 2>&1 | filecheck %s --check-prefix=WEIGHT
//
// Bad options are usage errors naming the allowed values; a pass of the pipeline that
// refuses its input (here a transposed conv whose weight is not a constant, which
// decompose-conv-transpose cannot flip at compile time) fails the pipeline with its message.

// RULE: error: xopt-opt: bad pass pipeline 'graph-optimize{dilated_rule=fast}': graph-optimize: unknown dilated_rule 'fast'; use one of auto, phases, dense-kernel
// GROUP: error: xopt-opt: bad pass pipeline 'graph-optimize{argmax_group=1}': graph-optimize: argmax_group must be 0 (one stage) or at least 2, got 1
// WEIGHT: error: pass failed: decompose-conv-transpose: graph.conv_transpose2d %y has a weight that is not a graph.constant; the conv2d kernel is the flipped weight, computed at compile time

func.func @weight_argument(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x1x6x6xf32> {
  %y = graph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x6x6xf32>
  func.return %y : tensor<1x1x6x6xf32>
}
