"""Shared pieces of graph ops: operand constraints, attribute helpers and verification."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from xdsl.dialects.builtin import (
    AnyFloat,
    DenseArrayBase,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
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


def _is_int(typ: Attribute, widths: Sequence[int], signed: bool = False) -> bool:
    return (
        isinstance(typ, IntegerType)
        and typ.width.data in widths
        and not (signed and typ.signedness.data == Signedness.UNSIGNED)
    )


ELEMENT_KINDS: dict[str, Callable[[Attribute], bool]] = {
    "float": lambda t: isinstance(t, AnyFloat),
    "float or integer": lambda t: isinstance(t, AnyFloat) or _is_int(t, (8, 16, 32, 64)),
    "float or signed integer": lambda t: (
        isinstance(t, AnyFloat) or _is_int(t, (8, 16, 32, 64), signed=True)
    ),
    "float or 32/64-bit integer": lambda t: isinstance(t, AnyFloat) or _is_int(t, (32, 64)),
    "float or 8-bit integer": lambda t: isinstance(t, AnyFloat) or _is_int(t, (8,)),
    "any": lambda t: True,
}
"""Element types an op accepts, after the type constraints of its ONNX operator (`T`):
float is f16/bf16/f32/f64, integers are i8..i64 of any signedness unless stated."""


def named_values(
    op: IRDLOperation, names: Sequence[str] | None = None
) -> list[tuple[str, SSAValue]]:
    """The op's operands and results (only `names`, when given) labelled for messages:
    the field name (`weight`, `inputs #1`), or `result` for the `output` field."""
    op_def = type(op).get_irdl_definition()
    labelled: list[tuple[str, SSAValue]] = []
    for name, _ in [*op_def.operands, *op_def.results]:
        if names is not None and name not in names:
            continue
        value = getattr(op, name)
        label = "result" if name == "output" else name
        if isinstance(value, SSAValue):
            labelled.append((label, value))
        elif value is not None:
            labelled.extend((f"{label} #{i}", v) for i, v in enumerate(value))
    return labelled


def expect_elements(
    op: IRDLOperation, kind: str, names: Sequence[str] | None = None, same: bool = True
) -> None:
    """Check that each operand and result (or those in `names`) is a statically shaped
    tensor with an element type of `kind` (a key of ELEMENT_KINDS), and with `same`, that
    they all share one element type."""
    values = named_values(op, names)
    for label, value in values:
        typ = value.type
        assert isinstance(typ, TensorType)
        if any(d < 0 for d in typ.get_shape()):
            raise VerifyException(f"{op.name}: {label} must have a static shape, got {typ}")
        if not ELEMENT_KINDS[kind](typ.element_type):
            raise VerifyException(
                f"{op.name}: {label} element type must be {kind}, got {typ.element_type}"
            )
    if not same or not values:
        return
    first_label, first = values[0]
    for label, value in values[1:]:
        if value.type.get_element_type() != first.type.get_element_type():
            raise VerifyException(
                f"{op.name}: {label} element type {value.type.get_element_type()} differs from "
                f"{first_label} element type {first.type.get_element_type()}"
            )


def int_array(op: IRDLOperation, name: str, default: Sequence[int] = ()) -> tuple[int, ...]:
    """The values of the integer-array property `name` (`default` when absent), checking
    that it is an integer array."""
    attr = op.properties.get(name)
    if attr is None:
        return tuple(default)
    if not isinstance(attr, DenseArrayBase) or not isinstance(attr.elt_type, IntegerType):
        raise VerifyException(f"{op.name}: {name} must be an integer array, got {attr}")
    return ints(attr)


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

    ELEMENT_KIND: ClassVar[str] = "float"
    """What element types the op accepts (a key of ELEMENT_KINDS)."""

    def verify_(self) -> None:
        expect_elements(self, self.ELEMENT_KIND)
        if self.input.type != self.output.type:
            raise VerifyException(
                f"{self.name}: result type {self.output.type} must equal the input type "
                f"{self.input.type}"
            )


class BinaryBroadcastOp(GraphOp):
    """An element-wise binary op with numpy/ONNX multidirectional broadcasting."""

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        from xopt.dialects.graph import shapes

        expect_elements(self, "float or integer")
        expected = check(self, lambda: shapes.broadcast(shape_of(self.lhs), shape_of(self.rhs)))
        expect_result_shape(self, expected)
