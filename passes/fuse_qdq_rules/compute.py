"""fuse-qdq rules for ops that compute: conv2d, gemm/matmul (fully_connected), add, mul,
the pools, table activations and softmax. Each returns the integer ops replacing
`quantize(op(dequantize(...)))`, or None to leave the op in float."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from xdsl.dialects.builtin import IntegerType, Signedness, StringAttr, TensorType
from xdsl.ir import Attribute, Operation, SSAValue

from xopt.dialects import graph, quant
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.base import i64_array, ints, shape_of
from xopt.dialects.quant.elementwise_ops import TABLE_MAX_BITS
from xopt.dialects.quant.types import UniformQuantizedPerAxisType, UniformQuantizedType
from xopt.executor import graph_kernels as gk
from xopt.executor import quant_numerics as qn
from xopt.onnx_import.types import dense_attr, numpy_dtype_of
from xopt.passes.fuse_qdq_rules.qdq_form import (
    Fused,
    Weight,
    accumulator_bias,
    activation_input,
    bias_constant,
    clamp_property,
    constant_weight,
    per_tensor,
    rounding_property,
    single,
    then_requantize,
    with_element,
)


def fuse_conv(op: graph.Conv2dOp, out_type: TensorType, rounding: str) -> Fused | None:
    x, w, out = activation_input(op.input), constant_weight(op.weight), per_tensor(out_type)
    clamp = clamp_property(op.activation, out) if out is not None else None
    if x is None or w is None or clamp is None:
        return None
    channels = shape_of(op.weight)[0]
    x_scale = per_tensor(x).scale
    w_scales = w.scales(channels)
    bias_ops: list[Operation] = []
    if op.bias is not None:
        bias = accumulator_bias(op.bias, x_scale * w_scales, x_scale, w_scales, 1.0)
        if bias is None:
            return None
        bias_ops = bias_constant(bias, op.bias.name_hint)
    properties = {
        "strides": op.strides,
        "pads": op.pads,
        "dilations": op.dilations,
        "group": op.group,
        **clamp,
        **rounding_property(rounding),
    }
    operands = [x, w.value, *(o.results[0] for o in bias_ops)]
    conv = quant.Conv2dOp.create(operands=operands, result_types=[out_type], properties=properties)
    return Fused([*bias_ops, conv])


def _fc_weight(
    w: Weight, transposed: bool, alpha: float
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
) -> Fused | None:
    x, w, out = activation_input(a), constant_weight(b), per_tensor(out_type)
    clamp = clamp_property(act, out) if out is not None else None
    if x is None or w is None or clamp is None or alpha <= 0 or len(shape_of(a)) != 2:
        return None
    weight = _fc_weight(w, transposed, alpha)
    if weight is None:
        return None
    weight_ops, weight_value = weight
    channels = shape_of(weight_value)[0]
    x_scale = per_tensor(x).scale
    w_scales = w.scales(channels) * alpha
    bias_ops: list[Operation] = []
    if c is not None and beta != 0.0:
        bias = accumulator_bias(c, x_scale * w_scales, x_scale, w_scales, beta)
        if bias is None:
            return None
        bias_ops = bias_constant(bias, c.name_hint)
    fc = quant.FullyConnectedOp.create(
        operands=[x, weight_value, *(o.results[0] for o in bias_ops)],
        result_types=[out_type],
        properties={**clamp, **rounding_property(rounding)},
    )
    return Fused([*weight_ops, *bias_ops, fc])


def fuse_gemm(op: graph.GemmOp, out_type: TensorType, rounding: str) -> Fused | None:
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


def fuse_matmul(op: graph.MatMulOp, out_type: TensorType, rounding: str) -> Fused | None:
    if len(shape_of(op.rhs)) != 2:
        return None
    return _fully_connected(op.lhs, op.rhs, None, True, 1.0, 1.0, None, out_type, rounding)


def fuse_binary(op: graph.AddOp | graph.MulOp, out_type: TensorType, rounding: str):
    a, b, out = activation_input(op.lhs), activation_input(op.rhs), per_tensor(out_type)
    act = op.activation if isinstance(op, graph.AddOp) else None
    clamp = clamp_property(act, out) if out is not None else None
    if a is None or b is None or clamp is None:
        return None
    op_class = quant.AddOp if isinstance(op, graph.AddOp) else quant.MulOp
    return single(op_class, [a, b], out_type, {**clamp, **rounding_property(rounding)})


def _window(op: graph.MaxPoolOp | graph.AvgPoolOp) -> dict[str, Attribute]:
    properties = {"kernel_shape": op.kernel_shape, "strides": op.strides, "pads": op.pads}
    if op.ceil_mode is not None:
        properties["ceil_mode"] = op.ceil_mode
    return properties


def fuse_maxpool(op: graph.MaxPoolOp, out_type: TensorType, rounding: str) -> Fused | None:
    x = activation_input(op.input)
    if x is None or any(d != 1 for d in ints(op.dilations, (1, 1))):
        return None
    pool = quant.MaxPoolOp.create(
        operands=[x],
        result_types=[with_element(op.output, per_tensor(x))],
        properties=_window(op),
    )
    return then_requantize(pool, out_type, rounding)


def fuse_avgpool(op: graph.AvgPoolOp, out_type: TensorType, rounding: str) -> Fused | None:
    x = activation_input(op.input)
    if x is None or per_tensor(out_type) is None:
        return None
    properties = _window(op) | rounding_property(rounding)
    if op.count_include_pad is not None:
        properties["count_include_pad"] = op.count_include_pad
    return single(quant.AvgPoolOp, [x], out_type, properties)


def fuse_global_avgpool(op: graph.GlobalAvgPoolOp, out_type: TensorType, rounding: str):
    x = activation_input(op.input)
    if x is None or per_tensor(out_type) is None or len(shape_of(x)) != 4:
        return None
    return single(quant.GlobalAvgPoolOp, [x], out_type, rounding_property(rounding))


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


def fuse_table(op: Operation, out_type: TensorType, rounding: str) -> Fused | None:
    x, out = activation_input(op.operands[0]), per_tensor(out_type)
    if x is None or out is None:
        return None
    element = per_tensor(x)
    if element.storage_bits > TABLE_MAX_BITS:
        return None
    function, kernel = TABLE_FUNCTIONS[type(op)]
    stored = np.arange(element.qmin, element.qmax + 1, dtype=np.int64)
    real = qn.dequantize(stored, element.scale, element.zero_point)
    values = qn.quantize(kernel(op, real), out.scale, out.zero_point, out.qmin, out.qmax)
    properties = {"values": i64_array([int(v) for v in values]), "function": StringAttr(function)}
    return single(quant.TableOp, [x], out_type, properties)


def fuse_softmax(op: graph.SoftmaxOp, out_type: TensorType, rounding: str) -> Fused | None:
    """quant.softmax; an input wider than 8 bits, an output scale that is not 2^-k or a too
    long axis fail its verifier and leave the softmax in float."""
    x = activation_input(op.input)
    if x is None or per_tensor(out_type) is None:
        return None
    return single(quant.SoftmaxOp, [x], out_type, {"axis": op.axis, **rounding_property(rounding)})
