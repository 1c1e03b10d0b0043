"""Kernel calls of the element-wise quant ops (add, mul, requantize, table, softmax) and of
the model boundary (quantize: float NCHW to int8 NHWC; dequantize: int8 C layout to float
NCHW). Arguments as `xopt.executor.quant_kernels`' functions; see `kernel_params`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from xopt.dialects.quant.elementwise_ops import ADD_LEFT_SHIFT
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import Bounds, QParams
from xopt.targets.c.kernel_call import (
    KernelCall,
    c_axis,
    c_int8,
    c_shape,
    int8,
    outer_axis_inner,
    refuse_rounding,
    requant_struct,
    to_c_layout,
)

INT8_LEVELS = np.arange(-128, 128)
"""Every int8 stored integer: the index range of a 256-entry table."""
f32 = np.float32


def _add_float_fields(aq: QParams, bq: QParams, yq: QParams) -> dict[str, Any]:
    """onnxruntime's QLinearAdd constants (quant_numerics.add, float mode) in float32."""
    (s_a, z_a), (s_b, z_b), (s_y, z_y) = aq.pair, bq.pair, yq.pair
    a_real, b_real = f32(s_a) / f32(s_y), f32(s_b) / f32(s_y)
    offset = f32(z_y) - qn.fma_f32(a_real, z_a, b_real * f32(z_b))
    return {"a_real": float(a_real), "b_real": float(b_real), "offset": float(offset)}


def add(a, b, aq: QParams, bq: QParams, yq: QParams, bounds: Bounds, rounding="fixed_point"):
    """quant.add of two tensors of one shape (no broadcasting), either rounding mode."""
    refuse_rounding("add", rounding, qn.MODES)
    a8, b8 = int8(a), int8(b)
    if a8.shape != b8.shape:
        raise NotImplementedError("the C add kernel takes two tensors of the same shape")
    if rounding == "float" and qn._span_scalar_is_lhs(a8.shape, b8.shape):
        a8, b8, aq, bq = b8, a8, bq, aq  # onnxruntime's operand order (quant_numerics.add)
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
        "float_rounding": int(rounding == "float"),
        **_add_float_fields(aq, bq, yq),  # read in float rounding only
    }
    inputs = (to_c_layout(a8), to_c_layout(b8))
    return KernelCall(
        "xopt_add_s8_s8", "xopt_add_params", params, inputs, c_shape(a8.shape), np.dtype(np.int8)
    )


