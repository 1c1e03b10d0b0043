/* The movement ops that only copy stored integers: a strided 4-D copy (transpose, pad,
 * crop, phase_slice, insert_zeros) and quant.interleave. */
#include <string.h>

#include "xopt_kernels.h"

void xopt_copy_s8(const xopt_copy_params *p, const int8_t *x, int8_t *y)
{
    const int32_t *n = p->shape, *si = p->in_strides, *so = p->out_strides;
    if (p->fill) {
        memset(y, p->fill_value, (size_t)p->out_size);
    }
    const int contiguous = si[3] == 1 && so[3] == 1;
    for (int32_t i0 = 0; i0 < n[0]; ++i0) {
        for (int32_t i1 = 0; i1 < n[1]; ++i1) {
            for (int32_t i2 = 0; i2 < n[2]; ++i2) {
                const int64_t in = p->in_offset + (int64_t)i0 * si[0] + (int64_t)i1 * si[1] +
                                   (int64_t)i2 * si[2];
                const int64_t out = p->out_offset + (int64_t)i0 * so[0] +
                                    (int64_t)i1 * so[1] + (int64_t)i2 * so[2];
                if (contiguous) {
                    memcpy(y + out, x + in, (size_t)n[3]);
                    continue;
                }
                for (int32_t i3 = 0; i3 < n[3]; ++i3) {
                    y[out + (int64_t)i3 * so[3]] = x[in + (int64_t)i3 * si[3]];
                }
            }
        }
    }
}

void xopt_interleave_s8(const xopt_interleave_params *p, const int8_t *const *inputs, int8_t *y)
{
    const int32_t fh = p->factor_h, fw = p->factor_w, c = p->channels;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        const int32_t rh = oy % fh, i = oy / fh;
        for (int32_t ox = 0; ox < p->out_w; ++ox) {
            const int32_t rw = ox % fw, j = ox / fw;
            const int32_t phase_w = (p->out_w - rw + fw - 1) / fw;
            const int8_t *src = inputs[rh * fw + rw] + ((int64_t)i * phase_w + j) * c;
            memcpy(y + ((int64_t)oy * p->out_w + ox) * c, src, (size_t)c);
        }
    }
}
