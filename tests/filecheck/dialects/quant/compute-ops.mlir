// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// Every integer compute op of the quant dialect round-trips through the custom and the
// generic form: operands, properties (clamp, rounding, unit flags) and quantized types.

// CHECK-LABEL: func.func @constant
// CHECK-NEXT:    %[[W:.*]] = quant.constant {value = dense<[1, -7]> : tensor<2xi8>} : tensor<2x!quant.uniform<i4:f32, 0.5>>
// CHECK-NEXT:    func.return %[[W]] : tensor<2x!quant.uniform<i4:f32, 0.5>>
func.func @constant() -> tensor<2x!quant.uniform<i4:f32, 5.0e-01>> {
  %w = quant.constant {value = dense<[1, -7]> : tensor<2xi8>} : tensor<2x!quant.uniform<i4:f32, 0.5>>
  func.return %w : tensor<2x!quant.uniform<i4:f32, 0.5>>
}

// CHECK-LABEL: func.func @conv2d
// CHECK-NEXT:    %[[W:.*]] = quant.constant {value = dense<1> : tensor<2x2x3x3xi8>} : tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<[5, -5]> : tensor<2xi32>} : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.*]] = quant.conv2d %{{.*}}, %[[W]], %[[B]] {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, clamp = array<i64: -2, 127>, rounding = "float"} : (tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-2>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-2>>
func.func @conv2d(%x: tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-2>> {
  %w = quant.constant {value = dense<1> : tensor<2x2x3x3xi8>} : tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>
  %b = graph.constant {value = dense<[5, -5]> : tensor<2xi32>} : tensor<2xi32>
  %y = quant.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, clamp = array<i64: -2, 127>, rounding = "float"} : (tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %y : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK-LABEL: func.func @depthwise_no_bias
// CHECK-NEXT:    %[[Y:.*]] = quant.conv2d %{{.*}}, %{{.*}} {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x1x3x3x!quant.uniform<i4:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:120>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:120>>
func.func @depthwise_no_bias(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<2x1x3x3x!quant.uniform<i4:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:120>> {
  %y = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x1x3x3x!quant.uniform<i4:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:120>>
  func.return %y : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:120>>
}

// CHECK-LABEL: func.func @fully_connected
// CHECK-NEXT:    %[[Y:.*]] = quant.fully_connected %{{.*}}, %{{.*}}, %{{.*}} {clamp = array<i64: 1, 127>} : (tensor<2x3x!quant.uniform<i8:f32, 0.05>>, tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<4xi32>) -> tensor<2x4x!quant.uniform<i8:f32, 0.25:1>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x4x!quant.uniform<i8:f32, 0.25:1>>
func.func @fully_connected(%x: tensor<2x3x!quant.uniform<i8:f32, 0.05>>, %w: tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, %b: tensor<4xi32>) -> tensor<2x4x!quant.uniform<i8:f32, 0.25:1>> {
  %y = quant.fully_connected %x, %w, %b {clamp = array<i64: 1, 127>} : (tensor<2x3x!quant.uniform<i8:f32, 0.05>>, tensor<4x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<4xi32>) -> tensor<2x4x!quant.uniform<i8:f32, 0.25:1>>
  func.return %y : tensor<2x4x!quant.uniform<i8:f32, 0.25:1>>
}

// CHECK-LABEL: func.func @pools
// CHECK-NEXT:    %[[M:.*]] = quant.maxpool %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[A:.*]] = quant.avgpool %{{.*}} {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode, count_include_pad, rounding = "fixed_point"} : (tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.04:-1>>
// CHECK-NEXT:    %[[G:.*]] = quant.global_avgpool %{{.*}} {clamp = array<i64: 0, 127>} : (tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.02>>
// CHECK-NEXT:    func.return %[[M]], %[[A]], %[[G]] : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.04:-1>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.02>>
func.func @pools(%x: tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.04:-1>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.02>>) {
  %m = quant.maxpool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>
  %a = quant.avgpool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode, count_include_pad, rounding = "fixed_point"} : (tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.04:-1>>
  %g = quant.global_avgpool %x {clamp = array<i64: 0, 127>} : (tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.02>>
  func.return %m, %a, %g : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.04:-1>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.02>>
}

// CHECK-LABEL: func.func @elementwise
// CHECK-NEXT:    %[[S:.*]] = quant.add %{{.*}}, %{{.*}} {clamp = array<i64: 1, 127>} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x3x1x1x!quant.uniform<i8:f32, 0.1:-4>>) -> tensor<1x3x4x4x!quant.uniform<i8:f32, 0.2:1>>
// CHECK-NEXT:    %[[P:.*]] = quant.mul %{{.*}}, %{{.*}} {rounding = "float"} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x3x1x1x!quant.uniform<i8:f32, 0.1:-4>>) -> tensor<1x3x4x4x!quant.uniform<i8:f32, 0.01>>
// CHECK-NEXT:    %[[R:.*]] = quant.requantize %{{.*}} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 0.125:128>>
// CHECK-NEXT:    %[[T:.*]] = quant.table %{{.*}} {values = array<i64: 1, 0, -1, -2>, function = "negate"} : (tensor<2x2x!quant.uniform<i2:f32, 0.5>>) -> tensor<2x2x!quant.uniform<i2:f32, 0.5>>
// CHECK-NEXT:    func.return %[[S]], %[[P]], %[[R]], %[[T]] : tensor<1x3x4x4x!quant.uniform<i8:f32, 0.2:1>>, tensor<1x3x4x4x!quant.uniform<i8:f32, 0.01>>, tensor<1x3x4x4x!quant.uniform<u8:f32, 0.125:128>>, tensor<2x2x!quant.uniform<i2:f32, 0.5>>
func.func @elementwise(%a: tensor<1x3x4x4x!quant.uniform<i8:f32, 0.05:3>>, %b: tensor<1x3x1x1x!quant.uniform<i8:f32, 0.1:-4>>, %q2: tensor<2x2x!quant.uniform<i2:f32, 0.5>>) -> (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.2:1>>, tensor<1x3x4x4x!quant.uniform<i8:f32, 0.01>>, tensor<1x3x4x4x!quant.uniform<u8:f32, 0.125:128>>, tensor<2x2x!quant.uniform<i2:f32, 0.5>>) {
  %s = quant.add %a, %b {clamp = array<i64: 1, 127>} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x3x1x1x!quant.uniform<i8:f32, 0.1:-4>>) -> tensor<1x3x4x4x!quant.uniform<i8:f32, 0.2:1>>
  %p = quant.mul %a, %b {rounding = "float"} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x3x1x1x!quant.uniform<i8:f32, 0.1:-4>>) -> tensor<1x3x4x4x!quant.uniform<i8:f32, 0.01>>
  %r = quant.requantize %a : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 0.125:128>>
  %t = quant.table %q2 {values = array<i64: 1, 0, -1, -2>, function = "negate"} : (tensor<2x2x!quant.uniform<i2:f32, 0.5>>) -> tensor<2x2x!quant.uniform<i2:f32, 0.5>>
  func.return %s, %p, %r, %t : tensor<1x3x4x4x!quant.uniform<i8:f32, 0.2:1>>, tensor<1x3x4x4x!quant.uniform<i8:f32, 0.01>>, tensor<1x3x4x4x!quant.uniform<u8:f32, 0.125:128>>, tensor<2x2x!quant.uniform<i2:f32, 0.5>>
}

// CHECK-LABEL: func.func @data
// CHECK-NEXT:    %[[C:.*]] = quant.concat %{{.*}}, %{{.*}} {axis = 1 : i64, rounding = "float"} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x1x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x3x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[R:.*]] = quant.reshape %{{.*}} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x18x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[N:.*]] = quant.resize %{{.*}} {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>
// CHECK-NEXT:    %[[L:.*]] = quant.resize %{{.*}} {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>, rounding = "float"} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x6x6x!quant.uniform<i8:f32, 0.04:1>>
// CHECK-NEXT:    %[[I:.*]] = quant.argmax %{{.*}} {axis = 1 : i64, select_last_index} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x3x3xi64>
// CHECK-NEXT:    func.return %[[C]], %[[R]], %[[N]], %[[L]], %[[I]] : tensor<1x3x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x18x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x6x6x!quant.uniform<i8:f32, 0.04:1>>, tensor<1x3x3xi64>
func.func @data(%a: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>, %b: tensor<1x1x3x3x!quant.uniform<i8:f32, 0.1>>) -> (tensor<1x3x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x18x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x6x6x!quant.uniform<i8:f32, 0.04:1>>, tensor<1x3x3xi64>) {
  %c = quant.concat %a, %b {axis = 1 : i64, rounding = "float"} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x1x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x3x!quant.uniform<i8:f32, 0.05:3>>
  %r = quant.reshape %a : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x18x!quant.uniform<i8:f32, 0.05:3>>
  %n = quant.resize %a {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>
  %l = quant.resize %a {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>, rounding = "float"} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x6x6x!quant.uniform<i8:f32, 0.04:1>>
  %i = quant.argmax %a {axis = 1 : i64, select_last_index} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x3x3xi64>
  func.return %c, %r, %n, %l, %i : tensor<1x3x3x3x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x18x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x6x6x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x6x6x!quant.uniform<i8:f32, 0.04:1>>, tensor<1x3x3xi64>
}

// CHECK-LABEL: func.func @softmax
// CHECK-NEXT:    %[[S:.*]] = quant.softmax %{{.*}} {axis = -1 : i64} : (tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>
// CHECK-NEXT:    %[[F:.*]] = quant.softmax %{{.*}} {axis = 0 : i64, rounding = "float"} : (tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<2x10x!quant.uniform<u4:f32, 0.0625>>
// CHECK-NEXT:    func.return %[[S]], %[[F]] : tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<2x10x!quant.uniform<u4:f32, 0.0625>>
func.func @softmax(%x: tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<2x10x!quant.uniform<u4:f32, 0.0625>>) {
  %s = quant.softmax %x {axis = -1 : i64} : (tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>
  %f = quant.softmax %x {axis = 0 : i64, rounding = "float"} : (tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<2x10x!quant.uniform<u4:f32, 0.0625>>
  func.return %s, %f : tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<2x10x!quant.uniform<u4:f32, 0.0625>>
}
