/* Tiled execution: the `tile` dialect's buffers, DMA boxes and compute ops on tiles, for the
 * C that xopt emits from tile IR (targets/c/tiled_emit.py). The semantics are the tile
 * executor's (xopt/executor/tile_interpreter.py, tile_memory.py, tile_kernels.py):
 *
 * A buffer is `slots` slots of `shape` elements of `element_bytes` (1: int8, 4: int32)
 * bytes, slot k starting k * slot_bytes after `base`. Coordinates are the tile IR's
 * (NCHW for activations, OIHW for conv weights); `stride` gives each axis's step in
 * elements, so the emitter picks the layout (targets/c/tiled_emit.py stores activations
 * NHWC: channels innermost, an image row contiguous). Along `ring_axis` (or -1) a buffer
 * stores shape[ring_axis] consecutive entries of an unbounded axis: coordinate r lives at
 * r mod shape[ring_axis].
 *
 * A reference (`xopt_tile_ref`) is a buffer, a slot and the buffer coordinates of a window's
 * first element. DMA copies a box, clipped to both buffers except along ring axes, and is
 * synchronous: it has completed when xopt_tile_dma returns, so a tile.dma_wait is nothing.
 *
 * Compute ops take the layer (the whole-tensor op's constants), the output tile's start and
 * extent in the layer's output (clipped here to the output) and one reference per buffer
 * operand. Window positions outside the layer's input are padding and are not read.
 * Conv and fully-connected tiles compute their sums over the buffers directly and
 * requantize with xopt_requantize_one (runtime_c/neon/xopt_neon_tile.c has the NEON
 * kernels of the tiles they cover); pools gather their window into a caller-provided
 * scratch, run a whole-tensor kernel on it and scatter the result; element-wise ops run
 * theirs on the buffers in place, stretch by contiguous stretch. Nothing allocates
 * memory. */
#ifndef XOPT_TILE_H
#define XOPT_TILE_H

#include <stdint.h>

#include "xopt_kernels.h"

#define XOPT_TILE_MAX_RANK 4

typedef struct {
    uint8_t *base; /* slot 0 */
    int32_t rank;
    int32_t shape[XOPT_TILE_MAX_RANK];
    int64_t stride[XOPT_TILE_MAX_RANK]; /* elements */
    int32_t ring_axis; /* -1: not a ring */
    int32_t slots;
    int64_t slot_bytes;
    int32_t element_bytes; /* 1 or 4 */
} xopt_tile_buffer;

typedef struct {
    const xopt_tile_buffer *buffer;
    int32_t slot;
    int32_t origin[XOPT_TILE_MAX_RANK];
} xopt_tile_ref;

