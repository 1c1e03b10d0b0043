"""Numpy kernels of the graph ops with weights or windows: convolutions, gemm/matmul,
pooling and normalisation (ONNX semantics, NCHW activations, OIHW weights).

Every kernel takes numpy arrays and plain Python parameters, never modifies its inputs and
returns a new array of the input's dtype. Convolutions are im2col + one float32 BLAS matmul
per call (all groups in one batched `np.matmul`), as onnxruntime accumulates in float32;
pooling loops over the kernel taps with whole-tensor numpy operations, never over pixels.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from xopt.dialects.graph import shapes
from xopt.executor.graph_kernels_shape import sequential_mean


def _pad_spatial(x: np.ndarray, pads: Sequence[int], fill: float | int) -> np.ndarray:
    """`x` (N, C, H, W) padded by `pads = [top, left, bottom, right]` with `fill`."""
    top, left, bottom, right = pads
    if not any(pads):
        return x
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=fill)


def _taps(start: int, count: int, step: int) -> slice:
    """The slice of `count` positions `start, start + step, ...`."""
    return slice(start, start + (count - 1) * step + 1, step)


def _add_bias(y: np.ndarray, b: np.ndarray | None) -> np.ndarray:
    if b is None:
        return y
    y += b.reshape(1, -1, *([1] * (y.ndim - 2)))
    return y


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    dilations: Sequence[int] = (1, 1),
    group: int = 1,
) -> np.ndarray:
    """ONNX Conv: `x` (N, C, H, W), `w` (O, C/group, kH, kW), optional bias `b` (O,);
    `pads = [top, left, bottom, right]`."""
    n, c = x.shape[:2]
    o, cg, kh, kw = w.shape
    og = o // group
    (sh, sw), (dh, dw) = strides, dilations
    xp = _pad_spatial(x, pads, 0)
    oh = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    if cg == 1 and (kh > 1 or kw > 1):
        y = _depthwise(xp, w, og, (oh, ow), strides, dilations)
    elif kh == 1 and kw == 1:
        cols = xp[:, :, _taps(0, oh, sh), _taps(0, ow, sw)].reshape(n, group, cg, oh * ow)
        y = np.matmul(w.reshape(group, og, cg), cols).reshape(n, o, oh, ow)
    else:
        window = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
        view = sliding_window_view(xp, window, axis=(2, 3))[:, :, ::sh, ::sw, ::dh, ::dw]
        view = view.reshape(n, group, cg, oh, ow, kh, kw)
        # (group, cg, kh, kw, n, oh, ow): the copy reads along ow, the fastest input axis.
        cols = np.ascontiguousarray(view.transpose(1, 2, 5, 6, 0, 3, 4))
        cols = cols.reshape(group, cg * kh * kw, n * oh * ow)
        y = np.matmul(w.reshape(group, og, cg * kh * kw), cols)
        y = y.reshape(group, og, n, oh, ow).transpose(2, 0, 1, 3, 4).reshape(n, o, oh, ow)
    return _add_bias(np.ascontiguousarray(y), b)


def _depthwise(
    xp: np.ndarray,
    w: np.ndarray,
    multiplier: int,
    out: tuple[int, int],
    strides: Sequence[int],
    dilations: Sequence[int],
) -> np.ndarray:
    """Conv with one input channel per group: a multiply-add per kernel tap over the whole
    tensor (no im2col copy). `xp` is already padded."""
    if multiplier > 1:
        xp = np.repeat(xp, multiplier, axis=1)
    o, _, kh, kw = w.shape
    y = np.zeros((xp.shape[0], o, *out), dtype=np.result_type(xp, w))
    for i in range(kh):
        for j in range(kw):
            rows = _taps(i * dilations[0], out[0], strides[0])
            cols = _taps(j * dilations[1], out[1], strides[1])
            y += xp[:, :, rows, cols] * w[:, 0, i, j].reshape(1, o, 1, 1)
    return y


def conv_transpose2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    dilations: Sequence[int] = (1, 1),
    output_padding: Sequence[int] = (0, 0),
    group: int = 1,
) -> np.ndarray:
    """ONNX ConvTranspose: `x` (N, C, H, W), `w` (C, O/group, kH, kW), optional bias (O,).

    One matmul gives every input pixel's contribution to each kernel tap (col2im form);
    each tap is then scatter-added into the full output with a strided slice, and the
    result cropped by `pads = [top, left, bottom, right]`.
    """
    n, c, h, wd = x.shape
    _, og, kh, kw = w.shape
    cg = c // group
    (sh, sw), (dh, dw) = strides, dilations
    wg = w.reshape(group, cg, og * kh * kw).transpose(0, 2, 1)
    xg = x.reshape(n, group, cg, h * wd).transpose(1, 2, 0, 3).reshape(group, cg, n * h * wd)
    contrib = np.matmul(wg, xg).reshape(group, og, kh, kw, n, h, wd)
    full_h = sh * (h - 1) + dh * (kh - 1) + 1 + output_padding[0]
    full_w = sw * (wd - 1) + dw * (kw - 1) + 1 + output_padding[1]
    full = np.zeros((n, group, og, full_h, full_w), dtype=contrib.dtype)
    for i in range(kh):
        for j in range(kw):
            tap = contrib[:, :, i, j].transpose(2, 0, 1, 3, 4)
            full[:, :, :, _taps(i * dh, h, sh), _taps(j * dw, wd, sw)] += tap
    top, left, bottom, right = pads
    y = full.reshape(n, group * og, full_h, full_w)[
        :, :, top : full_h - bottom, left : full_w - right
    ]
    return _add_bias(np.ascontiguousarray(y), b)


def gemm(
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray | None = None,
    alpha: float = 1.0,
    beta: float = 1.0,
    trans_a: bool = False,
    trans_b: bool = False,
) -> np.ndarray:
    """ONNX Gemm: `alpha * A' @ B' + beta * C` (A' = A^T when `trans_a`, B' likewise)."""
    y = np.matmul(a.T if trans_a else a, b.T if trans_b else b)
    if alpha != 1.0:
        y *= y.dtype.type(alpha)
    if c is not None and beta != 0.0:
        y += c if beta == 1.0 else c * c.dtype.type(beta)
    return y


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ONNX MatMul (numpy.matmul semantics, batched with broadcasting)."""
    return np.matmul(a, b)


