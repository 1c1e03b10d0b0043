/* General conv2d (groups 1): blocks of output pixels are unrolled (im2col) into a stack
 * scratch of rows [ky][kx][c] (taps outside the image hold x_zero_point), each block then
 * one sdot GEMM into the NHWC output. */
#include "xopt_neon_internal.h"

/* The im2col row of output pixel (oy, ox) whose window crosses the image border or is
 * dilated horizontally: kernel_h * kernel_w taps of in_c bytes. */
static void unroll_pixel(const xopt_conv2d_params *p, const int8_t *x, int32_t oy, int32_t ox,
                         int8_t *dst)
{
    const int32_t c = p->in_c, kw = p->kernel_w, dw = p->dilation_w;
    const int32_t iy0 = oy * p->stride_h - p->pad_top, ix0 = ox * p->stride_w - p->pad_left;
    const int row_contiguous = dw == 1 && ix0 >= 0 && ix0 + kw <= p->in_w;
    /* (windows inside the image take unroll_block's fast path) */
    for (int32_t ky = 0; ky < p->kernel_h; ++ky, dst += kw * c) {
        const int32_t iy = iy0 + ky * p->dilation_h;
        if (iy < 0 || iy >= p->in_h) {
            memset(dst, p->x_zero_point, (size_t)(kw * c));
            continue;
        }
        const int8_t *row = x + ((int64_t)iy * p->in_w) * c;
        if (row_contiguous) {
            xopt_neon_copy_bytes(dst, row + (int64_t)ix0 * c, kw * c);
            continue;
        }
        for (int32_t kx = 0; kx < kw; ++kx) {
            const int32_t ix = ix0 + kx * dw;
            if (ix < 0 || ix >= p->in_w) {
                memset(dst + kx * c, p->x_zero_point, (size_t)c);
            } else {
                xopt_neon_copy_bytes(dst + kx * c, row + (int64_t)ix * c, c);
            }
        }
    }
}

/* The geometry of the fast path as locals, so that int8 stores cannot alias it. */
typedef struct {
    int32_t run;      /* kernel_w * in_c: the bytes of one window row */
    int32_t rows;     /* kernel_h */
    int64_t row_step; /* dilation_h image rows, in bytes */
    int64_t step;     /* stride_w pixels, in bytes */
} window;

/* The im2col rows of pixels whose windows lie inside the image: `count` pixels of one
 * output row, the first window starting at src. */
static void unroll_inside(const window g, const int8_t *src, int32_t count, int32_t kp,
                          int8_t *dst)
{
    for (int32_t i = 0; i < count; ++i, src += g.step, dst += kp) {
        const int8_t *s = src;
        for (int32_t ky = 0; ky < g.rows; ++ky, s += g.row_step) {
            xopt_neon_copy_bytes(dst + ky * g.run, s, g.run);
        }
    }
}

/* The im2col rows of output pixels [first, first + m) into rows of `kp` bytes: windows
 * inside the image (with dilation_w 1) copy kernel_h runs of kernel_w * in_c bytes, the
 * others go tap by tap. */
static void unroll_block(const xopt_conv2d_params *p, const int8_t *x, int32_t first, int32_t m,
                         int32_t kp, int8_t *dst)
{
    const int32_t c = p->in_c, out_w = p->out_w, sw = p->stride_w, pl = p->pad_left;
    const window g = {p->kernel_w * c, p->kernel_h, (int64_t)p->dilation_h * p->in_w * c,
                      (int64_t)sw * c};
    const int32_t span_h = (p->kernel_h - 1) * p->dilation_h;
    /* Columns [lo, hi) have windows inside the image horizontally (dilation_w 1 only). */
    int32_t lo = (pl + sw - 1) / sw;
    int32_t hi = p->in_w >= p->kernel_w ? (p->in_w - p->kernel_w + pl) / sw + 1 : 0;
    if (p->dilation_w != 1 || hi > out_w) {
        hi = p->dilation_w != 1 ? 0 : out_w;
    }
    int32_t oy = first / out_w, ox = first % out_w;
    for (int32_t done = 0; done < m;) {
        const int32_t end = out_w - ox < m - done ? out_w : ox + (m - done);
        const int32_t iy0 = oy * p->stride_h - p->pad_top;
        const int rows_inside = iy0 >= 0 && iy0 + span_h < p->in_h;
        const int32_t in_lo = rows_inside && lo > ox ? lo : ox;
        const int32_t in_hi = rows_inside ? (hi < end ? hi : end) : ox;
        for (; ox < end; ++ox, ++done, dst += kp) {
            if (ox == in_lo && in_lo < in_hi) {
                const int8_t *src = x + ((int64_t)iy0 * p->in_w + ox * sw - pl) * c;
                unroll_inside(g, src, in_hi - in_lo, kp, dst);
                done += in_hi - in_lo;
                dst += (int64_t)(in_hi - in_lo) * kp;
                ox = in_hi;
                if (ox == end) {
                    break;
                }
            }
            unroll_pixel(p, x, oy, ox, dst);
        }
        if (ox == out_w) {
            ox = 0;
            ++oy;
        }
    }
}

static void conv_general(const xopt_conv2d_params *p, const int8_t *x, int8_t *y, int bits)
{
    int8_t scratch[XOPT_NEON_IM2COL_BYTES];
    const int32_t k = p->kernel_h * p->kernel_w * p->in_c, kp = (k + 3) & ~3;
    const int32_t pixels = p->out_h * p->out_w;
    const int32_t block = XOPT_NEON_IM2COL_BYTES / kp / 4 * 4;
    /* The reduction runs over kp: the padding is zero in both operands. */
    const xopt_neon_gemm_b b =
        xopt_neon_gemm_whole(kp, p->out_c, bits, p->weight, p->bias, &p->requant);
    /* Row padding [k, kp) stays zero: the packed weights there are zero too. */
    memset(scratch, 0, (size_t)((block < pixels ? block : pixels) * kp));
    for (int32_t first = 0; first < pixels; first += block) {
        const int32_t m = pixels - first < block ? pixels - first : block;
        unroll_block(p, x, first, m, kp, scratch);
        xopt_neon_gemm(&b, m, scratch, kp, y + (int64_t)first * p->out_c, p->out_c);
    }
}

void xopt_neon_conv2d_general_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_general(p, x, y, 8);
}

void xopt_neon_conv2d_general_s8_s8_w4(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_general(p, x, y, 4);
}

void xopt_neon_conv2d_general_s8_s8_w2(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    conv_general(p, x, y, 2);
}
