"""Kernel calls of the quant ops that move stored integers: concat, argmax, transpose and
the movement ops of decompositions (pad, crop, phase_slice, insert_zeros, interleave).
Arguments as the quant executor's functions (`quant_kernels`, `quant_kernels_movement`), 4-D
tensors NCHW; the calls work on C layout (NHWC). transpose is the exception: it permutes a
plain row-major array (the model emitter's layout changes), so its input and output are
taken as they are. See `kernel_params`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import Bounds, QParams
from xopt.targets.c.kernel_call import (
    NHWC_FROM_NCHW,
    KernelCall,
    c_axis,
    c_int8,
    c_shape,
    int8,
    outer_axis_inner,
    refuse_rounding,
    requant_struct,
)
from xopt.targets.c.kernel_params_elementwise import dequantize_quantize_table

INDEX_BYTES = {np.dtype(np.int16): 2, np.dtype(np.int32): 4, np.dtype(np.int64): 8}
"""Index dtypes of argmax results and their `index_bytes`."""
COPY_RANK = 4
"""xopt_copy_s8 copies up to 4-D boxes."""


def concat(
    xs, xqs: Sequence[QParams], yq: QParams, bounds: Bounds, axis: int, rounding="fixed_point"
):
    """quant.concat: inputs whose parameters differ from the result's are requantized
    (fixed_point in C, float by a dequantize-quantize table per input)."""
    refuse_rounding("concat", rounding, qn.MODES)
    xs8 = tuple(int8(x) for x in xs)
    shape = xs8[0].shape
    axis = axis % len(shape)
    converted = [xq.pair != yq.pair for xq in xqs]
    fixed = rounding == "fixed_point"
    requants = [
        requant_struct(qn.Requant.from_scales(xq.scale, 1.0, yq.scale), yq.pair[1], bounds)
        if convert and fixed
        else None
        for xq, convert in zip(xqs, converted)
    ]
    tables = [
        dequantize_quantize_table(xq, yq, bounds) if convert and not fixed else None
        for xq, convert in zip(xqs, converted)
    ]
    out_shape = (*shape[:axis], sum(x.shape[axis] for x in xs8), *shape[axis + 1 :])
    outer, _, inner = outer_axis_inner(c_shape(out_shape), c_axis(axis, len(shape)))
    params = {
        "num_inputs": len(xs8),
        "outer": outer,
        "inner": inner,
        "axis_sizes": np.array([x.shape[axis] for x in xs8], np.int32),
        "x_zero_points": np.array([xq.pair[1] for xq in xqs], np.int32),
        "requant": requants,
        "tables": None if fixed else tables,
    }
    return KernelCall(
        "xopt_concat_s8_s8",
        "xopt_concat_params",
        params,
        tuple(c_int8(x) for x in xs8),
        c_shape(out_shape),
        np.dtype(np.int8),
        input_array=True,
    )


def _same_order(shape: Sequence[int], axis: int) -> bool:
    """Whether dropping `axis` from a 4-D NCHW `shape` leaves the dimensions of size > 1 in
    the same order in NCHW and NHWC (so a rank-3 result is row-major as computed)."""

    def order(axes):
        return [a for a in axes if a != axis and shape[a] > 1]

    return order(range(4)) == order(NHWC_FROM_NCHW)


def argmax(x, axis: int, keepdims=True, select_last_index=False, out_dtype=np.int64):
    """quant.argmax (an i64 result; `out_dtype` may narrow it to i16 or i32)."""
    x8 = int8(x)
    axis = axis % x8.ndim
    if x8.ndim == 4 and not keepdims and not _same_order(x8.shape, axis):
        raise NotImplementedError(
            f"the C argmax kernel drops axis {axis} of a 4-D tensor only where NHWC and NCHW "
            "order agree: keep the dimension (keepdims) or transpose first"
        )
    outer, size, inner = outer_axis_inner(c_shape(x8.shape), c_axis(axis, x8.ndim))
    params = {
        "outer": outer,
        "axis": size,
        "inner": inner,
        "select_last": int(select_last_index),
        "index_bytes": INDEX_BYTES[np.dtype(out_dtype)],
    }
    shape = x8.shape[:axis] + ((1,) if keepdims else ()) + x8.shape[axis + 1 :]
    return KernelCall(
        "xopt_argmax_s8",
        "xopt_argmax_params",
        params,
        (c_int8(x8),),
        c_shape(shape),
        np.dtype(out_dtype),
    )


# ---- strided copies (xopt_copy_s8)


def _strides(shape: Sequence[int]) -> list[int]:
    """Row-major element strides of `shape`."""
    strides, step = [], 1
    for d in reversed(shape):
        strides.append(step)
        step *= int(d)
    return strides[::-1]


def _padded(values: Sequence[int], fill: int) -> np.ndarray:
    """`values` with leading `fill` entries up to COPY_RANK, as int32."""
    values = [int(v) for v in values]
    if len(values) > COPY_RANK:
        raise NotImplementedError(f"the C copy kernel moves tensors of rank <= {COPY_RANK}")
    return np.array([fill] * (COPY_RANK - len(values)) + values, np.int32)


def _copy_call(
    x8: np.ndarray,
    box: Sequence[int],
    source: tuple[int, Sequence[int]],
    target: tuple[int, Sequence[int]],
    out_shape: Sequence[int],
    fill: int | None = None,
    output_in_c_layout: bool = True,
) -> KernelCall:
    """An xopt_copy_s8 call copying the `box` (a shape) from `source` = (offset, strides)
    of `x8` to `target` = (offset, strides) of an output of `out_shape`, first filled with
    `fill` unless it is None."""
    params: dict[str, Any] = {
        "shape": _padded(box, 1),
        "in_offset": int(source[0]),
        "in_strides": _padded(source[1], 0),
        "out_offset": int(target[0]),
        "out_strides": _padded(target[1], 0),
        "fill": int(fill is not None),
        "fill_value": int(fill or 0),
        "out_size": int(np.prod(out_shape, dtype=np.int64)),
    }
    return KernelCall(
        "xopt_copy_s8",
        "xopt_copy_params",
        params,
        (x8,),
        tuple(int(d) for d in out_shape),
        np.dtype(np.int8),
        output_in_c_layout=output_in_c_layout,
    )


def transpose(x, perm: Sequence[int]) -> KernelCall:
    """y = np.transpose(x, perm) of a plain row-major int8 array of rank <= 4 (no layout
    conversion on either side)."""
    x8 = int8(x)
    perm = [int(p) % x8.ndim for p in perm]
    if sorted(perm) != list(range(x8.ndim)):
        raise ValueError(f"{perm} is not a permutation of the {x8.ndim} axes")
    out_shape = [x8.shape[p] for p in perm]
    in_strides = _strides(x8.shape)
    source = (0, [in_strides[p] for p in perm])
    return _copy_call(
        x8, out_shape, source, (0, _strides(out_shape)), out_shape, output_in_c_layout=False
    )


def _c_order(values: Sequence[int], rank: int) -> list[int]:
    """Per-axis values of a rank-`rank` NCHW tensor in its C layout's axis order."""
    return [int(values[a]) for a in NHWC_FROM_NCHW] if rank == 4 else [int(v) for v in values]


