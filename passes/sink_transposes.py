"""`sink-transposes`: move transposes and reshapes down through element-wise ops so that
the layout round trips exporters emit (NCHW -> NHWC -> NCHW) meet and cancel."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, TensorType, i64
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)

from xopt.dialects.graph import (
    AddOp,
    ClipOp,
    ConstantOp,
    DivOp,
    FlattenOp,
    HardSigmoidOp,
    HardSwishOp,
    LeakyReluOp,
    MulOp,
    ReluOp,
    ReshapeOp,
    SigmoidOp,
    SoftmaxOp,
    SqueezeOp,
    SubOp,
    TanhOp,
    TransposeOp,
    UnsqueezeOp,
    shapes,
)
from xopt.dialects.graph.base import i64_array, ints, shape_of
from xopt.dialects.graph.canonicalization import (
    CollapseReshapeChain,
    ComposeTransposes,
    RemoveIdentity,
)
from xopt.dialects.graph.shape_ops import constant_array
from xopt.onnx_import.types import dense_attr

UNARY = ReluOp | SigmoidOp | TanhOp | HardSwishOp | ClipOp | LeakyReluOp | HardSigmoidOp | SoftmaxOp
BINARY = AddOp | SubOp | MulOp | DivOp
RESHAPE_LIKE = ReshapeOp | FlattenOp | SqueezeOp | UnsqueezeOp


def _with_shape(value: SSAValue, shape) -> TensorType:
    typ = value.type
    assert isinstance(typ, TensorType)
    return TensorType(typ.element_type, list(shape))


def _inverse(perm: tuple[int, ...]) -> list[int]:
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return inverse


def _single_use_producer(value: SSAValue, kinds) -> Operation | None:
    owner = value.owner
    if isinstance(owner, kinds) and value.has_one_use():
        return owner
    return None


def _moved_elementwise(op: Operation, operands: list[SSAValue], shape) -> Operation:
    """A copy of element-wise `op` on `operands`, its result of `shape`."""
    return op.create(
        operands=operands,
        result_types=[_with_shape(op.results[0], shape)],
        properties=dict(op.properties),
        attributes=dict(op.attributes),
    )


def _replace_then(rewriter: PatternRewriter, op: Operation, new_ops: list[Operation]) -> None:
    """Replace `op` by `new_ops`, the last computing its result (and taking its name)."""
    new_ops[-1].results[0].name_hint = op.results[0].name_hint
    rewriter.replace(op, new_ops)


class SinkTransposeThroughUnary(RewritePattern):
    """`f(transpose(x, p))` -> `transpose(f(x), p)` for a unary element-wise `f` (softmax's
    axis a becomes p[a])."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, UNARY):
            return
        transpose = _single_use_producer(op.operands[0], TransposeOp)
        if not isinstance(transpose, TransposeOp):
            return
        perm = ints(transpose.perm)
        moved = _moved_elementwise(op, [transpose.input], shape_of(transpose.input))
        if isinstance(op, SoftmaxOp):
            axis = shapes.normalize_axis(op.axis.value.data, len(perm))
            moved.properties["axis"] = IntegerAttr(perm[axis], i64)
        new = TransposeOp(
            operands=[moved.results[0]],
            result_types=[op.results[0].type],
            properties={"perm": transpose.perm},
        )
        _replace_then(rewriter, op, [moved, new])


def _untransposed(
    other: SSAValue, perm: tuple[int, ...]
) -> tuple[list[Operation], SSAValue] | None:
    """`other` as it was before `transpose(., perm)`, for an operand that broadcasts against
    a transposed tensor of rank len(perm): the input of a transpose by the same perm, or a
    constant of at most that rank (extended with leading 1s and transposed back)."""
    owner = other.owner
    if isinstance(owner, TransposeOp) and ints(owner.perm) == perm:
        return [], owner.input
    array = constant_array(other)
    if array is None or array.ndim > len(perm):
        return None
    full = array.reshape((1,) * (len(perm) - array.ndim) + array.shape)
    constant = ConstantOp(dense_attr(np.ascontiguousarray(full.transpose(_inverse(perm)))))
    constant.output.name_hint = other.name_hint
    return [constant], constant.output


