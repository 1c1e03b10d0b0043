/* NEON kernels of conv2d and fully-connected tiles (xopt_neon_tile.h): the layer's packed
 * weights, bias and requantization narrowed to the tile's output channels, fed row by row
 * from the tile buffers to the whole-tensor kernels' cores (xopt_neon_gemm,
 * xopt_neon_depthwise3x3_row). */
#include "xopt_neon_tile.h"

#include "xopt_neon_internal.h"

static int32_t min32(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

/* A conv tile clipped to the layer's output, and where its windows start in the input. */
typedef struct {
    int32_t c0, tc, th, tw;
    int32_t span_y, span_x; /* layer input row / column of the first window's first tap */
    int32_t col0;           /* the first input column inside the layer: max(span_x, 0) */
} tile_geometry;

static int clip(const xopt_conv2d_params *p, const int32_t *start, const int32_t *sizes,
                tile_geometry *g)
{
    g->c0 = start[1];
    g->tc = min32(sizes[1], p->out_c - start[1]);
    g->th = min32(sizes[2], p->out_h - start[2]);
    g->tw = min32(sizes[3], p->out_w - start[3]);
    g->span_y = start[2] * p->stride_h - p->pad_top;
    g->span_x = start[3] * p->stride_w - p->pad_left;
    g->col0 = g->span_x > 0 ? g->span_x : 0;
    return g->tc > 0 && g->th > 0 && g->tw > 0;
}

/* Layer input row iy (inside the input) at column col0. */
static const int8_t *x_row(xopt_tile_ref x, const tile_geometry *g, int32_t iy)
{
    const int32_t at[4] = {x.origin[0], x.origin[1], x.origin[2] + iy - g->span_y,
                           x.origin[3] + g->col0 - g->span_x};
    return (const int8_t *)xopt_tile_address(x, at);
}

/* Row oy of the output tile at its first column. */
static int8_t *y_row(xopt_tile_ref y, int32_t oy)
{
    return (int8_t *)xopt_tile_row_address(y, oy);
}

/* Requantization entries from channel c0 on. */
static xopt_requant requant_from(const xopt_requant *rq, int32_t c0)
{
    xopt_requant r = *rq;
    r.multiplier += c0;
    r.shift += c0;
    return r;
}

/* The GEMM B side of output channels [c0, c0 + n) of a reduction over `k` packed columns
 * (whole 16-row blocks of round_up(k, 4) columns): all k columns, or chunk `chunking[2]`
 * (of chunking[1]) of xopt_neon_tile.h, `taps` columns per input channel of the chunk,
 * which starts from acc (unless the first) and stores acc (unless the last). */
static xopt_neon_gemm_b gemm_slice(int32_t k, int32_t c0, int32_t n, const int8_t *weight,
                                   const int32_t *bias, const xopt_requant *rq,
                                   const int32_t *chunking, int32_t taps)
{
    const int32_t kp = (k + 3) & ~3;
    xopt_neon_gemm_b b = xopt_neon_gemm_whole(k, n, 8, weight + (int64_t)c0 * kp, bias + c0, rq);
    b.k_stride = kp;
    if (chunking != NULL) {
        const int32_t in_chunk = chunking[0], chunks = chunking[1], chunk = chunking[2];
        b.k_first = chunk * chunking[3];
        b.k = taps * min32(in_chunk, chunking[4] - chunk * in_chunk);
        b.acc_load = chunk > 0;
        b.acc_store = chunk < chunks - 1;
    }
    return b;
}

/* Points b's acc at row oy of the conv tile's int32 acc buffer. */
static void acc_row(xopt_neon_gemm_b *b, xopt_tile_ref acc, int32_t oy)
{
    b->acc = (int32_t *)xopt_tile_row_address(acc, oy);
    b->acc_stride = acc.buffer->stride[3];
}

void xopt_neon_tile_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int32_t *start,
                                           const int32_t *sizes, const int32_t *chunking,
                                           xopt_tile_ref x, xopt_tile_ref acc, xopt_tile_ref y)
{
    tile_geometry g;
    if (!clip(p, start, sizes, &g)) {
        return;
    }
    const xopt_requant rq = requant_from(&p->requant, g.c0);
    xopt_neon_gemm_b b = gemm_slice(p->in_c, g.c0, g.tc, p->weight, p->bias, &rq, chunking, 1);
    const int64_t a_step = p->stride_w * x.buffer->stride[3], y_step = y.buffer->stride[3];
    for (int32_t oy = 0, rows; oy < g.th; oy += rows) {
        const int8_t *a = x_row(x, &g, (start[2] + oy) * p->stride_h);
        int8_t *out = y_row(y, oy);
        if (chunking != NULL) {
            acc_row(&b, acc, oy);
        }
        /* the following rows join this GEMM while their pixels continue a's, out's and
         * acc's at the same steps (whole-width tiles of one buffer stretch) */
        for (rows = 1; oy + rows < g.th; ++rows) {
            const int64_t m = (int64_t)rows * g.tw;
            const int8_t *next = x_row(x, &g, (start[2] + oy + rows) * p->stride_h);
            if (next != a + m * a_step || y_row(y, oy + rows) != out + m * y_step) {
                break;
            }
            if (chunking != NULL &&
                (int32_t *)xopt_tile_row_address(acc, oy + rows) != b.acc + m * b.acc_stride) {
                break;
            }
        }
        xopt_neon_gemm(&b, rows * g.tw, a, a_step, out, y_step);
    }
}

