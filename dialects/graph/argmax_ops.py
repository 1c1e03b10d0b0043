"""Graph ops for the accelerator forms of ArgMax: the two stages of a grouped ArgMax
(`graph.argmax_groups`, `graph.argmax_select`) and ArgMax fused into the Resize before it
(`graph.resize_argmax`).

Each computes exactly what `graph.argmax` (ONNX ArgMax) computes on the same values, tie
rule included: the passes `decompose-argmax` and `fuse-resize-argmax` produce them. Index
results are signless integers of 16, 32 or 64 bits, wide enough for the largest index (an
NPU writes an i16 class map where the model's ArgMax says i64).
"""

from __future__ import annotations

from xdsl.dialects.builtin import (
    AnyFloat,
    DenseArrayBase,
    Float32Type,
    IntegerAttr,
    IntegerType,
    Signedness,
    StringAttr,
    TensorType,
    UnitAttr,
)
from xdsl.ir import SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
)
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.base import (
    GraphOp,
    check,
    expect_elements,
    expect_result_shape,
    shape_of,
)
from xopt.dialects.graph.shape_ops import COORDINATE_MODES, NEAREST_MODES, RESIZE_MODES

INDEX_WIDTHS = (16, 32, 64)
"""Bit widths an index result may have."""


def index_width(count: int) -> int:
    """The narrowest index width (of INDEX_WIDTHS) that holds every index of `count` classes:
    16 up to 32768 classes, 32 from 32769 on."""
    return next(w for w in INDEX_WIDTHS if count - 1 <= 2 ** (w - 1) - 1)


def index_element(op: GraphOp, label: str, value: SSAValue) -> IntegerType:
    """The element type of index tensor `value`, checked to be i16, i32 or i64."""
    element = value.type.get_element_type()
    if (
        not isinstance(element, IntegerType)
        or element.width.data not in INDEX_WIDTHS
        or element.signedness.data != Signedness.SIGNLESS
    ):
        raise VerifyException(
            f"{op.name}: {label} element type must be i16, i32 or i64, got {element}"
        )
    return element


def expect_holds(op: GraphOp, label: str, value: SSAValue, count: int) -> None:
    """Check that index tensor `value` can hold every index of `count` classes."""
    element = index_element(op, label, value)
    if count - 1 > 2 ** (element.width.data - 1) - 1:
        raise VerifyException(
            f"{op.name}: {label} element type {element} cannot hold index {count - 1} of "
            f"{count} classes; use i{index_width(count)} or wider"
        )


def _axis(op: GraphOp, rank: int) -> int:
    return check(op, lambda: shapes.normalize_axis(op.axis.value.data, rank))


@irdl_op_definition
class ArgMaxGroupsOp(GraphOp):
    """Stage 1 of a grouped ArgMax: the maximum of each group of `group` consecutive
    entries along `axis`, and the index where it is.

    With `C` entries along `axis`, group `g` (0 <= g < G = ceil(C / group)) covers indices
    `[g * group, min((g + 1) * group, C))` (the last group may be smaller). `indices[g]` is
    the index along `axis` of the whole input (not the offset in the group) of the group's
    first maximum, or its last with `select_last_index`; `values[g]` is the input there.
    Both results have the input's shape with `C` replaced by `G`; `values` has the input's
    element type, `indices` is i16, i32 or i64 wide enough for `C - 1`. NaN ranks above
    every number, as in `graph.argmax`'s reference kernel. `graph.argmax_select` finishes
    the ArgMax (https://onnx.ai/onnx/operators/onnx__ArgMax.html).

    On int8 activations (a quant twin) stage 1 is the NPU-friendly part: one vector max and
    one compare per group of channels, independent of the others.
    """

    name = "graph.argmax_groups"

    input = operand_def(TensorType)
    values = result_def(TensorType)
    indices = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    group = prop_def(IntegerAttr)
    select_last_index = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        expect_elements(self, "float or integer", ("input", "values"))
        expect_elements(self, "any", ("indices",))
        verify_argmax_groups_geometry(self)


@irdl_op_definition
class ArgMaxSelectOp(GraphOp):
    """Stage 2 of a grouped ArgMax: the index of the largest of the group maxima.

    `j` is the first position along `axis` where `values` is largest, or the last with
    `select_last_index` (NaN ranks above every number); the result is `indices[j]`, with
    `axis` removed (kept as size 1 with `keepdims`). After `graph.argmax_groups` with the
    same `select_last_index` this is exactly ONNX ArgMax
    (https://onnx.ai/onnx/operators/onnx__ArgMax.html): an earlier group's maximum is
    smaller than a later equal group's first maximum, so the first largest group holds the
    first largest entry (and the last one the last). `values` and `indices` have one
    shape; the result is i16, i32 or i64, at least as wide as `indices`.
    """

    name = "graph.argmax_select"

    values = operand_def(TensorType)
    indices = operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    keepdims = opt_prop_def(UnitAttr)
    select_last_index = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        expect_elements(self, "float or integer", ("values",))
        expect_elements(self, "any", ("indices", "output"), same=False)
        verify_argmax_select_geometry(self)


