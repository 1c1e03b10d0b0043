"""Memory ops of the `tile` dialect: levels, buffers placed in them, constants in buffers,
and the entry and exit of `@main`'s tensors.

    tile.memory "dram"
    tile.memory "sram" size 2359296
    %x = tile.buffer at 0 size 36864 : !tile.buffer<1x16x48x48x!quant.uniform<i8:f32, 0.1>, "dram">
    tile.constant %w {value = dense<"0x...."> : tensor<32x16x3x3xi8>} : !tile.buffer<...>
    tile.to_buffer %arg, %x : tensor<1x16x48x48x!quant.uniform<...>>, !tile.buffer<...>
    %r = tile.from_buffer %y : !tile.buffer<...> -> tensor<1x32x48x48x!quant.uniform<...>>

Buffers may overlap: two `tile.buffer`s at one offset are two views of the same bytes (this
is how `quant.reshape`, a view, is lowered).
"""

from __future__ import annotations

from xdsl.dialects.builtin import I64, DenseIntOrFPElementsAttr, IntegerAttr, TensorType, i64
from xdsl.ir import Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph.dense_printing import print_dense
from xopt.dialects.tile.types import BufferType, MemoryLevelAttr


def declared_levels(op: Operation) -> dict[str, int | None]:
    """Sizes of the memory levels (`tile.memory`) visible from `op`: declared in one of the
    blocks enclosing it. A level without a size (DRAM) maps to None."""
    levels: dict[str, int | None] = {}
    block = op.parent_block()
    while block is not None:
        for other in block.ops:
            if isinstance(other, MemoryOp):
                levels.setdefault(other.level.level.data, other.size_bytes)
        parent = block.parent_op()
        block = parent.parent_block() if parent is not None else None
    return levels


def buffer_type(op: Operation, value: SSAValue, what: str) -> BufferType:
    if not isinstance(value.type, BufferType):
        raise VerifyException(f"{op.name}: {what} must be a !tile.buffer, got {value.type}")
    return value.type


def expect_tensor_of_buffer(op: Operation, tensor: SSAValue, buffer: BufferType) -> None:
    """A tensor crossing into or out of a buffer: same shape and element, one slot, no ring."""
    typ = tensor.type
    assert isinstance(typ, TensorType)
    if tuple(typ.get_shape()) != buffer.shape or typ.get_element_type() != buffer.element_type:
        raise VerifyException(
            f"{op.name}: tensor {typ} and buffer {buffer} differ in shape or element type"
        )
    if buffer.slots != 1 or buffer.ring_axis is not None:
        raise VerifyException(f"{op.name}: the buffer must have one slot and no ring axis")


