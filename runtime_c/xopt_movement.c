/* quant.concat, quant.resize, quant.argmax and quant.resize_argmax (NHWC where 4-D). */
#include "xopt_kernels.h"
#include "xopt_index_inline.h"
#include "xopt_requant_inline.h"

void xopt_concat_s8_s8(const xopt_concat_params *p, const int8_t *const *inputs, int8_t *y)
{
    for (int32_t o = 0; o < p->outer; ++o) {
        for (int32_t i = 0; i < p->num_inputs; ++i) {
            const int32_t span = p->axis_sizes[i] * p->inner;
            const int8_t *x = inputs[i] + (int64_t)o * span;
            const xopt_requant *rq = p->requant[i];
            const int8_t *table = p->tables != 0 ? p->tables[i] : 0;
            for (int32_t j = 0; j < span; ++j) {
                if (table != 0) {
                    y[j] = table[x[j] + 128];
                } else {
                    y[j] = rq == 0 ? x[j] : xopt_requantize_inline(rq, 0, x[j] - p->x_zero_points[i]);
                }
            }
            y += span;
        }
    }
}

/* Float linear interpolation of one channel (header, linear == 2): corners ll, lh (low row,
 * low / high column), hl, hh. */
static int8_t resize_float(const xopt_resize_params *p, const int8_t *corners[4], int32_t c,
                           int32_t oy, int32_t ox)
{
    const int32_t zp = p->x_zero_point;
    const float s = p->in_scale;
    const float ll = xopt_dequantize_one(corners[0][c], zp, s);
    const float lh = xopt_dequantize_one(corners[1][c], zp, s);
    const float hl = xopt_dequantize_one(corners[2][c], zp, s);
    const float hh = xopt_dequantize_one(corners[3][c], zp, s);
    const float w_ll = p->x_d1[ox] * p->y_d1[oy], w_lh = p->x_d2[ox] * p->y_d1[oy];
    const float w_hl = p->x_d1[ox] * p->y_d2[oy], w_hh = p->x_d2[ox] * p->y_d2[oy];
    float t = w_ll * ll;
    const float t_lh = w_lh * lh;
    t = t + t_lh;
    const float t_hl = w_hl * hl;
    t = t + t_hl;
    const float t_hh = w_hh * hh;
    t = t + t_hh;
    const xopt_requant *rq = &p->requant;
    return xopt_quantize_one(t, p->out_scale, rq->zero_point, rq->lo, rq->hi);
}

/* Channel c of resized pixel (oy, ox) (header: xopt_resize_params); corners as above. */
static int8_t resize_channel(const xopt_resize_params *p, const int8_t *corners[4], int32_t c,
                             int32_t oy, int32_t ox)
{
    if (p->linear == 0) {
        return corners[0][c];
    }
    if (p->linear == 2) {
        return resize_float(p, corners, c, oy, ox);
    }
    const int32_t zp = p->x_zero_point, x1 = p->x_w1[ox], x2 = p->x_w2[ox];
    const int32_t top = (corners[0][c] - zp) * x1 + (corners[1][c] - zp) * x2;
    const int32_t bottom = (corners[2][c] - zp) * x1 + (corners[3][c] - zp) * x2;
    return xopt_requantize_inline(&p->requant, 0, top * p->y_w1[oy] + bottom * p->y_w2[oy]);
}

/* The four input pixels output (oy, ox) reads. */
static void corners_of(const xopt_resize_params *p, const int8_t *x, int32_t oy, int32_t ox,
                       const int8_t *corners[4])
{
    const int64_t low = (int64_t)p->y_low[oy] * p->in_w, high = (int64_t)p->y_high[oy] * p->in_w;
    corners[0] = x + (low + p->x_low[ox]) * p->channels;
    corners[1] = x + (low + p->x_high[ox]) * p->channels;
    corners[2] = x + (high + p->x_low[ox]) * p->channels;
    corners[3] = x + (high + p->x_high[ox]) * p->channels;
}

void xopt_resize_s8_s8(const xopt_resize_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        for (int32_t ox = 0; ox < p->out_w; ++ox, y += p->channels) {
            const int8_t *corners[4];
            corners_of(p, x, oy, ox, corners);
            for (int32_t c = 0; c < p->channels; ++c) {
                y[c] = resize_channel(p, corners, c, oy, ox);
            }
        }
    }
}

/* Whether `v` replaces the best so far `best`: larger, or equal when the last index wins. */
static int better(int32_t v, int32_t best, int32_t select_last)
{
    return v > best || (select_last && v == best);
}

void xopt_argmax_s8(const xopt_argmax_params *p, const int8_t *x, void *y)
{
    for (int32_t o = 0; o < p->outer; ++o) {
        const int8_t *xo = x + (int64_t)o * p->axis * p->inner;
        for (int32_t j = 0; j < p->inner; ++j) {
            int32_t best = xo[j], index = 0;
            for (int32_t a = 1; a < p->axis; ++a) {
                if (better(xo[(int64_t)a * p->inner + j], best, p->select_last)) {
                    best = xo[(int64_t)a * p->inner + j];
                    index = a;
                }
            }
            xopt_store_index(y, (int64_t)o * p->inner + j, index, p->index_bytes);
        }
    }
}

void xopt_resize_argmax_s8(const xopt_resize_argmax_params *p, const int8_t *x, void *y)
{
    const xopt_resize_params *r = &p->resize;
    for (int32_t oy = 0; oy < r->out_h; ++oy) {
        for (int32_t ox = 0; ox < r->out_w; ++ox) {
            const int8_t *corners[4];
            corners_of(r, x, oy, ox, corners);
            int32_t best = resize_channel(r, corners, 0, oy, ox), index = 0;
            for (int32_t c = 1; c < r->channels; ++c) {
                const int32_t v = resize_channel(r, corners, c, oy, ox);
                if (better(v, best, p->select_last)) {
                    best = v;
                    index = c;
                }
            }
            xopt_store_index(y, (int64_t)oy * r->out_w + ox, index, p->index_bytes);
        }
    }
}
