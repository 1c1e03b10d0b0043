"""Numpy kernels of the quant ops that move stored integers (`quant.pad`,
`quant.insert_zeros`, `quant.crop`, `quant.phase_slice`, `quant.interleave`) and of
`quant.resize_argmax`. `quant.argmax_groups` and `quant.argmax_select` run the graph
kernels (`graph_kernels_argmax`) on the stored integers directly.

The geometry is the graph kernels' (they work on any dtype); the only value the movement ops
write that is not copied is the zero point, the stored form of the real number 0. The
resize of `resize_argmax` is `quant_kernels.resize` itself, so the fused op and
`quant.argmax(quant.resize(x))` compute the same stored integers by construction.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xopt.executor import graph_kernels_argmax as gk_argmax
from xopt.executor import graph_kernels_phase as gk_phase
from xopt.executor import graph_kernels_shape as gk_shape
from xopt.executor import graph_kernels_upsample as gk_upsample
from xopt.executor import quant_kernels as qk
from xopt.executor import quant_numerics as qn


def pad(x: np.ndarray, pads: Sequence[int], zero_point: int) -> np.ndarray:
    """quant.pad: constant padding with the zero point."""
    return gk_shape.pad(np.asarray(x, np.int64), pads, "constant", zero_point)


def insert_zeros(x: np.ndarray, strides: Sequence[int], zero_point: int) -> np.ndarray:
    """quant.insert_zeros: the zero point between rows and columns (graph.insert_zeros of
    x - z, plus z)."""
    centred = np.asarray(x, np.int64) - zero_point
    return gk_upsample.insert_zeros(centred, strides) + zero_point


def crop(x: np.ndarray, crops: Sequence[int]) -> np.ndarray:
    """quant.crop: graph.crop of the stored integers."""
    return gk_upsample.crop(np.asarray(x, np.int64), crops)


def phase_slice(
    x: np.ndarray, offsets: Sequence[int], steps: Sequence[int], size: Sequence[int]
) -> np.ndarray:
    """quant.phase_slice: graph.phase_slice of the stored integers."""
    return gk_phase.phase_slice(np.asarray(x, np.int64), offsets, steps, size)


def interleave(
    phases: Sequence[np.ndarray], factors: Sequence[int], shape: Sequence[int]
) -> np.ndarray:
    """quant.interleave: graph.interleave of the stored integers (all of one type)."""
    return gk_phase.interleave([np.asarray(p, np.int64) for p in phases], factors, shape)


def resize_argmax(
    x: np.ndarray,
    xq: qk.QParams,
    resized: qk.QParams,
    bounds: qk.Bounds,
    out_hw: Sequence[int],
    scales: Sequence[float],
    mode: str = "nearest",
    coordinate_transformation_mode: str = "half_pixel",
    nearest_mode: str = "round_prefer_floor",
    keepdims: bool = True,
    select_last_index: bool = False,
    rounding: qn.Mode = "fixed_point",
    out_dtype=np.int64,
) -> np.ndarray:
    """quant.resize_argmax: the channel argmax of `quant_kernels.resize` into the `resized`
    parameters, saturating at `bounds` (the resized type's storage range). Nearest takes
    the argmax before resizing the class map (nearest copies pixels, so they commute)."""
    x64 = np.asarray(x, np.int64)
    n, c = x64.shape[:2]
    if mode == "nearest":
        return gk_argmax.resize_argmax(
            x64,
            out_hw,
            scales,
            mode,
            coordinate_transformation_mode,
            nearest_mode,
            keepdims,
            select_last_index,
            out_dtype,
        )
    y = qk.resize(
        x64,
        xq,
        resized,
        bounds,
        (n, c, *out_hw),
        scales,
        mode,
        coordinate_transformation_mode,
        nearest_mode,
        rounding,
    )
    classes = gk_shape.argmax(y, 1, keepdims, select_last_index)
    return np.ascontiguousarray(classes.astype(out_dtype))