/* The im2col row (kernel_h * kernel_w taps of c bytes) of output column ox (layer
 * coordinates) from the window's input rows (NULL: padding), each at column col0. */
static void unroll_window(const xopt_conv2d_params *p, const tile_geometry *g, int32_t c,
                          const int8_t *const *rows, int64_t pixel, int32_t ox, int8_t *dst)
{
    const int32_t kw = p->kernel_w, dw = p->dilation_w;
    const int32_t ix0 = ox * p->stride_w - p->pad_left;
    const int run = dw == 1 && pixel == c && ix0 >= 0 && ix0 + kw <= p->in_w;
    for (int32_t ky = 0; ky < p->kernel_h; ++ky, dst += kw * c) {
        if (rows[ky] == NULL) {
            memset(dst, p->x_zero_point, (size_t)(kw * c));
        } else if (run) {
            xopt_neon_copy_bytes(dst, rows[ky] + (ix0 - g->col0) * pixel, kw * c);
        } else {
            for (int32_t kx = 0; kx < kw; ++kx) {
                const int32_t ix = ix0 + kx * dw;
                if (ix < 0 || ix >= p->in_w) {
                    memset(dst + kx * c, p->x_zero_point, (size_t)c);
                } else {
                    xopt_neon_copy_bytes(dst + kx * c, rows[ky] + (ix - g->col0) * pixel, c);
                }
            }
        }
    }
}

void xopt_neon_tile_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int32_t *start,
                                         const int32_t *sizes, const int32_t *chunking,
                                         xopt_tile_ref x, xopt_tile_ref acc, xopt_tile_ref y)
{
    int8_t scratch[XOPT_NEON_IM2COL_BYTES];
    const int8_t *rows[XOPT_NEON_TILE_MAX_KERNEL_H];
    tile_geometry g;
    if (!clip(p, start, sizes, &g)) {
        return;
    }
    const int32_t taps = p->kernel_h * p->kernel_w;
    /* packed columns, and the input channels of this call's rows */
    const int32_t k = chunking == NULL ? taps * p->in_c : chunking[1] * chunking[3];
    const int32_t c = chunking == NULL ? p->in_c
                                       : min32(chunking[0], chunking[4] - chunking[2] * chunking[0]);
    const int32_t row = (taps * c + 3) & ~3, block = XOPT_NEON_IM2COL_BYTES / row;
    const xopt_requant rq = requant_from(&p->requant, g.c0);
    xopt_neon_gemm_b b = gemm_slice(k, g.c0, g.tc, p->weight, p->bias, &rq, chunking, taps);
    b.k = row; /* the padding columns are zero on both sides */
    const int64_t pixel = x.buffer->stride[3], y_step = y.buffer->stride[3];
    /* Row padding [taps * c, row) stays zero: the packed weights there are zero too. */
    memset(scratch, 0, (size_t)((block < g.tw ? block : g.tw) * row));
    for (int32_t oy = 0; oy < g.th; ++oy) {
        for (int32_t ky = 0; ky < p->kernel_h; ++ky) {
            const int32_t iy = (start[2] + oy) * p->stride_h - p->pad_top + ky * p->dilation_h;
            rows[ky] = iy >= 0 && iy < p->in_h ? x_row(x, &g, iy) : NULL;
        }
        int8_t *out = y_row(y, oy);
        if (chunking != NULL) {
            acc_row(&b, acc, oy);
        }
        int32_t *acc0 = b.acc;
        for (int32_t first = 0; first < g.tw; first += block) {
            const int32_t m = min32(block, g.tw - first);
            for (int32_t i = 0; i < m; ++i) {
                unroll_window(p, &g, c, rows, pixel, start[3] + first + i, scratch + i * row);
            }
            b.acc = acc0 == NULL ? NULL : acc0 + first * b.acc_stride;
            xopt_neon_gemm(&b, m, scratch, row, out + first * y_step, y_step);
        }
    }
}

