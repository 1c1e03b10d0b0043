"""fuse-qdq's view of the QDQ form: what a dequantized operand is, and the pieces every
rule builds integer ops from (rounding and clamp properties, the replacement ops, the int32
bias at the accumulator scale, erasing what a rewrite leaves unused)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.dialects.builtin import StringAttr, TensorType
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.utils.exceptions import VerifyException

from xopt.dialects import graph, quant
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.base import i64_array, shape_of
from xopt.dialects.quant.types import (
    QuantizedType,
    UniformQuantizedPerAxisType,
    UniformQuantizedType,
)
from xopt.executor import quant_numerics as qn
from xopt.onnx_import.types import array_of, dense_attr

SAME_SCALE_RTOL = 1e-6
"""Relative tolerance under which a quantized bias's scale counts as the accumulator scale
s_x * s_w (both are products of float32 numbers, rounded in float32 or float64)."""


# ---- reading the QDQ form


def dequantized(value: SSAValue) -> SSAValue | None:
    """The quantized value `value` is the dequantization of, if any."""
    owner = value.owner
    return owner.input if isinstance(owner, quant.DequantizeOp) else None


def per_tensor(value: SSAValue | Attribute | None) -> UniformQuantizedType | None:
    """The per-tensor quantized element type of a tensor value or type, if it has one."""
    if value is None:
        return None
    typ = value.type if isinstance(value, SSAValue) else value
    if not isinstance(typ, TensorType):
        return None
    element = typ.get_element_type()
    return element if isinstance(element, UniformQuantizedType) else None


def activation_input(value: SSAValue) -> SSAValue | None:
    """The per-tensor quantized value behind `value = dequantize(q)`, if any."""
    q = dequantized(value)
    return q if q is not None and per_tensor(q) is not None else None


@dataclass
class Weight:
    """A constant quantized weight behind `dequantize(quant.constant)`."""

    value: SSAValue
    element: QuantizedType

    @property
    def stored(self) -> np.ndarray:
        """The stored integers (int64)."""
        owner = self.value.owner
        assert isinstance(owner, quant.ConstantOp)
        return np.asarray(array_of(owner.value), np.int64)

    def scales(self, channels: int) -> np.ndarray:
        """float64 scale of each of `channels` output channels (axis 0 if per axis)."""
        if isinstance(self.element, UniformQuantizedPerAxisType):
            return np.asarray(self.element.scales, np.float64)
        return np.full(channels, self.element.scale, np.float64)


def constant_weight(value: SSAValue | None) -> Weight | None:
    q = dequantized(value) if value is not None else None
    if q is None or not isinstance(q.owner, quant.ConstantOp):
        return None
    return Weight(q, q.type.get_element_type())


def _float_constant(value: SSAValue) -> np.ndarray | None:
    owner = value.owner
    if not isinstance(owner, graph.ConstantOp):
        return None
    array = array_of(owner.value)
    return array if array.dtype.kind == "f" else None


def _per_channel(array: np.ndarray, channels: int) -> np.ndarray | None:
    """`array` as one value per output channel: a single value (broadcast), or `channels`
    values along the last axis with all other axes of size 1."""
    if array.size == 1:
        return np.broadcast_to(array.reshape(()), (channels,))
    if array.ndim >= 1 and array.shape[-1] == channels and array.size == channels:
        return array.reshape(channels)
    return None


# ---- building the integer ops


def rounding_property(rounding: str) -> dict[str, Attribute]:
    """The `rounding` property: absent for the default `fixed_point`."""
    return {} if rounding == "fixed_point" else {"rounding": StringAttr(rounding)}


def clamp_property(
    act: ActivationAttr | None, out: UniformQuantizedType
) -> dict[str, Attribute] | None:
    """`clamp` for a fused relu or clip in the result's parameters ({} when there is no
    activation or it clamps nothing); None for activations that are not clamps."""
    if act is None:
        return {}
    if act.kind.data == "relu":
        bounds = (0.0, np.inf)
    elif act.kind.data == "clip":
        bounds = act.values
    else:
        return None
    lo, hi = qn.quantize(
        np.asarray(bounds, np.float32), out.scale, out.zero_point, out.qmin, out.qmax
    )
    if (lo, hi) == (out.qmin, out.qmax):
        return {}
    return {"clamp": i64_array([int(lo), int(hi)])}


def with_element(value: SSAValue, element: QuantizedType) -> TensorType:
    return TensorType(element, shape_of(value))


@dataclass
class Fused:
    """What replaces `quantize(float_op(...))`: the new ops, the last one's result
    replacing the quantize."""

    ops: list[Operation]

    @property
    def result(self) -> SSAValue:
        return self.ops[-1].results[0]


def single(op_class: type[Operation], operands, out_type, properties) -> Fused:
    return Fused(
        [op_class.create(operands=operands, result_types=[out_type], properties=properties)]
    )


def then_requantize(moved: Operation, out_type: TensorType, rounding: str) -> Fused:
    """An op that keeps its input's quantization, followed by a requantize to `out_type`
    when the quantize after the float op asked for other parameters."""
    if moved.results[0].type == out_type:
        return Fused([moved])
    if per_tensor(out_type) is None:
        return Fused([])
    requantize = quant.RequantizeOp.create(
        operands=[moved.results[0]], result_types=[out_type], properties=rounding_property(rounding)
    )
    return Fused([moved, requantize])


def accumulator_bias(
    value: SSAValue, acc_scales: np.ndarray, x_scale: float, w_scales: np.ndarray, beta: float
) -> np.ndarray | None:
    """`beta * value` as int32 at the accumulator scales `acc_scales[o]` (s_x * s_w[o]):
    a float constant is quantized as onnxruntime's quantizer does (scale product in float32,
    round half to even); a dequantized integer constant at the accumulator scale keeps its
    integers, any other one is requantized to that scale."""
    channels = acc_scales.size
    floats = _float_constant(value)
    if floats is not None:
        bias = _per_channel(np.asarray(floats, np.float64) * beta, channels)
        if bias is None:
            return None
        scale32 = np.float32(x_scale) * np.asarray(w_scales, np.float32)
        return _to_int32(bias / scale32.astype(np.float64))
    weight = constant_weight(value)
    if weight is None:
        return None
    element, stored = weight.element, weight.stored
    if isinstance(element, UniformQuantizedPerAxisType):
        if element.axis != stored.ndim - 1:
            return None
        scales = np.asarray(element.scales, np.float64)
        zero_points = np.asarray(element.zero_points, np.int64)
    else:
        scales = np.float64(element.scale)
        zero_points = np.int64(element.zero_point)
    centred = _per_channel(stored - zero_points, channels)
    if centred is None:
        return None
    bias_scales = np.broadcast_to(scales * beta, (channels,)).astype(np.float64)
    if np.allclose(bias_scales, acc_scales, rtol=SAME_SCALE_RTOL, atol=0.0):
        return _to_int32(centred.astype(np.float64))
    return _to_int32(centred * bias_scales / acc_scales)


def _to_int32(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), qn.INT32_MIN, qn.INT32_MAX).astype(np.int32)


def bias_constant(bias: np.ndarray | None, name: str | None) -> list[Operation]:
    if bias is None:
        return []
    const = graph.ConstantOp(dense_attr(bias))
    const.output.name_hint = name
    return [const]


def verifies(ops: list[Operation]) -> bool:
    """Whether the new ops verify (an integer op the quant dialect cannot express, such as
    a 16-bit weight, leaves the float op in place)."""
    try:
        for op in ops:
            op.verify()
    except VerifyException:
        return False
    return True


def erase_if_dead(rewriter: PatternRewriter, values) -> None:
    """Erase the dequantize, quantize and constant ops among the owners of `values` that
    have no use left, and what only they used."""
    for value in values:
        owner = value.owner
        removable = (quant.DequantizeOp, quant.QuantizeOp, quant.ConstantOp, graph.ConstantOp)
        if not isinstance(owner, removable) or owner.results[0].first_use is not None:
            continue
        operands = list(owner.operands)
        rewriter.erase(owner)
        erase_if_dead(rewriter, operands)
