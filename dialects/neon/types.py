"""The NEON register types as builtin vectors: `vector<16xi8>` is `int8x16_t`, the 64-bit
halves `vector<8xi8>` / `vector<4xi16>` / `vector<2xi32>`; unsigned bytes (table indices)
are `vector<16xui8>`. Scalars are signless integers (`i8` is `int8_t`)."""

from __future__ import annotations

from xdsl.dialects.builtin import IntegerType, Signedness, VectorType
from xdsl.ir import Attribute

_SIGNED = {"s8": 8, "s16": 16, "s32": 32}


def _vector(kind: str, lanes: int) -> VectorType:
    if kind == "u8":
        return VectorType(IntegerType(8, Signedness.UNSIGNED), [lanes])
    return VectorType(IntegerType(_SIGNED[kind]), [lanes])


TYPES: dict[str, Attribute] = {
    "s8x16": _vector("s8", 16),
    "s8x8": _vector("s8", 8),
    "u8x16": _vector("u8", 16),
    "s16x8": _vector("s16", 8),
    "s16x4": _vector("s16", 4),
    "s32x4": _vector("s32", 4),
    "s32x2": _vector("s32", 2),
    "i8": IntegerType(8),
    "i16": IntegerType(16),
    "i32": IntegerType(32),
}
"""The types of the intrinsic signatures, by their short name."""

C_TYPES: dict[Attribute, str] = {
    TYPES["s8x16"]: "int8x16_t",
    TYPES["s8x8"]: "int8x8_t",
    TYPES["u8x16"]: "uint8x16_t",
    TYPES["s16x8"]: "int16x8_t",
    TYPES["s16x4"]: "int16x4_t",
    TYPES["s32x4"]: "int32x4_t",
    TYPES["s32x2"]: "int32x2_t",
    TYPES["i8"]: "int8_t",
    TYPES["i16"]: "int16_t",
    TYPES["i32"]: "int32_t",
}
"""The C type of every NEON value type."""


def is_register(t: Attribute) -> bool:
    """Whether `t` is a NEON vector register type."""
    return isinstance(t, VectorType) and t in C_TYPES


def lane_suffix(t: VectorType) -> str:
    """The intrinsic suffix of a vector's lanes: `s8`, `u8`, `s16`, `s32`."""
    element = t.element_type
    assert isinstance(element, IntegerType)
    sign = "u" if element.signedness.data == Signedness.UNSIGNED else "s"
    return f"{sign}{element.width.data}"


def is_quad(t: VectorType) -> bool:
    """Whether `t` fills a 128-bit q register (else a 64-bit d register)."""
    element = t.element_type
    assert isinstance(element, IntegerType)
    return t.get_shape()[0] * element.width.data == 128
