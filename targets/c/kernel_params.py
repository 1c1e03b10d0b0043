"""Kernel calls of the C runtime: each quant op's parameters as a `runtime_c` struct.

Every builder takes the arguments of the matching `xopt.executor.quant_kernels` function
(stored-integer numpy inputs, `QParams`, bounds, geometry) and returns a `KernelCall`: the C
function, its parameter struct as a dict of field values (see `abi.STRUCTS`), the inputs
and the output's shape and dtype. The compiler's work happens here, once per layer: the
fixed-point multipliers, per-count average multipliers, resize indices and weights. The C
kernels implement fixed-point rounding for every op and float rounding for conv2d,
fully_connected and global_avgpool; other float-mode ops raise `NotImplementedError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from xopt.dialects.graph import shapes
from xopt.dialects.quant.elementwise_ops import ADD_LEFT_SHIFT
from xopt.executor import graph_kernels as gk
from xopt.executor import graph_kernels_shape as gk_shape
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import Bounds, QParams

INDEX_BYTES = {np.dtype(np.int16): 2, np.dtype(np.int32): 4, np.dtype(np.int64): 8}
"""Index dtypes of argmax results and their `index_bytes`."""


@dataclass(frozen=True)
class KernelCall:
    """One call `function(&params, inputs..., output)` of a runtime_c kernel."""

    function: str
    params_type: str
    params: dict[str, Any]
    inputs: tuple[np.ndarray, ...]
    """int8 activations, C-contiguous."""
    output_shape: tuple[int, ...]
    output_dtype: np.dtype
    input_array: bool = False
    """Whether the inputs are passed as one array of pointers (concat)."""


def _int8(x: np.ndarray) -> np.ndarray:
    x64 = np.asarray(x, np.int64)
    if x64.size and (x64.min() < -128 or x64.max() > 127):
        raise ValueError("the C kernels take int8 stored integers")
    return np.ascontiguousarray(x64, dtype=np.int8)


def _channels(values, count: int, dtype) -> np.ndarray:
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
        real = _channels(rq.real_multiplier.astype(np.float32), count, np.float32)
    return {
        "multiplier": _channels(rq.multiplier, count, np.int32),
        "shift": _channels(rq.shift, count, np.int32),
        "real": real,
        "zero_point": int(zero_point),
        "lo": int(bounds[0]),
        "hi": int(bounds[1]),
    }


def _only_fixed_point(op: str, rounding: str) -> None:
    if rounding != "fixed_point":
        raise NotImplementedError(f"the C {op} kernel implements fixed_point rounding only")


def _pair(values: Sequence[int]) -> tuple[int, int]:
    return int(values[0]), int(values[1])


def conv2d(
    x,
    w,
    bias,
    xq: QParams,
    wq: QParams,
    yq: QParams,
    bounds: Bounds,
    strides=(1, 1),
    pads=(0, 0, 0, 0),
    dilations=(1, 1),
    group: int = 1,
    rounding: qn.Mode = "fixed_point",
    function: str = "xopt_conv2d_s8_s8",
) -> KernelCall:
    """quant.conv2d on a batch-1 NCHW input; `function` may name a specialised path."""
    x8, w8 = _int8(x), _int8(w)
    _, c, h, wd = x8.shape
    o, _, kh, kw = w8.shape
    out_h = shapes.sliding_window(h, kh, strides[0], pads[0], pads[2], dilations[0], False)
    out_w = shapes.sliding_window(wd, kw, strides[1], pads[1], pads[3], dilations[1], False)
    rq = qn.Requant.from_scales(xq.scale, wq.scale, yq.scale, rounding)
    params = {
        "in_c": c,
        "in_h": h,
        "in_w": wd,
        "out_c": o,
        "out_h": out_h,
        "out_w": out_w,
        "kernel_h": kh,
        "kernel_w": kw,
        "stride_h": strides[0],
        "stride_w": strides[1],
        "dilation_h": dilations[0],
        "dilation_w": dilations[1],
        "pad_top": pads[0],
        "pad_left": pads[1],
        "groups": group,
        "x_zero_point": int(xq.zero_point),
        "w_zero_point": _channels(wq.zero_point, o, np.int32),
        "weight": w8,
        "bias": None if bias is None else np.asarray(bias, np.int32),
        "requant": requant_struct(rq, yq.zero_point, bounds, o, rounding),
    }
    return KernelCall(
        function, "xopt_conv2d_params", params, (x8,), (1, o, out_h, out_w), np.dtype(np.int8)
    )


def fully_connected(
    x,
    w,
    bias,
    xq: QParams,
    wq: QParams,
    yq: QParams,
    bounds: Bounds,
    rounding: qn.Mode = "fixed_point",
) -> KernelCall:
    """quant.fully_connected: rows x K input, N x K weights."""
    x8, w8 = _int8(x), _int8(w)
    n = w8.shape[0]
    rq = qn.Requant.from_scales(xq.scale, wq.scale, yq.scale, rounding)
    params = {
        "rows": x8.shape[0],
        "in_features": x8.shape[1],
        "out_features": n,
        "x_zero_point": int(xq.zero_point),
        "w_zero_point": _channels(wq.zero_point, n, np.int32),
        "weight": w8,
        "bias": None if bias is None else np.asarray(bias, np.int32),
        "requant": requant_struct(rq, yq.zero_point, bounds, n, rounding),
    }
    out_shape = (x8.shape[0], n)
    return KernelCall(
        "xopt_fully_connected_s8_s8",
        "xopt_fully_connected_params",
        params,
        (x8,),
        out_shape,
        np.dtype(np.int8),
    )


def _pool(x8: np.ndarray, kernel, strides, pads, ceil_mode: bool) -> dict[str, Any]:
    _, c, h, w = x8.shape
    out = [
        shapes.sliding_window(size, k, s, pads[a], pads[a + 2], 1, ceil_mode)
        for a, (size, k, s) in enumerate(zip((h, w), kernel, strides))
    ]
    return {
        "channels": c,
        "in_h": h,
        "in_w": w,
        "out_h": out[0],
        "out_w": out[1],
        "kernel_h": kernel[0],
        "kernel_w": kernel[1],
        "stride_h": strides[0],
        "stride_w": strides[1],
        "pad_top": pads[0],
        "pad_left": pads[1],
        "pad_bottom": pads[2],
        "pad_right": pads[3],
    }


def maxpool(x, kernel, strides=(1, 1), pads=(0, 0, 0, 0), ceil_mode=False) -> KernelCall:
    """quant.maxpool."""
    x8 = _int8(x)
    params = _pool(x8, kernel, strides, pads, ceil_mode)
    unused = requant_struct(qn.Requant.from_real(0.0), 0, (-128, 127))
    params.update(count_include_pad=0, x_zero_point=0, requant=unused)
    shape = (1, x8.shape[1], params["out_h"], params["out_w"])
    return KernelCall(
        "xopt_maxpool2d_s8_s8", "xopt_pool2d_params", params, (x8,), shape, np.dtype(np.int8)
    )


def avgpool(
    x,
    xq: QParams,
    yq: QParams,
    bounds: Bounds,
    kernel,
    strides=(1, 1),
    pads=(0, 0, 0, 0),
    ceil_mode=False,
    count_include_pad=False,
    rounding: qn.Mode = "fixed_point",
) -> KernelCall:
    """quant.avgpool (fixed_point): one multiplier s_x / (s_y * count) per window count."""
    _only_fixed_point("avgpool", rounding)
    x8 = _int8(x)
    params = _pool(x8, kernel, strides, pads, ceil_mode)
    (s_x, z_x), (s_y, z_y) = xq.pair, yq.pair
    counts = np.arange(kernel[0] * kernel[1] + 1)
    # Entry 0 (no tap counts) is never read with a nonzero sum; divide by 1 there.
    rq = qn.Requant.from_scales(s_x, 1.0, s_y, divisor=np.maximum(counts, 1))
    params.update(
        count_include_pad=int(count_include_pad),
        x_zero_point=z_x,
        requant=requant_struct(rq, z_y, bounds, counts.size),
    )
    shape = (1, x8.shape[1], params["out_h"], params["out_w"])
    return KernelCall(
        "xopt_avgpool2d_s8_s8", "xopt_pool2d_params", params, (x8,), shape, np.dtype(np.int8)
    )


def global_avgpool(
    x, xq: QParams, yq: QParams, bounds: Bounds, rounding: qn.Mode = "fixed_point"
) -> KernelCall:
    """quant.global_avgpool (either rounding mode)."""
    x8 = _int8(x)
    (s_x, z_x), (s_y, z_y) = xq.pair, yq.pair
    _, c, h, w = x8.shape
    rq = qn.Requant.from_scales(s_x, 1.0, s_y, rounding, divisor=h * w)
    params = {
        "channels": c,
        "size": h * w,
        "x_zero_point": z_x,
        "requant": requant_struct(rq, z_y, bounds, 1, rounding),
    }
    return KernelCall(
        "xopt_global_avgpool_s8_s8",
        "xopt_global_avgpool_params",
        params,
        (x8,),
        (1, c, 1, 1),
        np.dtype(np.int8),
    )


def add(a, b, aq: QParams, bq: QParams, yq: QParams, bounds: Bounds, rounding="fixed_point"):
    """quant.add (fixed_point) of two tensors of one shape (no broadcasting)."""
    _only_fixed_point("add", rounding)
    a8, b8 = _int8(a), _int8(b)
    if a8.shape != b8.shape:
        raise NotImplementedError("the C add kernel takes two tensors of the same shape")
    (s_a, z_a), (s_b, z_b), (s_y, z_y) = aq.pair, bq.pair, yq.pair
    m = 2.0 * max(s_a, s_b)
    unbounded = (qn.INT32_MIN, qn.INT32_MAX)
    params = {
        "count": a8.size,
        "left_shift": ADD_LEFT_SHIFT,
        "a_zero_point": z_a,
        "b_zero_point": z_b,
        "a_rescale": requant_struct(qn.Requant.from_real(s_a / m), 0, unbounded),
        "b_rescale": requant_struct(qn.Requant.from_real(s_b / m), 0, unbounded),
        "requant": requant_struct(
            qn.Requant.from_real(m / (2.0**ADD_LEFT_SHIFT * s_y)), z_y, bounds
        ),
    }
    return KernelCall(
        "xopt_add_s8_s8", "xopt_add_params", params, (a8, b8), a8.shape, np.dtype(np.int8)
    )


def _requant_between(xq: QParams, yq: QParams, bounds: Bounds) -> dict[str, Any]:
    """quant.requantize's fixed-point multiplier s_x / s_y into y's zero point and bounds."""
    rq = qn.Requant.from_scales(xq.scale, 1.0, yq.scale)
    return requant_struct(rq, yq.pair[1], bounds)


def requantize(x, xq: QParams, yq: QParams, bounds: Bounds, rounding="fixed_point"):
    """quant.requantize (fixed_point)."""
    _only_fixed_point("requantize", rounding)
    x8 = _int8(x)
    params = {
        "count": x8.size,
        "x_zero_point": xq.pair[1],
        "requant": _requant_between(xq, yq, bounds),
    }
    return KernelCall(
        "xopt_requantize_s8_s8",
        "xopt_requantize_params",
        params,
        (x8,),
        x8.shape,
        np.dtype(np.int8),
    )


def table(x, values: Sequence[int], x_qmin: int) -> KernelCall:
    """quant.table (LUT activation)."""
    x8 = _int8(x)
    params = {"count": x8.size, "x_qmin": x_qmin, "values": _int8(np.asarray(values))}
    return KernelCall(
        "xopt_table_s8_s8", "xopt_table_params", params, (x8,), x8.shape, np.dtype(np.int8)
    )


def concat(
    xs, xqs: Sequence[QParams], yq: QParams, bounds: Bounds, axis: int, rounding="fixed_point"
):
    """quant.concat: inputs whose parameters differ from the result's are requantized."""
    xs8 = tuple(_int8(x) for x in xs)
    shape = xs8[0].shape
    axis = axis % len(shape)
    requants = [None if xq.pair == yq.pair else _requant_between(xq, yq, bounds) for xq in xqs]
    if any(r is not None for r in requants):
        _only_fixed_point("concat", rounding)
    params = {
        "num_inputs": len(xs8),
        "outer": int(np.prod(shape[:axis], dtype=np.int64)),
        "inner": int(np.prod(shape[axis + 1 :], dtype=np.int64)),
        "axis_sizes": np.array([x.shape[axis] for x in xs8], np.int32),
        "x_zero_points": np.array([xq.pair[1] for xq in xqs], np.int32),
        "requant": requants,
    }
    out_shape = (*shape[:axis], sum(x.shape[axis] for x in xs8), *shape[axis + 1 :])
    return KernelCall(
        "xopt_concat_s8_s8",
        "xopt_concat_params",
        params,
        xs8,
        out_shape,
        np.dtype(np.int8),
        input_array=True,
    )


