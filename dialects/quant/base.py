"""Shared pieces of quant ops: the op base class and the checks of quantized operands,
rounding modes and fused-activation bounds."""

from __future__ import annotations

from typing import ClassVar

from xdsl.dialects.builtin import DenseArrayBase, IntegerType, StringAttr, TensorType
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import IRDLOperation, ParsePropInAttrDict, traits_def
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph.base import FUNCTIONAL_FORMAT, ints
from xopt.dialects.quant.types import QuantizedType, UniformQuantizedPerAxisType

ROUNDING_MODES = ("fixed_point", "float")
"""Values of the `rounding` property: `fixed_point` (the default when absent) is integer
requantization by a fixed-point multiplier with one rounding, `float` reproduces onnxruntime's
QDQ kernels (see `xopt.executor.quant_numerics`)."""


class QuantOp(IRDLOperation):
    """Base of the quant compute ops: pure, properties printed in the attribute dictionary."""

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)
    assembly_format: ClassVar[str | None] = FUNCTIONAL_FORMAT


def quantized_element(
    op: IRDLOperation, value: SSAValue | Attribute, what: str, per_axis: bool = False
) -> QuantizedType:
    """The quantized element type of `value` (a statically shaped tensor of `!quant.uniform`),
    checking that a per-axis type has one scale per index of its axis; per-axis types are
    rejected unless `per_axis`."""
    typ = value.type if isinstance(value, SSAValue) else value
    if not isinstance(typ, TensorType) or not isinstance(typ.get_element_type(), QuantizedType):
        raise VerifyException(f"{op.name}: {what} must be a tensor of !quant.uniform, got {typ}")
    shape = typ.get_shape()
    if any(d < 0 for d in shape):
        raise VerifyException(f"{op.name}: {what} must have a static shape, got {typ}")
    element = typ.get_element_type()
    if isinstance(element, UniformQuantizedPerAxisType):
        if not per_axis:
            raise VerifyException(
                f"{op.name}: {what} must be quantized per tensor, got per-axis {element}"
            )
        if element.axis >= len(shape):
            raise VerifyException(
                f"{op.name}: quantized axis {element.axis} is out of range for rank {len(shape)}"
            )
        if shape[element.axis] != element.channels:
            raise VerifyException(
                f"{op.name}: {element.channels} per-axis scales for dimension {element.axis} "
                f"of size {shape[element.axis]}"
            )
    return element


def expect_same_quantization(op: IRDLOperation, a: SSAValue, b: SSAValue, what: str) -> None:
    """Ops that move stored integers without rescaling need one element type on both sides."""
    ea, eb = a.type.get_element_type(), b.type.get_element_type()
    if ea != eb:
        raise VerifyException(f"{op.name}: {what} must have the same type, got {ea} and {eb}")


def check_rounding(op: IRDLOperation) -> None:
    rounding = op.properties.get("rounding")
    if rounding is None:
        return
    if not isinstance(rounding, StringAttr) or rounding.data not in ROUNDING_MODES:
        raise VerifyException(
            f"{op.name}: rounding must be one of {', '.join(ROUNDING_MODES)}, got {rounding}"
        )


def rounding_of(op: IRDLOperation) -> str:
    """The op's requantization mode: `fixed_point` unless `rounding = "float"`."""
    rounding = op.properties.get("rounding")
    return rounding.data if isinstance(rounding, StringAttr) else "fixed_point"


def check_clamp(op: IRDLOperation, output: QuantizedType) -> None:
    """`clamp = array<i64: lo, hi>`, a fused activation as bounds on the stored result:
    qmin <= lo <= hi <= qmax of the result type."""
    clamp = op.properties.get("clamp")
    if clamp is None:
        return
    if not isinstance(clamp, DenseArrayBase) or not isinstance(clamp.elt_type, IntegerType):
        raise VerifyException(f"{op.name}: clamp must be an integer array, got {clamp}")
    values = ints(clamp)
    if len(values) != 2 or not output.qmin <= values[0] <= values[1] <= output.qmax:
        raise VerifyException(
            f"{op.name}: clamp must be [lo, hi] with {output.qmin} <= lo <= hi <= "
            f"{output.qmax}, got {list(values)}"
        )


def saturation_bounds(op: IRDLOperation, output: QuantizedType) -> tuple[int, int]:
    """Where the result saturates: the `clamp` bounds, else the result's storage range."""
    clamp = op.properties.get("clamp")
    if isinstance(clamp, DenseArrayBase):
        lo, hi = ints(clamp)
        return lo, hi
    return output.qmin, output.qmax


def check_accumulator(op: IRDLOperation, value: SSAValue | None, channels: int) -> None:
    """A bias operand is an `i32` tensor of shape (channels,) at scale s_in * s_w."""
    if value is None:
        return
    typ = value.type
    assert isinstance(typ, TensorType)
    element = typ.get_element_type()
    if not isinstance(element, IntegerType) or element.width.data != 32:
        raise VerifyException(f"{op.name}: bias must be a tensor of i32, got {typ}")
    if tuple(typ.get_shape()) != (channels,):
        raise VerifyException(
            f"{op.name}: bias must have shape ({channels},), got {tuple(typ.get_shape())}"
        )
