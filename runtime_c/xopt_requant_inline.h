/* The requantization of xopt_kernels.h as static inline functions, so that every kernel's
 * inner loop inlines it; xopt_requant.c exports the same functions. Internal to runtime_c. */
#ifndef XOPT_REQUANT_INLINE_H
#define XOPT_REQUANT_INLINE_H

#include <math.h>

#include "xopt_kernels.h"

/* float rescales beyond this saturate here; every bound a kernel clamps to is far inside */
#define XOPT_RESCALE_LIMIT 4611686018427387904.0f /* 2^62 */

static inline int64_t xopt_rescale_inline(const xopt_requant *rq, int32_t i, int32_t acc)
{
    if (rq->real != 0) {
        const float t = rintf((float)acc * rq->real[i]);
        if (t >= XOPT_RESCALE_LIMIT) {
            return INT64_MAX / 2;
        }
        return t <= -XOPT_RESCALE_LIMIT ? INT64_MIN / 2 : (int64_t)t;
    }
    const int32_t n = 31 - rq->shift[i];
    const int64_t product = (int64_t)acc * rq->multiplier[i];
    const int64_t rounding = n > 0 ? (int64_t)1 << (n - 1) : 0;
    /* >> of a negative int64 is an arithmetic shift on every compiler xopt targets. */
    return (product + rounding) >> n;
}

static inline int8_t xopt_requantize_inline(const xopt_requant *rq, int32_t i, int32_t acc)
{
    int64_t y = xopt_rescale_inline(rq, i, acc) + rq->zero_point;
    if (y < rq->lo) {
        y = rq->lo;
    }
    if (y > rq->hi) {
        y = rq->hi;
    }
    return (int8_t)y;
}

#endif /* XOPT_REQUANT_INLINE_H */
