"""Ops of the `quant` dialect: conversions between float and quantized tensors.

Integer semantics are defined once, in `xopt.executor.quant_numerics` (its docstring is the
specification every target reproduces bit for bit); these ops name which of its functions
they apply.
"""

from __future__ import annotations

from xdsl.dialects.builtin import AnyFloat, TensorType
from xdsl.ir import Attribute
from xdsl.irdl import IRDLOperation, irdl_op_definition, operand_def, result_def, traits_def
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.quant.base import quantized_element


def _check_float_pair(op: IRDLOperation, float_type: Attribute, quant_type: Attribute, what: str):
    element = quantized_element(op, quant_type, what, per_axis=True)
    assert isinstance(float_type, TensorType) and isinstance(quant_type, TensorType)
    if not isinstance(float_type.get_element_type(), AnyFloat):
        raise VerifyException(f"{op.name}: the float side must have a float element type")
    if float_type.get_element_type() != element.expressed_type:
        raise VerifyException(
            f"{op.name}: float element type {float_type.get_element_type()} differs from the "
            f"expressed type {element.expressed_type}"
        )
    if float_type.get_shape() != quant_type.get_shape():
        raise VerifyException(
            f"{op.name}: shapes differ: {float_type.get_shape()} and {quant_type.get_shape()}"
        )


@irdl_op_definition
class QuantizeOp(IRDLOperation):
    """Float to quantized: `q = clamp(round_half_even(x / scale) + zero_point, qmin, qmax)`,
    the division in float32, per tensor or per channel of the result type.

    Matches https://onnx.ai/onnx/operators/onnx__QuantizeLinear.html (see
    `quant_numerics.quantize`).
    """

    name = "quant.quantize"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    traits = traits_def(Pure())
    assembly_format = "$input attr-dict `:` type($input) `->` type($output)"

    def verify_(self) -> None:
        _check_float_pair(self, self.input.type, self.output.type, "the result")


@irdl_op_definition
class DequantizeOp(IRDLOperation):
    """Quantized to float: `x = float32(q - zero_point) * scale`, per tensor or per channel.

    Matches https://onnx.ai/onnx/operators/onnx__DequantizeLinear.html (see
    `quant_numerics.dequantize`).
    """

    name = "quant.dequantize"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    traits = traits_def(Pure())
    assembly_format = "$input attr-dict `:` type($input) `->` type($output)"

    def verify_(self) -> None:
        _check_float_pair(self, self.output.type, self.input.type, "the operand")
