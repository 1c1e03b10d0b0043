/* Requantization: the fixed-point and float rescales of xopt_kernels.h. */
#include "xopt_kernels.h"
#include "xopt_requant_inline.h"

int64_t xopt_rescale(const xopt_requant *rq, int32_t i, int32_t acc)
{
    return xopt_rescale_inline(rq, i, acc);
}

int8_t xopt_requantize_one(const xopt_requant *rq, int32_t i, int32_t acc)
{
    return xopt_requantize_inline(rq, i, acc);
}
