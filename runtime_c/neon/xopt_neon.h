/* xopt NEON int8 kernels (aarch64, Armv8.2-A with the dot-product extension).
 *
 * Same integer semantics as the portable kernels of xopt_kernels.h (the quant executor's,
 * bit for bit), on the C runtime's layout: 4-D activations NHWC with batch 1 (channels
 * innermost), 2-D activations [rows][features]. Build with -march=armv8.2-a+dotprod (or any
 * flags defining __ARM_FEATURE_DOTPROD); targets/neon/kernel_params.py prepares the
 * parameters and falls back to the portable kernels where a contract below does not hold.
 *
 * Shared contract of the convolution and fully connected kernels:
 * - requant is fixed_point (requant.real == NULL); its multiplier and shift arrays hold
 *   round_up(channels, 16) entries (the padding entries are read, never stored).
 * - Weights are packed at compile time (layouts below) with zero weight points; the input
 *   zero point is folded into `bias`: bias'[o] = bias[o] - x_zero_point * sum of o's
 *   weights, wrapped to int32 (the kernels add with int32 wrap-around, and the true
 *   accumulator fits int32, so the result is exact). Padding taps read x_zero_point, so
 *   they cancel against the folded bias as the quant executor's padding contributes 0.
 *   bias is never NULL and holds round_up(channels, 16) entries; w_zero_point is unused.
 * - Activations need no alignment; weights are read with unaligned-safe byte loads.
 * - Requantization is exact: with s = shift, pre = max(s + 1, 0) and post = min(s, -1),
 *   y = SRSHL(SQDMULH(SQSHL(acc, pre), multiplier), post) equals xopt_requant_inline.h's
 *   (acc * multiplier + 2^(n-1)) >> n, n = 31 - s (one rounding, ties toward +infinity);
 *   the SQSHL is skipped when every shift is negative (pre = 0). TFLite's SQRDMULH form
 *   rounds twice and is not used.
 */
#ifndef XOPT_NEON_H
#define XOPT_NEON_H

#include "xopt_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of the stack scratch that xopt_neon_conv2d_general_s8_s8 fills with im2col rows:
 * it needs 4 * round_up(kernel_h * kernel_w * in_c, 4) <= this. */
#define XOPT_NEON_IM2COL_BYTES 16384
/* Largest channel count of xopt_neon_conv2d_depthwise3x3_s8_s8 (its padding row). */
#define XOPT_NEON_DEPTHWISE_MAX_CHANNELS 4096
/* Bytes of the stack row that linear xopt_neon_resize_s8_s8 / xopt_neon_resize_argmax_s8
 * blend into: they need 4 * (in_w * channels + 4) <= this. */
#define XOPT_NEON_RESIZE_ROW_BYTES 16384
/* Most inputs of xopt_neon_concat_s8_s8. */
#define XOPT_NEON_CONCAT_MAX_INPUTS 16
/* Longest axis of xopt_neon_argmax_s8 when inner > 1 (int16 lane indices). */
#define XOPT_NEON_ARGMAX_MAX_AXIS 32768

/* GEMM weight packing ("16x4 blocks"), used by the pointwise, general and fully connected
 * kernels: the weights as a matrix W[n][k] (n outputs, k reduction entries), zero-padded to
 * kp = round_up(k, 4) columns and to whole blocks of 16 rows, except that the last block
 * has 8 rows when n % 16 is in [1, 8]. Block b starts at byte 16 b kp and holds, with R
 * its rows, for g in [0, kp / 4), r in [0, R), j in [0, 4): W[16 b + r][4 g + j] at offset
 * (R g + r) * 4 + j (one load of 4 R bytes per 4 k).
 *
 * Packed int4 / int2 GEMM weights (the kernels with suffix _w4 / _w2): the same matrix and
 * blocks, each k group's 4 R int8 values (R / 4 vectors of 16 bytes, vector v = the bytes
 * [16 v, 16 v + 16) of the group in the int8 layout above) packed into R bits / 2 bytes:
 * F = 8 / bits fields per byte, byte i of packed vector q holds vector F q + f's byte i in
 * bits [f bits, (f + 1) bits) (two's complement). A 16-row block's k group is 32 bytes
 * (int4: low nibbles vectors 0 and 2, high nibbles 1 and 3) or 16 bytes (int2: vector f in
 * bit pair f), so block b starts at byte 2 bits b kp; an 8-row block's is 16 bytes at
 * both widths (nibbles, as int4). A field is unpacked by one
 * shift left that puts it at the top of the byte and one arithmetic shift right by 8 - bits
 * (the top field needs the right shift only): 1.5 instructions per int8 vector at int4,
 * 1.75 at int2, reused by the sdot of 4 rows. */

/* quant.conv2d, 1x1 kernel, groups 1, no padding, any stride: W[o][c] = w[o][c][0][0]
 * (k = in_c, n = out_c). */
void xopt_neon_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
/* The same with packed int4 / int2 weights (layout above). */
void xopt_neon_conv2d_pointwise_s8_s8_w4(const xopt_conv2d_params *p, const int8_t *x,
                                         int8_t *y);
void xopt_neon_conv2d_pointwise_s8_s8_w2(const xopt_conv2d_params *p, const int8_t *x,
                                         int8_t *y);

/* quant.conv2d, groups 1, any kernel, stride, dilation and padding, through im2col blocks:
 * W[o][(ky * kernel_w + kx) * in_c + c] = w[o][c][ky][kx] (k = kernel_h * kernel_w * in_c);
 * needs 4 * round_up(k, 4) <= XOPT_NEON_IM2COL_BYTES. */
