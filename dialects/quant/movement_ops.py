"""Quant ops that move stored integers without touching them: the integer twins of
`graph.pad` (constant zero), `graph.insert_zeros`, `graph.crop`, `graph.phase_slice` and
`graph.interleave`.

Each result has exactly its input's type (per tensor), so no scale, rounding or saturation
is involved: a value is copied, or, where the graph op writes the real number 0, the zero
point is written (it dequantizes to exactly 0). The geometry (which element goes where) is
the graph op's, verified by the graph op's shape functions; the reference kernels are the
graph kernels applied to the stored integers (`xopt.executor.quant_kernels_movement`).
"""

from __future__ import annotations

from xdsl.dialects.builtin import DenseArrayBase, TensorType
from xdsl.irdl import irdl_op_definition, operand_def, prop_def, result_def, var_operand_def
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.base import check, expect_result_shape, int_array, shape_of
from xopt.dialects.graph.phase_ops import interleave_shapes, phase_slice_shape
from xopt.dialects.graph.upsample_ops import crop_shape, insert_zeros_shape
from xopt.dialects.quant.base import QuantOp, expect_same_quantization, quantized_element


class MovementOp(QuantOp):
    """A unary quant op whose per-tensor quantized result has its input's type."""

    def verify_types(self) -> None:
        quantized_element(self, self.operands[0], "input")
        quantized_element(self, self.results[0], "result")
        expect_same_quantization(self, self.operands[0], self.results[0], "input and result")


@irdl_op_definition
class PadOp(MovementOp):
    """Constant padding with the real value 0: `graph.pad` with `mode = "constant"` and
    `value = 0.0` on stored integers. Every axis gets `pads = [begin_0, ..., begin_n, end_0,
    ..., end_n]` (non-negative) elements of the zero point `z` around a copy of the input:

        y[i_0 + begin_0, ..., i_n + begin_n] = x[i_0, ..., i_n], y = z elsewhere

    (https://onnx.ai/onnx/operators/onnx__Pad.html). `fuse-qdq` creates it only for that
    pad; other modes and values stay float.
    """

    name = "quant.pad"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    pads = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        self.verify_types()
        pads = int_array(self, "pads")
        expected = check(self, lambda: shapes.pad(shape_of(self.input), pads))
        expect_result_shape(self, expected)


@irdl_op_definition
class InsertZerosOp(MovementOp):
    """`graph.insert_zeros` on stored integers: with `strides = [sh, sw]`,

        y[n, c, i, j] = x[n, c, i / sh, j / sw]   if i % sh == 0 and j % sw == 0
                        z (the zero point)         otherwise

    for an NCHW result of N x C x ((H-1)*sh + 1) x ((W-1)*sw + 1); the inserted elements
    dequantize to exactly 0.
    """

    name = "quant.insert_zeros"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    strides = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        self.verify_types()
        strides = int_array(self, "strides")
        expected = check(self, lambda: insert_zeros_shape(shape_of(self.input), strides))
        expect_result_shape(self, expected)


@irdl_op_definition
class CropOp(MovementOp):
    """`graph.crop` on stored integers: removes `crops = [begin_0, ..., begin_n, end_0, ...,
    end_n]` (non-negative) elements from both ends of every axis,
    `y = x[begin_0 : d_0 - end_0, ...]` (ONNX Slice with unit steps,
    https://onnx.ai/onnx/operators/onnx__Slice.html)."""

    name = "quant.crop"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    crops = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        self.verify_types()
        crops = int_array(self, "crops")
        expected = check(self, lambda: crop_shape(shape_of(self.input), crops))
        expect_result_shape(self, expected)


@irdl_op_definition
class PhaseSliceOp(MovementOp):
    """`graph.phase_slice` on stored integers: one spatial phase of an NCHW tensor,
    `y[n, c, i, j] = x[n, c, a + i*s_h, b + j*s_w]` for `offsets = [a, b]` and
    `steps = [s_h, s_w]`; the result type says how many rows and columns are taken (ONNX
    Slice on axes 2 and 3, https://onnx.ai/onnx/operators/onnx__Slice.html)."""

    name = "quant.phase_slice"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    offsets = prop_def(DenseArrayBase)
    steps = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        self.verify_types()
        expected = check(
            self,
            lambda: phase_slice_shape(
                shape_of(self.input),
                int_array(self, "offsets"),
                int_array(self, "steps"),
                shape_of(self.output),
            ),
        )
        expect_result_shape(self, expected)


@irdl_op_definition
class InterleaveOp(QuantOp):
    """`graph.interleave` on stored integers: with `factors = [f_h, f_w]`,

        y[n, c, f_h*i + r_h, f_w*j + r_w] = inputs[r_h * f_w + r_w][n, c, i, j]

    Every input and the result have one per-tensor quantized type (a phase computed at
    other parameters must be requantized first); input `(r_h, r_w)` has shape
    `N x C x ceil((H - r_h) / f_h) x ceil((W - r_w) / f_w)` for a result of H x W pixels.
    """

    name = "quant.interleave"

    inputs = var_operand_def(TensorType)
    output = result_def(TensorType)

    factors = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        quantized_element(self, self.output, "result")
        for k, value in enumerate(self.inputs):
            quantized_element(self, value, f"inputs #{k}")
            expect_same_quantization(self, value, self.output, f"inputs #{k} and the result")
        factors = int_array(self, "factors")
        y = shape_of(self.output)
        expected = check(self, lambda: interleave_shapes(y, factors))
        if len(self.inputs) != len(expected):
            raise VerifyException(
                f"{self.name}: factors {list(factors)} need {len(expected)} inputs (one per "
                f"phase), got {len(self.inputs)}"
            )
        for k, (value, shape) in enumerate(zip(self.inputs, expected)):
            if shape_of(value) != shape:
                raise VerifyException(
                    f"{self.name}: inputs #{k} must have shape {shape} for a result of shape "
                    f"{y} with factors {list(factors)}, got {shape_of(value)}"
                )
