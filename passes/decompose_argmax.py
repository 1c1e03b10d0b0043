"""`decompose-argmax`: split an ArgMax into a per-group stage and a reduction over the
groups, the way an NPU computes ArgMax over many channels."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerType, ModuleOp, TensorType
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects import quant
from xopt.dialects.graph import ArgMaxGroupsOp, ArgMaxOp, ArgMaxSelectOp, shapes
from xopt.dialects.graph.argmax_ops import index_width
from xopt.dialects.graph.base import i64_attr, shape_of

DEFAULT_GROUP = 16
"""Channels per group: 16 int8 values are one 128-bit vector (a NEON `vmaxvq_s8`, the
lane count of common NPU vector units and the channel block of their int8 layouts), and
the index within a group fits in 4 bits. A model's class counts (19, 21, 80, 150, 171)
then take 2 to 11 groups."""


def _flags(op, names: tuple[str, ...]) -> dict:
    return {name: op.properties[name] for name in names if op.properties.get(name) is not None}


class DecomposeArgMax(RewritePattern):
    """`argmax(x)` over C > group entries -> `argmax_select(argmax_groups(x))`; the
    `quant.argmax` of stored integers -> the quant twins (group maxima of x's type)."""

    def __init__(self, group: int):
        self.group = group

    @op_type_rewrite_pattern
    def match_and_rewrite(
        self, op: ArgMaxOp | quant.ArgMaxOp, rewriter: PatternRewriter, /
    ) -> None:
        if isinstance(op, ArgMaxOp):
            self.decompose(op, rewriter, ArgMaxGroupsOp, ArgMaxSelectOp)
        else:
            self.decompose(op, rewriter, quant.ArgMaxGroupsOp, quant.ArgMaxSelectOp)

    def decompose(self, op, rewriter: PatternRewriter, groups_class, select_class) -> None:
        x = shape_of(op.input)
        axis = shapes.normalize_axis(op.axis.value.data, len(x))
        count = x[axis]
        if count <= self.group:
            return
        grouped = list(x)
        grouped[axis] = -(-count // self.group)
        element = op.input.type.get_element_type()
        stage1 = groups_class(
            operands=[op.input],
            result_types=[
                TensorType(element, grouped),
                TensorType(IntegerType(index_width(count)), grouped),
            ],
            properties={
                "axis": i64_attr(axis),
                "group": i64_attr(self.group),
                **_flags(op, ("select_last_index",)),
            },
        )
        stage2 = select_class(
            operands=stage1.results,
            result_types=[op.output.type],
            properties={"axis": i64_attr(axis), **_flags(op, ("keepdims", "select_last_index"))},
        )
        if op.output.name_hint is not None:
            stage1.values.name_hint = f"{op.output.name_hint}_group_max"
            stage1.indices.name_hint = f"{op.output.name_hint}_group_index"
            stage2.output.name_hint = op.output.name_hint
        rewriter.replace(op, [stage1, stage2], stage2.results)


@dataclass(frozen=True)
class DecomposeArgmaxPass(ModulePass):
    """Compute every ArgMax over more than `group` entries in two stages.

    `graph.argmax` over an axis of C > `group` entries (any axis; the channels of NCHW in
    segmentation heads) becomes `graph.argmax_groups` (the maximum of each group of `group`
    consecutive entries, the last one possibly smaller, and the index where it is, as i16,
    or i32 from 32769 entries on) followed by `graph.argmax_select` (the stored index of the
    largest group maximum) with the ArgMax's `keepdims`, `select_last_index` and i64 result.
    Both stages take the first maximum (the last with `select_last_index`), so the result
    equals the ArgMax exactly, ties included. ArgMaxes over at most `group` entries stay.
    On quant IR, `quant.argmax` becomes `quant.argmax_groups` (group maxima stay stored
    integers of the input's type) and `quant.argmax_select` the same way.
    Run `fuse-resize-argmax` first: a decomposed ArgMax no longer fuses with its Resize.
    Fails when `group` is below 2.
    """

    name = "decompose-argmax"

    group: int = DEFAULT_GROUP
    """Entries per group in stage 1 (default 16, see DEFAULT_GROUP)."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.group < 2:
            raise PassFailedException(
                f"{self.name}: group must be at least 2 (entries per group in stage 1), "
                f"got {self.group}"
            )
        PatternRewriteWalker(DecomposeArgMax(self.group)).rewrite_module(op)
