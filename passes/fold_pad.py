"""`fold-pad`: fold a constant-mode `graph.pad` of H and W into the conv2d, avgpool and
maxpool ops that read it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType, UnitAttr
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from xopt.dialects.graph import AvgPoolOp, Conv2dOp, MaxPoolOp, PadOp, shapes
from xopt.dialects.graph.base import i64_array, ints, shape_of
from xopt.onnx_import.types import numpy_dtype_of

WindowOp = Conv2dOp | AvgPoolOp | MaxPoolOp


def spatial_pads(pad: PadOp) -> tuple[int, int, int, int] | None:
    """`[top, left, bottom, right]` of a constant-mode pad of a 4-D (NCHW) tensor that pads
    only H and W; None for any other pad."""
    pads = ints(pad.pads)
    if pad.mode.data != "constant" or len(shape_of(pad.input)) != 4:
        return None
    n_begin, c_begin, top, left, n_end, c_end, bottom, right = pads
    if n_begin or c_begin or n_end or c_end or min(pads) < 0:
        return None
    return top, left, bottom, right


def _lowest(pad: PadOp) -> float:
    """The lowest finite value of the padded tensor's element type."""
    typ = pad.input.type
    assert isinstance(typ, TensorType)
    dtype = numpy_dtype_of(typ.get_element_type())
    info = np.finfo(dtype) if np.issubdtype(dtype, np.floating) else np.iinfo(dtype)
    return float(info.min)


def _absorbs_value(user: WindowOp, pad: PadOp) -> bool:
    """Whether the padding `user` adds itself behaves like `pad`'s fill value: zeros for
    conv2d and (counted) for avgpool, a value no input can exceed for maxpool."""
    value = pad.value.value.data
    if isinstance(user, MaxPoolOp):
        return value <= _lowest(pad)
    if value != 0.0:
        return False
    if isinstance(user, AvgPoolOp):
        # Pad positions of the pad op count in the divisor: only count_include_pad says so,
        # and it would also count the pool's own pads, which must then be counted already.
        return user.count_include_pad is not None or not any(ints(user.pads))
    return True


def folded_properties(user: WindowOp, pad: PadOp) -> dict[str, Attribute] | None:
    """`user`'s properties with `pad`'s H/W padding added to its own, when `user` reads
    `pad` as its input and computes the same result that way; None otherwise."""
    extra = spatial_pads(pad)
    if extra is None or user.operands[0] is not pad.output or pad.output in user.operands[1:]:
        return None
    if not _absorbs_value(user, pad):
        return None
    pads = [a + b for a, b in zip(ints(user.pads), extra, strict=True)]
    if isinstance(user, Conv2dOp):
        expected = shapes.conv2d(
            shape_of(pad.input),
            shape_of(user.weight),
            ints(user.strides),
            pads,
            ints(user.dilations),
            user.group.value.data,
        )
    else:
        kernel = ints(user.kernel_shape)
        # ONNX runtimes reject pool pads that are not smaller than the kernel.
        if any(p >= kernel[i % 2] for i, p in enumerate(pads)):
            return None
        expected = shapes.pool2d(
            shape_of(pad.input),
            kernel,
            ints(user.strides),
            pads,
            ints(user.properties.get("dilations"), (1, 1)),  # type: ignore[arg-type]
            user.ceil_mode is not None,
        )
    # ceil_mode drops a last window that starts in the end padding: the padded region now
    # counts as padding, so the window count may change; such pads stay.
    if tuple(expected) != shape_of(user.output):
        return None
    properties = {**user.properties, "pads": i64_array(pads)}
    if isinstance(user, AvgPoolOp):
        properties["count_include_pad"] = UnitAttr()
    return properties


class FoldPadIntoWindowOps(RewritePattern):
    """`op(pad(x))` -> `op(x)` with the pad's H/W padding added to `op`'s `pads`, for every
    user `op` of the pad (all conv2d, avgpool or maxpool, each able to absorb it)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, pad: PadOp, rewriter: PatternRewriter, /) -> None:
        users: list[Operation] = [use.operation for use in pad.output.uses]
        if not users or not all(isinstance(user, WindowOp) for user in users):
            return
        folded = [folded_properties(user, pad) for user in users]  # type: ignore[arg-type]
        if any(properties is None for properties in folded):
            return
        for user, properties in zip(users, folded, strict=True):
            assert properties is not None
            new = type(user).create(
                operands=[pad.input, *user.operands[1:]],
                result_types=[r.type for r in user.results],
                properties=properties,
                attributes=dict(user.attributes),
            )
            new.results[0].name_hint = user.results[0].name_hint
            rewriter.replace(user, new)
        rewriter.erase(pad)


@dataclass(frozen=True)
class FoldPadPass(ModulePass):
    """Fold explicit constant padding of H and W into the conv2d and pools that read it.

    Exporters emit `Pad` before a conv or pool for asymmetric or framework-specific padding
    (TF's `SAME`, PyTorch's `F.pad`); the targets pad inside their conv and pool kernels for
    free, so a separate pad only costs a copy. A `graph.pad` in `constant` mode of a 4-D
    NCHW tensor, padding H and W only, whose users are all `graph.conv2d`,
    `graph.avgpool` or `graph.maxpool` reading it as their input, is removed and its
    `[top, left, bottom, right]` added to each user's `pads`, when that is exact for every
    user:

    - conv2d: the fill value is 0 (a conv pads with zeros);
    - avgpool: the fill value is 0 and the padded positions are counted in the divisor, as
      they were input positions before: the pool gets `count_include_pad`, so it must either
      have it already or have no pads of its own (a pool that does not count its own pads
      but would have to count the folded ones cannot express that; the pad stays);
    - maxpool: the fill value is at most the lowest finite value of the element type (-inf
      or that value), so it never wins over an input value. Pool padding holds the lowest
      finite value (as in onnxruntime), so with a -inf fill the result changes only in a
      window whose every input is -inf: -inf before, the lowest finite value after.

    For pools the total pads must stay smaller than the kernel (onnxruntime's rule) and,
    with `ceil_mode`, the output size must not change (ceil_mode drops a last window that
    starts in the end padding); conv2d and pool results keep their shapes. Reflect and edge
    pads, pads of N or C, and pads with any other kind of user stay as they are.
    """

    name = "fold-pad"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(FoldPadIntoWindowOps()).rewrite_module(op)
