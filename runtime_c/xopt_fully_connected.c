/* quant.fully_connected: rows x in_features times the transposed out_features x in_features. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

void xopt_fully_connected_s8_s8(const xopt_fully_connected_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t m = 0; m < p->rows; ++m) {
        const int8_t *xm = x + (int64_t)m * p->in_features;
        for (int32_t n = 0; n < p->out_features; ++n) {
            const int8_t *wn = p->weight + (int64_t)n * p->in_features;
            const int32_t w_zp = p->w_zero_point[n];
            int32_t acc = p->bias != 0 ? p->bias[n] : 0;
            for (int32_t k = 0; k < p->in_features; ++k) {
                acc += (xm[k] - p->x_zero_point) * (wn[k] - w_zp);
            }
            *y++ = xopt_requantize_inline(&p->requant, n, acc);
        }
    }
}
