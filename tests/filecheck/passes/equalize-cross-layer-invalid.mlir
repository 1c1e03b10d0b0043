// RUN: not xopt-opt %s -p 'equalize-cross-layer{iterations=-1}' 2>&1 | filecheck %s --check-prefix=NEGATIVE
// RUN: not xopt-opt %s -p 'equalize-cross-layer{iterations=2.5}' 2>&1 | filecheck %s --check-prefix=FLOAT
//
// `iterations` is a number of sweeps over the conv pairs: a whole number, 0 or more.

// NEGATIVE: error: pass failed: equalize-cross-layer: iterations must be >= 0 (the number of sweeps over the conv pairs), got -1
// FLOAT: error: xopt-opt: bad pass pipeline 'equalize-cross-layer{iterations=2.5}': Incompatible types: given (2.5,), expected <class 'int'>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = graph.constant {value = dense<4.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %c = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  func.return %c : tensor<1x1x2x2xf32>
}
