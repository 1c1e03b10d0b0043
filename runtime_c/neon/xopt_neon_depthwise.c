/* 3x3 depthwise conv2d, NHWC, 16 channels at a time: taps 0-3 and 4-7 are interleaved
 * channel-major (two ZIP levels) and multiplied by sdot against compile-time interleaved
 * weights; tap 8 uses SMULL and widening adds. The work is done an output row at a time
 * (xopt_neon_depthwise3x3_row), for whole tensors here and for tiles in xopt_neon_tile.c. */
#include "xopt_neon_internal.h"

/* acc[q] += sum over the 4 taps t of x_t[4 q + i] * w (w: 64 bytes, channel-major). */
XOPT_NEON_INLINE void dot_four_taps(int32x4_t acc[4], int8x16_t x0, int8x16_t x1, int8x16_t x2,
                                    int8x16_t x3, const int8_t *w)
{
    const int16x8_t lo01 = vreinterpretq_s16_s8(vzip1q_s8(x0, x1));
    const int16x8_t hi01 = vreinterpretq_s16_s8(vzip2q_s8(x0, x1));
    const int16x8_t lo23 = vreinterpretq_s16_s8(vzip1q_s8(x2, x3));
    const int16x8_t hi23 = vreinterpretq_s16_s8(vzip2q_s8(x2, x3));
    const int8x16x4_t wv = vld1q_s8_x4(w);
    acc[0] = vdotq_s32(acc[0], vreinterpretq_s8_s16(vzip1q_s16(lo01, lo23)), wv.val[0]);
    acc[1] = vdotq_s32(acc[1], vreinterpretq_s8_s16(vzip2q_s16(lo01, lo23)), wv.val[1]);
    acc[2] = vdotq_s32(acc[2], vreinterpretq_s8_s16(vzip1q_s16(hi01, hi23)), wv.val[2]);
    acc[3] = vdotq_s32(acc[3], vreinterpretq_s8_s16(vzip2q_s16(hi01, hi23)), wv.val[3]);
}

/* A layer's constants as locals (by value), so that int8 stores cannot alias them. */
typedef struct {
    int32_t channels;
    const int8_t *weight;
    const int32_t *bias, *multiplier, *shift;
    xopt_neon_out out;
} plan;

/* Channels [c, c + 16) of one output pixel from its 9 taps x0 .. x8 (t = 3 ky + kx). */
XOPT_NEON_INLINE int8x16_t channel_block(const plan g, int8x16_t x0, int8x16_t x1, int8x16_t x2,
                                         int8x16_t x3, int8x16_t x4, int8x16_t x5,
                                         int8x16_t x6, int8x16_t x7, int8x16_t x8, int32_t c,
                                         const int pre)
{
    const int8_t *w = g.weight + (int64_t)c * 9;
    /* Tap 8 first: its widening adds start the accumulators from the bias without moves. */
    const int32x4x4_t bias = vld1q_s32_x4(g.bias + c);
    const int8x16_t w8 = vld1q_s8(w + 128);
    const int16x8_t lo = vmull_s8(vget_low_s8(x8), vget_low_s8(w8));
    const int16x8_t hi = vmull_high_s8(x8, w8);
    int32x4_t acc[4] = {vaddw_s16(bias.val[0], vget_low_s16(lo)),
                        vaddw_high_s16(bias.val[1], lo),
                        vaddw_s16(bias.val[2], vget_low_s16(hi)),
                        vaddw_high_s16(bias.val[3], hi)};
    dot_four_taps(acc, x0, x1, x2, x3, w);
    dot_four_taps(acc, x4, x5, x6, x7, w + 64);
    const int32x4x4_t m = vld1q_s32_x4(g.multiplier + c), s = vld1q_s32_x4(g.shift + c);
    int32x4_t r[4];
    for (int q = 0; q < 4; ++q) {
        r[q] = xopt_neon_rescale(acc[q], xopt_neon_rq4_from(m.val[q], s.val[q], pre), pre);
    }
    return xopt_neon_narrow(r[0], r[1], r[2], r[3], g.out);
}

/* The 9 taps at t0 .. t8 (+ c), n of them (16: full vectors). */
#define TAPS(LOAD)                                                                         \
    LOAD(t0 + c), LOAD(t1 + c), LOAD(t2 + c), LOAD(t3 + c), LOAD(t4 + c), LOAD(t5 + c),    \
        LOAD(t6 + c), LOAD(t7 + c), LOAD(t8 + c)
#define LOAD_PARTIAL(p) xopt_neon_load_partial(p, n)

