/* quant.conv2d: the general NCHW kernel and the 1x1 pointwise and 3x3 depthwise paths. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

/* Output pixels the pointwise and depthwise kernels accumulate at once (a fixed-size local
 * array, no VLA). */
#define XOPT_POINTWISE_BLOCK 16

int xopt_conv2d_is_pointwise(const xopt_conv2d_params *p)
{
    return p->kernel_h == 1 && p->kernel_w == 1 && p->groups == 1 && p->pad_top == 0 &&
           p->pad_left == 0 && (p->out_h - 1) * p->stride_h < p->in_h &&
           (p->out_w - 1) * p->stride_w < p->in_w;
}

int xopt_conv2d_is_depthwise3x3(const xopt_conv2d_params *p)
{
    return p->kernel_h == 3 && p->kernel_w == 3 && p->groups == p->in_c &&
           p->out_c == p->in_c && p->dilation_h == 1 && p->dilation_w == 1;
}

void xopt_conv2d_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    if (xopt_conv2d_is_pointwise(p)) {
        xopt_conv2d_pointwise_s8_s8(p, x, y);
    } else if (xopt_conv2d_is_depthwise3x3(p)) {
        xopt_conv2d_depthwise3x3_s8_s8(p, x, y);
    } else {
        xopt_conv2d_general_s8_s8(p, x, y);
    }
}

static int32_t bias_of(const xopt_conv2d_params *p, int32_t o)
{
    return p->bias != 0 ? p->bias[o] : 0;
}

/* The taps [*begin, *end) of `kernel` taps at start + k * dilation that lie in [0, size). */
static void valid_taps(int32_t start, int32_t kernel, int32_t dilation, int32_t size,
                       int32_t *begin, int32_t *end)
{
    *begin = start < 0 ? (-start + dilation - 1) / dilation : 0;
    *end = kernel;
    if (start + (kernel - 1) * dilation >= size) {
        *end = size - start > 0 ? (size - start + dilation - 1) / dilation : 0;
    }
    if (*end < *begin) {
        *end = *begin;
    }
}

/* The accumulator of output (o, oy, ox): taps outside the image are skipped (they hold the
 * input zero point, which contributes zero). */
static int32_t general_acc(const xopt_conv2d_params *p, const int8_t *x, int32_t o, int32_t oy,
                           int32_t ox)
{
    const int32_t cg = p->in_c / p->groups;
    const int32_t first_c = o / (p->out_c / p->groups) * cg;
    const int32_t taps = p->kernel_h * p->kernel_w;
    const int8_t *w = p->weight + (int64_t)o * cg * taps;
    const int32_t w_zp = p->w_zero_point[o], x_zp = p->x_zero_point, dw = p->dilation_w;
    const int32_t iy0 = oy * p->stride_h - p->pad_top;
    const int32_t ix0 = ox * p->stride_w - p->pad_left;
    int32_t ky0, ky1, kx0, kx1;
    valid_taps(iy0, p->kernel_h, p->dilation_h, p->in_h, &ky0, &ky1);
    valid_taps(ix0, p->kernel_w, dw, p->in_w, &kx0, &kx1);
    int32_t acc = bias_of(p, o);
    for (int32_t c = 0; c < cg; ++c) {
        const int8_t *xc = x + (int64_t)(first_c + c) * p->in_h * p->in_w;
        for (int32_t ky = ky0; ky < ky1; ++ky) {
            const int8_t *row = xc + (iy0 + ky * p->dilation_h) * p->in_w + ix0;
            const int8_t *w_row = w + (c * p->kernel_h + ky) * p->kernel_w;
            for (int32_t kx = kx0; kx < kx1; ++kx) {
                acc += (row[kx * dw] - x_zp) * (w_row[kx] - w_zp);
            }
        }
    }
    return acc;
}

/* acc[j] += (x[j * step] - x_zp) * w for j < n: the vectorisable inner loop. */
static void accumulate(int32_t *acc, int32_t n, const int8_t *x, int32_t step, int32_t w,
                       int32_t x_zp)
{
    if (step == 1) {
        for (int32_t j = 0; j < n; ++j) {
            acc[j] += (x[j] - x_zp) * w;
        }
    } else {
        for (int32_t j = 0; j < n; ++j) {
            acc[j] += (x[j * step] - x_zp) * w;
        }
    }
}

/* Outputs [first, first + n) of row oy of channel o, whose windows lie inside the image
 * horizontally (n <= XOPT_POINTWISE_BLOCK): each tap accumulates a row of n outputs. With
 * constant kernel_w and a single channel per group (depthwise) the compiler unrolls it. */
