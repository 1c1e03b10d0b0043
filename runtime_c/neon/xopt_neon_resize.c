/* quant.resize and quant.resize_argmax with NEON (xopt_neon.h). Nearest copies, or folds
 * into the argmax, the source pixel's channels 16 at a time. Linear fixed_point blends each
 * output row's two source rows once, over the whole row in int32 (V = (x_low - zp) * wy1 +
 * (x_high - zp) * wy2), then each output pixel its two source columns of V (V_l * wx1 +
 * V_h * wx2: the portable kernel's sum, every partial sum exact in int32), requantized 4
 * channels at a time. */
#include "xopt_neon_int8.h"

/* int32 entries of the blended row: in_w * channels, then ROW_SLACK zeros that the last
 * pixel's last 4-channel group may read. */
#define ROW_ENTRIES (XOPT_NEON_RESIZE_ROW_BYTES / 4)
#define ROW_SLACK 4

/* V of output row oy into v[0, in_w * channels). */
static void blend_rows(const xopt_resize_params *p, const int8_t *x, int32_t oy, int32_t *v)
{
    const int64_t n = (int64_t)p->in_w * p->channels;
    const int8_t *lo = x + p->y_low[oy] * n, *hi = x + p->y_high[oy] * n;
    const int16_t w1 = (int16_t)p->y_w1[oy], w2 = (int16_t)p->y_w2[oy];
    const int8x16_t zp = vdupq_n_s8((int8_t)p->x_zero_point);
    int64_t k = 0;
    for (; k + 16 <= n; k += 16) {
        const int8x16_t a = vld1q_s8(lo + k), b = vld1q_s8(hi + k);
        const int16x8_t a0 = vsubl_s8(vget_low_s8(a), vget_low_s8(zp)), a1 = vsubl_high_s8(a, zp);
        const int16x8_t b0 = vsubl_s8(vget_low_s8(b), vget_low_s8(zp)), b1 = vsubl_high_s8(b, zp);
        vst1q_s32(v + k, vmlal_n_s16(vmull_n_s16(vget_low_s16(a0), w1), vget_low_s16(b0), w2));
        vst1q_s32(v + k + 4, vmlal_high_n_s16(vmull_high_n_s16(a0, w1), b0, w2));
        vst1q_s32(v + k + 8, vmlal_n_s16(vmull_n_s16(vget_low_s16(a1), w1), vget_low_s16(b1), w2));
        vst1q_s32(v + k + 12, vmlal_high_n_s16(vmull_high_n_s16(a1, w1), b1, w2));
    }
    for (; k < n; ++k) {
        v[k] = (lo[k] - p->x_zero_point) * w1 + (hi[k] - p->x_zero_point) * w2;
    }
}

/* Whether output rows a and b blend the same source rows with the same weights. */
static int same_rows(const xopt_resize_params *p, int32_t a, int32_t b)
{
    return p->y_low[a] == p->y_low[b] && p->y_high[a] == p->y_high[b] &&
           p->y_w1[a] == p->y_w1[b] && p->y_w2[a] == p->y_w2[b];
}

/* 16 channels of one output pixel from its source columns l and h of V, requantized; only
 * the first 4 * quarters lanes are meaningful. */
XOPT_NEON_INLINE int8x16_t blend_columns(const int32_t *l, const int32_t *h, int32_t quarters,
                                         int32_t w1, int32_t w2, xopt_neon_rq4 r,
                                         xopt_neon_out o, const int pre)
{
    int32x4_t q[4];
    for (int k = 0; k < 4; ++k) {
        q[k] = vdupq_n_s32(0);
        if (k < quarters) {
            const int32x4_t acc = vmlaq_n_s32(vmulq_n_s32(vld1q_s32(l + 4 * k), w1),
                                              vld1q_s32(h + 4 * k), w2);
            q[k] = xopt_neon_rescale(acc, r, pre);
        }
    }
    return xopt_neon_narrow(q[0], q[1], q[2], q[3], o);
}

/* Where output pixels go, 16 channels at a time: stored at `out` (a == NULL), or folded
 * into the running argmax `best` whose index ends up in a's index array y. */
typedef struct {
    const xopt_resize_argmax_params *a;
    void *y;
    int64_t y_size;
    int8_t *out;
    uint8x16_t all, tail;
    xopt_neon_argmax best;
} pixel_sink;

static pixel_sink sink_for(const xopt_resize_params *p, void *y,
                           const xopt_resize_argmax_params *a)
{
    const pixel_sink s = {a, y, (int64_t)p->out_h * p->out_w * p->channels, (int8_t *)y,
                          vdupq_n_u8(0xff), xopt_neon_first_lanes(p->channels % 16),
                          {INT32_MIN, 0}};
    return s;
}

