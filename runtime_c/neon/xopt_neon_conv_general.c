/* General conv2d (groups 1): blocks of output pixels are unrolled (im2col) into a stack
 * scratch of rows [ky][kx][c] (taps outside the image hold x_zero_point), each block then
 * one sdot GEMM into the NHWC output. */
#include "xopt_neon_internal.h"

/* dst[0 .. n) = src[0 .. n) with overlapping vector moves; writes nothing past dst + n. */
XOPT_NEON_INLINE void copy_bytes(int8_t *dst, const int8_t *src, int32_t n)
{
    if (n >= 16) {
        int32_t i = 0;
        for (; i + 16 <= n; i += 16) {
            vst1q_s8(dst + i, vld1q_s8(src + i));
        }
        if (i < n) {
            vst1q_s8(dst + n - 16, vld1q_s8(src + n - 16));
        }
    } else if (n >= 8) {
        vst1_s8(dst, vld1_s8(src));
        vst1_s8(dst + n - 8, vld1_s8(src + n - 8));
    } else if (n >= 4) {
        int32_t head, tail;
        memcpy(&head, src, 4);
        memcpy(&tail, src + n - 4, 4);
        memcpy(dst, &head, 4);
        memcpy(dst + n - 4, &tail, 4);
    } else {
        for (int32_t i = 0; i < n; ++i) {
            dst[i] = src[i];
        }
    }
}

/* The im2col row of output pixel (oy, ox): kernel_h * kernel_w taps of in_c bytes. */
static void unroll_pixel(const xopt_conv2d_params *p, const int8_t *x, int32_t oy, int32_t ox,
                         int8_t *dst)
{
    const int32_t c = p->in_c, kw = p->kernel_w, dw = p->dilation_w;
    const int32_t iy0 = oy * p->stride_h - p->pad_top, ix0 = ox * p->stride_w - p->pad_left;
    const int row_contiguous = dw == 1 && ix0 >= 0 && ix0 + kw <= p->in_w;
    for (int32_t ky = 0; ky < p->kernel_h; ++ky, dst += kw * c) {
        const int32_t iy = iy0 + ky * p->dilation_h;
        if (iy < 0 || iy >= p->in_h) {
            memset(dst, p->x_zero_point, (size_t)(kw * c));
            continue;
        }
        const int8_t *row = x + ((int64_t)iy * p->in_w) * c;
        if (row_contiguous) {
            copy_bytes(dst, row + (int64_t)ix0 * c, kw * c);
            continue;
        }
        for (int32_t kx = 0; kx < kw; ++kx) {
            const int32_t ix = ix0 + kx * dw;
            if (ix < 0 || ix >= p->in_w) {
                memset(dst + kx * c, p->x_zero_point, (size_t)c);
            } else {
                copy_bytes(dst + kx * c, row + (int64_t)ix * c, c);
            }
        }
    }
}

void xopt_neon_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    int8_t scratch[XOPT_NEON_IM2COL_BYTES];
    const int32_t k = p->kernel_h * p->kernel_w * p->in_c, kp = (k + 3) & ~3;
    const int32_t pixels = p->out_h * p->out_w;
    const int32_t block = XOPT_NEON_IM2COL_BYTES / kp / 4 * 4;
    const xopt_neon_gemm_b b = {k, p->out_c, p->weight, p->bias, &p->requant,
                                xopt_neon_needs_pre_shift(&p->requant, p->out_c)};
    /* Row padding [k, kp) stays zero: the packed weights there are zero too. */
    memset(scratch, 0, (size_t)((block < pixels ? block : pixels) * kp));
    int32_t oy = 0, ox = 0;
    for (int32_t first = 0; first < pixels; first += block) {
        const int32_t m = pixels - first < block ? pixels - first : block;
        for (int32_t i = 0; i < m; ++i) {
            unroll_pixel(p, x, oy, ox, scratch + i * kp);
            if (++ox == p->out_w) {
                ox = 0;
                ++oy;
            }
        }
        xopt_neon_gemm(&b, m, scratch, kp, y + (int64_t)first * p->out_c, p->out_c);
    }
}
