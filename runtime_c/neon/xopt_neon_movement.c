/* quant.concat (copies and fixed_point requantization) and quant.argmax with NEON
 * (xopt_neon.h). */
#include "xopt_neon_int8.h"

/* How input i of a concat moves: copied, or requantized with or without the pre-shift. */
enum { COPY, REQUANT, REQUANT_PRE };

typedef struct {
    int kind;
    xopt_neon_requant16 r;
} concat_input;

XOPT_NEON_INLINE int8x16_t convert16(const concat_input *in, int8x16_t v)
{
    if (in->kind == REQUANT) {
        return xopt_neon_requantize16(v, &in->r, 0);
    }
    return in->kind == REQUANT_PRE ? xopt_neon_requantize16(v, &in->r, 1) : v;
}

/* y[0, span) = convert(x[0, span)), with x_room bytes readable from x and y_room writable
 * at y: 16-byte blocks; a span's tail is its last 16 bytes again, or a whole block read
 * and stored past the span where there is room (later stores overwrite those bytes). */
static void convert_span(const concat_input *in, const int8_t *x, int8_t *y, int32_t span,
                         int64_t x_room, int64_t y_room)
{
    int32_t j = 0;
    for (; j + 16 <= span; j += 16) {
        vst1q_s8(y + j, convert16(in, vld1q_s8(x + j)));
    }
    if (j == span) {
        return;
    }
    if (span >= 16) {
        vst1q_s8(y + span - 16, convert16(in, vld1q_s8(x + span - 16)));
    } else if (x_room >= 16 && y_room >= 16) {
        vst1q_s8(y, convert16(in, vld1q_s8(x)));
    } else {
        const int32_t n = span - j;
        xopt_neon_store_partial(y + j, convert16(in, xopt_neon_load_partial(x + j, n)), n);
    }
}

XOPT_NEON_INLINE int8x16_t convert16_as(const xopt_neon_requant16 *r, int8x16_t v, const int kind)
{
    if (kind == COPY) {
        return v;
    }
    return xopt_neon_requantize16(v, r, kind == REQUANT_PRE);
}

/* The spans of one input (each at least 16 bytes, so its tail stays inside it) into the
 * output rows of `row` bytes at y; `kind` a compile-time constant. */
XOPT_NEON_INLINE void concat_spans(const int8_t *x, int32_t span, int32_t outer, int8_t *y,
                                   int64_t row, const xopt_neon_requant16 r, const int kind)
{
    for (int32_t o = 0; o < outer; ++o, x += span, y += row) {
        int32_t j = 0;
        for (; j + 16 <= span; j += 16) {
            vst1q_s8(y + j, convert16_as(&r, vld1q_s8(x + j), kind));
        }
        if (j < span) {
            vst1q_s8(y + span - 16, convert16_as(&r, vld1q_s8(x + span - 16), kind));
        }
    }
}

/* The concat input by input (every span at least 16 bytes). */
static void concat_input_major(const xopt_concat_params *p, const int8_t *const *inputs,
                               int8_t *y, int64_t row, const concat_input *in)
{
    int64_t offset = 0;
    for (int32_t i = 0; i < p->num_inputs; ++i) {
        const int32_t span = p->axis_sizes[i] * p->inner;
        if (in[i].kind == COPY) {
            concat_spans(inputs[i], span, p->outer, y + offset, row, in[i].r, COPY);
        } else if (in[i].kind == REQUANT) {
            concat_spans(inputs[i], span, p->outer, y + offset, row, in[i].r, REQUANT);
        } else {
            concat_spans(inputs[i], span, p->outer, y + offset, row, in[i].r, REQUANT_PRE);
        }
        offset += span;
    }
}

void xopt_neon_concat_s8_s8(const xopt_concat_params *p, const int8_t *const *inputs, int8_t *y)
{
    concat_input in[XOPT_NEON_CONCAT_MAX_INPUTS];
    int64_t row = 0;   /* bytes of one output row: the inputs' spans */
    int32_t shortest = INT32_MAX;
    for (int32_t i = 0; i < p->num_inputs; ++i) {
        const xopt_requant *rq = p->requant[i];
        const int pre = rq != NULL && xopt_neon_needs_pre_shift(rq, 1);
        in[i].kind = rq == NULL ? COPY : (pre ? REQUANT_PRE : REQUANT);
        memset(&in[i].r, 0, sizeof in[i].r);
        if (rq != NULL) {
            in[i].r = xopt_neon_requant16_make(rq, 0, p->x_zero_points[i], pre);
        }
        const int32_t span = p->axis_sizes[i] * p->inner;
        row += span;
        shortest = span < shortest ? span : shortest;
    }
    if (shortest >= 16) {
        concat_input_major(p, inputs, y, row, in);
        return;
    }
    const int64_t y_size = row * p->outer;
    int8_t *out = y;
    for (int32_t o = 0; o < p->outer; ++o) {
        for (int32_t i = 0; i < p->num_inputs; ++i) {
            const int32_t span = p->axis_sizes[i] * p->inner;
            const int8_t *x = inputs[i] + (int64_t)o * span;
            const int64_t x_room = (int64_t)(p->outer - o) * span;
            convert_span(&in[i], x, out, span, x_room, y_size - (out - y));
            out += span;
        }
    }
}

