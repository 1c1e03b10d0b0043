// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// Round trip of every graph op, with and without its optional operands and properties,
// through the custom and the generic syntax. Infinities print as f32 bit patterns
// (0xff800000 is -inf) and reparse; constants of more than 100 elements print as hex blobs.

// CHECK-LABEL: func.func @conv2d(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x8x8xf32>, %[[W:[^:]+]]: tensor<8x2x3x3xf32>, %[[B:[^:]+]]: tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.conv2d %[[X]], %[[W]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>, group = 2 : i64, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]] : tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>
// CHECK-NEXT:    }
func.func @conv2d(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>) {
  %0 = graph.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4x4xf32>
  %1 = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>, group = 2 : i64, activation = #graph.act<clip 0.0, 6.0>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  func.return %0, %1 : tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>
}

// CHECK-LABEL: func.func @conv_transpose2d(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x5x5xf32>, %[[W:[^:]+]]: tensor<4x3x3x3xf32>, %[[B:[^:]+]]: tensor<6xf32>) -> (tensor<1x3x7x7xf32>, tensor<1x6x10x10xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.conv_transpose2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.conv_transpose2d %[[X]], %[[W]], %[[B]] {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x10xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]] : tensor<1x3x7x7xf32>, tensor<1x6x10x10xf32>
// CHECK-NEXT:    }
func.func @conv_transpose2d(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> (tensor<1x3x7x7xf32>, tensor<1x6x10x10xf32>) {
  %0 = graph.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  %1 = graph.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x10x10xf32>
  func.return %0, %1 : tensor<1x3x7x7xf32>, tensor<1x6x10x10xf32>
}

// CHECK-LABEL: func.func @gemm(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<4x3xf32>, %[[B:[^:]+]]: tensor<5x3xf32>, %[[C:[^:]+]]: tensor<5xf32>, %[[AT:[^:]+]]: tensor<3x4xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.gemm %[[A]], %[[B]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_b} : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.gemm %[[AT]], %[[B]], %[[C]] {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a, trans_b, activation = #graph.act<relu>} : (tensor<3x4xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<4x5xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]] : tensor<4x5xf32>, tensor<4x5xf32>
// CHECK-NEXT:    }
func.func @gemm(%a: tensor<4x3xf32>, %b: tensor<5x3xf32>, %c: tensor<5xf32>, %at: tensor<3x4xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %0 = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_b} : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  %1 = graph.gemm %at, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a, trans_b, activation = #graph.act<relu>} : (tensor<3x4xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  func.return %0, %1 : tensor<4x5xf32>, tensor<4x5xf32>
}

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<2x1x4x3xf32>, %[[B:[^:]+]]: tensor<5x3x6xf32>, %[[V:[^:]+]]: tensor<3xf32>, %[[I:[^:]+]]: tensor<4x3xi32>, %[[J:[^:]+]]: tensor<3xi32>) -> (tensor<2x5x4x6xf32>, tensor<2x1x4xf32>, tensor<4xi32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.matmul %[[A]], %[[B]] : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.matmul %[[A]], %[[V]] : (tensor<2x1x4x3xf32>, tensor<3xf32>) -> tensor<2x1x4xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.matmul %[[I]], %[[J]] : (tensor<4x3xi32>, tensor<3xi32>) -> tensor<4xi32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<2x5x4x6xf32>, tensor<2x1x4xf32>, tensor<4xi32>
// CHECK-NEXT:    }
func.func @matmul(%a: tensor<2x1x4x3xf32>, %b: tensor<5x3x6xf32>, %v: tensor<3xf32>, %i: tensor<4x3xi32>, %j: tensor<3xi32>) -> (tensor<2x5x4x6xf32>, tensor<2x1x4xf32>, tensor<4xi32>) {
  %0 = graph.matmul %a, %b : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
  %1 = graph.matmul %a, %v : (tensor<2x1x4x3xf32>, tensor<3xf32>) -> tensor<2x1x4xf32>
  %2 = graph.matmul %i, %j : (tensor<4x3xi32>, tensor<3xi32>) -> tensor<4xi32>
  func.return %0, %1, %2 : tensor<2x5x4x6xf32>, tensor<2x1x4xf32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @pool(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x3x7x7xf32>, %[[Q:[^:]+]]: tensor<1x3x7x7xi8>) -> (tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>, tensor<1x3x3x3xi8>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.maxpool %[[X]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.maxpool %[[X]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>, ceil_mode} : (tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.avgpool %[[X]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:    %[[V3:.*]] = graph.avgpool %[[X]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode, count_include_pad} : (tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[V4:.*]] = graph.global_avgpool %[[X]] : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
// CHECK-NEXT:    %[[V5:.*]] = graph.maxpool %[[Q]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xi8>) -> tensor<1x3x3x3xi8>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]] : tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>, tensor<1x3x3x3xi8>
// CHECK-NEXT:    }
func.func @pool(%x: tensor<1x3x7x7xf32>, %q: tensor<1x3x7x7xi8>) -> (tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>, tensor<1x3x3x3xi8>) {
  %0 = graph.maxpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  %1 = graph.maxpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>, ceil_mode} : (tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32>
  %2 = graph.avgpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32>
  %3 = graph.avgpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode, count_include_pad} : (tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32>
  %4 = graph.global_avgpool %x : (tensor<1x3x7x7xf32>) -> tensor<1x3x1x1xf32>
  %5 = graph.maxpool %q {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x7x7xi8>) -> tensor<1x3x3x3xi8>
  func.return %0, %1, %2, %3, %4, %5 : tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x3x3xf32>, tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>, tensor<1x3x3x3xi8>
}

// CHECK-LABEL: func.func @norms(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x3x4x4xf32>, %[[P:[^:]+]]: tensor<3xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.batch_norm %[[X]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e-05 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.lrn %[[X]] {size = 3 : i64, alpha = 1.000000e-04 : f32, beta = 7.500000e-01 : f32, bias = 1.000000e+00 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]] : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
// CHECK-NEXT:    }
func.func @norms(%x: tensor<1x3x4x4xf32>, %p: tensor<3xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %0 = graph.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %1 = graph.lrn %x {size = 3 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  func.return %0, %1 : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}

// CHECK-LABEL: func.func @binary(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<2x3xf32>, %[[B:[^:]+]]: tensor<3xf32>, %[[I:[^:]+]]: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.add %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.add %[[A]], %[[B]] {activation = #graph.act<leaky_relu 1.000000e-01>} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.sub %[[B]], %[[A]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[V3:.*]] = graph.mul %[[A]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[V4:.*]] = graph.div %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[V5:.*]] = graph.add %[[I]], %[[I]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT:    %[[V6:.*]] = graph.sum %[[A]], %[[B]], %[[A]] : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]], %[[V6]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf32>
// CHECK-NEXT:    }
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf32>) {
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = graph.add %a, %b {activation = #graph.act<leaky_relu 0.1>} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = graph.sub %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = graph.mul %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = graph.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = graph.add %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %6 = graph.sum %a, %b, %a : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return %0, %1, %2, %3, %4, %5, %6 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @activations(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x4x2x2xf32>, %[[S:[^:]+]]: tensor<4x1x1xf32>, %[[I:[^:]+]]: tensor<8xi8>) -> (tensor<1x4x2x2xf32>, tensor<8xi8>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.relu %[[X]] : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.sigmoid %[[V0]] : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.tanh %[[V1]] : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V3:.*]] = graph.hard_swish %[[V2]] : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V4:.*]] = graph.hard_sigmoid %[[V3]] {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V5:.*]] = graph.leaky_relu %[[V4]] {alpha = 1.000000e-02 : f32} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V6:.*]] = graph.clip %[[V5]] {min = -1.000000e+00 : f32, max = 1.000000e+00 : f32} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V7:.*]] = graph.prelu %[[V6]], %[[S]] : (tensor<1x4x2x2xf32>, tensor<4x1x1xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V8:.*]] = graph.softmax %[[V7]] {axis = -1 : i64} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    %[[V9:.*]] = graph.relu %[[I]] : (tensor<8xi8>) -> tensor<8xi8>
// CHECK-NEXT:    %[[V10:.*]] = graph.clip %[[V9]] {min = 0.000000e+00 : f32, max = 6.000000e+00 : f32} : (tensor<8xi8>) -> tensor<8xi8>
// CHECK-NEXT:    func.return %[[V8]], %[[V10]] : tensor<1x4x2x2xf32>, tensor<8xi8>
// CHECK-NEXT:    }
func.func @activations(%x: tensor<1x4x2x2xf32>, %s: tensor<4x1x1xf32>, %i: tensor<8xi8>) -> (tensor<1x4x2x2xf32>, tensor<8xi8>) {
  %0 = graph.relu %x : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = graph.sigmoid %0 : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %2 = graph.tanh %1 : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %3 = graph.hard_swish %2 : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %4 = graph.hard_sigmoid %3 {alpha = 0.2 : f32, beta = 0.5 : f32} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %5 = graph.leaky_relu %4 {alpha = 0.01 : f32} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %6 = graph.clip %5 {min = -1.0 : f32, max = 1.0 : f32} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %7 = graph.prelu %6, %s : (tensor<1x4x2x2xf32>, tensor<4x1x1xf32>) -> tensor<1x4x2x2xf32>
  %8 = graph.softmax %7 {axis = -1 : i64} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %9 = graph.relu %i : (tensor<8xi8>) -> tensor<8xi8>
  %10 = graph.clip %9 {min = 0.0 : f32, max = 6.0 : f32} : (tensor<8xi8>) -> tensor<8xi8>
  func.return %8, %10 : tensor<1x4x2x2xf32>, tensor<8xi8>
}

// CHECK-LABEL: func.func @infinities(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<4xf32>, %[[Y:[^:]+]]: tensor<1x1xf32>, %[[W:[^:]+]]: tensor<1x1xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<1x1xf32>, tensor<1x1xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.clip %[[X]] {min = 0xff800000 : f32, max = 0x7f800000 : f32} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.clip %[[X]] {min = 0.000000e+00 : f32, max = 0x7f800000 : f32} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.gemm %[[Y]], %[[W]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, activation = #graph.act<clip 0xff800000, 0x7f800000>} : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
// CHECK-NEXT:    %[[V3:.*]] = graph.gemm %[[Y]], %[[W]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, activation = #graph.act<clip -1.500000e+00, 0x7f800000>} : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]], %[[V3]] : tensor<4xf32>, tensor<4xf32>, tensor<1x1xf32>, tensor<1x1xf32>
// CHECK-NEXT:    }
func.func @infinities(%x: tensor<4xf32>, %y: tensor<1x1xf32>, %w: tensor<1x1xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<1x1xf32>, tensor<1x1xf32>) {
  %0 = graph.clip %x {min = 0xFF800000 : f32, max = 0x7F800000 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = graph.clip %x {min = 0.0 : f32, max = 0x7F800000 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = graph.gemm %y, %w {alpha = 1.0 : f32, beta = 1.0 : f32, activation = #graph.act<clip 0xFF800000, 0x7F800000>} : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %3 = graph.gemm %y, %w {alpha = 1.0 : f32, beta = 1.0 : f32, activation = #graph.act<clip -1.5, 0x7F800000>} : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  func.return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<1x1xf32>, tensor<1x1xf32>
}

// CHECK-LABEL: func.func @activation_kinds(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.add %[[A]], %[[A]] {activation = #graph.act<relu>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.add %[[A]], %[[A]] {activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.add %[[A]], %[[A]] {activation = #graph.act<leaky_relu 2.000000e-01>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[V3:.*]] = graph.add %[[A]], %[[A]] {activation = #graph.act<hard_swish>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]], %[[V3]] : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:    }
func.func @activation_kinds(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = graph.add %a, %a {activation = #graph.act<relu>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = graph.add %a, %a {activation = #graph.act<clip 0.0, 6.0>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = graph.add %a, %a {activation = #graph.act<leaky_relu 0.2>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = graph.add %a, %a {activation = #graph.act<hard_swish>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @constants(
// CHECK-SAME:    ) -> (tensor<2x2xf32>, tensor<3xi64>, tensor<4xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.constant {value = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>} : tensor<2x2xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.constant {value = dense<[1, -1, 3]> : tensor<3xi64>} : tensor<3xi64>
// CHECK-NEXT:    %[[V2:.*]] = graph.constant {value = dense<5.000000e-01> : tensor<4xf32>} : tensor<4xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<2x2xf32>, tensor<3xi64>, tensor<4xf32>
// CHECK-NEXT:    }
func.func @constants() -> (tensor<2x2xf32>, tensor<3xi64>, tensor<4xf32>) {
  %0 = graph.constant {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %1 = graph.constant {value = dense<[1, -1, 3]> : tensor<3xi64>} : tensor<3xi64>
  %2 = graph.constant {value = dense<0.5> : tensor<4xf32>} : tensor<4xf32>
  func.return %0, %1, %2 : tensor<2x2xf32>, tensor<3xi64>, tensor<4xf32>
}

// CHECK-LABEL: func.func @data_movement(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x3x4x5xf32>, %[[Y:[^:]+]]: tensor<1x2x4x5xf32>) -> (tensor<1x5x4x5xf32>, tensor<3x20xf32>, tensor<3x20xf32>, tensor<1x4x5x3xf32>, tensor<3x4x5xf32>, tensor<1x3x1x4x5x1xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.concat %[[X]], %[[Y]] {axis = 1 : i64} : (tensor<1x3x4x5xf32>, tensor<1x2x4x5xf32>) -> tensor<1x5x4x5xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.reshape %[[X]] : (tensor<1x3x4x5xf32>) -> tensor<3x20xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.flatten %[[X]] {axis = 2 : i64} : (tensor<1x3x4x5xf32>) -> tensor<3x20xf32>
// CHECK-NEXT:    %[[V3:.*]] = graph.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
// CHECK-NEXT:    %[[V4:.*]] = graph.squeeze %[[X]] {axes = array<i64: 0>} : (tensor<1x3x4x5xf32>) -> tensor<3x4x5xf32>
// CHECK-NEXT:    %[[V5:.*]] = graph.unsqueeze %[[X]] {axes = array<i64: 2, 5>} : (tensor<1x3x4x5xf32>) -> tensor<1x3x1x4x5x1xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]] : tensor<1x5x4x5xf32>, tensor<3x20xf32>, tensor<3x20xf32>, tensor<1x4x5x3xf32>, tensor<3x4x5xf32>, tensor<1x3x1x4x5x1xf32>
// CHECK-NEXT:    }
func.func @data_movement(%x: tensor<1x3x4x5xf32>, %y: tensor<1x2x4x5xf32>) -> (tensor<1x5x4x5xf32>, tensor<3x20xf32>, tensor<3x20xf32>, tensor<1x4x5x3xf32>, tensor<3x4x5xf32>, tensor<1x3x1x4x5x1xf32>) {
  %0 = graph.concat %x, %y {axis = 1 : i64} : (tensor<1x3x4x5xf32>, tensor<1x2x4x5xf32>) -> tensor<1x5x4x5xf32>
  %1 = graph.reshape %x : (tensor<1x3x4x5xf32>) -> tensor<3x20xf32>
  %2 = graph.flatten %x {axis = 2 : i64} : (tensor<1x3x4x5xf32>) -> tensor<3x20xf32>
  %3 = graph.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
  %4 = graph.squeeze %x {axes = array<i64: 0>} : (tensor<1x3x4x5xf32>) -> tensor<3x4x5xf32>
  %5 = graph.unsqueeze %x {axes = array<i64: 2, 5>} : (tensor<1x3x4x5xf32>) -> tensor<1x3x1x4x5x1xf32>
  func.return %0, %1, %2, %3, %4, %5 : tensor<1x5x4x5xf32>, tensor<3x20xf32>, tensor<3x20xf32>, tensor<1x4x5x3xf32>, tensor<3x4x5xf32>, tensor<1x3x1x4x5x1xf32>
}

// CHECK-LABEL: func.func @pad(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x3x4x4xf32>) -> (tensor<1x3x6x7xf32>, tensor<1x3x6x6xf32>, tensor<1x3x5x5xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 1>, mode = "constant", value = -1.000000e+00 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x7xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "reflect", value = 0.000000e+00 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 1>, mode = "edge", value = 0.000000e+00 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x5x5xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<1x3x6x7xf32>, tensor<1x3x6x6xf32>, tensor<1x3x5x5xf32>
// CHECK-NEXT:    }
func.func @pad(%x: tensor<1x3x4x4xf32>) -> (tensor<1x3x6x7xf32>, tensor<1x3x6x6xf32>, tensor<1x3x5x5xf32>) {
  %0 = graph.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 1>, mode = "constant", value = -1.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x7xf32>
  %1 = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "reflect", value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
  %2 = graph.pad %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 1>, mode = "edge", value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x5x5xf32>
  func.return %0, %1, %2 : tensor<1x3x6x7xf32>, tensor<1x3x6x6xf32>, tensor<1x3x5x5xf32>
}

// CHECK-LABEL: func.func @resize(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x3x4x4xf32>, %[[Z:[^:]+]]: tensor<1x1x10x7xf32>) -> (tensor<1x3x8x8xf32>, tensor<1x3x2x6xf32>, tensor<1x1x7x31xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.resize %[[X]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.resize %[[X]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 5.000000e-01, 1.500000e+00>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x2x6xf32>
// CHECK-NEXT:    %[[V2:.*]] = graph.resize %[[Z]] {mode = "nearest", coordinate_transformation_mode = "align_corners", nearest_mode = "round_prefer_ceil", scales = array<f32: 1.000000e+00, 1.000000e+00, 7.000000e-01, 4.42857122>} : (tensor<1x1x10x7xf32>) -> tensor<1x1x7x31xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<1x3x8x8xf32>, tensor<1x3x2x6xf32>, tensor<1x1x7x31xf32>
// CHECK-NEXT:    }
func.func @resize(%x: tensor<1x3x4x4xf32>, %z: tensor<1x1x10x7xf32>) -> (tensor<1x3x8x8xf32>, tensor<1x3x2x6xf32>, tensor<1x1x7x31xf32>) {
  %0 = graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  %1 = graph.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 0.5, 1.5>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x2x6xf32>
  %2 = graph.resize %z {mode = "nearest", coordinate_transformation_mode = "align_corners", nearest_mode = "round_prefer_ceil", scales = array<f32: 1.0, 1.0, 0.7, 4.42857122>} : (tensor<1x1x10x7xf32>) -> tensor<1x1x7x31xf32>
  func.return %0, %1, %2 : tensor<1x3x8x8xf32>, tensor<1x3x2x6xf32>, tensor<1x1x7x31xf32>
}

// CHECK-LABEL: func.func @reductions(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x4xf32>) -> (tensor<2x4xi64>, tensor<2x1x4xi64>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<f32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.argmax %[[X]] {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xi64>
// CHECK-NEXT:    %[[V1:.*]] = graph.argmax %[[X]] {axis = -2 : i64, keepdims, select_last_index} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
// CHECK-NEXT:    %[[V2:.*]] = graph.reduce_mean %[[X]] {axes = array<i64: 1, 2>, keepdims} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
// CHECK-NEXT:    %[[V3:.*]] = graph.reduce_mean %[[X]] {axes = array<i64: 0, -1>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V4:.*]] = graph.reduce_mean %[[X]] {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<f32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]] : tensor<2x4xi64>, tensor<2x1x4xi64>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<f32>
// CHECK-NEXT:    }
func.func @reductions(%x: tensor<2x3x4xf32>) -> (tensor<2x4xi64>, tensor<2x1x4xi64>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<f32>) {
  %0 = graph.argmax %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xi64>
  %1 = graph.argmax %x {axis = -2 : i64, keepdims, select_last_index} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  %2 = graph.reduce_mean %x {axes = array<i64: 1, 2>, keepdims} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %3 = graph.reduce_mean %x {axes = array<i64: 0, -1>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %4 = graph.reduce_mean %x {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<f32>
  func.return %0, %1, %2, %3, %4 : tensor<2x4xi64>, tensor<2x1x4xi64>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @large_constants(
// CHECK-SAME:    ) -> (tensor<2x60xf32>, tensor<128xi8>, tensor<101xf32>) {
// CHECK-NEXT:    %[[V0:.*]] = graph.constant {value = dense<"0x0000E0C00000D8C00000D0C00000C8C00000C0C00000B8C00000B0C00000A8C00000A0C0000098C0000090C0000088C0000080C0000070C0000060C0000050C0000040C0000030C0000020C0000010C0000000C00000E0BF0000C0BF0000A0BF000080BF000040BF000000BF000080BE000000000000803E0000003F0000403F0000803F0000A03F0000C03F0000E03F0000004000001040000020400000304000004040000050400000604000007040000080400000884000009040000098400000A0400000A8400000B0400000B8400000C0400000C8400000D0400000D8400000E0400000E8400000F0400000F84000000041000004410000084100000C4100001041000014410000184100001C4100002041000024410000284100002C4100003041000034410000384100003C4100004041000044410000484100004C4100005041000054410000584100005C4100006041000064410000684100006C4100007041000074410000784100007C41000080410000824100008441000086410000884100008A4100008C4100008E41000090410000924100009441000096410000984100009A4100009C4100009E410000A0410000A2410000A4410000A6410000A8410000AA410000AC410000AE410000B0410000B2410000B4410000B641"> : tensor<2x60xf32>} : tensor<2x60xf32>
// CHECK-NEXT:    %[[V1:.*]] = graph.constant {value = dense<"0x80A5CAEF14395E83A8CDF2173C6186ABD0F51A3F6489AED3F81D42678CB1D6FB20456A8FB4D9FE23486D92B7DC01264B7095BADF04294E7398BDE2072C51769BC0E50A2F54799EC3E80D32577CA1C6EB10355A7FA4C9EE13385D82A7CCF1163B6085AACFF4193E6388ADD2F71C41668BB0D5FA1F44698EB3D8FD22476C91B6DB"> : tensor<128xi8>} : tensor<128xi8>
// CHECK-NEXT:    %[[V2:.*]] = graph.constant {value = dense<2.500000e+00> : tensor<101xf32>} : tensor<101xf32>
// CHECK-NEXT:    func.return %[[V0]], %[[V1]], %[[V2]] : tensor<2x60xf32>, tensor<128xi8>, tensor<101xf32>
// CHECK-NEXT:    }
func.func @large_constants() -> (tensor<2x60xf32>, tensor<128xi8>, tensor<101xf32>) {
  %0 = graph.constant {value = dense<[[-7.0, -6.75, -6.5, -6.25, -6.0, -5.75, -5.5, -5.25, -5.0, -4.75, -4.5, -4.25, -4.0, -3.75, -3.5, -3.25, -3.0, -2.75, -2.5, -2.25, -2.0, -1.75, -1.5, -1.25, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 3.25, 3.5, 3.75, 4.0, 4.25, 4.5, 4.75, 5.0, 5.25, 5.5, 5.75, 6.0, 6.25, 6.5, 6.75, 7.0, 7.25, 7.5, 7.75], [8.0, 8.25, 8.5, 8.75, 9.0, 9.25, 9.5, 9.75, 10.0, 10.25, 10.5, 10.75, 11.0, 11.25, 11.5, 11.75, 12.0, 12.25, 12.5, 12.75, 13.0, 13.25, 13.5, 13.75, 14.0, 14.25, 14.5, 14.75, 15.0, 15.25, 15.5, 15.75, 16.0, 16.25, 16.5, 16.75, 17.0, 17.25, 17.5, 17.75, 18.0, 18.25, 18.5, 18.75, 19.0, 19.25, 19.5, 19.75, 20.0, 20.25, 20.5, 20.75, 21.0, 21.25, 21.5, 21.75, 22.0, 22.25, 22.5, 22.75]]> : tensor<2x60xf32>} : tensor<2x60xf32>
  %1 = graph.constant {value = dense<[-128, -91, -54, -17, 20, 57, 94, -125, -88, -51, -14, 23, 60, 97, -122, -85, -48, -11, 26, 63, 100, -119, -82, -45, -8, 29, 66, 103, -116, -79, -42, -5, 32, 69, 106, -113, -76, -39, -2, 35, 72, 109, -110, -73, -36, 1, 38, 75, 112, -107, -70, -33, 4, 41, 78, 115, -104, -67, -30, 7, 44, 81, 118, -101, -64, -27, 10, 47, 84, 121, -98, -61, -24, 13, 50, 87, 124, -95, -58, -21, 16, 53, 90, 127, -92, -55, -18, 19, 56, 93, -126, -89, -52, -15, 22, 59, 96, -123, -86, -49, -12, 25, 62, 99, -120, -83, -46, -9, 28, 65, 102, -117, -80, -43, -6, 31, 68, 105, -114, -77, -40, -3, 34, 71, 108, -111, -74, -37]> : tensor<128xi8>} : tensor<128xi8>
  %2 = graph.constant {value = dense<2.5> : tensor<101xf32>} : tensor<101xf32>
  func.return %0, %1, %2 : tensor<2x60xf32>, tensor<128xi8>, tensor<101xf32>
}
