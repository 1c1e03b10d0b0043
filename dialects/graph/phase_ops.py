"""Graph ops that split an NCHW tensor into spatial phases and interleave phases back.

A phase of a tensor along H and W is a regular sub-grid of its pixels,
`x[:, :, a::p_h, b::p_w]`. Rewrites for hardware without dilated or strided windows
(`decompose-dilated-conv`) compute on phases: `graph.phase_slice` takes one phase (a
strided sub-grid) and `graph.interleave` writes the results of all phases back into one
tensor. Both are pure data movement, no arithmetic: the same op on quantized tensors is a
copy of the stored integers with the type unchanged (the quant-level twin needs no scale),
and on an accelerator each is one strided DMA per phase (source strides `p_h * W`, `p_w`
elements for a slice; destination strides for an interleave).
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import DenseArrayBase, TensorType
from xdsl.irdl import irdl_op_definition, operand_def, prop_def, result_def, var_operand_def
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph.base import (
    GraphOp,
    check,
    expect_elements,
    expect_result_shape,
    int_array,
    shape_of,
)
from xopt.dialects.graph.shapes import Shape, check_spatial


def phase_slice_shape(
    x: Sequence[int], offsets: Sequence[int], steps: Sequence[int], y: Sequence[int]
) -> Shape:
    """The shape a `graph.phase_slice` result `y` must have: `x`'s N and C, and H/W sizes
    whose last sampled pixel `offset + (size - 1) * step` lies inside `x`."""
    if len(x) != 4 or len(y) != 4:
        raise ValueError(f"input and result must be 4-D (NCHW), got {len(x)}-D and {len(y)}-D")
    check_spatial("offsets", offsets, 2, 0)
    check_spatial("steps", steps, 2, 1)
    for axis, (size, offset, step, out) in enumerate(zip(x[2:], offsets, steps, y[2:])):
        if out < 1:
            raise ValueError(f"result size {out} on axis {axis + 2} must be >= 1")
        if offset + (out - 1) * step >= size:
            raise ValueError(
                f"{out} pixels from offset {offset} in steps of {step} on axis {axis + 2} "
                f"reach index {offset + (out - 1) * step}, past the input size {size}"
            )
    return (x[0], x[1], y[2], y[3])


def phase_size(size: int, phase: int, factor: int) -> int:
    """How many of `size` positions `o` have `o % factor == phase`."""
    return -(-(size - phase) // factor)


def interleave_shapes(y: Sequence[int], factors: Sequence[int]) -> list[Shape]:
    """The shape of each input of a `graph.interleave` with result shape `y`, in phase order
    (phase `(r_h, r_w)` is input `r_h * f_w + r_w`)."""
    check_spatial("factors", factors, 2, 1)
    if len(y) != 4:
        raise ValueError(f"result must be 4-D (NCHW), got {len(y)}-D")
    if y[2] < factors[0] or y[3] < factors[1]:
        raise ValueError(
            f"factors {list(factors)} need a result of at least {factors[0]}x{factors[1]} "
            f"pixels (one per phase), got {y[2]}x{y[3]}"
        )
    fh, fw = factors
    return [
        (y[0], y[1], phase_size(y[2], rh, fh), phase_size(y[3], rw, fw))
        for rh in range(fh)
        for rw in range(fw)
    ]


@irdl_op_definition
class PhaseSliceOp(GraphOp):
    """One spatial phase of an NCHW tensor: `y[n, c, i, j] = x[n, c, a + i*s_h, b + j*s_w]`.

    `offsets = [a, b]` (>= 0) and `steps = [s_h, s_w]` (>= 1) select the sub-grid; the result
    type gives how many rows and columns are taken, and the last one must lie inside `x`.
    It is ONNX Slice on axes 2 and 3 with `starts = offsets`, `steps = steps` and
    `ends = offset + (size - 1) * step + 1`
    (https://onnx.ai/onnx/operators/onnx__Slice.html), restricted to in-range, positive
    steps. Pure data movement: a strided copy (one 2-D strided DMA per channel plane),
    valid for any element type, quantized ones included.
    """

    name = "graph.phase_slice"

    input = operand_def(TensorType)
    output = result_def(TensorType)

    offsets = prop_def(DenseArrayBase)
    steps = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "any")
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
class InterleaveOp(GraphOp):
    """Interleaves `f_h * f_w` spatial phases into one NCHW tensor (the inverse of taking
    every phase with `graph.phase_slice`):

        y[n, c, f_h*i + r_h, f_w*j + r_w] = inputs[r_h * f_w + r_w][n, c, i, j]

    for `factors = [f_h, f_w]`. Input `(r_h, r_w)` holds the result pixels whose row is
    `r_h` modulo `f_h` and column is `r_w` modulo `f_w`, so for a result of H x W pixels its
    shape is `N x C x ceil((H - r_h) / f_h) x ceil((W - r_w) / f_w)`; phases differ by at
    most one row or column when `f` does not divide the size. With all phases of equal size
    this is ONNX DepthToSpace (DCR) of the phases concatenated on C, which is how it is
    exported (padded to equal size and cropped otherwise). Pure data movement: every input
    is one strided store (DMA destination strides `f_h * W`, `f_w`), valid for any element
    type, quantized ones included (all inputs and the result share one type).
    """

    name = "graph.interleave"

    inputs = var_operand_def(TensorType)
    output = result_def(TensorType)

    factors = prop_def(DenseArrayBase)

    def verify_(self) -> None:
        expect_elements(self, "any")
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
                rh, rw = divmod(k, factors[1])
                raise VerifyException(
                    f"{self.name}: inputs #{k} (phase {rh}, {rw}) must have shape {shape} for "
                    f"a result of shape {y} with factors {list(factors)}, got {shape_of(value)}"
                )
