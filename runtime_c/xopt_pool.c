/* quant.maxpool, quant.avgpool (fixed_point) and quant.global_avgpool. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

/* The taps [*begin, *end) of a window starting at `start` that lie in [low, high). */
static void clip_taps(int32_t start, int32_t kernel, int32_t low, int32_t high, int32_t *begin,
                      int32_t *end)
{
    *begin = start < low ? low - start : 0;
    *end = start + kernel > high ? high - start : kernel;
    if (*end < *begin) {
        *end = *begin;
    }
}

void xopt_maxpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t c = 0; c < p->channels; ++c) {
        const int8_t *xc = x + (int64_t)c * p->in_h * p->in_w;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            const int32_t iy = oy * p->stride_h - p->pad_top;
            int32_t ky0, ky1;
            clip_taps(iy, p->kernel_h, 0, p->in_h, &ky0, &ky1);
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const int32_t ix = ox * p->stride_w - p->pad_left;
                int32_t kx0, kx1;
                clip_taps(ix, p->kernel_w, 0, p->in_w, &kx0, &kx1);
                int8_t best = INT8_MIN;
                for (int32_t ky = ky0; ky < ky1; ++ky) {
                    for (int32_t kx = kx0; kx < kx1; ++kx) {
                        const int8_t v = xc[(iy + ky) * p->in_w + ix + kx];
                        best = v > best ? v : best;
                    }
                }
                *y++ = best;
            }
        }
    }
}

/* How many taps of a window starting at `start` count towards the average (header). */
static int32_t window_count(int32_t start, int32_t kernel, int32_t size, int32_t pad_begin,
                            int32_t pad_end, int32_t include_pad)
{
    int32_t begin, end;
    if (include_pad) {
        clip_taps(start, kernel, -pad_begin, size + pad_end, &begin, &end);
    } else {
        clip_taps(start, kernel, 0, size, &begin, &end);
    }
    return end - begin;
}

void xopt_avgpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t c = 0; c < p->channels; ++c) {
        const int8_t *xc = x + (int64_t)c * p->in_h * p->in_w;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            const int32_t iy = oy * p->stride_h - p->pad_top;
            const int32_t rows = window_count(iy, p->kernel_h, p->in_h, p->pad_top,
                                              p->pad_bottom, p->count_include_pad);
            int32_t ky0, ky1;
            clip_taps(iy, p->kernel_h, 0, p->in_h, &ky0, &ky1);
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const int32_t ix = ox * p->stride_w - p->pad_left;
                const int32_t cols = window_count(ix, p->kernel_w, p->in_w, p->pad_left,
                                                  p->pad_right, p->count_include_pad);
                int32_t kx0, kx1;
                clip_taps(ix, p->kernel_w, 0, p->in_w, &kx0, &kx1);
                int32_t total = 0;
                for (int32_t ky = ky0; ky < ky1; ++ky) {
                    for (int32_t kx = kx0; kx < kx1; ++kx) {
                        total += xc[(iy + ky) * p->in_w + ix + kx] - p->x_zero_point;
                    }
                }
                *y++ = xopt_requantize_inline(&p->requant, rows * cols, total);
            }
        }
    }
}

void xopt_global_avgpool_s8_s8(const xopt_global_avgpool_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t c = 0; c < p->channels; ++c) {
        const int8_t *xc = x + (int64_t)c * p->size;
        int32_t total = 0;
        for (int32_t i = 0; i < p->size; ++i) {
            total += xc[i] - p->x_zero_point;
        }
        y[c] = xopt_requantize_inline(&p->requant, 0, total);
    }
}
