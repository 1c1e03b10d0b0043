/* Internal to runtime_c/neon: the vector requantization of xopt_neon.h, loads and stores of
 * a partial vector, short copies, and the GEMM core shared by the pointwise, general and fully connected
 * kernels. */
#ifndef XOPT_NEON_INTERNAL_H
#define XOPT_NEON_INTERNAL_H

#if !defined(__aarch64__) || !defined(__ARM_FEATURE_DOTPROD)
#error "runtime_c/neon needs aarch64 with the dot-product extension: -march=armv8.2-a+dotprod"
#endif

#include <arm_neon.h>
#include <string.h>

#include "xopt_neon.h"

#define XOPT_NEON_INLINE static inline __attribute__((always_inline))

/* The requantization constants of 4 consecutive channels. */
typedef struct {
    int32x4_t multiplier, pre, post;
} xopt_neon_rq4;

/* Whether any of the first `n` channels has shift >= 0 (needs the SQSHL pre-shift). */
static inline int xopt_neon_needs_pre_shift(const xopt_requant *rq, int32_t n)
{
    for (int32_t i = 0; i < n; ++i) {
        if (rq->shift[i] >= 0) {
            return 1;
        }
    }
    return 0;
}

/* The constants of 4 channels from their multipliers and shifts; `pre` is a compile-time
 * constant at every call. */
XOPT_NEON_INLINE xopt_neon_rq4 xopt_neon_rq4_from(int32x4_t multiplier, int32x4_t shift,
                                                  const int pre)
{
    xopt_neon_rq4 r;
    r.multiplier = multiplier;
    r.pre = pre ? vmaxq_s32(vaddq_s32(shift, vdupq_n_s32(1)), vdupq_n_s32(0)) : vdupq_n_s32(0);
    r.post = pre ? vminq_s32(shift, vdupq_n_s32(-1)) : shift;
    return r;
}

XOPT_NEON_INLINE xopt_neon_rq4 xopt_neon_rq4_make(const int32_t *multiplier,
                                                  const int32_t *shift, const int pre)
{
    return xopt_neon_rq4_from(vld1q_s32(multiplier), vld1q_s32(shift), pre);
}

/* rescale(acc) of xopt_kernels.h, fixed_point, exact (see xopt_neon.h). */
XOPT_NEON_INLINE int32x4_t xopt_neon_rescale(int32x4_t acc, xopt_neon_rq4 r, const int pre)
{
    if (pre) {
        acc = vqshlq_s32(acc, r.pre);
    }
    return vrshlq_s32(vqdmulhq_s32(acc, r.multiplier), r.post);
}

/* Output zero point and clamp bounds as vectors. */
typedef struct {
    int16x8_t zero_point;
    int8x16_t lo, hi;
} xopt_neon_out;

XOPT_NEON_INLINE xopt_neon_out xopt_neon_out_load(const xopt_requant *rq)
{
    xopt_neon_out o;
    o.zero_point = vdupq_n_s16((int16_t)rq->zero_point);
    o.lo = vdupq_n_s8((int8_t)rq->lo);
    o.hi = vdupq_n_s8((int8_t)rq->hi);
    return o;
}

/* 16 rescaled values as int8: + zero point, saturated, clamped to [lo, hi]. Saturating to
 * int16 and int8 on the way keeps the result equal to clamp(y + zero_point, lo, hi). */
XOPT_NEON_INLINE int8x16_t xopt_neon_narrow(int32x4_t a, int32x4_t b, int32x4_t c, int32x4_t d,
                                            xopt_neon_out o)
{
    const int16x8_t ab = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(a), b), o.zero_point);
    const int16x8_t cd = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(c), d), o.zero_point);
    const int8x16_t y = vqmovn_high_s16(vqmovn_s16(ab), cd);
    return vminq_s8(vmaxq_s8(y, o.lo), o.hi);
}

/* n bytes (n <= 16) from p, zeros after them; reads nothing past p + n. */
XOPT_NEON_INLINE int8x16_t xopt_neon_load_partial(const int8_t *p, int32_t n)
{
    if (n >= 16) {
        return vld1q_s8(p);
    }
    if (n == 8) {
        return vcombine_s8(vld1_s8(p), vdup_n_s8(0));
    }
    if (n == 4 || n == 12) {
        int32_t last;
        memcpy(&last, p + n - 4, 4);
        const int32x2_t word = vset_lane_s32(last, vdup_n_s32(0), 0);
        if (n == 4) {
            return vcombine_s8(vreinterpret_s8_s32(word), vdup_n_s8(0));
        }
        return vcombine_s8(vld1_s8(p), vreinterpret_s8_s32(word));
    }
    int8_t buf[16] = {0};
    memcpy(buf, p, (size_t)n);
    return vld1q_s8(buf);
}