def _pool_geometry(
    x: np.ndarray,
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    ceil_mode: bool,
) -> tuple[tuple[int, int], tuple[int, int, int, int]]:
    """Output size and the padding that covers every window (ceil_mode may need more end
    padding than `pads`; windows never read beyond it)."""
    out = tuple(
        shapes.sliding_window(
            x.shape[2 + i], kernel[i], strides[i], pads[i], pads[2 + i], dilations[i], ceil_mode
        )
        for i in range(2)
    )
    end = tuple(
        max(
            0,
            (out[i] - 1) * strides[i]
            + dilations[i] * (kernel[i] - 1)
            + 1
            - x.shape[2 + i]
            - pads[i],
        )
        for i in range(2)
    )
    return out, (pads[0], pads[1], end[0], end[1])


def maxpool(
    x: np.ndarray,
    kernel: Sequence[int],
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    dilations: Sequence[int] = (1, 1),
    ceil_mode: bool = False,
) -> np.ndarray:
    """ONNX MaxPool (single output) on NCHW; padded positions never win. They hold the
    dtype's lowest finite value, as in onnxruntime, so that a window lying entirely in the
    padding (possible with dilation) yields that value rather than -inf."""
    out, full_pads = _pool_geometry(x, kernel, strides, pads, dilations, ceil_mode)
    info = np.finfo(x.dtype) if np.issubdtype(x.dtype, np.floating) else np.iinfo(x.dtype)
    fill = info.min
    xp = _pad_spatial(x, full_pads, fill)
    y = None
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            tap = xp[
                :,
                :,
                _taps(i * dilations[0], out[0], strides[0]),
                _taps(j * dilations[1], out[1], strides[1]),
            ]
            y = tap.copy() if y is None else np.maximum(y, tap, out=y)
    assert y is not None
    return y


