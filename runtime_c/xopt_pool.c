/* quant.maxpool, quant.avgpool and quant.global_avgpool on NHWC activations: every window
 * works on rows of channels, which the compiler vectorises. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"
#include "xopt_pool_window.h"

/* Channels accumulated at once (a fixed-size local array, no VLA). */
#define XOPT_CHANNEL_BLOCK 64

static const int8_t *tap(const xopt_pool2d_params *p, const int8_t *x, xopt_pool_window w, int32_t ky,
                         int32_t kx)
{
    return x + ((int64_t)(w.iy + ky) * p->in_w + w.ix + kx) * p->channels;
}

void xopt_maxpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y)
{
    const int32_t channels = p->channels;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        for (int32_t ox = 0; ox < p->out_w; ++ox, y += channels) {
            const xopt_pool_window w = xopt_pool_window_at(p, oy, ox);
            for (int32_t c = 0; c < channels; ++c) {
                y[c] = INT8_MIN;
            }
            for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
                for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
                    const int8_t *restrict xp = tap(p, x, w, ky, kx);
                    int8_t *restrict yp = y;
                    for (int32_t c = 0; c < channels; ++c) {
                        yp[c] = xp[c] > yp[c] ? xp[c] : yp[c];
                    }
                }
            }
        }
    }
}


/* Channels [first, first + n) of one fixed-point average window of `count` taps. */
static void average_fixed(const xopt_pool2d_params *p, const int8_t *x, int8_t *y, xopt_pool_window w,
                          int32_t count, int32_t first, int32_t n)
{
    int32_t total[XOPT_CHANNEL_BLOCK] = {0};
    for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
        for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
            const int8_t *xp = tap(p, x, w, ky, kx) + first;
            for (int32_t j = 0; j < n; ++j) {
                total[j] += xp[j] - p->x_zero_point;
            }
        }
    }
    for (int32_t j = 0; j < n; ++j) {
        y[first + j] = xopt_requantize_inline(&p->requant, count, total[j]);
    }
}

/* The same window in float rounding (onnxruntime's QLinearAveragePool, header). */
static void average_float(const xopt_pool2d_params *p, const int8_t *x, int8_t *y, xopt_pool_window w,
                          int32_t count, int32_t first, int32_t n)
{
    float total[XOPT_CHANNEL_BLOCK] = {0};
    for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
        for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
            const int8_t *xp = tap(p, x, w, ky, kx) + first;
            for (int32_t j = 0; j < n; ++j) {
                total[j] += xopt_dequantize_one(xp[j], p->x_zero_point, p->x_scale);
            }
        }
    }
    const xopt_requant *rq = &p->requant;
    for (int32_t j = 0; j < n; ++j) {
        const float mean = total[j] / (float)count;
        const float shifted = mean / p->y_scale + (float)rq->zero_point;
        y[first + j] = xopt_saturate(xopt_cvt(shifted), rq->lo, rq->hi);
    }
}

void xopt_avgpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        for (int32_t ox = 0; ox < p->out_w; ++ox, y += p->channels) {
            const xopt_pool_window w = xopt_pool_window_at(p, oy, ox);
            const int32_t count = xopt_pool_window_count(w.iy, p->kernel_h, p->in_h, p->pad_top,
                                               p->pad_bottom, p->count_include_pad) *
                                  xopt_pool_window_count(w.ix, p->kernel_w, p->in_w, p->pad_left,
                                               p->pad_right, p->count_include_pad);
            for (int32_t first = 0; first < p->channels; first += XOPT_CHANNEL_BLOCK) {
                const int32_t left = p->channels - first;
                const int32_t n = left < XOPT_CHANNEL_BLOCK ? left : XOPT_CHANNEL_BLOCK;
                if (p->float_rounding) {
                    average_float(p, x, y, w, count, first, n);
                } else {
                    average_fixed(p, x, y, w, count, first, n);
                }
            }
        }
    }
}

void xopt_global_avgpool_s8_s8(const xopt_global_avgpool_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t first = 0; first < p->channels; first += XOPT_CHANNEL_BLOCK) {
        const int32_t left = p->channels - first;
        const int32_t n = left < XOPT_CHANNEL_BLOCK ? left : XOPT_CHANNEL_BLOCK;
        int32_t total[XOPT_CHANNEL_BLOCK] = {0};
        for (int32_t i = 0; i < p->size; ++i) {
            const int8_t *xp = x + (int64_t)i * p->channels + first;
            for (int32_t j = 0; j < n; ++j) {
                total[j] += xp[j] - p->x_zero_point;
            }
        }
        for (int32_t j = 0; j < n; ++j) {
            y[first + j] = xopt_requantize_inline(&p->requant, 0, total[j]);
        }
    }
}
