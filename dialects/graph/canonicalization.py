"""Canonicalization patterns of the graph dialect, run by xDSL's `canonicalize` pass.

Each op that has patterns carries one of the `HasCanonicalizationPatternsTrait`s below:

- identities disappear: reshape/flatten/squeeze/unsqueeze to the same type, transpose with
  the identity perm, pad by zeros, concat/sum of one input, clip to [-inf, inf], resize by
  scales of 1 to the same shape;
- chains of reshape/flatten/squeeze/unsqueeze collapse into one `graph.reshape`, and a
  transpose of a transpose into one transpose with the composed perm;
- reshape/flatten/squeeze/unsqueeze/transpose/concat of `graph.constant`s becomes a
  constant (evaluated as `fold-constants` does).

The op modules import this one for the traits, so ops are reached through the `graph`
package at match time, not imported here.
"""

from __future__ import annotations

import math

from xdsl.ir import Operation
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern
from xdsl.traits import HasCanonicalizationPatternsTrait

from xopt.dialects import graph
from xopt.dialects.graph.base import i64_array, ints


def _reshape_like(op: Operation | None) -> bool:
    """Whether `op` only reinterprets its input's shape (row-major, same elements)."""
    return isinstance(op, graph.ReshapeOp | graph.FlattenOp | graph.SqueezeOp | graph.UnsqueezeOp)


def is_identity(op: Operation) -> bool:
    """Whether `op` returns its first operand unchanged (same type, same values)."""
    if not op.operands or op.results[0].type != op.operands[0].type:
        return False
    if isinstance(op, graph.TransposeOp):
        return ints(op.perm) == tuple(range(len(ints(op.perm))))
    if isinstance(op, graph.PadOp):
        return not any(ints(op.pads))
    if isinstance(op, graph.ConcatOp | graph.SumOp):
        return len(op.operands) == 1
    if isinstance(op, graph.ClipOp):
        return op.min.value.data == -math.inf and op.max.value.data == math.inf
    if isinstance(op, graph.ResizeOp):
        return all(s == 1 for s in op.scales.get_values())
    return _reshape_like(op)


class RemoveIdentity(RewritePattern):
    """`y = op(x)` that is an identity (see `is_identity`) -> uses of y use x."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if is_identity(op):
            rewriter.replace(op, [], [op.operands[0]])


class CollapseReshapeChain(RewritePattern):
    """`reshape-like(reshape-like(x))` -> `graph.reshape(x)` to the outer result type, where
    reshape-like is any of reshape, flatten, squeeze, unsqueeze."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        inner = op.operands[0].owner if _reshape_like(op) else None
        if not isinstance(inner, Operation) or not _reshape_like(inner):
            return
        reshape = graph.ReshapeOp(operands=[inner.operands[0]], result_types=[op.results[0].type])
        rewriter.replace(op, reshape)


class ComposeTransposes(RewritePattern):
    """`transpose(transpose(x, p), q)` -> `transpose(x, [p[q[i]] for i])`."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, graph.TransposeOp):
            return
        inner = op.input.owner
        if not isinstance(inner, graph.TransposeOp):
            return
        first, second = ints(inner.perm), ints(op.perm)
        transpose = graph.TransposeOp(
            operands=[inner.input],
            result_types=[op.output.type],
            properties={"perm": i64_array([first[axis] for axis in second])},
        )
        rewriter.replace(op, transpose)


class FoldConstantShapeOp(RewritePattern):
    """A shape op whose operands are all `graph.constant`s -> the constant it computes."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        # Imported here: the pass imports the dialect, which imports this module.
        from xopt.passes.fold_constants import fold_to_constants

        fold_to_constants(op, rewriter, "canonicalize")


class ReshapeLikeCanonicalization(HasCanonicalizationPatternsTrait):
    """Patterns of reshape, flatten, squeeze and unsqueeze."""

    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        return (RemoveIdentity(), CollapseReshapeChain(), FoldConstantShapeOp())


class TransposeCanonicalization(HasCanonicalizationPatternsTrait):
    """Patterns of transpose."""

    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        return (RemoveIdentity(), ComposeTransposes(), FoldConstantShapeOp())


class ConcatCanonicalization(HasCanonicalizationPatternsTrait):
    """Patterns of concat."""

    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        return (RemoveIdentity(), FoldConstantShapeOp())


class IdentityCanonicalization(HasCanonicalizationPatternsTrait):
    """Identity removal only: pad, sum, clip and resize."""

    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        return (RemoveIdentity(),)
