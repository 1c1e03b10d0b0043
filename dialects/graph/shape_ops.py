"""Graph ops that move, select or reduce data: constants, concat, reshapes, pad, resize,
argmax and reductions (ONNX semantics, static shapes)."""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import (
    AnyFloat,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TensorType,
    UnitAttr,
)
from xdsl.ir import SSAValue
from xdsl.irdl import (
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, Pure
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.base import (
    GraphOp,
    check,
    expect_elements,
    expect_result_shape,
    int_array,
    shape_of,
)
from xopt.dialects.graph.canonicalization import (
    ConcatCanonicalization,
    IdentityCanonicalization,
    ReshapeLikeCanonicalization,
    TransposeCanonicalization,
)
from xopt.dialects.graph.dense_printing import parse_constant, print_constant


@irdl_op_definition
class ConstantOp(GraphOp):
    """A constant tensor (weights, biases, folded shapes). Large values print as hex blobs.

    Follows https://onnx.ai/onnx/operators/onnx__Constant.html; ONNX initializers import
    as this op.
    """

    name = "graph.constant"

    value = prop_def(DenseIntOrFPElementsAttr)
    output = result_def(TensorType)

    traits = traits_def(ConstantLike(), Pure())
    assembly_format = None  # custom print: weights print fast (see dense_printing)

    def __init__(self, value: DenseIntOrFPElementsAttr):
        super().__init__(properties={"value": value}, result_types=[value.type])

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        return parse_constant(cls, parser)

    def print(self, printer: Printer) -> None:
        print_constant(self, printer)

    def verify_(self) -> None:
        expect_elements(self, "any")
        if self.value.type != self.output.type:
            raise VerifyException(
                f"{self.name}: value type {self.value.type} must equal the result type "
                f"{self.output.type}"
            )


def constant_array(value: SSAValue | None, dtype=None) -> np.ndarray | None:
    """The array of a `graph.constant` result (as `dtype` if given); None for any other value."""
    from xopt.onnx_import.types import array_of

    if value is None or not isinstance(value.owner, ConstantOp):
        return None
    array = array_of(value.owner.value)
    return array if dtype is None else array.astype(dtype)


@irdl_op_definition
class ConcatOp(GraphOp):
    """Concatenation along `axis`; https://onnx.ai/onnx/operators/onnx__Concat.html."""

    name = "graph.concat"

    traits = traits_def(ConcatCanonicalization())

    inputs = var_operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)

    def verify_(self) -> None:
        if not self.inputs:
            raise VerifyException(f"{self.name}: needs at least one input")
        expect_elements(self, "any")
        expected = check(
            self, lambda: shapes.concat([shape_of(v) for v in self.inputs], self.axis.value.data)
        )
        expect_result_shape(self, expected)


@irdl_op_definition
class ReshapeOp(GraphOp):
    """Row-major reshape to the result type's shape (ONNX Reshape with its shape input
    resolved at import); https://onnx.ai/onnx/operators/onnx__Reshape.html."""

    name = "graph.reshape"

    traits = traits_def(ReshapeLikeCanonicalization())

    input = operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        expect_elements(self, "any")
        a, b = shape_of(self.input), shape_of(self.output)
        if shapes.num_elements(a) != shapes.num_elements(b):
            raise VerifyException(
                f"{self.name}: cannot reshape {a} into {b}: element counts differ"
            )


@irdl_op_definition
class FlattenOp(GraphOp):
    """Reshape to 2-D `(prod(shape[:axis]), prod(shape[axis:]))`;
    https://onnx.ai/onnx/operators/onnx__Flatten.html."""

    name = "graph.flatten"

    traits = traits_def(ReshapeLikeCanonicalization())

    input = operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)

    def verify_(self) -> None:
        expect_elements(self, "any")
        expected = check(self, lambda: shapes.flatten(shape_of(self.input), self.axis.value.data))
        expect_result_shape(self, expected)


@irdl_op_definition
class TransposeOp(GraphOp):
    """Axis permutation, `y.shape[i] = x.shape[perm[i]]`;
    https://onnx.ai/onnx/operators/onnx__Transpose.html."""

    name = "graph.transpose"

    traits = traits_def(TransposeCanonicalization())

    input = operand_def(TensorType)
    output = result_def(TensorType)

    perm = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "any")
        perm = int_array(self, "perm")
        expected = check(self, lambda: shapes.transpose(shape_of(self.input), perm))
        expect_result_shape(self, expected)


@irdl_op_definition
class SqueezeOp(GraphOp):
    """Removes the size-1 `axes`; https://onnx.ai/onnx/operators/onnx__Squeeze.html."""

    name = "graph.squeeze"

    traits = traits_def(ReshapeLikeCanonicalization())

    input = operand_def(TensorType)
    output = result_def(TensorType)

    axes = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "any")
        axes = int_array(self, "axes")
        expected = check(self, lambda: shapes.squeeze(shape_of(self.input), axes))
        expect_result_shape(self, expected)


