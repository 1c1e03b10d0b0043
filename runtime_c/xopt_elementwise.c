/* quant.add (fixed_point), quant.requantize (fixed_point) and quant.table. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

void xopt_add_s8_s8(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y)
{
    const int32_t scale = (int32_t)1 << p->left_shift; /* a multiply: << of a negative is UB */
    for (int32_t i = 0; i < p->count; ++i) {
        const int64_t a_scaled = xopt_rescale_inline(&p->a_rescale, 0, (a[i] - p->a_zero_point) * scale);
        const int64_t b_scaled = xopt_rescale_inline(&p->b_rescale, 0, (b[i] - p->b_zero_point) * scale);
        /* |a'| and |b'| are at most 2^(left_shift + 8) / 2 by construction: the sum fits. */
        y[i] = xopt_requantize_inline(&p->requant, 0, (int32_t)(a_scaled + b_scaled));
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
