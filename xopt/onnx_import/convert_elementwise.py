"""Converters for element-wise ONNX operators and activations."""

from __future__ import annotations

import math

from xopt.dialects import graph
from xopt.dialects.graph.base import f32_attr, i64_attr
from xopt.onnx_import.importer import NodeContext


def _binary(op_class):
    def convert(ctx: NodeContext):
        if ctx.attr("broadcast") is not None or ctx.attr("axis") is not None:
            ctx.fail("legacy broadcast/axis attributes are not supported")
        op = op_class.create(
            operands=[ctx.input(0), ctx.input(1)], result_types=[ctx.output_type()]
        )
        return [ctx.builder.insert(op).output]

    return convert


def _unary(op_class, **props):
    def convert(ctx: NodeContext):
        properties = {k: f(ctx) for k, f in props.items()}
        op = op_class.create(
            operands=[ctx.input(0)], result_types=[ctx.output_type()], properties=properties
        )
        return [ctx.builder.insert(op).output]

    return convert


def _float_attr(name: str, default: float):
    return lambda ctx: f32_attr(ctx.attr(name, default))


def convert_sum(ctx: NodeContext):
    op = graph.SumOp.create(operands=ctx.inputs(), result_types=[ctx.output_type()])
    return [ctx.builder.insert(op).output]


def _clip_bound(ctx: NodeContext, index: int, name: str, default: float) -> float:
    if ctx.opset < 11:
        return float(ctx.attr(name, default))
    value = ctx.optional_const(index, f"Clip {name}")
    return default if value is None else float(value)


def convert_clip(ctx: NodeContext):
    lo = _clip_bound(ctx, 1, "min", -math.inf)
    hi = _clip_bound(ctx, 2, "max", math.inf)
    op = graph.ClipOp.create(
        operands=[ctx.input(0)],
        result_types=[ctx.output_type()],
        properties={"min": f32_attr(lo), "max": f32_attr(hi)},
    )
    return [ctx.builder.insert(op).output]


def convert_prelu(ctx: NodeContext):
    op = graph.PReluOp.create(
        operands=[ctx.input(0), ctx.input(1)], result_types=[ctx.output_type()]
    )
    return [ctx.builder.insert(op).output]


def convert_softmax(ctx: NodeContext):
    """Opset < 13 Softmax coerces the input to 2-D at `axis`; rewrite it as reshape +
    softmax over the last axis + reshape unless `axis` already is the last one."""
    from xdsl.dialects.builtin import TensorType

    shape = ctx.input_shape(0)
    rank = len(shape)
    axis = ctx.attr("axis", 1 if ctx.opset < 13 else -1)
    if not -rank <= axis < rank:
        ctx.fail(f"axis {axis} is out of range for rank {rank}")
    axis %= rank
    out_type = ctx.output_type()
    if ctx.opset >= 13 or axis == rank - 1:
        op = graph.SoftmaxOp.create(
            operands=[ctx.input(0)], result_types=[out_type], properties={"axis": i64_attr(axis)}
        )
        return [ctx.builder.insert(op).output]
    outer = math.prod(shape[:axis])
    flat_type = TensorType(out_type.get_element_type(), [outer, math.prod(shape[axis:])])
    flat = ctx.builder.insert(
        graph.ReshapeOp.create(operands=[ctx.input(0)], result_types=[flat_type])
    )
    soft = ctx.builder.insert(
        graph.SoftmaxOp.create(
            operands=[flat.output], result_types=[flat_type], properties={"axis": i64_attr(1)}
        )
    )
    back = ctx.builder.insert(
        graph.ReshapeOp.create(operands=[soft.output], result_types=[out_type])
    )
    return [back.output]


def convert_identity(ctx: NodeContext):
    return [ctx.input(0)]


def convert_dropout(ctx: NodeContext):
    if ctx.output_used(1):
        ctx.fail("the Dropout mask output is not supported (inference only)")
    if ctx.has_input(2) and bool(ctx.const(2, "training_mode")):
        ctx.fail("Dropout in training mode is not supported (inference only)")
    return [ctx.input(0)]


ELEMENTWISE_CONVERTERS = {
    "Add": _binary(graph.AddOp),
    "Sub": _binary(graph.SubOp),
    "Mul": _binary(graph.MulOp),
    "Div": _binary(graph.DivOp),
    "Sum": convert_sum,
    "Relu": _unary(graph.ReluOp),
    "Sigmoid": _unary(graph.SigmoidOp),
    "Tanh": _unary(graph.TanhOp),
    "HardSwish": _unary(graph.HardSwishOp),
    "LeakyRelu": _unary(graph.LeakyReluOp, alpha=_float_attr("alpha", 0.01)),
    "HardSigmoid": _unary(
        graph.HardSigmoidOp, alpha=_float_attr("alpha", 0.2), beta=_float_attr("beta", 0.5)
    ),
    "Clip": convert_clip,
    "PRelu": convert_prelu,
    "Softmax": convert_softmax,
    "Identity": convert_identity,
    "Dropout": convert_dropout,
}
