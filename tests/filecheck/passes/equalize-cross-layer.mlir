// RUN: xopt-opt %s --split-input-file -p equalize-cross-layer | filecheck %s --check-prefixes=CHECK,KEEP
// RUN: xopt-opt %s --split-input-file -p 'equalize-cross-layer{relu6-to-relu=true}' | filecheck %s --check-prefixes=CHECK,RELU
//
// Output channel i of the first conv (weights and bias) is divided by s_i and input channel
// i of the second multiplied by it, s_i = sqrt(r1_i * r2_i) / r2_i, with r1_i = max|W1[i]|
// and r2_i = max|W2[:, i]|: both ranges become sqrt(r1_i * r2_i).

// r1 = [4, 1], r2 = [1, 4]: s = [2, 1/2]; the second conv's bias stays.
// CHECK-LABEL: func.func @conv_relu_conv(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
// CHECK-NEXT:    %[[W1:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}-2.000000e+00]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
// CHECK-NEXT:    %[[B1:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[C1:.*]] = graph.conv2d %[[X]], %[[W1]], %[[B1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[W2:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// CHECK-NEXT:    %[[B2:.*]] = graph.constant {value = dense<[2.500000e-01, -2.500000e-01]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[C2:.*]] = graph.conv2d %[[C1]], %[[W2]], %[[B2]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[C2]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @conv_relu_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = graph.constant {value = dense<[[[[4.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %b1 = graph.constant {value = dense<[2.0, 0.5]> : tensor<2xf32>} : tensor<2xf32>
  %c1 = graph.conv2d %x, %w1, %b1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %w2 = graph.constant {value = dense<[[[[1.0]], [[-4.0]]], [[[0.5]], [[2.0]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %b2 = graph.constant {value = dense<[0.25, -0.25]> : tensor<2xf32>} : tensor<2xf32>
  %c2 = graph.conv2d %c1, %w2, %b2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  func.return %c2 : tensor<1x2x2x2xf32>
}

// -----

// expand -> depthwise -> project: the two pairs share the depthwise conv, and the sweeps
// converge to equal ranges per channel, the cube root of the product of the three ranges:
// channel 0 has ranges 8, 1, 1 and channel 1 has 1, 8, 1, so every range becomes 2
// (s = [4, 1/2] between expand and depthwise, s = [2, 2] between depthwise and project).
// leaky_relu commutes with positive scales like relu.
// CHECK-LABEL: func.func @expand_depthwise_project(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
// CHECK-NEXT:    %[[WA:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}-2.000000e+00]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
// CHECK-NEXT:    %[[BA:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[EXPAND:.*]] = graph.conv2d %[[X]], %[[WA]], %[[BA]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[WD:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}-2.000000e+00]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
// CHECK-NEXT:    %[[BD:.*]] = graph.constant {value = dense<5.000000e-01> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[DW:.*]] = graph.conv2d %[[EXPAND]], %[[WD]], %[[BD]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #graph.act<leaky_relu 1.000000e-01>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[WP:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// CHECK-NEXT:    %[[PROJECT:.*]] = graph.conv2d %[[DW]], %[[WP]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[PROJECT]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @expand_depthwise_project(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %wa = graph.constant {value = dense<[[[[8.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %ba = graph.constant {value = dense<[4.0, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %expand = graph.conv2d %x, %wa, %ba {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %wd = graph.constant {value = dense<[[[[1.0]]], [[[-8.0]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %bd = graph.constant {value = dense<[1.0, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %dw = graph.conv2d %expand, %wd, %bd {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #graph.act<leaky_relu 0.1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %wp = graph.constant {value = dense<[[[[1.0]], [[0.5]]], [[[-0.5]], [[1.0]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %project = graph.conv2d %dw, %wp {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  func.return %project : tensor<1x2x2x2xf32>
}

// -----

// ReLU6 does not commute with scaling: the pair stays, unless relu6-to-relu turns every
// conv's ReLU6 into a ReLU (the second conv's too) and the pair is equalized as above.
// CHECK-LABEL: func.func @relu6_pair(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
// KEEP-NEXT:     %[[W1:.*]] = graph.constant {value = dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}-1.000000e+00]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
// KEEP-NEXT:     %[[B1:.*]] = graph.constant {value = dense<[2.000000e+00, 5.000000e-01]> : tensor<2xf32>} : tensor<2xf32>
// KEEP-NEXT:     %[[C1:.*]] = graph.conv2d %[[X]], %[[W1]], %[[B1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// KEEP-NEXT:     %[[W2:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}-4.000000e+00]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// KEEP-NEXT:     %[[C2:.*]] = graph.conv2d %[[C1]], %[[W2]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
// RELU-NEXT:     %[[W1:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}-2.000000e+00]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
// RELU-NEXT:     %[[B1:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2xf32>} : tensor<2xf32>
// RELU-NEXT:     %[[C1:.*]] = graph.conv2d %[[X]], %[[W1]], %[[B1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// RELU-NEXT:     %[[W2:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// RELU-NEXT:     %[[C2:.*]] = graph.conv2d %[[C1]], %[[W2]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[C2]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @relu6_pair(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = graph.constant {value = dense<[[[[4.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %b1 = graph.constant {value = dense<[2.0, 0.5]> : tensor<2xf32>} : tensor<2xf32>
  %c1 = graph.conv2d %x, %w1, %b1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<clip 0.0, 6.0>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %w2 = graph.constant {value = dense<[[[[1.0]], [[-4.0]]], [[[0.5]], [[2.0]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %c2 = graph.conv2d %c1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<clip 0.0, 6.0>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  func.return %c2 : tensor<1x2x2x2xf32>
}

// -----

// Grouped second conv (2 groups of 2 channels): input channel i is W2[i / 2, i % 2], so
// r2 = [1, 4, 3, 1]; with r1 = [4, 1, 0, 9], s = [2, 1/2, 1, 3] (1 for the zero range).
// No activation and no bias on the first conv.
// CHECK-LABEL: func.func @grouped_second_conv(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
// CHECK-NEXT:    %[[W1:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}0.000000e+00]]], {{\[\[\[}}-3.000000e+00]]]]> : tensor<4x1x1x1xf32>} : tensor<4x1x1x1xf32>
// CHECK-NEXT:    %[[C1:.*]] = graph.conv2d %[[X]], %[[W1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[W2:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-3.000000e+00]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// CHECK-NEXT:    %[[C2:.*]] = graph.conv2d %[[C1]], %[[W2]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[C2]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @grouped_second_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = graph.constant {value = dense<[[[[4.0]]], [[[1.0]]], [[[0.0]]], [[[-9.0]]]]> : tensor<4x1x1x1xf32>} : tensor<4x1x1x1xf32>
  %c1 = graph.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %w2 = graph.constant {value = dense<[[[[1.0]], [[4.0]]], [[[3.0]], [[-1.0]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %c2 = graph.conv2d %c1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  func.return %c2 : tensor<1x2x2x2xf32>
}

// -----

// Not equalized: the first conv's result has a second use.
// CHECK-LABEL: func.func @two_uses(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
// CHECK-NEXT:    %[[W1:.*]] = graph.constant {value = dense<4.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[C1:.*]] = graph.conv2d %[[X]], %[[W1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[W2:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[C2:.*]] = graph.conv2d %[[C1]], %[[W2]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[C2]], %[[C1]] : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @two_uses(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w1 = graph.constant {value = dense<4.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %c1 = graph.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %w2 = graph.constant {value = dense<1.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %c2 = graph.conv2d %c1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  func.return %c2, %c1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Not equalized: hard_swish does not commute with scaling.
// CHECK-LABEL: func.func @hard_swish(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[W1:.*]] = graph.constant {value = dense<4.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[C1:.*]] = graph.conv2d %[[X]], %[[W1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<hard_swish>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[W2:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[C2:.*]] = graph.conv2d %[[C1]], %[[W2]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[C2]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @hard_swish(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = graph.constant {value = dense<4.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %c1 = graph.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<hard_swish>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %w2 = graph.constant {value = dense<1.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %c2 = graph.conv2d %c1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  func.return %c2 : tensor<1x1x2x2xf32>
}

// -----

// Not equalized: the second conv's weight is not a constant.
// CHECK-LABEL: func.func @runtime_weight(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>, %[[W2:.*]]: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[W1:.*]] = graph.constant {value = dense<4.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[C1:.*]] = graph.conv2d %[[X]], %[[W1]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[C2:.*]] = graph.conv2d %[[C1]], %[[W2]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[C2]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @runtime_weight(%x: tensor<1x1x2x2xf32>, %w2: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = graph.constant {value = dense<4.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %c1 = graph.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %c2 = graph.conv2d %c1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  func.return %c2 : tensor<1x1x2x2xf32>
}