/* ---- argmax */

/* Argmax along a contiguous axis (inner == 1): each row of `axis` values folded 16 at a
 * time. */
static void argmax_rows(const xopt_argmax_params *p, const int8_t *x, void *y)
{
    const int32_t axis = p->axis;
    const int64_t x_size = (int64_t)p->outer * axis;
    const uint8x16_t all = vdupq_n_u8(0xff), tail = xopt_neon_first_lanes(axis % 16);
    for (int32_t o = 0; o < p->outer; ++o) {
        const int64_t start = (int64_t)o * axis;
        xopt_neon_argmax best = {INT32_MIN, 0};
        for (int32_t a = 0; a < axis; a += 16) {
            const int32_t n = axis - a < 16 ? axis - a : 16;
            const int8x16_t v = x_size - (start + a) >= 16 ? vld1q_s8(x + start + a)
                                                           : xopt_neon_load_partial(x + start + a, n);
            xopt_neon_argmax_fold(&best, v, n == 16 ? all : tail, a, p->select_last);
        }
        xopt_store_index(y, o, best.index, p->index_bytes);
    }
}

/* The 16 indices (two int16x8) as integers of `bytes` bytes at y[i, i + 16). */
static void store_indices16(void *y, int64_t i, int16x8_t lo, int16x8_t hi, int32_t bytes)
{
    if (bytes == 2) {
        vst1q_s16((int16_t *)y + i, lo);
        vst1q_s16((int16_t *)y + i + 8, hi);
        return;
    }
    const int32x4_t q[4] = {vmovl_s16(vget_low_s16(lo)), vmovl_high_s16(lo),
                            vmovl_s16(vget_low_s16(hi)), vmovl_high_s16(hi)};
    for (int k = 0; k < 4; ++k) {
        if (bytes == 4) {
            vst1q_s32((int32_t *)y + i + 4 * k, q[k]);
        } else {
            vst1q_s64((int64_t *)y + i + 4 * k, vmovl_s32(vget_low_s32(q[k])));
            vst1q_s64((int64_t *)y + i + 4 * k + 2, vmovl_high_s32(q[k]));
        }
    }
}

/* Argmax across rows (inner > 1): 16 columns at a time keep their best values and int16
 * indices (axis <= 32768); the columns past the last 16 as the portable kernel. */
static void argmax_columns(const xopt_argmax_params *p, const int8_t *x, void *y)
{
    const int32_t axis = p->axis, inner = p->inner;
    for (int32_t o = 0; o < p->outer; ++o) {
        const int8_t *xo = x + (int64_t)o * axis * inner;
        int32_t j = 0;
        for (; j + 16 <= inner; j += 16) {
            int8x16_t best = vld1q_s8(xo + j);
            int16x8_t lo = vdupq_n_s16(0), hi = vdupq_n_s16(0);
            for (int32_t a = 1; a < axis; ++a) {
                const int8x16_t v = vld1q_s8(xo + (int64_t)a * inner + j);
                const uint8x16_t win = p->select_last ? vcgeq_s8(v, best) : vcgtq_s8(v, best);
                const int16x8_t index = vdupq_n_s16((int16_t)a);
                const int8x16_t wide = vreinterpretq_s8_u8(win);
                lo = vbslq_s16(vreinterpretq_u16_s16(vmovl_s8(vget_low_s8(wide))), index, lo);
                hi = vbslq_s16(vreinterpretq_u16_s16(vmovl_high_s8(wide)), index, hi);
                best = vmaxq_s8(best, v);
            }
            store_indices16(y, (int64_t)o * inner + j, lo, hi, p->index_bytes);
        }
        for (; j < inner; ++j) {
            int32_t best = xo[j], index = 0;
            for (int32_t a = 1; a < axis; ++a) {
                const int32_t v = xo[(int64_t)a * inner + j];
                if (v > best || (p->select_last && v == best)) {
                    best = v;
                    index = a;
                }
            }
            xopt_store_index(y, (int64_t)o * inner + j, index, p->index_bytes);
        }
    }
}

void xopt_neon_argmax_s8(const xopt_argmax_params *p, const int8_t *x, void *y)
{
    if (p->inner == 1) {
        argmax_rows(p, x, y);
    } else {
        argmax_columns(p, x, y);
    }
}