@irdl_op_definition
class UnsqueezeOp(GraphOp):
    """Inserts size-1 `axes` (positions in the output);
    https://onnx.ai/onnx/operators/onnx__Unsqueeze.html."""

    name = "graph.unsqueeze"

    traits = traits_def(ReshapeLikeCanonicalization())

    input = operand_def(TensorType)
    output = result_def(TensorType)

    axes = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "any")
        axes = int_array(self, "axes")
        expected = check(self, lambda: shapes.unsqueeze(shape_of(self.input), axes))
        expect_result_shape(self, expected)


PAD_MODES = ("constant", "reflect", "edge")


@irdl_op_definition
class PadOp(GraphOp):
    """Pads every axis by `pads = [begin_0, ..., begin_n, end_0, ..., end_n]` (non-negative).

    `mode` is `constant` (fill with `value`), `reflect` (mirror without repeating the edge)
    or `edge` (repeat the edge); https://onnx.ai/onnx/operators/onnx__Pad.html.
    """

    name = "graph.pad"

    traits = traits_def(IdentityCanonicalization())

    input = operand_def(TensorType)
    output = result_def(TensorType)

    pads = prop_def(DenseArrayBase)
    mode = prop_def(StringAttr)
    value = prop_def(FloatAttr)

    def verify_(self) -> None:
        expect_elements(self, "any")
        if self.mode.data not in PAD_MODES:
            raise VerifyException(
                f"{self.name}: mode '{self.mode.data}' is not supported, expected one of "
                f"{', '.join(PAD_MODES)}"
            )
        pads = int_array(self, "pads")
        x = shape_of(self.input)
        expected = check(self, lambda: shapes.pad(x, pads))
        for i, p in enumerate(pads):
            axis = i % len(x)
            if self.mode.data == "reflect" and p >= x[axis] and p > 0:
                raise VerifyException(
                    f"{self.name}: reflect pad {p} on axis {axis} must be smaller than the "
                    f"axis size {x[axis]}"
                )
        expect_result_shape(self, expected)


RESIZE_MODES = ("nearest", "linear")
COORDINATE_MODES = ("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric")
NEAREST_MODES = ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")


@irdl_op_definition
class ResizeOp(GraphOp):
    """Resizes each axis by `scales` to the result shape, nearest or (multi)linear.

    For output index `o` on an axis with input size `n`, output size `m` and scale `s`, the
    input coordinate is `half_pixel: (o + 0.5)/s - 0.5`, `pytorch_half_pixel: same, or 0
    when m == 1`, `align_corners: o*(n-1)/(m-1)`, `asymmetric: o/s`. `nearest` rounds it by
    `nearest_mode` and clamps to [0, n-1]; `linear` interpolates the two neighbours, clamping
    the coordinate to [0, n-1]. Follows https://onnx.ai/onnx/operators/onnx__Resize.html
    (opsets 11-19; cubic and tf_crop_and_resize are not supported). Each result size is
    `floor(n * s)`, up to float rounding of the product (see `shapes.resize_range`).
    """

    name = "graph.resize"

    traits = traits_def(IdentityCanonicalization())

    input = operand_def(TensorType)
    output = result_def(TensorType)

    mode = prop_def(StringAttr)
    coordinate_transformation_mode = prop_def(StringAttr)
    nearest_mode = prop_def(StringAttr)
    scales = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "any")
        for name, allowed in (
            ("mode", RESIZE_MODES),
            ("coordinate_transformation_mode", COORDINATE_MODES),
            ("nearest_mode", NEAREST_MODES),
        ):
            value = getattr(self, name).data
            if value not in allowed:
                raise VerifyException(
                    f"{self.name}: {name} '{value}' is not supported, expected one of "
                    f"{', '.join(allowed)}"
                )
        if not isinstance(self.scales.elt_type, AnyFloat):
            raise VerifyException(f"{self.name}: scales must be a float array, got {self.scales}")
        scales = tuple(self.scales.get_values())
        x, y = shape_of(self.input), shape_of(self.output)
        check(self, lambda: shapes.check_resize(x, scales, y))


@irdl_op_definition
class ArgMaxOp(GraphOp):
    """Index (i64) of the maximum along `axis`; ties pick the first index, or the last with
    `select_last_index`; https://onnx.ai/onnx/operators/onnx__ArgMax.html."""

    name = "graph.argmax"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    keepdims = opt_prop_def(UnitAttr)
    select_last_index = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        expect_elements(self, "float or integer", ("input",))
        expect_elements(self, "any", ("output",))
        element = self.output.type.get_element_type()
        if not isinstance(element, IntegerType) or element.width.data != 64:
            raise VerifyException(f"{self.name}: result element type must be i64, got {element}")
        expected = check(
            self,
            lambda: shapes.reduce(
                shape_of(self.input), [self.axis.value.data], self.keepdims is not None
            ),
        )
        expect_result_shape(self, expected)


@irdl_op_definition
class ReduceMeanOp(GraphOp):
    """Mean over `axes` (all axes when empty); https://onnx.ai/onnx/operators/onnx__ReduceMean.html."""

    name = "graph.reduce_mean"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    axes = prop_def(DenseArrayBase)
    keepdims = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        expect_elements(self, "float or 32/64-bit integer")
        axes = int_array(self, "axes")
        expected = check(
            self,
            lambda: shapes.reduce(shape_of(self.input), axes, self.keepdims is not None),
        )
        expect_result_shape(self, expected)
