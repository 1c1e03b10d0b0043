// RUN: xopt-opt %s --split-input-file -p 'decompose-dilated-conv{rule=phases}' | filecheck %s
// RUN: xopt-opt %s --split-input-file -p decompose-dilated-conv | filecheck %s
// RUN: xopt-opt %s --split-input-file -p 'decompose-dilated-conv{rule=dense-kernel}' | filecheck %s --check-prefix=DENSE
//
// Every case runs under the three rules. CHECK pins rule=phases and the default rule=auto,
// which give the same IR here: auto picks phases wherever the phases execute fewer MACs
// (every case with a dilated axis of more than one tap), and in @one_tap_axis, a tie, it
// takes dense-kernel, which then is the same single conv. DENSE pins rule=dense-kernel.

// 3x3 kernel, dilation 2, "same" padding, bias and a fused relu: four phases of 4 or 3 rows
// and columns, each a dense 3x3 conv with pads 1 that keeps the bias and the relu.
// CHECK-LABEL: func.func @phases_d2(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x2x7x7xf32>, %[[B:[^:]+]]: tensor<1xf32>) -> tensor<1x1x7x7xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x2x3x3xf32>} : tensor<1x2x3x3xf32>
// CHECK-NEXT:    %[[Y_IN_H0W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT:    %[[Y_H0W0:.*]] = graph.conv2d %[[Y_IN_H0W0]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[Y_IN_H0W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 1>, steps = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x3xf32>
// CHECK-NEXT:    %[[Y_H0W1:.*]] = graph.conv2d %[[Y_IN_H0W1]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x4x3xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x4x3xf32>
// CHECK-NEXT:    %[[Y_IN_H1W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 0>, steps = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x4xf32>
// CHECK-NEXT:    %[[Y_H1W0:.*]] = graph.conv2d %[[Y_IN_H1W0]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x3x4xf32>
// CHECK-NEXT:    %[[Y_IN_H1W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 1>, steps = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %[[Y_H1W1:.*]] = graph.conv2d %[[Y_IN_H1W1]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.interleave %[[Y_H0W0]], %[[Y_H0W1]], %[[Y_H1W0]], %[[Y_H1W1]] {factors = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>, tensor<1x1x4x3xf32>, tensor<1x1x3x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x7x7xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x7x7xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @phases_d2(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x2x7x7xf32>, %[[B:[^:]+]]: tensor<1xf32>) -> tensor<1x1x7x7xf32> {
// DENSE-NEXT:    %[[W_DILATED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00]], {{\[\[}}1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00]]]]> : tensor<1x2x5x5xf32>} : tensor<1x2x5x5xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W_DILATED]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x7x7xf32>, tensor<1x2x5x5xf32>, tensor<1xf32>) -> tensor<1x1x7x7xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x1x7x7xf32>
// DENSE-NEXT:  }
func.func @phases_d2(%x: tensor<1x2x7x7xf32>, %b: tensor<1xf32>) -> tensor<1x1x7x7xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<1x2x3x3xf32>} : tensor<1x2x3x3xf32>
  %y = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x7x7xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x7x7xf32>
  func.return %y : tensor<1x1x7x7xf32>
}

// -----

