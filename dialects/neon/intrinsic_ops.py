"""One op per NEON intrinsic the kernels use, each named after the ACLE intrinsic it
prints as: `%r = neon.vdotq_s32 %acc, %a, %b : vector<4xi32>` is
`int32x4_t r = vdotq_s32(acc, a, b);` (Arm C Language Extensions semantics, lane for lane).

`SIGNATURES` is the table the op classes are made from: the result type and the operand
types, by `types.TYPES` short names. Only the result type is written in the IR; the operand
types follow from the op. An intrinsic of `IMMEDIATES` also takes a compile-time integer
(a lane or byte index), written after the operands and printed as the last C argument:
`%r = neon.vdotq_laneq_s32 %acc, %w, %x, 2 : vector<4xi32>`.
"""

from __future__ import annotations

from typing import ClassVar

from xdsl.dialects.builtin import IntegerAttr, i32
from xdsl.ir import Attribute
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    opt_prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.neon.types import TYPES


def _binary(t: str, *names: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {name: (t, (t, t)) for name in names}


SIGNATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    # splats and register views
    "vdupq_n_s8": ("s8x16", ("i8",)),
    "vdupq_n_s16": ("s16x8", ("i16",)),
    "vdupq_n_s32": ("s32x4", ("i32",)),
    "vget_low_s8": ("s8x8", ("s8x16",)),
    "vget_high_s8": ("s8x8", ("s8x16",)),
    "vget_low_s16": ("s16x4", ("s16x8",)),
    "vcombine_s8": ("s8x16", ("s8x8", "s8x8")),
    "vreinterpretq_s16_s8": ("s16x8", ("s8x16",)),
    "vreinterpretq_s8_s16": ("s8x16", ("s16x8",)),
    "vreinterpretq_s32_s8": ("s32x4", ("s8x16",)),
    "vreinterpretq_s8_s32": ("s8x16", ("s32x4",)),
    "vreinterpretq_u8_s8": ("u8x16", ("s8x16",)),
    # dot products and widening multiply-accumulate
    "vdotq_s32": ("s32x4", ("s32x4", "s8x16", "s8x16")),
    "vdotq_laneq_s32": ("s32x4", ("s32x4", "s8x16", "s8x16")),
    "vmull_s8": ("s16x8", ("s8x8", "s8x8")),
    "vmull_high_s8": ("s16x8", ("s8x16", "s8x16")),
    "vmlal_s8": ("s16x8", ("s16x8", "s8x8", "s8x8")),
    "vmlal_high_s8": ("s16x8", ("s16x8", "s8x16", "s8x16")),
    "vmlal_s16": ("s32x4", ("s32x4", "s16x4", "s16x4")),
    "vmlal_high_s16": ("s32x4", ("s32x4", "s16x8", "s16x8")),
    "vmovl_s8": ("s16x8", ("s8x8",)),
    "vmovl_high_s8": ("s16x8", ("s8x16",)),
    "vaddw_s16": ("s32x4", ("s32x4", "s16x4")),
    "vaddw_high_s16": ("s32x4", ("s32x4", "s16x8")),
    # pairwise and horizontal adds
    "vpaddq_s32": ("s32x4", ("s32x4", "s32x4")),
    "vpaddlq_s16": ("s32x4", ("s16x8",)),
    "vpadalq_s16": ("s32x4", ("s32x4", "s16x8")),
    "vaddvq_s32": ("i32", ("s32x4",)),
    **_binary("s32x4", "vaddq_s32", "vsubq_s32", "vmaxq_s32", "vminq_s32"),
    **_binary("s16x8", "vaddq_s16", "vqaddq_s16"),
    **_binary("s8x16", "vmaxq_s8", "vminq_s8"),
    # requantization: doubling high multiplies, shifts, saturating narrowing
    **_binary("s32x4", "vqdmulhq_s32", "vqrdmulhq_s32", "vrshlq_s32", "vqshlq_s32", "vshlq_s32"),
    "vqmovn_s32": ("s16x4", ("s32x4",)),
    "vqmovn_high_s32": ("s16x8", ("s16x4", "s32x4")),
    "vqmovn_s16": ("s8x8", ("s16x8",)),
    "vqmovn_high_s16": ("s8x16", ("s8x8", "s16x8")),
    # table lookups (LUT activations): out-of-range indices give 0
    "vqtbl1q_s8": ("s8x16", ("s8x16", "u8x16")),
    # layout changes
    **_binary("s8x16", "vzip1q_s8", "vzip2q_s8", "vuzp1q_s8", "vuzp2q_s8"),
    **_binary("s16x8", "vzip1q_s16", "vzip2q_s16"),
    "vextq_s8": ("s8x16", ("s8x16", "s8x16")),
}

