"""Kernel calls of the `neon` target for pools and one-input maps: maxpool, avgpool,
global_avgpool, table, requantize and mul as runtime_c/neon kernels (xopt_neon_pool.c,
xopt_neon_lut.c) where their contracts in `xopt_neon.h` hold, else the portable kernel.
The NEON kernels take the portable parameter structs unchanged; quant.requantize becomes a
256-entry table evaluated by the quant executor (either rounding mode). Arguments as
`targets.c.kernel_params`; re-exported by `targets.neon.kernel_params`.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from xopt.executor import quant_kernels as qk
from xopt.executor.quant_kernels import Bounds, QParams
from xopt.targets.c import kernel_params as portable
from xopt.targets.c.kernel_call import KernelCall
from xopt.targets.c.kernel_params_elementwise import INT8_LEVELS

AVGPOOL_MAX_TAPS = 256
"""Taps of a window whose raw int8 sum fits the kernel's int16 lanes."""
GLOBAL_AVGPOOL_MAX_SIZE = 1 << 22
"""Pixels whose sums (and size * zero point) fit int32."""


def _neon(call: KernelCall, function: str, applies: bool) -> KernelCall:
    return dataclasses.replace(call, function=function) if applies else call


def maxpool(x, *args, **kwargs) -> KernelCall:
    """quant.maxpool (any geometry)."""
    return _neon(portable.maxpool(x, *args, **kwargs), "xopt_neon_maxpool2d_s8_s8", True)


def avgpool(x, *args, **kwargs) -> KernelCall:
    """quant.avgpool, fixed_point, windows of at most AVGPOOL_MAX_TAPS taps."""
    call = portable.avgpool(x, *args, **kwargs)
    if call.function != "xopt_avgpool2d_s8_s8":  # a float whole-image window
        return call
    p = call.params
    applies = not p["float_rounding"] and p["kernel_h"] * p["kernel_w"] <= AVGPOOL_MAX_TAPS
    return _neon(call, "xopt_neon_avgpool2d_s8_s8", applies)


def global_avgpool(x, *args, **kwargs) -> KernelCall:
    """quant.global_avgpool, fixed_point, at most GLOBAL_AVGPOOL_MAX_SIZE pixels."""
    call = portable.global_avgpool(x, *args, **kwargs)
    p = call.params
    applies = p["requant"]["real"] is None and p["size"] <= GLOBAL_AVGPOOL_MAX_SIZE
    return _neon(call, "xopt_neon_global_avgpool_s8_s8", applies)


def table(x, values, x_qmin: int) -> KernelCall:
    """quant.table of int8 inputs (256 values from -128)."""
    call = portable.table(x, values, x_qmin)
    applies = x_qmin == -128 and np.size(values) == INT8_LEVELS.size
    return _neon(call, "xopt_neon_table_s8_s8", applies)


def requantize(x, xq: QParams, yq: QParams, bounds: Bounds, rounding="fixed_point"):
    """quant.requantize (per tensor) as the table of its 256 results."""
    per_tensor = not any(np.ndim(v) for v in (*xq.pair, *yq.pair))
    if not per_tensor:
        return portable.requantize(x, xq, yq, bounds, rounding)
    values = qk.requantize(INT8_LEVELS, xq, yq, bounds, rounding)
    return table(x, values.astype(np.int64), -128)


def mul(a, b, aq, bq, yq, bounds, rounding="fixed_point") -> KernelCall:
    """quant.mul, fixed_point (same shapes, or a scalar or per-channel operand)."""
    call = portable.mul(a, b, aq, bq, yq, bounds, rounding)
    return _neon(call, "xopt_neon_mul_s8_s8", call.params["requant"]["real"] is None)
