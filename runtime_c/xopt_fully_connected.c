/* quant.fully_connected: rows x in_features times the transposed out_features x in_features
 * weights, int8 or packed int4 / int2. */
#include "xopt_kernels.h"
#include "xopt_packed_inline.h"
#include "xopt_requant_inline.h"

static inline void fully_connected(const xopt_fully_connected_params *p, const int8_t *x,
                                   int8_t *y, const int bits)
{
    for (int32_t m = 0; m < p->rows; ++m) {
        const int8_t *xm = x + (int64_t)m * p->in_features;
        for (int32_t n = 0; n < p->out_features; ++n) {
            const int64_t wn = (int64_t)n * p->in_features;
            const int32_t w_zp = p->w_zero_point[n];
            int32_t acc = p->bias != 0 ? p->bias[n] : 0;
            for (int32_t k = 0; k < p->in_features; ++k) {
                acc += (xm[k] - p->x_zero_point) *
                       (xopt_packed_value(p->weight, wn + k, bits) - w_zp);
            }
            *y++ = xopt_requantize_inline(&p->requant, n, acc);
        }
    }
}

void xopt_fully_connected_s8_s8(const xopt_fully_connected_params *p, const int8_t *x, int8_t *y)
{
    fully_connected(p, x, y, 8);
}

void xopt_fully_connected_s8_s8_w4(const xopt_fully_connected_params *p, const int8_t *x,
                                   int8_t *y)
{
    fully_connected(p, x, y, 4);
}

void xopt_fully_connected_s8_s8_w2(const xopt_fully_connected_params *p, const int8_t *x,
                                   int8_t *y)
{
    fully_connected(p, x, y, 2);
}
