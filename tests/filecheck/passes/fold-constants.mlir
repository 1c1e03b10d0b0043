// RUN: xopt-opt %s --split-input-file -p fold-constants | filecheck %s

// The folded constant keeps the result's name; the inputs, now unused, are erased.
// CHECK-LABEL: func.func @add(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf32>) -> tensor<2x3xf32> {
// CHECK-NOT: graph.add
// CHECK-NEXT:    %[[SUM:.*]] = graph.constant {value = dense<{{\[\[}}1.500000e+00, 1.500000e+00, 4.000000e+00], [4.500000e+00, 4.500000e+00, 7.000000e+00]]> : tensor<2x3xf32>} : tensor<2x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.mul %[[X]], %[[SUM]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x3xf32>
// CHECK-NEXT:  }
func.func @add(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = graph.constant {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<2x3xf32>
  %b = graph.constant {value = dense<[0.5, -0.5, 1.0]> : tensor<3xf32>} : tensor<3xf32>
  %sum = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %y = graph.mul %x, %sum : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// -----

// Folding repeats through chains: transpose, then reshape, then the conv's weight is constant.
// CHECK-LABEL: func.func @chain(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x2x2xf32>) -> tensor<1x3x2x2xf32> {
// CHECK-NOT: graph.transpose
// CHECK-NOT: graph.reshape
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}6.000000e+00]]]]> : tensor<3x2x1x1xf32>} : tensor<3x2x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x2x2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x3x2x2xf32>
// CHECK-NEXT:  }
func.func @chain(%x: tensor<1x2x2x2xf32>) -> tensor<1x3x2x2xf32> {
  %k = graph.constant {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<2x3xf32>
  %kt = graph.transpose %k {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %w = graph.reshape %kt : (tensor<3x2xf32>) -> tensor<3x2x1x1xf32>
  %y = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x2x2xf32>
  func.return %y : tensor<1x3x2x2xf32>
}

// -----

// A gemm of constants with its fused activation, and an argmax to an i64 constant.
// CHECK-LABEL: func.func @gemm_argmax(
// CHECK-SAME:      ) -> (tensor<2x2xf32>, tensor<2xi64>) {
// CHECK-NOT: graph.gemm
// CHECK-NOT: graph.argmax
// CHECK-NEXT:    %[[G:.*]] = graph.constant {value = dense<{{\[\[}}0.000000e+00, 0.000000e+00], [1.600000e+01, 1.200000e+01]]> : tensor<2x2xf32>} : tensor<2x2xf32>
// CHECK-NEXT:    %[[I:.*]] = graph.constant {value = dense<[0, 1]> : tensor<2xi64>} : tensor<2xi64>
// CHECK-NEXT:    func.return %[[G]], %[[I]] : tensor<2x2xf32>, tensor<2xi64>
// CHECK-NEXT:  }
func.func @gemm_argmax() -> (tensor<2x2xf32>, tensor<2xi64>) {
  %a = graph.constant {value = dense<[[1.0, -2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %c = graph.constant {value = dense<[0.5, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %g = graph.gemm %a, %a, %c {alpha = 1.0 : f32, beta = 2.0 : f32, activation = #graph.act<relu>} : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %i = graph.argmax %a {axis = 1 : i64} : (tensor<2x2xf32>) -> tensor<2xi64>
  func.return %g, %i : tensor<2x2xf32>, tensor<2xi64>
}

// -----

// The relu of a constant folds; the sub of a runtime value stays, and so does its constant.
// CHECK-LABEL: func.func @partly_constant(
// CHECK-SAME:      %[[X:.*]]: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
// CHECK-NOT: graph.relu
// CHECK-NEXT:    %[[C:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[R:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[S:.*]] = graph.sub %[[X]], %[[C]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    func.return %[[R]], %[[S]] : tensor<3xf32>, tensor<3xf32>
// CHECK-NEXT:  }
func.func @partly_constant(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %c = graph.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : tensor<3xf32>
  %r = graph.relu %c : (tensor<3xf32>) -> tensor<3xf32>
  %s = graph.sub %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  func.return %r, %s : tensor<3xf32>, tensor<3xf32>
}

// -----

// Weight standardisation and a folded scale on constants, as exporters emit them before a
// conv: transpose, (k - mean) / 2, reshape to OIHW; the bias is g * h + h. Each conv
// operand folds to one constant.
// CHECK-LABEL: func.func @weight_standardisation(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{\[\[\[\[}}2.500000e-01]], {{\[\[}}1.750000e+00]]], {{\[\[\[}}-1.500000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}-2.500000e+00]]]]> : tensor<3x2x1x1xf32>} : tensor<3x2x1x1xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<[1.000000e+00, 1.500000e+00, 2.000000e+00]> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x3x3x3xf32>
// CHECK-NEXT:  }
func.func @weight_standardisation(%x: tensor<1x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %k = graph.constant {value = dense<[[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]> : tensor<2x3xf32>} : tensor<2x3xf32>
  %kt = graph.transpose %k {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %mean = graph.constant {value = dense<[[0.5], [1.0], [-1.0]]> : tensor<3x1xf32>} : tensor<3x1xf32>
  %c = graph.sub %kt, %mean : (tensor<3x2xf32>, tensor<3x1xf32>) -> tensor<3x2xf32>
  %s = graph.constant {value = dense<2.0> : tensor<f32>} : tensor<f32>
  %d = graph.div %c, %s : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %w = graph.reshape %d : (tensor<3x2xf32>) -> tensor<3x2x1x1xf32>
  %g = graph.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : tensor<3xf32>
  %h = graph.constant {value = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %gh = graph.mul %g, %h : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %b = graph.add %gh, %h : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %y = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  func.return %y : tensor<1x3x3x3xf32>
}
