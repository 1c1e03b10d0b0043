// RUN: not xopt-opt %s -p 'decompose-dilated-conv{rule=fast}' 2>&1 | filecheck %s --check-prefix=OPTION
// RUN: xopt-opt %s --split-input-file --verify-diagnostics -p 'decompose-dilated-conv{rule=dense-kernel}' | filecheck %s
// RUN: not xopt-opt %s -p 'decompose-dilated-conv{rule=dense-kernel}' 2>&1 | filecheck %s --check-prefix=CLI
//
// An unknown rule is a usage error that lists the rules. rule=dense-kernel needs a constant
// weight to dilate; with any other weight the pass fails, naming the conv (rule=phases and
// auto take the phase form, which leaves the weight as it is).

// OPTION: error: xopt-opt: bad pass pipeline 'decompose-dilated-conv{rule=fast}': decompose-dilated-conv: unknown rule 'fast'; use one of auto, phases, dense-kernel
// CLI: error: pass failed: decompose-dilated-conv: graph.conv2d %y has a weight that is not a graph.constant, so rule=dense-kernel cannot dilate it; use rule=phases

// CHECK-LABEL: "func.func"() <{sym_name = "weight_argument"
// CHECK: Error while applying pattern: decompose-dilated-conv: graph.conv2d %y has a weight that is not a graph.constant, so rule=dense-kernel cannot dilate it; use rule=phases
func.func @weight_argument(%x: tensor<1x1x5x5xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
  %y = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  func.return %y : tensor<1x1x1x1xf32>
}
