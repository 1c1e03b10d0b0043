"""Shared pieces of graph ops: operand constraints, attribute helpers and verification."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from xdsl.dialects.builtin import (
    DenseArrayBase,
    FloatAttr,
    IntegerAttr,
    TensorType,
    f32,
    i64,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import IRDLOperation, ParsePropInAttrDict, operand_def, result_def, traits_def
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph.shapes import Shape

AnyTensor = TensorType
FUNCTIONAL_FORMAT = "operands attr-dict `:` functional-type(operands, results)"


def shape_of(value: SSAValue | Attribute) -> Shape:
    """The static shape of a tensor value or type."""
    typ = value.type if isinstance(value, SSAValue) else value
    assert isinstance(typ, TensorType)
    return tuple(typ.get_shape())


def ints(attr: DenseArrayBase | None, default: Sequence[int] = ()) -> tuple[int, ...]:
    """The values of an `array<i64: ...>` property (or `default` when absent)."""
    if attr is None:
        return tuple(default)
    return tuple(attr.get_values())


def i64_array(values: Sequence[int]) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, list(values))


def f32_attr(value: float) -> FloatAttr:
    return FloatAttr(float(value), f32)


def i64_attr(value: int) -> IntegerAttr:
    return IntegerAttr(int(value), i64)


def check(op: IRDLOperation, rule: Callable[[], object]) -> object:
    """Run a shape rule and turn its ValueError into a VerifyException naming the op."""
    try:
        return rule()
    except ValueError as e:
        raise VerifyException(f"{op.name}: {e}") from None


def expect_result_shape(op: IRDLOperation, expected: Sequence[int], result_index: int = 0) -> None:
    actual = shape_of(op.results[result_index])
    if tuple(actual) != tuple(expected):
        raise VerifyException(
            f"{op.name}: result shape {tuple(actual)} does not match the inferred shape "
            f"{tuple(expected)}"
        )


def expect_same_element_type(op: IRDLOperation, values: Sequence[SSAValue]) -> None:
    types = {v.type.get_element_type() for v in values if isinstance(v.type, TensorType)}
    if len(types) > 1:
        raise VerifyException(f"{op.name}: operands and results must share one element type")


class GraphOp(IRDLOperation):
    """Base of all graph ops: pure, with attributes printed in the attribute dictionary."""

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)
    assembly_format: ClassVar[str | None] = FUNCTIONAL_FORMAT


class UnaryElementwiseOp(GraphOp):
    """An op applied independently to every element: result type equals operand type."""

    input = operand_def(TensorType)
    output = result_def(TensorType)

    def __init__(self, input: SSAValue, properties: dict[str, Attribute] | None = None):
        super().__init__(operands=[input], result_types=[input.type], properties=properties or {})

    def verify_(self) -> None:
        if self.input.type != self.output.type:
            raise VerifyException(f"{self.name}: result type must equal the operand type")


class BinaryBroadcastOp(GraphOp):
    """An element-wise binary op with numpy/ONNX multidirectional broadcasting."""

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        from xopt.dialects.graph import shapes

        expect_same_element_type(self, [self.lhs, self.rhs, self.output])
        expected = check(self, lambda: shapes.broadcast(shape_of(self.lhs), shape_of(self.rhs)))
        expect_result_shape(self, expected)
