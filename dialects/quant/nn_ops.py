"""Quant ops with weights or windows: conv2d, fully_connected and the pools.

Layout is the graph level's: NCHW activations, OIHW weights. Activations are quantized per
tensor; weights per tensor or per output channel (axis 0). With x, w, y the stored integers
of input, weight and result, their scales s and zero points z, each result is

    acc = sum over the window of (x - z_x) * (w - z_w) + bias     (exact; int32 by design)
    y   = requantize(acc, s_x * s_w / s_y, z_y, lo, hi)

where `bias` is an i32 tensor at scale s_x * s_w (so bias = round(b / (s_x * s_w))), `lo, hi`
are the `clamp` bounds (a fused activation) or the result's storage range, and `requantize`
is `xopt.executor.quant_numerics.requantize` in the op's `rounding` mode.
"""

from __future__ import annotations

from xdsl.dialects.builtin import DenseArrayBase, IntegerAttr, StringAttr, TensorType, UnitAttr
from xdsl.irdl import (
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    result_def,
)
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.base import check, expect_result_shape, int_array, shape_of
from xopt.dialects.quant.base import (
    QuantOp,
    check_accumulator,
    check_clamp,
    check_rounding,
    expect_same_quantization,
    quantized_element,
)
from xopt.dialects.quant.types import QuantizedType, UniformQuantizedPerAxisType


def _check_weight(op: QuantOp, weight: QuantizedType, channels: int) -> None:
    if isinstance(weight, UniformQuantizedPerAxisType) and weight.axis != 0:
        raise VerifyException(
            f"{op.name}: per-channel weights must be quantized along axis 0 (output channels), "
            f"got axis {weight.axis}"
        )
    if weight.storage_bits > 8:
        raise VerifyException(
            f"{op.name}: weights must be stored in at most 8 bits, got {weight.storage_bits}"
        )


def _check_rescaling_op(op: QuantOp, output: QuantizedType) -> None:
    check_rounding(op)
    check_clamp(op, output)


@irdl_op_definition
class Conv2dOp(QuantOp):
    """Integer 2-D convolution (grouped and depthwise included) with int32 accumulation,
    an optional i32 bias and requantization to the result type (see the module docstring).

    Geometry as `graph.conv2d`: `pads = [top, left, bottom, right]`; padded input positions
    hold z_x, i.e. contribute zero.
    """

    name = "quant.conv2d"

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    bias = opt_operand_def(TensorType)
    output = result_def(TensorType)

    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)
    dilations = prop_def(DenseArrayBase)
    group = prop_def(IntegerAttr)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        weight = quantized_element(self, self.weight, "weight", per_axis=True)
        output = quantized_element(self, self.output, "result")
        group = self.group.value.data
        if group < 1:
            raise VerifyException(f"{self.name}: group must be >= 1, got {group}")
        expected = check(
            self,
            lambda: shapes.conv2d(
                shape_of(self.input),
                shape_of(self.weight),
                int_array(self, "strides"),
                int_array(self, "pads"),
                int_array(self, "dilations"),
                group,
            ),
        )
        _check_weight(self, weight, shape_of(self.weight)[0])
        check_accumulator(self, self.bias, shape_of(self.weight)[0])
        expect_result_shape(self, expected)
        _check_rescaling_op(self, output)


@irdl_op_definition
class FullyConnectedOp(QuantOp):
    """Integer fully-connected layer: input M x K, weight N x K (one row per output, as ONNX
    Gemm with transB), optional i32 bias of N, result M x N (see the module docstring)."""

    name = "quant.fully_connected"

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    bias = opt_operand_def(TensorType)
    output = result_def(TensorType)

    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        weight = quantized_element(self, self.weight, "weight", per_axis=True)
        output = quantized_element(self, self.output, "result")
        expected = check(
            self, lambda: shapes.gemm(shape_of(self.input), shape_of(self.weight), False, True)
        )
        _check_weight(self, weight, shape_of(self.weight)[0])
        check_accumulator(self, self.bias, shape_of(self.weight)[0])
        expect_result_shape(self, expected)
        _check_rescaling_op(self, output)


class _Pool2dOp(QuantOp):
    input = operand_def(TensorType)
    output = result_def(TensorType)

    kernel_shape = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)
    ceil_mode = opt_prop_def(UnitAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        quantized_element(self, self.output, "result")
        expected = check(
            self,
            lambda: shapes.pool2d(
                shape_of(self.input),
                int_array(self, "kernel_shape"),
                int_array(self, "strides"),
                int_array(self, "pads"),
                (1, 1),
                self.ceil_mode is not None,
            ),
        )
        expect_result_shape(self, expected)


@irdl_op_definition
class MaxPoolOp(_Pool2dOp):
    """Maximum of the stored integers over each window (padding never wins); input and
    result have the same quantized type, so no rescaling happens. Geometry as `graph.maxpool`."""

    name = "quant.maxpool"

    def verify_(self) -> None:
        super().verify_()
        expect_same_quantization(self, self.input, self.output, "input and result")


@irdl_op_definition
class AvgPoolOp(_Pool2dOp):
    """Average pooling: for each window with `count` counted positions (as `graph.avgpool`),
    fixed_point: `y = requantize(sum(x - z_x), s_x / (s_y * count), z_y, lo, hi)` (padded
    positions add 0); float: onnxruntime's QLinearAveragePool, a float32 mean of the
    dequantized window ("Average" in `quant_numerics`)."""

    name = "quant.avgpool"

    count_include_pad = opt_prop_def(UnitAttr)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        super().verify_()
        _check_rescaling_op(self, quantized_element(self, self.output, "result"))


@irdl_op_definition
class GlobalAvgPoolOp(QuantOp):
    """Mean over all spatial positions, N x C x H x W -> N x C x 1 x 1:
    `y = requantize(sum(x - z_x), s_x / (s_y * H * W), z_y, lo, hi)`."""

    name = "quant.global_avgpool"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    def verify_(self) -> None:
        quantized_element(self, self.input, "input")
        output = quantized_element(self, self.output, "result")
        x = shape_of(self.input)
        if len(x) != 4:
            raise VerifyException(f"{self.name}: input must be N x C x H x W, got shape {x}")
        expect_result_shape(self, (*x[:2], 1, 1))
        _check_rescaling_op(self, output)
