/* quant.quantize (float NCHW -> int8 NHWC) and quant.dequantize (int8 NHWC -> float NCHW):
 * the model's boundary, where the layout changes. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

void xopt_quantize_f32_s8(const xopt_quantize_params *p, const float *x, int8_t *y)
{
    for (int32_t c = 0; c < p->channels; ++c) {
        const float *xc = x + (int64_t)c * p->inner;
        for (int32_t i = 0; i < p->inner; ++i) {
            y[(int64_t)i * p->channels + c] =
                xopt_quantize_one(xc[i], p->scale, p->zero_point, p->lo, p->hi);
        }
    }
}

void xopt_dequantize_s8_f32(const xopt_quantize_params *p, const int8_t *x, float *y)
{
    for (int32_t c = 0; c < p->channels; ++c) {
        float *yc = y + (int64_t)c * p->inner;
        for (int32_t i = 0; i < p->inner; ++i) {
            yc[i] = xopt_dequantize_one(x[(int64_t)i * p->channels + c], p->zero_point, p->scale);
        }
    }
}
