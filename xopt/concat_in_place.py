"""Concat without copies: which `graph.concat`s the tile-level memory planner may elide by
letting each input's producer write straight into its slice of the concat's buffer.

At the graph level values are tensors, not buffers, so this is an analysis, not a rewrite:
`plan_concat(concat)` says whether a concat can be done in place and where each input
goes; `plan_concats(module)` does so for every concat. The contract for the tile level:

- a plan with `in_place` True lists, for every input in order, the op that produces it
  and the half-open range `[offset, offset + size)` it occupies along `axis` (offsets are
  the running sum of the input sizes along that axis);
- the planner then allocates one buffer for the concat's result and makes each producer
  write its result into that range (a sub-view: the same strides as the full buffer, the
  base moved by `offset` along `axis`), and emits no copy for the concat. Whether the
  sub-view is contiguous depends on the layout the tile level chooses (NCHW with N = 1
  and axis 1: contiguous; NHWC: a channel range, strided by the full channel count),
  so the producers' kernels must accept an output stride;
- a plan with `in_place` False gives the first reason; the concat then copies.

In place requires each input to be the only result of an op that computes it (not a
function argument, a constant, or a reshape/flatten/squeeze/unsqueeze, whose result is a
view of another buffer), used by nothing but this concat, and appearing once in it: any
other reader would see the whole buffer being filled, and a value used twice cannot be in
two places. Nested concats compose: an in-place inner concat's buffer is itself a slice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation

from xopt.dialects.graph import (
    ConcatOp,
    ConstantOp,
    FlattenOp,
    ReshapeOp,
    SqueezeOp,
    UnsqueezeOp,
    shapes,
)
from xopt.dialects.graph.base import shape_of

VIEWS = ReshapeOp | FlattenOp | SqueezeOp | UnsqueezeOp


@dataclass(frozen=True)
class ConcatSlice:
    producer: Operation
    """The op whose (only) result is this input."""
    offset: int
    """Where the input starts along the concat axis."""
    size: int
    """The input's size along the concat axis."""


@dataclass(frozen=True)
class ConcatPlan:
    concat: ConcatOp
    axis: int
    """The concat axis, normalised to [0, rank)."""
    in_place: bool
    reason: str | None = None
    """Why the concat cannot be done in place (None when it can)."""
    slices: tuple[ConcatSlice, ...] = field(default=())
    """One per input, in order, when in place."""


def _refusal(concat: ConcatOp) -> tuple[int, str | None]:
    """The concat's first input that cannot be written in place and why, or (-1, None)."""
    for index, value in enumerate(concat.inputs):
        producer = value.owner
        if not isinstance(producer, Operation):
            return index, "is a function argument"
        if isinstance(producer, ConstantOp):
            return index, "is a constant"
        if isinstance(producer, VIEWS):
            return index, f"is a view ({producer.name}) of another buffer"
        if len(producer.results) != 1:
            return index, f"comes from {producer.name}, which has several results"
        if not value.has_one_use():
            return index, "has other uses (or appears twice)"
    return -1, None


def plan_concat(concat: ConcatOp) -> ConcatPlan:
    """Whether `concat` can be done in place, and each input's range along its axis."""
    rank = len(shape_of(concat.output))
    axis = shapes.normalize_axis(concat.axis.value.data, rank)
    index, reason = _refusal(concat)
    if reason is not None:
        return ConcatPlan(concat, axis, False, f"input #{index} {reason}")
    slices: list[ConcatSlice] = []
    offset = 0
    for value in concat.inputs:
        size = shape_of(value)[axis]
        assert isinstance(value.owner, Operation)
        slices.append(ConcatSlice(value.owner, offset, size))
        offset += size
    return ConcatPlan(concat, axis, True, None, tuple(slices))


def plan_concats(module: ModuleOp) -> list[ConcatPlan]:
    """`plan_concat` of every `graph.concat` in `module`, in program order."""
    return [plan_concat(op) for op in module.walk() if isinstance(op, ConcatOp)]
