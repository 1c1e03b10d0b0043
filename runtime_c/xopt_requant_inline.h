/* The requantization of xopt_kernels.h as static inline functions, so that every kernel's
 * inner loop inlines it; xopt_requant.c exports the same functions. Internal to runtime_c.
 * The float rounding modes round every float32 operation on its own (xopt_float_strict.h). */
#ifndef XOPT_REQUANT_INLINE_H
#define XOPT_REQUANT_INLINE_H

#include <math.h>

#include "xopt_float_strict.h"
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

/* clamp(y, lo, hi) as int8 (lo and hi lie in the int8 range). */
static inline int8_t xopt_saturate(int64_t y, int32_t lo, int32_t hi)
{
    if (y < lo) {
        y = lo;
    }
    if (y > hi) {
        y = hi;
    }
    return (int8_t)y;
}

static inline int8_t xopt_requantize_inline(const xopt_requant *rq, int32_t i, int32_t acc)
{
    return xopt_saturate(xopt_rescale_inline(rq, i, acc) + rq->zero_point, rq->lo, rq->hi);
}

/* x86's CVTPS2DQ, which onnxruntime's float kernels end with: rintf(t) (ties to even), and
 * INT32_MIN for NaN and |t| >= 2^31. */
static inline int64_t xopt_cvt(float t)
{
    if (!(fabsf(t) < 2147483648.0f)) {
        return INT32_MIN;
    }
    return (int64_t)rintf(t);
}

/* (float)(x - zero_point) * scale: onnxruntime's DequantizeLinear of one stored integer. */
static inline float xopt_dequantize_one(int32_t x, int32_t zero_point, float scale)
{
    return (float)(x - zero_point) * scale;
}

/* onnxruntime's QuantizeLinear of one float: clamp(rintf(v / scale) + zero_point, lo, hi),
 * NaN giving zero_point (infinities saturate). */
static inline int8_t xopt_quantize_one(float v, float scale, int32_t zero_point, int32_t lo,
                                       int32_t hi)
{
    const float t = rintf(v / scale);
    if (t != t) {
        return xopt_saturate(zero_point, lo, hi);
    }
    const double shifted = (double)t + zero_point;
    return xopt_saturate(shifted < lo ? lo : (shifted > hi ? hi : (int64_t)shifted), lo, hi);
}

#endif /* XOPT_REQUANT_INLINE_H */
