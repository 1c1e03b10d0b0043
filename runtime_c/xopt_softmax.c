/* quant.softmax along the middle axis of [outer][axis][inner], from the compiler's
 * exponential tables (fixed-point or onnxruntime's float arithmetic). */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

#define XOPT_SOFTMAX_RATIO_LIMIT 16777216.0f /* 2^24 */

/* The largest of n values `step` apart. */
static int32_t largest(const int8_t *x, int32_t n, int32_t step)
{
    int32_t m = x[0];
    for (int32_t a = 1; a < n; ++a) {
        m = x[(int64_t)a * step] > m ? x[(int64_t)a * step] : m;
    }
    return m;
}

static void softmax_fixed(const xopt_softmax_params *p, const int8_t *x, int8_t *y)
{
    const int32_t m = largest(x, p->axis, p->inner);
    int64_t total = 0;
    for (int32_t a = 0; a < p->axis; ++a) {
        total += p->exp_fixed[m - x[(int64_t)a * p->inner]];
    }
    for (int32_t a = 0; a < p->axis; ++a) {
        const int64_t e = p->exp_fixed[m - x[(int64_t)a * p->inner]];
        const int64_t q = (e * ((int64_t)2 << p->output_shift) + total) / (2 * total);
        y[(int64_t)a * p->inner] = xopt_saturate(q + p->zero_point, p->lo, p->hi);
    }
}

static void softmax_float(const xopt_softmax_params *p, const int8_t *x, int8_t *y)
{
    const int32_t m = largest(x, p->axis, p->inner);
    float total = 0.0f;
    for (int32_t a = 0; a < p->axis; ++a) {
        total += p->exp_float[m - x[(int64_t)a * p->inner]];
    }
    for (int32_t a = 0; a < p->axis; ++a) {
        const float product = p->exp_float[m - x[(int64_t)a * p->inner]] * p->factor;
        float ratio = product / total;
        ratio = ratio < XOPT_SOFTMAX_RATIO_LIMIT ? ratio : XOPT_SOFTMAX_RATIO_LIMIT;
        const int64_t q = (int64_t)rintf(ratio) + p->zero_point;
        y[(int64_t)a * p->inner] = xopt_saturate(q, p->lo, p->hi);
    }
}

void xopt_softmax_s8_s8(const xopt_softmax_params *p, const int8_t *x, int8_t *y)
{
    for (int32_t o = 0; o < p->outer; ++o) {
        for (int32_t i = 0; i < p->inner; ++i) {
            const int64_t start = (int64_t)o * p->axis * p->inner + i;
            if (p->exp_fixed != 0) {
                softmax_fixed(p, x + start, y + start);
            } else {
                softmax_float(p, x + start, y + start);
            }
        }
    }
}
