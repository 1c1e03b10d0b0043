"""Graph ops with weights or windows: convolutions, gemm/matmul, pooling, normalisation.

Layout: activations are NCHW and conv weights OIHW, exactly as in ONNX. The graph level
keeps ONNX's layout so that every graph op is checked against onnxruntime as it is; the
targets all want channels-last (NHWC) data, and that layout is chosen once, where tensors
become buffers (quant -> tile lowering), not by a graph-level layout pass.
"""

from __future__ import annotations

from typing import ClassVar

from xdsl.dialects.builtin import DenseArrayBase, FloatAttr, IntegerAttr, TensorType, UnitAttr
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
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.base import (
    GraphOp,
    check,
    expect_elements,
    expect_result_shape,
    int_array,
    shape_of,
)


def _check_bias(op: GraphOp, bias, channels: int) -> None:
    if bias is not None and shape_of(bias) != (channels,):
        raise VerifyException(
            f"{op.name}: bias must have shape ({channels},), got {shape_of(bias)}"
        )


def _check_group(op: GraphOp, group: IntegerAttr) -> int:
    if group.value.data < 1:
        raise VerifyException(f"{op.name}: group must be >= 1, got {group.value.data}")
    return group.value.data


@irdl_op_definition
class Conv2dOp(GraphOp):
    """2-D convolution, `y = act(conv(x, w) + b)`, NCHW input, OIHW weight, optional bias.

    Follows https://onnx.ai/onnx/operators/onnx__Conv.html with `auto_pad` resolved into
    explicit `pads = [top, left, bottom, right]`. `activation`, when present, is a fused
    activation applied to the result (see `#graph.act`).
    """

    name = "graph.conv2d"

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    bias = opt_operand_def(TensorType)
    output = result_def(TensorType)

    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)
    dilations = prop_def(DenseArrayBase)
    group = prop_def(IntegerAttr)
    activation = opt_prop_def(ActivationAttr)

    def verify_(self) -> None:
        expect_elements(self, "float")
        group = _check_group(self, self.group)
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
        _check_bias(self, self.bias, shape_of(self.weight)[0])
        expect_result_shape(self, expected)


@irdl_op_definition
class ConvTranspose2dOp(GraphOp):
    """2-D transposed convolution (gradient of Conv), weights C_in x C_out/group x kH x kW.

    Follows https://onnx.ai/onnx/operators/onnx__ConvTranspose.html; `output_shape` and
    `auto_pad` are resolved into explicit `pads` at import, so the output size is
    `stride*(in-1) + output_padding + (k-1)*dilation + 1 - pad_begin - pad_end`.
    """

    name = "graph.conv_transpose2d"

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    bias = opt_operand_def(TensorType)
    output = result_def(TensorType)

    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)
    dilations = prop_def(DenseArrayBase)
    output_padding = prop_def(DenseArrayBase)
    group = prop_def(IntegerAttr)

    def verify_(self) -> None:
        expect_elements(self, "float")
        group = _check_group(self, self.group)
        expected = check(
            self,
            lambda: shapes.conv_transpose2d(
                shape_of(self.input),
                shape_of(self.weight),
                int_array(self, "strides"),
                int_array(self, "pads"),
                int_array(self, "dilations"),
                int_array(self, "output_padding"),
                group,
            ),
        )
        _check_bias(self, self.bias, expected[1])
        expect_result_shape(self, expected)


@irdl_op_definition
class GemmOp(GraphOp):
    """General matrix multiply `y = act(alpha * A' @ B' + beta * C)`, A' = A or A^T, B' likewise.

    Follows https://onnx.ai/onnx/operators/onnx__Gemm.html; C broadcasts unidirectionally to
    the M x N result. `activation` is an optional fused activation.
    """

    name = "graph.gemm"

    a = operand_def(TensorType)
    b = operand_def(TensorType)
    c = opt_operand_def(TensorType)
    output = result_def(TensorType)

    alpha = prop_def(FloatAttr)
    beta = prop_def(FloatAttr)
    trans_a = opt_prop_def(UnitAttr)
    trans_b = opt_prop_def(UnitAttr)
    activation = opt_prop_def(ActivationAttr)

    def verify_(self) -> None:
        expect_elements(self, "float or 32/64-bit integer")
        expected = check(
            self,
            lambda: shapes.gemm(
                shape_of(self.a),
                shape_of(self.b),
                self.trans_a is not None,
                self.trans_b is not None,
            ),
        )
        if self.c is not None:
            c_shape = shape_of(self.c)
            if check(self, lambda: shapes.broadcast(c_shape, expected)) != expected:
                raise VerifyException(
                    f"{self.name}: c of shape {c_shape} does not broadcast to the result {expected}"
                )
        expect_result_shape(self, expected)


