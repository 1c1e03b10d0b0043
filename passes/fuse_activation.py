"""`fuse-activation`: fold an activation into the conv2d/gemm/add that produces its input."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from xopt.dialects.graph import (
    ActivationAttr,
    AddOp,
    ClipOp,
    Conv2dOp,
    GemmOp,
    HardSwishOp,
    LeakyReluOp,
    ReluOp,
)

ActivationOp = ReluOp | ClipOp | LeakyReluOp | HardSwishOp


def activation_attr(op: ActivationOp) -> ActivationAttr:
    """The `#graph.act` that computes what `op` computes."""
    if isinstance(op, ClipOp):
        return ActivationAttr("clip", (op.min.value.data, op.max.value.data))
    if isinstance(op, LeakyReluOp):
        return ActivationAttr("leaky_relu", (op.alpha.value.data,))
    if isinstance(op, HardSwishOp):
        return ActivationAttr("hard_swish")
    return ActivationAttr("relu")


class FuseActivationIntoProducer(RewritePattern):
    """`act(producer(...))` -> `producer(...) {activation = #graph.act<...>}` when the
    producer is a conv2d, gemm or add without an activation and `act` is its only use."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: ActivationOp, rewriter: PatternRewriter, /) -> None:
        producer = op.input.owner
        if not isinstance(producer, Conv2dOp | GemmOp | AddOp):
            return
        if producer.activation is not None or not producer.output.has_one_use():
            return
        fused = producer.clone()
        fused.properties["activation"] = activation_attr(op)
        if op.output.name_hint is not None:
            fused.output.name_hint = op.output.name_hint
        rewriter.replace(op, fused)
        rewriter.erase(producer)


@dataclass(frozen=True)
class FuseActivationPass(ModulePass):
    """Fuse relu, clip, leaky_relu and hard_swish into the conv2d, gemm or add before them.

    An activation op whose input is produced by a `graph.conv2d`, `graph.gemm` or
    `graph.add` that has no fused activation yet, and whose only use is that activation,
    becomes that producer with `activation = #graph.act<...>` (same parameters, clip bounds
    included when infinite); the result keeps the activation's name. Activations after any
    other op, or after a producer with other uses, stay as they are.
    """

    name = "fuse-activation"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(FuseActivationIntoProducer()).rewrite_module(op)
