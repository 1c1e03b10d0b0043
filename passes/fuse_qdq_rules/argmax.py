"""fuse-qdq patterns for the argmax family: argmax, argmax_groups / argmax_select and
resize_argmax of dequantized values become their quant ops."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.ir import Attribute, Operation
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern

from xopt.dialects import graph, quant
from xopt.dialects.quant.types import UniformQuantizedType
from xopt.passes.fuse_qdq_rules.qdq_form import (
    activation_input,
    erase_if_dead,
    per_tensor,
    rounding_property,
    verifies,
    with_element,
)
from xopt.passes.insert_qdq import FALLBACK


class FuseArgMax(RewritePattern):
    """`argmax(dequantize(q))` -> `quant.argmax(q)`: scales are positive, so the index of
    the largest stored integer is the index of the largest real value."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: graph.ArgMaxOp, rewriter: PatternRewriter, /) -> None:
        x = activation_input(op.input)
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
        if not verifies([argmax]):
            return
        argmax.output.name_hint = op.output.name_hint
        operand = op.input
        rewriter.replace(op, [argmax])
        erase_if_dead(rewriter, [operand])


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
        x = activation_input(op.input)
        if x is None or FALLBACK in op.attributes:
            return
        groups = quant.ArgMaxGroupsOp.create(
            operands=[x],
            result_types=[with_element(op.values, per_tensor(x)), op.indices.type],
            properties=_flags(op, ("axis", "group", "select_last_index")),
        )
        if not verifies([groups]):
            return
        values = quant.DequantizeOp.create(operands=[groups.values], result_types=[op.values.type])
        groups.values.name_hint = op.values.name_hint
        groups.indices.name_hint = op.indices.name_hint
        operand = op.input
        rewriter.replace(op, [groups, values], [values.output, groups.indices])
        erase_if_dead(rewriter, [operand])


class FuseArgMaxSelect(RewritePattern):
    """`argmax_select(dequantize(v), indices)` -> `quant.argmax_select(v, indices)`."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: graph.ArgMaxSelectOp, rewriter: PatternRewriter, /) -> None:
        v = activation_input(op.values)
        if v is None or FALLBACK in op.attributes:
            return
        select = quant.ArgMaxSelectOp.create(
            operands=[v, op.indices],
            result_types=[op.output.type],
            properties=_flags(op, ("axis", "keepdims", "select_last_index")),
        )
        if not verifies([select]):
            return
        select.output.name_hint = op.output.name_hint
        operand = op.values
        rewriter.replace(op, [select])
        erase_if_dead(rewriter, [operand])


@dataclass
class FuseResizeArgMax(RewritePattern):
    """`resize_argmax(dequantize(q))` -> `quant.resize_argmax(q)`; linear needs the
    `xopt.resized_type` annotation (the resize result's type), else it stays float."""

    rounding: str

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: graph.ResizeArgmaxOp, rewriter: PatternRewriter, /) -> None:
        x = activation_input(op.input)
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
            properties |= {"resized": resized, **rounding_property(self.rounding)}
        fused = quant.ResizeArgmaxOp.create(
            operands=[x], result_types=[op.output.type], properties=properties
        )
        if not verifies([fused]):
            return
        fused.output.name_hint = op.output.name_hint
        operand = op.input
        rewriter.replace(op, [fused])
        erase_if_dead(rewriter, [operand])
