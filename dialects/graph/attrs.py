"""Attributes of the graph dialect."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import ArrayAttr, FloatAttr, StringAttr, f32
from xdsl.ir import ParametrizedAttribute
from xdsl.irdl import irdl_attr_definition
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

ACTIVATION_ARITY = {"relu": 0, "clip": 2, "leaky_relu": 1, "hard_swish": 0}
"""Fusable activations and how many float parameters each takes (clip: min, max;
leaky_relu: alpha)."""


@irdl_attr_definition
class ActivationAttr(ParametrizedAttribute):
    """An activation fused into a producer op, applied to each element of its result.

    Syntax: `#graph.act<relu>`, `#graph.act<clip 0.0, 6.0>`, `#graph.act<leaky_relu 0.1>`,
    `#graph.act<hard_swish>`. Semantics are those of the graph op of the same name
    (`graph.relu`, `graph.clip`, `graph.leaky_relu`, `graph.hard_swish`).
    """

    name = "graph.act"

    kind: StringAttr
    params: ArrayAttr[FloatAttr]

    def __init__(self, kind: str, params: Sequence[float] = ()):
        super().__init__(StringAttr(kind), ArrayAttr([FloatAttr(float(p), f32) for p in params]))

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(p.value.data for p in self.params.data)

    def verify(self) -> None:
        arity = ACTIVATION_ARITY.get(self.kind.data)
        if arity is None:
            raise VerifyException(
                f"unknown activation '{self.kind.data}', expected one of "
                f"{', '.join(ACTIVATION_ARITY)}"
            )
        if len(self.params.data) != arity:
            raise VerifyException(
                f"activation '{self.kind.data}' takes {arity} parameters, got {len(self.params.data)}"
            )

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string(self.kind.data)
            if self.params.data:
                printer.print_string(" ")
                printer.print_list(self.values, lambda v: printer.print_float(v, f32))

    @classmethod
    def parse_parameters(cls, parser: AttrParser):
        with parser.in_angle_brackets():
            kind = parser.parse_identifier("activation kind")
            values: list[float] = []
            first = parser.parse_optional_number()
            if first is not None:
                values.append(float(first))
                while parser.parse_optional_punctuation(",") is not None:
                    values.append(float(parser.parse_number()))
        return (StringAttr(kind), ArrayAttr([FloatAttr(v, f32) for v in values]))
