/* quant.maxpool, quant.avgpool and quant.global_avgpool (fixed_point) with NEON on NHWC
 * (xopt_neon.h): 16 channels per vector; a window's taps are the portable kernel's
 * (xopt_pool.c). */
#include "xopt_neon_int8.h"
#include "xopt_pool_window.h"

/* 16 channels at x + offset, of which n are meaningful (16 loaded where in bounds). */
XOPT_NEON_INLINE int8x16_t load_channels(const int8_t *x, int64_t offset, int64_t size,
                                         int32_t n)
{
    return size - offset >= 16 ? vld1q_s8(x + offset) : xopt_neon_load_partial(x + offset, n);
}

XOPT_NEON_INLINE void store_channels(int8_t *y, int64_t offset, int64_t size, int8x16_t v,
                                     int32_t n)
{
    if (size - offset >= 16) {
        vst1q_s8(y + offset, v);
    } else {
        xopt_neon_store_partial(y + offset, v, n);
    }
}

/* The largest of the window's taps of channels [c, c + 16) (n meaningful; `full`: n == 16,
 * loaded without a bounds check). */
XOPT_NEON_INLINE int8x16_t window_max(const xopt_pool2d_params *p, const int8_t *x, xopt_pool_window w,
                                      int32_t c, int32_t n, int64_t x_size, const int full)
{
    const int32_t channels = p->channels;
    int8x16_t best = vdupq_n_s8(INT8_MIN);
    for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
        const int64_t row = ((int64_t)(w.iy + ky) * p->in_w + w.ix) * channels + c;
        for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
            const int64_t at = row + (int64_t)kx * channels;
            best = vmaxq_s8(best, full ? vld1q_s8(x + at) : load_channels(x, at, x_size, n));
        }
    }
    return best;
}

void xopt_neon_maxpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y)
{
    const int32_t channels = p->channels, full = channels & ~15;
    const int64_t x_size = (int64_t)p->in_h * p->in_w * channels;
    const int64_t y_size = (int64_t)p->out_h * p->out_w * channels;
    int64_t out = 0;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        for (int32_t ox = 0; ox < p->out_w; ++ox, out += channels) {
            const xopt_pool_window w = xopt_pool_window_at(p, oy, ox);
            for (int32_t c = 0; c < full; c += 16) {
                vst1q_s8(y + out + c, window_max(p, x, w, c, 16, x_size, 1));
            }
            if (full < channels) {
                const int32_t n = channels - full;
                store_channels(y, out + full, y_size, window_max(p, x, w, full, n, x_size, 0), n);
            }
        }
    }
}


/* sum - taps * zero_point of 16 channels whose raw sum is lo, hi (int16), as 4 int32 lanes,
 * rescaled and narrowed. */
XOPT_NEON_INLINE int8x16_t average16(int16x8_t lo, int16x8_t hi, int32_t taps, int32_t zp,
                                     xopt_neon_rq4 r, xopt_neon_out o, const int pre)
{
    int32x4_t q[4];
    xopt_neon_widen(lo, hi, q);
    const int32x4_t offset = vdupq_n_s32(taps * zp);
    for (int k = 0; k < 4; ++k) {
        q[k] = xopt_neon_rescale(vsubq_s32(q[k], offset), r, pre);
    }
    return xopt_neon_narrow(q[0], q[1], q[2], q[3], o);
}

