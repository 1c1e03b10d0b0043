/* Storing ArgMax indices at the width the output tensor has (int16, int32 or int64), shared
 * by the portable and NEON argmax kernels. Internal to runtime_c. */
#ifndef XOPT_INDEX_INLINE_H
#define XOPT_INDEX_INLINE_H

#include <stdint.h>

/* y[i] = index as an integer of `bytes` (2, 4 or 8) bytes. */
static inline void xopt_store_index(void *y, int64_t i, int32_t index, int32_t bytes)
{
    if (bytes == 2) {
        ((int16_t *)y)[i] = (int16_t)index;
    } else if (bytes == 4) {
        ((int32_t *)y)[i] = index;
    } else {
        ((int64_t *)y)[i] = index;
    }
}

#endif
