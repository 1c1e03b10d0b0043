"""Kernel calls of the `neon` target for the quant ops that move or select int8 values:
concat, resize, resize_argmax and argmax as runtime_c/neon kernels (xopt_neon_movement.c,
xopt_neon_resize.c) where their contracts in `xopt_neon.h` hold, else as the portable
kernel. The NEON kernels take the portable kernels' parameter structs unchanged, so each
builder is the portable builder with the function swapped; arguments as
`targets.c.kernel_params`. Re-exported by `targets.neon.kernel_params`.
"""

from __future__ import annotations

import dataclasses
import re

from xopt.targets.c import kernel_params as portable
from xopt.targets.c.kernel_call import KernelCall
from xopt.targets.c.toolchain import NEON_DIR


def header_constant(name: str) -> int:
    """A `#define NAME value` of xopt_neon.h, so the limits live in one place."""
    text = (NEON_DIR / "xopt_neon.h").read_text()
    return int(re.search(rf"#define {name} (\d+)", text).group(1))


RESIZE_ROW_BYTES = header_constant("XOPT_NEON_RESIZE_ROW_BYTES")
CONCAT_MAX_INPUTS = header_constant("XOPT_NEON_CONCAT_MAX_INPUTS")
ARGMAX_MAX_AXIS = header_constant("XOPT_NEON_ARGMAX_MAX_AXIS")


def _neon(call: KernelCall, function: str, applies: bool) -> KernelCall:
    return dataclasses.replace(call, function=function) if applies else call


def concat(xs, xqs, yq, bounds, axis: int, rounding="fixed_point") -> KernelCall:
    """quant.concat: NEON for copies and fixed_point requantization (no float tables)."""
    call = portable.concat(xs, xqs, yq, bounds, axis, rounding)
    p = call.params
    if p["tables"] is not None and any(t is not None for t in p["tables"]):
        return call
    call = dataclasses.replace(call, params={**p, "tables": None})
    return _neon(call, "xopt_neon_concat_s8_s8", p["num_inputs"] <= CONCAT_MAX_INPUTS)


def resize_applies(p: dict) -> bool:
    """Whether xopt_neon_resize_s8_s8 takes the resize struct `p`: nearest, or linear
    fixed_point whose blended row fits XOPT_NEON_RESIZE_ROW_BYTES."""
    if p["linear"] == 0:
        return True
    return p["linear"] == 1 and 4 * (p["in_w"] * p["channels"] + 4) <= RESIZE_ROW_BYTES


def resize(x, *args, **kwargs) -> KernelCall:
    """quant.resize (nearest, linear fixed_point) of H and W."""
    call = portable.resize(x, *args, **kwargs)
    return _neon(call, "xopt_neon_resize_s8_s8", resize_applies(call.params))


def resize_argmax(x, *args, **kwargs) -> KernelCall:
    """quant.resize_argmax (nearest, linear fixed_point) over the channels."""
    call = portable.resize_argmax(x, *args, **kwargs)
    return _neon(call, "xopt_neon_resize_argmax_s8", resize_applies(call.params["resize"]))


def argmax(x, *args, **kwargs) -> KernelCall:
    """quant.argmax along any axis (int16 lane indices across rows: a bounded axis)."""
    call = portable.argmax(x, *args, **kwargs)
    p = call.params
    return _neon(call, "xopt_neon_argmax_s8", p["inner"] == 1 or p["axis"] <= ARGMAX_MAX_AXIS)