static inline void row_block(const xopt_conv2d_params *p, const int8_t *x, int8_t *y, int32_t o,
                             int32_t oy, int32_t first, int32_t n, int32_t cg, int32_t kh,
                             int32_t kw)
{
    const int32_t first_c = o / (p->out_c / p->groups) * cg;
    const int8_t *w = p->weight + (int64_t)o * cg * kh * kw;
    const int32_t w_zp = p->w_zero_point[o];
    const int32_t iy0 = oy * p->stride_h - p->pad_top;
    const int32_t ix0 = first * p->stride_w - p->pad_left;
    int32_t ky0, ky1, acc[XOPT_POINTWISE_BLOCK];
    valid_taps(iy0, kh, p->dilation_h, p->in_h, &ky0, &ky1);
    for (int32_t j = 0; j < n; ++j) {
        acc[j] = bias_of(p, o);
    }
    for (int32_t c = 0; c < cg; ++c) {
        const int8_t *xc = x + (int64_t)(first_c + c) * p->in_h * p->in_w;
        for (int32_t ky = ky0; ky < ky1; ++ky) {
            const int8_t *row = xc + (iy0 + ky * p->dilation_h) * p->in_w + ix0;
            const int8_t *w_row = w + (c * kh + ky) * kw;
            for (int32_t kx = 0; kx < kw; ++kx) {
                accumulate(acc, n, row + kx * p->dilation_w, p->stride_w, w_row[kx] - w_zp,
                           p->x_zero_point);
            }
        }
    }
    for (int32_t j = 0; j < n; ++j) {
        y[first + j] = xopt_requantize_inline(&p->requant, o, acc[j]);
    }
}

/* Every output: border columns one window at a time, the others in row blocks. */
static inline void conv_rows(const xopt_conv2d_params *p, const int8_t *x, int8_t *y, int32_t cg,
                             int32_t kh, int32_t kw)
{
    /* Columns [lo, hi) have every tap inside the image: 0 <= ox*sw - pad_left and
     * ox*sw - pad_left + (kw - 1)*dw < in_w. */
    const int32_t sw = p->stride_w, span = (kw - 1) * p->dilation_w + 1;
    int32_t lo = (p->pad_left + sw - 1) / sw;
    int32_t hi = p->in_w >= span ? (p->in_w - span + p->pad_left) / sw + 1 : 0;
    lo = lo < p->out_w ? lo : p->out_w;
    hi = hi < lo ? lo : (hi > p->out_w ? p->out_w : hi);
    for (int32_t o = 0; o < p->out_c; ++o) {
        for (int32_t oy = 0; oy < p->out_h; ++oy, y += p->out_w) {
            for (int32_t ox = 0; ox < lo; ++ox) {
                y[ox] = xopt_requantize_inline(&p->requant, o, general_acc(p, x, o, oy, ox));
            }
            for (int32_t ox = lo; ox < hi; ox += XOPT_POINTWISE_BLOCK) {
                const int32_t n = hi - ox < XOPT_POINTWISE_BLOCK ? hi - ox : XOPT_POINTWISE_BLOCK;
                row_block(p, x, y, o, oy, ox, n, cg, kh, kw);
            }
            for (int32_t ox = hi; ox < p->out_w; ++ox) {
                y[ox] = xopt_requantize_inline(&p->requant, o, general_acc(p, x, o, oy, ox));
            }
        }
    }
}

void xopt_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_rows(p, x, y, p->in_c / p->groups, p->kernel_h, p->kernel_w);
}

/* Output channel o of `count` pixels whose inputs start at x + in_base and lie `step`
 * apart, written to y + out_base: blocks of pixels accumulate over all input channels. */
static void pointwise_pixels(const xopt_conv2d_params *p, const int8_t *x, int8_t *y, int32_t o,
                             int32_t in_base, int32_t out_base, int32_t count, int32_t step)
{
    const int64_t plane = (int64_t)p->in_h * p->in_w;
    const int8_t *w = p->weight + (int64_t)o * p->in_c;
    const int32_t w_zp = p->w_zero_point[o], x_zp = p->x_zero_point;
    for (int32_t start = 0; start < count; start += XOPT_POINTWISE_BLOCK) {
        const int32_t n = count - start < XOPT_POINTWISE_BLOCK ? count - start
                                                                : XOPT_POINTWISE_BLOCK;
        int32_t acc[XOPT_POINTWISE_BLOCK];
        for (int32_t j = 0; j < n; ++j) {
            acc[j] = bias_of(p, o);
        }
        for (int32_t c = 0; c < p->in_c; ++c) {
            const int8_t *xc = x + c * plane + in_base + (int64_t)start * step;
            accumulate(acc, n, xc, step, w[c] - w_zp, x_zp);
        }
        for (int32_t j = 0; j < n; ++j) {
            y[out_base + start + j] = xopt_requantize_inline(&p->requant, o, acc[j]);
        }
    }
}

void xopt_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    const int32_t out_plane = p->out_h * p->out_w;
    const int contiguous = p->stride_h == 1 && p->stride_w == 1 && p->out_w == p->in_w;
    for (int32_t o = 0; o < p->out_c; ++o) {
        int8_t *yo = y + (int64_t)o * out_plane;
        if (contiguous) {
            pointwise_pixels(p, x, yo, o, 0, 0, out_plane, 1);
            continue;
        }
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            pointwise_pixels(p, x, yo, o, oy * p->stride_h * p->in_w, oy * p->out_w, p->out_w,
                             p->stride_w);
        }
    }
}

void xopt_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_rows(p, x, y, 1, 3, 3);
}