XOPT_NEON_INLINE void avgpool_all(const xopt_pool2d_params *p, const int8_t *x, int8_t *y,
                                  const int pre)
{
    const int32_t channels = p->channels;
    const int64_t x_size = (int64_t)p->in_h * p->in_w * channels;
    const int64_t y_size = (int64_t)p->out_h * p->out_w * channels;
    const xopt_neon_out o = xopt_neon_out_load(&p->requant);
    int64_t out = 0;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        for (int32_t ox = 0; ox < p->out_w; ++ox, out += channels) {
            const xopt_pool_window w = xopt_pool_window_at(p, oy, ox);
            const int32_t count = xopt_pool_window_count(w.iy, p->kernel_h, p->in_h, p->pad_top,
                                               p->pad_bottom, p->count_include_pad) *
                                  xopt_pool_window_count(w.ix, p->kernel_w, p->in_w, p->pad_left,
                                               p->pad_right, p->count_include_pad);
            const int32_t taps = (w.ky1 - w.ky0) * (w.kx1 - w.kx0);
            const xopt_neon_rq4 r =
                xopt_neon_rq4_from(vdupq_n_s32(p->requant.multiplier[count]),
                                   vdupq_n_s32(p->requant.shift[count]), pre);
            for (int32_t c = 0; c < channels; c += 16) {
                const int32_t n = channels - c < 16 ? channels - c : 16;
                int16x8_t lo = vdupq_n_s16(0), hi = vdupq_n_s16(0);
                for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
                    const int64_t row = ((int64_t)(w.iy + ky) * p->in_w + w.ix) * channels + c;
                    for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
                        const int8x16_t v = load_channels(x, row + kx * channels, x_size, n);
                        lo = vaddw_s8(lo, vget_low_s8(v));
                        hi = vaddw_high_s8(hi, v);
                    }
                }
                const int8x16_t v = average16(lo, hi, taps, p->x_zero_point, r, o, pre);
                store_channels(y, out + c, y_size, v, n);
            }
        }
    }
}

void xopt_neon_avgpool2d_s8_s8(const xopt_pool2d_params *p, const int8_t *x, int8_t *y)
{
    if (xopt_neon_needs_pre_shift(&p->requant, p->kernel_h * p->kernel_w + 1)) {
        avgpool_all(p, x, y, 1);
    } else {
        avgpool_all(p, x, y, 0);
    }
}

XOPT_NEON_INLINE void global_avgpool_all(const xopt_global_avgpool_params *p, const int8_t *x,
                                         int8_t *y, const int pre)
{
    const int32_t channels = p->channels, size = p->size;
    const int64_t x_size = (int64_t)size * channels;
    const xopt_neon_rq4 r = xopt_neon_rq4_from(vdupq_n_s32(p->requant.multiplier[0]),
                                               vdupq_n_s32(p->requant.shift[0]), pre);
    const xopt_neon_out o = xopt_neon_out_load(&p->requant);
    for (int32_t c = 0; c < channels; c += 16) {
        const int32_t n = channels - c < 16 ? channels - c : 16;
        int32x4_t total[4] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
        for (int32_t first = 0; first < size; first += 256) {
            /* 256 int8 values sum exactly in int16 */
            const int32_t last = size - first < 256 ? size : first + 256;
            int16x8_t lo = vdupq_n_s16(0), hi = vdupq_n_s16(0);
            for (int32_t i = first; i < last; ++i) {
                const int8x16_t v = load_channels(x, (int64_t)i * channels + c, x_size, n);
                lo = vaddw_s8(lo, vget_low_s8(v));
                hi = vaddw_high_s8(hi, v);
            }
            int32x4_t part[4];
            xopt_neon_widen(lo, hi, part);
            for (int k = 0; k < 4; ++k) {
                total[k] = vaddq_s32(total[k], part[k]);
            }
        }
        const int32x4_t offset = vdupq_n_s32(size * p->x_zero_point);
        for (int k = 0; k < 4; ++k) {
            total[k] = xopt_neon_rescale(vsubq_s32(total[k], offset), r, pre);
        }
        store_channels(y, c, channels, xopt_neon_narrow(total[0], total[1], total[2], total[3], o),
                       n);
    }
}

void xopt_neon_global_avgpool_s8_s8(const xopt_global_avgpool_params *p, const int8_t *x,
                                    int8_t *y)
{
    if (xopt_neon_needs_pre_shift(&p->requant, 1)) {
        global_avgpool_all(p, x, y, 1);
    } else {
        global_avgpool_all(p, x, y, 0);
    }
}