void xopt_neon_tile_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int32_t *start,
                                              const int32_t *sizes, xopt_tile_ref x,
                                              xopt_tile_ref y)
{
    int8_t pad[XOPT_NEON_DEPTHWISE_MAX_CHANNELS];
    tile_geometry g;
    if (!clip(p, start, sizes, &g)) {
        return;
    }
    memset(pad, p->x_zero_point, (size_t)g.tc);
    const xopt_requant rq = requant_from(&p->requant, g.c0);
    const xopt_neon_depthwise_row r = {
        .channels = g.tc,
        .weight = p->weight + (int64_t)g.c0 * 9,
        .bias = p->bias + g.c0,
        .requant = &rq,
        .pre_shift = xopt_neon_needs_pre_shift(&rq, g.tc),
        .in_w = p->in_w,
        .stride_w = p->stride_w,
        .pad_left = p->pad_left,
        .col0 = g.col0,
        .x_pixel = x.buffer->stride[3],
        .y_pixel = y.buffer->stride[3],
        .ox0 = start[3],
        .count = g.tw,
        .pad = pad,
    };
    for (int32_t oy = 0; oy < g.th; ++oy) {
        const int8_t *rows[3];
        for (int32_t ky = 0; ky < 3; ++ky) {
            const int32_t iy = (start[2] + oy) * p->stride_h - p->pad_top + ky;
            rows[ky] = iy >= 0 && iy < p->in_h ? x_row(x, &g, iy) : NULL;
        }
        xopt_neon_depthwise3x3_row(&r, rows, y_row(y, oy));
    }
}

void xopt_neon_tile_fully_connected_s8_s8(const xopt_fully_connected_params *p,
                                          const int32_t *start, const int32_t *sizes,
                                          const int32_t *chunking, xopt_tile_ref x,
                                          xopt_tile_ref acc, xopt_tile_ref y)
{
    const int32_t m = min32(sizes[0], p->rows - start[0]);
    const int32_t n0 = start[1], n = min32(sizes[1], p->out_features - n0);
    if (m <= 0 || n <= 0) {
        return;
    }
    const xopt_requant rq = requant_from(&p->requant, n0);
    xopt_neon_gemm_b b =
        gemm_slice(p->in_features, n0, n, p->weight, p->bias, &rq, chunking, 1);
    if (chunking != NULL) {
        const int32_t at[2] = {acc.origin[0], acc.origin[1]};
        b.acc = (int32_t *)xopt_tile_address(acc, at);
        b.acc_stride = acc.buffer->stride[0];
    }
    const int32_t x_at[2] = {x.origin[0], x.origin[1]}, y_at[2] = {y.origin[0], y.origin[1]};
    xopt_neon_gemm(&b, m, (const int8_t *)xopt_tile_address(x, x_at), x.buffer->stride[0],
                   (int8_t *)xopt_tile_address(y, y_at), y.buffer->stride[0]);
}
