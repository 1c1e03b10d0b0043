"""`decompose-conv-transpose`: rewrite each transposed convolution as zero insertion, zero
padding and an ordinary convolution with the flipped, transposed kernel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, StringAttr, TensorType
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects.graph import (
    AddOp,
    ConstantOp,
    Conv2dOp,
    ConvTranspose2dOp,
    CropOp,
    InsertZerosOp,
    PadOp,
    ReshapeOp,
)
from xopt.dialects.graph.base import f32_attr, i64_array, ints, shape_of
from xopt.dialects.graph.shape_ops import constant_array
from xopt.onnx_import.types import dense_attr, numpy_dtype_of

PASS_NAME = "decompose-conv-transpose"


@dataclass(frozen=True)
class AxisPlan:
    """How one spatial axis of a transposed convolution becomes a convolution: drop
    `crop_begin`/`crop_end` input elements, insert `stride - 1` zeros between the others,
    pad `pad_begin`/`pad_end` zeros, then convolve with stride 1."""

    crop_begin: int
    crop_end: int
    pad_begin: int
    pad_end: int


def axis_plan(
    size: int,
    kernel: int,
    stride: int,
    dilation: int,
    pads: tuple[int, int],
    output_padding: int,
) -> AxisPlan | None:
    """The plan for one axis, or None when no input element reaches the output (every
    contribution lies in the part that `pads` crop away).

    The full transposed convolution puts `x[i] * w[j]` at `stride*i + dilation*j`, on
    `stride*(size-1) + dilation*(kernel-1) + 1 + output_padding` positions of which the
    result drops `pads[0]` at the start and `pads[1]` at the end. That equals a stride-1
    convolution with the flipped kernel over the zero-inserted input padded by
    `dilation*(kernel-1) - pads[0]` before and `dilation*(kernel-1) + output_padding - pads[1]`
    after. A negative amount crops the zero-inserted input instead: whole input elements are
    dropped (`ceil(-amount / stride)` of them) and the rest, `< stride`, is padded back.
    """
    extent = dilation * (kernel - 1)
    begin = extent - pads[0]
    end = extent + output_padding - pads[1]
    crop_begin = -(begin // stride) if begin < 0 else 0
    crop_end = -(end // stride) if end < 0 else 0
    if crop_begin + crop_end >= size:
        return None
    return AxisPlan(crop_begin, crop_end, begin + crop_begin * stride, end + crop_end * stride)


def conv_weight(weight: np.ndarray, group: int) -> np.ndarray:
    """ConvTranspose weights (C, O/group, kH, kW) as Conv weights (O, C/group, kH, kW):
    in each group the input and output channel axes swap, and each kernel turns by 180
    degrees."""
    c, per_group, kh, kw = weight.shape
    grouped = weight.reshape(group, c // group, per_group, kh, kw).transpose(0, 2, 1, 3, 4)
    flipped = grouped.reshape(group * per_group, c // group, kh, kw)[:, :, ::-1, ::-1]
    return np.ascontiguousarray(flipped)


def _where(op: Operation) -> str:
    hint = op.results[0].name_hint
    return f"{op.name} %{hint}" if hint else op.name


def _tensor(value: SSAValue, shape: Sequence[int]) -> TensorType:
    typ = value.type
    assert isinstance(typ, TensorType)
    return TensorType(typ.get_element_type(), list(shape))


def _named(op: Operation, base: str | None, suffix: str) -> Operation:
    op.results[0].name_hint = f"{base}_{suffix}" if base else None
    return op


def _spatial_plans(op: ConvTranspose2dOp) -> list[AxisPlan | None]:
    x, w = shape_of(op.input), shape_of(op.weight)
    strides, dilations, pads = ints(op.strides), ints(op.dilations), ints(op.pads)
    output_padding = ints(op.output_padding)
    return [
        axis_plan(
            x[2 + i], w[2 + i], strides[i], dilations[i], (pads[i], pads[2 + i]), output_padding[i]
        )
        for i in range(2)
    ]


def _bias_only(op: ConvTranspose2dOp) -> list[Operation]:
    """Ops computing the result of `op` when no input element reaches it: the bias
    broadcast to the result shape (zeros without a bias)."""
    out = shape_of(op.output)
    dtype = numpy_dtype_of(op.output.type.get_element_type())
    bias = constant_array(op.bias, dtype)
    if op.bias is None or bias is not None:
        values = np.zeros(out, dtype) if bias is None else bias.reshape(1, -1, 1, 1)
        result = ConstantOp(dense_attr(np.ascontiguousarray(np.broadcast_to(values, out))))
        return [result]
    hint = op.output.name_hint
    zeros = ConstantOp(dense_attr(np.zeros(out, dtype)))
    column = ReshapeOp.create(
        operands=[op.bias], result_types=[_tensor(op.bias, (1, out[1], 1, 1))]
    )
    result = AddOp.create(operands=[zeros.output, column.output], result_types=[op.output.type])
    return [_named(zeros, hint, "zeros"), _named(column, hint, "bias"), result]


class DecomposeConvTranspose(RewritePattern):
    """`conv_transpose2d(x, W, b)` -> `conv2d(pad(insert_zeros(crop(x))), W', b)`, each of
    crop, insert_zeros and pad only where it is not the identity (see `axis_plan` and
    `conv_weight`); with `pad_in_conv` the padding goes into the conv2d's `pads`."""

    def __init__(self, pad_in_conv: bool):
        self.pad_in_conv = pad_in_conv

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: ConvTranspose2dOp, rewriter: PatternRewriter, /) -> None:
        weight = constant_array(op.weight)
        if weight is None:
            raise PassFailedException(
                f"{PASS_NAME}: {_where(op)} has a weight that is not a graph.constant; the "
                "conv2d kernel is the flipped weight, computed at compile time"
            )
        plans = _spatial_plans(op)
        if None in plans:
            new_ops = _bias_only(op)
        else:
            new_ops = self._decomposed(op, weight, [p for p in plans if p is not None])
        new_ops[-1].results[0].name_hint = op.output.name_hint
        operands = list(op.operands)
        rewriter.replace(op, new_ops, new_ops[-1].results)
        for operand in operands:
            if isinstance(operand.owner, ConstantOp) and not operand.uses:
                rewriter.erase(operand.owner)

    def _decomposed(
        self, op: ConvTranspose2dOp, weight: np.ndarray, plans: list[AxisPlan]
    ) -> list[Operation]:
        hint = op.output.name_hint
        new_ops: list[Operation] = []
        value = op.input
        n, c, h, w = shape_of(value)
        (h_plan, w_plan), (sh, sw) = plans, ints(op.strides)
        crops = (h_plan.crop_begin, w_plan.crop_begin, h_plan.crop_end, w_plan.crop_end)
        if any(crops):
            h, w = h - crops[0] - crops[2], w - crops[1] - crops[3]
            crop = CropOp.create(
                operands=[value],
                result_types=[_tensor(value, (n, c, h, w))],
                properties={"crops": i64_array((0, 0, crops[0], crops[1], 0, 0, *crops[2:]))},
            )
            new_ops.append(_named(crop, hint, "cropped"))
            value = crop.results[0]
        if (sh, sw) != (1, 1):
            h, w = (h - 1) * sh + 1, (w - 1) * sw + 1
            upsample = InsertZerosOp.create(
                operands=[value],
                result_types=[_tensor(value, (n, c, h, w))],
                properties={"strides": i64_array((sh, sw))},
            )
            new_ops.append(_named(upsample, hint, "upsampled"))
            value = upsample.results[0]
        pads = (h_plan.pad_begin, w_plan.pad_begin, h_plan.pad_end, w_plan.pad_end)
        if any(pads) and not self.pad_in_conv:
            h, w = h + pads[0] + pads[2], w + pads[1] + pads[3]
            pad = PadOp.create(
                operands=[value],
                result_types=[_tensor(value, (n, c, h, w))],
                properties={
                    "pads": i64_array((0, 0, pads[0], pads[1], 0, 0, *pads[2:])),
                    "mode": StringAttr("constant"),
                    "value": f32_attr(0.0),
                },
            )
            new_ops.append(_named(pad, hint, "padded"))
            value = pad.results[0]
            pads = (0, 0, 0, 0)
        kernel = ConstantOp(dense_attr(conv_weight(weight, op.group.value.data)))
        kernel.output.name_hint = f"{op.weight.name_hint}_flipped" if op.weight.name_hint else None
        properties: dict[str, Attribute] = {
            "strides": i64_array((1, 1)),
            "pads": i64_array(pads),
            "dilations": op.dilations,
            "group": op.group,
        }
        bias = [op.bias] if op.bias is not None else []
        conv = Conv2dOp.create(
            operands=[value, kernel.output, *bias],
            result_types=[op.output.type],
            properties=properties,
        )
        return [*new_ops, kernel, conv]


