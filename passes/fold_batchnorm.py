"""`fold-batchnorm`: fold an inference batch norm into the conv2d, conv_transpose2d or gemm
that produces its input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects.graph import (
    BatchNormOp,
    ConstantOp,
    Conv2dOp,
    ConvTranspose2dOp,
    GemmOp,
)
from xopt.dialects.graph.base import f32_attr
from xopt.dialects.graph.shape_ops import constant_array
from xopt.onnx_import.types import dense_attr, numpy_dtype_of


def _batch_norm_affine(bn: BatchNormOp) -> tuple[np.ndarray, np.ndarray] | None:
    """`(factor, shift)` with `bn(x) = x * factor + shift` per channel, in float64, or None
    when a statistic is not constant."""
    params = [constant_array(v, np.float64) for v in (bn.scale, bn.bias, bn.mean, bn.var)]
    if any(p is None for p in params):
        return None
    scale, bias, mean, var = params
    denominator = var + bn.epsilon.value.data
    if not np.all(denominator > 0):
        where = f"{bn.name} %{bn.output.name_hint}" if bn.output.name_hint else bn.name
        raise PassFailedException(
            f"{FoldBatchnormPass.name}: {where} has var + epsilon <= 0 (or NaN) in a channel; "
            "fix the model's batch norm statistics"
        )
    factor = scale / np.sqrt(denominator)
    return factor, bias - mean * factor


def _foldable_producer(bn: BatchNormOp) -> Operation | None:
    """The op producing `bn`'s input, when `bn` is its only use and it has no fused
    activation (the batch norm would then apply after the activation)."""
    producer = bn.input.owner
    if not isinstance(producer, Operation) or not bn.input.has_one_use():
        return None
    if producer.properties.get("activation") is not None:
        return None
    return producer


def _replace_with_folded(
    rewriter: PatternRewriter,
    bn: BatchNormOp,
    producer: Conv2dOp | ConvTranspose2dOp | GemmOp,
    weight: np.ndarray,
    bias: np.ndarray,
    bias_name: str | None,
    properties: dict[str, Attribute] | None = None,
) -> None:
    """Replace `bn(producer(x, w, b))` by `producer(x, weight, bias)` (with `properties`
    instead of the producer's when given), storing the new constants in the weight's
    element type."""
    weight_type = producer.operands[1].type
    assert isinstance(weight_type, TensorType)
    dtype = numpy_dtype_of(weight_type.get_element_type())
    weight_op = ConstantOp(dense_attr(weight.astype(dtype)))
    weight_op.output.name_hint = producer.operands[1].name_hint
    bias_op = ConstantOp(dense_attr(bias.astype(dtype)))
    bias_op.output.name_hint = bias_name
    folded = type(producer).create(
        operands=[producer.operands[0], weight_op.output, bias_op.output],
        result_types=[producer.results[0].type],
        properties=dict(producer.properties if properties is None else properties),
        attributes=dict(producer.attributes),
    )
    folded.results[0].name_hint = bn.output.name_hint
    rewriter.replace(bn, [weight_op, bias_op, folded], folded.results)
    rewriter.erase(producer)


def _foldable(bn: BatchNormOp, kind: type, weight_operand: str, bias_operand: str):
    """(producer, weight, bias, factor, shift) when `bn` folds into a producer of `kind`
    with a constant weight and a constant or absent bias; None otherwise."""
    producer = _foldable_producer(bn)
    if not isinstance(producer, kind):
        return None
    bias_value = getattr(producer, bias_operand)
    weight, bias = (
        constant_array(getattr(producer, weight_operand), np.float64),
        constant_array(bias_value, np.float64),
    )
    if weight is None or (bias_value is not None and bias is None):
        return None
    affine = _batch_norm_affine(bn)
    if affine is None:
        return None
    return (producer, weight, bias, *affine)


class FoldBatchNormIntoConv(RewritePattern):
    """`bn(conv2d(x, W, b))` -> `conv2d(x, W * f[o], b * f + shift)` (output channel o)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, bn: BatchNormOp, rewriter: PatternRewriter, /) -> None:
        folded = _foldable(bn, Conv2dOp, "weight", "bias")
        if folded is None:
            return
        conv, weight, bias, factor, shift = folded
        new_bias = shift if bias is None else bias * factor + shift
        new_weight = weight * factor.reshape(-1, 1, 1, 1)
        bias_name = conv.bias.name_hint if conv.bias is not None else bn.bias.name_hint
        _replace_with_folded(rewriter, bn, conv, new_weight, new_bias, bias_name)


