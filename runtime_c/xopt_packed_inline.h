/* Reading packed int4 / int2 weights (quant_numerics' sub-byte packing order): value i of
 * a flat sequence of b-bit values is bits [(i b) % 8, (i b) % 8 + b) of byte (i b) / 8,
 * lowest bits first, two's complement. Internal to runtime_c's kernels. */
#ifndef XOPT_PACKED_INLINE_H
#define XOPT_PACKED_INLINE_H

#include <stdint.h>

/* Value i of the `bits`-bit (2, 4 or 8) signed values at `w`, sign-extended. */
static inline int32_t xopt_packed_value(const int8_t *w, int64_t i, const int bits)
{
    if (bits == 8) {
        return w[i];
    }
    const int32_t per_byte = 8 / bits;
    const uint32_t byte = (uint8_t)w[i / per_byte];
    const uint32_t field = (byte >> ((i % per_byte) * bits)) & ((1u << bits) - 1u);
    return (int32_t)field - (int32_t)((field >> (bits - 1)) << bits);
}

/* dst[j] = value first + j of the `bits`-bit values at w, for j < n. */
static inline void xopt_unpack(const int8_t *w, int64_t first, int32_t n, const int bits,
                               int8_t *dst)
{
    for (int32_t j = 0; j < n; ++j) {
        dst[j] = (int8_t)xopt_packed_value(w, first + j, bits);
    }
}

#endif /* XOPT_PACKED_INLINE_H */
