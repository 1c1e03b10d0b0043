"""`fuse-qdq`: turn float ops between dequantize and quantize into integer `quant` ops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import (
    IntegerType,
    ModuleOp,
    Signedness,
    StringAttr,
    TensorType,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.utils.exceptions import VerifyException

from xopt.dialects import graph, quant
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.base import i64_array, ints, shape_of
from xopt.dialects.quant.base import ROUNDING_MODES
from xopt.dialects.quant.elementwise_ops import TABLE_MAX_BITS
from xopt.dialects.quant.types import (
    QuantizedType,
    UniformQuantizedPerAxisType,
    UniformQuantizedType,
)
from xopt.executor import graph_kernels as gk
from xopt.executor import quant_numerics as qn
from xopt.onnx_import.types import array_of, dense_attr, numpy_dtype_of

FALLBACK = "xopt.fallback"
"""An op with this attribute stays in float (set by the quantizer's FP32 fallback)."""

SAME_SCALE_RTOL = 1e-6
"""Relative tolerance under which a quantized bias's scale counts as the accumulator scale
s_x * s_w (both are products of float32 numbers, rounded in float32 or float64)."""

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


# ---- reading the QDQ form


def _dequantized(value: SSAValue) -> SSAValue | None:
    """The quantized value `value` is the dequantization of, if any."""
    owner = value.owner
    return owner.input if isinstance(owner, quant.DequantizeOp) else None


def _per_tensor(value: SSAValue | Attribute | None) -> UniformQuantizedType | None:
    """The per-tensor quantized element type of a tensor value or type, if it has one."""
    if value is None:
        return None
    typ = value.type if isinstance(value, SSAValue) else value
    if not isinstance(typ, TensorType):
        return None
    element = typ.get_element_type()
    return element if isinstance(element, UniformQuantizedType) else None


def _activation_input(value: SSAValue) -> SSAValue | None:
    """The per-tensor quantized value behind `value = dequantize(q)`, if any."""
    q = _dequantized(value)
    return q if q is not None and _per_tensor(q) is not None else None


@dataclass
class _Weight:
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


def _constant_weight(value: SSAValue | None) -> _Weight | None:
    q = _dequantized(value) if value is not None else None
    if q is None or not isinstance(q.owner, quant.ConstantOp):
        return None
    return _Weight(q, q.type.get_element_type())


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


def _rounding(rounding: str) -> dict[str, Attribute]:
    """The `rounding` property: absent for the default `fixed_point`."""
    return {} if rounding == "fixed_point" else {"rounding": StringAttr(rounding)}


def _clamp(act: ActivationAttr | None, out: UniformQuantizedType) -> dict[str, Attribute] | None:
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


def _with_element(value: SSAValue, element: QuantizedType) -> TensorType:
    return TensorType(element, shape_of(value))


@dataclass
class _Fused:
    """What replaces `quantize(float_op(...))`: the new ops, the last one's result
    replacing the quantize."""

    ops: list[Operation]

    @property
    def result(self) -> SSAValue:
        return self.ops[-1].results[0]


def _single(op_class: type[Operation], operands, out_type, properties) -> _Fused:
    return _Fused(
        [op_class.create(operands=operands, result_types=[out_type], properties=properties)]
    )


def _then_requantize(moved: Operation, out_type: TensorType, rounding: str) -> _Fused:
    """An op that keeps its input's quantization, followed by a requantize to `out_type`
    when the quantize after the float op asked for other parameters."""
    if moved.results[0].type == out_type:
        return _Fused([moved])
    if _per_tensor(out_type) is None:
        return _Fused([])
    requantize = quant.RequantizeOp.create(
        operands=[moved.results[0]], result_types=[out_type], properties=_rounding(rounding)
    )
    return _Fused([moved, requantize])


def _accumulator_bias(
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
    weight = _constant_weight(value)
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
    return np.clip(np.rint(values), INT32_MIN, INT32_MAX).astype(np.int32)


def _bias_constant(bias: np.ndarray | None, name: str | None) -> list[Operation]:
    if bias is None:
        return []
    const = graph.ConstantOp(dense_attr(bias))
    const.output.name_hint = name
    return [const]


# ---- one function per float op: the integer ops replacing `quantize(op(...))`, or None


def _fuse_conv(op: graph.Conv2dOp, out_type: TensorType, rounding: str) -> _Fused | None:
    x, w, out = _activation_input(op.input), _constant_weight(op.weight), _per_tensor(out_type)
    clamp = _clamp(op.activation, out) if out is not None else None
    if x is None or w is None or clamp is None:
        return None
    channels = shape_of(op.weight)[0]
    x_scale = _per_tensor(x).scale
    w_scales = w.scales(channels)
    bias_ops: list[Operation] = []
    if op.bias is not None:
        bias = _accumulator_bias(op.bias, x_scale * w_scales, x_scale, w_scales, 1.0)
        if bias is None:
            return None
        bias_ops = _bias_constant(bias, op.bias.name_hint)
    properties = {
        "strides": op.strides,
        "pads": op.pads,
        "dilations": op.dilations,
        "group": op.group,
        **clamp,
        **_rounding(rounding),
    }
    operands = [x, w.value, *(o.results[0] for o in bias_ops)]
    conv = quant.Conv2dOp.create(operands=operands, result_types=[out_type], properties=properties)
    return _Fused([*bias_ops, conv])


def _fc_weight(
    w: _Weight, transposed: bool, alpha: float
) -> tuple[list[Operation], SSAValue] | None:
    """The N x K weight of a fully_connected layer from a K x N (`transposed`) or N x K
    quantized constant, with `alpha` folded into its scales."""
    element = w.element
    per_axis = isinstance(element, UniformQuantizedPerAxisType)
    if per_axis and element.axis != (1 if transposed else 0):
        return None
    if not transposed and alpha == 1.0:
        return [], w.value
    stored = w.stored.T if transposed else w.stored
    storage = IntegerType(
        element.storage_bits, Signedness.SIGNED if element.signed else Signedness.UNSIGNED
    )
    limits = (element.qmin, element.qmax)
    if per_axis:
        scales = [s * alpha for s in element.scales]
        new_element = UniformQuantizedPerAxisType(
            storage, element.expressed_type, 0, scales, element.zero_points, limits
        )
    else:
        new_element = UniformQuantizedType(
            storage, element.expressed_type, element.scale * alpha, element.zero_point, limits
        )
    dtype = numpy_dtype_of(w.value.owner.value.get_element_type())
    const = quant.ConstantOp(
        dense_attr(np.ascontiguousarray(stored).astype(dtype)),
        TensorType(new_element, list(stored.shape)),
    )
    const.output.name_hint = w.value.name_hint
    return [const], const.output


def _fully_connected(
    a: SSAValue,
    b: SSAValue,
    c: SSAValue | None,
    transposed: bool,
    alpha: float,
    beta: float,
    act: ActivationAttr | None,
    out_type: TensorType,
    rounding: str,
) -> _Fused | None:
    x, w, out = _activation_input(a), _constant_weight(b), _per_tensor(out_type)
    clamp = _clamp(act, out) if out is not None else None
    if x is None or w is None or clamp is None or alpha <= 0 or len(shape_of(a)) != 2:
        return None
    weight = _fc_weight(w, transposed, alpha)
    if weight is None:
        return None
    weight_ops, weight_value = weight
    channels = shape_of(weight_value)[0]
    x_scale = _per_tensor(x).scale
    w_scales = w.scales(channels) * alpha
    bias_ops: list[Operation] = []
    if c is not None and beta != 0.0:
        bias = _accumulator_bias(c, x_scale * w_scales, x_scale, w_scales, beta)
        if bias is None:
            return None
        bias_ops = _bias_constant(bias, c.name_hint)
    fc = quant.FullyConnectedOp.create(
        operands=[x, weight_value, *(o.results[0] for o in bias_ops)],
        result_types=[out_type],
        properties={**clamp, **_rounding(rounding)},
    )
    return _Fused([*weight_ops, *bias_ops, fc])


def _fuse_gemm(op: graph.GemmOp, out_type: TensorType, rounding: str) -> _Fused | None:
    if op.trans_a is not None:
        return None
    return _fully_connected(
        op.a,
        op.b,
        op.c,
        op.trans_b is None,
        op.alpha.value.data,
        op.beta.value.data,
        op.activation,
        out_type,
        rounding,
    )


def _fuse_matmul(op: graph.MatMulOp, out_type: TensorType, rounding: str) -> _Fused | None:
    if len(shape_of(op.rhs)) != 2:
        return None
    return _fully_connected(op.lhs, op.rhs, None, True, 1.0, 1.0, None, out_type, rounding)


def _fuse_binary(op: graph.AddOp | graph.MulOp, out_type: TensorType, rounding: str):
    a, b, out = _activation_input(op.lhs), _activation_input(op.rhs), _per_tensor(out_type)
    act = op.activation if isinstance(op, graph.AddOp) else None
    clamp = _clamp(act, out) if out is not None else None
    if a is None or b is None or clamp is None:
        return None
    op_class = quant.AddOp if isinstance(op, graph.AddOp) else quant.MulOp
    return _single(op_class, [a, b], out_type, {**clamp, **_rounding(rounding)})


def _window(op: graph.MaxPoolOp | graph.AvgPoolOp) -> dict[str, Attribute]:
    properties = {"kernel_shape": op.kernel_shape, "strides": op.strides, "pads": op.pads}
    if op.ceil_mode is not None:
        properties["ceil_mode"] = op.ceil_mode
    return properties


def _fuse_maxpool(op: graph.MaxPoolOp, out_type: TensorType, rounding: str) -> _Fused | None:
    x = _activation_input(op.input)
    if x is None or any(d != 1 for d in ints(op.dilations, (1, 1))):
        return None
    pool = quant.MaxPoolOp.create(
        operands=[x],
        result_types=[_with_element(op.output, _per_tensor(x))],
        properties=_window(op),
    )
    return _then_requantize(pool, out_type, rounding)


def _fuse_avgpool(op: graph.AvgPoolOp, out_type: TensorType, rounding: str) -> _Fused | None:
    x = _activation_input(op.input)
    if x is None or _per_tensor(out_type) is None:
        return None
    properties = _window(op) | _rounding(rounding)
    if op.count_include_pad is not None:
        properties["count_include_pad"] = op.count_include_pad
    return _single(quant.AvgPoolOp, [x], out_type, properties)


def _fuse_global_avgpool(op: graph.GlobalAvgPoolOp, out_type: TensorType, rounding: str):
    x = _activation_input(op.input)
    if x is None or _per_tensor(out_type) is None or len(shape_of(x)) != 4:
        return None
    return _single(quant.GlobalAvgPoolOp, [x], out_type, _rounding(rounding))


def _fuse_concat(op: graph.ConcatOp, out_type: TensorType, rounding: str) -> _Fused | None:
    inputs = [_activation_input(v) for v in op.inputs]
    if any(x is None for x in inputs) or _per_tensor(out_type) is None:
        return None
    return _single(quant.ConcatOp, inputs, out_type, {"axis": op.axis, **_rounding(rounding)})


def _fuse_reshape(op: Operation, out_type: TensorType, rounding: str) -> _Fused | None:
    x = _activation_input(op.operands[0])
    if x is None:
        return None
    reshape = quant.ReshapeOp.create(
        operands=[x], result_types=[_with_element(op.results[0], _per_tensor(x))]
    )
    return _then_requantize(reshape, out_type, rounding)


def _fuse_resize(op: graph.ResizeOp, out_type: TensorType, rounding: str) -> _Fused | None:
    x = _activation_input(op.input)
    if x is None or _per_tensor(out_type) is None:
        return None
    properties = {
        "mode": op.mode,
        "coordinate_transformation_mode": op.coordinate_transformation_mode,
        "nearest_mode": op.nearest_mode,
        "scales": op.scales,
    }
    if op.mode.data != "nearest":
        return _single(quant.ResizeOp, [x], out_type, properties | _rounding(rounding))
    resize = quant.ResizeOp.create(
        operands=[x],
        result_types=[_with_element(op.output, _per_tensor(x))],
        properties=properties,
    )
    return _then_requantize(resize, out_type, rounding)


# ---- data movement of decompositions (pad, insert_zeros, crop, phase_slice, interleave)


def _is_zero_pad(op: graph.PadOp) -> bool:
    """A constant pad with the real value 0: the only pad quant.pad expresses."""
    return op.mode.data == "constant" and op.value.value.data == 0.0


def _moved(op: Operation, op_class: type[Operation], names: tuple[str, ...]):
    """`op` on the stored integers behind its one dequantized operand: the quant op
    `op_class` with `op`'s properties `names` and the input's type, or None."""
    x = _activation_input(op.operands[0])
    if x is None:
        return None
    return op_class.create(
        operands=[x],
        result_types=[_with_element(op.results[0], _per_tensor(x))],
        properties={name: op.properties[name] for name in names},
    )


def _movement_fuser(op_class: type[Operation], names: tuple[str, ...]):
    def fuse(op: Operation, out_type: TensorType, rounding: str) -> _Fused | None:
        if isinstance(op, graph.PadOp) and not _is_zero_pad(op):
            return None
        moved = _moved(op, op_class, names)
        return _then_requantize(moved, out_type, rounding) if moved is not None else None

    return fuse


def _fuse_interleave(op: graph.InterleaveOp, out_type: TensorType, rounding: str):
    """quant.interleave when every phase is dequantized from one per-tensor type."""
    inputs = [_activation_input(v) for v in op.inputs]
    if any(x is None for x in inputs) or len({x.type.get_element_type() for x in inputs}) != 1:
        return None
    interleave = quant.InterleaveOp.create(
        operands=inputs,
        result_types=[_with_element(op.output, _per_tensor(inputs[0]))],
        properties={"factors": op.factors},
    )
    return _then_requantize(interleave, out_type, rounding)


TABLE_FUNCTIONS: dict[type[Operation], tuple[str, Callable]] = {
    graph.ReluOp: ("relu", lambda op, x: gk.relu(x)),
    graph.ClipOp: ("clip", lambda op, x: gk.clip(x, op.min.value.data, op.max.value.data)),
    graph.SigmoidOp: ("sigmoid", lambda op, x: gk.sigmoid(x)),
    graph.TanhOp: ("tanh", lambda op, x: gk.tanh(x)),
    graph.HardSwishOp: ("hard_swish", lambda op, x: gk.hard_swish(x)),
    graph.LeakyReluOp: ("leaky_relu", lambda op, x: gk.leaky_relu(x, op.alpha.value.data)),
    graph.HardSigmoidOp: (
        "hard_sigmoid",
        lambda op, x: gk.hard_sigmoid(x, op.alpha.value.data, op.beta.value.data),
    ),
}
"""Element-wise activations that become `quant.table`: name and the graph executor's kernel."""


def _fuse_table(op: Operation, out_type: TensorType, rounding: str) -> _Fused | None:
    x, out = _activation_input(op.operands[0]), _per_tensor(out_type)
    if x is None or out is None:
        return None
    element = _per_tensor(x)
    if element.storage_bits > TABLE_MAX_BITS:
        return None
    function, kernel = TABLE_FUNCTIONS[type(op)]
    stored = np.arange(element.qmin, element.qmax + 1, dtype=np.int64)
    real = qn.dequantize(stored, element.scale, element.zero_point)
    values = qn.quantize(kernel(op, real), out.scale, out.zero_point, out.qmin, out.qmax)
    properties = {"values": i64_array([int(v) for v in values]), "function": StringAttr(function)}
    return _single(quant.TableOp, [x], out_type, properties)


def _fuse_softmax(op: graph.SoftmaxOp, out_type: TensorType, rounding: str) -> _Fused | None:
    """quant.softmax; an input wider than 8 bits, an output scale that is not 2^-k or a too
    long axis fail its verifier and leave the softmax in float."""
    x = _activation_input(op.input)
    if x is None or _per_tensor(out_type) is None:
        return None
    return _single(quant.SoftmaxOp, [x], out_type, {"axis": op.axis, **_rounding(rounding)})


FUSERS: dict[type[Operation], Callable[[Operation, TensorType, str], _Fused | None]] = {
    graph.Conv2dOp: _fuse_conv,
    graph.GemmOp: _fuse_gemm,
    graph.MatMulOp: _fuse_matmul,
    graph.AddOp: _fuse_binary,
    graph.MulOp: _fuse_binary,
    graph.MaxPoolOp: _fuse_maxpool,
    graph.AvgPoolOp: _fuse_avgpool,
    graph.GlobalAvgPoolOp: _fuse_global_avgpool,
    graph.ConcatOp: _fuse_concat,
    graph.ReshapeOp: _fuse_reshape,
    graph.FlattenOp: _fuse_reshape,
    graph.SqueezeOp: _fuse_reshape,
    graph.UnsqueezeOp: _fuse_reshape,
    graph.ResizeOp: _fuse_resize,
    graph.SoftmaxOp: _fuse_softmax,
    graph.PadOp: _movement_fuser(quant.PadOp, ("pads",)),
    graph.InsertZerosOp: _movement_fuser(quant.InsertZerosOp, ("strides",)),
    graph.CropOp: _movement_fuser(quant.CropOp, ("crops",)),
    graph.PhaseSliceOp: _movement_fuser(quant.PhaseSliceOp, ("offsets", "steps")),
    graph.InterleaveOp: _fuse_interleave,
    **{op_class: _fuse_table for op_class in TABLE_FUNCTIONS},
}
"""How each fusable float op becomes integer ops, given the quantize's result type."""


# ---- patterns


def _valid(ops: list[Operation]) -> bool:
    """Whether the new ops verify (an integer op the quant dialect cannot express, such as
    a 16-bit weight, leaves the float op in place)."""
    try:
        for op in ops:
            op.verify()
    except VerifyException:
        return False
    return True


def _erase_if_dead(rewriter: PatternRewriter, values) -> None:
    """Erase the dequantize, quantize and constant ops among the owners of `values` that
    have no use left, and what only they used."""
    for value in values:
        owner = value.owner
        removable = (quant.DequantizeOp, quant.QuantizeOp, quant.ConstantOp, graph.ConstantOp)
        if not isinstance(owner, removable) or owner.results[0].first_use is not None:
            continue
        operands = list(owner.operands)
        rewriter.erase(owner)
        _erase_if_dead(rewriter, operands)


def _fold_pair(q: quant.QuantizeOp, rounding: str) -> _Fused | SSAValue | None:
    """`quantize(dequantize(x))`: x itself for equal types, else a requantize of x."""
    x = _dequantized(q.input)
    if x is None:
        return None
    if x.type == q.output.type:
        return x
    if _per_tensor(x) is None or _per_tensor(q.output) is None:
        return None
    return _single(quant.RequantizeOp, [x], q.output.type, _rounding(rounding))


@dataclass
class FuseIntoQuantize(RewritePattern):
    """`quantize(op(dequantize(...)))` -> the integer op(s) `FUSERS` builds for `op`, and
    `quantize(dequantize(x))` -> x or `requantize(x)`."""

    rounding: str

    @op_type_rewrite_pattern
    def match_and_rewrite(self, q: quant.QuantizeOp, rewriter: PatternRewriter, /) -> None:
        folded = _fold_pair(q, self.rounding)
        if isinstance(folded, SSAValue):
            rewriter.replace(q, [], [folded])
            _erase_if_dead(rewriter, [q.input])
            return
        producer = q.input.owner
        if folded is None:
            if not isinstance(producer, Operation) or FALLBACK in producer.attributes:
                return
            fuser = FUSERS.get(type(producer))
            if fuser is None or len(producer.results) != 1 or not q.input.has_one_use():
                return
            folded = fuser(producer, q.output.type, self.rounding)
        if folded is None or not folded.ops or not _valid(folded.ops):
            return
        fused_op = isinstance(producer, Operation) and type(producer) in FUSERS
        name = q.input.name_hint if fused_op else None
        folded.result.name_hint = folded.result.name_hint or name or q.output.name_hint
        rewriter.replace(q, folded.ops, [folded.result])
        if isinstance(producer, Operation) and producer.results[0].first_use is None:
            operands = list(producer.operands)
            rewriter.erase(producer)
            _erase_if_dead(rewriter, operands)


class FoldDequantize(RewritePattern):
    """`dequantize(quantize(y))` with y = dequantize(q) of the quantize's type -> y (the
    round trip changes nothing), and a second `dequantize(q)` -> the first one."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, dq: quant.DequantizeOp, rewriter: PatternRewriter, /) -> None:
        q = dq.input.owner
        inner = _dequantized(q.input) if isinstance(q, quant.QuantizeOp) else None
        if inner is not None and inner.type == q.output.type:
            rewriter.replace(dq, [], [q.input])
            _erase_if_dead(rewriter, [dq.input])
            return
        for use in dq.input.uses:
            other = use.operation
            same = isinstance(other, quant.DequantizeOp) and other.output.type == dq.output.type
            if same and other.parent is dq.parent and other.is_before_in_block(dq):
                rewriter.replace(dq, [], [other.output])
                return


class FuseArgMax(RewritePattern):
    """`argmax(dequantize(q))` -> `quant.argmax(q)`: scales are positive, so the index of
    the largest stored integer is the index of the largest real value."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: graph.ArgMaxOp, rewriter: PatternRewriter, /) -> None:
        x = _activation_input(op.input)
        if x is None or FALLBACK in op.attributes:
            return
        properties = {
            name: op.properties[name]
            for name in ("axis", "keepdims", "select_last_index")
            if name in op.properties
        }
        argmax = quant.ArgMaxOp.create(
            operands=[x], result_types=[op.output.type], properties=properties
        )
        if not _valid([argmax]):
            return
        argmax.output.name_hint = op.output.name_hint
        operand = op.input
        rewriter.replace(op, [argmax])
        _erase_if_dead(rewriter, [operand])


RESIZED_TYPE = "xopt.resized_type"
"""On a `graph.resize_argmax` in linear mode: the `!quant.uniform` type its resize result
is requantized to at the quant level (set by the quantizer, see `xopt.quantize.annotate`)."""


def _flags(op: Operation, names: tuple[str, ...]) -> dict[str, Attribute]:
    return {name: op.properties[name] for name in names if name in op.properties}


class FuseArgMaxGroups(RewritePattern):
    """`argmax_groups(dequantize(q))` -> `quant.argmax_groups(q)`, its values dequantized
    for the float ops that read them (a `graph.argmax_select` then fuses too)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: graph.ArgMaxGroupsOp, rewriter: PatternRewriter, /) -> None:
        x = _activation_input(op.input)
        if x is None or FALLBACK in op.attributes:
            return
        groups = quant.ArgMaxGroupsOp.create(
            operands=[x],
            result_types=[_with_element(op.values, _per_tensor(x)), op.indices.type],
            properties=_flags(op, ("axis", "group", "select_last_index")),
        )
        if not _valid([groups]):
            return
        values = quant.DequantizeOp.create(operands=[groups.values], result_types=[op.values.type])
        groups.values.name_hint = op.values.name_hint
        groups.indices.name_hint = op.indices.name_hint
        operand = op.input
        rewriter.replace(op, [groups, values], [values.output, groups.indices])
        _erase_if_dead(rewriter, [operand])


class FuseArgMaxSelect(RewritePattern):
    """`argmax_select(dequantize(v), indices)` -> `quant.argmax_select(v, indices)`."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: graph.ArgMaxSelectOp, rewriter: PatternRewriter, /) -> None:
        v = _activation_input(op.values)
        if v is None or FALLBACK in op.attributes:
            return
        select = quant.ArgMaxSelectOp.create(
            operands=[v, op.indices],
            result_types=[op.output.type],
            properties=_flags(op, ("axis", "keepdims", "select_last_index")),
        )
        if not _valid([select]):
            return
        select.output.name_hint = op.output.name_hint
        operand = op.values
        rewriter.replace(op, [select])
        _erase_if_dead(rewriter, [operand])


@dataclass
class FuseResizeArgMax(RewritePattern):
    """`resize_argmax(dequantize(q))` -> `quant.resize_argmax(q)`; linear needs the
    `xopt.resized_type` annotation (the resize result's type), else it stays float."""

    rounding: str

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: graph.ResizeArgmaxOp, rewriter: PatternRewriter, /) -> None:
        x = _activation_input(op.input)
        if x is None or FALLBACK in op.attributes:
            return
        properties = _flags(
            op,
            (
                "mode",
                "coordinate_transformation_mode",
                "nearest_mode",
                "scales",
                "keepdims",
                "select_last_index",
            ),
        )
        if op.mode.data != "nearest":
            resized = op.attributes.get(RESIZED_TYPE)
            if not isinstance(resized, UniformQuantizedType):
                return
            properties |= {"resized": resized, **_rounding(self.rounding)}
        fused = quant.ResizeArgmaxOp.create(
            operands=[x], result_types=[op.output.type], properties=properties
        )
        if not _valid([fused]):
            return
        fused.output.name_hint = op.output.name_hint
        operand = op.input
        rewriter.replace(op, [fused])
        _erase_if_dead(rewriter, [operand])


def _erase_dead_qdq(module: ModuleOp) -> None:
    """Erase quantize and dequantize ops (and quantized constants) whose results are unused."""
    for op in reversed(list(module.walk())):
        dead = isinstance(op, quant.QuantizeOp | quant.DequantizeOp | quant.ConstantOp)
        if dead and op.results[0].first_use is None:
            op.detach()
            op.erase()


@dataclass(frozen=True)
class FuseQdqPass(ModulePass):
    """Fuse `dequantize -> float op -> quantize` into integer `quant` ops.

    A float op whose float operands are dequantized values (weights: dequantized
    `quant.constant`s; a float constant bias is quantized to int32 at the accumulator scale
    s_x * s_w, as onnxruntime's quantizer does) and whose only use is a `quant.quantize`
    becomes the integer op producing that quantize's type: conv2d -> quant.conv2d,
    gemm / matmul with a constant 2-D weight -> quant.fully_connected, add, mul, maxpool,
    avgpool, global_avgpool, concat, resize -> their quant ops, reshape / flatten / squeeze /
    unsqueeze -> quant.reshape, relu, clip, sigmoid, tanh, hard_swish, leaky_relu,
    hard_sigmoid on <= 8-bit inputs -> quant.table, softmax into a 2^-k output scale ->
    quant.softmax, and argmax of a dequantized value -> quant.argmax. The data movement of
    decompositions becomes its quant twin on the stored integers: a constant pad with value
    0 -> quant.pad (the zero point fills; other pads stay float), insert_zeros, crop,
    phase_slice -> their quant ops, interleave of phases of one type -> quant.interleave.
    argmax_groups / argmax_select of dequantized values -> their quant ops (the group
    maxima stay stored integers, dequantized for any float user), resize_argmax of a
    dequantized value -> quant.resize_argmax (linear: into the `xopt.resized_type` the
    quantizer wrote; without it the op stays float). A fused relu or clip becomes `clamp`;
    ops that keep their input's quantization (maxpool, reshape, nearest resize, the data
    movement above) are followed by quant.requantize when the quantize asks for other
    parameters.
    `quantize(dequantize(x))` folds to x (or a requantize), `dequantize(quantize(y))` of
    y = dequantize(q) of the same type to y, and repeated dequantizes of one value to the
    first.

    Everything else stays float between its dequantize and quantize (the FP32 fallback):
    other ops, ops marked `xopt.fallback`, per-axis activations, fused leaky_relu /
    hard_swish, gemm with trans_a or alpha <= 0, weights quantized along another axis than
    the output channels. Dead quantize / dequantize ops are erased.

    `rounding` (`fixed_point` or `float`) is the requantization mode of the created ops;
    `float` sets `rounding = "float"` on each op that has the property.
    """

    name = "fuse-qdq"

    rounding: str = "fixed_point"

    def __post_init__(self):
        if self.rounding not in ROUNDING_MODES:
            raise ValueError(
                f"fuse-qdq: rounding must be one of {', '.join(ROUNDING_MODES)}, "
                f"got '{self.rounding}'"
            )

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        patterns = GreedyRewritePatternApplier(
            [
                FuseIntoQuantize(self.rounding),
                FoldDequantize(),
                FuseArgMax(),
                FuseArgMaxGroups(),
                FuseArgMaxSelect(),
                FuseResizeArgMax(self.rounding),
            ]
        )
        PatternRewriteWalker(patterns).rewrite_module(op)
        _erase_dead_qdq(op)
