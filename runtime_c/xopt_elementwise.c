/* quant.add, quant.mul, quant.requantize (fixed_point) and quant.table. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

static void add_fixed_point(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y)
{
    const int32_t scale = (int32_t)1 << p->left_shift; /* a multiply: << of a negative is UB */
    for (int32_t i = 0; i < p->count; ++i) {
        const int32_t a_shifted = (a[i] - p->a_zero_point) * scale;
        const int32_t b_shifted = (b[i] - p->b_zero_point) * scale;
        const int64_t a_scaled = xopt_rescale_inline(&p->a_rescale, 0, a_shifted);
        const int64_t b_scaled = xopt_rescale_inline(&p->b_rescale, 0, b_shifted);
        /* |a'| and |b'| are at most 2^(left_shift + 8) / 2 by construction: the sum fits. */
        y[i] = xopt_requantize_inline(&p->requant, 0, (int32_t)(a_scaled + b_scaled));
    }
}

static void add_float(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y)
{
    for (int32_t i = 0; i < p->count; ++i) {
        const float partial = fmaf((float)b[i], p->b_real, p->offset);
        const float total = fmaf((float)a[i], p->a_real, partial);
        y[i] = xopt_saturate(xopt_cvt(total), p->requant.lo, p->requant.hi);
    }
}

void xopt_add_s8_s8(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y)
{
    if (p->float_rounding) {
        add_float(p, a, b, y);
    } else {
        add_fixed_point(p, a, b, y);
    }
}

/* The product of element i and its broadcast partner, requantized (header). */
static inline int8_t mul_one(const xopt_mul_params *p, int32_t a, int32_t b)
{
    const xopt_requant *rq = &p->requant;
    const int32_t acc = (a - p->a_zero_point) * (b - p->b_zero_point);
    if (rq->real == 0) {
        return xopt_requantize_inline(rq, 0, acc);
    }
    const float product = (float)acc * rq->real[0];
    const float shifted = product + (float)rq->zero_point;
    return xopt_saturate(xopt_cvt(shifted), rq->lo, rq->hi);
}

void xopt_mul_s8_s8(const xopt_mul_params *p, const int8_t *a, const int8_t *b, int8_t *y)
{
    for (int32_t i = 0; i < p->count; i += p->b_count) {
        for (int32_t j = 0; j < p->b_count; ++j) {
            y[i + j] = mul_one(p, a[i + j], b[j]);
        }
    }
}

void xopt_requantize_s8_s8(const xopt_requantize_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t i = 0; i < p->count; ++i) {
        y[i] = xopt_requantize_inline(&p->requant, 0, x[i] - p->x_zero_point);
    }
}

void xopt_table_s8_s8(const xopt_table_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t i = 0; i < p->count; ++i) {
        y[i] = p->values[x[i] - p->x_qmin];
    }
}
