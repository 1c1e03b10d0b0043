/* quant.conv2d on NHWC activations: the general kernel (int8 or packed int4 / int2
 * weights) and the 1x1 pointwise and 3x3 depthwise paths (weight layouts in
 * xopt_kernels.h). */
#include "xopt_kernels.h"
#include "xopt_packed_inline.h"
#include "xopt_requant_inline.h"

/* Channels the depthwise kernel accumulates at once (a fixed-size local array, no VLA). */
#define XOPT_CHANNEL_BLOCK 64

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

/* sum of (x[c] - x_zp) * (w[c] - w_zp) for c < n: the vectorisable inner loop. */
static inline int32_t dot(const int8_t *restrict x, const int8_t *restrict w, int32_t n,
                          int32_t x_zp, int32_t w_zp)
{
    /* |x - x_zp| and |w - w_zp| are below 2^9: 16-bit differences and 16 x 16 -> 32-bit
     * products, which compilers vectorise as widening multiply-accumulates. */
    int32_t acc = 0;
    for (int32_t c = 0; c < n; ++c) {
        acc += (int16_t)(x[c] - x_zp) * (int16_t)(w[c] - w_zp);
    }
    return acc;
}

/* Output channels [first, end) of the general kernel, channel o's OHWI int8 weights at
 * w + (o - first) * kernel_h * kernel_w * in_c / groups. */
static void conv_general(const xopt_conv2d_params *p, const int8_t *x, int8_t *y,
                         int32_t first, int32_t end, const int8_t *w)
{
    const int32_t cg = p->in_c / p->groups, og = p->out_c / p->groups;
    const int32_t kh = p->kernel_h, kw = p->kernel_w, dh = p->dilation_h, dw = p->dilation_w;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        const int32_t iy0 = oy * p->stride_h - p->pad_top;
        int32_t ky0, ky1;
        valid_taps(iy0, kh, dh, p->in_h, &ky0, &ky1);
        for (int32_t ox = 0; ox < p->out_w; ++ox, y += p->out_c) {
            const int32_t ix0 = ox * p->stride_w - p->pad_left;
            int32_t kx0, kx1;
            valid_taps(ix0, kw, dw, p->in_w, &kx0, &kx1);
            /* Without groups and dilation a row of taps is one contiguous run of pixels'
             * channels in x and in OHWI weights: one dot product; else one per tap. */
            const int32_t run = p->groups == 1 && dw == 1 ? (kx1 > kx0 ? kx1 - kx0 : 1) : 1;
            for (int32_t o = first; o < end; ++o) {
                const int8_t *wo = w + (int64_t)(o - first) * kh * kw * cg;
                const int8_t *xg = x + o / og * cg;
                int32_t acc = bias_of(p, o);
                for (int32_t ky = ky0; ky < ky1; ++ky) {
                    const int8_t *row = xg + (int64_t)(iy0 + ky * dh) * p->in_w * p->in_c;
                    for (int32_t kx = kx0; kx < kx1; kx += run) {
                        acc += dot(row + (int64_t)(ix0 + kx * dw) * p->in_c,
                                   wo + (ky * kw + kx) * cg, run * cg, p->x_zero_point,
                                   p->w_zero_point[o]);
                    }
                }
                y[o] = xopt_requantize_inline(&p->requant, o, acc);
            }
        }
    }
}

/* The general kernel on packed `bits`-bit weights: blocks of output channels unpacked into
 * a stack scratch of XOPT_UNPACK_BYTES (one channel's weights must fit), then int8. */
static inline void conv_general_packed(const xopt_conv2d_params *p, const int8_t *x, int8_t *y,
                                       const int bits)
{
    int8_t w[XOPT_UNPACK_BYTES];
    const int32_t size = p->kernel_h * p->kernel_w * (p->in_c / p->groups);
    const int32_t block = XOPT_UNPACK_BYTES / size;
    for (int32_t first = 0; first < p->out_c; first += block) {
        const int32_t end = p->out_c - first < block ? p->out_c : first + block;
        xopt_unpack(p->weight, (int64_t)first * size, (end - first) * size, bits, w);
        conv_general(p, x, y, first, end, w);
    }
}

void xopt_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_general(p, x, y, 0, p->out_c, p->weight);
}

void xopt_conv2d_general_s8_s8_w4(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_general_packed(p, x, y, 4);
}

void xopt_conv2d_general_s8_s8_w2(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_general_packed(p, x, y, 2);
}

void xopt_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        for (int32_t ox = 0; ox < p->out_w; ++ox, y += p->out_c) {
            const int64_t pixel = (int64_t)oy * p->stride_h * p->in_w + ox * p->stride_w;
            const int8_t *xp = x + pixel * p->in_c;
            for (int32_t o = 0; o < p->out_c; ++o) {
                const int32_t acc = bias_of(p, o) + dot(xp, p->weight + (int64_t)o * p->in_c,
                                                        p->in_c, p->x_zero_point,
                                                        p->w_zero_point[o]);
                y[o] = xopt_requantize_inline(&p->requant, o, acc);
            }
        }
    }
}

/* Channels [first, first + n) of output pixel (oy, ox) of a 3x3 depthwise conv, whose taps
 * [ky0, ky1) x [kx0, kx1) lie inside the image: each tap adds a row of n channels. */
static void depthwise_block(const xopt_conv2d_params *p, const int8_t *x, int8_t *y,
                            int32_t iy0, int32_t ix0, const int32_t taps[4], int32_t first,
                            int32_t n)
{
    const int32_t c = p->in_c, x_zp = p->x_zero_point;
    const int32_t *w_zp = p->w_zero_point + first;
    int32_t acc[XOPT_CHANNEL_BLOCK];
    for (int32_t j = 0; j < n; ++j) {
        acc[j] = bias_of(p, first + j);
    }
    for (int32_t ky = taps[0]; ky < taps[1]; ++ky) {
        for (int32_t kx = taps[2]; kx < taps[3]; ++kx) {
            const int8_t *xp = x + ((int64_t)(iy0 + ky) * p->in_w + ix0 + kx) * c + first;
            const int8_t *w = p->weight + (ky * 3 + kx) * c + first;
            for (int32_t j = 0; j < n; ++j) {
                acc[j] += (xp[j] - x_zp) * (w[j] - w_zp[j]);
            }
        }
    }
    for (int32_t j = 0; j < n; ++j) {
        y[first + j] = xopt_requantize_inline(&p->requant, first + j, acc[j]);
    }
}

void xopt_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        const int32_t iy0 = oy * p->stride_h - p->pad_top;
        int32_t taps[4];
        valid_taps(iy0, 3, 1, p->in_h, &taps[0], &taps[1]);
        for (int32_t ox = 0; ox < p->out_w; ++ox, y += p->out_c) {
            const int32_t ix0 = ox * p->stride_w - p->pad_left;
            valid_taps(ix0, 3, 1, p->in_w, &taps[2], &taps[3]);
            for (int32_t first = 0; first < p->out_c; first += XOPT_CHANNEL_BLOCK) {
                const int32_t left = p->out_c - first;
                const int32_t n = left < XOPT_CHANNEL_BLOCK ? left : XOPT_CHANNEL_BLOCK;
                depthwise_block(p, x, y, iy0, ix0, taps, first, n);
            }
        }
    }
}
