/* quant.conv2d: the general NCHW kernel and the 1x1 pointwise and 3x3 depthwise paths. */
#include "xopt_kernels.h"

/* Pixels the pointwise kernel accumulates at once (a fixed-size local array, no VLA). */
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

/* The accumulator of output (o, oy, ox): taps outside the image are skipped (they hold the
 * input zero point, which contributes zero). */
static int32_t general_acc(const xopt_conv2d_params *p, const int8_t *x, int32_t o, int32_t oy,
                           int32_t ox)
{
    const int32_t cg = p->in_c / p->groups;
    const int32_t first_c = o / (p->out_c / p->groups) * cg;
    const int32_t taps = p->kernel_h * p->kernel_w;
    const int8_t *w = p->weight + (int64_t)o * cg * taps;
    const int32_t w_zp = p->w_zero_point[o];
    const int32_t iy0 = oy * p->stride_h - p->pad_top;
    const int32_t ix0 = ox * p->stride_w - p->pad_left;
    int32_t acc = bias_of(p, o);
    for (int32_t c = 0; c < cg; ++c) {
        const int8_t *xc = x + (int64_t)(first_c + c) * p->in_h * p->in_w;
        const int8_t *wc = w + c * taps;
        for (int32_t ky = 0; ky < p->kernel_h; ++ky) {
            const int32_t iy = iy0 + ky * p->dilation_h;
            if (iy < 0 || iy >= p->in_h) {
                continue;
            }
            for (int32_t kx = 0; kx < p->kernel_w; ++kx) {
                const int32_t ix = ix0 + kx * p->dilation_w;
                if (ix >= 0 && ix < p->in_w) {
                    acc += (xc[iy * p->in_w + ix] - p->x_zero_point) *
                           (wc[ky * p->kernel_w + kx] - w_zp);
                }
            }
        }
    }
    return acc;
}

void xopt_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t o = 0; o < p->out_c; ++o) {
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const int32_t acc = general_acc(p, x, o, oy, ox);
                *y++ = xopt_requantize_one(&p->requant, o, acc);
            }
        }
    }
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
            const int32_t wv = w[c] - w_zp;
            const int8_t *xc = x + c * plane + in_base + (int64_t)start * step;
            if (step == 1) {
                for (int32_t j = 0; j < n; ++j) {
                    acc[j] += (xc[j] - x_zp) * wv;
                }
            } else {
                for (int32_t j = 0; j < n; ++j) {
                    acc[j] += (xc[j * step] - x_zp) * wv;
                }
            }
        }
        for (int32_t j = 0; j < n; ++j) {
            y[out_base + start + j] = xopt_requantize_one(&p->requant, o, acc[j]);
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

/* One 3x3 window whose taps all lie inside the image: no bounds checks. */
static int32_t depthwise_interior(const int8_t *xc, int32_t in_w, const int8_t *w, int32_t w_zp,
                                  int32_t x_zp)
{
    int32_t acc = 0;
    for (int32_t ky = 0; ky < 3; ++ky) {
        const int8_t *row = xc + ky * in_w;
        acc += (row[0] - x_zp) * (w[3 * ky] - w_zp) + (row[1] - x_zp) * (w[3 * ky + 1] - w_zp) +
               (row[2] - x_zp) * (w[3 * ky + 2] - w_zp);
    }
    return acc;
}

void xopt_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t c = 0; c < p->out_c; ++c) {
        const int8_t *xc = x + (int64_t)c * p->in_h * p->in_w;
        const int8_t *w = p->weight + 9 * c;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            const int32_t iy = oy * p->stride_h - p->pad_top;
            const int rows_inside = iy >= 0 && iy + 2 < p->in_h;
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const int32_t ix = ox * p->stride_w - p->pad_left;
                int32_t acc;
                if (rows_inside && ix >= 0 && ix + 2 < p->in_w) {
                    acc = bias_of(p, c) + depthwise_interior(xc + iy * p->in_w + ix, p->in_w, w,
                                                             p->w_zero_point[c],
                                                             p->x_zero_point);
                } else {
                    acc = general_acc(p, x, c, oy, ox);
                }
                *y++ = xopt_requantize_one(&p->requant, c, acc);
            }
        }
    }
}
