"""Numpy kernels of the quant compute ops over stored integers, one function per op.

A tensor is a numpy array of its stored integers (any integer dtype); every kernel returns
int64 arrays holding the result's stored integers, which the interpreter narrows to the
storage dtype. Quantization parameters come as `QParams`; `bounds = (lo, hi)` is where a
result saturates (the op's `clamp`, else the result's storage range) and `rounding` is
"fixed_point" or "float". The arithmetic is `xopt.executor.quant_numerics` (its docstring is
the specification); the geometry (im2col, windows, resize coordinates, argmax) is the graph
kernels'. Accumulators are exact int64 and must fit int32, else `ValueError`.

    from xopt.executor import quant_kernels as qk
    xq, wq, yq = qk.QParams(0.05, 3), qk.QParams(w_scales), qk.QParams(0.1, -2)
    y = qk.conv2d(x, w, b, xq, wq, yq, bounds=(-128, 127), pads=(1, 1, 1, 1))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xopt.dialects.quant.elementwise_ops import ADD_LEFT_SHIFT
from xopt.executor import graph_kernels as gk
from xopt.executor import graph_kernels_nn as gk_nn
from xopt.executor import graph_kernels_shape as gk_shape
from xopt.executor import quant_numerics as qn


@dataclass(frozen=True)
class QParams:
    """Scale and zero point of a tensor: scalars, or 1-D arrays along the op's channel axis
    (output channels for weights)."""

    scale: float | np.ndarray
    zero_point: int | np.ndarray = 0

    @property
    def pair(self) -> tuple[float, int]:
        """(scale, zero point) of a per-tensor quantization."""
        if np.ndim(self.scale) or np.ndim(self.zero_point):
            raise ValueError("expected per-tensor quantization parameters")
        return float(self.scale), int(self.zero_point)


Bounds = tuple[int, int]


def check_int32(acc: np.ndarray) -> np.ndarray:
    """`acc` unchanged, after checking that every value fits the int32 accumulator."""
    if acc.size and (acc.min() < qn.INT32_MIN or acc.max() > qn.INT32_MAX):
        worst = int(acc.max()) if acc.max() > qn.INT32_MAX else int(acc.min())
        raise ValueError(
            f"the int32 accumulator overflows (a value is {worst}); use smaller weights, "
            "fewer input channels or a narrower input range"
        )
    return acc


def _centered(q: np.ndarray, params: QParams, axis: int | None = None) -> np.ndarray:
    """q - zero_point in int64 (per channel along `axis` for 1-D zero points)."""
    zp = np.asarray(params.zero_point, np.int64)
    if zp.ndim == 1 and axis is not None:
        shape = [1] * q.ndim
        shape[axis] = zp.size
        zp = zp.reshape(shape)
    return np.asarray(q, np.int64) - zp


def _exact(y: np.ndarray) -> np.ndarray:
    """A float64 BLAS result of integer data (exact below 2^53) back to int64."""
    return np.rint(y).astype(np.int64)


def requantize_sums(acc, x: QParams, w: QParams, y: QParams, bounds: Bounds, rounding, axis):
    """An int32 accumulator of x * w products (bias included) to y's stored integers."""
    rq = qn.Requant.from_scales(x.scale, w.scale, y.scale, rounding)
    return qn.requantize(acc, rq, y.zero_point, *bounds, mode=rounding, axis=axis)


def conv2d_sums(
    x: np.ndarray,
    w: np.ndarray,
    xq: QParams,
    wq: QParams,
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    dilations: Sequence[int] = (1, 1),
    group: int = 1,
) -> np.ndarray:
    """The int64 sums of (x - z_x) * (w - z_w) of `conv2d`, without bias (a partial sum
    when x and w hold some of the input channels)."""
    xc = _centered(x, xq).astype(np.float64)
    wc = _centered(w, wq, axis=0).astype(np.float64)
    return _exact(gk.conv2d(xc, wc, None, strides, pads, dilations, group))


def fully_connected_sums(x: np.ndarray, w: np.ndarray, xq: QParams, wq: QParams) -> np.ndarray:
    """The int64 sums of (x - z_x) * (w - z_w) of `fully_connected`, without bias."""
    xc = _centered(x, xq).astype(np.float64)
    wc = _centered(w, wq, axis=0).astype(np.float64)
    return _exact(gk.gemm(xc, wc, trans_b=True))


# ---- weights and windows


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    bias: np.ndarray | None,
    xq: QParams,
    wq: QParams,
    yq: QParams,
    bounds: Bounds,
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    dilations: Sequence[int] = (1, 1),
    group: int = 1,
    rounding: qn.Mode = "fixed_point",
) -> np.ndarray:
    """quant.conv2d: NCHW input, OIHW weights (per tensor or per output channel), i32 bias;
    padding holds z_x (contributes zero)."""
    acc = conv2d_sums(x, w, xq, wq, strides, pads, dilations, group)
    if bias is not None:
        acc = acc + np.asarray(bias, np.int64).reshape(1, -1, 1, 1)
    check_int32(acc)
    return requantize_sums(acc, xq, wq, yq, bounds, rounding, axis=1)