@dataclass(frozen=True)
class DecomposeConvTransposePass(ModulePass):
    """Rewrite every `graph.conv_transpose2d` as `graph.insert_zeros` + `graph.pad` +
    `graph.conv2d`, for hardware without a transposed convolution.

    Per spatial axis, with stride s, dilation d, kernel size k, pads (p0, p1) and output
    padding q, the transposed convolution equals a convolution with stride 1, the same
    dilation, group and bias, and the kernel flipped in both spatial axes with input and
    output channels swapped within each group (`(C, O/g, kH, kW)` -> `(O, C/g, kH, kW)`),
    applied to the input with `s - 1` zeros inserted between elements (`graph.insert_zeros`,
    omitted when both strides are 1) and padded with zeros by `d*(k-1) - p0` before and
    `d*(k-1) + q - p1` after (`graph.pad`, omitted when all zero). When a pad would be
    negative, the pads crop more than the kernel's reach: the input elements whose
    contributions are all cropped are dropped first (`graph.crop`) and the remainder is
    padded. When no input element reaches the result at all, the result is the bias
    broadcast (a constant, or a reshape and add of a computed bias).

    With `pad_in_conv=true` the padding is the conv2d's `pads` instead of a `graph.pad`
    (for targets whose convolution pads freely). The weight must be a `graph.constant`;
    the pass fails otherwise, naming the op.
    """

    name = "decompose-conv-transpose"

    pad_in_conv: bool = False

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(DecomposeConvTranspose(self.pad_in_conv)).rewrite_module(op)
