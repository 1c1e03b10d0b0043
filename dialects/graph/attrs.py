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
    (`graph.relu`, `graph.clip`, `graph.leaky_relu`, `graph.hard_swish`). Parameters are
    f32; like any MLIR float literal they may be written as the hex bit pattern
    (`0xFF800000` is -inf), which is how infinities and NaN print.
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
                f"#graph.act: unknown activation '{self.kind.data}', expected one of "
                f"{', '.join(ACTIVATION_ARITY)}"
            )
        if len(self.params.data) != arity:
            raise VerifyException(
                f"#graph.act: activation '{self.kind.data}' takes {arity} "
                f"parameter{'' if arity == 1 else 's'}, got {len(self.params.data)}"
            )
        if self.kind.data == "clip" and not self.values[0] <= self.values[1]:
            raise VerifyException(
                f"#graph.act: clip min {self.values[0]} must be <= max {self.values[1]}"
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
            kind = parser.parse_identifier(
                " for the #graph.act activation kind (relu, clip, leaky_relu, hard_swish)"
            )
            values: list[float] = []
            first = _parse_optional_f32(parser)
            if first is not None:
                values.append(first)
                while parser.parse_optional_punctuation(",") is not None:
                    value = _parse_optional_f32(parser)
                    if value is None:
                        parser.raise_error("expected an activation parameter (f32 number)")
                    values.append(value)
        return (StringAttr(kind), ArrayAttr([FloatAttr(v, f32) for v in values]))


def _parse_optional_f32(parser: AttrParser) -> float | None:
    """An f32 literal: a decimal number, or (as MLIR prints inf and NaN) a hex bit pattern."""
    hexadecimal = parser._current_token.text[:2] in ("0x", "0X")
    value = parser.parse_optional_number()
    if value is None:
        return None
    if hexadecimal:
        assert isinstance(value, int)
        if value >= 1 << 32:
            parser.raise_error(f"hex f32 literal 0x{value:X} has more than 32 bits")
        return f32.unpack(value.to_bytes(4, "little"), 1)[0]
    return float(value)
