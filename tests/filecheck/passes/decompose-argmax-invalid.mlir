// RUN: not xopt-opt %s -p 'decompose-argmax{group=1}' 2>&1 | filecheck %s
// RUN: not xopt-opt %s -p 'decompose-argmax{group=0}' 2>&1 | filecheck %s --check-prefix=ZERO
//
// A group of one entry (or none) is no decomposition: the pass refuses the option.

// CHECK: error: pass failed: decompose-argmax: group must be at least 2 (entries per group in stage 1), got 1
// ZERO: error: pass failed: decompose-argmax: group must be at least 2 (entries per group in stage 1), got 0
func.func @channels(%x: tensor<1x40x2x3xf32>) -> tensor<1x2x3xi64> {
  %seg = graph.argmax %x {axis = 1 : i64} : (tensor<1x40x2x3xf32>) -> tensor<1x2x3xi64>
  func.return %seg : tensor<1x2x3xi64>
}
