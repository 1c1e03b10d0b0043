"""Attributes and types of the `tile` dialect: memory levels, buffers and DMA tokens.

    #tile.level<"sram">                                   a memory level, named
    !tile.buffer<1x16x10x48xi8, "sram">                   one slot of 1x16x10x48 i8 in SRAM
    !tile.buffer<32x16x3x3x!quant.uniform<i8:f32, 0.1>, "dram">
    !tile.buffer<1x16x10x48x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>   double buffer
    !tile.buffer<1x16x5x48x!quant.uniform<i8:f32, 0.1>, "sram", ring_axis = 2>  rolling rows
    !tile.token                                           completion of one DMA

A buffer type is the shape and element type of what one slot stores, the level it lives in
and how many slots it has. Elements are stored densely in row-major order: a quantized
type's storage bits (i4/i2 packed, `quant_numerics.pack` order), a plain integer type's
width; a slot takes `slot_bytes` = ceil(elements * bits / 8) bytes and slot k starts
k * slot_bytes after the buffer's offset.

With `ring_axis = a` the buffer is a ring along axis a (rows of NCHW: a = 2): it stores
`shape[a]` consecutive entries of an unbounded axis, coordinate r living at stored index
r mod shape[a], so a stripe-by-stripe producer can keep only the rows its consumer still
needs. Windows address a ring axis in tensor coordinates and are never clipped on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import ArrayAttr, IntAttr, IntegerType, StringAttr
from xdsl.ir import Attribute, ParametrizedAttribute, TypeAttribute
from xdsl.irdl import irdl_attr_definition
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.quant.types import QuantizedType

NO_RING = -1
"""`ring_axis` of a buffer that is not a ring."""


@irdl_attr_definition
class MemoryLevelAttr(ParametrizedAttribute):
    """A memory level, by name (`"dram"`, `"l2"`, `"sram"`); its size is declared once by a
    `tile.memory` op. DRAM is the level without a size."""

    name = "tile.level"

    level: StringAttr

    def __init__(self, level: str):
        super().__init__(StringAttr(level))

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string_literal(self.level.data)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            return (StringAttr(parser.parse_str_literal(" for the memory level name")),)


@irdl_attr_definition
class TokenType(ParametrizedAttribute, TypeAttribute):
    """Completion of one asynchronous DMA: `tile.dma_wait` consumes it exactly once."""

    name = "tile.token"


def element_storage_bits(element: Attribute) -> int:
    """Bits one stored element takes: a quantized type's storage bits, an integer's width."""
    if isinstance(element, QuantizedType):
        return element.storage_bits
    if isinstance(element, IntegerType):
        return element.width.data
    raise VerifyException(
        f"!tile.buffer: element type must be !quant.uniform or an integer type, got {element}"
    )


@irdl_attr_definition
class BufferType(ParametrizedAttribute, TypeAttribute):
    """A buffer in a memory level: per-slot shape and element type, level, slot count and
    optional ring axis (module docstring)."""

    name = "tile.buffer"

    shape_attr: ArrayAttr[IntAttr]
    element_type: Attribute
    level: StringAttr
    slots_attr: IntAttr
    ring_axis_attr: IntAttr

    def __init__(
        self,
        shape: Sequence[int],
        element_type: Attribute,
        level: str,
        slots: int = 1,
        ring_axis: int = NO_RING,
    ):
        super().__init__(
            ArrayAttr(IntAttr(d) for d in shape),
            element_type,
            StringAttr(level),
            IntAttr(slots),
            IntAttr(ring_axis),
        )

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(d.data for d in self.shape_attr.data)

    @property
    def slots(self) -> int:
        return self.slots_attr.data

    @property
    def ring_axis(self) -> int | None:
        axis = self.ring_axis_attr.data
        return None if axis == NO_RING else axis

    @property
    def level_name(self) -> str:
        return self.level.data

    @property
    def element_bits(self) -> int:
        return element_storage_bits(self.element_type)

    @property
    def elements(self) -> int:
        count = 1
        for d in self.shape:
            count *= d
        return count

    @property
    def slot_bytes(self) -> int:
        """Bytes of one slot: ceil(elements * bits / 8)."""
        return -(-self.elements * self.element_bits // 8)

    def verify(self) -> None:
        if any(d < 1 for d in self.shape):
            raise VerifyException(f"!tile.buffer: dimensions must be >= 1, got {self.shape}")
        element_storage_bits(self.element_type)
        if self.slots < 1:
            raise VerifyException(f"!tile.buffer: slots must be >= 1, got {self.slots}")
        axis = self.ring_axis
        if axis is not None and not 0 <= axis < len(self.shape):
            raise VerifyException(
                f"!tile.buffer: ring_axis {axis} is out of range for rank {len(self.shape)}"
            )
        if axis is not None and self.element_bits < 8:
            raise VerifyException("!tile.buffer: a ring buffer needs elements of 8 bits or more")

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string("x".join(str(d) for d in self.shape) + "x")
            printer.print_attribute(self.element_type)
            printer.print_string(", ")
            printer.print_string_literal(self.level_name)
            if self.slots != 1:
                printer.print_string(f", slots = {self.slots}")
            if self.ring_axis is not None:
                printer.print_string(f", ring_axis = {self.ring_axis}")

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        """Parses, then verifies at the type's location, as `!quant.uniform` does."""
        start = parser.pos
        with parser.in_angle_brackets():
            shape, element = parser.parse_ranked_shape()
            parser.parse_punctuation(",", " after the buffer's element type")
            level = parser.parse_str_literal(" for the buffer's memory level")
            options = {"slots": 1, "ring_axis": NO_RING}
            while parser.parse_optional_punctuation(",") is not None:
                key = parser.parse_keyword_in(tuple(options), " (a buffer option)")
                parser.parse_punctuation("=")
                options[key] = parser.parse_integer(allow_boolean=False)
        params = (
            ArrayAttr(IntAttr(d) for d in shape),
            element,
            StringAttr(level),
            IntAttr(options["slots"]),
            IntAttr(options["ring_axis"]),
        )
        try:
            cls.new(params)
        except VerifyException as error:
            parser.raise_error(str(error), start, parser.pos)
        return params