@irdl_op_definition
class MatMulOp(GraphOp):
    """Matrix product with numpy.matmul semantics (batched, broadcasting batch dims).

    Follows https://onnx.ai/onnx/operators/onnx__MatMul.html.
    """

    name = "graph.matmul"

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        expect_elements(self, "float or 32/64-bit integer")
        expected = check(self, lambda: shapes.matmul(shape_of(self.lhs), shape_of(self.rhs)))
        expect_result_shape(self, expected)


class _Pool2dOp(GraphOp):
    input = operand_def(TensorType)
    output = result_def(TensorType)

    kernel_shape = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)
    ceil_mode = opt_prop_def(UnitAttr)

    ELEMENT_KIND: ClassVar[str] = "float"

    def verify_(self) -> None:
        expect_elements(self, self.ELEMENT_KIND)
        expected = check(
            self,
            lambda: shapes.pool2d(
                shape_of(self.input),
                int_array(self, "kernel_shape"),
                int_array(self, "strides"),
                int_array(self, "pads"),
                int_array(self, "dilations", (1, 1)),
                self.ceil_mode is not None,
            ),
        )
        expect_result_shape(self, expected)


@irdl_op_definition
class MaxPoolOp(_Pool2dOp):
    """2-D max pooling on NCHW input; padded positions never win (they count as -inf).

    Follows https://onnx.ai/onnx/operators/onnx__MaxPool.html (single output, no indices);
    `ceil_mode` drops a last window that would start in the end padding.
    """

    name = "graph.maxpool"

    dilations = opt_prop_def(DenseArrayBase)

    ELEMENT_KIND: ClassVar[str] = "float or 8-bit integer"


@irdl_op_definition
class AvgPoolOp(_Pool2dOp):
    """2-D average pooling on NCHW input.

    Follows https://onnx.ai/onnx/operators/onnx__AveragePool.html: with
    `count_include_pad` the divisor counts explicit pad positions (but never positions
    added only by `ceil_mode`); without it, only input positions.
    """

    name = "graph.avgpool"

    count_include_pad = opt_prop_def(UnitAttr)


@irdl_op_definition
class GlobalAvgPoolOp(GraphOp):
    """Mean over all spatial positions, N x C x H x W -> N x C x 1 x 1.

    Follows https://onnx.ai/onnx/operators/onnx__GlobalAveragePool.html.
    """

    name = "graph.global_avgpool"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        expect_elements(self, "float")
        x = shape_of(self.input)
        if len(x) < 3:
            raise VerifyException(f"{self.name}: input must have spatial axes, got shape {x}")
        expect_result_shape(self, (*x[:2], *([1] * (len(x) - 2))))


@irdl_op_definition
class BatchNormOp(GraphOp):
    """Inference batch normalisation, `y = scale * (x - mean) / sqrt(var + epsilon) + bias`.

    Statistics are per channel (axis 1). Follows
    https://onnx.ai/onnx/operators/onnx__BatchNormalization.html (test mode, one output).
    """

    name = "graph.batch_norm"

    input = operand_def(TensorType)
    scale = operand_def(TensorType)
    bias = operand_def(TensorType)
    mean = operand_def(TensorType)
    var = operand_def(TensorType)
    output = result_def(TensorType)

    epsilon = prop_def(FloatAttr)

    def verify_(self) -> None:
        expect_elements(self, "float", same=False)
        expect_elements(self, "float", ("input", "output"))
        x = shape_of(self.input)
        if len(x) < 2:
            raise VerifyException(f"{self.name}: input must have a channel axis, got shape {x}")
        for name in ("scale", "bias", "mean", "var"):
            if shape_of(getattr(self, name)) != (x[1],):
                raise VerifyException(
                    f"{self.name}: {name} must have shape ({x[1]},), "
                    f"got {shape_of(getattr(self, name))}"
                )
        expect_result_shape(self, x)


@irdl_op_definition
class LrnOp(GraphOp):
    """Local response normalisation across channels.

    `y = x / (bias + alpha/size * sum_{c' in window(c)} x[c']^2) ^ beta`, window
    `[c - floor((size-1)/2), c + ceil((size-1)/2)]`; follows
    https://onnx.ai/onnx/operators/onnx__LRN.html.
    """

    name = "graph.lrn"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    size = prop_def(IntegerAttr)
    alpha = prop_def(FloatAttr)
    beta = prop_def(FloatAttr)
    bias = prop_def(FloatAttr)

    def verify_(self) -> None:
        expect_elements(self, "float")
        if self.size.value.data < 1:
            raise VerifyException(f"{self.name}: size must be >= 1, got {self.size.value.data}")
        if len(shape_of(self.input)) < 3:
            raise VerifyException(
                f"{self.name}: input must be N x C x D1 x ... (at least 3-D), "
                f"got shape {shape_of(self.input)}"
            )
        expect_result_shape(self, shape_of(self.input))
