"""Kernel calls of quant.resize and quant.resize_argmax over H and W of NHWC activations:
the compiler computes each output row's and column's source indices and weights
(nearest, linear fixed_point with integer weights, linear float with float32 weights).
Arguments as the quant executor's functions; see `kernel_params`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xopt.executor import graph_kernels as gk
from xopt.executor import graph_kernels_shape as gk_shape
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import Bounds, QParams
from xopt.targets.c.kernel_call import (
    KernelCall,
    bounds_only,
    c_int8,
    c_shape,
    int8,
    refuse_rounding,
    requant_struct,
)
from xopt.targets.c.kernel_params_movement import INDEX_BYTES

LINEAR_FIXED_POINT, LINEAR_FLOAT = 1, 2
"""The struct's `linear` codes of linear resizes (0 is nearest, which copies in any mode)."""
f32 = np.float32


def _nearest_table(shape, out_shape, scales, transform, nearest_mode, axis: int) -> np.ndarray:
    """The source index of each output position along spatial `axis` (2 or 3): graph.resize
    of an index ramp, so every rule of the quant executor's nearest resize holds."""
    ramp = np.broadcast_to(
        np.arange(shape[axis]).reshape([-1 if a == axis else 1 for a in range(4)]),
        (1, 1, *shape[2:]),
    )
    table = gk.resize(ramp, (1, 1, *out_shape[2:]), scales, "nearest", transform, nearest_mode)
    return table[0, 0, :, 0] if axis == 2 else table[0, 0, 0, :]


def _identity(out: int) -> tuple[np.ndarray, ...]:
    index = np.arange(out)
    return index, index, np.ones(out), np.zeros(out)


def _linear_table(size: int, out: int, scale: float, transform: str):
    """(low, high, w1, w2) of one axis: quant_numerics.resize_weights where the axis is
    interpolated, the identity with weights (1, 0) where it is not."""
    if size == out and scale == 1.0:
        return _identity(out)
    coords = gk_shape.source_coordinates(out, size, scale, transform)
    return qn.resize_weights(coords, size)


def _float_table(size: int, out: int, scale: float, transform: str):
    """(low, high, d1, d2) of one axis as the quant executor's float linear resize: source
    coordinate = the index on an axis of scale 1, resize_weights_float's float32 weights."""
    if scale == 1.0:
        coords = np.arange(out, dtype=f32)
    else:
        coords = gk_shape.source_coordinates(out, size, scale, transform)
    return qn.resize_weights_float(coords, size)


def _tables(x_shape, out_shape, scales, mode, rounding, transform, nearest_mode):
    """The per-axis (low, high, weight 1, weight 2) tables of rows and of columns."""
    (h, w), (out_h, out_w) = x_shape[2:], out_shape[2:]
    if mode == "nearest":
        tables = []
        for axis in (2, 3):
            index = _nearest_table(x_shape, out_shape, scales, transform, nearest_mode, axis)
            tables.append((index, index, np.zeros(index.size), np.zeros(index.size)))
        return tables
    if rounding == "float":
        if tuple(out_shape) == tuple(x_shape):  # the quant executor requantizes, no resize
            return [_identity(out_h), _identity(out_w)]
        return [
            _float_table(h, out_h, scales[2], transform),
            _float_table(w, out_w, scales[3], transform),
        ]
    return [
        _linear_table(h, out_h, scales[2], transform),
        _linear_table(w, out_w, scales[3], transform),
    ]


def _requant_fields(x_shape, out_shape, scales, xq, yq, bounds, mode, rounding):
    """The struct's `linear` code, requant and the float scales."""
    if mode == "nearest":  # copies stored integers: no requantization
        return {"linear": 0, "requant": bounds_only(0, bounds)}
    if rounding == "float":
        return {
            "linear": LINEAR_FLOAT,
            "requant": bounds_only(yq.pair[1], bounds),
            "in_scale": float(f32(xq.pair[0])),
            "out_scale": float(f32(yq.pair[0])),
        }
    spatial = zip(x_shape[2:], out_shape[2:], scales[2:])
    axes = sum(not (n == m and s == 1.0) for n, m, s in spatial)
    divisor = 2 ** (qn.RESIZE_WEIGHT_BITS * axes)
    rq = qn.Requant.from_scales(xq.scale, 1.0, yq.scale, divisor=divisor)
    return {"linear": LINEAR_FIXED_POINT, "requant": requant_struct(rq, yq.pair[1], bounds)}