class SinkTransposeThroughBinary(RewritePattern):
    """`f(transpose(x, p), y)` -> `transpose(f(x, y'), p)` for add/sub/mul/div, when the
    transposed operand has the result's shape and y is `transpose(y', p)` or a constant
    (y' its inverse transpose); likewise with the operands swapped."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, BINARY):
            return
        result_shape = shape_of(op.results[0])
        for index in (0, 1):
            transpose = _single_use_producer(op.operands[index], TransposeOp)
            if not isinstance(transpose, TransposeOp) or shape_of(transpose.output) != result_shape:
                continue
            perm = ints(transpose.perm)
            other = _untransposed(op.operands[1 - index], perm)
            if other is None:
                continue
            new_ops, other_value = other
            operands = [transpose.input, other_value]
            if index == 1:
                operands.reverse()
            moved = _moved_elementwise(op, operands, shape_of(transpose.input))
            new = TransposeOp(
                operands=[moved.results[0]],
                result_types=[op.results[0].type],
                properties={"perm": transpose.perm},
            )
            _replace_then(rewriter, op, [*new_ops, moved, new])
            return


def unit_dim_reshape(
    source: tuple[int, ...], perm: tuple[int, ...], target: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """For `reshape(transpose(x, perm), target)` with x of shape `source`, where the reshape
    only inserts or removes size-1 axes: `(shape, q)` with the same result computed as
    `transpose(reshape(x, shape), q)`. `shape` is x's non-unit axes in order, then one 1
    per unit axis of `target`. None when the reshape moves data (its non-unit sizes differ)."""
    transposed = [source[p] for p in perm]
    if [d for d in transposed if d != 1] != [d for d in target if d != 1]:
        return None
    kept = [axis for axis, d in enumerate(source) if d != 1]
    order = iter([kept.index(p) for p in perm if source[p] != 1])
    units = iter(range(len(kept), len(target) + 1))
    q = tuple(next(units) if d == 1 else next(order) for d in target)
    shape = tuple(source[a] for a in kept) + (1,) * sum(d == 1 for d in target)
    return shape, q


class SinkTransposeThroughReshape(RewritePattern):
    """`reshape(transpose(x, p))` -> `transpose(reshape(x), q)` when the reshape (or
    flatten, squeeze, unsqueeze) only inserts or removes size-1 axes."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, RESHAPE_LIKE):
            return
        transpose = _single_use_producer(op.operands[0], TransposeOp)
        if not isinstance(transpose, TransposeOp):
            return
        target = shape_of(op.results[0])
        found = unit_dim_reshape(shape_of(transpose.input), ints(transpose.perm), target)
        if found is None:
            return
        shape, q = found
        reshape = ReshapeOp(
            operands=[transpose.input], result_types=[_with_shape(transpose.input, shape)]
        )
        new = TransposeOp(
            operands=[reshape.output],
            result_types=[op.results[0].type],
            properties={"perm": i64_array(q)},
        )
        _replace_then(rewriter, op, [reshape, new])


