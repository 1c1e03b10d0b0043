/* quant.quantize at the model input with NEON: float NCHW -> int8 NHWC (xopt_neon.h). */
#include <arm_neon.h>

#include "xopt_neon.h"
#include "xopt_requant_inline.h"

/* 4 floats of one channel: clamp(FCVTNS(x / scale) + zero_point, lo, hi) as int32. FCVTNS
 * rounds ties to even like rintf, gives 0 for NaN (so NaN -> zero_point) and saturates, as
 * does the add, so out-of-range values clamp like the scalar kernel's. */
static inline int32x4_t quantize4(const float *x, float32x4_t scale, int32x4_t zero_point,
                                  int32x4_t lo, int32x4_t hi)
{
    const int32x4_t q = vqaddq_s32(vcvtnq_s32_f32(vdivq_f32(vld1q_f32(x), scale)), zero_point);
    return vminq_s32(vmaxq_s32(q, lo), hi);
}

/* 16 pixels of one channel as int8 (the values are already within [lo, hi]). */
static inline int8x16_t quantize16(const float *x, float32x4_t scale, int32x4_t zero_point,
                                   int32x4_t lo, int32x4_t hi)
{
    const int16x8_t a = vcombine_s16(vmovn_s32(quantize4(x, scale, zero_point, lo, hi)),
                                     vmovn_s32(quantize4(x + 4, scale, zero_point, lo, hi)));
    const int16x8_t b = vcombine_s16(vmovn_s32(quantize4(x + 8, scale, zero_point, lo, hi)),
                                     vmovn_s32(quantize4(x + 12, scale, zero_point, lo, hi)));
    return vcombine_s8(vmovn_s16(a), vmovn_s16(b));
}

void xopt_neon_quantize_f32_s8(const xopt_quantize_params *p, const float *x, int8_t *y)
{
    const int32_t channels = p->channels, inner = p->inner;
    const float32x4_t scale = vdupq_n_f32(p->scale);
    const int32x4_t zero_point = vdupq_n_s32(p->zero_point);
    const int32x4_t lo = vdupq_n_s32(p->lo), hi = vdupq_n_s32(p->hi);
    int32_t i = 0;
    for (; i + 16 <= inner; i += 16) {
        int8_t *out = y + (int64_t)i * channels;
        if (channels == 3) {
            int8x16x3_t v;
            v.val[0] = quantize16(x + i, scale, zero_point, lo, hi);
            v.val[1] = quantize16(x + inner + i, scale, zero_point, lo, hi);
            v.val[2] = quantize16(x + 2 * (int64_t)inner + i, scale, zero_point, lo, hi);
            vst3q_s8(out, v);
            continue;
        }
        for (int32_t c = 0; c < channels; ++c) {
            int8_t lanes[16];
            vst1q_s8(lanes, quantize16(x + (int64_t)c * inner + i, scale, zero_point, lo, hi));
            for (int32_t k = 0; k < 16; ++k) {
                out[(int64_t)k * channels + c] = lanes[k];
            }
        }
    }
    for (; i < inner; ++i) {
        for (int32_t c = 0; c < channels; ++c) {
            const float v = x[(int64_t)c * inner + i];
            y[(int64_t)i * channels + c] =
                xopt_quantize_one(v, p->scale, p->zero_point, p->lo, p->hi);
        }
    }
}