class FoldBatchNormIntoConvTranspose(RewritePattern):
    """`bn(conv_transpose2d(x, W, b))` -> the same op with each output channel's weights
    and bias scaled; W is C_in x C_out/group x kH x kW, output channel = g*C_out/group + j."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, bn: BatchNormOp, rewriter: PatternRewriter, /) -> None:
        folded = _foldable(bn, ConvTranspose2dOp, "weight", "bias")
        if folded is None:
            return
        conv, weight, bias, factor, shift = folded
        group = conv.group.value.data
        c_in, per_group, kh, kw = weight.shape
        grouped = weight.reshape(group, c_in // group, per_group, kh, kw)
        new_weight = (grouped * factor.reshape(group, 1, per_group, 1, 1)).reshape(weight.shape)
        new_bias = shift if bias is None else bias * factor + shift
        bias_name = conv.bias.name_hint if conv.bias is not None else bn.bias.name_hint
        _replace_with_folded(rewriter, bn, conv, new_weight, new_bias, bias_name)


class FoldBatchNormIntoGemm(RewritePattern):
    """`bn(gemm(A, B, C))` -> `gemm(A, B * f[n], (beta * C) * f + shift)` with beta = 1.

    The batch norm's channels are the gemm's N output columns: column n of B' (row n of B
    with trans_b) scales by f[n]; alpha is unchanged. C must be absent or constant; its
    shape becomes C's shape broadcast with (N,).
    """

    @op_type_rewrite_pattern
    def match_and_rewrite(self, bn: BatchNormOp, rewriter: PatternRewriter, /) -> None:
        folded = _foldable(bn, GemmOp, "b", "c")
        if folded is None:
            return
        gemm, b, c, factor, shift = folded
        new_b = b * factor[:, None] if gemm.trans_b is not None else b * factor[None, :]
        beta = gemm.beta.value.data
        new_c = shift if c is None or beta == 0.0 else beta * c * factor + shift
        bias_name = gemm.c.name_hint if gemm.c is not None else bn.bias.name_hint
        properties = {**gemm.properties, "beta": f32_attr(1.0)}
        _replace_with_folded(rewriter, bn, gemm, new_b, new_c, bias_name, properties)


@dataclass(frozen=True)
class FoldBatchnormPass(ModulePass):
    """Fold inference batch norms into the conv2d, conv_transpose2d or gemm before them.

    A `graph.batch_norm` with constant scale, bias, mean and var whose input is produced by
    a `graph.conv2d`, `graph.conv_transpose2d` or `graph.gemm` with constant weights (and
    constant or absent bias / C), with no fused activation and no other use, is folded
    into that op: with `f = scale / sqrt(var + epsilon)` per output channel, the weights of
    each output channel scale by `f` and the bias becomes `(b - mean) * f + bias_bn` (created
    when absent). Computed in float64, stored in the weights' element type (float32).
    Batch norms after anything else stay. Fails when `var + epsilon <= 0` in a channel.
    """

    name = "fold-batchnorm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        patterns = GreedyRewritePatternApplier(
            [FoldBatchNormIntoConv(), FoldBatchNormIntoConvTranspose(), FoldBatchNormIntoGemm()]
        )
        PatternRewriteWalker(patterns).rewrite_module(op)
