// RUN: xopt-opt %s -t c | filecheck %s
// RUN: xopt-opt %s -t neon-c | filecheck %s --check-prefix=NEON

// A quantized classifier as the C targets' model.c: quantize (NCHW float -> NHWC int8),
// a 1x1 conv, global average pool, a flatten that is a view, fully connected, dequantize.

func.func @main(%x: tensor<1x4x2x2xf32>) -> tensor<1x3xf32> {
  %xq = quant.quantize %x : tensor<1x4x2x2xf32> -> tensor<1x4x2x2x!quant.uniform<i8:f32, 0.05:3>>
  %w = quant.constant {value = dense<[[[[1]], [[-2]], [[3]], [[-4]]], [[[5]], [[6]], [[-7]], [[8]]]]> : tensor<2x4x1x1xi8>} : tensor<2x4x1x1x!quant.uniform<i8:f32:0, {0.01, 0.02}>>
  %b = graph.constant {value = dense<[5, -5]> : tensor<2xi32>} : tensor<2xi32>
  %c = quant.conv2d %xq, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<2x4x1x1x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>>
  %p = quant.global_avgpool %c : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>>) -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.1:-2>>
  %f = quant.reshape %p : (tensor<1x2x1x1x!quant.uniform<i8:f32, 0.1:-2>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.1:-2>>
  %fw = quant.constant {value = dense<[[1, 2], [3, 4], [-5, 6]]> : tensor<3x2xi8>} : tensor<3x2x!quant.uniform<i8:f32:0, {0.1, 0.1, 0.1}>>
  %y = quant.fully_connected %f, %fw : (tensor<1x2x!quant.uniform<i8:f32, 0.1:-2>>, tensor<3x2x!quant.uniform<i8:f32:0, {0.1, 0.1, 0.1}>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.2:1>>
  %yd = quant.dequantize %y : tensor<1x3x!quant.uniform<i8:f32, 0.2:1>> -> tensor<1x3xf32>
  func.return %yd : tensor<1x3xf32>
}

// CHECK:      #include "model.h"
// CHECK-EMPTY:
// CHECK-NEXT: #include "xopt_kernels.h"
// CHECK-NEXT: #include "xopt_region.h"
// CHECK:      static const int8_t layer1_weight[8] = {
// CHECK-NEXT:     1, -2, 3, -4, 5, 6, -7, 8
// CHECK-NEXT: };
// CHECK:      static const xopt_conv2d_params layer1 = {.in_c = 4, .in_h = 2, .in_w = 2, .out_c = 2, .out_h = 2, .out_w = 2, .kernel_h = 1, .kernel_w = 1, {{.*}}, .x_zero_point = 3, {{.*}}.requant = {{.*}}.zero_point = -2, .lo = -128, .hi = 127}};
// CHECK:      static int64_t xopt_arena_words[4];
// CHECK:      void xopt_model_run(const float *input_0, float *output_0)
// CHECK-NEXT: {
// CHECK-NEXT:     /* xq: quant.quantize -> 1x2x2x4 */
// CHECK-NEXT:     XOPT_REGION(1);
// CHECK-NEXT:     xopt_quantize_f32_s8(&layer0, input_0, (int8_t *)(ARENA + 0));
// CHECK-NEXT:     /* c: quant.conv2d -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(2);
// CHECK-NEXT:     xopt_conv2d_pointwise_s8_s8(&layer1, (const int8_t *)(ARENA + 0), (int8_t *)(ARENA + 16));
// CHECK-NEXT:     /* p: quant.global_avgpool -> 1x1x1x2 */
// CHECK-NEXT:     XOPT_REGION(3);
// CHECK-NEXT:     xopt_global_avgpool_s8_s8(&layer2, (const int8_t *)(ARENA + 16), (int8_t *)(ARENA + 0));
// CHECK-NEXT:     /* y: quant.fully_connected -> 1x3 */
// CHECK-NEXT:     XOPT_REGION(4);
// CHECK-NEXT:     xopt_fully_connected_s8_s8(&layer3, (const int8_t *)(ARENA + 0), (int8_t *)(ARENA + 16));
// CHECK-NEXT:     /* yd: quant.dequantize -> 1x3 */
// CHECK-NEXT:     XOPT_REGION(5);
// CHECK-NEXT:     xopt_dequantize_s8_f32(&layer4, (const int8_t *)(ARENA + 16), output_0);
// CHECK-NEXT:     XOPT_REGION(0);
// CHECK-NEXT: }

// The neon target: the NEON header, packed weights (16 output channels x 4 inputs per block)
// and NEON kernels where their contract holds; dequantize stays portable.
// NEON:      #include "xopt_kernels.h"
// NEON-NEXT: #include "xopt_neon.h"
// NEON-NEXT: #include "xopt_region.h"
// NEON:      static const int8_t layer1_weight[32] = {
// NEON:      xopt_neon_quantize_f32_s8(&layer0, input_0, (int8_t *)(ARENA + 0));
// NEON:      xopt_neon_conv2d_pointwise_s8_s8(&layer1, (const int8_t *)(ARENA + 0), (int8_t *)(ARENA + 16));
// NEON:      xopt_neon_global_avgpool_s8_s8(&layer2, (const int8_t *)(ARENA + 16), (int8_t *)(ARENA + 0));
// NEON:      xopt_neon_fully_connected_s8_s8(&layer3, (const int8_t *)(ARENA + 0), (int8_t *)(ARENA + 16));
// NEON:      xopt_dequantize_s8_f32(&layer4, (const int8_t *)(ARENA + 16), output_0);
