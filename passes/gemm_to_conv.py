"""`gemm-to-conv`: a fully connected layer (gemm or matmul with a constant weight) as a
conv2d whose kernel covers its whole input, for targets that only have a conv engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, TensorType, i64
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects.graph import (
    ConstantOp,
    Conv2dOp,
    FlattenOp,
    GemmOp,
    MatMulOp,
    ReshapeOp,
)
from xopt.dialects.graph.base import i64_array, shape_of
from xopt.dialects.graph.shape_ops import constant_array
from xopt.onnx_import.types import dense_attr, numpy_dtype_of

WHEN = ("flatten-only", "always")


def _dense_weight(op: GemmOp | MatMulOp) -> np.ndarray | None:
    """W (D x K, float64) with `op(a) = a @ W (+ bias)` for a 2-D `a` of shape N x D
    (alpha folded in); None when the weight is not constant or `op` transposes `a`."""
    if isinstance(op, MatMulOp):
        weight = constant_array(op.rhs, np.float64)
        if len(shape_of(op.lhs)) != 2 or weight is None or weight.ndim != 2:
            return None
        return weight
    weight = constant_array(op.b, np.float64)
    if op.trans_a is not None or weight is None:
        return None
    weight = weight.T if op.trans_b is not None else weight
    return op.alpha.value.data * weight


def _bias(op: GemmOp | MatMulOp) -> tuple[np.ndarray | None, bool]:
    """`(bias, ok)`: the per-output-channel bias (K,) that `beta * C` adds to every row, or
    None when there is none; ok is False when C is not constant or differs between rows."""
    if isinstance(op, MatMulOp) or op.c is None or op.beta.value.data == 0.0:
        return None, True
    c = constant_array(op.c, np.float64)
    if c is None or (c.ndim == 2 and c.shape[0] != 1):
        return None, False
    channels = shape_of(op.output)[1]
    return np.broadcast_to(op.beta.value.data * c.reshape(-1), (channels,)).copy(), True


def _spatial_source(value: SSAValue) -> SSAValue | None:
    """`x` (N x C x H x W) when `value` (N x C*H*W) is its flatten or row-major reshape."""
    owner = value.owner
    if not isinstance(owner, FlattenOp | ReshapeOp):
        return None
    source = owner.input
    shape = shape_of(source)
    if len(shape) != 4 or shape_of(value) != (shape[0], shape[1] * shape[2] * shape[3]):
        return None
    return source


def _derived_name(value: SSAValue, suffix: str) -> str | None:
    return None if value.name_hint is None else f"{value.name_hint}_{suffix}"


def _to_conv(op: GemmOp | MatMulOp, when: str, rewriter: PatternRewriter) -> None:
    weight = _dense_weight(op)
    bias, bias_ok = _bias(op)
    element = op.results[0].type
    assert isinstance(element, TensorType)
    if weight is None or not bias_ok or numpy_dtype_of(element.get_element_type()).kind != "f":
        return
    a = op.operands[0]
    new_ops: list[Operation] = []
    source = _spatial_source(a)
    if source is None:
        if when != "always":
            return
        n, c = shape_of(a)
        reshape_in = ReshapeOp(
            operands=[a], result_types=[TensorType(element.element_type, [n, c, 1, 1])]
        )
        reshape_in.output.name_hint = _derived_name(a, "4d")
        new_ops.append(reshape_in)
        source = reshape_in.output
    n, channels, height, width = shape_of(source)
    k = weight.shape[1]
    dtype = numpy_dtype_of(element.get_element_type())
    kernel = ConstantOp(dense_attr(weight.T.reshape(k, channels, height, width).astype(dtype)))
    kernel.output.name_hint = op.operands[1].name_hint
    new_ops.append(kernel)
    operands = [source, kernel.output]
    if bias is not None:
        bias_op = ConstantOp(dense_attr(bias.astype(dtype)))
        bias_op.output.name_hint = op.operands[2].name_hint
        new_ops.append(bias_op)
        operands.append(bias_op.output)
    properties: dict[str, Attribute] = {
        "strides": i64_array([1, 1]),
        "pads": i64_array([0, 0, 0, 0]),
        "dilations": i64_array([1, 1]),
        "group": IntegerAttr(1, i64),
    }
    activation = op.properties.get("activation")
    if activation is not None:
        properties["activation"] = activation
    conv = Conv2dOp.create(
        operands=operands,
        result_types=[TensorType(element.element_type, [n, k, 1, 1])],
        properties=properties,
    )
    conv.output.name_hint = _derived_name(op.results[0], "conv")
    reshape_out = ReshapeOp(operands=[conv.output], result_types=[element])
    reshape_out.output.name_hint = op.results[0].name_hint
    rewriter.replace(op, [*new_ops, conv, reshape_out])


@dataclass(frozen=True)
class _GemmToConv(RewritePattern):
    when: str

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if isinstance(op, GemmOp | MatMulOp):
            _to_conv(op, self.when, rewriter)


@dataclass(frozen=True)
class GemmToConvPass(ModulePass):
    """Rewrite fully connected layers as conv2d, for targets that only have a conv engine.

    An NPU whose MAC array only runs convolutions (weights streamed per output channel,
    requantization on the conv path) has no separate matrix unit: a classifier's gemm must
    reach it as a conv. CPUs and PULP clusters have fully connected kernels that are as fast,
    so they do not need this pass.

    A `graph.gemm` (no `trans_a`) or 2-D `graph.matmul` on float tensors, with a constant
    weight and, for gemm, a constant or absent `C` that adds the same row to every output
    row (shape (), (1,), (K,), (1, 1) or (1, K)), `y = A @ W + b` with A of shape N x D,
    becomes

        conv2d(x, W^T reshaped to K x C x H x W, b) -> N x K x 1 x 1, then reshape to N x K

    where `x` (N x C x H x W, D = C*H*W) is the tensor whose `graph.flatten` or
    `graph.reshape` A is: the kernel covers the whole image, so each output channel k is
    `sum_{c,h,w} x[n,c,h,w] * W[c*H*W + h*W + w, k]`, A's row-major order. The classifier
    pattern (global pool -> flatten -> gemm) gives H = W = 1, a 1x1 conv. Gemm's alpha and
    beta are folded into the weight and bias (in float64, stored as float32), its fused
    activation moves to the conv.

    Option `when`: `flatten-only` (the default) rewrites only layers whose input is such a
    flatten or reshape of a 4-D tensor; `always` rewrites every such layer, reshaping a 2-D
    input N x D to N x D x 1 x 1 first. Other gemms and matmuls (transposed A, non-constant
    weight, batched matmul, a C that differs between rows) stay as they are.
    """

    name = "gemm-to-conv"

    when: str = "flatten-only"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.when not in WHEN:
            raise PassFailedException(
                f"{self.name}: option when must be one of {', '.join(WHEN)}, got '{self.when}'"
            )
        walker = PatternRewriteWalker(GreedyRewritePatternApplier([_GemmToConv(self.when)]))
        walker.rewrite_module(op)
