"""Element-wise quant ops: add and mul with independent input scales, requantize, table
lookup for non-linear activations, and softmax (an exponential table and one division).

Stored integers a, b, x and result y; s and z are scales and zero points. `requantize` is
`xopt.executor.quant_numerics.requantize` in the op's `rounding` mode, saturating to the
`clamp` bounds when present (a fused activation), else to the result's storage range.
"""

from __future__ import annotations

from xdsl.dialects.builtin import (
    DenseArrayBase,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TensorType,
)
from xdsl.irdl import irdl_op_definition, operand_def, opt_prop_def, prop_def, result_def
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.base import check, expect_result_shape, ints, shape_of
from xopt.dialects.quant.base import QuantOp, check_clamp, check_rounding, quantized_element
from xopt.executor.quant_numerics import SOFTMAX_MAX_LENGTH, softmax_output_shift

ADD_LEFT_SHIFT = 20
"""Headroom bits of `quant.add`'s fixed-point mode (TFLite's value for 8-bit inputs)."""

TABLE_MAX_BITS = 8
"""`quant.table` inputs are stored in at most this many bits (at most 256 entries)."""


class _BinaryOp(QuantOp):
    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    output = result_def(TensorType)

    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        quantized_element(self, self.lhs, "lhs")
        quantized_element(self, self.rhs, "rhs")
        output = quantized_element(self, self.output, "result")
        expected = check(self, lambda: shapes.broadcast(shape_of(self.lhs), shape_of(self.rhs)))
        expect_result_shape(self, expected)
        check_rounding(self)
        check_clamp(self, output)


@irdl_op_definition
class AddOp(_BinaryOp):
    """Sum of two tensors with their own scales (numpy broadcasting).

    fixed_point (TFLite's integer Add, with L = ADD_LEFT_SHIFT and m = 2 * max(s_a, s_b)):
        a' = rescale((a - z_a) * 2^L, s_a / m),  b' = rescale((b - z_b) * 2^L, s_b / m)
        y  = requantize(a' + b', m / (2^L * s_y), z_y, lo, hi)
    where rescale is requantize without zero point or saturation.
    float: onnxruntime's QLinearAdd in float32 with fused multiply-adds, exactly as the
    "Add" section of `quant_numerics` states.
    """

    name = "quant.add"


@irdl_op_definition
class MulOp(_BinaryOp):
    """Product of two tensors with their own scales (numpy broadcasting). fixed_point:
    `y = requantize((a - z_a) * (b - z_b), s_a * s_b / s_y, z_y, lo, hi)`; float:
    onnxruntime's QLinearMul, which adds z_y before rounding ("Mul" in `quant_numerics`)."""

    name = "quant.mul"


@irdl_op_definition
class RequantizeOp(QuantOp):
    """Change of quantization parameters or storage width, per tensor. fixed_point:
    `y = requantize(x - z_x, s_x / s_y, z_y, qmin_y, qmax_y)`; float: dequantize then
    quantize in float32, as onnxruntime runs a DequantizeLinear -> QuantizeLinear pair."""

    name = "quant.requantize"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        quantized_element(self, self.output, "result")
        expect_result_shape(self, shape_of(self.input))
        check_rounding(self)


@irdl_op_definition
class TableOp(QuantOp):
    """Table lookup for a non-linear activation: `y = values[x - qmin_x]`, one entry per
    stored input value (at most 8-bit inputs). The table is built by the quantizer as
    `values[i] = quantize(f(dequantize(qmin_x + i)))` in the result's parameters; `function`
    names f (for example `sigmoid`, `tanh`, `hard_swish`) and is informative only."""

    name = "quant.table"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    values = prop_def(DenseArrayBase)
    function = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        x = quantized_element(self, self.input, "input")
        y = quantized_element(self, self.output, "result")
        expect_result_shape(self, shape_of(self.input))
        if x.storage_bits > TABLE_MAX_BITS:
            raise VerifyException(
                f"{self.name}: input must be stored in at most {TABLE_MAX_BITS} bits, "
                f"got {x.storage_bits}"
            )
        if not isinstance(self.values.elt_type, IntegerType):
            raise VerifyException(f"{self.name}: values must be an integer array")
        entries = ints(self.values)
        if len(entries) != x.qmax - x.qmin + 1:
            raise VerifyException(
                f"{self.name}: the table needs {x.qmax - x.qmin + 1} entries (one per input "
                f"value), got {len(entries)}"
            )
        if entries and not y.qmin <= min(entries) <= max(entries) <= y.qmax:
            raise VerifyException(
                f"{self.name}: table entries must lie in the result range [{y.qmin}, {y.qmax}]"
            )


@irdl_op_definition
class SoftmaxOp(QuantOp):
    """Softmax along `axis` (graph.softmax, opset-13 semantics) from an exponential table:
    with m the largest stored input along the axis, e = E[m - x] and S the sum of e,
    `y = clamp(z_y + round(e / S / s_y))`. The result's scale must be 2^-k (k <= 16; the
    quantizer uses 2^-bits and z_y = qmin, the range [0, 1)), inputs are stored in at most
    8 bits and the axis has at most 2^15 elements. fixed_point: E is the 16-bit table of
    `quant_numerics.softmax_exp_table` and the division is exact integer arithmetic; float:
    onnxruntime's QLinearSoftmax ("Softmax" in `quant_numerics`)."""

    name = "quant.softmax"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    axis = prop_def(IntegerAttr)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        x = quantized_element(self, self.input, "input")
        y = quantized_element(self, self.output, "result")
        shape = shape_of(self.input)
        expect_result_shape(self, shape)
        check_rounding(self)
        axis = check(self, lambda: shapes.normalize_axis(self.axis.value.data, len(shape)))
        if x.storage_bits > TABLE_MAX_BITS:
            raise VerifyException(
                f"{self.name}: input must be stored in at most {TABLE_MAX_BITS} bits, "
                f"got {x.storage_bits}"
            )
        if shape[axis] > SOFTMAX_MAX_LENGTH:
            raise VerifyException(
                f"{self.name}: the softmax axis has {shape[axis]} elements, at most "
                f"{SOFTMAX_MAX_LENGTH} are supported"
            )
        check(self, lambda: softmax_output_shift(y.scale))