def _nearest_table(shape, out_shape, scales, transform, nearest_mode, axis: int) -> np.ndarray:
    """The source index of each output position along spatial `axis` (2 or 3): graph.resize
    of an index ramp, so every rule of the quant executor's nearest resize holds."""
    ramp = np.broadcast_to(
        np.arange(shape[axis]).reshape([-1 if a == axis else 1 for a in range(4)]),
        (1, 1, *shape[2:]),
    )
    table = gk.resize(ramp, (1, 1, *out_shape[2:]), scales, "nearest", transform, nearest_mode)
    return table[0, 0, :, 0] if axis == 2 else table[0, 0, 0, :]


def _linear_table(size: int, out: int, scale: float, transform: str):
    """(low, high, w1, w2) of one axis: quant_numerics.resize_weights where the axis is
    interpolated, the identity with weights (1, 0) where it is not."""
    if size == out and scale == 1.0:
        index = np.arange(out)
        return index, index, np.ones(out, np.int64), np.zeros(out, np.int64)
    coords = gk_shape.source_coordinates(out, size, scale, transform)
    return qn.resize_weights(coords, size)


def _resize_struct(x8, xq, yq, bounds, out_shape, scales, mode, transform, nearest_mode):
    _, c, h, w = x8.shape
    if tuple(scales[:2]) != (1.0, 1.0) or tuple(out_shape[:2]) != (1, c):
        raise NotImplementedError("the C resize kernel resizes H and W only")
    if mode == "nearest":
        rows = _nearest_table(x8.shape, out_shape, scales, transform, nearest_mode, 2)
        cols = _nearest_table(x8.shape, out_shape, scales, transform, nearest_mode, 3)
        y_tables = (rows, rows, np.zeros_like(rows), np.zeros_like(rows))
        x_tables = (cols, cols, np.zeros_like(cols), np.zeros_like(cols))
        axes = 0
    else:
        y_tables = _linear_table(h, out_shape[2], scales[2], transform)
        x_tables = _linear_table(w, out_shape[3], scales[3], transform)
        axes = sum(not (n == m and s == 1.0) for n, m, s in zip((h, w), out_shape[2:], scales[2:]))
    if mode == "nearest":  # copies stored integers: no requantization
        rq = qn.Requant.from_real(0.0)
    else:
        divisor = 2 ** (qn.RESIZE_WEIGHT_BITS * axes)
        rq = qn.Requant.from_scales(xq.scale, 1.0, yq.scale, divisor=divisor)
    fields = {}
    for prefix, tables in (("y", y_tables), ("x", x_tables)):
        for name, table in zip(("low", "high", "w1", "w2"), tables):
            fields[f"{prefix}_{name}"] = np.asarray(table, np.int32)
    return {
        "channels": c,
        "in_h": h,
        "in_w": w,
        "out_h": out_shape[2],
        "out_w": out_shape[3],
        "linear": int(mode != "nearest"),
        **fields,
        "x_zero_point": xq.pair[1],
        "requant": requant_struct(rq, 0 if mode == "nearest" else yq.pair[1], bounds),
    }


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
    """quant.resize of H and W (nearest, or linear in fixed_point)."""
    if mode != "nearest":
        _only_fixed_point("linear resize", rounding)
    x8 = _int8(x)
    params = _resize_struct(
        x8, xq, yq, bounds, out_shape, scales, mode, coordinate_transformation_mode, nearest_mode
    )
    return KernelCall(
        "xopt_resize_s8_s8",
        "xopt_resize_params",
        params,
        (x8,),
        tuple(out_shape),
        np.dtype(np.int8),
    )


def argmax(x, axis: int, keepdims=True, select_last_index=False, out_dtype=np.int64):
    """quant.argmax (an i64 result; `out_dtype` may narrow it to i16 or i32)."""
    x8 = _int8(x)
    axis = axis % x8.ndim
    params = {
        "outer": int(np.prod(x8.shape[:axis], dtype=np.int64)),
        "axis": x8.shape[axis],
        "inner": int(np.prod(x8.shape[axis + 1 :], dtype=np.int64)),
        "select_last": int(select_last_index),
        "index_bytes": INDEX_BYTES[np.dtype(out_dtype)],
    }
    shape = x8.shape[:axis] + ((1,) if keepdims else ()) + x8.shape[axis + 1 :]
    return KernelCall(
        "xopt_argmax_s8", "xopt_argmax_params", params, (x8,), shape, np.dtype(out_dtype)
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
    if mode != "nearest":
        _only_fixed_point("linear resize_argmax", rounding)
    x8 = _int8(x)
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
        (x8,),
        shape,
        np.dtype(out_dtype),
    )