/* Stores the first n (n <= 16) bytes of v at p. */
XOPT_NEON_INLINE void xopt_neon_store_partial(int8_t *p, int8x16_t v, int32_t n)
{
    if (n >= 16) {
        vst1q_s8(p, v);
    } else if (n == 8) {
        vst1_s8(p, vget_low_s8(v));
    } else {
        int8_t buf[16];
        vst1q_s8(buf, v);
        memcpy(p, buf, (size_t)n);
    }
}

/* dst[0 .. n) = src[0 .. n) with overlapping vector moves; writes nothing past dst + n. */
XOPT_NEON_INLINE void xopt_neon_copy_bytes(int8_t *dst, const int8_t *src, int32_t n)
{
    if (n >= 16) {
        int32_t i = 0;
        for (; i + 16 <= n; i += 16) {
            vst1q_s8(dst + i, vld1q_s8(src + i));
        }
        if (i < n) {
            vst1q_s8(dst + n - 16, vld1q_s8(src + n - 16));
        }
    } else if (n >= 8) {
        vst1_s8(dst, vld1_s8(src));
        vst1_s8(dst + n - 8, vld1_s8(src + n - 8));
    } else if (n >= 4) {
        int32_t head, tail;
        memcpy(&head, src, 4);
        memcpy(&tail, src + n - 4, 4);
        memcpy(dst, &head, 4);
        memcpy(dst + n - 4, &tail, 4);
    } else {
        for (int32_t i = 0; i < n; ++i) {
            dst[i] = src[i];
        }
    }
}

/* The B side of a GEMM: packed weights (xopt_neon.h's 16x4 blocks, int8 or packed int4 /
 * int2 by weight_bits), folded bias and requantization, for
 * y[m][n] = requant_n(bias'[n] + sum_k a[m][k] * W[n][k]).
 *
 * A reduction in chunks (int8 weights): the GEMM sums k columns [k_first, k_first + k) of a
 * matrix packed with k_stride columns (k_first a multiple of 4; k_stride 0: round_up(k, 4)),
 * starting from the int32 rows of `acc` instead of the bias when acc_load, and storing the
 * int32 sums to `acc` instead of requantizing when acc_store (acc row i at
 * acc + i * acc_stride, column n at + n). */
typedef struct {
    int32_t k, n;
    int weight_bits; /* 8, 4 or 2 */
    const int8_t *weight;
    const int32_t *bias;
    const xopt_requant *requant;
    int pre_shift; /* xopt_neon_needs_pre_shift(requant, n) */
    int32_t k_first, k_stride;
    int32_t *acc;
    int64_t acc_stride;
    int acc_load, acc_store;
} xopt_neon_gemm_b;

/* The B side of a whole (unchunked) GEMM of k-deep rows into n outputs. */
static inline xopt_neon_gemm_b xopt_neon_gemm_whole(int32_t k, int32_t n, int weight_bits,
                                                    const int8_t *weight, const int32_t *bias,
                                                    const xopt_requant *requant)
{
    const xopt_neon_gemm_b b = {.k = k,
                                .n = n,
                                .weight_bits = weight_bits,
                                .weight = weight,
                                .bias = bias,
                                .requant = requant,
                                .pre_shift = xopt_neon_needs_pre_shift(requant, n)};
    return b;
}

/* Rows i in [0, m) of a (row i at a + i * a_stride, b->k bytes) times b, stored to
 * y + i * y_stride (b->n bytes each). */
void xopt_neon_gemm(const xopt_neon_gemm_b *b, int32_t m, const int8_t *a, int64_t a_stride,
                    int8_t *y, int64_t y_stride);

/* One output row of a 3x3 depthwise conv (xopt_neon.h's packed weights and padded
 * requantization, narrowed to the computed channels): output columns [ox0, ox0 + count) of
 * `channels` channels, pixel k at y + k * y_pixel. rows[ky] is input row ky of the windows
 * (NULL: a padding row), pointing at input column col0; input pixels are x_pixel bytes
 * apart. Taps outside the input read `pad` (channels bytes of x_zero_point). */
typedef struct {
    int32_t channels;
    const int8_t *weight;
    const int32_t *bias;
    const xopt_requant *requant;
    int pre_shift; /* xopt_neon_needs_pre_shift(requant, channels) */
    int32_t in_w, stride_w, pad_left;
    int32_t col0;
    int64_t x_pixel, y_pixel;
    int32_t ox0, count;
    const int8_t *pad;
} xopt_neon_depthwise_row;

void xopt_neon_depthwise3x3_row(const xopt_neon_depthwise_row *r, const int8_t *const rows[3],
                                int8_t *y);

#endif /* XOPT_NEON_INTERNAL_H */