class TransposeOfUnitAxesToReshape(RewritePattern):
    """A transpose that keeps its non-unit axes in order only moves size-1 axes: it is a
    `graph.reshape` (row-major order is unchanged)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, TransposeOp):
            return
        source = shape_of(op.input)
        perm = ints(op.perm)
        moved = [p for p in perm if source[p] != 1]
        if moved != sorted(moved) or perm == tuple(sorted(perm)):
            return
        reshape = ReshapeOp(operands=[op.input], result_types=[op.output.type])
        _replace_then(rewriter, op, [reshape])


class SinkReshapeThroughElementwise(RewritePattern):
    """`f(reshape(x))` -> `reshape(f(x))` for a unary element-wise `f` (not softmax, whose
    axis a reshape moves), and for add/sub/mul/div whose other operand is a reshape from
    x's shape or a one-element constant, when the reshaped operand has the result's shape."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if isinstance(op, UNARY) and not isinstance(op, SoftmaxOp):
            operands = self._unary(op)
        elif isinstance(op, BINARY):
            operands = self._binary(op)
        else:
            return
        if operands is None:
            return
        new_ops, values = operands
        moved = _moved_elementwise(op, values, shapes.broadcast(*(shape_of(v) for v in values)))
        new = ReshapeOp(operands=[moved.results[0]], result_types=[op.results[0].type])
        _replace_then(rewriter, op, [*new_ops, moved, new])

    @staticmethod
    def _unary(op: Operation) -> tuple[list[Operation], list[SSAValue]] | None:
        reshape = _single_use_producer(op.operands[0], RESHAPE_LIKE)
        return None if reshape is None else ([], [reshape.operands[0]])

    @staticmethod
    def _binary(op: Operation) -> tuple[list[Operation], list[SSAValue]] | None:
        result = shape_of(op.results[0])
        for index in (0, 1):
            reshape = _single_use_producer(op.operands[index], RESHAPE_LIKE)
            if reshape is None or shape_of(op.operands[index]) != result:
                continue
            source = reshape.operands[0]
            other = op.operands[1 - index]
            partner = _single_use_producer(other, RESHAPE_LIKE)
            if partner is not None and shape_of(partner.operands[0]) == shape_of(source):
                if shape_of(other) == result:
                    values = [source, partner.operands[0]]
                    return [], values if index == 0 else values[::-1]
            array = constant_array(other)
            if array is None or array.size != 1 or array.ndim > len(result):
                continue
            constant = ConstantOp(dense_attr(array.reshape((1,) * len(shape_of(source)))))
            constant.output.name_hint = other.name_hint
            values = [source, constant.output]
            return [constant], values if index == 0 else values[::-1]
        return None


class RemoveIdentityReshapeOrTranspose(RemoveIdentity):
    """`RemoveIdentity` for transposes and reshape-like ops only."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if isinstance(op, TransposeOp | RESHAPE_LIKE):
            super().match_and_rewrite(op, rewriter)


@dataclass(frozen=True)
class SinkTransposesPass(ModulePass):
    """Sink transposes and reshapes through element-wise ops until they cancel.

    Models exported from NHWC frameworks (TensorFlow, or PyTorch with channels-last code)
    wrap element-wise work in `Transpose(NCHW->NHWC) ... Transpose(NHWC->NCHW)` pairs, and
    flatten/unflatten reshape pairs around activations; each costs a full copy on a target.
    This pass moves them down the graph, one op at a time:

    - `f(transpose(x, p))` -> `transpose(f(x), p)` for relu, sigmoid, tanh, hard_swish,
      clip, leaky_relu, hard_sigmoid and softmax (its axis a becomes p[a]);
    - `f(transpose(x, p), y)` -> `transpose(f(x, y'), p)` for add, sub, mul, div (either
      operand), when y is `transpose(y', p)` or a constant (y' = the constant, extended to
      rank len(p) with leading 1s, transposed by p^-1); the transposed operand must have
      the result's shape, so that no transpose moves onto a larger (broadcast) tensor;
    - `reshape(transpose(x, p))` -> `transpose(reshape(x), q)` when the reshape (flatten,
      squeeze, unsqueeze) only inserts or removes size-1 axes;
    - `f(reshape(x))` -> `reshape(f(x))` for the same unary ops but softmax, and for the
      binary ops when the other operand is a reshape of a tensor of x's shape or a
      one-element constant, again without broadcasting the reshaped operand;

    and then lets them meet: a transpose of a transpose composes, a transpose that only
    moves size-1 axes becomes a reshape, reshape chains collapse into one reshape, and
    identity transposes and reshapes disappear (the graph dialect's canonicalization
    patterns, reused). Only a transpose or reshape with a single use moves, so no copy is
    ever duplicated; one that meets no partner ends up after the element-wise ops, which
    costs the same.
    """

    name = "sink-transposes"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        patterns = [
            SinkTransposeThroughUnary(),
            SinkTransposeThroughBinary(),
            SinkTransposeThroughReshape(),
            SinkReshapeThroughElementwise(),
            TransposeOfUnitAxesToReshape(),
            ComposeTransposes(),
            CollapseReshapeChain(),
            RemoveIdentityReshapeOrTranspose(),
        ]
        PatternRewriteWalker(GreedyRewritePatternApplier(patterns)).rewrite_module(op)
