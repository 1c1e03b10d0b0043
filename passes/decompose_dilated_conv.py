"""`decompose-dilated-conv`: rewrite dilated `graph.conv2d`s as undilated convolutions, for
hardware without dilated windows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, StringAttr, TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects.graph import ConstantOp, Conv2dOp, InterleaveOp, PadOp, PhaseSliceOp
from xopt.dialects.graph.base import f32_attr, i64_array, ints, shape_of
from xopt.dialects.graph.phase_ops import phase_size
from xopt.dialects.graph.shape_ops import constant_array
from xopt.onnx_import.types import dense_attr

RULES = ("auto", "phases", "dense-kernel")


@dataclass(frozen=True)
class AxisPhase:
    """One input phase along one spatial axis: the dense conv of this phase reads `size`
    input pixels from `offset` in steps of `step` (unpadded input coordinates), with
    `pad_begin` / `pad_end` zero pixels around them, and produces `outputs` pixels."""

    outputs: int
    offset: int
    step: int
    size: int
    pad_begin: int
    pad_end: int


@dataclass(frozen=True)
class AxisPlan:
    """How one spatial axis splits: output phase `r` (output pixels `o` with
    `o % factor == r`) is a dense conv with stride `stride` over input phase `phases[r]`."""

    factor: int
    stride: int
    phases: tuple[AxisPhase, ...]


def axis_plan(
    size: int, kernel: int, stride: int, dilation: int, pads: tuple[int, int], out: int
) -> AxisPlan | None:
    """The phase split of one axis (see `DecomposeDilatedConvPass`), or None when some
    phase would read nothing but padding (the input must then be padded explicitly)."""
    pad_begin, pad_end = pads
    if kernel == 1 or dilation == 1:
        return AxisPlan(1, stride, (AxisPhase(out, 0, 1, size, pad_begin, pad_end),))
    common = math.gcd(stride, dilation)
    period, phase_stride = dilation // common, stride // common
    phases = []
    for r in range(min(period, out)):
        outputs = phase_size(out, r, period)
        start = r * stride  # padded coordinate of the phase's first pixel
        count = (outputs - 1) * phase_stride + kernel
        before = min(count, max(0, -(-(pad_begin - start) // dilation)))
        after = count - min(count, max(0, -(-(pad_begin + size - start) // dilation)))
        if count - before - after < 1:
            return None
        offset = start + dilation * before - pad_begin
        phases.append(AxisPhase(outputs, offset, dilation, count - before - after, before, after))
    return AxisPlan(len(phases), phase_stride, tuple(phases))


def conv_plans(conv: Conv2dOp, x_shape, pads) -> tuple[AxisPlan, AxisPlan] | None:
    """The (H, W) phase split of `conv` on an input of `x_shape` padded by `pads`, or None
    when a phase would read only padding."""
    _, _, kh, kw = shape_of(conv.weight)
    out = shape_of(conv.output)
    strides, dilations = ints(conv.strides), ints(conv.dilations)
    kernel = (kh, kw)
    plans = tuple(
        axis_plan(x_shape[2 + i], kernel[i], strides[i], dilations[i], pads[i::2], out[2 + i])
        for i in range(2)
    )
    return None if None in plans else plans


def _macs_per_output(conv: Conv2dOp) -> int:
    """N * O * C/group: MACs per output pixel position and kernel tap."""
    n = shape_of(conv.input)[0]
    o, per_group, _, _ = shape_of(conv.weight)
    return n * o * per_group


def phase_macs(conv: Conv2dOp, plans: tuple[AxisPlan, AxisPlan]) -> int:
    """MACs the phase form executes: every phase conv over its own outputs, kernel taps
    on padding included."""
    _, _, kh, kw = shape_of(conv.weight)
    outputs = sum(a.outputs * b.outputs for a in plans[0].phases for b in plans[1].phases)
    return _macs_per_output(conv) * outputs * kh * kw


def dense_kernel_macs(conv: Conv2dOp) -> int:
    """MACs the dense-kernel form executes: every tap of the dilated kernel, zeros included."""
    _, _, kh, kw = shape_of(conv.weight)
    (dh, dw), (_, _, oh, ow) = ints(conv.dilations), shape_of(conv.output)
    return _macs_per_output(conv) * oh * ow * ((kh - 1) * dh + 1) * ((kw - 1) * dw + 1)


def _where(conv: Conv2dOp) -> str:
    hint = conv.output.name_hint
    return f"{conv.name} %{hint}" if hint else conv.name


def _hint(conv: Conv2dOp, suffix: str) -> str | None:
    return f"{conv.output.name_hint}_{suffix}" if conv.output.name_hint else None


def _dense_conv(
    conv: Conv2dOp, x: SSAValue, weight: SSAValue, output_type, strides, pads
) -> Conv2dOp:
    """`conv` on `x` with `weight`, `strides`, `pads` and dilation 1 (bias, group,
    activation and discardable attributes such as `xopt.weight_bits` kept)."""
    operands = [x, weight] + ([conv.bias] if conv.bias is not None else [])
    properties = dict(conv.properties)
    properties.update(strides=i64_array(strides), pads=i64_array(pads), dilations=i64_array((1, 1)))
    return Conv2dOp.create(
        operands=operands,
        result_types=[output_type],
        properties=properties,
        attributes=dict(conv.attributes),
    )


def _explicit_padding(conv: Conv2dOp) -> PadOp:
    """`graph.pad` of `conv`'s input by its pads, with zeros."""
    top, left, bottom, right = ints(conv.pads)
    n, c, h, w = shape_of(conv.input)
    typ = TensorType(conv.input.type.get_element_type(), (n, c, h + top + bottom, w + left + right))
    pad = PadOp.create(
        operands=[conv.input],
        result_types=[typ],
        properties={
            "pads": i64_array((0, 0, top, left, 0, 0, bottom, right)),
            "mode": StringAttr("constant"),
            "value": f32_attr(0.0),
        },
    )
    pad.output.name_hint = _hint(conv, "padded")
    return pad