def fully_connected(
    x: np.ndarray,
    w: np.ndarray,
    bias: np.ndarray | None,
    xq: QParams,
    wq: QParams,
    yq: QParams,
    bounds: Bounds,
    rounding: qn.Mode = "fixed_point",
) -> np.ndarray:
    """quant.fully_connected: M x K input, N x K weights (per tensor or per row), i32 bias."""
    acc = fully_connected_sums(x, w, xq, wq)
    if bias is not None:
        acc = acc + np.asarray(bias, np.int64)
    check_int32(acc)
    return requantize_sums(acc, xq, wq, yq, bounds, rounding, axis=1)


def maxpool(
    x: np.ndarray,
    kernel: Sequence[int],
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    ceil_mode: bool = False,
) -> np.ndarray:
    """quant.maxpool: the largest stored integer of each window (padding never wins)."""
    return gk.maxpool(np.asarray(x), kernel, strides, pads, (1, 1), ceil_mode).astype(np.int64)


def avgpool(
    x: np.ndarray,
    xq: QParams,
    yq: QParams,
    bounds: Bounds,
    kernel: Sequence[int],
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    ceil_mode: bool = False,
    count_include_pad: bool = False,
    rounding: qn.Mode = "fixed_point",
) -> np.ndarray:
    """quant.avgpool: window sums of (x - z_x) over their counts (as graph.avgpool), then
    `quant_numerics.average_fixed_point` or, in float mode, onnxruntime's arithmetic."""
    (s_x, z_x), (s_y, z_y) = xq.pair, yq.pair
    whole = tuple(kernel) == tuple(np.shape(x)[2:]) and not any(pads)
    if rounding == "float" and whole:
        return global_avgpool(x, xq, yq, bounds, rounding)
    window = (kernel, strides, pads, ceil_mode, count_include_pad)
    if rounding == "float":
        total, count = gk_nn.avgpool_sums(qn.dequantize(x, s_x, z_x), *window)
        return qn.average_float(total, count, s_y, z_y, *bounds)
    total, count = gk_nn.avgpool_sums(_centered(x, xq), *window)
    check_int32(total)
    return qn.average_fixed_point(total, count, s_x, s_y, z_y, *bounds)


def global_avgpool(
    x: np.ndarray, xq: QParams, yq: QParams, bounds: Bounds, rounding: qn.Mode = "fixed_point"
) -> np.ndarray:
    """quant.global_avgpool: the sum of (x - z_x) over H x W requantized by
    s_x / (s_y * H * W)."""
    (s_x, _), (s_y, z_y) = xq.pair, yq.pair
    total = check_int32(_centered(x, xq).sum(axis=(2, 3), keepdims=True))
    count = int(np.prod(np.shape(x)[2:]))
    if rounding == "fixed_point":
        return qn.average_fixed_point(total, count, s_x, s_y, z_y, *bounds)
    rq = qn.Requant.from_scales(s_x, 1.0, s_y, "float", divisor=count)
    return qn.requantize(total, rq, z_y, *bounds, mode="float")


# ---- element-wise


def add(
    a: np.ndarray,
    b: np.ndarray,
    aq: QParams,
    bq: QParams,
    yq: QParams,
    bounds: Bounds,
    rounding: qn.Mode = "fixed_point",
) -> np.ndarray:
    """quant.add with numpy broadcasting (`quant_numerics.add`)."""
    return qn.add(a, b, aq.pair, bq.pair, yq.pair, *bounds, rounding, ADD_LEFT_SHIFT)


def mul(
    a: np.ndarray,
    b: np.ndarray,
    aq: QParams,
    bq: QParams,
    yq: QParams,
    bounds: Bounds,
    rounding: qn.Mode = "fixed_point",
) -> np.ndarray:
    """quant.mul with numpy broadcasting (`quant_numerics.mul`)."""
    return qn.mul(a, b, aq.pair, bq.pair, yq.pair, *bounds, rounding)


def requantize(
    x: np.ndarray, xq: QParams, yq: QParams, bounds: Bounds, rounding: qn.Mode = "fixed_point"
) -> np.ndarray:
    """quant.requantize: fixed point `requantize(x - z_x, s_x / s_y)`; float mode is
    onnxruntime's DequantizeLinear -> QuantizeLinear (`quant_numerics.dequantize_quantize`)."""
    if rounding == "float":
        return qn.dequantize_quantize(x, xq.pair, yq.pair, *bounds)
    rq = qn.Requant.from_scales(xq.scale, 1.0, yq.scale)
    return qn.requantize(_centered(x, xq), rq, yq.zero_point, *bounds)


def table(x: np.ndarray, values: Sequence[int], x_qmin: int) -> np.ndarray:
    """quant.table: `values[x - qmin_x]`."""
    return np.asarray(values, np.int64)[np.asarray(x, np.int64) - x_qmin]


def softmax(
    x: np.ndarray, xq: QParams, yq: QParams, bounds: Bounds, axis: int, levels: int, rounding
) -> np.ndarray:
    """quant.softmax along `axis`; `levels` counts the input's storage values."""
    return qn.softmax(x, xq.pair, yq.pair, *bounds, axis, levels, rounding)


