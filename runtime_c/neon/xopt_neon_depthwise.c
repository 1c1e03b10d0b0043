/* 3x3 depthwise conv2d, NHWC, 16 channels at a time: taps 0-3 and 4-7 are interleaved
 * channel-major (two ZIP levels) and multiplied by sdot against compile-time interleaved
 * weights; tap 8 uses SMULL and widening adds. */
#include "xopt_neon_internal.h"

/* acc[q] += sum over the 4 taps t of x_t[4 q + i] * w (w: 4 vectors, channel-major). */
XOPT_NEON_INLINE void dot_four_taps(int32x4_t acc[4], int8x16_t x0, int8x16_t x1, int8x16_t x2,
                                    int8x16_t x3, int8x16x4_t w)
{
    const int16x8_t lo01 = vreinterpretq_s16_s8(vzip1q_s8(x0, x1));
    const int16x8_t hi01 = vreinterpretq_s16_s8(vzip2q_s8(x0, x1));
    const int16x8_t lo23 = vreinterpretq_s16_s8(vzip1q_s8(x2, x3));
    const int16x8_t hi23 = vreinterpretq_s16_s8(vzip2q_s8(x2, x3));
    acc[0] = vdotq_s32(acc[0], vreinterpretq_s8_s16(vzip1q_s16(lo01, lo23)), w.val[0]);
    acc[1] = vdotq_s32(acc[1], vreinterpretq_s8_s16(vzip2q_s16(lo01, lo23)), w.val[1]);
    acc[2] = vdotq_s32(acc[2], vreinterpretq_s8_s16(vzip1q_s16(hi01, hi23)), w.val[2]);
    acc[3] = vdotq_s32(acc[3], vreinterpretq_s8_s16(vzip2q_s16(hi01, hi23)), w.val[3]);
}

/* 16 channels from c of one output pixel whose taps start at tap[t] + c (t = 3 ky + kx);
 * n < 16 loads and stores the first n channels only. */
XOPT_NEON_INLINE void channel_block(const xopt_conv2d_params *p, const int8_t *const tap[9],
                                    int32_t c, int32_t n, int8_t *y, const int pre,
                                    xopt_neon_out out)
{
    int8x16_t x[9];
    for (int t = 0; t < 9; ++t) {
        x[t] = n >= 16 ? vld1q_s8(tap[t] + c) : xopt_neon_load_partial(tap[t] + c, n);
    }
    const int8_t *w = p->weight + (int64_t)c * 9;
    const int32x4x4_t bias = vld1q_s32_x4(p->bias + c);
    int32x4_t acc[4] = {bias.val[0], bias.val[1], bias.val[2], bias.val[3]};
    dot_four_taps(acc, x[0], x[1], x[2], x[3], vld1q_s8_x4(w));
    dot_four_taps(acc, x[4], x[5], x[6], x[7], vld1q_s8_x4(w + 64));
    const int8x16_t w8 = vld1q_s8(w + 128);
    const int16x8_t lo = vmull_s8(vget_low_s8(x[8]), vget_low_s8(w8));
    const int16x8_t hi = vmull_high_s8(x[8], w8);
    acc[0] = vaddw_s16(acc[0], vget_low_s16(lo));
    acc[1] = vaddw_high_s16(acc[1], lo);
    acc[2] = vaddw_s16(acc[2], vget_low_s16(hi));
    acc[3] = vaddw_high_s16(acc[3], hi);
    int32x4_t r[4];
    for (int q = 0; q < 4; ++q) {
        r[q] = xopt_neon_rescale(acc[q], xopt_neon_rq4_load(&p->requant, c + 4 * q, pre), pre);
    }
    const int8x16_t v = xopt_neon_narrow(r[0], r[1], r[2], r[3], out);
    if (n >= 16) {
        vst1q_s8(y + c, v);
    } else {
        xopt_neon_store_partial(y + c, v, n);
    }
}

/* Every channel of one output pixel. */
XOPT_NEON_INLINE void pixel(const xopt_conv2d_params *p, const int8_t *const tap[9], int8_t *y,
                            const int pre, xopt_neon_out out)
{
    int32_t c = 0;
    for (; c + 16 <= p->in_c; c += 16) {
        channel_block(p, tap, c, 16, y, pre, out);
    }
    if (c < p->in_c) {
        channel_block(p, tap, c, p->in_c - c, y, pre, out);
    }
}

/* All output pixels; taps outside the image read `pad` (x_zero_point in every channel). */
XOPT_NEON_INLINE void depthwise(const xopt_conv2d_params *p, const int8_t *x, int8_t *y,
                                const int8_t *pad, const int pre)
{
    const xopt_neon_out out = xopt_neon_out_load(&p->requant);
    const int64_t row = (int64_t)p->in_w * p->in_c;
    int64_t offset[9];
    for (int t = 0; t < 9; ++t) {
        offset[t] = (t / 3) * row + (t % 3) * p->in_c;
    }
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        const int32_t iy = oy * p->stride_h - p->pad_top;
        const int rows_inside = iy >= 0 && iy + 2 < p->in_h;
        for (int32_t ox = 0; ox < p->out_w; ++ox, y += p->out_c) {
            const int32_t ix = ox * p->stride_w - p->pad_left;
            const int8_t *tap[9];
            if (rows_inside && ix >= 0 && ix + 2 < p->in_w) {
                const int8_t *base = x + iy * row + (int64_t)ix * p->in_c;
                for (int t = 0; t < 9; ++t) {
                    tap[t] = base + offset[t];
                }
            } else {
                for (int t = 0; t < 9; ++t) {
                    const int32_t ty = iy + t / 3, tx = ix + t % 3;
                    const int inside = ty >= 0 && ty < p->in_h && tx >= 0 && tx < p->in_w;
                    tap[t] = inside ? x + ty * row + (int64_t)tx * p->in_c : pad;
                }
            }
            pixel(p, tap, y, pre, out);
        }
    }
}

static void depthwise_plain(const xopt_conv2d_params *p, const int8_t *x, int8_t *y,
                            const int8_t *pad)
{
    depthwise(p, x, y, pad, 0);
}

static void depthwise_pre_shift(const xopt_conv2d_params *p, const int8_t *x, int8_t *y,
                                const int8_t *pad)
{
    depthwise(p, x, y, pad, 1);
}

void xopt_neon_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    int8_t pad[XOPT_NEON_DEPTHWISE_MAX_CHANNELS];
    memset(pad, p->x_zero_point, (size_t)p->in_c);
    if (xopt_neon_needs_pre_shift(&p->requant, p->out_c)) {
        depthwise_pre_shift(p, x, y, pad);
    } else {
        depthwise_plain(p, x, y, pad);
    }
}