def _takes_all(x: SSAValue, ph: AxisPhase, pw: AxisPhase) -> bool:
    """Whether the input phase `(ph, pw)` is all of `x` (so needs no slice)."""
    whole = (0, 1, shape_of(x)[2]), (0, 1, shape_of(x)[3])
    return ((ph.offset, ph.step, ph.size), (pw.offset, pw.step, pw.size)) == whole


def _phase_ops(conv: Conv2dOp, x: SSAValue, plans: tuple[AxisPlan, AxisPlan]) -> list[Operation]:
    """Per phase a `graph.phase_slice` (unless it takes all of `x`) and a dense conv, then a
    `graph.interleave` of the phase results (unless there is one phase)."""
    ops: list[Operation] = []
    results: list[SSAValue] = []
    n, c = shape_of(x)[:2]
    element = conv.output.type.get_element_type()
    for rh, ph in enumerate(plans[0].phases):
        for rw, pw in enumerate(plans[1].phases):
            source = x
            if not _takes_all(x, ph, pw):
                phase_type = TensorType(x.type.get_element_type(), (n, c, ph.size, pw.size))
                sliced = PhaseSliceOp.create(
                    operands=[x],
                    result_types=[phase_type],
                    properties={
                        "offsets": i64_array((ph.offset, pw.offset)),
                        "steps": i64_array((ph.step, pw.step)),
                    },
                )
                sliced.output.name_hint = _hint(conv, f"in_h{rh}w{rw}")
                ops.append(sliced)
                source = sliced.output
            out_type = TensorType(element, (n, shape_of(conv.output)[1], ph.outputs, pw.outputs))
            strides = (plans[0].stride, plans[1].stride)
            pads = (ph.pad_begin, pw.pad_begin, ph.pad_end, pw.pad_end)
            phase_conv = _dense_conv(conv, source, conv.weight, out_type, strides, pads)
            phase_conv.output.name_hint = _hint(conv, f"h{rh}w{rw}")
            ops.append(phase_conv)
            results.append(phase_conv.output)
    if len(results) > 1:
        factors = i64_array((plans[0].factor, plans[1].factor))
        ops.append(
            InterleaveOp.create(
                operands=results,
                result_types=[conv.output.type],
                properties={"factors": factors},
            )
        )
    ops[-1].results[0].name_hint = conv.output.name_hint
    return ops


def _dense_kernel_ops(conv: Conv2dOp) -> list[Operation] | None:
    """The dilated kernel as a new constant (unless no tap moves) and one conv with it;
    None when the weight is not constant but would need dilating."""
    o, i, kh, kw = shape_of(conv.weight)
    dh, dw = ints(conv.dilations)
    extent = ((kh - 1) * dh + 1, (kw - 1) * dw + 1)
    ops: list[Operation] = []
    weight = conv.weight
    if extent != (kh, kw):
        array = constant_array(conv.weight)
        if array is None:
            return None
        dilated = np.zeros((o, i, *extent), array.dtype)
        dilated[:, :, ::dh, ::dw] = array
        constant = ConstantOp(dense_attr(dilated))
        if conv.weight.name_hint:
            constant.output.name_hint = f"{conv.weight.name_hint}_dilated"
        ops.append(constant)
        weight = constant.output
    dense = _dense_conv(
        conv, conv.input, weight, conv.output.type, ints(conv.strides), ints(conv.pads)
    )
    dense.output.name_hint = conv.output.name_hint
    return [*ops, dense]


