// RUN: xopt-opt %s -t c | filecheck %s
// RUN: xopt-opt %s -t neon-c | filecheck %s --check-prefix=NEON

// Float layers between integer ones (fp32 fallback, or ops without an integer form): the
// NCHW float input is transposed once to NHWC for the float layers; prelu broadcasts its
// per-channel slope (a float constant, stride 1 along NHWC's channels); quantize and
// dequantize inside the model keep the C layout (one channel); graph.sum is two adds, left
// to right; the 4-D float result is transposed back to NCHW.

func.func @main(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %s = graph.constant {value = dense<[[[0.5]], [[-0.25]]]> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %p = graph.prelu %x, %s : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %q = quant.quantize %p : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
  %d = quant.dequantize %q : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>> -> tensor<1x2x2x2xf32>
  %r = graph.sum %d, %x, %p : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  func.return %r : tensor<1x2x2x2xf32>
}

// CHECK:      static const float s[2] = {
// CHECK-NEXT:     0x1.0000000000000p-1f, -0x1.0000000000000p-2f
// CHECK-NEXT: };
// CHECK:      static const int32_t layer0_offsets[7] = {
// CHECK-NEXT:     0, 0, 2, 0, 1, 0, 4
// CHECK-NEXT: };
// CHECK:      static const int32_t layer1_b_strides[4] = {
// CHECK-NEXT:     0, 0, 0, 1
// CHECK-NEXT: };
// CHECK-NEXT: static const xopt_binary_f32_params layer1 = {.op = 4, .rank = 4, {{.*}}, .activation = {.kind = 0, {{.*}}}};
// CHECK-NEXT: static const xopt_quantize_params layer2 = {.channels = 1, .inner = 8, {{.*}}};
// CHECK-NEXT: static const xopt_quantize_params layer3 = {.channels = 1, .inner = 8, {{.*}}};
// CHECK:      void xopt_model_run(const float *input_0, float *output_0)
// CHECK-NEXT: {
// CHECK-NEXT:     /* x_nhwc: transpose (0, 2, 3, 1) -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(1);
// CHECK-NEXT:     xopt_gather_f32(&layer0, input_0, (float *)(ARENA + [[X:[0-9]+]]));
// CHECK-NEXT:     /* p: graph.prelu -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(2);
// CHECK-NEXT:     xopt_binary_f32(&layer1, (const float *)(ARENA + [[X]]), s, (float *)(ARENA + [[P:[0-9]+]]));
// CHECK-NEXT:     /* q: quant.quantize -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(3);
// CHECK-NEXT:     xopt_quantize_f32_s8(&layer2, (const float *)(ARENA + [[P]]), (int8_t *)(ARENA + [[Q:[0-9]+]]));
// CHECK-NEXT:     /* d: quant.dequantize -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(4);
// CHECK-NEXT:     xopt_dequantize_s8_f32(&layer3, (const int8_t *)(ARENA + [[Q]]), (float *)(ARENA + [[D:[0-9]+]]));
// CHECK-NEXT:     /* r: graph.sum -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(5);
// CHECK-NEXT:     xopt_binary_f32(&layer4, (const float *)(ARENA + [[D]]), (const float *)(ARENA + [[X]]), (float *)(ARENA + [[R1:[0-9]+]]));
// CHECK-NEXT:     /* r: graph.sum -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(6);
// CHECK-NEXT:     xopt_binary_f32(&layer5, (const float *)(ARENA + [[R1]]), (const float *)(ARENA + [[P]]), (float *)(ARENA + [[R:[0-9]+]]));
// CHECK-NEXT:     /* result0_nchw: transpose (0, 3, 1, 2) -> 1x2x2x2 */
// CHECK-NEXT:     XOPT_REGION(7);
// CHECK-NEXT:     xopt_gather_f32(&layer6, (const float *)(ARENA + [[R]]), output_0);
// CHECK-NEXT:     XOPT_REGION(0);
// CHECK-NEXT: }

// The neon target runs the same portable float kernels (and its own quantize).
// NEON:      xopt_gather_f32(&layer0, input_0,
// NEON:      xopt_binary_f32(&layer1,
// NEON:      xopt_neon_quantize_f32_s8(&layer2,
// NEON:      xopt_dequantize_s8_f32(&layer3,
// NEON:      xopt_binary_f32(&layer4,
// NEON:      xopt_binary_f32(&layer5,
// NEON:      xopt_gather_f32(&layer6,
