// RUN: xopt-opt %s --split-input-file -p fuse-activation | filecheck %s --check-prefixes=CHECK,FUSE
// RUN: xopt-opt %s --split-input-file -p fuse-activation | xopt-opt --split-input-file | filecheck %s --check-prefixes=CHECK,FUSE
// RUN: xopt-opt %s --split-input-file --pass-pipeline='builtin.module(fold-batchnorm,fuse-activation)' | filecheck %s --check-prefixes=CHECK,PIPE
//
// The second RUN line checks that fused activations, infinite clip bounds included, print
// and parse back unchanged.

// CHECK-LABEL: func.func @conv_relu(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NOT: graph.relu
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<-1.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @conv_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = graph.constant {value = dense<-1.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y = graph.relu %conv : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  func.return %y : tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @gemm_clip(
// CHECK-SAME:      %[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<2x3xf32>) -> tensor<1x3xf32> {
// CHECK-NOT: graph.clip
// CHECK-NEXT:    %[[Y:.*]] = graph.gemm %[[A]], %[[B]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, activation = #graph.act<clip 0.000000e+00, 6.000000e+00>} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x3xf32>
// CHECK-NEXT:  }
func.func @gemm_clip(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x3xf32> {
  %fc = graph.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %y = graph.clip %fc {min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x3xf32>) -> tensor<1x3xf32>
  func.return %y : tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @add_leaky_relu(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf32>, %[[Z:.*]]: tensor<3xf32>) -> tensor<2x3xf32> {
// CHECK-NOT: graph.leaky_relu
// CHECK-NEXT:    %[[Y:.*]] = graph.add %[[X]], %[[Z]] {activation = #graph.act<leaky_relu 1.000000e-01>} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x3xf32>
// CHECK-NEXT:  }
func.func @add_leaky_relu(%x: tensor<2x3xf32>, %z: tensor<3xf32>) -> tensor<2x3xf32> {
  %s = graph.add %x, %z : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %y = graph.leaky_relu %s {alpha = 0.1 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @add_hard_swish(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>, %[[Z:.*]]: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NOT: graph.hard_swish
// CHECK-NEXT:    %[[Y:.*]] = graph.add %[[X]], %[[Z]] {activation = #graph.act<hard_swish>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<4xf32>
// CHECK-NEXT:  }
func.func @add_hard_swish(%x: tensor<4xf32>, %z: tensor<4xf32>) -> tensor<4xf32> {
  %s = graph.add %x, %z : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = graph.hard_swish %s : (tensor<4xf32>) -> tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// -----

// Infinite clip bounds (an ONNX Clip without min or max) print as f32 bit patterns.
// CHECK-LABEL: func.func @clip_infinite_bounds(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>, %[[Z:.*]]: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
// CHECK-NOT: graph.clip
// CHECK-NEXT:    %[[LOW:.*]] = graph.add %[[X]], %[[Z]] {activation = #graph.act<clip 0xff800000, 6.000000e+00>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[HIGH:.*]] = graph.add %[[Z]], %[[X]] {activation = #graph.act<clip -1.000000e+00, 0x7f800000>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    func.return %[[LOW]], %[[HIGH]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:  }
func.func @clip_infinite_bounds(%x: tensor<4xf32>, %z: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %s = graph.add %x, %z : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %low = graph.clip %s {min = 0xFF800000 : f32, max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %d = graph.add %z, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %high = graph.clip %d {min = -1.0 : f32, max = 0x7F800000 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  func.return %low, %high : tensor<4xf32>, tensor<4xf32>
}

// -----

// Not fused: the conv result has a second use.
// CHECK-LABEL: func.func @conv_two_users(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<-1.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[CONV:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.relu %[[CONV]] : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[Y]], %[[CONV]] : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @conv_two_users(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = graph.constant {value = dense<-1.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y = graph.relu %conv : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  func.return %y, %conv : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// The first activation fuses; the second stays, as the add already has one.
// CHECK-LABEL: func.func @two_activations(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>, %[[Z:.*]]: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:    %[[R:.*]] = graph.add %[[X]], %[[Z]] {activation = #graph.act<relu>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.clip %[[R]] {min = 0.000000e+00 : f32, max = 6.000000e+00 : f32} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<4xf32>
// CHECK-NEXT:  }
func.func @two_activations(%x: tensor<4xf32>, %z: tensor<4xf32>) -> tensor<4xf32> {
  %s = graph.add %x, %z : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r = graph.relu %s : (tensor<4xf32>) -> tensor<4xf32>
  %y = graph.clip %r {min = 0.0 : f32, max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// -----

// Not fused: no fusable producer (maxpool, a function argument, a matmul).
// CHECK-LABEL: func.func @not_fusable(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>, %[[M:.*]]: tensor<2x2xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>, tensor<2x2xf32>) {
// CHECK-NEXT:    %[[P:.*]] = graph.maxpool %[[X]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.relu %[[P]] : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.hard_swish %[[X]] : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[MM:.*]] = graph.matmul %[[M]], %[[M]] : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.leaky_relu %[[MM]] {alpha = 2.000000e-01 : f32} : (tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]], %[[C]] : tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>, tensor<2x2xf32>
// CHECK-NEXT:  }
func.func @not_fusable(%x: tensor<1x1x2x2xf32>, %m: tensor<2x2xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>, tensor<2x2xf32>) {
  %p = graph.maxpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  %a = graph.relu %p : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %b = graph.hard_swish %x : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %mm = graph.matmul %m, %m : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = graph.leaky_relu %mm {alpha = 0.2 : f32} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  func.return %a, %b, %c : tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>, tensor<2x2xf32>
}

// -----

// A batch norm between the conv and the relu blocks fusion until fold-batchnorm removes it.
// CHECK-LABEL: func.func @conv_bn_relu(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
// FUSE-NEXT:     %[[W:.*]] = graph.constant {value = dense<2.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// FUSE-NEXT:     %[[CONV:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// FUSE-NEXT:     %[[P:.*]] = graph.constant {value = dense<3.000000e+00> : tensor<1xf32>} : tensor<1xf32>
// FUSE-NEXT:     %[[BN:.*]] = graph.batch_norm %[[CONV]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e+00 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// FUSE-NEXT:     %[[Y:.*]] = graph.relu %[[BN]] : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
// FUSE-NEXT:     func.return %[[Y]] : tensor<1x1x2x2xf32>
// FUSE-NEXT:   }
// PIPE-NEXT:     %[[W:.*]] = graph.constant {value = dense<3.000000e+00> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// PIPE-NEXT:     %[[P:.*]] = graph.constant {value = dense<-1.500000e+00> : tensor<1xf32>} : tensor<1xf32>
// PIPE-NEXT:     %[[Y:.*]] = graph.conv2d %[[X]], %[[W]], %[[P]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// PIPE-NEXT:     func.return %[[Y]] : tensor<1x1x2x2xf32>
// PIPE-NEXT:   }
func.func @conv_bn_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = graph.constant {value = dense<2.0> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %conv = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %p = graph.constant {value = dense<3.0> : tensor<1xf32>} : tensor<1xf32>
  %bn = graph.batch_norm %conv, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %y = graph.relu %bn : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  func.return %y : tensor<1x1x2x2xf32>
}
