/* quant.fully_connected: rows x in_features times the transposed out_features x in_features
 * weights, int8 or packed int4 / int2 (unpacked row by row into a stack scratch). */
#include "xopt_kernels.h"
#include "xopt_packed_inline.h"
#include "xopt_requant_inline.h"

/* Output feature n of every row, with n's int8 weights at w. */
static void output_feature(const xopt_fully_connected_params *p, const int8_t *x, int8_t *y,
                           int32_t n, const int8_t *w)
{
    const int32_t w_zp = p->w_zero_point[n];
    for (int32_t m = 0; m < p->rows; ++m) {
        const int8_t *xm = x + (int64_t)m * p->in_features;
        int32_t acc = p->bias != 0 ? p->bias[n] : 0;
        for (int32_t k = 0; k < p->in_features; ++k) {
            acc += (xm[k] - p->x_zero_point) * (w[k] - w_zp);
        }
        y[(int64_t)m * p->out_features + n] = xopt_requantize_inline(&p->requant, n, acc);
    }
}

void xopt_fully_connected_s8_s8(const xopt_fully_connected_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t n = 0; n < p->out_features; ++n) {
        output_feature(p, x, y, n, p->weight + (int64_t)n * p->in_features);
    }
}

/* The kernel on packed `bits`-bit weights: in_features <= XOPT_UNPACK_BYTES. */
static inline void fully_connected_packed(const xopt_fully_connected_params *p,
                                          const int8_t *x, int8_t *y, const int bits)
{
    int8_t w[XOPT_UNPACK_BYTES];
    for (int32_t n = 0; n < p->out_features; ++n) {
        xopt_unpack(p->weight, (int64_t)n * p->in_features, p->in_features, bits, w);
        output_feature(p, x, y, n, w);
    }
}

void xopt_fully_connected_s8_s8_w4(const xopt_fully_connected_params *p, const int8_t *x,
                                   int8_t *y)
{
    fully_connected_packed(p, x, y, 4);
}

void xopt_fully_connected_s8_s8_w2(const xopt_fully_connected_params *p, const int8_t *x,
                                   int8_t *y)
{
    fully_connected_packed(p, x, y, 2);
}
