// RUN: xopt-opt %s --split-input-file -p fold-pad | filecheck %s

// Zero pad into a conv: pads add up (the conv's own [0, 1, 0, 1] plus [1, 2, 0, 1]).
// CHECK-LABEL: func.func @conv(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x4x4xf32>) -> tensor<1x3x5x7xf32> {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<3x2x1x3xf32>} : tensor<3x2x1x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[X]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 1, 3, 0, 2>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x3xf32>) -> tensor<1x3x5x7xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x3x5x7xf32>
// CHECK-NEXT:  }
func.func @conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x5x7xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 0, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x5x7xf32>
  %w = graph.constant {value = dense<1.0> : tensor<3x2x1x3xf32>} : tensor<3x2x1x3xf32>
  %y = graph.conv2d %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x5x7xf32>, tensor<3x2x1x3xf32>) -> tensor<1x3x5x7xf32>
  func.return %y : tensor<1x3x5x7xf32>
}

// -----

// A pool without pads of its own absorbs a zero pad by counting it: count_include_pad.
// CHECK-LABEL: func.func @avgpool_without_pads(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
// CHECK-NEXT:    %[[Y:.*]] = graph.avgpool %[[X]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x2x2xf32>
// CHECK-NEXT:  }
func.func @avgpool_without_pads(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %y = graph.avgpool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x2x2xf32>
  func.return %y : tensor<1x1x2x2xf32>
}

// -----

// A pool that counts its own pads counts the folded ones too.
// CHECK-LABEL: func.func @avgpool_counting_pads(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32> {
// CHECK-NEXT:    %[[Y:.*]] = graph.avgpool %[[X]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 2, 1, 1>, count_include_pad} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x4x5xf32>
// CHECK-NEXT:  }
func.func @avgpool_counting_pads(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 0, 0, 1, 0, 0, 0, 0>, mode = "constant", value = 0.0 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32>
  %y = graph.avgpool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad} : (tensor<1x1x4x5xf32>) -> tensor<1x1x4x5xf32>
  func.return %y : tensor<1x1x4x5xf32>
}

// -----

// A -inf pad into a maxpool, and the pad has two users that both absorb it.
// CHECK-LABEL: func.func @maxpool_two_users(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>) {
// CHECK-NEXT:    %[[A:.*]] = graph.maxpool %[[X]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.maxpool %[[X]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 1, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]] : tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
// CHECK-NEXT:  }
func.func @maxpool_two_users(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>) {
  %p = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 0, 0>, mode = "constant", value = 0xFF800000 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %a = graph.maxpool %p {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %b = graph.maxpool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  func.return %a, %b : tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
}

// -----

// Refused: the pool does not count its own pads but would have to count the folded ones.
// CHECK-LABEL: func.func @avgpool_not_counting_pads(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32> {
// CHECK-NEXT:    %[[P:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 0, 1, 0, 0, 0, 0>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.avgpool %[[P]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x5xf32>) -> tensor<1x1x4x5xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x1x4x5xf32>
// CHECK-NEXT:  }
func.func @avgpool_not_counting_pads(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32> {
  %p = graph.pad %x {pads = array<i64: 0, 0, 0, 1, 0, 0, 0, 0>, mode = "constant", value = 0.0 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x5xf32>
  %y = graph.avgpool %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x5xf32>) -> tensor<1x1x4x5xf32>
  func.return %y : tensor<1x1x4x5xf32>
}

// -----

// Refused: a conv pads with zeros, a maxpool with the lowest value, neither with 1 or 0.
// CHECK-LABEL: func.func @wrong_values(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) {
// CHECK-NEXT:    %[[ONE:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 1.000000e+00 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.conv2d %[[ONE]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
// CHECK-NEXT:    %[[ZERO:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[M:.*]] = graph.maxpool %[[ZERO]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
// CHECK-NEXT:    func.return %[[C]], %[[M]] : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>
// CHECK-NEXT:  }
func.func @wrong_values(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) {
  %one = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 1.0 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  %w = graph.constant {value = dense<1.0> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
  %c = graph.conv2d %one, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  %zero = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  %m = graph.maxpool %zero {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return %c, %m : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>
}

// -----

// Refused: reflect padding, padding of C, and a pad that another op reads too.
// CHECK-LABEL: func.func @other_pads(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>) {
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<1.000000e+00> : tensor<2x1x3x3xf32>} : tensor<2x1x3x3xf32>
// CHECK-NEXT:    %[[R:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "reflect", value = 0.000000e+00 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.conv2d %[[R]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %[[C:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.maxpool %[[C]] {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:    %[[Z:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
// CHECK-NEXT:    %[[D:.*]] = graph.conv2d %[[Z]], %[[W]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %[[E:.*]] = graph.relu %[[Z]] : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]], %[[D]], %[[E]] : tensor<1x2x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>
// CHECK-NEXT:  }
func.func @other_pads(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>) {
  %w = graph.constant {value = dense<1.0> : tensor<2x1x3x3xf32>} : tensor<2x1x3x3xf32>
  %r = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "reflect", value = 0.0 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %a = graph.conv2d %r, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  %c = graph.pad %x {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>, mode = "constant", value = 0.0 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x3x3x3xf32>
  %b = graph.maxpool %c {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  %z = graph.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %d = graph.conv2d %z, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  %e = graph.relu %z : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  func.return %a, %b, %d, %e : tensor<1x2x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>
}

// -----

// Refused: pool pads would reach the kernel size (2 + 1 >= 3), and with ceil_mode the
// padded column would become end padding, where no window may start (3 outputs, not 4).
// CHECK-LABEL: func.func @pool_geometry(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x4x4xf32>) -> (tensor<1x1x5x4xf32>, tensor<1x1x3x4xf32>) {
// CHECK-NEXT:    %[[P:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 2, 0, 0, 0, 0, 0>, mode = "constant", value = 0xff800000 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x4xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.maxpool %[[P]] {kernel_shape = array<i64: 3, 1>, strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>} : (tensor<1x1x6x4xf32>) -> tensor<1x1x5x4xf32>
// CHECK-NEXT:    %[[Q:.*]] = graph.pad %[[X]] {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 0>, mode = "constant", value = 0.000000e+00 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.avgpool %[[Q]] {kernel_shape = array<i64: 2, 1>, strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, ceil_mode} : (tensor<1x1x5x4xf32>) -> tensor<1x1x3x4xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]] : tensor<1x1x5x4xf32>, tensor<1x1x3x4xf32>
// CHECK-NEXT:  }
func.func @pool_geometry(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x5x4xf32>, tensor<1x1x3x4xf32>) {
  %p = graph.pad %x {pads = array<i64: 0, 0, 2, 0, 0, 0, 0, 0>, mode = "constant", value = 0xFF800000 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x4xf32>
  %a = graph.maxpool %p {kernel_shape = array<i64: 3, 1>, strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 0>} : (tensor<1x1x6x4xf32>) -> tensor<1x1x5x4xf32>
  %q = graph.pad %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 0>, mode = "constant", value = 0.0 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32>
  %b = graph.avgpool %q {kernel_shape = array<i64: 2, 1>, strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 0, 0>, ceil_mode} : (tensor<1x1x5x4xf32>) -> tensor<1x1x3x4xf32>
  func.return %a, %b : tensor<1x1x5x4xf32>, tensor<1x1x3x4xf32>
}