# ---- data movement


def concat(
    xs: Sequence[np.ndarray],
    xqs: Sequence[QParams],
    yq: QParams,
    bounds: Bounds,
    axis: int,
    rounding: qn.Mode = "fixed_point",
) -> np.ndarray:
    """quant.concat: inputs with other parameters than the result are requantized first."""
    parts = []
    for x, xq in zip(xs, xqs):
        same = xq.pair == yq.pair
        parts.append(np.asarray(x, np.int64) if same else requantize(x, xq, yq, bounds, rounding))
    return gk.concat(parts, axis)


def resize(
    x: np.ndarray,
    xq: QParams,
    yq: QParams,
    bounds: Bounds,
    out_shape: Sequence[int],
    scales: Sequence[float],
    mode: str = "nearest",
    coordinate_transformation_mode: str = "half_pixel",
    nearest_mode: str = "round_prefer_floor",
    rounding: qn.Mode = "fixed_point",
) -> np.ndarray:
    """quant.resize: nearest copies stored integers (graph.resize); linear interpolates with
    `quant_numerics.resize_weights` (fixed point) or onnxruntime's float path (float)."""
    x64 = np.asarray(x, np.int64)
    if mode == "nearest":
        return gk.resize(x64, out_shape, scales, mode, coordinate_transformation_mode, nearest_mode)
    axes = [
        a
        for a, (n, m, s) in enumerate(zip(x64.shape, out_shape, scales))
        if not (n == m and s == 1.0)
    ]
    transform = coordinate_transformation_mode
    if rounding == "float":
        return _resize_linear_float(x64, xq, yq, bounds, out_shape, scales, transform)
    total = _centered(x64, xq)
    for a in axes:
        coords = gk_shape.source_coordinates(out_shape[a], x64.shape[a], scales[a], transform)
        low, high, w1, w2 = qn.resize_weights(coords, x64.shape[a])
        shape = [1] * x64.ndim
        shape[a] = out_shape[a]
        w1, w2 = w1.reshape(shape), w2.reshape(shape)
        total = np.take(total, low, axis=a) * w1 + np.take(total, high, axis=a) * w2
    check_int32(total)
    rq = qn.Requant.from_scales(
        xq.scale, 1.0, yq.scale, divisor=2 ** (qn.RESIZE_WEIGHT_BITS * len(axes))
    )
    return qn.requantize(total, rq, yq.zero_point, *bounds)


def _bilinear_axes(shape: Sequence[int], scales: Sequence[float]) -> tuple[int, int]:
    """The (y, x) axes onnxruntime's bilinear Resize interpolates: rank 2, or rank 4 with
    N and C (NCHW) or N and the last axis (NHWC) unscaled."""
    if len(shape) == 2:
        return 0, 1
    if len(shape) == 4 and scales[0] == 1.0 and scales[1] == 1.0:
        return 2, 3
    if len(shape) == 4 and scales[0] == 1.0 and scales[3] == 1.0:
        return 1, 2
    raise ValueError(
        "float rounding reproduces onnxruntime's bilinear Resize: rank 2, or rank 4 with "
        f"two unscaled outer or N and last axes; got shape {tuple(shape)}, scales {tuple(scales)}"
    )


def _resize_linear_float(x64, xq, yq, bounds, out_shape, scales, transform) -> np.ndarray:
    (s_x, z_x), (s_y, z_y) = xq.pair, yq.pair
    v = qn.dequantize(x64, s_x, z_x)
    if tuple(out_shape) == x64.shape:
        return qn.quantize(v, s_y, z_y, *bounds)
    ay, ax = _bilinear_axes(x64.shape, scales)
    weights = []
    for a in (ay, ax):
        n, m = x64.shape[a], out_shape[a]
        if scales[a] == 1.0:
            coords = np.arange(m, dtype=np.float32)
        else:
            coords = gk_shape.source_coordinates(m, n, scales[a], transform)
        weights.append(qn.resize_weights_float(coords, n))
    (y1, y2, dy1, dy2), (x1, x2, dx1, dx2) = weights

    def corner(rows, cols):
        return np.take(np.take(v, rows, axis=ay), cols, axis=ax)

    def coef(wx, wy):
        shape_x, shape_y = [1] * v.ndim, [1] * v.ndim
        shape_x[ax], shape_y[ay] = wx.size, wy.size
        return wx.reshape(shape_x) * wy.reshape(shape_y)

    t = coef(dx1, dy1) * corner(y1, x1) + coef(dx2, dy1) * corner(y1, x2)
    t = t + coef(dx1, dy2) * corner(y2, x1)
    t = t + coef(dx2, dy2) * corner(y2, x2)
    return qn.quantize(t, s_y, z_y, *bounds)


def argmax(
    x: np.ndarray, axis: int, keepdims: bool = True, select_last_index: bool = False
) -> np.ndarray:
    """quant.argmax: index of the largest stored integer (graph.argmax)."""
    return gk.argmax(np.asarray(x), axis, keepdims, select_last_index)