def _broadcast_suffix(small: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """`small`'s values in C layout when, broadcast to `shape`, they repeat along the C
    layout's outer dimensions only (a scalar, a per-channel vector, a same-shape tensor);
    else None."""
    full = (1,) * (len(shape) - small.ndim) + small.shape
    if len(full) != len(shape):
        return None
    small_c, out_c = c_shape(full), c_shape(shape)
    kept = len(small_c)
    while kept and small_c[len(small_c) - kept] == 1:
        kept -= 1
    if kept and small_c[len(small_c) - kept :] != out_c[len(out_c) - kept :]:
        return None
    return to_c_layout(small.reshape(full)).reshape(-1)


def mul(a, b, aq: QParams, bq: QParams, yq: QParams, bounds: Bounds, rounding="fixed_point"):
    """quant.mul, either rounding mode, of two tensors of one shape or of a tensor and a
    scalar or per-channel operand (whichever side); other broadcasts are refused."""
    refuse_rounding("mul", rounding, qn.MODES)
    a8, b8 = int8(a), int8(b)
    shape = np.broadcast_shapes(a8.shape, b8.shape)
    if a8.shape != shape:  # the product is symmetric: keep the full-size operand first
        a8, b8, aq, bq = b8, a8, bq, aq
    b_values = _broadcast_suffix(b8, shape) if a8.shape == shape else None
    if b_values is None:
        raise NotImplementedError(
            f"the C mul kernel broadcasts a scalar or per-channel operand only, "
            f"got shapes {a8.shape} and {b8.shape}"
        )
    (s_a, z_a), (s_b, z_b), (s_y, z_y) = aq.pair, bq.pair, yq.pair
    rq = qn.Requant.from_scales(s_a, s_b, s_y, rounding)
    params = {
        "count": a8.size,
        "b_count": b_values.size,
        "a_zero_point": z_a,
        "b_zero_point": z_b,
        "requant": requant_struct(rq, z_y, bounds, 1, rounding),
    }
    inputs = (to_c_layout(a8), np.ascontiguousarray(b_values))
    return KernelCall(
        "xopt_mul_s8_s8", "xopt_mul_params", params, inputs, c_shape(shape), np.dtype(np.int8)
    )


def elementwise_call(function: str, params_type: str, params: dict, x8: np.ndarray):
    """The call of a one-input kernel whose int8 output has the input's shape and layout."""
    return KernelCall(
        function, params_type, params, (to_c_layout(x8),), c_shape(x8.shape), np.dtype(np.int8)
    )


def requantize(x, xq: QParams, yq: QParams, bounds: Bounds, rounding="fixed_point"):
    """quant.requantize: fixed_point in C; float (a dequantize-quantize of each of the 256
    int8 values) as a `table` the compiler evaluates."""
    refuse_rounding("requantize", rounding, qn.MODES)
    if rounding == "float":
        return table(x, dequantize_quantize_table(xq, yq, bounds), -128)
    x8 = int8(x)
    rq = qn.Requant.from_scales(xq.scale, 1.0, yq.scale)
    params = {
        "count": x8.size,
        "x_zero_point": xq.pair[1],
        "requant": requant_struct(rq, yq.pair[1], bounds),
    }
    return elementwise_call("xopt_requantize_s8_s8", "xopt_requantize_params", params, x8)


def dequantize_quantize_table(xq: QParams, yq: QParams, bounds: Bounds) -> np.ndarray:
    """quant_numerics.dequantize_quantize of every int8 value (float rounding's requantize)."""
    return qn.dequantize_quantize(INT8_LEVELS, xq.pair, yq.pair, *bounds).astype(np.int8)


def table(x, values: Sequence[int], x_qmin: int) -> KernelCall:
    """quant.table (LUT activation)."""
    x8 = int8(x)
    params = {"count": x8.size, "x_qmin": x_qmin, "values": int8(np.asarray(values))}
    return elementwise_call("xopt_table_s8_s8", "xopt_table_params", params, x8)


def softmax(x, xq: QParams, yq: QParams, bounds: Bounds, axis: int, levels: int, rounding):
    """quant.softmax along `axis` from quant_numerics' exponential table (either mode)."""
    refuse_rounding("softmax", rounding, qn.MODES)
    x8 = int8(x)
    (s_x, _), (s_y, z_y) = xq.pair, yq.pair
    length = x8.shape[axis]
    if length > qn.SOFTMAX_MAX_LENGTH or levels > 256:
        raise ValueError(
            f"softmax over {length} values of {levels} levels: the C kernel takes at most "
            f"{qn.SOFTMAX_MAX_LENGTH} values of at most 256 levels"
        )
    exp = np.zeros(256, np.float64)  # j = max - x < levels; entries beyond are unreachable
    exp[:levels] = qn.softmax_exp_table(s_x, levels, rounding, length)
    fixed = rounding == "fixed_point"
    outer, size, inner = outer_axis_inner(c_shape(x8.shape), c_axis(axis, x8.ndim))
    params = {
        "outer": outer,
        "axis": size,
        "inner": inner,
        "exp_fixed": exp.astype(np.int32) if fixed else None,
        "exp_float": None if fixed else exp.astype(np.float32),
        "output_shift": qn.softmax_output_shift(s_y),
        "factor": float(f32(np.floor(f32(1.0) / f32(s_y)))),
        "zero_point": z_y,
        "lo": bounds[0],
        "hi": bounds[1],
    }
    return elementwise_call("xopt_softmax_s8_s8", "xopt_softmax_params", params, x8)


def _boundary_params(shape, q: QParams, what: str) -> dict[str, Any]:
    """The [channels][inner] view of an NCHW tensor (1 x size for other ranks)."""
    if np.ndim(q.scale) or np.ndim(q.zero_point):
        raise NotImplementedError(
            f"the C {what} kernel takes per-tensor parameters; per-axis ones are not supported"
        )
    if len(shape) == 4 and shape[0] != 1:
        raise NotImplementedError(f"the C {what} kernel takes a batch of 1, got {shape[0]}")
    size = int(np.prod(shape, dtype=np.int64))
    count = int(shape[1]) if len(shape) == 4 else 1
    return {
        "channels": count,
        "inner": size // max(count, 1),
        "scale": float(f32(q.scale)),
        "zero_point": int(q.zero_point),
    }


def quantize(x, yq: QParams, bounds: Bounds) -> KernelCall:
    """quant.quantize of a float NCHW tensor into int8 in C layout (per tensor)."""
    x32 = np.ascontiguousarray(x, np.float32)
    params = _boundary_params(x32.shape, yq, "quantize")
    params.update(lo=int(bounds[0]), hi=int(bounds[1]))
    return KernelCall(
        "xopt_quantize_f32_s8",
        "xopt_quantize_params",
        params,
        (x32,),
        c_shape(x32.shape),
        np.dtype(np.int8),
    )


def dequantize(x, xq: QParams) -> KernelCall:
    """quant.dequantize of int8 in C layout into a float NCHW tensor (per tensor)."""
    x8 = int8(x)
    params = _boundary_params(x8.shape, xq, "dequantize")
    params.update(lo=-128, hi=127)  # unused by dequantize
    return KernelCall(
        "xopt_dequantize_s8_f32",
        "xopt_quantize_params",
        params,
        (c_int8(x8),),
        x8.shape,
        np.dtype(np.float32),
        output_in_c_layout=False,
    )