// Dilations 2 x 3 with one pad row on top only: 2 x 3 phases; the top pad row lands in the
// row-0 phases only.
// CHECK-LABEL: func.func @asymmetric(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x8x9xf32>) -> tensor<1x2x7x3xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2x1x2x3xf32>} : tensor<2x1x2x3xf32>
// CHECK-NEXT:    %[[Y_IN_H0W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 0>, steps = array<i64: 2, 3>} : (tensor<1x1x8x9xf32>) -> tensor<1x1x4x3xf32>
// CHECK-NEXT:    %[[Y_H0W0:.*]] = graph.conv2d %[[Y_IN_H0W0]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x3xf32>, tensor<2x1x2x3xf32>) -> tensor<1x2x4x1xf32>
// CHECK-NEXT:    %[[Y_IN_H0W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 1>, steps = array<i64: 2, 3>} : (tensor<1x1x8x9xf32>) -> tensor<1x1x4x3xf32>
// CHECK-NEXT:    %[[Y_H0W1:.*]] = graph.conv2d %[[Y_IN_H0W1]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x3xf32>, tensor<2x1x2x3xf32>) -> tensor<1x2x4x1xf32>
// CHECK-NEXT:    %[[Y_IN_H0W2:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 2>, steps = array<i64: 2, 3>} : (tensor<1x1x8x9xf32>) -> tensor<1x1x4x3xf32>
// CHECK-NEXT:    %[[Y_H0W2:.*]] = graph.conv2d %[[Y_IN_H0W2]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x3xf32>, tensor<2x1x2x3xf32>) -> tensor<1x2x4x1xf32>
// CHECK-NEXT:    %[[Y_IN_H1W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 3>} : (tensor<1x1x8x9xf32>) -> tensor<1x1x4x3xf32>
// CHECK-NEXT:    %[[Y_H1W0:.*]] = graph.conv2d %[[Y_IN_H1W0]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x3xf32>, tensor<2x1x2x3xf32>) -> tensor<1x2x3x1xf32>
// CHECK-NEXT:    %[[Y_IN_H1W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 1>, steps = array<i64: 2, 3>} : (tensor<1x1x8x9xf32>) -> tensor<1x1x4x3xf32>
// CHECK-NEXT:    %[[Y_H1W1:.*]] = graph.conv2d %[[Y_IN_H1W1]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x3xf32>, tensor<2x1x2x3xf32>) -> tensor<1x2x3x1xf32>
// CHECK-NEXT:    %[[Y_IN_H1W2:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 2>, steps = array<i64: 2, 3>} : (tensor<1x1x8x9xf32>) -> tensor<1x1x4x3xf32>
// CHECK-NEXT:    %[[Y_H1W2:.*]] = graph.conv2d %[[Y_IN_H1W2]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x3xf32>, tensor<2x1x2x3xf32>) -> tensor<1x2x3x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.interleave %[[Y_H0W0]], %[[Y_H0W1]], %[[Y_H0W2]], %[[Y_H1W0]], %[[Y_H1W1]], %[[Y_H1W2]] {factors = array<i64: 2, 3>} : (tensor<1x2x4x1xf32>, tensor<1x2x4x1xf32>, tensor<1x2x4x1xf32>, tensor<1x2x3x1xf32>, tensor<1x2x3x1xf32>, tensor<1x2x3x1xf32>) -> tensor<1x2x7x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x7x3xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @asymmetric(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x1x8x9xf32>) -> tensor<1x2x7x3xf32> {
// DENSE-NEXT:    %[[W_DILATED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]]], {{\[\[\[}}1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]]]]> : tensor<2x1x3x7xf32>} : tensor<2x1x3x7xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W_DILATED]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x8x9xf32>, tensor<2x1x3x7xf32>) -> tensor<1x2x7x3xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x2x7x3xf32>
// DENSE-NEXT:  }
func.func @asymmetric(%x: tensor<1x1x8x9xf32>) -> tensor<1x2x7x3xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<2x1x2x3xf32>} : tensor<2x1x2x3xf32>
  %y = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>, dilations = array<i64: 2, 3>, group = 1 : i64} : (tensor<1x1x8x9xf32>, tensor<2x1x2x3xf32>) -> tensor<1x2x7x3xf32>
  func.return %y : tensor<1x2x7x3xf32>
}

// -----

// Only H is dilated: two row phases, W is not split (the slices take every column and the
// phase convs keep W's pads).
// CHECK-LABEL: func.func @one_axis(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x6x5xf32>) -> tensor<1x1x6x4xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[Y_IN_H0W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 0>, steps = array<i64: 2, 1>} : (tensor<1x1x6x5xf32>) -> tensor<1x1x3x5xf32>
// CHECK-NEXT:    %[[Y_H0W0:.*]] = graph.conv2d %[[Y_IN_H0W0]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32>
// CHECK-NEXT:    %[[Y_IN_H1W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 1>} : (tensor<1x1x6x5xf32>) -> tensor<1x1x3x5xf32>
// CHECK-NEXT:    %[[Y_H1W0:.*]] = graph.conv2d %[[Y_IN_H1W0]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 1, 2, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.interleave %[[Y_H0W0]], %[[Y_H1W0]] {factors = array<i64: 2, 1>} : (tensor<1x1x3x4xf32>, tensor<1x1x3x4xf32>) -> tensor<1x1x6x4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x6x4xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @one_axis(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x1x6x5xf32>) -> tensor<1x1x6x4xf32> {
// DENSE-NEXT:    %[[W_DILATED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x5x3xf32>} : tensor<1x1x5x3xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W_DILATED]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 3, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x5xf32>, tensor<1x1x5x3xf32>) -> tensor<1x1x6x4xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x1x6x4xf32>
// DENSE-NEXT:  }
func.func @one_axis(%x: tensor<1x1x6x5xf32>) -> tensor<1x1x6x4xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
  %y = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 3, 0>, dilations = array<i64: 2, 1>, group = 1 : i64} : (tensor<1x1x6x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x4xf32>
  func.return %y : tensor<1x1x6x4xf32>
}

