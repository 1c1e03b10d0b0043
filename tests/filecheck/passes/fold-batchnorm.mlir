// RUN: xopt-opt %s --split-input-file -p fold-batchnorm | filecheck %s

// Conv with bias: W[o] *= f[o], b = (b - mean) * f + shift, f = scale / sqrt(var + eps) = [2, 1].
// CHECK-LABEL: func.func @conv_bn(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
// CHECK-NOT: graph.batch_norm
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.conv2d %[[X]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x2x4x4xf32>
// CHECK-NEXT:  }
func.func @conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = graph.constant {value = dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %b = graph.constant {value = dense<[0.5, -0.5]> : tensor<2xf32>} : tensor<2xf32>
  %conv = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %scale = graph.constant {value = dense<[4.0, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %shift = graph.constant {value = dense<[1.0, 0.0]> : tensor<2xf32>} : tensor<2xf32>
  %mean = graph.constant {value = dense<[0.5, 1.5]> : tensor<2xf32>} : tensor<2xf32>
  %var = graph.constant {value = dense<[3.0, 0.0]> : tensor<2xf32>} : tensor<2xf32>
  %bn = graph.batch_norm %conv, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  func.return %bn : tensor<1x2x4x4xf32>
}

// -----

// Depthwise conv without bias: the bias is created, (0 - mean) * f + shift.
// CHECK-LABEL: func.func @depthwise_conv_bn_no_bias(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
// CHECK-NOT: graph.batch_norm
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}3.000000e+00, -3.000000e+00]]], {{\[\[\[}}1.250000e-01, 6.250000e-02]]]]> : tensor<2x1x1x2xf32>} : tensor<2x1x1x2xf32>
// CHECK-NEXT:    %[[SHIFT:.*]] = graph.constant {value = dense<[-2.750000e+00, 2.500000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.conv2d %[[X]], %[[W]], %[[SHIFT]] {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x2x2x2xf32>
// CHECK-NEXT:  }
func.func @depthwise_conv_bn_no_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant {value = dense<[[[[1.0, -1.0]]], [[[0.5, 0.25]]]]> : tensor<2x1x1x2xf32>} : tensor<2x1x1x2xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %scale = graph.constant {value = dense<[3.0, 0.5]> : tensor<2xf32>} : tensor<2xf32>
  %shift = graph.constant {value = dense<[0.25, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %mean = graph.constant {value = dense<[1.0, -2.0]> : tensor<2xf32>} : tensor<2xf32>
  %var = graph.constant {value = dense<[0.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %bn = graph.batch_norm %conv, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  func.return %bn : tensor<1x2x2x2xf32>
}

// -----

// Gemm with trans_b: row n of B scales by f[n]; C becomes beta * C * f + shift and beta 1.
// CHECK-LABEL: func.func @gemm_trans_b_bn(
// CHECK-SAME:      %[[A:.*]]: tensor<3x2xf32>) -> tensor<3x2xf32> {
// CHECK-NOT: graph.batch_norm
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[}}2.000000e+00, 4.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>} : tensor<2x2xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.constant {value = dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.gemm %[[A]], %[[W]], %[[C]] {alpha = 2.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_b} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<3x2xf32>
// CHECK-NEXT:  }
func.func @gemm_trans_b_bn(%a: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = graph.constant {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %c = graph.constant {value = dense<[1.0, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %fc = graph.gemm %a, %w, %c {alpha = 2.0 : f32, beta = 0.5 : f32, trans_b} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %scale = graph.constant {value = dense<[4.0, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %shift = graph.constant {value = dense<[1.0, 0.0]> : tensor<2xf32>} : tensor<2xf32>
  %mean = graph.constant {value = dense<[0.5, 1.5]> : tensor<2xf32>} : tensor<2xf32>
  %var = graph.constant {value = dense<[3.0, 0.0]> : tensor<2xf32>} : tensor<2xf32>
  %bn = graph.batch_norm %fc, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  func.return %bn : tensor<3x2xf32>
}

// -----

// Gemm without C: column n of B scales by f[n] and C = shift - mean * f is created.
// CHECK-LABEL: func.func @gemm_no_c_bn(
// CHECK-SAME:      %[[A:.*]]: tensor<1x2xf32>) -> tensor<1x3xf32> {
// CHECK-NOT: graph.batch_norm
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[}}2.000000e+00, 2.000000e+00, 1.500000e+00], [8.000000e+00, 5.000000e+00, 3.000000e+00]]> : tensor<2x3xf32>} : tensor<2x3xf32>
// CHECK-NEXT:    %[[SHIFT:.*]] = graph.constant {value = dense<[-2.000000e+00, 0.000000e+00, 1.500000e+00]> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.gemm %[[A]], %[[W]], %[[SHIFT]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32} : (tensor<1x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x3xf32>
// CHECK-NEXT:  }
func.func @gemm_no_c_bn(%a: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = graph.constant {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<2x3xf32>
  %fc = graph.gemm %a, %w {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %scale = graph.constant {value = dense<[2.0, 1.0, 0.5]> : tensor<3xf32>} : tensor<3xf32>
  %shift = graph.constant {value = dense<[0.0, 1.0, 2.0]> : tensor<3xf32>} : tensor<3xf32>
  %mean = graph.constant {value = dense<[1.0, 1.0, 1.0]> : tensor<3xf32>} : tensor<3xf32>
  %var = graph.constant {value = dense<[0.0, 0.0, 0.0]> : tensor<3xf32>} : tensor<3xf32>
  %bn = graph.batch_norm %fc, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  func.return %bn : tensor<1x3xf32>
}

// -----

// Grouped conv_transpose2d: W is C_in x C_out/group x kH x kW, so input channel c of
// group g scales its column j by f[g * C_out/group + j]; f = [1, 2, 3, 4].
// CHECK-LABEL: func.func @conv_transpose_bn(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32> {
// CHECK-NOT: graph.batch_norm
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-4.000000e+00]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>} : tensor<4xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.conv_transpose2d %[[X]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x4x2x2xf32>
// CHECK-NEXT:  }
func.func @conv_transpose_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %w = graph.constant {value = dense<[[[[1.0]], [[1.0]]], [[[1.0]], [[-1.0]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %b = graph.constant {value = dense<[1.0, 1.0, 1.0, 1.0]> : tensor<4xf32>} : tensor<4xf32>
  %up = graph.conv_transpose2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %scale = graph.constant {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : tensor<4xf32>
  %shift = graph.constant {value = dense<[0.0, 0.0, 0.0, 0.0]> : tensor<4xf32>} : tensor<4xf32>
  %mean = graph.constant {value = dense<[0.0, 0.0, 0.0, 0.0]> : tensor<4xf32>} : tensor<4xf32>
  %var = graph.constant {value = dense<[0.0, 0.0, 0.0, 0.0]> : tensor<4xf32>} : tensor<4xf32>
  %bn = graph.batch_norm %up, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  func.return %bn : tensor<1x4x2x2xf32>
}

// -----

// Not folded: the conv result has a second use.
// CHECK-LABEL: func.func @conv_two_users(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<2.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[CONV:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1xf32>} : tensor<1xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.batch_norm %[[CONV]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e+00 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[BN]], %[[CONV]] : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @conv_two_users(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = graph.constant {value = dense<2.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %bn = graph.batch_norm %conv, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  func.return %bn, %conv : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Not folded: the conv already has a fused activation, which the batch norm follows.
// CHECK-LABEL: func.func @conv_with_activation(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<2.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[CONV:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1xf32>} : tensor<1xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.batch_norm %[[CONV]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e+00 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @conv_with_activation(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = graph.constant {value = dense<2.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %bn = graph.batch_norm %conv, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  func.return %bn : tensor<1x1x2x2xf32>
}

// -----

// Not folded: the conv weight is not a constant.
// CHECK-LABEL: func.func @conv_runtime_weight(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>, %[[W:.*]]: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[CONV:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1xf32>} : tensor<1xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.batch_norm %[[CONV]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e+00 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @conv_runtime_weight(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %bn = graph.batch_norm %conv, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  func.return %bn : tensor<1x1x2x2xf32>
}

// -----

// Not folded: a batch norm statistic is not a constant.
// CHECK-LABEL: func.func @runtime_statistics(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>, %[[MEAN:.*]]: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<2.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[CONV:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1xf32>} : tensor<1xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.batch_norm %[[CONV]], %[[P]], %[[P]], %[[MEAN]], %[[P]] {epsilon = 1.000000e+00 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @runtime_statistics(%x: tensor<1x1x2x2xf32>, %mean: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %w = graph.constant {value = dense<2.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %bn = graph.batch_norm %conv, %p, %p, %mean, %p {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  func.return %bn : tensor<1x1x2x2xf32>
}

// -----

// Not folded: the gemm's C is not a constant.
// CHECK-LABEL: func.func @gemm_runtime_c(
// CHECK-SAME:      %[[A:.*]]: tensor<1x2xf32>, %[[C:.*]]: tensor<1x2xf32>) -> tensor<1x2xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2x2xf32>} : tensor<2x2xf32>
// CHECK-NEXT:    %[[FC:.*]] = graph.gemm %[[A]], %[[W]], %[[C]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.batch_norm %[[FC]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e+00 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x2xf32>
// CHECK-NEXT:  }
func.func @gemm_runtime_c(%a: tensor<1x2xf32>, %c: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<2x2xf32>} : tensor<2x2xf32>
  %fc = graph.gemm %a, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %bn = graph.batch_norm %fc, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  func.return %bn : tensor<1x2xf32>
}

// -----

// A batch norm after anything else stays.
// CHECK-LABEL: func.func @bn_after_relu(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[R:.*]] = graph.relu %[[X]] : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1xf32>} : tensor<1xf32>
// CHECK-NEXT:    %[[BN:.*]] = graph.batch_norm %[[R]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e+00 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[BN]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @bn_after_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %r = graph.relu %x : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %p = graph.constant {value = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %bn = graph.batch_norm %r, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  func.return %bn : tensor<1x1x2x2xf32>
}
