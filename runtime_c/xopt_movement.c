/* quant.concat, quant.resize, quant.argmax and quant.resize_argmax. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

void xopt_concat_s8_s8(const xopt_concat_params *p, const int8_t *const *inputs, int8_t *y)
{
    for (int32_t o = 0; o < p->outer; ++o) {
        for (int32_t i = 0; i < p->num_inputs; ++i) {
            const int32_t span = p->axis_sizes[i] * p->inner;
            const int8_t *x = inputs[i] + (int64_t)o * span;
            const xopt_requant *rq = p->requant[i];
            for (int32_t j = 0; j < span; ++j) {
                y[j] = rq == 0 ? x[j] : xopt_requantize_inline(rq, 0, x[j] - p->x_zero_points[i]);
            }
            y += span;
        }
    }
}

/* The resized value of channel plane xc at output (oy, ox) (header: xopt_resize_params). */
static int8_t resize_one(const xopt_resize_params *p, const int8_t *xc, int32_t oy, int32_t ox)
{
    const int8_t *low_row = xc + p->y_low[oy] * p->in_w;
    if (!p->linear) {
        return low_row[p->x_low[ox]];
    }
    const int8_t *high_row = xc + p->y_high[oy] * p->in_w;
    const int32_t x1 = p->x_low[ox], x2 = p->x_high[ox], zp = p->x_zero_point;
    const int32_t top = (low_row[x1] - zp) * p->x_w1[ox] + (low_row[x2] - zp) * p->x_w2[ox];
    const int32_t bottom = (high_row[x1] - zp) * p->x_w1[ox] + (high_row[x2] - zp) * p->x_w2[ox];
    return xopt_requantize_inline(&p->requant, 0, top * p->y_w1[oy] + bottom * p->y_w2[oy]);
}

void xopt_resize_s8_s8(const xopt_resize_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t c = 0; c < p->channels; ++c) {
        const int8_t *xc = x + (int64_t)c * p->in_h * p->in_w;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                *y++ = resize_one(p, xc, oy, ox);
            }
        }
    }
}

static void store_index(void *y, int64_t i, int32_t index, int32_t bytes)
{
    if (bytes == 2) {
        ((int16_t *)y)[i] = (int16_t)index;
    } else if (bytes == 4) {
        ((int32_t *)y)[i] = index;
    } else {
        ((int64_t *)y)[i] = index;
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
                if (better(xo[a * p->inner + j], best, p->select_last)) {
                    best = xo[a * p->inner + j];
                    index = a;
                }
            }
            store_index(y, (int64_t)o * p->inner + j, index, p->index_bytes);
        }
    }
}

void xopt_resize_argmax_s8(const xopt_resize_argmax_params *p, const int8_t *x, void *y)
{
    const xopt_resize_params *r = &p->resize;
    const int64_t plane = (int64_t)r->in_h * r->in_w;
    for (int32_t oy = 0; oy < r->out_h; ++oy) {
        for (int32_t ox = 0; ox < r->out_w; ++ox) {
            int32_t best = resize_one(r, x, oy, ox), index = 0;
            for (int32_t c = 1; c < r->channels; ++c) {
                const int32_t v = resize_one(r, x + c * plane, oy, ox);
                if (better(v, best, p->select_last)) {
                    best = v;
                    index = c;
                }
            }
            store_index(y, (int64_t)oy * r->out_w + ox, index, p->index_bytes);
        }
    }
}