/* Every channel of one output pixel whose taps start at t0 .. t8 (t = 3 ky + kx). */
XOPT_NEON_INLINE void pixel_at(const plan g, const int8_t *t0, const int8_t *t1,
                               const int8_t *t2, const int8_t *t3, const int8_t *t4,
                               const int8_t *t5, const int8_t *t6, const int8_t *t7,
                               const int8_t *t8, int8_t *y, const int pre)
{
    int32_t c = 0;
    for (; c + 16 <= g.channels; c += 16) {
        vst1q_s8(y + c, channel_block(g, TAPS(vld1q_s8), c, pre));
    }
    if (c < g.channels) {
        const int32_t n = g.channels - c;
        xopt_neon_store_partial(y + c, channel_block(g, TAPS(LOAD_PARTIAL), c, pre), n);
    }
}

#define SPREAD9(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]

/* One output row (xopt_neon_internal.h's xopt_neon_depthwise_row): pixels whose window lies
 * inside take their taps straight from the three rows, the others tap by tap with `pad`
 * for taps outside. */
XOPT_NEON_INLINE void row_pixels(const plan g, const xopt_neon_depthwise_row *r,
                                 const int8_t *const rows[3], int8_t *y, const int pre)
{
    const int32_t sw = r->stride_w, pl = r->pad_left, end = r->ox0 + r->count;
    const int64_t xp = r->x_pixel;
    /* Columns [lo, hi) have every tap inside the image horizontally. */
    int32_t lo = (pl + sw - 1) / sw;
    int32_t hi = r->in_w >= 3 ? (r->in_w - 3 + pl) / sw + 1 : 0;
    if (rows[0] == NULL || rows[1] == NULL || rows[2] == NULL) {
        hi = lo; /* a padding row: every pixel tap by tap */
    }
    lo = lo < r->ox0 ? r->ox0 : (lo > end ? end : lo);
    hi = hi < lo ? lo : (hi > end ? end : hi);
    int32_t ox = r->ox0;
    for (; ox < end; ++ox) {
        int8_t *out = y + (ox - r->ox0) * r->y_pixel;
        if (ox == lo) {
            const int64_t step = (int64_t)sw * xp;
            const int64_t first = (int64_t)(lo * sw - pl - r->col0) * xp;
            const int8_t *t0 = rows[0] + first, *t1 = rows[1] + first, *t2 = rows[2] + first;
            for (; ox < hi; ++ox, t0 += step, t1 += step, t2 += step, out += r->y_pixel) {
                pixel_at(g, t0, t0 + xp, t0 + 2 * xp, t1, t1 + xp, t1 + 2 * xp, t2, t2 + xp,
                         t2 + 2 * xp, out, pre);
            }
            if (ox == end) {
                break;
            }
        }
        const int8_t *tap[9];
        for (int t = 0; t < 9; ++t) {
            const int32_t tx = ox * sw - pl + t % 3;
            const int8_t *row = rows[t / 3];
            const int inside = row != NULL && tx >= 0 && tx < r->in_w;
            tap[t] = inside ? row + (tx - r->col0) * xp : r->pad;
        }
        pixel_at(g, SPREAD9(tap), out, pre);
    }
}

static void row_plain(const plan g, const xopt_neon_depthwise_row *r,
                      const int8_t *const rows[3], int8_t *y)
{
    row_pixels(g, r, rows, y, 0);
}

static void row_pre_shift(const plan g, const xopt_neon_depthwise_row *r,
                          const int8_t *const rows[3], int8_t *y)
{
    row_pixels(g, r, rows, y, 1);
}

void xopt_neon_depthwise3x3_row(const xopt_neon_depthwise_row *r, const int8_t *const rows[3],
                                int8_t *y)
{
    const plan g = {r->channels,
                    r->weight,
                    r->bias,
                    r->requant->multiplier,
                    r->requant->shift,
                    xopt_neon_out_load(r->requant)};
    if (r->pre_shift) {
        row_pre_shift(g, r, rows, y);
    } else {
        row_plain(g, r, rows, y);
    }
}

void xopt_neon_conv2d_depthwise3x3_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    int8_t pad[XOPT_NEON_DEPTHWISE_MAX_CHANNELS];
    memset(pad, p->x_zero_point, (size_t)p->in_c);
    const int32_t c = p->in_c;
    const xopt_neon_depthwise_row r = {
        .channels = c,
        .weight = p->weight,
        .bias = p->bias,
        .requant = &p->requant,
        .pre_shift = xopt_neon_needs_pre_shift(&p->requant, p->out_c),
        .in_w = p->in_w,
        .stride_w = p->stride_w,
        .pad_left = p->pad_left,
        .col0 = 0,
        .x_pixel = c,
        .y_pixel = c,
        .ox0 = 0,
        .count = p->out_w,
        .pad = pad,
    };
    const int64_t row = (int64_t)p->in_w * c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        const int8_t *rows[3];
        for (int32_t ky = 0; ky < 3; ++ky) {
            const int32_t iy = oy * p->stride_h - p->pad_top + ky;
            rows[ky] = iy >= 0 && iy < p->in_h ? x + iy * row : NULL;
        }
        xopt_neon_depthwise3x3_row(&r, rows, y + (int64_t)oy * p->out_w * c);
    }
}
