// RUN: xopt-opt %s --split-input-file -p fuse-qdq | filecheck %s
// RUN: xopt-opt %s --split-input-file -p fuse-qdq | xopt-opt --split-input-file | filecheck %s
// RUN: xopt-opt %s --split-input-file -p 'fuse-qdq{rounding=float}' | filecheck %s --check-prefix=FLOAT
//
// Each case is in the QDQ form (dequantize -> float op -> quantize). The FLOAT run checks that
// `rounding=float` sets `rounding = "float"` on every created op that has the property.

// Conv with per-channel weights and a float bias: the bias becomes int32 at s_x * s_w[o]
// (1.0 / 0.125 = 8, -0.3 / 0.0625 = -4.8 -> -5); the fused relu becomes clamp [z_y, 127].

// CHECK-LABEL: func.func @conv_relu(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
// CHECK-NEXT:    %[[XQ:.*]] = quant.quantize %[[X]] : tensor<1x2x3x3xf32> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:1>>
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[\[\[}}1]], {{\[\[}}-2]]], {{\[\[\[}}3]], {{\[\[}}127]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<[8, -5]> : tensor<2xi32>} : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.*]] = quant.conv2d %[[XQ]], %[[WQ]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, clamp = array<i64: -3, 127>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>, tensor<2xi32>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %[[YD:.*]] = quant.dequantize %[[Y]] : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    func.return %[[YD]] : tensor<1x2x3x3xf32>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @conv_relu(
// FLOAT-SAME:      %[[X:.*]]: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
// FLOAT-NEXT:    %[[XQ:.*]] = quant.quantize %[[X]] : tensor<1x2x3x3xf32> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:1>>
// FLOAT-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[\[\[}}1]], {{\[\[}}-2]]], {{\[\[\[}}3]], {{\[\[}}127]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>
// FLOAT-NEXT:    %[[B:.*]] = graph.constant {value = dense<[8, -5]> : tensor<2xi32>} : tensor<2xi32>
// FLOAT-NEXT:    %[[Y:.*]] = quant.conv2d %[[XQ]], %[[WQ]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, clamp = array<i64: -3, 127>, rounding = "float"} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>, tensor<2xi32>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>>
// FLOAT-NEXT:    %[[YD:.*]] = quant.dequantize %[[Y]] : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<1x2x3x3xf32>
// FLOAT-NEXT:    func.return %[[YD]] : tensor<1x2x3x3xf32>
// FLOAT-NEXT:  }
func.func @conv_relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %xq = quant.quantize %x : tensor<1x2x3x3xf32> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:1>>
  %xd = quant.dequantize %xq : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:1>> -> tensor<1x2x3x3xf32>
  %wq = quant.constant {value = dense<[[[[1]], [[-2]]], [[[3]], [[127]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>
  %wd = quant.dequantize %wq : tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>> -> tensor<2x2x1x1xf32>
  %b = graph.constant {value = dense<[1.0, -0.3]> : tensor<2xf32>} : tensor<2xf32>
  %y = graph.conv2d %xd, %wd, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %yq = quant.quantize %y : tensor<1x2x3x3xf32> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>>
  %yd = quant.dequantize %yq : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<1x2x3x3xf32>
  func.return %yd : tensor<1x2x3x3xf32>
}

// -----

// A dequantized i32 bias at exactly s_x * s_w keeps its integers; clip(0, 6) becomes
// clamp [quantize(0), quantize(6)] = [-3, 57].

// CHECK-LABEL: func.func @conv_clip_int_bias(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>> {
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[\[\[}}1]], {{\[\[}}-2]]], {{\[\[\[}}3]], {{\[\[}}4]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[BD:.*]] = graph.constant {value = dense<[100, -7]> : tensor<2xi32>} : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.*]] = quant.conv2d %[[XQ]], %[[WQ]], %[[BD]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, clamp = array<i64: -3, 57>} : (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>>, tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>, tensor<2xi32>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:  }
func.func @conv_clip_int_bias(%xq: tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>> {
  %xd = quant.dequantize %xq : tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>> -> tensor<1x2x3x3xf32>
  %wq = quant.constant {value = dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dequantize %wq : tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>> -> tensor<2x2x1x1xf32>
  %bq = quant.constant {value = dense<[100, -7]> : tensor<2xi32>} : tensor<2x!quant.uniform<i32:f32, 0.125>>
  %bd = quant.dequantize %bq : tensor<2x!quant.uniform<i32:f32, 0.125>> -> tensor<2xf32>
  %y = graph.conv2d %xd, %wd, %bd {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<clip 0.0, 6.0>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %yq = quant.quantize %y : tensor<1x2x3x3xf32> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>>
  func.return %yq : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1:-3>>
}

// -----

// A dequantized i32 bias at another scale is requantized to s_x * s_w = 0.125, rounding half
// to even: 3 * 0.0625 / 0.125 = 1.5 -> 2, -5 * 0.0625 / 0.125 = -2.5 -> -2. No activation, no clamp.

// CHECK-LABEL: func.func @conv_bias_other_scale(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1>> {
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[\[\[}}1]], {{\[\[}}-2]]], {{\[\[\[}}3]], {{\[\[}}4]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[BD:.*]] = graph.constant {value = dense<[2, -2]> : tensor<2xi32>} : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.*]] = quant.conv2d %[[XQ]], %[[WQ]], %[[BD]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>, tensor<2xi32>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:  }
func.func @conv_bias_other_scale(%xq: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1>> {
  %xd = quant.dequantize %xq : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2x3x3xf32>
  %wq = quant.constant {value = dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dequantize %wq : tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>> -> tensor<2x2x1x1xf32>
  %bq = quant.constant {value = dense<[3, -5]> : tensor<2xi32>} : tensor<2x!quant.uniform<i32:f32:0, {0.0625, 0.0625}>>
  %bd = quant.dequantize %bq : tensor<2x!quant.uniform<i32:f32:0, {0.0625, 0.0625}>> -> tensor<2xf32>
  %y = graph.conv2d %xd, %wd, %bd {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %yq = quant.quantize %y : tensor<1x2x3x3xf32> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1>>
  func.return %yq : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.1>>
}

// -----

// A fused leaky_relu is not a clamp: the conv stays float between its dequantize and quantize.

// CHECK-LABEL: func.func @conv_leaky_relu_stays_float(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>> {
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<3> : tensor<1x1x1x1xi8>} : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[WD:.*]] = quant.dequantize %[[WQ]] : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>> -> tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[XD]], %[[WD]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<leaky_relu 1.000000e-01>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[YQ:.*]] = quant.quantize %[[Y]] : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    func.return %[[YQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:  }
func.func @conv_leaky_relu_stays_float(%xq: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>> {
  %xd = quant.dequantize %xq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x2x2xf32>
  %wq = quant.constant {value = dense<3> : tensor<1x1x1x1xi8>} : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dequantize %wq : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>> -> tensor<1x1x1x1xf32>
  %y = graph.conv2d %xd, %wd {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<leaky_relu 0.1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %yq = quant.quantize %y : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
  func.return %yq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

// Weights quantized along the input channels (axis 1) cannot be requantized per output
// channel: the conv stays float.

// CHECK-LABEL: func.func @conv_weight_axis1_stays_float(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>> {
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[\[\[}}3]], {{\[\[}}4]]]]> : tensor<1x2x1x1xi8>} : tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.25, 0.5}>>
// CHECK-NEXT:    %[[WD:.*]] = quant.dequantize %[[WQ]] : tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.25, 0.5}>> -> tensor<1x2x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[XD]], %[[WD]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[YQ:.*]] = quant.quantize %[[Y]] : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    func.return %[[YQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:  }
func.func @conv_weight_axis1_stays_float(%xq: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>> {
  %xd = quant.dequantize %xq : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2x2x2xf32>
  %wq = quant.constant {value = dense<[[[[3]], [[4]]]]> : tensor<1x2x1x1xi8>} : tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.25, 0.5}>>
  %wd = quant.dequantize %wq : tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.25, 0.5}>> -> tensor<1x2x1x1xf32>
  %y = graph.conv2d %xd, %wd {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  %yq = quant.quantize %y : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
  func.return %yq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

// Ops the quantizer marked xopt.fallback stay float.

// CHECK-LABEL: func.func @conv_fallback_stays_float(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>> {
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<3> : tensor<1x1x1x1xi8>} : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[WD:.*]] = quant.dequantize %[[WQ]] : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>> -> tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[XD]], %[[WD]] {xopt.fallback, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[YQ:.*]] = quant.quantize %[[Y]] : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    func.return %[[YQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT:  }
func.func @conv_fallback_stays_float(%xq: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>> {
  %xd = quant.dequantize %xq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x2x2xf32>
  %wq = quant.constant {value = dense<3> : tensor<1x1x1x1xi8>} : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dequantize %wq : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.25>> -> tensor<1x1x1x1xf32>
  %y = graph.conv2d %xd, %wd {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, xopt.fallback} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %yq = quant.quantize %y : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
  func.return %yq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

// Gemm with trans_b: alpha folds into the weight scales (0.25, 0.125 -> 0.125, 0.0625), beta into
// the bias: 2 * [0.5, -1.0] / (0.5 * [0.125, 0.0625]) = [16, -64]; relu -> clamp [5, 127].

// CHECK-LABEL: func.func @gemm_alpha_beta(
// CHECK-SAME:      %[[AQ:.*]]: tensor<1x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25:5>> {
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[}}1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi8>} : tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>>
// CHECK-NEXT:    %[[C:.*]] = graph.constant {value = dense<[16, -64]> : tensor<2xi32>} : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.*]] = quant.fully_connected %[[AQ]], %[[WQ]], %[[C]] {clamp = array<i64: 5, 127>} : (tensor<1x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>>, tensor<2xi32>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25:5>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x!quant.uniform<i8:f32, 0.25:5>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @gemm_alpha_beta(
// FLOAT-SAME:      %[[AQ:.*]]: tensor<1x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25:5>> {
// FLOAT-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[}}1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi8>} : tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>>
// FLOAT-NEXT:    %[[C:.*]] = graph.constant {value = dense<[16, -64]> : tensor<2xi32>} : tensor<2xi32>
// FLOAT-NEXT:    %[[Y:.*]] = quant.fully_connected %[[AQ]], %[[WQ]], %[[C]] {clamp = array<i64: 5, 127>, rounding = "float"} : (tensor<1x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.125, 0.0625}>>, tensor<2xi32>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25:5>>
// FLOAT-NEXT:    func.return %[[Y]] : tensor<1x2x!quant.uniform<i8:f32, 0.25:5>>
// FLOAT-NEXT:  }
func.func @gemm_alpha_beta(%aq: tensor<1x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25:5>> {
  %ad = quant.dequantize %aq : tensor<1x3x!quant.uniform<i8:f32, 0.5>> -> tensor<1x3xf32>
  %wq = quant.constant {value = dense<[[1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi8>} : tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>
  %wd = quant.dequantize %wq : tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>> -> tensor<2x3xf32>
  %c = graph.constant {value = dense<[0.5, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %y = graph.gemm %ad, %wd, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_b, activation = #graph.act<relu>} : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %yq = quant.quantize %y : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.25:5>>
  func.return %yq : tensor<1x2x!quant.uniform<i8:f32, 0.25:5>>
}

// -----

// Gemm without trans_b: the K x N weight (per-axis along N, axis 1) is transposed to N x K
// along axis 0.

// CHECK-LABEL: func.func @gemm_k_by_n_weight(
// CHECK-SAME:      %[[AQ:.*]]: tensor<1x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25>> {
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[}}1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi8>} : tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.125}>>
// CHECK-NEXT:    %[[Y:.*]] = quant.fully_connected %[[AQ]], %[[WQ]] : (tensor<1x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.125}>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:  }
func.func @gemm_k_by_n_weight(%aq: tensor<1x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25>> {
  %ad = quant.dequantize %aq : tensor<1x3x!quant.uniform<i8:f32, 0.5>> -> tensor<1x3xf32>
  %wq = quant.constant {value = dense<[[1, -4], [2, -5], [3, -6]]> : tensor<3x2xi8>} : tensor<3x2x!quant.uniform<i8:f32:1, {0.25, 0.125}>>
  %wd = quant.dequantize %wq : tensor<3x2x!quant.uniform<i8:f32:1, {0.25, 0.125}>> -> tensor<3x2xf32>
  %y = graph.gemm %ad, %wd {alpha = 1.0 : f32, beta = 1.0 : f32} : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  %yq = quant.quantize %y : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.25>>
  func.return %yq : tensor<1x2x!quant.uniform<i8:f32, 0.25>>
}

// -----

// trans_a is not supported: the gemm stays float.

// CHECK-LABEL: func.func @gemm_trans_a_stays_float(
// CHECK-SAME:      %[[AQ:.*]]: tensor<3x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25>> {
// CHECK-NEXT:    %[[AD:.*]] = quant.dequantize %[[AQ]] : tensor<3x1x!quant.uniform<i8:f32, 0.5>> -> tensor<3x1xf32>
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[}}1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi8>} : tensor<2x3x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[WD:.*]] = quant.dequantize %[[WQ]] : tensor<2x3x!quant.uniform<i8:f32, 0.25>> -> tensor<2x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.gemm %[[AD]], %[[WD]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a, trans_b} : (tensor<3x1xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    %[[YQ:.*]] = quant.quantize %[[Y]] : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    func.return %[[YQ]] : tensor<1x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:  }
func.func @gemm_trans_a_stays_float(%aq: tensor<3x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25>> {
  %ad = quant.dequantize %aq : tensor<3x1x!quant.uniform<i8:f32, 0.5>> -> tensor<3x1xf32>
  %wq = quant.constant {value = dense<[[1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi8>} : tensor<2x3x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dequantize %wq : tensor<2x3x!quant.uniform<i8:f32, 0.25>> -> tensor<2x3xf32>
  %y = graph.gemm %ad, %wd {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a, trans_b} : (tensor<3x1xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %yq = quant.quantize %y : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.25>>
  func.return %yq : tensor<1x2x!quant.uniform<i8:f32, 0.25>>
}

// -----

// MatMul with a constant 2-D right-hand side becomes fully_connected with the weight transposed.

// CHECK-LABEL: func.func @matmul_constant_rhs(
// CHECK-SAME:      %[[AQ:.*]]: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.25>> {
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[}}1, 2, 3], [-4, -5, -6]]> : tensor<2x3xi8>} : tensor<2x3x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[Y:.*]] = quant.fully_connected %[[AQ]], %[[WQ]] : (tensor<2x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:  }
func.func @matmul_constant_rhs(%aq: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.25>> {
  %ad = quant.dequantize %aq : tensor<2x3x!quant.uniform<i8:f32, 0.5>> -> tensor<2x3xf32>
  %wq = quant.constant {value = dense<[[1, -4], [2, -5], [3, -6]]> : tensor<3x2xi8>} : tensor<3x2x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dequantize %wq : tensor<3x2x!quant.uniform<i8:f32, 0.25>> -> tensor<3x2xf32>
  %y = graph.matmul %ad, %wd : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %yq = quant.quantize %y : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 0.25>>
  func.return %yq : tensor<2x2x!quant.uniform<i8:f32, 0.25>>
}

// -----

// Add (broadcasting, mixed i8/u8 inputs) with a fused relu -> quant.add with clamp; mul -> quant.mul.

// CHECK-LABEL: func.func @add_relu_and_mul(
// CHECK-SAME:      %[[AQ:.*]]: tensor<1x4x!quant.uniform<i8:f32, 0.5>>, %[[BQ:.*]]: tensor<4x!quant.uniform<u8:f32, 0.25:128>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>> {
// CHECK-NEXT:    %[[S:.*]] = quant.add %[[AQ]], %[[BQ]] {clamp = array<i64: -10, 127>} : (tensor<1x4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-10>>
// CHECK-NEXT:    %[[P:.*]] = quant.mul %[[S]], %[[AQ]] : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-10>>, tensor<1x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>>
// CHECK-NEXT:    func.return %[[P]] : tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @add_relu_and_mul(
// FLOAT-SAME:      %[[AQ:.*]]: tensor<1x4x!quant.uniform<i8:f32, 0.5>>, %[[BQ:.*]]: tensor<4x!quant.uniform<u8:f32, 0.25:128>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>> {
// FLOAT-NEXT:    %[[S:.*]] = quant.add %[[AQ]], %[[BQ]] {clamp = array<i64: -10, 127>, rounding = "float"} : (tensor<1x4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-10>>
// FLOAT-NEXT:    %[[P:.*]] = quant.mul %[[S]], %[[AQ]] {rounding = "float"} : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-10>>, tensor<1x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>>
// FLOAT-NEXT:    func.return %[[P]] : tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>>
// FLOAT-NEXT:  }
func.func @add_relu_and_mul(%aq: tensor<1x4x!quant.uniform<i8:f32, 0.5>>, %bq: tensor<4x!quant.uniform<u8:f32, 0.25:128>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>> {
  %ad = quant.dequantize %aq : tensor<1x4x!quant.uniform<i8:f32, 0.5>> -> tensor<1x4xf32>
  %bd = quant.dequantize %bq : tensor<4x!quant.uniform<u8:f32, 0.25:128>> -> tensor<4xf32>
  %s = graph.add %ad, %bd {activation = #graph.act<relu>} : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %sq = quant.quantize %s : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.5:-10>>
  %sd = quant.dequantize %sq : tensor<1x4x!quant.uniform<i8:f32, 0.5:-10>> -> tensor<1x4xf32>
  %p = graph.mul %sd, %ad : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %pq = quant.quantize %p : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>>
  func.return %pq : tensor<1x4x!quant.uniform<i8:f32, 0.125:-2>>
}

// -----

// MaxPool keeps its input's quantization: with other output parameters it is followed by a
// requantize. AvgPool and GlobalAvgPool rescale themselves.

// CHECK-LABEL: func.func @pools(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>) {
// CHECK-NEXT:    %[[M:.*]] = quant.maxpool %[[XQ]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>
// CHECK-NEXT:    %[[N:.*]] = quant.maxpool %[[XQ]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>
// CHECK-NEXT:    %[[N_1:.*]] = quant.requantize %[[N]] : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[A:.*]] = quant.avgpool %[[XQ]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, count_include_pad} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    %[[G:.*]] = quant.global_avgpool %[[XQ]] : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>
// CHECK-NEXT:    func.return %[[M]], %[[N_1]], %[[A]], %[[G]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @pools(
// FLOAT-SAME:      %[[XQ:.*]]: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>) {
// FLOAT-NEXT:    %[[M:.*]] = quant.maxpool %[[XQ]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>
// FLOAT-NEXT:    %[[N:.*]] = quant.maxpool %[[XQ]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>
// FLOAT-NEXT:    %[[N_1:.*]] = quant.requantize %[[N]] {rounding = "float"} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
// FLOAT-NEXT:    %[[A:.*]] = quant.avgpool %[[XQ]] {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, rounding = "float", count_include_pad} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
// FLOAT-NEXT:    %[[G:.*]] = quant.global_avgpool %[[XQ]] {rounding = "float"} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>
// FLOAT-NEXT:    func.return %[[M]], %[[N_1]], %[[A]], %[[G]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>
// FLOAT-NEXT:  }
func.func @pools(%xq: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>>) -> (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>) {
  %xd = quant.dequantize %xq : tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5:1>> -> tensor<1x1x4x4xf32>
  %m = graph.maxpool %xd {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %mq = quant.quantize %m : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>
  %n = graph.maxpool %xd {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %nq = quant.quantize %n : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
  %a = graph.avgpool %xd {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, count_include_pad} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %aq = quant.quantize %a : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
  %g = graph.global_avgpool %xd : (tensor<1x1x4x4xf32>) -> tensor<1x1x1x1xf32>
  %gq = quant.quantize %g : tensor<1x1x1x1xf32> -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>
  func.return %mq, %nq, %aq, %gq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.125>>
}

// -----

// quant.maxpool has no dilations: a dilated maxpool stays float.

// CHECK-LABEL: func.func @dilated_maxpool_stays_float(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>> {
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[M:.*]] = graph.maxpool %[[XD]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[MQ:.*]] = quant.quantize %[[M]] : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    func.return %[[MQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:  }
func.func @dilated_maxpool_stays_float(%xq: tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>> {
  %xd = quant.dequantize %xq : tensor<1x1x4x4x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x4x4xf32>
  %m = graph.maxpool %xd {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %mq = quant.quantize %m : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>
  func.return %mq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Concat requantizes its inputs itself; flatten and reshape become quant.reshape, followed by a
// requantize when the quantize asks for other parameters.

// CHECK-LABEL: func.func @concat_and_reshapes(
// CHECK-SAME:      %[[AQ:.*]]: tensor<1x2x2x!quant.uniform<i8:f32, 0.5>>, %[[BQ:.*]]: tensor<1x1x2x!quant.uniform<i8:f32, 0.25>>) -> (tensor<1x6x!quant.uniform<i8:f32, 0.5>>, tensor<3x2x!quant.uniform<i8:f32, 0.25>>) {
// CHECK-NEXT:    %[[C:.*]] = quant.concat %[[AQ]], %[[BQ]] {axis = 1 : i64} : (tensor<1x2x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    %[[F:.*]] = quant.reshape %[[C]] : (tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x6x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    %[[R:.*]] = quant.reshape %[[C]] : (tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    %[[R_1:.*]] = quant.requantize %[[R]] : (tensor<3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    func.return %[[F]], %[[R_1]] : tensor<1x6x!quant.uniform<i8:f32, 0.5>>, tensor<3x2x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @concat_and_reshapes(
// FLOAT-SAME:      %[[AQ:.*]]: tensor<1x2x2x!quant.uniform<i8:f32, 0.5>>, %[[BQ:.*]]: tensor<1x1x2x!quant.uniform<i8:f32, 0.25>>) -> (tensor<1x6x!quant.uniform<i8:f32, 0.5>>, tensor<3x2x!quant.uniform<i8:f32, 0.25>>) {
// FLOAT-NEXT:    %[[C:.*]] = quant.concat %[[AQ]], %[[BQ]] {axis = 1 : i64, rounding = "float"} : (tensor<1x2x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>
// FLOAT-NEXT:    %[[F:.*]] = quant.reshape %[[C]] : (tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x6x!quant.uniform<i8:f32, 0.5>>
// FLOAT-NEXT:    %[[R:.*]] = quant.reshape %[[C]] : (tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.5>>
// FLOAT-NEXT:    %[[R_1:.*]] = quant.requantize %[[R]] {rounding = "float"} : (tensor<3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.25>>
// FLOAT-NEXT:    func.return %[[F]], %[[R_1]] : tensor<1x6x!quant.uniform<i8:f32, 0.5>>, tensor<3x2x!quant.uniform<i8:f32, 0.25>>
// FLOAT-NEXT:  }
func.func @concat_and_reshapes(%aq: tensor<1x2x2x!quant.uniform<i8:f32, 0.5>>, %bq: tensor<1x1x2x!quant.uniform<i8:f32, 0.25>>) -> (tensor<1x6x!quant.uniform<i8:f32, 0.5>>, tensor<3x2x!quant.uniform<i8:f32, 0.25>>) {
  %ad = quant.dequantize %aq : tensor<1x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2x2xf32>
  %bd = quant.dequantize %bq : tensor<1x1x2x!quant.uniform<i8:f32, 0.25>> -> tensor<1x1x2xf32>
  %c = graph.concat %ad, %bd {axis = 1 : i64} : (tensor<1x2x2xf32>, tensor<1x1x2xf32>) -> tensor<1x3x2xf32>
  %cq = quant.quantize %c : tensor<1x3x2xf32> -> tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>
  %cd = quant.dequantize %cq : tensor<1x3x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x3x2xf32>
  %f = graph.flatten %cd {axis = 1 : i64} : (tensor<1x3x2xf32>) -> tensor<1x6xf32>
  %fq = quant.quantize %f : tensor<1x6xf32> -> tensor<1x6x!quant.uniform<i8:f32, 0.5>>
  %r = graph.reshape %cd : (tensor<1x3x2xf32>) -> tensor<3x2xf32>
  %rq = quant.quantize %r : tensor<3x2xf32> -> tensor<3x2x!quant.uniform<i8:f32, 0.25>>
  func.return %fq, %rq : tensor<1x6x!quant.uniform<i8:f32, 0.5>>, tensor<3x2x!quant.uniform<i8:f32, 0.25>>
}

// -----

// Nearest resize copies stored integers; linear resize interpolates and rescales.

// CHECK-LABEL: func.func @resizes(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>) {
// CHECK-NEXT:    %[[N:.*]] = quant.resize %[[XQ]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT:    %[[L:.*]] = quant.resize %[[XQ]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:    func.return %[[N]], %[[L]] : tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @resizes(
// FLOAT-SAME:      %[[XQ:.*]]: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>) {
// FLOAT-NEXT:    %[[N:.*]] = quant.resize %[[XQ]] {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>
// FLOAT-NEXT:    %[[L:.*]] = quant.resize %[[XQ]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>, rounding = "float"} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>
// FLOAT-NEXT:    func.return %[[N]], %[[L]] : tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>
// FLOAT-NEXT:  }
func.func @resizes(%xq: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>) {
  %xd = quant.dequantize %xq : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>> -> tensor<1x1x2x2xf32>
  %n = graph.resize %xd {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  %nq = quant.quantize %n : tensor<1x1x4x4xf32> -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>
  %l = graph.resize %xd {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  %lq = quant.quantize %l : tensor<1x1x4x4xf32> -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>
  func.return %nq, %lq : tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x1x4x4x!quant.uniform<i8:f32, 0.25>>
}

// -----

// ArgMax of a dequantized value runs on the stored integers; there is no quantize after it.

// CHECK-LABEL: func.func @argmax(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x5x!quant.uniform<i8:f32, 0.5>>) -> tensor<1xi64> {
// CHECK-NEXT:    %[[I:.*]] = quant.argmax %[[XQ]] {axis = 1 : i64, select_last_index} : (tensor<1x5x!quant.uniform<i8:f32, 0.5>>) -> tensor<1xi64>
// CHECK-NEXT:    func.return %[[I]] : tensor<1xi64>
// CHECK-NEXT:  }
func.func @argmax(%xq: tensor<1x5x!quant.uniform<i8:f32, 0.5>>) -> tensor<1xi64> {
  %xd = quant.dequantize %xq : tensor<1x5x!quant.uniform<i8:f32, 0.5>> -> tensor<1x5xf32>
  %i = graph.argmax %xd {axis = 1 : i64, select_last_index} : (tensor<1x5xf32>) -> tensor<1xi64>
  func.return %i : tensor<1xi64>
}

// -----

// A standalone activation on an at most 8-bit input becomes a table of quantize(f(dequantize(q)))
// for every stored input value: 16 entries for i4.

// CHECK-LABEL: func.func @sigmoid_table(
// CHECK-SAME:      %[[XQ:.*]]: tensor<4x!quant.uniform<i4:f32, 0.5>>) -> tensor<4x!quant.uniform<u8:f32, 0.00390625>> {
// CHECK-NEXT:    %[[Y:.*]] = quant.table %[[XQ]] {values = array<i64: 5, 8, 12, 19, 31, 47, 69, 97, 128, 159, 187, 209, 225, 237, 244, 248>, function = "sigmoid"} : (tensor<4x!quant.uniform<i4:f32, 0.5>>) -> tensor<4x!quant.uniform<u8:f32, 0.00390625>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<4x!quant.uniform<u8:f32, 0.00390625>>
// CHECK-NEXT:  }
func.func @sigmoid_table(%xq: tensor<4x!quant.uniform<i4:f32, 0.5>>) -> tensor<4x!quant.uniform<u8:f32, 0.00390625>> {
  %xd = quant.dequantize %xq : tensor<4x!quant.uniform<i4:f32, 0.5>> -> tensor<4xf32>
  %y = graph.sigmoid %xd : (tensor<4xf32>) -> tensor<4xf32>
  %yq = quant.quantize %y : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.00390625>>
  func.return %yq : tensor<4x!quant.uniform<u8:f32, 0.00390625>>
}

// -----

// Clip as a table: x = 0.5 * (q + 2) for q in [-8, 7], clipped to [-1, 2] and requantized.

// CHECK-LABEL: func.func @clip_table(
// CHECK-SAME:      %[[XQ:.*]]: tensor<4x!quant.uniform<i4:f32, 0.5:-2>>) -> tensor<4x!quant.uniform<i4:f32, 0.5:-2>> {
// CHECK-NEXT:    %[[Y:.*]] = quant.table %[[XQ]] {values = array<i64: -4, -4, -4, -4, -4, -3, -2, -1, 0, 1, 2, 2, 2, 2, 2, 2>, function = "clip"} : (tensor<4x!quant.uniform<i4:f32, 0.5:-2>>) -> tensor<4x!quant.uniform<i4:f32, 0.5:-2>>
// CHECK-NEXT:    func.return %[[Y]] : tensor<4x!quant.uniform<i4:f32, 0.5:-2>>
// CHECK-NEXT:  }
func.func @clip_table(%xq: tensor<4x!quant.uniform<i4:f32, 0.5:-2>>) -> tensor<4x!quant.uniform<i4:f32, 0.5:-2>> {
  %xd = quant.dequantize %xq : tensor<4x!quant.uniform<i4:f32, 0.5:-2>> -> tensor<4xf32>
  %y = graph.clip %xd {min = -1.0 : f32, max = 2.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %yq = quant.quantize %y : tensor<4xf32> -> tensor<4x!quant.uniform<i4:f32, 0.5:-2>>
  func.return %yq : tensor<4x!quant.uniform<i4:f32, 0.5:-2>>
}

// -----

// Ops without an integer counterpart stay float between their dequantize and quantize.

// CHECK-LABEL: func.func @reduce_mean_stays_float(
// CHECK-SAME:      %[[XQ:.*]]: tensor<1x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x!quant.uniform<u8:f32, 0.00390625>> {
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<1x4x!quant.uniform<i8:f32, 0.5>> -> tensor<1x4xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.reduce_mean %[[XD]] {axes = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1xf32>
// CHECK-NEXT:    %[[YQ:.*]] = quant.quantize %[[Y]] : tensor<1xf32> -> tensor<1x!quant.uniform<u8:f32, 0.00390625>>
// CHECK-NEXT:    func.return %[[YQ]] : tensor<1x!quant.uniform<u8:f32, 0.00390625>>
// CHECK-NEXT:  }
func.func @reduce_mean_stays_float(%xq: tensor<1x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x!quant.uniform<u8:f32, 0.00390625>> {
  %xd = quant.dequantize %xq : tensor<1x4x!quant.uniform<i8:f32, 0.5>> -> tensor<1x4xf32>
  %y = graph.reduce_mean %xd {axes = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1xf32>
  %yq = quant.quantize %y : tensor<1xf32> -> tensor<1x!quant.uniform<u8:f32, 0.00390625>>
  func.return %yq : tensor<1x!quant.uniform<u8:f32, 0.00390625>>
}

// -----

// quantize(dequantize(q)) folds to q for equal types and to a requantize otherwise; a second
// dequantize of one value is merged into the first, and unused dequantize ops are erased.

// CHECK-LABEL: func.func @qdq_pairs(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>, %[[Q:.*]]: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> (tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>, tensor<4xf32>) {
// CHECK-NEXT:    %[[OTHER:.*]] = quant.requantize %[[Q]] : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<u8:f32, 0.25:128>>
// CHECK-NEXT:    %[[XQ:.*]] = quant.quantize %[[X]] : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
// CHECK-NEXT:    %[[S:.*]] = graph.sub %[[XD]], %[[XD]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    func.return %[[Q]], %[[OTHER]], %[[S]] : tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>, tensor<4xf32>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @qdq_pairs(
// FLOAT-SAME:      %[[X:.*]]: tensor<4xf32>, %[[Q:.*]]: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> (tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>, tensor<4xf32>) {
// FLOAT-NEXT:    %[[OTHER:.*]] = quant.requantize %[[Q]] {rounding = "float"} : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<u8:f32, 0.25:128>>
// FLOAT-NEXT:    %[[XQ:.*]] = quant.quantize %[[X]] : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
// FLOAT-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
// FLOAT-NEXT:    %[[S:.*]] = graph.sub %[[XD]], %[[XD]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// FLOAT-NEXT:    func.return %[[Q]], %[[OTHER]], %[[S]] : tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>, tensor<4xf32>
// FLOAT-NEXT:  }
func.func @qdq_pairs(%x: tensor<4xf32>, %q: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> (tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>, tensor<4xf32>) {
  %d = quant.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
  %same = quant.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  %other = quant.quantize %d : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.25:128>>
  %xq = quant.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  %xd = quant.dequantize %xq : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
  %again = quant.quantize %xd : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  %again_d = quant.dequantize %again : tensor<4x!quant.uniform<i8:f32, 0.5>> -> tensor<4xf32>
  %unused = quant.dequantize %other : tensor<4x!quant.uniform<u8:f32, 0.25:128>> -> tensor<4xf32>
  %s = graph.sub %xd, %again_d : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return %same, %other, %s : tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<u8:f32, 0.25:128>>, tensor<4xf32>
}

// -----

// Activations quantized per axis, and fused hard_swish, stay float.

// CHECK-LABEL: func.func @add_per_axis_and_hard_swish_stay_float(
// CHECK-SAME:      %[[AQ:.*]]: tensor<1x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>, %[[BQ:.*]]: tensor<1x2x!quant.uniform<i8:f32, 0.5>>) -> (tensor<1x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x!quant.uniform<i8:f32, 0.5>>) {
// CHECK-NEXT:    %[[AD:.*]] = quant.dequantize %[[AQ]] : tensor<1x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>> -> tensor<1x2xf32>
// CHECK-NEXT:    %[[BD:.*]] = quant.dequantize %[[BQ]] : tensor<1x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2xf32>
// CHECK-NEXT:    %[[S:.*]] = graph.add %[[AD]], %[[BD]] : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    %[[SQ:.*]] = quant.quantize %[[S]] : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    %[[H:.*]] = graph.add %[[BD]], %[[BD]] {activation = #graph.act<hard_swish>} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    %[[HQ:.*]] = quant.quantize %[[H]] : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    func.return %[[SQ]], %[[HQ]] : tensor<1x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:  }
func.func @add_per_axis_and_hard_swish_stay_float(%aq: tensor<1x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>, %bq: tensor<1x2x!quant.uniform<i8:f32, 0.5>>) -> (tensor<1x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x!quant.uniform<i8:f32, 0.5>>) {
  %ad = quant.dequantize %aq : tensor<1x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>> -> tensor<1x2xf32>
  %bd = quant.dequantize %bq : tensor<1x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2xf32>
  %s = graph.add %ad, %bd : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %sq = quant.quantize %s : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.5>>
  %h = graph.add %bd, %bd {activation = #graph.act<hard_swish>} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %hq = quant.quantize %h : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<i8:f32, 0.5>>
  func.return %sq, %hq : tensor<1x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Softmax into a 2^-8 result scale becomes quant.softmax along the same axis; into another
// scale it stays in float between its dequantize and quantize.

// CHECK-LABEL: func.func @softmax(
// CHECK-SAME:      %[[XQ:.*]]: tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.004:-128>>) {
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<2x10x!quant.uniform<i8:f32, 0.1:3>> -> tensor<2x10xf32>
// CHECK-NEXT:    %[[Y:.*]] = quant.softmax %[[XQ]] {axis = 1 : i64} : (tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>
// CHECK-NEXT:    %[[F:.*]] = graph.softmax %[[XD]] {axis = 1 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
// CHECK-NEXT:    %[[FQ:.*]] = quant.quantize %[[F]] : tensor<2x10xf32> -> tensor<2x10x!quant.uniform<i8:f32, 0.004:-128>>
// CHECK-NEXT:    func.return %[[Y]], %[[FQ]] : tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.004:-128>>
// CHECK-NEXT:  }
// FLOAT-LABEL: func.func @softmax(
// FLOAT:         quant.softmax %{{.*}} {axis = 1 : i64, rounding = "float"}
func.func @softmax(%xq: tensor<2x10x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.004:-128>>) {
  %xd = quant.dequantize %xq : tensor<2x10x!quant.uniform<i8:f32, 0.1:3>> -> tensor<2x10xf32>
  %y = graph.softmax %xd {axis = 1 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %yq = quant.quantize %y : tensor<2x10xf32> -> tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>
  %z = graph.softmax %xd {axis = 1 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %zq = quant.quantize %z : tensor<2x10xf32> -> tensor<2x10x!quant.uniform<i8:f32, 0.004:-128>>
  func.return %yq, %zq : tensor<2x10x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.004:-128>>
}

// -----

// A constant pad with 0 becomes quant.pad (the zero point fills); a pad with another value, or
// another mode, stays float between its dequantize and quantize.

// CHECK-LABEL: func.func @zero_pad(
// CHECK-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>) {
// CHECK-NEXT:    %[[XD:[^ ,:)]+]] = quant.dequantize %[[XQ]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[P:[^ ,:)]+]] = quant.pad %[[XQ]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    %[[O:[^ ,:)]+]] = graph.pad %[[XD]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 1.000000e+00 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT:    %[[OQ:[^ ,:)]+]] = quant.quantize %[[O]] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    %[[E:[^ ,:)]+]] = graph.pad %[[XD]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "edge", value = 0.000000e+00 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT:    %[[EQ:[^ ,:)]+]] = quant.quantize %[[E]] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    func.return %[[P]], %[[OQ]], %[[EQ]] : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @zero_pad(
// FLOAT-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>) {
// FLOAT-NEXT:    %[[XD:[^ ,:)]+]] = quant.dequantize %[[XQ]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x2x2x2xf32>
// FLOAT-NEXT:    %[[P:[^ ,:)]+]] = quant.pad %[[XQ]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    %[[O:[^ ,:)]+]] = graph.pad %[[XD]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 1.000000e+00 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// FLOAT-NEXT:    %[[OQ:[^ ,:)]+]] = quant.quantize %[[O]] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    %[[E:[^ ,:)]+]] = graph.pad %[[XD]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "edge", value = 0.000000e+00 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
// FLOAT-NEXT:    %[[EQ:[^ ,:)]+]] = quant.quantize %[[E]] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    func.return %[[P]], %[[OQ]], %[[EQ]] : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:  }
func.func @zero_pad(%xq: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>) {
  %xd = quant.dequantize %xq : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x2x2x2xf32>
  %p = graph.pad %xd {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %pq = quant.quantize %p : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
  %o = graph.pad %xd {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 1.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %oq = quant.quantize %o : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
  %e = graph.pad %xd {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "edge", value = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %eq = quant.quantize %e : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
  func.return %pq, %oq, %eq : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

// insert_zeros, crop and phase_slice move stored integers; a quantize to other parameters adds
// a requantize.

// CHECK-LABEL: func.func @upsample_crop_slice(
// CHECK-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) {
// CHECK-NEXT:    %[[Z:[^ ,:)]+]] = quant.insert_zeros %[[XQ]] {strides = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    %[[C:[^ ,:)]+]] = quant.crop %[[XQ]] {crops = array<i64: 0, 0, 1, 0, 0, 0, 0, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    %[[C_1:[^ ,:)]+]] = quant.requantize %[[C]] : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>
// CHECK-NEXT:    %[[S:[^ ,:)]+]] = quant.phase_slice %[[XQ]] {offsets = array<i64: 0, 1>, steps = array<i64: 2, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    func.return %[[Z]], %[[C_1]], %[[S]] : tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @upsample_crop_slice(
// FLOAT-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) {
// FLOAT-NEXT:    %[[Z:[^ ,:)]+]] = quant.insert_zeros %[[XQ]] {strides = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    %[[C:[^ ,:)]+]] = quant.crop %[[XQ]] {crops = array<i64: 0, 0, 1, 0, 0, 0, 0, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    %[[C_1:[^ ,:)]+]] = quant.requantize %[[C]] {rounding = "float"} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>
// FLOAT-NEXT:    %[[S:[^ ,:)]+]] = quant.phase_slice %[[XQ]] {offsets = array<i64: 0, 1>, steps = array<i64: 2, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    func.return %[[Z]], %[[C_1]], %[[S]] : tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:  }
func.func @upsample_crop_slice(%xq: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>) {
  %xd = quant.dequantize %xq : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x2x3x3xf32>
  %z = graph.insert_zeros %xd {strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %zq = quant.quantize %z : tensor<1x2x5x5xf32> -> tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>
  %c = graph.crop %xd {crops = array<i64: 0, 0, 1, 0, 0, 0, 0, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32>
  %cq = quant.quantize %c : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>
  %s = graph.phase_slice %xd {offsets = array<i64: 0, 1>, steps = array<i64: 2, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32>
  %sq = quant.quantize %s : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
  func.return %zq, %cq, %sq : tensor<1x2x5x5x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-1>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

// Phases of one type interleave into quant.interleave; phases of different types stay float.

// CHECK-LABEL: func.func @interleave(
// CHECK-SAME:      %[[AQ:[^ ,:)]+]]: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, %[[BQ:[^ ,:)]+]]: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, %[[CQ:[^ ,:)]+]]: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.25:3>>) -> (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>) {
// CHECK-NEXT:    %[[AD:[^ ,:)]+]] = quant.dequantize %[[AQ]] : tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x1x2x1xf32>
// CHECK-NEXT:    %[[CD:[^ ,:)]+]] = quant.dequantize %[[CQ]] : tensor<1x1x2x1x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x2x1xf32>
// CHECK-NEXT:    %[[I:[^ ,:)]+]] = quant.interleave %[[AQ]], %[[BQ]] {factors = array<i64: 1, 2>} : (tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    %[[M:[^ ,:)]+]] = graph.interleave %[[AD]], %[[CD]] {factors = array<i64: 1, 2>} : (tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:    %[[MQ:[^ ,:)]+]] = quant.quantize %[[M]] : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:    func.return %[[I]], %[[MQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @interleave(
// FLOAT-SAME:      %[[AQ:[^ ,:)]+]]: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, %[[BQ:[^ ,:)]+]]: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, %[[CQ:[^ ,:)]+]]: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.25:3>>) -> (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>) {
// FLOAT-NEXT:    %[[AD:[^ ,:)]+]] = quant.dequantize %[[AQ]] : tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x1x2x1xf32>
// FLOAT-NEXT:    %[[CD:[^ ,:)]+]] = quant.dequantize %[[CQ]] : tensor<1x1x2x1x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x2x1xf32>
// FLOAT-NEXT:    %[[I:[^ ,:)]+]] = quant.interleave %[[AQ]], %[[BQ]] {factors = array<i64: 1, 2>} : (tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    %[[M:[^ ,:)]+]] = graph.interleave %[[AD]], %[[CD]] {factors = array<i64: 1, 2>} : (tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x2x2xf32>
// FLOAT-NEXT:    %[[MQ:[^ ,:)]+]] = quant.quantize %[[M]] : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:    func.return %[[I]], %[[MQ]] : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
// FLOAT-NEXT:  }
func.func @interleave(%aq: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, %bq: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>>, %cq: tensor<1x1x2x1x!quant.uniform<i8:f32, 0.25:3>>) -> (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>) {
  %ad = quant.dequantize %aq : tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x1x2x1xf32>
  %bd = quant.dequantize %bq : tensor<1x1x2x1x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x1x2x1xf32>
  %cd = quant.dequantize %cq : tensor<1x1x2x1x!quant.uniform<i8:f32, 0.25:3>> -> tensor<1x1x2x1xf32>
  %i = graph.interleave %ad, %bd {factors = array<i64: 1, 2>} : (tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x2x2xf32>
  %iq = quant.quantize %i : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
  %m = graph.interleave %ad, %cd {factors = array<i64: 1, 2>} : (tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x2x2xf32>
  %mq = quant.quantize %m : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
  func.return %iq, %mq : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

// Both stages of a decomposed argmax of a dequantized value become their quant twins; the
// group maxima stay stored integers of the input's type.

// CHECK-LABEL: func.func @grouped_argmax(
// CHECK-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x21x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2xi64> {
// CHECK-NEXT:    %[[V:[^ ,:)]+]], %[[K:[^ ,:)]+]] = quant.argmax_groups %[[XQ]] {axis = 1 : i64, group = 16 : i64} : (tensor<1x21x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2xi16>)
// CHECK-NEXT:    %[[Y:[^ ,:)]+]] = quant.argmax_select %[[V]], %[[K]] {axis = 1 : i64} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2xi16>) -> tensor<1x2x2xi64>
// CHECK-NEXT:    func.return %[[Y]] : tensor<1x2x2xi64>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @grouped_argmax(
// FLOAT-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x21x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2xi64> {
// FLOAT-NEXT:    %[[V:[^ ,:)]+]], %[[K:[^ ,:)]+]] = quant.argmax_groups %[[XQ]] {axis = 1 : i64, group = 16 : i64} : (tensor<1x21x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2xi16>)
// FLOAT-NEXT:    %[[Y:[^ ,:)]+]] = quant.argmax_select %[[V]], %[[K]] {axis = 1 : i64} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x2x2x2xi16>) -> tensor<1x2x2xi64>
// FLOAT-NEXT:    func.return %[[Y]] : tensor<1x2x2xi64>
// FLOAT-NEXT:  }
func.func @grouped_argmax(%xq: tensor<1x21x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x2x2xi64> {
  %xd = quant.dequantize %xq : tensor<1x21x2x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x21x2x2xf32>
  %v, %k = graph.argmax_groups %xd {axis = 1 : i64, group = 16 : i64} : (tensor<1x21x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi16>)
  %y = graph.argmax_select %v, %k {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi16>) -> tensor<1x2x2xi64>
  func.return %y : tensor<1x2x2xi64>
}

// -----

// A linear resize_argmax takes the xopt.resized_type the quantizer wrote and the pass's
// rounding; nearest needs none; linear without it stays float.

// CHECK-LABEL: func.func @resize_argmax(
// CHECK-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x4x4xi16>, tensor<1x4x4xi16>, tensor<1x4x4xi16>) {
// CHECK-NEXT:    %[[XD:[^ ,:)]+]] = quant.dequantize %[[XQ]] : tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x2x2xf32>
// CHECK-NEXT:    %[[L:[^ ,:)]+]] = quant.resize_argmax %[[XQ]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>, resized = !quant.uniform<i8:f32, 0.5:3>} : (tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x4x4xi16>
// CHECK-NEXT:    %[[N:[^ ,:)]+]] = quant.resize_argmax %[[XQ]] {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x4x4xi16>
// CHECK-NEXT:    %[[U:[^ ,:)]+]] = graph.resize_argmax %[[XD]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
// CHECK-NEXT:    func.return %[[L]], %[[N]], %[[U]] : tensor<1x4x4xi16>, tensor<1x4x4xi16>, tensor<1x4x4xi16>
// CHECK-NEXT:  }

// FLOAT-LABEL: func.func @resize_argmax(
// FLOAT-SAME:      %[[XQ:[^ ,:)]+]]: tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x4x4xi16>, tensor<1x4x4xi16>, tensor<1x4x4xi16>) {
// FLOAT-NEXT:    %[[XD:[^ ,:)]+]] = quant.dequantize %[[XQ]] : tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x2x2xf32>
// FLOAT-NEXT:    %[[L:[^ ,:)]+]] = quant.resize_argmax %[[XQ]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>, resized = !quant.uniform<i8:f32, 0.5:3>, rounding = "float"} : (tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x4x4xi16>
// FLOAT-NEXT:    %[[N:[^ ,:)]+]] = quant.resize_argmax %[[XQ]] {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x4x4xi16>
// FLOAT-NEXT:    %[[U:[^ ,:)]+]] = graph.resize_argmax %[[XD]] {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
// FLOAT-NEXT:    func.return %[[L]], %[[N]], %[[U]] : tensor<1x4x4xi16>, tensor<1x4x4xi16>, tensor<1x4x4xi16>
// FLOAT-NEXT:  }
func.func @resize_argmax(%xq: tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x4x4xi16>, tensor<1x4x4xi16>, tensor<1x4x4xi16>) {
  %xd = quant.dequantize %xq : tensor<1x3x2x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x2x2xf32>
  %l = graph.resize_argmax %xd {xopt.resized_type = !quant.uniform<i8:f32, 0.5:3>, mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
  %n = graph.resize_argmax %xd {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
  %u = graph.resize_argmax %xd {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi16>
  func.return %l, %n, %u : tensor<1x4x4xi16>, tensor<1x4x4xi16>, tensor<1x4x4xi16>
}
