"""`fuse-qdq`: turn float ops between dequantize and quantize into integer `quant` ops.

The rules for each float op live in `fuse_qdq_rules/` (`compute`, `movement`, `argmax`, on
the shared `qdq_form`); this file holds the table of rules, the patterns that apply them
and the pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from xopt.dialects import graph, quant
from xopt.dialects.quant.base import ROUNDING_MODES
from xopt.passes.fuse_qdq_rules.argmax import (
    RESIZED_TYPE,
    FuseArgMax,
    FuseArgMaxGroups,
    FuseArgMaxSelect,
    FuseResizeArgMax,
)
from xopt.passes.fuse_qdq_rules.compute import (
    TABLE_FUNCTIONS,
    fuse_avgpool,
    fuse_binary,
    fuse_conv,
    fuse_gemm,
    fuse_global_avgpool,
    fuse_matmul,
    fuse_maxpool,
    fuse_softmax,
    fuse_table,
)
from xopt.passes.fuse_qdq_rules.movement import (
    fuse_concat,
    fuse_interleave,
    fuse_reshape,
    fuse_resize,
    movement_fuser,
)
from xopt.passes.fuse_qdq_rules.qdq_form import (
    Fused,
    dequantized,
    erase_if_dead,
    per_tensor,
    rounding_property,
    single,
    verifies,
)
from xopt.passes.insert_qdq import FALLBACK

__all__ = ["RESIZED_TYPE", "FuseQdqPass"]


FUSERS: dict[type[Operation], Callable[[Operation, TensorType, str], Fused | None]] = {
    graph.Conv2dOp: fuse_conv,
    graph.GemmOp: fuse_gemm,
    graph.MatMulOp: fuse_matmul,
    graph.AddOp: fuse_binary,
    graph.MulOp: fuse_binary,
    graph.MaxPoolOp: fuse_maxpool,
    graph.AvgPoolOp: fuse_avgpool,
    graph.GlobalAvgPoolOp: fuse_global_avgpool,
    graph.ConcatOp: fuse_concat,
    graph.ReshapeOp: fuse_reshape,
    graph.FlattenOp: fuse_reshape,
    graph.SqueezeOp: fuse_reshape,
    graph.UnsqueezeOp: fuse_reshape,
    graph.ResizeOp: fuse_resize,
    graph.SoftmaxOp: fuse_softmax,
    graph.PadOp: movement_fuser(quant.PadOp, ("pads",)),
    graph.InsertZerosOp: movement_fuser(quant.InsertZerosOp, ("strides",)),
    graph.CropOp: movement_fuser(quant.CropOp, ("crops",)),
    graph.PhaseSliceOp: movement_fuser(quant.PhaseSliceOp, ("offsets", "steps")),
    graph.InterleaveOp: fuse_interleave,
    **{op_class: fuse_table for op_class in TABLE_FUNCTIONS},
}
"""How each fusable float op becomes integer ops, given the quantize's result type."""


# ---- patterns


def _fold_pair(q: quant.QuantizeOp, rounding: str) -> Fused | SSAValue | None:
    """`quantize(dequantize(x))`: x itself for equal types, else a requantize of x."""
    x = dequantized(q.input)
    if x is None:
        return None
    if x.type == q.output.type:
        return x
    if per_tensor(x) is None or per_tensor(q.output) is None:
        return None
    return single(quant.RequantizeOp, [x], q.output.type, rounding_property(rounding))


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
            erase_if_dead(rewriter, [q.input])
            return
        producer = q.input.owner
        if folded is None:
            if not isinstance(producer, Operation) or FALLBACK in producer.attributes:
                return
            fuser = FUSERS.get(type(producer))
            if fuser is None or len(producer.results) != 1 or not q.input.has_one_use():
                return
            folded = fuser(producer, q.output.type, self.rounding)
        if folded is None or not folded.ops or not verifies(folded.ops):
            return
        fused_op = isinstance(producer, Operation) and type(producer) in FUSERS
        name = q.input.name_hint if fused_op else None
        folded.result.name_hint = folded.result.name_hint or name or q.output.name_hint
        rewriter.replace(q, folded.ops, [folded.result])
        if isinstance(producer, Operation) and producer.results[0].first_use is None:
            operands = list(producer.operands)
            rewriter.erase(producer)
            erase_if_dead(rewriter, operands)


class FoldDequantize(RewritePattern):
    """`dequantize(quantize(y))` with y = dequantize(q) of the quantize's type -> y (the
    round trip changes nothing), and a second `dequantize(q)` -> the first one."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, dq: quant.DequantizeOp, rewriter: PatternRewriter, /) -> None:
        q = dq.input.owner
        inner = dequantized(q.input) if isinstance(q, quant.QuantizeOp) else None
        if inner is not None and inner.type == q.output.type:
            rewriter.replace(dq, [], [q.input])
            erase_if_dead(rewriter, [dq.input])
            return
        for use in dq.input.uses:
            other = use.operation
            same = isinstance(other, quant.DequantizeOp) and other.output.type == dq.output.type
            if same and other.parent is dq.parent and other.is_before_in_block(dq):
                rewriter.replace(dq, [], [other.output])
                return


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