@irdl_op_definition
class MemoryOp(IRDLOperation):
    """Declares a memory level and its size in bytes; without a size the level is unbounded
    (DRAM: the executor sizes it by the buffers placed in it)."""

    name = "tile.memory"

    level = prop_def(MemoryLevelAttr)
    size = opt_prop_def(IntegerAttr[I64])

    def __init__(self, level: str, size: int | None = None):
        props = {"level": MemoryLevelAttr(level)}
        if size is not None:
            props["size"] = IntegerAttr(size, i64)
        super().__init__(properties=props)

    @property
    def size_bytes(self) -> int | None:
        return None if self.size is None else self.size.value.data

    def verify_(self) -> None:
        if self.size_bytes is not None and self.size_bytes < 1:
            raise VerifyException(f"{self.name}: size must be >= 1 byte, got {self.size_bytes}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.level.level.data)
        if self.size_bytes is not None:
            printer.print_string(f" size {self.size_bytes}")
        printer.print_op_attributes(self.attributes)

    @classmethod
    def parse(cls, parser: Parser) -> MemoryOp:
        level = parser.parse_str_literal(" (the memory level's name)")
        size = None
        if parser.parse_optional_keyword("size") is not None:
            size = parser.parse_integer(allow_boolean=False, context_msg=" (bytes)")
        op = cls(level, size)
        op.attributes |= parser.parse_optional_attr_dict()
        return op


@irdl_op_definition
class BufferOp(IRDLOperation):
    """Places a buffer in its level at byte `offset`, taking `size` bytes: slot k occupies
    [offset + k * slot_bytes, offset + (k + 1) * slot_bytes). The verifier checks that `size`
    covers slots x slot_bytes and that the buffer lies inside its level's declared size."""

    name = "tile.buffer"

    offset = prop_def(IntegerAttr[I64])
    size = prop_def(IntegerAttr[I64])
    result = result_def(BufferType)

    irdl_options = (ParsePropInAttrDict(),)
    assembly_format = "`at` $offset `size` $size attr-dict `:` type($result)"

    def __init__(self, buffer: BufferType, offset: int, size: int | None = None):
        size = buffer.slots * buffer.slot_bytes if size is None else size
        super().__init__(
            properties={"offset": IntegerAttr(offset, i64), "size": IntegerAttr(size, i64)},
            result_types=[buffer],
        )

    @property
    def buffer(self) -> BufferType:
        assert isinstance(self.result.type, BufferType)
        return self.result.type

    def verify_(self) -> None:
        buffer, offset, size = self.buffer, self.offset.value.data, self.size.value.data
        needed = buffer.slots * buffer.slot_bytes
        if offset < 0:
            raise VerifyException(f"{self.name}: offset must be >= 0, got {offset}")
        if size < needed:
            raise VerifyException(
                f"{self.name}: size {size} is too small: {buffer.slots} slot(s) of "
                f"{buffer.slot_bytes} bytes need {needed}"
            )
        levels = declared_levels(self)
        if buffer.level_name not in levels:
            raise VerifyException(
                f"{self.name}: memory level '{buffer.level_name}' is not declared by a "
                "tile.memory op"
            )
        capacity = levels[buffer.level_name]
        if capacity is not None and offset + size > capacity:
            raise VerifyException(
                f"{self.name}: bytes [{offset}, {offset + size}) overrun level "
                f"'{buffer.level_name}' of {capacity} bytes"
            )


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """Stores a dense constant (weights, biases) in a single-slot buffer when executed:
    `value` holds the stored integers in 8/16/32-bit integers (i4/i2 values one per byte, as
    `quant.constant`; they are packed into the buffer)."""

    name = "tile.constant"

    buffer = operand_def(BufferType)
    value = prop_def(DenseIntOrFPElementsAttr)

    def __init__(self, buffer: SSAValue, value: DenseIntOrFPElementsAttr):
        super().__init__(operands=[buffer], properties={"value": value})

    def verify_(self) -> None:
        buffer = buffer_type(self, self.buffer, "buffer")
        if tuple(self.value.get_shape()) != buffer.shape:
            raise VerifyException(
                f"{self.name}: value shape {tuple(self.value.get_shape())} differs from the "
                f"buffer shape {buffer.shape}"
            )
        if buffer.slots != 1 or buffer.ring_axis is not None:
            raise VerifyException(f"{self.name}: the buffer must have one slot and no ring axis")

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        operand: UnresolvedOperand = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        value = attrs.pop("value", None)
        if not isinstance(value, DenseIntOrFPElementsAttr):
            parser.raise_error(f"{cls.name} needs a dense `value` attribute")
        op = cls(parser.resolve_operand(operand, typ), value)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.buffer)
        printer.print_string(" {value = ")
        print_dense(printer, self.value)
        printer.print_string("} : ")
        printer.print_attribute(self.buffer.type)


@irdl_op_definition
class ToBufferOp(IRDLOperation):
    """Stores a tensor (an argument of `@main`) into a buffer of its shape and element."""

    name = "tile.to_buffer"

    input = operand_def(TensorType)
    buffer = operand_def(BufferType)

    assembly_format = "$input `,` $buffer attr-dict `:` type($input) `,` type($buffer)"

    def verify_(self) -> None:
        expect_tensor_of_buffer(self, self.input, buffer_type(self, self.buffer, "buffer"))


@irdl_op_definition
class FromBufferOp(IRDLOperation):
    """Reads a buffer's contents as a tensor (a result of `@main`)."""

    name = "tile.from_buffer"

    buffer = operand_def(BufferType)
    output = result_def(TensorType)

    assembly_format = "$buffer attr-dict `:` type($buffer) `->` type($output)"

    def verify_(self) -> None:
        expect_tensor_of_buffer(self, self.output, buffer_type(self, self.buffer, "buffer"))