def pad(x, pads: Sequence[int], zero_point: int) -> KernelCall:
    """quant.pad: the input copied into an output of zero points."""
    xc = c_int8(x)
    rank = xc.ndim
    begin, end = _c_order(pads[:rank], rank), _c_order(pads[rank:], rank)
    out_shape = [d + b + e for d, b, e in zip(xc.shape, begin, end)]
    out_strides = _strides(out_shape)
    offset = sum(b * s for b, s in zip(begin, out_strides))
    source = (0, _strides(xc.shape))
    return _copy_call(xc, xc.shape, source, (offset, out_strides), out_shape, zero_point)


def crop(x, crops: Sequence[int]) -> KernelCall:
    """quant.crop: the inner box of the input."""
    xc = c_int8(x)
    rank = xc.ndim
    begin, end = _c_order(crops[:rank], rank), _c_order(crops[rank:], rank)
    out_shape = [d - b - e for d, b, e in zip(xc.shape, begin, end)]
    if min(out_shape, default=1) < 0:
        raise ValueError(f"crops {list(crops)} remove more than the input's shape {x.shape}")
    in_strides = _strides(xc.shape)
    offset = sum(b * s for b, s in zip(begin, in_strides))
    return _copy_call(xc, out_shape, (offset, in_strides), (0, _strides(out_shape)), out_shape)


def phase_slice(x, offsets: Sequence[int], steps: Sequence[int], size: Sequence[int]) -> KernelCall:
    """quant.phase_slice: y[i][j] = x[a + i*s_h][b + j*s_w] of each channel (NHWC)."""
    xc = c_int8(x)
    n, h, w, c = xc.shape
    (a, b), (sh, sw), (out_h, out_w) = offsets, steps, size
    in_strides = _strides(xc.shape)
    source = ((a * w + b) * c, [in_strides[0], sh * w * c, sw * c, 1])
    out_shape = (n, out_h, out_w, c)
    return _copy_call(xc, out_shape, source, (0, _strides(out_shape)), out_shape)


def insert_zeros(x, strides: Sequence[int], zero_point: int) -> KernelCall:
    """quant.insert_zeros: the input's pixels strides apart, zero points between them."""
    xc = c_int8(x)
    n, h, w, c = xc.shape
    sh, sw = strides
    out_shape = (n, (h - 1) * sh + 1, (w - 1) * sw + 1, c)
    out_strides = _strides(out_shape)
    target = (0, [out_strides[0], sh * out_strides[1], sw * c, 1])
    return _copy_call(xc, xc.shape, (0, _strides(xc.shape)), target, out_shape, zero_point)


def interleave(phases, factors: Sequence[int], shape: Sequence[int]) -> KernelCall:
    """quant.interleave of the phases (row-major in (r_h, r_w)) into a batch-1 `shape`."""
    if int(shape[0]) != 1:
        raise NotImplementedError("the C interleave kernel takes batch 1")
    params = {
        "channels": int(shape[1]),
        "out_h": int(shape[2]),
        "out_w": int(shape[3]),
        "factor_h": int(factors[0]),
        "factor_w": int(factors[1]),
    }
    return KernelCall(
        "xopt_interleave_s8",
        "xopt_interleave_params",
        params,
        tuple(c_int8(p) for p in phases),
        c_shape(shape),
        np.dtype(np.int8),
        input_array=True,
    )
