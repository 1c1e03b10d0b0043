"""Quant ops that move stored integers: constants, concat, reshape, resize, argmax."""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import (
    AnyFloat,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TensorType,
    UnitAttr,
)
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
from xopt.dialects.graph.base import check, expect_result_shape, shape_of
from xopt.dialects.graph.dense_printing import parse_constant, print_constant
from xopt.dialects.graph.shape_ops import COORDINATE_MODES, NEAREST_MODES, RESIZE_MODES
from xopt.dialects.quant.base import (
    QuantOp,
    check_rounding,
    expect_same_quantization,
    quantized_element,
)


@irdl_op_definition
class ConstantOp(QuantOp):
    """A quantized constant (weights): `value` holds the stored integers in an integer
    tensor of 8, 16 or 32 bits (i4/i2 values one per byte; packing is a target's layout
    matter), the result type says what they stand for:

        %w = quant.constant {value = dense<[1, -7]> : tensor<2xi8>}
               : tensor<2x!quant.uniform<i4:f32, 0.5>>
    """

    name = "quant.constant"

    value = prop_def(DenseIntOrFPElementsAttr)
    output = result_def(TensorType)

    traits = traits_def(ConstantLike(), Pure())
    assembly_format = None

    def __init__(self, value: DenseIntOrFPElementsAttr, result_type: TensorType):
        super().__init__(properties={"value": value}, result_types=[result_type])

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        return parse_constant(cls, parser)

    def print(self, printer: Printer) -> None:
        print_constant(self, printer)

    def verify_(self) -> None:
        from xopt.onnx_import.types import array_of

        element = quantized_element(self, self.output, "result", per_axis=True)
        stored = self.value.get_element_type()
        if not isinstance(stored, IntegerType) or stored.width.data not in (8, 16, 32):
            raise VerifyException(
                f"{self.name}: value must hold 8-, 16- or 32-bit integers, got {stored}"
            )
        if stored.width.data < element.storage_bits:
            raise VerifyException(
                f"{self.name}: {stored} values cannot hold {element.storage_type_name} storage"
            )
        if tuple(self.value.get_shape()) != shape_of(self.output):
            raise VerifyException(
                f"{self.name}: value shape {tuple(self.value.get_shape())} differs from the "
                f"result shape {shape_of(self.output)}"
            )
        values = np.asarray(array_of(self.value), dtype=np.int64)
        if values.size and not element.qmin <= values.min() <= values.max() <= element.qmax:
            raise VerifyException(
                f"{self.name}: stored values must lie in [{element.qmin}, {element.qmax}], got "
                f"[{values.min()}, {values.max()}]"
            )


@irdl_op_definition
class ConcatOp(QuantOp):
    """Concatenation along `axis`. Each input whose parameters differ from the result's is
    first requantized to them exactly as `quant.requantize` does; others are copied."""

    name = "quant.concat"

    inputs = var_operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        if not self.inputs:
            raise VerifyException(f"{self.name}: needs at least one input")
        for i, value in enumerate(self.inputs):
            quantized_element(self, value, f"inputs #{i}")
        quantized_element(self, self.output, "result")
        expected = check(
            self, lambda: shapes.concat([shape_of(v) for v in self.inputs], self.axis.value.data)
        )
        expect_result_shape(self, expected)
        check_rounding(self)


@irdl_op_definition
class ReshapeOp(QuantOp):
    """Row-major reshape (also flatten, squeeze, unsqueeze); the stored integers and their
    quantization are unchanged."""

    name = "quant.reshape"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        quantized_element(self, self.output, "result")
        expect_same_quantization(self, self.input, self.output, "input and result")
        a, b = shape_of(self.input), shape_of(self.output)
        if shapes.num_elements(a) != shapes.num_elements(b):
            raise VerifyException(f"{self.name}: cannot reshape {a} into {b}: counts differ")


@irdl_op_definition
class ResizeOp(QuantOp):
    """Resize with `graph.resize`'s geometry. `nearest` copies stored integers (input and
    result share one type). `linear` interpolates in integers: each interpolated axis's two
    weights are fixed-point numbers with W = `quant_numerics.RESIZE_WEIGHT_BITS` = 10
    fraction bits summing to 2^W, truncated from the float32 source coordinate as
    onnxruntime's integer bilinear Resize does (`quant_numerics.resize_weights`); the
    weighted sum of (x - z_x) is exact and `y = requantize(sum, s_x / (s_y * 2^(W * axes)),
    z_y)` with `axes` the number of interpolated axes. With `rounding = "float"`, linear is
    what onnxruntime runs for a QDQ Resize: dequantize, its float32 bilinear blend (rank 2,
    or rank 4 resizing two axes), quantize (see `quant_numerics`)."""

    name = "quant.resize"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    mode = prop_def(StringAttr)
    coordinate_transformation_mode = prop_def(StringAttr)
    nearest_mode = prop_def(StringAttr)
    scales = prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        quantized_element(self, self.output, "result")
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
        if self.mode.data == "nearest":
            expect_same_quantization(self, self.input, self.output, "nearest input and result")
        if not isinstance(self.scales.elt_type, AnyFloat):
            raise VerifyException(f"{self.name}: scales must be a float array, got {self.scales}")
        scales = tuple(self.scales.get_values())
        x, y = shape_of(self.input), shape_of(self.output)
        check(self, lambda: shapes.check_resize(x, scales, y))
        check_rounding(self)


@irdl_op_definition
class ArgMaxOp(QuantOp):
    """Index (i64) of the largest stored integer along `axis` (the same index as for the
    real values, since scales are positive); ties pick the first index, or the last with
    `select_last_index`. As `graph.argmax`."""

    name = "quant.argmax"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    keepdims = opt_prop_def(UnitAttr)
    select_last_index = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
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
