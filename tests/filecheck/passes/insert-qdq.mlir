// RUN: xopt-opt %s --split-input-file -p 'insert-qdq{weight_method=minmax}' | filecheck %s
// RUN: xopt-opt %s --split-input-file -p 'insert-qdq{weight_method=minmax bias_correction=false}' | filecheck %s --check-prefix=NOCORR
//
// Annotated values become dequantize(quantize(v)); constant weights become a per-channel
// symmetric narrow-range quant.constant; with xopt.input_mean the bias absorbs the expected
// error of the weight rounding: b[o] -= sum((Wq - W)[o] * mean). Weight channel 0 is
// [1.0, -0.5] (scale 1/127: -0.5 -> -64 -> -0.50394), channel 1 [0.25, 0.0].

// CHECK-LABEL: func.func @conv(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32> {
// CHECK-NEXT:    %[[XQ:.*]] = quant.quantize %[[X]] : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.5>>
// CHECK-NEXT:    %[[XD:.*]] = quant.dequantize %[[XQ]] : tensor<1x2x1x1x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2x1x1xf32>
// CHECK-NEXT:    %{{.*}} = graph.constant {value = dense<{{.*}}> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
// CHECK-NEXT:    %{{.*}} = graph.constant {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<{{\[\[\[\[}}127]], {{\[\[}}-64]]], {{\[\[\[}}127]], {{\[\[}}0]]]]> : tensor<2x2x1x1xi8>} : tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.007874015718698502, 0.0019685039296746254}>>
// CHECK-NEXT:    %[[WD:.*]] = quant.dequantize %[[WQ]] : tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.007874015718698502, 0.0019685039296746254}>> -> tensor<2x2x1x1xf32>
// CHECK-NEXT:    %[[B:.*]] = graph.constant {value = dense<[1.00787401, 2.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[Y:.*]] = graph.conv2d %[[XD]], %[[WD]], %[[B]] {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
// CHECK-NEXT:    %[[YQ:.*]] = quant.quantize %[[Y]] : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.25:-128>>
// CHECK-NEXT:    %[[YD:.*]] = quant.dequantize %[[YQ]] : tensor<1x2x1x1x!quant.uniform<i8:f32, 0.25:-128>> -> tensor<1x2x1x1xf32>
// CHECK-NEXT:    func.return %[[YD]] : tensor<1x2x1x1xf32>
// CHECK-NEXT:  }

// NOCORR-LABEL: func.func @conv(
// NOCORR:         %[[B:.*]] = graph.constant {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// NOCORR-NOT:     graph.constant
// NOCORR:         graph.conv2d %{{.*}}, %{{.*}}, %[[B]]
func.func @conv(%x: tensor<1x2x1x1xf32> {xopt.quant_type = !quant.uniform<i8:f32, 0.5>}) -> tensor<1x2x1x1xf32> {
  %w = graph.constant {value = dense<[[[[1.0]], [[-0.5]]], [[[0.25]], [[0.0]]]]> : tensor<2x2x1x1xf32>} : tensor<2x2x1x1xf32>
  %b = graph.constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %y = graph.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>, xopt.quant_type = !quant.uniform<i8:f32, 0.25:-128>, xopt.weight_bits = 8 : i64, xopt.input_mean = array<f64: 1.0, 2.0>} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  func.return %y : tensor<1x2x1x1xf32>
}

// -----

// 4-bit weights of a gemm without trans_b are quantized per column (axis 1); a layer marked
// xopt.fallback keeps float weights, and the fallback marker stays for fuse-qdq.

// CHECK-LABEL: func.func @gemm(
// CHECK:         %[[WQ:.*]] = quant.constant {value = dense<{{\[\[}}7, -7], [-3, 1]]> : tensor<2x2xi8>} : tensor<2x2x!quant.uniform<i4<-7:7>:f32:1, {0.2857142984867096, 0.5714285969734192}>>
// CHECK:         graph.gemm
// CHECK-NOT:     quant.constant
// CHECK:         graph.gemm %{{.*}}, %{{.*}} {xopt.fallback, alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32}
func.func @gemm(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = graph.constant {value = dense<[[2.0, -4.0], [-1.0, 0.5]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %y = graph.gemm %a, %w {alpha = 1.0 : f32, beta = 1.0 : f32, xopt.weight_bits = 4 : i64} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %z = graph.gemm %y, %w {alpha = 1.0 : f32, beta = 1.0 : f32, xopt.fallback} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  func.return %z : tensor<1x2xf32>
}

// -----

// Two convs sharing one float weight at the same precision (a dilated conv's phases) share one
// quant.constant and its dequantize; a third use at 4 bits gets its own.

// CHECK-LABEL: func.func @shared_weight(
// CHECK-NEXT:    %[[W:.*]] = graph.constant {value = dense<{{.*}}> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[WQ:.*]] = quant.constant {value = dense<127> : tensor<1x1x1x1xi8>} : tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.003937007859349251}>>
// CHECK-NEXT:    %[[WD:.*]] = quant.dequantize %[[WQ]] : {{.*}} -> tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[A:.*]] = graph.conv2d %{{.*}}, %[[WD]] {{.*}}
// CHECK-NEXT:    %[[B:.*]] = graph.conv2d %{{.*}}, %[[WD]] {{.*}}
// CHECK-NEXT:    %[[W4Q:.*]] = quant.constant {value = dense<7> : tensor<1x1x1x1xi8>} : tensor<1x1x1x1x!quant.uniform<i4<-7:7>:f32:0, {0.0714285746216774}>>
// CHECK-NEXT:    %[[W4D:.*]] = quant.dequantize %[[W4Q]] : {{.*}} -> tensor<1x1x1x1xf32>
// CHECK-NEXT:    %{{.*}} = graph.conv2d %{{.*}}, %[[W4D]] {{.*}}
// CHECK-NEXT:    func.return
func.func @shared_weight(%x: tensor<1x1x2x2xf32>, %y: tensor<1x1x2x2xf32>, %z: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = graph.constant {value = dense<0.5> : tensor<1x1x1x1xf32>} : tensor<1x1x1x1xf32>
  %a = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %b = graph.conv2d %y, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %c = graph.conv2d %z, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, xopt.weight_bits = 4 : i64} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  func.return %a, %b, %c : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}
