// RUN: xopt-opt %s -t neon-c | filecheck %s

// The neon-c target prints the kernel lower-to-neon generates for a 3x3 depthwise conv as
// C with arm_neon.h intrinsics, one statement per op, after its const arrays, and model.c
// calls it with the layer's arena pointers (no parameter struct). The conv's 16 channels
// and two output pixels make every loop of the kernel a single iteration: straight code.
// The const arrays are read through pointers hidden from constant folding (empty asm).

func.func @main(%x: tensor<1x16x1x2x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x16x1x2x!quant.uniform<i8:f32, 0.1:-2>> {
  %w = quant.constant {value = dense<1> : tensor<16x1x3x3xi8>} : tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>
  %y = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 16 : i64} : (tensor<1x16x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x16x1x2x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %y : tensor<1x16x1x2x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK:      /* ---- kernels generated for this model's layers (NEON-level IR, printed op for op) */
// CHECK-NEXT: #include <arm_neon.h>
// CHECK-EMPTY:
// CHECK-NEXT: static const int8_t neon_y_weights[192] = {
// CHECK-NEXT:     1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0,
// CHECK:      static const int32_t neon_y_bias[16] = {
// CHECK-NEXT:     -27, -27, -27, -27, -27, -27, -27, -27, -27, -27, -27, -27, -27, -27, -27, -27
// CHECK-NEXT: };
// CHECK:      static void neon_y(const int8_t *restrict x_1, int8_t *restrict y_2)
// CHECK-NEXT: {
// CHECK-NEXT:     const int8_t *v_3 = neon_y_weights;
// CHECK-NEXT:     __asm__("" : "+r"(v_3));
// CHECK-NEXT:     const int32_t *v_4 = neon_y_bias;
// CHECK-NEXT:     __asm__("" : "+r"(v_4));
// CHECK:          const int8x16_t v_7 = vdupq_n_s8(3);
// CHECK-NEXT:     const int16x8_t v_8 = vdupq_n_s16(-2);
// CHECK-NEXT:     const int8x16_t v_9 = vdupq_n_s8(-128);
// CHECK-NEXT:     const int8x16_t v_10 = vdupq_n_s8(127);
// CHECK-NEXT:     const int8x16_t v_11 = vld1q_s8(v_3 + 0);
// CHECK:          const int32x4_t v_23 = vld1q_s32(v_4 + 0);
// CHECK:          const int8x16_t v_35 = vld1q_s8(x_1 + 0);
// CHECK-NEXT:     const int8x16_t v_36 = vzip1q_s8(v_7, v_35);
// CHECK:          const int32x4_t v_69 = vdotq_s32(v_23, v_7, v_11);
// CHECK:          const int32x4_t v_81 = vqdmulhq_s32(v_77, v_27);
// CHECK-NEXT:     const int32x4_t v_82 = vrshlq_s32(v_81, v_31);
// CHECK:          const int8x16_t v_97 = vmaxq_s8(v_96, v_9);
// CHECK-NEXT:     const int8x16_t v_98 = vminq_s8(v_97, v_10);
// CHECK-NEXT:     vst1q_s8(y_2 + 0, v_98);
// CHECK:          vst1q_s8(y_2 + 16, v_162);
// CHECK-NEXT: }
// CHECK:      void xopt_model_run(const int8_t *input_0, int8_t *output_0)
// CHECK-NEXT: {
// CHECK-NEXT:     /* y: quant.conv2d -> 1x1x2x16 */
// CHECK-NEXT:     XOPT_REGION(1);
// CHECK-NEXT:     neon_y(input_0, (int8_t *)(ARENA + 0));