// -----

// %a: stride 2 = dilation 2, so one phase (every other pixel) and a stride-1 dense conv.
// %b: H stride 3, dilation 2 (coprime): 2 phases, phase stride 3; W stride 2, dilation 4
// (gcd 2): 2 phases, phase stride 1, reading the W phases at 0 and 2 of every 4 pixels.
// CHECK-LABEL: func.func @stride_dilation(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x11x11xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[A_IN_H0W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<1x1x11x11xf32>) -> tensor<1x1x6x6xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.conv2d %[[A_IN_H0W0]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[B_IN_H0W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 2>, steps = array<i64: 2, 4>} : (tensor<1x1x11x11xf32>) -> tensor<1x1x5x3xf32>
// CHECK-NEXT:    %[[B_H0W0:.*]] = graph.conv2d %[[B_IN_H0W0]], %[[W]] {strides = array<i64: 3, 1>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x5x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[B_IN_H0W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 4>} : (tensor<1x1x11x11xf32>) -> tensor<1x1x5x3xf32>
// CHECK-NEXT:    %[[B_H0W1:.*]] = graph.conv2d %[[B_IN_H0W1]], %[[W]] {strides = array<i64: 3, 1>, pads = array<i64: 1, 0, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x5x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[B_IN_H1W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 2>, steps = array<i64: 2, 4>} : (tensor<1x1x11x11xf32>) -> tensor<1x1x5x3xf32>
// CHECK-NEXT:    %[[B_H1W0:.*]] = graph.conv2d %[[B_IN_H1W0]], %[[W]] {strides = array<i64: 3, 1>, pads = array<i64: 0, 1, 1, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x5x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[B_IN_H1W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 0>, steps = array<i64: 2, 4>} : (tensor<1x1x11x11xf32>) -> tensor<1x1x5x3xf32>
// CHECK-NEXT:    %[[B_H1W1:.*]] = graph.conv2d %[[B_IN_H1W1]], %[[W]] {strides = array<i64: 3, 1>, pads = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x5x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.interleave %[[B_H0W0]], %[[B_H0W1]], %[[B_H1W0]], %[[B_H1W1]] {factors = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]] : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @stride_dilation(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x1x11x11xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
// DENSE-NEXT:    %[[W_DILATED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00]]]]> : tensor<1x1x5x5xf32>} : tensor<1x1x5x5xf32>
// DENSE-NEXT:    %[[A:.*]] = graph.conv2d %[[X]], %[[W_DILATED]] {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x11x11xf32>, tensor<1x1x5x5xf32>) -> tensor<1x1x4x4xf32>
// DENSE-NEXT:    %[[W_DILATED_1:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]]]]> : tensor<1x1x5x9xf32>} : tensor<1x1x5x9xf32>
// DENSE-NEXT:    %[[B:.*]] = graph.conv2d %[[X]], %[[W_DILATED_1]] {strides = array<i64: 3, 2>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x11x11xf32>, tensor<1x1x5x9xf32>) -> tensor<1x1x4x4xf32>
// DENSE-NEXT:    func.return %[[A]], %[[B]] : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
// DENSE-NEXT:  }
func.func @stride_dilation(%x: tensor<1x1x11x11xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %w = graph.constant {value = dense<1.0> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
  %a = graph.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = graph.conv2d %x, %w {strides = array<i64: 3, 2>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 4>, group = 1 : i64} : (tensor<1x1x11x11xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  func.return %a, %b : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// -----

// Depthwise (group = channels) with bias and a fused clip: every phase conv stays depthwise.
// CHECK-LABEL: func.func @depthwise(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x2x5x5xf32>, %[[B:[^:]+]]: tensor<2xf32>) -> tensor<1x2x5x5xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2x1x3x3xf32>} : tensor<2x1x3x3xf32>
// CHECK-NEXT:    %[[Y_IN_H0W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %[[Y_H0W0:.*]] = graph.conv2d %[[Y_IN_H0W0]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x2x3x3xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %[[Y_IN_H0W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 1>, steps = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x2xf32>
// CHECK-NEXT:    %[[Y_H0W1:.*]] = graph.conv2d %[[Y_IN_H0W1]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x2x3x2xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x3x2xf32>
// CHECK-NEXT:    %[[Y_IN_H1W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 0>, steps = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x2x3xf32>
// CHECK-NEXT:    %[[Y_H1W0:.*]] = graph.conv2d %[[Y_IN_H1W0]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x2x2x3xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x2x3xf32>
// CHECK-NEXT:    %[[Y_IN_H1W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 1, 1>, steps = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[Y_H1W1:.*]] = graph.conv2d %[[Y_IN_H1W1]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x2x2x2xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.interleave %[[Y_H0W0]], %[[Y_H0W1]], %[[Y_H1W0]], %[[Y_H1W1]] {factors = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x2xf32>, tensor<1x2x2x3xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x5x5xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x5x5xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @depthwise(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x2x5x5xf32>, %[[B:[^:]+]]: tensor<2xf32>) -> tensor<1x2x5x5xf32> {
// DENSE-NEXT:    %[[W_DILATED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00]]], {{\[\[\[}}1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00]]]]> : tensor<2x1x5x5xf32>} : tensor<2x1x5x5xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W_DILATED]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x2x5x5xf32>, tensor<2x1x5x5xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x2x5x5xf32>
// DENSE-NEXT:  }
func.func @depthwise(%x: tensor<1x2x5x5xf32>, %b: tensor<2xf32>) -> tensor<1x2x5x5xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<2x1x3x3xf32>} : tensor<2x1x3x3xf32>
  %y = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>, group = 2 : i64, activation = #graph.act<clip 0.0, 6.0>} : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
  func.return %y : tensor<1x2x5x5xf32>
}

// -----

// Row phase 1 of the padded input (rows 1 and 3) is all padding: the input is padded with a
// graph.pad first and both phases are sliced from it.
// CHECK-LABEL: func.func @all_padding_phase(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x1x4xf32>) -> tensor<1x1x3x4xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00], [2.000000e+00]]]]> : tensor<1x1x2x1xf32>} : tensor<1x1x2x1xf32>
// CHECK-NEXT:    %[[Y_PADDED:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 2, 0, 0, 0, 2, 0>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x1x4xf32>) -> tensor<1x1x5x4xf32>
// CHECK-NEXT:    %[[Y_IN_H0W0:.*]] = graph.phase_slice %[[Y_PADDED]] {offsets = array<i64: 0, 0>, steps = array<i64: 2, 1>} : (tensor<1x1x5x4xf32>) -> tensor<1x1x3x4xf32>
// CHECK-NEXT:    %[[Y_H0W0:.*]] = graph.conv2d %[[Y_IN_H0W0]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x3x4xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x2x4xf32>
// CHECK-NEXT:    %[[Y_IN_H1W0:.*]] = graph.phase_slice %[[Y_PADDED]] {offsets = array<i64: 1, 0>, steps = array<i64: 2, 1>} : (tensor<1x1x5x4xf32>) -> tensor<1x1x2x4xf32>
// CHECK-NEXT:    %[[Y_H1W0:.*]] = graph.conv2d %[[Y_IN_H1W0]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x4xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x1x4xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.interleave %[[Y_H0W0]], %[[Y_H1W0]] {factors = array<i64: 2, 1>} : (tensor<1x1x2x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x3x4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x3x4xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @all_padding_phase(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x1x1x4xf32>) -> tensor<1x1x3x4xf32> {
// DENSE-NEXT:    %[[W_DILATED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00], [0.000000e+00], [2.000000e+00]]]]> : tensor<1x1x3x1xf32>} : tensor<1x1x3x1xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W_DILATED]] {strides = array<i64: 1, 1>, pads = array<i64: 2, 0, 2, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x1x4xf32>, tensor<1x1x3x1xf32>) -> tensor<1x1x3x4xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x1x3x4xf32>
// DENSE-NEXT:  }
func.func @all_padding_phase(%x: tensor<1x1x1x4xf32>) -> tensor<1x1x3x4xf32> {
  %w = graph.constant {value = dense<[[[[1.0], [2.0]]]]> : tensor<1x1x2x1xf32>} : tensor<1x1x2x1xf32>
  %y = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 2, 0, 2, 0>, dilations = array<i64: 2, 1>, group = 1 : i64} : (tensor<1x1x1x4xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x3x4xf32>
  func.return %y : tensor<1x1x3x4xf32>
}

// -----

// A dilation on an axis with one tap changes nothing: every rule gives one conv with
// dilation 1 and the same weight (auto: a tie in MACs, taken by dense-kernel).
// CHECK-LABEL: func.func @one_tap_axis(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x4x6xf32>) -> tensor<1x1x4x4xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x3xf32>} : tensor<1x1x1x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x6xf32>, tensor<1x1x1x3xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x4x4xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @one_tap_axis(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x1x4x6xf32>) -> tensor<1x1x4x4xf32> {
// DENSE-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x3xf32>} : tensor<1x1x1x3xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x6xf32>, tensor<1x1x1x3xf32>) -> tensor<1x1x4x4xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x1x4x4xf32>
// DENSE-NEXT:  }
func.func @one_tap_axis(%x: tensor<1x1x4x6xf32>) -> tensor<1x1x4x4xf32> {
  %w = graph.constant {value = dense<[[[[1.0, 2.0, 3.0]]]]> : tensor<1x1x1x3xf32>} : tensor<1x1x1x3xf32>
  %y = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 3, 1>, group = 1 : i64} : (tensor<1x1x4x6xf32>, tensor<1x1x1x3xf32>) -> tensor<1x1x4x4xf32>
  func.return %y : tensor<1x1x4x4xf32>
}