class DecomposeDilatedConv(RewritePattern):
    """A `graph.conv2d` with a dilation > 1 -> the form `rule` asks for (see the pass)."""

    def __init__(self, rule: str):
        self.rule = rule

    @op_type_rewrite_pattern
    def match_and_rewrite(self, conv: Conv2dOp, rewriter: PatternRewriter, /) -> None:
        if all(d == 1 for d in ints(conv.dilations)):
            return
        padding: list[Operation] = []
        x = conv.input
        plans = conv_plans(conv, shape_of(x), ints(conv.pads))
        if plans is None:
            padding = [_explicit_padding(conv)]
            x = padding[0].results[0]
            plans = conv_plans(conv, shape_of(x), (0, 0, 0, 0))
            assert plans is not None
        dense = None if self.rule == "phases" else _dense_kernel_ops(conv)
        if self.rule == "dense-kernel" and dense is None:
            raise PassFailedException(
                f"{DecomposeDilatedConvPass.name}: {_where(conv)} has a weight that is not a "
                "graph.constant, so rule=dense-kernel cannot dilate it; use rule=phases"
            )
        use_dense = dense is not None and (
            self.rule == "dense-kernel" or dense_kernel_macs(conv) <= phase_macs(conv, plans)
        )
        weight = conv.weight.owner
        if use_dense:
            assert dense is not None
            rewriter.replace(conv, dense)
            _discard(padding)
        else:
            rewriter.replace(conv, [*padding, *_phase_ops(conv, x, plans)])
            _discard(dense or [])
        if isinstance(weight, ConstantOp) and not weight.output.uses:
            rewriter.erase(weight)


def _discard(ops: list[Operation]) -> None:
    """Erase ops that were built but not inserted, so their operands lose these uses."""
    for op in reversed(ops):
        op.erase(safe_erase=False)


@dataclass(frozen=True)
class DecomposeDilatedConvPass(ModulePass):
    """Rewrite every `graph.conv2d` with a dilation > 1 as convolutions with dilation 1.

    `rule=phases` (space-to-batch style). Per spatial axis with kernel extent `k > 1`,
    dilation `d > 1`, stride `s` and `g = gcd(s, d)`: output pixel `o` reads padded input
    pixels `o*s + i*d`, `i < k`. Splitting outputs by `r = o mod P` with `P = d / g`, output
    `o = P*q + r` reads `r*s + d*(q*s/g + i)`: output phase `r` is a dense conv with stride
    `s/g` and the same kernel over the input phase `xp[r*s :: d]` (the padded input `xp`
    sampled from `r*s` in steps of `d`). So `P` output phases need `P` input phases (those
    at `r*s mod d`, the multiples of `g`); when `d` divides `s`, `P = 1`: one phase, one
    strided dense conv, and input pixels between the phase's samples are never read. Every
    stride/dilation pair decomposes this way; there is no fallback. When the output has
    fewer than `P` pixels, only that many phases exist. Each input phase is a
    `graph.phase_slice` of the unpadded input, taking exactly the pixels its outputs read,
    and the conv's padding becomes each phase conv's own `pads` (how many of the phase's
    samples fall in the begin/end padding), so asymmetric pads need no padded copy. Only
    when some phase would read nothing but padding is the input padded with a `graph.pad`
    first and sliced from that. Phases of both axes combine (`P_h * P_w` phase convs); an
    axis with dilation 1 or kernel extent 1 is not split (its dilation is irrelevant there).
    Bias, group (depthwise included) and the fused `activation` go to every phase conv
    (all act per output pixel); a `graph.interleave` with `factors = [P_h, P_w]` puts the
    phase results back (omitted when there is one phase).

    `rule=dense-kernel`: one conv with dilation 1 whose kernel is the dilated kernel made
    explicit, `(k-1)*d + 1` taps per axis with zeros between the original taps (a new
    `graph.constant`; the weight must be constant). Same input, pads and stride.

    `rule=auto` (default) picks the form that executes fewer multiply-accumulates, counting
    every tap as executed (zero weights of the dilated kernel and taps on padding too), with
    `N` batch, `O` output channels, `C/group` input channels per group, `Ho x Wo` output:

        dense-kernel: N * O * Ho * Wo * C/group * ((kh-1)*dh + 1) * ((kw-1)*dw + 1)
        phases:       N * O * C/group * kh * kw * sum over phases of (phase Ho * phase Wo)
                    = N * O * Ho * Wo * C/group * kh * kw

    and on a tie dense-kernel (one conv and no data movement). As the phases partition the
    output exactly, phases never executes more MACs, and ties only when every dilated axis
    has kernel extent 1; a non-constant weight that would need dilating always takes phases.

    Convs with all dilations 1 are left alone. Fails, naming the conv, when `rule` is
    dense-kernel and the weight is not a constant that can be dilated.
    """

    name = "decompose-dilated-conv"

    rule: str = "auto"

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(
                f"{self.name}: unknown rule '{self.rule}'; use one of {', '.join(RULES)}"
            )

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(DecomposeDilatedConv(self.rule)).rewrite_module(op)
