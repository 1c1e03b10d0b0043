"""Numpy kernels of the graph ops that move, select or reduce data: concat, reshapes,
pad, resize, argmax and reduce_mean (ONNX semantics)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from xopt.dialects.graph import shapes


def concat(xs: Sequence[np.ndarray], axis: int) -> np.ndarray:
    """ONNX Concat along `axis`."""
    return np.concatenate(xs, axis=axis)


def reshape(x: np.ndarray, shape: Sequence[int]) -> np.ndarray:
    """Row-major reshape to the static `shape` (ONNX Reshape with its shape resolved)."""
    return x.reshape(tuple(shape))


def flatten(x: np.ndarray, axis: int) -> np.ndarray:
    """ONNX Flatten: `(prod(shape[:axis]), prod(shape[axis:]))`; a negative `axis` in
    [-rank, -1] counts from the back (`axis + rank`)."""
    if not -x.ndim <= axis <= x.ndim:
        raise ValueError(f"flatten axis {axis} is out of range for rank {x.ndim}")
    axis = axis + x.ndim if axis < 0 else axis
    return x.reshape(math.prod(x.shape[:axis]), math.prod(x.shape[axis:]))


def transpose(x: np.ndarray, perm: Sequence[int]) -> np.ndarray:
    """ONNX Transpose: `y.shape[i] = x.shape[perm[i]]`."""
    return np.ascontiguousarray(np.transpose(x, tuple(perm)))


def squeeze(x: np.ndarray, axes: Sequence[int]) -> np.ndarray:
    """ONNX Squeeze of the size-1 `axes`."""
    return np.squeeze(x, axis=shapes.normalize_axes(axes, x.ndim))


def unsqueeze(x: np.ndarray, axes: Sequence[int]) -> np.ndarray:
    """ONNX Unsqueeze: inserts size-1 `axes` (positions in the output)."""
    return np.expand_dims(x, shapes.normalize_axes(axes, x.ndim + len(axes)))


def pad(
    x: np.ndarray, pads: Sequence[int], mode: str = "constant", value: float = 0.0
) -> np.ndarray:
    """ONNX Pad with `pads = [begin_0, ..., begin_n, end_0, ..., end_n]` (non-negative);
    `mode` is constant (fill with `value`), reflect (mirror, edge not repeated) or edge."""
    rank = x.ndim
    widths = [(pads[i], pads[rank + i]) for i in range(rank)]
    if mode == "constant":
        return np.pad(x, widths, mode="constant", constant_values=x.dtype.type(value))
    if mode in ("reflect", "edge"):
        return np.pad(x, widths, mode=mode)
    raise ValueError(f"unsupported pad mode '{mode}'")


def source_coordinates(out: int, size: int, scale: float, transform: str) -> np.ndarray:
    """Input coordinate of each of `out` output indices along an axis of `size`, by the
    coordinate transformation mode, in float32 like onnxruntime (its rounding decides
    nearest-neighbour ties and the quant level's linear weights)."""
    f = np.float32
    o = np.arange(out, dtype=f)
    if transform == "half_pixel":
        return (o + f(0.5)) / f(scale) - f(0.5)
    if transform == "pytorch_half_pixel":
        return (o + f(0.5)) / f(scale) - f(0.5) if out > 1 else np.zeros(out, dtype=f)
    if transform == "align_corners":
        return o * f(size - 1) / f(out - 1) if out > 1 else np.zeros(out, dtype=f)
    if transform == "asymmetric":
        return o / f(scale)
    raise ValueError(f"unsupported coordinate_transformation_mode '{transform}'")


NEAREST_TIE_TOLERANCE = 1e-6
"""A coordinate within this distance of a half-way point rounds as a tie: the float32
coordinate of an exact tie (e.g. 3.5 = 1 / (2/7)) can miss it by an ulp. onnxruntime uses
the same tolerance (since microsoft/onnxruntime#28291)."""


def _nearest_indices(coords: np.ndarray, size: int, nearest_mode: str) -> np.ndarray:
    """Input index of each coordinate by `nearest_mode`, clamped to [0, size-1]."""
    c = coords.astype(np.float64)
    low = np.floor(c)
    if nearest_mode in ("round_prefer_floor", "round_prefer_ceil"):
        fraction = c - low
        tie = np.abs(fraction - 0.5) <= NEAREST_TIE_TOLERANCE
        tie_index = low + 1 if nearest_mode == "round_prefer_ceil" else low
        index = np.where(tie, tie_index, np.where(fraction > 0.5, low + 1, low))
    elif nearest_mode == "floor":
        index = low
    elif nearest_mode == "ceil":
        index = np.ceil(c)
    else:
        raise ValueError(f"unsupported nearest_mode '{nearest_mode}'")
    return np.clip(index, 0, size - 1).astype(np.int64)


def _linear_axis(y: np.ndarray, axis: int, coords: np.ndarray, size: int) -> np.ndarray:
    """Two-tap linear interpolation of `y` along `axis` at `coords` (clamped to [0, n-1])."""
    c = np.clip(coords, np.float32(0), np.float32(size - 1))
    low = np.floor(c).astype(np.int64)
    high = np.minimum(low + 1, size - 1)
    w_high = (c - low.astype(np.float32)).astype(y.dtype)
    w_low = (1 - w_high).astype(y.dtype)
    weight_shape = [1] * y.ndim
    weight_shape[axis] = len(coords)
    lower = np.take(y, low, axis=axis) * w_low.reshape(weight_shape)
    upper = np.take(y, high, axis=axis) * w_high.reshape(weight_shape)
    return lower + upper


def resize(
    x: np.ndarray,
    out_shape: Sequence[int],
    scales: Sequence[float],
    mode: str = "nearest",
    coordinate_transformation_mode: str = "half_pixel",
    nearest_mode: str = "round_prefer_floor",
) -> np.ndarray:
    """ONNX Resize (nearest or linear), applied separably one axis at a time.

    Each axis maps output index `o` to an input coordinate by the coordinate
    transformation mode (see `graph.resize`); nearest rounds it by `nearest_mode` and
    clamps to [0, n-1], linear clamps it to [0, n-1] and blends the two neighbours.
    Axes with scale 1 and unchanged size are the identity and are skipped; a resize that
    changes no size at all is a copy whatever the scales (as in onnxruntime; ONNX's formula
    would shift an axis whose scale is not 1).

    Integer tensors in linear mode are interpolated in float32 and truncated toward zero
    like a C cast (onnxruntime blends all taps in one expression, so it can differ by 1
    where a blend is within float rounding of an integer).
    """
    if mode not in ("nearest", "linear"):
        raise ValueError(f"unsupported resize mode '{mode}'")
    if mode == "linear" and not np.issubdtype(x.dtype, np.floating):
        y = resize(x.astype(np.float32), out_shape, scales, mode, coordinate_transformation_mode)
        return np.trunc(y).astype(x.dtype)
    if tuple(out_shape) == x.shape:
        return x.copy()
    y = x
    for axis, (size, out, scale) in enumerate(zip(x.shape, out_shape, scales)):
        if size == out and scale == 1.0:
            continue
        coords = source_coordinates(out, size, scale, coordinate_transformation_mode)
        if mode == "nearest":
            y = np.take(y, _nearest_indices(coords, size, nearest_mode), axis=axis)
        else:
            y = _linear_axis(y, axis, coords, size)
    return np.ascontiguousarray(y)


def argmax(
    x: np.ndarray, axis: int, keepdims: bool = True, select_last_index: bool = False
) -> np.ndarray:
    """ONNX ArgMax (int64 indices); ties pick the first index, or the last with
    `select_last_index`."""
    axis = shapes.normalize_axis(axis, x.ndim)
    if select_last_index:
        index = x.shape[axis] - 1 - np.argmax(np.flip(x, axis=axis), axis=axis)
    else:
        index = np.argmax(x, axis=axis)
    if keepdims:
        index = np.expand_dims(index, axis)
    return np.asarray(index, dtype=np.int64)


def reduce_mean(x: np.ndarray, axes: Sequence[int] = (), keepdims: bool = True) -> np.ndarray:
    """ONNX ReduceMean over `axes` (all axes when empty), floats in `sequential_mean`'s
    order."""
    axis = shapes.normalize_axes(axes, x.ndim) if axes else tuple(range(x.ndim))
    return sequential_mean(x, tuple(axis), keepdims)


def sequential_mean(x: np.ndarray, axes: Sequence[int], keepdims: bool) -> np.ndarray:
    """The mean over the (non-negative) `axes`: for each kept index, the sum of the reduced
    elements added one at a time in `x`'s dtype, in row-major order of the reduced axes
    (ascending), from the first element (as from -0.0), then divided by their count.

    The order is stated because float sums depend on it: numpy's own mean adds pairwise in
    blocks that depend on the memory layout, which no C loop reproduces; the C targets'
    xopt_reduce_mean_f32 follows this order bit for bit. Integer `x` keeps numpy's mean."""
    axes = sorted(int(a) for a in axes)
    if not np.issubdtype(x.dtype, np.floating):
        return np.asarray(x.mean(axis=tuple(axes), keepdims=keepdims, dtype=x.dtype))
    kept = [a for a in range(x.ndim) if a not in axes]
    count = math.prod(x.shape[a] for a in axes)
    rows = np.transpose(x, kept + axes).reshape(-1, count)
    if count:
        total = np.add.accumulate(rows, axis=1, dtype=x.dtype)[:, -1]
    else:
        total = np.zeros(rows.shape[0], x.dtype)
    mean = total / x.dtype.type(count)
    if keepdims:
        return mean.reshape([1 if a in axes else d for a, d in enumerate(x.shape)])
    return mean.reshape([x.shape[a] for a in kept])