// -----

// Stride 2 x 1, dilation 3 x 2, a bias: the dense kernel is 4 x 3 with the taps at rows 0, 3
// and columns 0, 2.
// CHECK-LABEL: func.func @dense_kernel(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x6x6xf32>) -> tensor<1x1x2x4xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<5.000000e-01> : tensor<1xf32>} : tensor<1xf32>
// CHECK-NEXT:    %[[Y_IN_H0W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 0>, steps = array<i64: 3, 2>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:    %[[Y_H0W0:.*]] = graph.conv2d %[[Y_IN_H0W0]], %[[W]], %[[B]] {strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT:    %[[Y_IN_H0W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 0, 1>, steps = array<i64: 3, 2>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:    %[[Y_H0W1:.*]] = graph.conv2d %[[Y_IN_H0W1]], %[[W]], %[[B]] {strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT:    %[[Y_IN_H1W0:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 2, 0>, steps = array<i64: 3, 2>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:    %[[Y_H1W0:.*]] = graph.conv2d %[[Y_IN_H1W0]], %[[W]], %[[B]] {strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT:    %[[Y_IN_H1W1:.*]] = graph.phase_slice %[[X]] {offsets = array<i64: 2, 1>, steps = array<i64: 3, 2>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:    %[[Y_H1W1:.*]] = graph.conv2d %[[Y_IN_H1W1]], %[[W]], %[[B]] {strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.interleave %[[Y_H0W0]], %[[Y_H0W1]], %[[Y_H1W0]], %[[Y_H1W1]] {factors = array<i64: 2, 2>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x2x4xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @dense_kernel(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x1x6x6xf32>) -> tensor<1x1x2x4xf32> {
// DENSE-NEXT:    %[[B:.*]] = graph.constant {value = dense<5.000000e-01> : tensor<1xf32>} : tensor<1xf32>
// DENSE-NEXT:    %[[W_DILATED:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 0.000000e+00, 2.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [3.000000e+00, 0.000000e+00, 4.000000e+00]]]]> : tensor<1x1x4x3xf32>} : tensor<1x1x4x3xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W_DILATED]], %[[B]] {strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<1x1x4x3xf32>, tensor<1xf32>) -> tensor<1x1x2x4xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x1x2x4xf32>
// DENSE-NEXT:  }
func.func @dense_kernel(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x2x4xf32> {
  %w = graph.constant {value = dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
  %b = graph.constant {value = dense<0.5> : tensor<1xf32>} : tensor<1xf32>
  %y = graph.conv2d %x, %w, %b {strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 3, 2>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x4xf32>
  func.return %y : tensor<1x1x2x4xf32>
}

// -----

// Dilation 1 everywhere: left as it is.
// CHECK-LABEL: func.func @undilated(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
// DENSE-LABEL: func.func @undilated(
// DENSE-SAME:      %[[X:[^:]+]]: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
// DENSE-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
// DENSE-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
// DENSE-NEXT:    func.return %[[Y]] : tensor<1x1x2x2xf32>
// DENSE-NEXT:  }
func.func @undilated(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
  %y = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  func.return %y : tensor<1x1x2x2xf32>
}
