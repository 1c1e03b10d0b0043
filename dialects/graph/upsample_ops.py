"""Graph ops that a transposed convolution decomposes into (see `decompose-conv-transpose`):
zero-insertion upsampling and cropping. Both only move data, so their integer twins and
target kernels are copies: no arithmetic, no rounding.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import DenseArrayBase, TensorType
from xdsl.irdl import irdl_op_definition, operand_def, prop_def, result_def

from xopt.dialects.graph import shapes
from xopt.dialects.graph.base import (
    GraphOp,
    check,
    expect_elements,
    expect_result_shape,
    int_array,
    shape_of,
)
from xopt.dialects.graph.shapes import Shape


def insert_zeros_shape(x: Sequence[int], strides: Sequence[int]) -> Shape:
    """Result shape of `graph.insert_zeros`: N x C x ((H-1)*sh + 1) x ((W-1)*sw + 1)."""
    if len(x) != 4:
        raise ValueError(f"input must be 4-D (NCHW), got {len(x)}-D")
    shapes.check_spatial("strides", strides, 2, 1)
    return (x[0], x[1], (x[2] - 1) * strides[0] + 1, (x[3] - 1) * strides[1] + 1)


def crop_shape(x: Sequence[int], crops: Sequence[int]) -> Shape:
    """Result shape of `graph.crop`: each axis shortened by its begin and end crop."""
    rank = len(x)
    if len(crops) != 2 * rank:
        raise ValueError(f"crops must have {2 * rank} values for rank {rank}, got {len(crops)}")
    if any(c < 0 for c in crops):
        raise ValueError(f"crops must be >= 0, got {list(crops)}")
    out = tuple(d - crops[i] - crops[rank + i] for i, d in enumerate(x))
    if any(d < 1 for d in out):
        raise ValueError(f"crops {list(crops)} leave an empty result {out} of input {tuple(x)}")
    return out


@irdl_op_definition
class InsertZerosOp(GraphOp):
    """Zero-insertion upsampling of the spatial axes of an NCHW tensor.

    With `strides = [sh, sw]`, `sh - 1` zeros go between vertically adjacent elements and
    `sw - 1` between horizontally adjacent ones, none before the first or after the last:

        y[n, c, i, j] = x[n, c, i / sh, j / sw]   if i % sh == 0 and j % sw == 0
                        0                          otherwise

    for a result of N x C x ((H-1)*sh + 1) x ((W-1)*sw + 1). Strides of 1 are the identity.
    This is the input dilation of a transposed convolution ("fractionally strided"
    convolution); `decompose-conv-transpose` follows it by a `graph.pad` and a `graph.conv2d`.
    ONNX has no such operator (export writes Reshape, Pad, Reshape and Slice, which copy the
    same values). The value inserted is the real number zero: a quantized twin inserts the
    zero point, and a target kernel is a strided copy into a zero-filled buffer.
    """

    name = "graph.insert_zeros"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    strides = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "float or integer")
        strides = int_array(self, "strides")
        expected = check(self, lambda: insert_zeros_shape(shape_of(self.input), strides))
        expect_result_shape(self, expected)


@irdl_op_definition
class CropOp(GraphOp):
    """Removes `crops = [begin_0, ..., begin_n, end_0, ..., end_n]` (non-negative) elements
    from the beginning and end of every axis: `y = x[begin_0 : d_0 - end_0, ...]`.

    The inverse of `graph.pad` with the same list, and ONNX Pad with negated pads (or Slice
    with unit steps, as it is exported: https://onnx.ai/onnx/operators/onnx__Slice.html).
    `decompose-conv-transpose` uses it to drop input rows and columns whose contributions a
    transposed convolution's pads remove entirely. Every axis must keep at least one element.
    """

    name = "graph.crop"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    crops = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "any")
        crops = int_array(self, "crops")
        expected = check(self, lambda: crop_shape(shape_of(self.input), crops))
        expect_result_shape(self, expected)
