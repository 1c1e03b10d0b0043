// RUN: xopt-opt %s -p 'tile-for-memory{sram=400 policy=neon buffers=1}' -t neon-c | filecheck %s

// `-t neon-c` on tile IR prints the model.c of `xopt compile --sram`: lower-to-neon runs on
// the tile IR, so the 3x3 depthwise tiles (3 output rows of every channel from a 5-row
// window of the input) call the layer's generated row kernel once per output row, on the
// input rows xopt_tile_conv_input_rows finds; rows in the padding read the const row of
// the input zero point (3). The prologue tile op and the steady-state one share the kernel.

func.func @main(%x: tensor<1x16x8x2x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x16x8x2x!quant.uniform<i8:f32, 0.1:-2>> {
  %w = quant.constant {value = dense<1> : tensor<16x1x3x3xi8>} : tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>
  %y = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 16 : i64} : (tensor<1x16x8x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x16x8x2x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %y : tensor<1x16x8x2x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK:      /* ---- kernels generated for this model's layers (NEON-level IR, printed op for op) */
// CHECK-NEXT: #include <arm_neon.h>
// CHECK:      static const int8_t neon_b4_rows_weights[192] = {
// CHECK:      static void neon_b4_rows(const int8_t *restrict x0_1, const int8_t *restrict x1_2, const int8_t *restrict x2_3, int8_t *restrict y_4)
// CHECK:      static const int8_t xopt_pad_row_3[32] = {
// CHECK-NEXT:     3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
// CHECK-NEXT:     3, 3, 3, 3, 3, 3, 3, 3
// CHECK-NEXT: };
// CHECK:      static const xopt_tile_reduce_layer tl0 = {.fully_connected = 0, .in_c = 16, .in_h = 8, .in_w = 2, .out_c = 16, .out_h = 8, .out_w = 2, .kernel_h = 3, .kernel_w = 3, .stride_h = 1, .stride_w = 1, .dilation_h = 1, .dilation_w = 1, .pad_top = 1, .pad_left = 1, .groups = 16,
// CHECK:      void xopt_model_run(const int8_t *input_0, int8_t *output_0)
// CHECK:          XOPT_REGION(1);
// CHECK:              /* tile.conv2d */
// CHECK-NEXT:         for (int32_t r = 0; r < xopt_tile_clip((i0 * 3), 3, 8); ++r) {
// CHECK-NEXT:             const int8_t *x[3];
// CHECK-NEXT:             xopt_tile_conv_input_rows(&tl0, (i0 * 3), r, XOPT_TILE_REF(tb2, 0, 0, xopt_tile_floordiv((i1 * 16), 1), ((i0 * 3) + -1), -1), xopt_pad_row_3, x);
// CHECK-NEXT:             neon_b4_rows(x[0], x[1], x[2], (int8_t *)xopt_tile_row_address(XOPT_TILE_REF(tb4, 0, 0, 0, 0, 0), r));
// CHECK-NEXT:         }
// CHECK:          XOPT_REGION(2);
// CHECK:              /* tile.conv2d */
// CHECK-NEXT:         for (int32_t r = 0; r < xopt_tile_clip((i0 * 3), 3, 8); ++r) {
// CHECK-NEXT:             const int8_t *x[3];
// CHECK-NEXT:             xopt_tile_conv_input_rows(&tl1, (i0 * 3), r, XOPT_TILE_REF(tb2, 0, 0, xopt_tile_floordiv((i1 * 16), 1), ((i0 * 3) + -1), -1), xopt_pad_row_3, x);
// CHECK-NEXT:             neon_b4_rows(x[0], x[1], x[2], (int8_t *)xopt_tile_row_address(XOPT_TILE_REF(tb4, 0, 0, 0, 0, 0), r));
// CHECK-NEXT:         }
// CHECK-NOT:  neon_b4_rows_2
