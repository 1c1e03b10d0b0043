/* quant.add, 16 elements at a time: both inputs widened, shifted and rescaled exactly (the
 * requantization of xopt_neon.h), summed, rescaled into the output. */
#include "xopt_neon_internal.h"

/* One fixed-point rescale as vectors: SRSHL(SQDMULH(SQSHL(v, pre), multiplier), post). */
typedef struct {
    int32x4_t multiplier, pre, post;
} rescale4;

/* Entry 0 of `rq`, its input first shifted left by `left_shift` (exactly: the values fit). */
static rescale4 rescale_of(const xopt_requant *rq, int32_t left_shift)
{
    const int32_t shift = rq->shift[0];
    const rescale4 r = {vdupq_n_s32(rq->multiplier[0]),
                        vdupq_n_s32(left_shift + (shift + 1 > 0 ? shift + 1 : 0)),
                        vdupq_n_s32(shift < -1 ? shift : -1)};
    return r;
}

XOPT_NEON_INLINE int32x4_t apply(int32x4_t v, rescale4 r)
{
    return vrshlq_s32(vqdmulhq_s32(vqshlq_s32(v, r.pre), r.multiplier), r.post);
}

/* Four int32 vectors of (x - zero_point) << left_shift, rescaled. */
XOPT_NEON_INLINE void input(int8x16_t x, int8x16_t zero_point, rescale4 r, int32x4_t out[4])
{
    const int16x8_t lo = vsubl_s8(vget_low_s8(x), vget_low_s8(zero_point));
    const int16x8_t hi = vsubl_high_s8(x, zero_point);
    out[0] = apply(vmovl_s16(vget_low_s16(lo)), r);
    out[1] = apply(vmovl_high_s16(lo), r);
    out[2] = apply(vmovl_s16(vget_low_s16(hi)), r);
    out[3] = apply(vmovl_high_s16(hi), r);
}

typedef struct {
    int8x16_t a_zero_point, b_zero_point;
    rescale4 a, b, y;
    xopt_neon_out out;
} plan;

XOPT_NEON_INLINE int8x16_t add16(const plan g, int8x16_t a, int8x16_t b)
{
    int32x4_t ra[4], rb[4], sum[4];
    input(a, g.a_zero_point, g.a, ra);
    input(b, g.b_zero_point, g.b, rb);
    for (int q = 0; q < 4; ++q) {
        sum[q] = apply(vaddq_s32(ra[q], rb[q]), g.y);
    }
    return xopt_neon_narrow(sum[0], sum[1], sum[2], sum[3], g.out);
}

void xopt_neon_add_s8_s8(const xopt_add_params *p, const int8_t *a, const int8_t *b, int8_t *y)
{
    const plan g = {vdupq_n_s8((int8_t)p->a_zero_point), vdupq_n_s8((int8_t)p->b_zero_point),
                    rescale_of(&p->a_rescale, p->left_shift),
                    rescale_of(&p->b_rescale, p->left_shift), rescale_of(&p->requant, 0),
                    xopt_neon_out_load(&p->requant)};
    const int32_t count = p->count;
    int32_t i = 0;
    for (; i + 16 <= count; i += 16) {
        vst1q_s8(y + i, add16(g, vld1q_s8(a + i), vld1q_s8(b + i)));
    }
    if (i < count) {
        const int32_t n = count - i;
        const int8x16_t v = add16(g, xopt_neon_load_partial(a + i, n),
                                  xopt_neon_load_partial(b + i, n));
        xopt_neon_store_partial(y + i, v, n);
    }
}