IMMEDIATES: dict[str, int] = {
    # acc + the dot products of w's 4-byte groups with x's group `lane` (0 .. 3)
    "vdotq_laneq_s32": 4,
    # bytes n .. 15 of a, then bytes 0 .. n - 1 of b (n in 0 .. 15)
    "vextq_s8": 16,
}
"""The intrinsics with an immediate operand, and the number of values it may take."""


class IntrinsicOp(IRDLOperation):
    """A NEON intrinsic call; subclasses set `name` (neon.<intrinsic>) and `SIGNATURE`."""

    SIGNATURE: ClassVar[tuple[str, tuple[str, ...]]]

    args = var_operand_def()
    result = result_def()
    imm = opt_prop_def(IntegerAttr)

    traits = traits_def(Pure())

    @property
    def intrinsic(self) -> str:
        return self.name.removeprefix("neon.")

    @classmethod
    def signature_operands(cls) -> list[Attribute]:
        return [TYPES[t] for t in cls.SIGNATURE[1]]

    @classmethod
    def signature_result(cls) -> Attribute:
        return TYPES[cls.SIGNATURE[0]]

    @property
    def immediate(self) -> int | None:
        return None if self.imm is None else self.imm.value.data

    def verify_(self) -> None:
        count = IMMEDIATES.get(self.intrinsic)
        if count is None and self.imm is not None:
            raise VerifyException(f"{self.name} takes no immediate")
        if count is not None and not (self.imm is not None and 0 <= self.immediate < count):
            raise VerifyException(f"{self.name} needs an immediate in [0, {count - 1}]")
        expected = self.signature_operands()
        got = [a.type for a in self.args]
        if got != expected:
            raise VerifyException(
                f"{self.name} takes ({', '.join(map(str, expected))}), "
                f"got ({', '.join(map(str, got))})"
            )
        if self.result.type != self.signature_result():
            raise VerifyException(
                f"{self.name} returns {self.signature_result()}, not {self.result.type}"
            )

    @classmethod
    def parse(cls, parser: Parser) -> IntrinsicOp:
        unresolved = [parser.parse_unresolved_operand()]
        immediate = None
        while parser.parse_optional_punctuation(","):
            if (value := parser.parse_optional_integer()) is not None:
                immediate = value
                break
            unresolved.append(parser.parse_unresolved_operand())
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        result_type = parser.parse_type()
        expected = cls.signature_operands()
        if len(unresolved) != len(expected):
            parser.raise_error(f"{cls.name} takes {len(expected)} operands, got {len(unresolved)}")
        operands = [parser.resolve_operand(u, t) for u, t in zip(unresolved, expected)]
        properties = {} if immediate is None else {"imm": IntegerAttr(immediate, i32)}
        return cls.create(
            operands=operands,
            result_types=[result_type],
            attributes=attributes,
            properties=properties,
        )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.args, printer.print_operand)
        if self.imm is not None:
            printer.print_string(f", {self.immediate}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.result.type)

    @classmethod
    def build_call(cls, *args, immediate: int | None = None) -> IntrinsicOp:
        """The op applied to `args` (SSA values of the signature's operand types) and, for
        an intrinsic of `IMMEDIATES`, `immediate`."""
        properties = {} if immediate is None else {"imm": IntegerAttr(immediate, i32)}
        return cls.create(
            operands=list(args), result_types=[cls.signature_result()], properties=properties
        )


def _op_class(intrinsic: str) -> type[IntrinsicOp]:
    class_name = "".join(part.capitalize() for part in intrinsic.split("_")) + "Op"
    cls = type(
        class_name,
        (IntrinsicOp,),
        {
            "name": f"neon.{intrinsic}",
            "SIGNATURE": SIGNATURES[intrinsic],
            "__annotations__": {"SIGNATURE": ClassVar[tuple[str, tuple[str, ...]]]},
            "__doc__": f"`{intrinsic}` (ACLE).",
            "__module__": __name__,
        },
    )
    return irdl_op_definition(cls)


INTRINSIC_OPS: dict[str, type[IntrinsicOp]] = {name: _op_class(name) for name in SIGNATURES}
"""The op class of every intrinsic, by intrinsic name."""
