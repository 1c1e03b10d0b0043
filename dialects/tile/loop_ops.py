"""Tile loops: `tile.for` with static bounds and loop-carried values, ended by `tile.yield`.

    %last = tile.for %i = 0 to 6 step 1 iter_args(%t = %t0) -> (!tile.token) {
      ...
      tile.yield %next : !tile.token
    }

The body runs for i = lower, lower + step, ... < upper; its block arguments are the index
and the carried values (the inits first, then what the previous iteration yielded); the
results are what the last iteration yielded (the inits when the loop runs zero times).
Carrying DMA tokens is how double buffering is written: a prologue starts tile 0's DMA,
iteration i waits for its token, starts tile i + 1's DMA into the other slot and yields it.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import I64, IndexType, IntegerAttr, i64
from xdsl.dialects.utils.format import parse_assignment, print_assignment
from xdsl.ir import Attribute, Block, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    prop_def,
    region_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import IsTerminator
from xdsl.utils.exceptions import VerifyException


@irdl_op_definition
class ForOp(IRDLOperation):
    """A counted loop with static bounds (module docstring)."""

    name = "tile.for"

    lower = prop_def(IntegerAttr[I64])
    upper = prop_def(IntegerAttr[I64])
    step = prop_def(IntegerAttr[I64])
    inits = var_operand_def()
    results_ = var_result_def()
    body = region_def("single_block")

    def __init__(self, lower: int, upper: int, step: int, inits: Sequence[SSAValue], body: Region):
        super().__init__(
            operands=[inits],
            result_types=[[v.type for v in inits]],
            properties={
                "lower": IntegerAttr(lower, i64),
                "upper": IntegerAttr(upper, i64),
                "step": IntegerAttr(step, i64),
            },
            regions=[body],
        )

    @property
    def bounds(self) -> tuple[int, int, int]:
        return self.lower.value.data, self.upper.value.data, self.step.value.data

    def verify_(self) -> None:
        lower, upper, step = self.bounds
        if step < 1 or lower > upper:
            raise VerifyException(
                f"{self.name}: needs step >= 1 and lower <= upper, got {lower} to {upper} "
                f"step {step}"
            )
        block = self.body.block
        carried = [v.type for v in self.inits]
        names = f"({', '.join(str(t) for t in carried)})"
        arg_types = [a.type for a in block.args]
        if arg_types != [IndexType(), *carried]:
            raise VerifyException(
                f"{self.name}: the body's arguments must be an index and the carried values' "
                f"types {names}"
            )
        last = block.last_op
        if not isinstance(last, YieldOp) or [v.type for v in last.values] != carried:
            raise VerifyException(
                f"{self.name}: the body must end with tile.yield of the carried types {names}"
            )

    def print(self, printer: Printer) -> None:
        index, *carried = self.body.block.args
        lower, upper, step = self.bounds
        printer.print_string(" ")
        printer.print_ssa_value(index)
        printer.print_string(f" = {lower} to {upper} step {step}")
        if carried:
            printer.print_string(" iter_args(")
            printer.print_list(
                zip(carried, self.inits), lambda pair: print_assignment(printer, *pair)
            )
            printer.print_string(") -> (")
            printer.print_list((a.type for a in carried), printer.print_attribute)
            printer.print_string(")")
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=False)
        printer.print_op_attributes(self.attributes)

    @classmethod
    def parse(cls, parser: Parser) -> ForOp:
        index = parser.parse_argument(expect_type=False)
        parser.parse_punctuation("=")
        lower = parser.parse_integer(allow_boolean=False)
        parser.parse_keyword("to")
        upper = parser.parse_integer(allow_boolean=False)
        parser.parse_keyword("step")
        step = parser.parse_integer(allow_boolean=False)
        pos = parser.pos
        args: list[Parser.UnresolvedArgument] = []
        operands: list[UnresolvedOperand] = []
        types: list[Attribute] = []
        if parser.parse_optional_keyword("iter_args"):
            for arg, operand in parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, lambda: parse_assignment(parser)
            ):
                args.append(arg)
                operands.append(operand)
            parser.parse_punctuation("->")
            types = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, parser.parse_attribute
            )
        inits = parser.resolve_operands(operands, types, pos)
        block_args = [index.resolve(IndexType()), *(a.resolve(t) for a, t in zip(args, types))]
        body = parser.parse_region(block_args)
        op = cls(lower, upper, step, inits, body)
        op.attributes |= parser.parse_optional_attr_dict()
        return op


@irdl_op_definition
class YieldOp(IRDLOperation):
    """Ends a `tile.for` or `tile.apply` body, passing on its values."""

    name = "tile.yield"

    values = var_operand_def()

    traits = traits_def(IsTerminator())
    assembly_format = "attr-dict ($values^ `:` type($values))?"

    def __init__(self, values: Sequence[SSAValue] = ()):
        super().__init__(operands=[values])


def loop_body(index_and_carried: Sequence[Attribute]) -> Region:
    """An empty loop body with block arguments of these types (index first)."""
    return Region(Block(arg_types=index_and_carried))
