"""Quant twins of the accelerator forms of ArgMax: the two stages of a grouped ArgMax
(`quant.argmax_groups`, `quant.argmax_select`) and ArgMax fused into the Resize before it
(`quant.resize_argmax`).

Scales are positive, so the largest stored integer is the largest real value and each op
is its graph twin applied to the stored integers, tie rule included. `quant.resize_argmax`
equals `quant.argmax(quant.resize(x))` exactly: it carries the type the resize result would
have (`resized`), so the ties that the resize's requantization creates are the same.
"""

from __future__ import annotations

from xdsl.dialects.builtin import (
    DenseArrayBase,
    IntegerAttr,
    StringAttr,
    TensorType,
    UnitAttr,
)
from xdsl.irdl import irdl_op_definition, operand_def, opt_prop_def, prop_def, result_def
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.argmax_ops import (
    verify_argmax_groups_geometry,
    verify_argmax_select_geometry,
    verify_resize_argmax_geometry,
    verify_resize_modes,
)
from xopt.dialects.graph.base import check, shape_of
from xopt.dialects.quant.base import (
    QuantOp,
    check_rounding,
    expect_same_quantization,
    quantized_element,
)
from xopt.dialects.quant.types import QuantizedType, UniformQuantizedType


def _axis(op: QuantOp, rank: int) -> int:
    return check(op, lambda: shapes.normalize_axis(op.axis.value.data, rank))


@irdl_op_definition
class ArgMaxGroupsOp(QuantOp):
    """`graph.argmax_groups` on stored integers: per group of `group` consecutive entries
    along `axis` (group `g` covers `[g * group, min((g + 1) * group, C))`), `values[g]` is
    the largest stored integer (values keep the input's type) and `indices[g]` its index
    along the whole axis, the first one, or the last with `select_last_index`. Indices are
    i16, i32 or i64, wide enough for `C - 1`."""

    name = "quant.argmax_groups"

    input = operand_def(TensorType)
    values = result_def(TensorType)
    indices = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    group = prop_def(IntegerAttr)
    select_last_index = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        quantized_element(self, self.values, "values")
        expect_same_quantization(self, self.input, self.values, "input and values")
        verify_argmax_groups_geometry(self)


@irdl_op_definition
class ArgMaxSelectOp(QuantOp):
    """`graph.argmax_select` on stored integers: `indices[j]` at the first position `j`
    along `axis` where `values` is largest (the last with `select_last_index`), with `axis`
    removed (kept as size 1 with `keepdims`). After `quant.argmax_groups` with the same
    `select_last_index` it equals `quant.argmax` of the groups' input exactly."""

    name = "quant.argmax_select"

    values = operand_def(TensorType)
    indices = operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    keepdims = opt_prop_def(UnitAttr)
    select_last_index = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        quantized_element(self, self.values, "values")
        verify_argmax_select_geometry(self)


@irdl_op_definition
class ResizeArgmaxOp(QuantOp):
    """ArgMax over the channels of a `quant.resize` of an NCHW tensor, without the resized
    tensor: exactly `quant.argmax(quant.resize(x), axis = 1)`.

    Per output pixel, each channel's resized stored value is what `quant.resize` with this
    op's `mode`, `coordinate_transformation_mode`, `nearest_mode`, `scales` (N and C
    entries 1) and `rounding` computes into the type `resized`, with the same integer
    weights and the same requantization (see `quant_numerics`, "Resize, linear"); the
    result is the index of the largest of these stored integers, the first one, or the last
    with `select_last_index`. So ties that the requantization to `resized` creates are
    broken as `quant.argmax` breaks them. `nearest` copies stored integers and has no
    `resized` (the resized tensor has the input's type); `linear` needs it. The result is
    (N, H', W'), or (N, 1, H', W') with `keepdims`, of i16, i32 or i64 wide enough for
    C - 1. A kernel needs one output row of C x W' resized values at a time.
    """

    name = "quant.resize_argmax"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    mode = prop_def(StringAttr)
    coordinate_transformation_mode = prop_def(StringAttr)
    nearest_mode = prop_def(StringAttr)
    scales = prop_def(DenseArrayBase)
    resized = opt_prop_def(QuantizedType)
    keepdims = opt_prop_def(UnitAttr)
    select_last_index = opt_prop_def(UnitAttr)
    rounding = opt_prop_def(StringAttr)

    def resized_shape(self) -> tuple[int, ...]:
        """(N, C, H', W'): the shape of the resize result that is not materialised."""
        n, c = shape_of(self.input)[:2]
        h, w = shape_of(self.output)[-2:]
        return (n, c, h, w)

    def resized_type(self) -> TensorType:
        """The type of the resize result that is not materialised."""
        element = (
            self.resized
            if self.resized is not None
            else quantized_element(self, self.input, "input")
        )
        return TensorType(element, self.resized_shape())

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        x = verify_resize_modes(self)
        self._verify_resized()
        verify_resize_argmax_geometry(self, x)
        check_rounding(self)

    def _verify_resized(self) -> None:
        if self.mode.data == "nearest":
            if self.resized is not None:
                raise VerifyException(
                    f"{self.name}: nearest copies stored integers, so it takes no resized "
                    f"type (the input's is used), got {self.resized}"
                )
            return
        if self.resized is None:
            raise VerifyException(
                f"{self.name}: linear mode needs `resized`, the !quant.uniform type the "
                "resize result is requantized to"
            )
        if not isinstance(self.resized, UniformQuantizedType):
            raise VerifyException(
                f"{self.name}: resized must be quantized per tensor, got {self.resized}"
            )
