/* Internal to runtime_c/neon: 16-lane helpers of the kernels that move or map int8 values
 * (concat, resize, argmax, pools, element-wise): requantization of (x - zero point) with
 * one xopt_requant entry, the running argmax of blocks of 16 values, and index stores. */
#ifndef XOPT_NEON_INT8_H
#define XOPT_NEON_INT8_H

#include "xopt_index_inline.h"
#include "xopt_neon_internal.h"

/* requant_0(x - zero_point) of xopt_kernels.h (fixed_point) for 16 lanes. */
typedef struct {
    int8x16_t zero_point;
    xopt_neon_rq4 rq;
    xopt_neon_out out;
} xopt_neon_requant16;

/* The plan of entry `i` of `rq` for inputs of zero point `zero_point`; `pre` as
 * xopt_neon_needs_pre_shift (a compile-time constant at every use). */
XOPT_NEON_INLINE xopt_neon_requant16 xopt_neon_requant16_make(const xopt_requant *rq, int32_t i,
                                                              int32_t zero_point, const int pre)
{
    xopt_neon_requant16 r;
    r.zero_point = vdupq_n_s8((int8_t)zero_point);
    r.rq = xopt_neon_rq4_from(vdupq_n_s32(rq->multiplier[i]), vdupq_n_s32(rq->shift[i]), pre);
    r.out = xopt_neon_out_load(rq);
    return r;
}

/* The four int32 quarters of a 16-lane int16 pair. */
XOPT_NEON_INLINE void xopt_neon_widen(int16x8_t lo, int16x8_t hi, int32x4_t q[4])
{
    q[0] = vmovl_s16(vget_low_s16(lo));
    q[1] = vmovl_high_s16(lo);
    q[2] = vmovl_s16(vget_low_s16(hi));
    q[3] = vmovl_high_s16(hi);
}

/* clamp(rescale(x - zero_point) + out zero point, lo, hi) of 16 int8 lanes (exact, as
 * xopt_neon.h's requantization). */
XOPT_NEON_INLINE int8x16_t xopt_neon_requantize16(int8x16_t x, const xopt_neon_requant16 *r,
                                                  const int pre)
{
    int32x4_t q[4];
    xopt_neon_widen(vsubl_s8(vget_low_s8(x), vget_low_s8(r->zero_point)),
                    vsubl_high_s8(x, r->zero_point), q);
    for (int k = 0; k < 4; ++k) {
        q[k] = xopt_neon_rescale(q[k], r->rq, pre);
    }
    return xopt_neon_narrow(q[0], q[1], q[2], q[3], r->out);
}

/* The lane masks of the first n (n <= 16) lanes. */
XOPT_NEON_INLINE uint8x16_t xopt_neon_first_lanes(int32_t n)
{
    static const uint8_t iota[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    return vcltq_u8(vld1q_u8(iota), vdupq_n_u8((uint8_t)n));
}

/* The running argmax over blocks of 16 values, in order (xopt_argmax_s8's rule: the first
 * largest value, or the last with select_last). */
typedef struct {
    int32_t best, index;
} xopt_neon_argmax;

/* Folds block `v` of the values (its lanes `valid`, index of lane 0 `first`) into `a`. */
XOPT_NEON_INLINE void xopt_neon_argmax_fold(xopt_neon_argmax *a, int8x16_t v, uint8x16_t valid,
                                            int32_t first, int32_t select_last)
{
    static const uint8_t iota[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    const int8x16_t masked = vbslq_s8(valid, v, vdupq_n_s8(INT8_MIN));
    const int32_t top = vmaxvq_s8(masked);
    if (top < a->best || (top == a->best && !select_last)) {
        return;
    }
    const uint8x16_t hit = vandq_u8(vceqq_s8(masked, vdupq_n_s8((int8_t)top)), valid);
    const uint8x16_t lanes = vld1q_u8(iota);
    const int32_t lane = select_last ? vmaxvq_u8(vandq_u8(hit, lanes))
                                     : vminvq_u8(vbslq_u8(hit, lanes, vdupq_n_u8(16)));
    a->best = top;
    a->index = first + lane;
}


#endif /* XOPT_NEON_INT8_H */