/* Channels [c, c + n) of the current pixel, in the first n lanes of v. A store writes all 16
 * lanes when there is room: the extra lanes land where later stores overwrite them. */
XOPT_NEON_INLINE void sink_block(pixel_sink *s, int8x16_t v, int32_t n, int32_t c)
{
    if (s->a != NULL) {
        xopt_neon_argmax_fold(&s->best, v, n == 16 ? s->all : s->tail, c, s->a->select_last);
    } else if (s->y_size - (s->out + c - (int8_t *)s->y) >= 16) {
        vst1q_s8(s->out + c, v);
    } else {
        xopt_neon_store_partial(s->out + c, v, n);
    }
}

/* Ends the current pixel, output pixel number `pixel` with `channels` channels. */
XOPT_NEON_INLINE void sink_pixel_done(pixel_sink *s, int64_t pixel, int32_t channels)
{
    if (s->a != NULL) {
        xopt_store_index(s->y, pixel, s->best.index, s->a->index_bytes);
        s->best.best = INT32_MIN;
        s->best.index = 0;
    } else {
        s->out += channels;
    }
}

/* The resized pixels (a == NULL: into y) or their argmax (into a's index array y), linear. */
XOPT_NEON_INLINE void linear_pixels(const xopt_resize_params *p, const int8_t *x, void *y,
                                    const xopt_resize_argmax_params *a, const int pre)
{
    int32_t row[ROW_ENTRIES];
    const int32_t channels = p->channels;
    memset(row + (int64_t)p->in_w * channels, 0, ROW_SLACK * sizeof(int32_t));
    const xopt_neon_rq4 r = xopt_neon_rq4_from(vdupq_n_s32(p->requant.multiplier[0]),
                                               vdupq_n_s32(p->requant.shift[0]), pre);
    const xopt_neon_out o = xopt_neon_out_load(&p->requant);
    pixel_sink sink = sink_for(p, y, a);
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        if (oy == 0 || !same_rows(p, oy, oy - 1)) {
            blend_rows(p, x, oy, row);
        }
        for (int32_t ox = 0; ox < p->out_w; ++ox) {
            const int32_t *l = row + p->x_low[ox] * channels, *h = row + p->x_high[ox] * channels;
            const int32_t w1 = p->x_w1[ox], w2 = p->x_w2[ox];
            for (int32_t c = 0; c < channels; c += 16) {
                const int32_t n = channels - c < 16 ? channels - c : 16;
                sink_block(&sink, blend_columns(l + c, h + c, (n + 3) / 4, w1, w2, r, o, pre), n,
                           c);
            }
            sink_pixel_done(&sink, (int64_t)oy * p->out_w + ox, channels);
        }
    }
}

/* As linear_pixels for nearest resizes: each output pixel is its source pixel. */
static void nearest_pixels(const xopt_resize_params *p, const int8_t *x, void *y,
                           const xopt_resize_argmax_params *a)
{
    const int32_t channels = p->channels;
    const int64_t x_size = (int64_t)p->in_h * p->in_w * channels;
    pixel_sink sink = sink_for(p, y, a);
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        const int64_t source_row = (int64_t)p->y_low[oy] * p->in_w;
        for (int32_t ox = 0; ox < p->out_w; ++ox) {
            const int64_t source = (source_row + p->x_low[ox]) * channels;
            for (int32_t c = 0; c < channels; c += 16) {
                const int32_t n = channels - c < 16 ? channels - c : 16;
                sink_block(&sink,
                           x_size - (source + c) >= 16 ? vld1q_s8(x + source + c)
                                                       : xopt_neon_load_partial(x + source + c, n),
                           n, c);
            }
            sink_pixel_done(&sink, (int64_t)oy * p->out_w + ox, channels);
        }
    }
}

static void resize_any(const xopt_resize_params *p, const int8_t *x, void *y,
                       const xopt_resize_argmax_params *a)
{
    if (p->linear == 0) {
        nearest_pixels(p, x, y, a);
    } else if (xopt_neon_needs_pre_shift(&p->requant, 1)) {
        linear_pixels(p, x, y, a, 1);
    } else {
        linear_pixels(p, x, y, a, 0);
    }
}

void xopt_neon_resize_s8_s8(const xopt_resize_params *p, const int8_t *x, int8_t *y)
{
    resize_any(p, x, y, NULL);
}

void xopt_neon_resize_argmax_s8(const xopt_resize_argmax_params *p, const int8_t *x, void *y)
{
    resize_any(&p->resize, x, y, p);
}