void xopt_neon_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
void xopt_neon_conv2d_general_s8_s8_w4(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);
void xopt_neon_conv2d_general_s8_s8_w2(const xopt_conv2d_params *p, const int8_t *x, int8_t *y);

/* quant.conv2d, 3x3 depthwise (groups = in_c = out_c <= XOPT_NEON_DEPTHWISE_MAX_CHANNELS),
 * dilation 1, any stride and padding. Weights in blocks of 16 channels (zero-padded to
 * round_up(in_c, 16)), 144 bytes each, block b at 144 b: for the tap groups t in [0, 4)
 * and [4, 8), 64 bytes each, channel 16 b + i, tap 4 g + j at offset 64 g + 4 i + j; then
 * tap 8 of channel 16 b + i at offset 128 + i (taps t = 3 ky + kx). */
void xopt_neon_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int8_t *x,
                                         int8_t *y);

/* quant.fully_connected: x [rows][in_features], W[o][k] = w[o][k] (k = in_features,
 * n = out_features), y [rows][out_features]. */
void xopt_neon_fully_connected_s8_s8(const xopt_fully_connected_params *p, const int8_t *x,
                                     int8_t *y);
void xopt_neon_fully_connected_s8_s8_w4(const xopt_fully_connected_params *p, const int8_t *x,
                                        int8_t *y);
void xopt_neon_fully_connected_s8_s8_w2(const xopt_fully_connected_params *p, const int8_t *x,
                                        int8_t *y);

/* quant.add (fixed_point) of two int8 tensors of `count` elements, any layout: the
 * semantics and parameters of xopt_add_s8_s8 (xopt_kernels.h), unpacked; each rescale is
 * exact as above (every shift may be negative or not). Zero points are int8. */
void xopt_neon_add_s8_s8(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y);

/* quant.quantize of the model input, xopt_quantize_f32_s8's contract (float [channels][inner]
 * -> int8 [inner][channels]), 16 pixels at a time; 3-channel images take one interleaving
 * store per 16 pixels. */
void xopt_neon_quantize_f32_s8(const xopt_quantize_params *p, const float *x, int8_t *y);

/* ---- data movement (xopt_neon_movement.c, xopt_neon_resize.c): the semantics and parameter
 * structs of the portable kernels of the same name (xopt_kernels.h), exactly; the limits
 * below are the builder's to check (targets/neon/kernel_params_movement.py). */

/* quant.concat: copies and fixed_point requantization (tables == NULL), at most
 * XOPT_NEON_CONCAT_MAX_INPUTS inputs, 16 bytes at a time. When every input's span
 * (axis_sizes[i] * inner) has 16 bytes, input by input, a span's tail as its last 16 bytes;
 * else row by row, a span shorter than 16 bytes stored as 16 where later spans overwrite the
 * excess (a partial store at the end of the output). */
void xopt_neon_concat_s8_s8(const xopt_concat_params *p, const int8_t *const *inputs, int8_t *y);

/* quant.resize, nearest (linear 0) or linear fixed_point (linear 1) with
 * 4 * (in_w * channels + 4) <= XOPT_NEON_RESIZE_ROW_BYTES: each output row's two source
 * rows blended once into int32, then 4 channels of a pixel per multiply-add. */
void xopt_neon_resize_s8_s8(const xopt_resize_params *p, const int8_t *x, int8_t *y);

/* quant.resize_argmax under xopt_neon_resize_s8_s8's contract: per output pixel, the resized
 * channels folded 16 at a time into the first (select_last: last) largest one. */
void xopt_neon_resize_argmax_s8(const xopt_resize_argmax_params *p, const int8_t *x, void *y);

/* quant.argmax: inner == 1 folds each row 16 values at a time; inner > 1 takes 16 columns
 * per vector (axis <= XOPT_NEON_ARGMAX_MAX_AXIS), the last inner % 16 one by one. */
void xopt_neon_argmax_s8(const xopt_argmax_params *p, const int8_t *x, void *y);

/* ---- pools (xopt_neon_pool.c) and one-input maps (xopt_neon_lut.c): the semantics and
 * parameter structs of the portable kernels of the same name, exactly, 16 channels or
 * elements per vector; the builder checks the limits (targets/neon/kernel_params_map.py). */

/* quant.maxpool (any window, stride, padding, ceil_mode). */
void xopt_neon_maxpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y);

/* quant.avgpool, fixed_point (float_rounding == 0) with kernel_h * kernel_w <= 256: a
 * window's raw sum in int16 lanes, minus taps * x_zero_point in int32. */
void xopt_neon_avgpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y);

/* quant.global_avgpool, fixed_point (requant.real == NULL) with size <= 2^22: raw sums in
 * int16 lanes over 256 pixels at a time, then int32. */
void xopt_neon_global_avgpool_s8_s8(const xopt_global_avgpool_params *p, const int8_t *x,
                                    int8_t *y);

/* quant.table with x_qmin == -128 and 256 values: one TBL and three TBX of 64 bytes each
 * per 16 elements. (The builder makes quant.requantize such a table.) */
void xopt_neon_table_s8_s8(const xopt_table_params *p, const int8_t *x, int8_t *y);

/* quant.mul, fixed_point (requant.real == NULL): the int16 differences multiplied into
 * int32 lanes and rescaled exactly. */
void xopt_neon_mul_s8_s8(const xopt_mul_params *p, const int8_t *a, const int8_t *b, int8_t *y);

#ifdef __cplusplus
}
#endif

#endif /* XOPT_NEON_H */