/* floor(a / b) and a - b * floor(a / b) for b > 0 (affine maps' floordiv and mod). */
static inline int32_t xopt_tile_floordiv(int32_t a, int32_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static inline int32_t xopt_tile_mod(int32_t a, int32_t b)
{
    return a - b * xopt_tile_floordiv(a, b);
}

/* Address of the element at buffer coordinates `at` of r's slot (ring axes wrap). */
static inline uint8_t *xopt_tile_address(xopt_tile_ref r, const int32_t *at)
{
    const xopt_tile_buffer *b = r.buffer;
    int64_t flat = 0;
    for (int32_t a = 0; a < b->rank; ++a) {
        const int32_t i = a == b->ring_axis ? xopt_tile_mod(at[a], b->shape[a]) : at[a];
        flat += i * b->stride[a];
    }
    return b->base + r.slot * b->slot_bytes + flat * b->element_bytes;
}

/* tile.dma_start (and its wait): the box [src start, + sizes) into [dst start, + sizes). */
void xopt_tile_dma(xopt_tile_ref src, xopt_tile_ref dst, const int32_t *sizes);

/* A box of a 4-D int8 buffer read into dense y (NHWC: axes 0, 2, 3, 1 when `nhwc`, else
 * row-major in the buffer's coordinates), and the reverse. */
void xopt_tile_gather(xopt_tile_ref x, const int32_t *sizes, int nhwc, int8_t *y);
void xopt_tile_scatter(const int8_t *x, const int32_t *sizes, int nhwc, xopt_tile_ref y);

/* A conv2d or fully-connected layer on tiles. Conv: x (1, C, H, W) NCHW, w (O, C/g, kh, kw)
 * OIHW, y (1, O, OH, OW). Fully connected: x (rows, in), w (out, in), y (rows, out), kernel
 * and stride 1, no padding, groups 1 (in_h = in_w = out_h = out_w = 1 and channels are
 * features). in_chunk > 0: a reduction over input-channel chunks of in_chunk channels
 * (chunk c sums channels [c * in_chunk, ...) into the int32 acc buffer; the last chunk
 * requantizes acc). */
typedef struct {
    int32_t fully_connected;
    int32_t in_c, in_h, in_w;
    int32_t out_c, out_h, out_w;
    int32_t kernel_h, kernel_w;
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t pad_top, pad_left;
    int32_t groups;
    int32_t in_chunk, chunks;
    int32_t x_zero_point;
    const int32_t *w_zero_point; /* [out_c] */
    xopt_requant requant;        /* entries [out_c] */
} xopt_tile_reduce_layer;

/* refs: x, w, bias (NULL buffer: none), acc (NULL buffer: none), y. start and sizes are
 * (n, c, h, w) for conv, (row, feature) for fully connected. */
void xopt_tile_reduce(const xopt_tile_reduce_layer *l, const int32_t *start, const int32_t *sizes,
                      int32_t chunk, xopt_tile_ref x, xopt_tile_ref w, xopt_tile_ref bias,
                      xopt_tile_ref acc, xopt_tile_ref y);

/* Output rows [start, start + size) of a layer of `extent` rows, clipped: how many remain. */
static inline int32_t xopt_tile_clip(int32_t start, int32_t size, int32_t extent)
{
    return size < extent - start ? size : extent - start;
}

/* The address of row r (axis 2) of a reference's window. */
static inline uint8_t *xopt_tile_row_address(xopt_tile_ref ref, int32_t r)
{
    ref.origin[2] += r;
    return xopt_tile_address(ref, ref.origin);
}

/* The kernel_h input rows that output row start + r of a conv tile reads, at input column 0
 * (the tile's first output row is `start`, its first column 0; x references its input
 * window): each the row's address in x's buffer (ring rows wrap), or `pad`, a row of
 * x_zero_point bytes, for a row in the padding. For a conv tile that a row kernel computes
 * (targets/neon/tile_rows.py). */
void xopt_tile_conv_input_rows(const xopt_tile_reduce_layer *l, int32_t start, int32_t r,
                               xopt_tile_ref x, const int8_t *pad, const int8_t **rows);

/* The whole-tensor kernels the pool and element-wise tiles run (xopt_kernels.h's portable
 * ones or, in the neon target, xopt_neon.h's of the same parameters). */
typedef void (*xopt_tile_pool_kernel)(const xopt_pool2d_params *, const int8_t *, int8_t *);
typedef void (*xopt_tile_global_avgpool_kernel)(const xopt_global_avgpool_params *,
                                                const int8_t *, int8_t *);
typedef void (*xopt_tile_add_kernel)(const xopt_add_params *, const int8_t *, const int8_t *,
                                     int8_t *);
typedef void (*xopt_tile_mul_kernel)(const xopt_mul_params *, const int8_t *, const int8_t *,
                                     int8_t *);

/* maxpool / avgpool on a tile: `layer` holds the whole layer's parameters (its in/out sizes
 * and pads); the tile's window is gathered NHWC into scratch (window bytes, then tile
 * bytes) for `kernel`. */
void xopt_tile_pool(const xopt_pool2d_params *layer, xopt_tile_pool_kernel kernel,
                    const int32_t *start, const int32_t *sizes, xopt_tile_ref x, xopt_tile_ref y,
                    int8_t *scratch);

/* global_avgpool on a tile of channels (sizes (1, c, 1, 1)), gathered as xopt_tile_pool. */
void xopt_tile_global_avgpool(const xopt_global_avgpool_params *layer,
                              xopt_tile_global_avgpool_kernel kernel, const int32_t *start,
                              const int32_t *sizes, int32_t in_h, int32_t in_w, xopt_tile_ref x,
                              xopt_tile_ref y, int8_t *scratch);

/* add / mul of two same-shape tiles in place: `kernel` runs on each stretch of elements
 * contiguous in a, b and y (count, and b_count, set per stretch), no scratch. */
void xopt_tile_add(const xopt_add_params *layer, xopt_tile_add_kernel kernel,
                   const int32_t *out_shape, const int32_t *start, const int32_t *sizes,
                   xopt_tile_ref a, xopt_tile_ref b, xopt_tile_ref y);
void xopt_tile_mul(const xopt_mul_params *layer, xopt_tile_mul_kernel kernel,
                   const int32_t *out_shape, const int32_t *start, const int32_t *sizes,
                   xopt_tile_ref a, xopt_tile_ref b, xopt_tile_ref y);

#endif
