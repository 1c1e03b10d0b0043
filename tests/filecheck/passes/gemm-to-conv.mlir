// RUN: xopt-opt %s --split-input-file -p gemm-to-conv | filecheck %s

// The classifier: global pool -> flatten -> gemm (trans_b, alpha 2, beta 0.5) becomes a
// 1x1 conv on the pooled tensor: W = alpha * B^T as K x C x 1 x 1, bias = beta * C.
// CHECK-LABEL: func.func @classifier(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3x3xf32>) -> tensor<1x3xf32> {
// CHECK-NEXT:    %[[G:.*]] = graph.global_avgpool %[[X]] : (tensor<1x2x3x3xf32>) -> tensor<1x2x1x1xf32>
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}6.000000e+00]], {{\[\[}}8.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]]]]> : tensor<3x2x1x1xf32>} : tensor<3x2x1x1xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[Y_CONV:.*]] = graph.conv2d %[[G]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x1x1xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.reshape %[[Y_CONV]] : (tensor<1x3x1x1xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x3xf32>
// CHECK-NEXT:  }
func.func @classifier(%x: tensor<1x2x3x3xf32>) -> tensor<1x3xf32> {
  %g = graph.global_avgpool %x : (tensor<1x2x3x3xf32>) -> tensor<1x2x1x1xf32>
  %f = graph.flatten %g {axis = 1 : i64} : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %w = graph.constant {value = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>} : tensor<3x2xf32>
  %b = graph.constant {value = dense<[2.0, 4.0, 6.0]> : tensor<3xf32>} : tensor<3xf32>
  %y = graph.gemm %f, %w, %b {alpha = 2.0 : f32, beta = 0.5 : f32, trans_b, activation = #graph.act<relu>} : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  func.return %y : tensor<1x3xf32>
}

// -----

// A reshape of a 2x1x2 image into a matmul: a conv whose 1x2 kernel covers the image, with
// W[k, c, h, w] = B[c*2 + w, k].
// CHECK-LABEL: func.func @matmul_whole_image(
// CHECK-SAME:      %[[X:.*]]: tensor<2x2x1x2xf32>) -> tensor<2x1xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]], {{\[\[}}3.000000e+00, 4.000000e+00]]]]> : tensor<1x2x1x2xf32>} : tensor<1x2x1x2xf32>
// CHECK-NEXT:    %[[Y_CONV:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x2x1x2xf32>, tensor<1x2x1x2xf32>) -> tensor<2x1x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.reshape %[[Y_CONV]] : (tensor<2x1x1x1xf32>) -> tensor<2x1xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x1xf32>
// CHECK-NEXT:  }
func.func @matmul_whole_image(%x: tensor<2x2x1x2xf32>) -> tensor<2x1xf32> {
  %r = graph.reshape %x : (tensor<2x2x1x2xf32>) -> tensor<2x4xf32>
  %w = graph.constant {value = dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>} : tensor<4x1xf32>
  %y = graph.matmul %r, %w : (tensor<2x4xf32>, tensor<4x1xf32>) -> tensor<2x1xf32>
  func.return %y : tensor<2x1xf32>
}

// -----

// A gemm on a plain 2-D input stays (flatten-only is the default); so do a gemm whose C
// differs between rows and a gemm with a runtime weight.
// CHECK-LABEL: func.func @kept(
// CHECK-SAME:      %[[A:.*]]: tensor<2x2xf32>, %[[X:.*]]: tensor<2x2x1x1xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>} : tensor<2x2xf32>
// CHECK-NEXT:    %[[P:.*]] = graph.gemm %[[A]], %[[W]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:    %[[F:.*]] = graph.flatten %[[X]] {axis = 1 : i64} : (tensor<2x2x1x1xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.constant {value = dense<{{\[\[}}1.000000e+00], [2.000000e+00]]> : tensor<2x1xf32>} : tensor<2x1xf32>
// CHECK-NEXT:    %[[Q:.*]] = graph.gemm %[[F]], %[[W]], %[[C]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32} : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:    %[[R:.*]] = graph.gemm %[[F]], %[[A]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:    func.return %[[P]], %[[Q]], %[[R]] : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
// CHECK-NEXT:  }
func.func @kept(%a: tensor<2x2xf32>, %x: tensor<2x2x1x1xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = graph.constant {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %p = graph.gemm %a, %w {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %f = graph.flatten %x {axis = 1 : i64} : (tensor<2x2x1x1xf32>) -> tensor<2x2xf32>
  %c = graph.constant {value = dense<[[1.0], [2.0]]> : tensor<2x1xf32>} : tensor<2x1xf32>
  %q = graph.gemm %f, %w, %c {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %r = graph.gemm %f, %a {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  func.return %p, %q, %r : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
