"""The C runtime's kernel calls and layout: `KernelCall`, the NCHW <-> NHWC transposition and
the helpers every parameter builder shares (`kernel_params*`).

Layout contract: the C runtime stores 4-D activations NHWC (batch 1, channels innermost),
other ranks row-major as the quant executor does; the quant executor and the quant IR stay
NCHW. A builder takes the quant executor's NCHW arguments and returns a call whose `inputs`
are already in C layout (`to_c_layout`) and whose `output_shape` is the C layout's shape;
`from_c_layout` turns a C output back into the quant executor's layout. This module is the
one place the transposition lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import Bounds

NHWC_FROM_NCHW = (0, 2, 3, 1)
"""`np.transpose` axes taking a 4-D NCHW array to NHWC."""
NCHW_FROM_NHWC = (0, 3, 1, 2)


@dataclass(frozen=True)
class KernelCall:
    """One call `function(&params, inputs..., output)` of a runtime_c kernel."""

    function: str
    params_type: str
    params: dict[str, Any]
    inputs: tuple[np.ndarray, ...]
    """Activations in C layout, C-contiguous: int8 (float32 for quantize)."""
    output_shape: tuple[int, ...]
    """The output's shape in C layout."""
    output_dtype: np.dtype
    input_array: bool = False
    """Whether the inputs are passed as one array of pointers (concat, interleave)."""
    output_in_c_layout: bool = True
    """False where the output is already in the quant executor's layout: dequantize's
    float NCHW, transpose's plain permutation. The harness applies `from_c_layout` otherwise."""


def c_shape(shape) -> tuple[int, ...]:
    """The C layout's shape of a tensor of the quant executor's `shape`."""
    shape = tuple(int(d) for d in shape)
    return tuple(shape[a] for a in NHWC_FROM_NCHW) if len(shape) == 4 else shape


def c_axis(axis: int, rank: int) -> int:
    """Where axis `axis` of a rank-`rank` quant tensor lies in its C layout."""
    axis %= rank
    return NHWC_FROM_NCHW.index(axis) if rank == 4 else axis


def _contiguous(x: np.ndarray) -> np.ndarray:
    """`x` C-contiguous, keeping its rank (np.ascontiguousarray makes 0-d arrays 1-d)."""
    return np.ascontiguousarray(x).reshape(x.shape)


def to_c_layout(x: np.ndarray) -> np.ndarray:
    """A quant executor array in C layout: 4-D NCHW to NHWC, other ranks unchanged."""
    x = np.asarray(x)
    return _contiguous(x.transpose(NHWC_FROM_NCHW) if x.ndim == 4 else x)


def from_c_layout(y: np.ndarray) -> np.ndarray:
    """The inverse of `to_c_layout`: 4-D NHWC to NCHW, other ranks unchanged."""
    y = np.asarray(y)
    return _contiguous(y.transpose(NCHW_FROM_NHWC) if y.ndim == 4 else y)


def int8(x: np.ndarray) -> np.ndarray:
    """Stored integers as a C-contiguous int8 array (ValueError outside int8)."""
    x64 = np.asarray(x, np.int64)
    if x64.size and (x64.min() < -128 or x64.max() > 127):
        raise ValueError("the C kernels take int8 stored integers")
    return _contiguous(x64.astype(np.int8))


def c_int8(x: np.ndarray) -> np.ndarray:
    """`int8(x)` in C layout."""
    return to_c_layout(int8(x))


def channels(values, count: int, dtype) -> np.ndarray:
    """A scalar or per-channel parameter as an array of `count` entries."""
    return np.ascontiguousarray(np.broadcast_to(np.asarray(values), (count,)), dtype=dtype)


def requant_struct(
    rq: qn.Requant,
    zero_point: int,
    bounds: Bounds,
    count: int = 1,
    rounding: qn.Mode = "fixed_point",
) -> dict[str, Any]:
    """An `xopt_requant` of `count` entries from a (scalar or per-channel) `Requant`."""
    real = None
    if rounding == "float":
        real = channels(rq.real_multiplier.astype(np.float32), count, np.float32)
    return {
        "multiplier": channels(rq.multiplier, count, np.int32),
        "shift": channels(rq.shift, count, np.int32),
        "real": real,
        "zero_point": int(zero_point),
        "lo": int(bounds[0]),
        "hi": int(bounds[1]),
    }


def bounds_only(zero_point: int, bounds: Bounds) -> dict[str, Any]:
    """An `xopt_requant` whose kernel reads only the zero point and the bounds."""
    return requant_struct(qn.Requant.from_real(0.0), zero_point, bounds)


def outer_axis_inner(shape, axis: int) -> tuple[int, int, int]:
    """(outer, axis, inner) of a C-layout `shape` viewed as [outer][axis][inner]."""
    return (
        int(np.prod(shape[:axis], dtype=np.int64)),
        int(shape[axis]),
        int(np.prod(shape[axis + 1 :], dtype=np.int64)),
    )


def refuse_rounding(op: str, rounding: str, allowed: tuple[str, ...]) -> None:
    """NotImplementedError naming the op and the mode unless `rounding` is allowed."""
    if rounding not in allowed:
        raise NotImplementedError(f"the C {op} kernel does not implement rounding = {rounding}")