@irdl_op_definition
class ResizeArgmaxOp(GraphOp):
    """ArgMax over the channels of a Resize of an NCHW tensor, without the resized tensor.

    The result is `ArgMax(Resize(x), axis=1)` with `graph.resize`'s `mode`,
    `coordinate_transformation_mode`, `nearest_mode` and `scales` (whose N and C entries
    must be 1) and ArgMax's `keepdims` and `select_last_index`
    (https://onnx.ai/onnx/operators/onnx__Resize.html,
    https://onnx.ai/onnx/operators/onnx__ArgMax.html): shape (N, H', W'), or (N, 1, H', W')
    with `keepdims`, where H' and W' are the Resize's output sizes. It is i16, i32 or i64,
    wide enough for C - 1 (the fusing pass picks i16 below 32769 classes).

    Each interpolated value is the one onnxruntime's Resize computes, bit for bit, so the
    index is exact at near-ties too. `nearest` copies input pixels, so the class map is the
    ArgMax at input resolution resized by nearest. `linear` (input f32 only) is
    onnxruntime's bilinear formula in float32, with the source coordinate `c` of each output
    row and column (see `graph.resize`) clamped to [0, n - 1], `i1 = floor(c)`,
    `i2 = min(i1 + 1, n - 1)`, weights `d1 = |c - i2|`, `d2 = |c - i1|` (0.5 and 0.5 when
    i1 == i2) and `v_ab = x[n, k, y_b, x_a]`:

        t = (((dx1 * dy1) * v11 + (dx2 * dy1) * v21) + (dx1 * dy2) * v12) + (dx2 * dy2) * v22

    A resize that changes neither H nor W is the ArgMax of `x`. A kernel needs one output
    row of C x W' values at a time, never N x C x H' x W'.
    """

    name = "graph.resize_argmax"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    mode = prop_def(StringAttr)
    coordinate_transformation_mode = prop_def(StringAttr)
    nearest_mode = prop_def(StringAttr)
    scales = prop_def(DenseArrayBase)
    keepdims = opt_prop_def(UnitAttr)
    select_last_index = opt_prop_def(UnitAttr)

    def resized_shape(self) -> tuple[int, ...]:
        """(N, C, H', W'): the shape of the Resize result that is not materialised."""
        n, c = shape_of(self.input)[:2]
        h, w = shape_of(self.output)[-2:]
        return (n, c, h, w)

    def verify_(self) -> None:
        expect_elements(self, "float or integer", ("input",))
        expect_elements(self, "any", ("output",))
        x = verify_resize_modes(self)
        if self.mode.data == "linear" and not isinstance(
            self.input.type.get_element_type(), Float32Type
        ):
            raise VerifyException(
                f"{self.name}: linear mode needs an f32 input (onnxruntime's float32 "
                f"arithmetic), got {self.input.type.get_element_type()}"
            )
        verify_resize_argmax_geometry(self, x)


def verify_resize_modes(op: IRDLOperation) -> tuple[int, ...]:
    """Checks of a resize_argmax's modes and NCHW input (graph and quant ops); the input
    shape."""
    for name, allowed in (
        ("mode", RESIZE_MODES),
        ("coordinate_transformation_mode", COORDINATE_MODES),
        ("nearest_mode", NEAREST_MODES),
    ):
        value = getattr(op, name).data
        if value not in allowed:
            raise VerifyException(
                f"{op.name}: {name} '{value}' is not supported, expected one of "
                f"{', '.join(allowed)}"
            )
    x = shape_of(op.input)
    if len(x) != 4:
        raise VerifyException(f"{op.name}: input must be NCHW (rank 4), got rank {len(x)}")
    return x


def verify_resize_argmax_geometry(op: IRDLOperation, x: tuple[int, ...]) -> None:
    """Checks of a resize_argmax's scales and class-map shape (graph and quant ops)."""
    if not isinstance(op.scales.elt_type, AnyFloat):
        raise VerifyException(f"{op.name}: scales must be a float array, got {op.scales}")
    scales = tuple(op.scales.get_values())
    if len(scales) != 4 or scales[0] != 1.0 or scales[1] != 1.0:
        raise VerifyException(
            f"{op.name}: scales must be 4 values with N and C scales 1, got {scales}"
        )
    y = shape_of(op.output)
    expected_rank = 4 if op.keepdims is not None else 3
    if len(y) != expected_rank:
        raise VerifyException(f"{op.name}: result must have rank {expected_rank}, got shape {y}")
    if y[0] != x[0] or (op.keepdims is not None and y[1] != 1):
        raise VerifyException(
            f"{op.name}: result shape {y} must be (N, H', W') or with keepdims "
            f"(N, 1, H', W') for input {x}"
        )
    check(op, lambda: shapes.check_resize(x, scales, op.resized_shape()))
    expect_holds(op, "result", op.output, x[1])


def verify_argmax_groups_geometry(op: IRDLOperation) -> None:
    """Checks of an argmax_groups's axis, group and result shapes (graph and quant ops)."""
    x = shape_of(op.input)
    axis = _axis(op, len(x))
    group = op.group.value.data
    if group < 1:
        raise VerifyException(f"{op.name}: group must be at least 1, got {group}")
    expected = list(x)
    expected[axis] = -(-x[axis] // group)
    expect_result_shape(op, expected, 0)
    expect_result_shape(op, expected, 1)
    expect_holds(op, "indices", op.indices, x[axis])


def verify_argmax_select_geometry(op: IRDLOperation) -> None:
    """Checks of an argmax_select's shapes and index types (graph and quant ops)."""
    v = shape_of(op.values)
    if shape_of(op.indices) != v:
        raise VerifyException(
            f"{op.name}: indices shape {shape_of(op.indices)} differs from values shape {v}"
        )
    axis = _axis(op, len(v))
    expect_result_shape(op, shapes.reduce(v, [axis], op.keepdims is not None))
    index = index_element(op, "indices", op.indices)
    output = index_element(op, "result", op.output)
    if output.width.data < index.width.data:
        raise VerifyException(
            f"{op.name}: result element type {output} is narrower than indices element type {index}"
        )