def _window_counts(
    size: int, kernel: int, stride: int, pads: tuple[int, int], out: int, include_pad: bool
) -> np.ndarray:
    """For each of `out` windows along one axis, how many taps the average divides by:
    taps inside the input, or inside input + explicit pads with `include_pad` (positions
    that exist only because of ceil_mode never count)."""
    taps = np.arange(out)[:, None] * stride - pads[0] + np.arange(kernel)[None, :]
    low, high = (-pads[0], size + pads[1]) if include_pad else (0, size)
    return ((taps >= low) & (taps < high)).sum(axis=1)


def avgpool_sums(
    x: np.ndarray,
    kernel: Sequence[int],
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    ceil_mode: bool = False,
    count_include_pad: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """AveragePool's two halves on NCHW: the window sums (in `x`'s dtype, each the taps
    added row by row to zero; padding adds zeros) and the (out_h, out_w) int64 counts they
    are divided by (see `avgpool`). Integer `x` gives exact sums."""
    out, full_pads = _pool_geometry(x, kernel, strides, pads, (1, 1), ceil_mode)
    xp = _pad_spatial(x, full_pads, 0)
    total = np.zeros((*x.shape[:2], *out), dtype=x.dtype)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            total += xp[:, :, _taps(i, out[0], strides[0]), _taps(j, out[1], strides[1])]
    counts = [
        _window_counts(
            x.shape[2 + a], kernel[a], strides[a], (pads[a], pads[2 + a]), out[a], count_include_pad
        )
        for a in range(2)
    ]
    return total, np.outer(counts[0], counts[1]).astype(np.int64)


def avgpool(
    x: np.ndarray,
    kernel: Sequence[int],
    strides: Sequence[int] = (1, 1),
    pads: Sequence[int] = (0, 0, 0, 0),
    ceil_mode: bool = False,
    count_include_pad: bool = False,
) -> np.ndarray:
    """ONNX AveragePool on NCHW: the window sum divided by the number of input positions
    (or, with `count_include_pad`, of input plus explicit pad positions)."""
    total, counts = avgpool_sums(x, kernel, strides, pads, ceil_mode, count_include_pad)
    return total / counts.astype(x.dtype)


def global_avgpool(x: np.ndarray) -> np.ndarray:
    """ONNX GlobalAveragePool: mean over all spatial axes, keeping them as size 1, summed
    in `sequential_mean`'s stated order (row by row)."""
    return sequential_mean(x, tuple(range(2, x.ndim)), keepdims=True)


def batch_norm(
    x: np.ndarray,
    scale: np.ndarray,
    bias: np.ndarray,
    mean: np.ndarray,
    var: np.ndarray,
    epsilon: float,
) -> np.ndarray:
    """ONNX BatchNormalization (inference): per-channel (axis 1)
    `scale * (x - mean) / sqrt(var + epsilon) + bias`."""
    shape = (1, -1, *([1] * (x.ndim - 2)))
    factor = scale / np.sqrt(var + var.dtype.type(epsilon))
    return (x - mean.reshape(shape)) * factor.reshape(shape) + bias.reshape(shape)


def lrn(x: np.ndarray, size: int, alpha: float, beta: float, bias: float) -> np.ndarray:
    """ONNX LRN: `x / (bias + alpha/size * sum of x^2 over a window of channels)^beta`,
    the window being `[c - floor((size-1)/2), c + ceil((size-1)/2)]`, summed from 0 in
    ascending channel order.

    The power is computed in float64 and rounded once to the input's dtype. A float32 powf
    is not correctly rounded and differs between libms (numpy's own SIMD code on x86-64,
    glibc on aarch64), so the C targets could not match it; float64 pow is within about
    one double ulp in every libm, so rounding it to float32 gives the same float32 except
    when the exact power lies within ~2^-29 (relative) of a float32 rounding boundary."""
    channels = x.shape[1]
    before = (size - 1) // 2
    squares = np.pad(x * x, [(0, 0), (before, size - 1 - before)] + [(0, 0)] * (x.ndim - 2))
    total = np.zeros_like(x)
    for k in range(size):
        total += squares[:, k : k + channels]
    t = x.dtype.type
    base = t(bias) + t(alpha / size) * total
    return x / (base.astype(np.float64) ** np.float64(t(beta))).astype(x.dtype)
