// RUN: xopt-opt %s --split-input-file -p 'gemm-to-conv{when=always}' | filecheck %s

// when=always: a 2-D input is reshaped to N x D x 1 x 1 first; C of shape (1, K) is a bias.
// CHECK-LABEL: func.func @plain_gemm(
// CHECK-SAME:      %[[A:.*]]: tensor<2x2xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT:    %[[A_4D:.*]] = graph.reshape %[[A]] : (tensor<2x2xf32>) -> tensor<2x2x1x1xf32>
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}6.000000e+00]]]]> : tensor<3x2x1x1xf32>} : tensor<3x2x1x1xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[Y_CONV:.*]] = graph.conv2d %[[A_4D]], %[[W]], %[[C]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x2x1x1xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<2x3x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.reshape %[[Y_CONV]] : (tensor<2x3x1x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x3xf32>
// CHECK-NEXT:  }
func.func @plain_gemm(%a: tensor<2x2xf32>) -> tensor<2x3xf32> {
  %w = graph.constant {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<2x3xf32>
  %c = graph.constant {value = dense<[[1.0, 2.0, 3.0]]> : tensor<1x3xf32>} : tensor<1x3xf32>
  %y = graph.gemm %a, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<2x2xf32>, tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// -----

// A transposed A stays even with when=always.
// CHECK-LABEL: func.func @trans_a(
// CHECK-SAME:      %[[A:.*]]: tensor<2x2xf32>) -> tensor<2x2xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2x2xf32>} : tensor<2x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.gemm %[[A]], %[[W]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x2xf32>
// CHECK-NEXT:  }
func.func @trans_a(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = graph.constant {value = dense<1.0> : tensor<2x2xf32>} : tensor<2x2xf32>
  %y = graph.gemm %a, %w {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  func.return %y : tensor<2x2xf32>
}
