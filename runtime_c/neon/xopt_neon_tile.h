/* NEON kernels of conv2d and fully-connected tiles: the tile IR's compute ops
 * (xopt_tile.h) on xopt_neon.h's layer constants, for the tiled C of the neon target
 * (targets/c/tiled_layers.py picks them, else the portable xopt_tile_reduce).
 *
 * `p` is the whole layer's parameters as the untiled NEON kernel of the same name takes
 * them (packed weights, folded bias, padded requantization); start and sizes are the tile's
 * (n, c, h, w) (fully connected: (row, feature)), clipped here to the layer's output.
 * start[1] indexes p's channels, which may hold the layer's channels with gaps (so that
 * each tile starts a weight block: targets/c/tiled_neon.py), and the output goes to y's
 * reference whatever it is.
 * Contract, checked by the emitter:
 * - x and y are int8 buffers whose channel (feature) axis has stride 1: NHWC (or row-major
 *   2-D) tiles, an image row's channels contiguous;
 * - pointwise, general and fully-connected tiles may sum over input-channel chunks:
 *   `chunking` is {in_chunk, chunks, chunk, stride, in_c}: chunk c sums the layer's input
 *   channels [c * in_chunk, + in_chunk) (clipped to in_c), x's reference pointing at the
 *   chunk's first channel, into the int32 tile `acc` (channels innermost), the last one
 *   requantizing; p's weights hold the chunk's columns from column c * stride (a multiple
 *   of 4): the chunk's channels (pointwise, fully connected) or its kernel_h x kernel_w
 *   taps of them (general conv, ordered as the unchunked columns, every chunk padded to
 *   `stride` columns). NULL (and no acc): one call sums every input channel. Depthwise
 *   tiles sum every input channel;
 * - start[1] is a multiple of 16 and sizes[1] a multiple of 16 or reaching p's last
 *   channel (whole blocks of the packed weights).
 * Taps outside the layer's input are padding (x_zero_point) and are not read. */
#ifndef XOPT_NEON_TILE_H
#define XOPT_NEON_TILE_H

#include "xopt_neon.h"
#include "xopt_tile.h"

/* 1x1, groups 1, no padding, any stride: one GEMM per stretch of output rows whose pixels
 * follow on at the same steps in x, y and acc (whole-width rows of a buffer, between ring
 * wraps). */
void xopt_neon_tile_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int32_t *start,
                                           const int32_t *sizes, const int32_t *chunking,
                                           xopt_tile_ref x, xopt_tile_ref acc, xopt_tile_ref y);
/* Largest kernel_h of xopt_neon_tile_conv2d_general_s8_s8. */
#define XOPT_NEON_TILE_MAX_KERNEL_H 16

/* groups 1, any kernel: each output row's windows (of a chunk's channels) unrolled (im2col)
 * on the stack, then GEMM; needs round_up(kernel_h * kernel_w * channels, 4) <=
 * XOPT_NEON_IM2COL_BYTES and kernel_h <= XOPT_NEON_TILE_MAX_KERNEL_H. */
void xopt_neon_tile_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int32_t *start,
                                         const int32_t *sizes, const int32_t *chunking,
                                         xopt_tile_ref x, xopt_tile_ref acc, xopt_tile_ref y);
/* 3x3 depthwise, dilation 1: row by row from the input rows in the buffer (rings wrap per
 * row). */
void xopt_neon_tile_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int32_t *start,
                                              const int32_t *sizes, xopt_tile_ref x,
                                              xopt_tile_ref y);
/* Rows [start[0], + sizes[0]) and features [start[1], + sizes[1]): one GEMM. */
void xopt_neon_tile_fully_connected_s8_s8(const xopt_fully_connected_params *p,
                                          const int32_t *start, const int32_t *sizes,
                                          const int32_t *chunking, xopt_tile_ref x,
                                          xopt_tile_ref acc, xopt_tile_ref y);

#endif
