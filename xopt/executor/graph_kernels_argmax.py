"""Numpy kernels of the accelerator forms of ArgMax: the grouped two-stage ArgMax
(`graph.argmax_groups`, `graph.argmax_select`) and ArgMax fused into Resize
(`graph.resize_argmax`). Each equals ONNX ArgMax of the same values exactly, ties included."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xopt.dialects.graph import shapes
from xopt.executor import quant_numerics as qn
from xopt.executor.graph_kernels_shape import argmax, resize, source_coordinates


def argmax_groups(
    x: np.ndarray,
    axis: int,
    group: int,
    select_last_index: bool = False,
    index_dtype=np.int64,
) -> tuple[np.ndarray, np.ndarray]:
    """Stage 1: (values, indices) of the maximum of each group of `group` entries along
    `axis` (the last group may be smaller); indices count along the whole axis."""
    axis = shapes.normalize_axis(axis, x.ndim)
    count = x.shape[axis]
    values, indices = [], []
    for start in range(0, count, group):
        part = np.take(x, np.arange(start, min(start + group, count)), axis=axis)
        local = argmax(part, axis, keepdims=True, select_last_index=select_last_index)
        values.append(np.take_along_axis(part, local, axis=axis))
        indices.append(local + start)
    return np.concatenate(values, axis=axis), np.concatenate(indices, axis=axis).astype(index_dtype)


def argmax_select(
    values: np.ndarray,
    indices: np.ndarray,
    axis: int,
    keepdims: bool = True,
    select_last_index: bool = False,
    out_dtype=np.int64,
) -> np.ndarray:
    """Stage 2: `indices` at the first (or last) largest of `values` along `axis`."""
    axis = shapes.normalize_axis(axis, values.ndim)
    best = argmax(values, axis, keepdims=True, select_last_index=select_last_index)
    y = np.take_along_axis(indices, best, axis=axis)
    if not keepdims:
        y = np.squeeze(y, axis=axis)
    return y.astype(out_dtype)


def _bilinear_taps(out: int, size: int, scale: float, transform: str):
    """(i1, i2, d1, d2) of onnxruntime's bilinear resize along one axis."""
    return qn.resize_weights_float(source_coordinates(out, size, scale, transform), size)


def _resize_argmax_linear(
    x: np.ndarray, out_hw: tuple[int, int], scales: Sequence[float], transform: str, last: bool
) -> np.ndarray:
    """(N, H', W') argmax over channels of onnxruntime's float32 bilinear resize, one output
    row (N x C x W' values) at a time."""
    n, _, h, w = x.shape
    y1, y2, dy1, dy2 = _bilinear_taps(out_hw[0], h, scales[2], transform)
    x1, x2, dx1, dx2 = _bilinear_taps(out_hw[1], w, scales[3], transform)
    out = np.empty((n, *out_hw), dtype=np.int64)
    for row in range(out_hw[0]):
        top, bottom = x[:, :, y1[row], :], x[:, :, y2[row], :]
        t = (dx1 * dy1[row]) * top[..., x1] + (dx2 * dy1[row]) * top[..., x2]
        t = t + (dx1 * dy2[row]) * bottom[..., x1]
        t = t + (dx2 * dy2[row]) * bottom[..., x2]
        out[:, row, :] = argmax(t, 1, keepdims=False, select_last_index=last)
    return out


def resize_argmax(
    x: np.ndarray,
    out_hw: Sequence[int],
    scales: Sequence[float],
    mode: str = "nearest",
    coordinate_transformation_mode: str = "half_pixel",
    nearest_mode: str = "round_prefer_floor",
    keepdims: bool = True,
    select_last_index: bool = False,
    out_dtype=np.int64,
) -> np.ndarray:
    """`ArgMax(Resize(x), axis=1)` for NCHW `x` resized to (H', W') = `out_hw`, exactly as
    onnxruntime computes it, without the N x C x H' x W' resized tensor (see
    `graph.resize_argmax`)."""
    n, _, h, w = x.shape
    out_hw = (int(out_hw[0]), int(out_hw[1]))
    if out_hw == (h, w):
        y = argmax(x, 1, keepdims=False, select_last_index=select_last_index)
    elif mode == "nearest":
        # Nearest copies pixels, so ArgMax commutes with it: resize the class map instead.
        classes = argmax(x, 1, keepdims=True, select_last_index=select_last_index)
        y = resize(
            classes, (n, 1, *out_hw), scales, mode, coordinate_transformation_mode, nearest_mode
        )[:, 0]
    elif mode == "linear":
        if x.dtype != np.float32:
            raise ValueError(f"linear resize_argmax needs float32 input, got {x.dtype}")
        y = _resize_argmax_linear(
            x, out_hw, scales, coordinate_transformation_mode, select_last_index
        )
    else:
        raise ValueError(f"unsupported resize mode '{mode}'")
    if keepdims:
        y = y[:, None]
    return np.ascontiguousarray(y.astype(out_dtype))
