/* quant.table (and quant.requantize, which the compiler turns into a table) and quant.mul
 * with NEON (xopt_neon.h). */
#include "xopt_neon_int8.h"

/* The 256-entry table as four 64-byte TBL registers. */
typedef struct {
    int8x16x4_t part[4];
} table256;

XOPT_NEON_INLINE int8x16_t lookup16(const table256 *t, int8x16_t x)
{
    /* index = x + 128 (x_qmin = -128): flip the sign bit; out-of-range TBL lanes give 0
     * (vqtbl4q) or keep the previous value (vqtbx4q), so four lookups cover 0..255. */
    const uint8x16_t index = veorq_u8(vreinterpretq_u8_s8(x), vdupq_n_u8(0x80));
    const uint8x16_t step = vdupq_n_u8(64);
    int8x16_t y = vqtbl4q_s8(t->part[0], index);
    y = vqtbx4q_s8(y, t->part[1], vsubq_u8(index, step));
    y = vqtbx4q_s8(y, t->part[2], vsubq_u8(index, vaddq_u8(step, step)));
    return vqtbx4q_s8(y, t->part[3], vsubq_u8(index, vdupq_n_u8(192)));
}

void xopt_neon_table_s8_s8(const xopt_table_params *p, const int8_t *x, int8_t *y)
{
    table256 t;
    for (int k = 0; k < 4; ++k) {
        t.part[k] = vld1q_s8_x4(p->values + 64 * k);
    }
    const int32_t count = p->count;
    int32_t i = 0;
    for (; i + 16 <= count; i += 16) {
        vst1q_s8(y + i, lookup16(&t, vld1q_s8(x + i)));
    }
    if (i == count) {
        return;
    }
    if (count >= 16) {
        vst1q_s8(y + count - 16, lookup16(&t, vld1q_s8(x + count - 16)));
    } else {
        xopt_neon_store_partial(y, lookup16(&t, xopt_neon_load_partial(x, count)), count);
    }
}

/* ---- mul */

/* requant_0((a - a_zp) * (b - b_zp)) of 16 lanes, b already minus its zero point (int16). */
XOPT_NEON_INLINE int8x16_t mul16(int8x16_t a, int16x8_t b_lo, int16x8_t b_hi, int8x16_t a_zp,
                                 xopt_neon_rq4 r, xopt_neon_out o, const int pre)
{
    const int16x8_t lo = vsubl_s8(vget_low_s8(a), vget_low_s8(a_zp));
    const int16x8_t hi = vsubl_high_s8(a, a_zp);
    int32x4_t q[4] = {vmull_s16(vget_low_s16(lo), vget_low_s16(b_lo)), vmull_high_s16(lo, b_lo),
                      vmull_s16(vget_low_s16(hi), vget_low_s16(b_hi)), vmull_high_s16(hi, b_hi)};
    for (int k = 0; k < 4; ++k) {
        q[k] = xopt_neon_rescale(q[k], r, pre);
    }
    return xopt_neon_narrow(q[0], q[1], q[2], q[3], o);
}

/* Elements [i, i + 16) of y (n of them meaningful; 16 stored where room bytes follow). */
XOPT_NEON_INLINE void mul_block(const xopt_mul_params *p, const int8_t *a, int8x16_t b,
                                int8_t *y, int64_t i, int32_t n, xopt_neon_rq4 r,
                                xopt_neon_out o, const int pre)
{
    const int8x16_t b_zp = vdupq_n_s8((int8_t)p->b_zero_point);
    const int8x16_t a_zp = vdupq_n_s8((int8_t)p->a_zero_point);
    const int16x8_t b_lo = vsubl_s8(vget_low_s8(b), vget_low_s8(b_zp));
    const int16x8_t b_hi = vsubl_high_s8(b, b_zp);
    const int64_t room = (int64_t)p->count - i;
    const int8x16_t va = room >= 16 ? vld1q_s8(a + i) : xopt_neon_load_partial(a + i, n);
    const int8x16_t v = mul16(va, b_lo, b_hi, a_zp, r, o, pre);
    if (room >= 16) {
        vst1q_s8(y + i, v);
    } else {
        xopt_neon_store_partial(y + i, v, n);
    }
}

XOPT_NEON_INLINE void mul_all(const xopt_mul_params *p, const int8_t *a, const int8_t *b,
                              int8_t *y, const int pre)
{
    const xopt_requant *rq = &p->requant;
    const xopt_neon_rq4 r = xopt_neon_rq4_from(vdupq_n_s32(rq->multiplier[0]),
                                               vdupq_n_s32(rq->shift[0]), pre);
    const xopt_neon_out o = xopt_neon_out_load(rq);
    const int32_t span = p->b_count;
    if (span == 1) {
        const int8x16_t bb = vdupq_n_s8(b[0]);
        for (int64_t i = 0; i < p->count; i += 16) {
            const int32_t n = p->count - i < 16 ? (int32_t)(p->count - i) : 16;
            mul_block(p, a, bb, y, i, n, r, o, pre);
        }
        return;
    }
    for (int64_t base = 0; base < p->count; base += span) {
        for (int32_t j = 0; j < span; j += 16) {
            const int32_t n = span - j < 16 ? span - j : 16;
            const int8x16_t bb = n == 16 ? vld1q_s8(b + j) : xopt_neon_load_partial(b + j, n);
            mul_block(p, a, bb, y, base + j, n, r, o, pre);
        }
    }
}

void xopt_neon_mul_s8_s8(const xopt_mul_params *p, const int8_t *a, const int8_t *b, int8_t *y)
{
    if (xopt_neon_needs_pre_shift(&p->requant, 1)) {
        mul_all(p, a, b, y, 1);
    } else {
        mul_all(p, a, b, y, 0);
    }
}