def _resize_struct(
    x8, xq, yq, bounds, out_shape, scales, mode, transform, nearest_mode, rounding
) -> dict[str, Any]:
    _, c, h, w = x8.shape
    if tuple(scales[:2]) != (1.0, 1.0) or tuple(out_shape[:2]) != (1, c):
        raise NotImplementedError("the C resize kernel resizes H and W of batch 1 only")
    if mode != "nearest":
        refuse_rounding("linear resize", rounding, qn.MODES)
    tables = _tables(x8.shape, out_shape, scales, mode, rounding, transform, nearest_mode)
    params: dict[str, Any] = {
        "channels": c,
        "in_h": h,
        "in_w": w,
        "out_h": out_shape[2],
        "out_w": out_shape[3],
        "x_zero_point": xq.pair[1],
        "in_scale": 0.0,
        "out_scale": 0.0,
    }
    for prefix, (low, high, w1, w2) in zip("yx", tables):
        floats = mode != "nearest" and rounding == "float"
        params[f"{prefix}_low"] = np.asarray(low, np.int32)
        params[f"{prefix}_high"] = np.asarray(high, np.int32)
        params[f"{prefix}_w1"] = None if floats else np.asarray(w1, np.int32)
        params[f"{prefix}_w2"] = None if floats else np.asarray(w2, np.int32)
        params[f"{prefix}_d1"] = np.asarray(w1, np.float32) if floats else None
        params[f"{prefix}_d2"] = np.asarray(w2, np.float32) if floats else None
    params.update(_requant_fields(x8.shape, out_shape, scales, xq, yq, bounds, mode, rounding))
    return params


def resize(
    x,
    xq: QParams,
    yq: QParams,
    bounds: Bounds,
    out_shape,
    scales,
    mode="nearest",
    coordinate_transformation_mode="half_pixel",
    nearest_mode="round_prefer_floor",
    rounding: qn.Mode = "fixed_point",
) -> KernelCall:
    """quant.resize of H and W (nearest, or linear in either rounding mode)."""
    x8 = int8(x)
    params = _resize_struct(
        x8,
        xq,
        yq,
        bounds,
        out_shape,
        scales,
        mode,
        coordinate_transformation_mode,
        nearest_mode,
        rounding,
    )
    return KernelCall(
        "xopt_resize_s8_s8",
        "xopt_resize_params",
        params,
        (c_int8(x8),),
        c_shape(out_shape),
        np.dtype(np.int8),
    )


def resize_argmax(
    x,
    xq: QParams,
    resized: QParams,
    bounds: Bounds,
    out_hw,
    scales,
    mode="nearest",
    coordinate_transformation_mode="half_pixel",
    nearest_mode="round_prefer_floor",
    keepdims=True,
    select_last_index=False,
    rounding: qn.Mode = "fixed_point",
    out_dtype=np.int64,
) -> KernelCall:
    """quant.resize_argmax of a batch-1 NCHW input (arguments as quant_kernels_movement's)."""
    x8 = int8(x)
    out_shape = (1, x8.shape[1], *out_hw)
    resize_params = _resize_struct(
        x8,
        xq,
        resized,
        bounds,
        out_shape,
        scales,
        mode,
        coordinate_transformation_mode,
        nearest_mode,
        rounding,
    )
    params = {
        "resize": resize_params,
        "select_last": int(select_last_index),
        "index_bytes": INDEX_BYTES[np.dtype(out_dtype)],
    }
    shape = (1, 1, *out_hw) if keepdims else (1, *out_hw)
    return KernelCall(
        "xopt_resize_argmax_s8",
        "xopt_resize_argmax_params",
        params,
        (c_int8(x8),),
        c_shape(shape),
        np.dtype(out_dtype),
    )
