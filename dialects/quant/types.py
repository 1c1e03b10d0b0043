"""Types of the `quant` dialect: integer tensors with a scale and a zero point per tensor or
per channel.

This is the level a float `graph` model is quantized into. A value is a tensor whose element
type is a uniform quantized type, written in MLIR's quant type syntax
(https://mlir.llvm.org/docs/Dialects/QuantDialect/):

    !quant.uniform<i8:f32, 0.0123:-5>                 per tensor: scale 0.0123, zero point -5
    !quant.uniform<i8<-127:127>:f32, 0.5>             narrow storage range, zero point 0
    !quant.uniform<u8:f32, 0.25:128>                  unsigned storage
    !quant.uniform<i8:f32:0, {0.01, 0.02:3}>          per axis: dimension 0, one scale[:zp] each

A stored integer q stands for the real number `scale * (q - zero_point)`. The storage type is
a signed (`i2`, `i4`, `i8`, `i16`, `i32`) or unsigned (`u2` ... `u32`) integer whose values are
clamped to the storage range `[qmin, qmax]`: the full range of the storage type unless written
as `iN<qmin:qmax>`. The expressed type (f16, bf16, f32 or f64) is the float type the values
stand for. Per-axis types carry one scale and zero point per index of the quantized dimension.

Unlike MLIR, which prints scales with six decimals, scales print as the shortest decimal that
reads back to the same f64 (`repr`), so a type survives any number of print/parse round trips.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from xdsl.dialects.builtin import (
    ArrayAttr,
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatData,
    IntAttr,
    IntegerType,
    Signedness,
)
from xdsl.ir import Attribute, ParametrizedAttribute, TypeAttribute
from xdsl.irdl import irdl_attr_definition
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

STORAGE_WIDTHS = (2, 4, 8, 16, 32)
"""Bit widths a storage type may have."""

EXPRESSED_TYPES = (Float16Type, BFloat16Type, Float32Type, Float64Type)
"""Float types a quantized type may stand for."""

_STORAGE_RE = re.compile(r"([iu])([0-9]+)")


def storage_range(bits: int, signed: bool) -> tuple[int, int]:
    """The full range `(qmin, qmax)` of a `bits`-wide signed or unsigned integer."""
    if signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def format_scale(scale: float) -> str:
    """The shortest decimal that reads back to `scale`, always an MLIR float literal
    (`1e-05` is written `1.0e-05`, since MLIR needs the dot)."""
    text = repr(float(scale))
    if "." not in text and "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


class QuantizedType(ParametrizedAttribute, TypeAttribute):
    """What every uniform quantized type has: a storage type and range, an expressed type.

    The storage type is a signed or unsigned `IntegerType`; the range bounds are always
    stored (the full range of the storage type when the syntax omits them).
    """

    storage_type: IntegerType
    storage_min: IntAttr
    storage_max: IntAttr
    expressed_type: Attribute

    @property
    def storage_bits(self) -> int:
        return self.storage_type.width.data

    @property
    def signed(self) -> bool:
        return self.storage_type.signedness.data != Signedness.UNSIGNED

    @property
    def qmin(self) -> int:
        return self.storage_min.data

    @property
    def qmax(self) -> int:
        return self.storage_max.data

    @property
    def storage_type_name(self) -> str:
        """`i8`, `u4`, ...: the storage type as the quant syntax spells it."""
        return f"{'i' if self.signed else 'u'}{self.storage_bits}"

    def _verify_storage(self) -> None:
        bits = self.storage_bits
        if bits not in STORAGE_WIDTHS:
            raise VerifyException(
                f"!quant.uniform: storage width must be one of 2, 4, 8, 16, 32 bits, got {bits}"
            )
        if self.storage_type.signedness.data == Signedness.SIGNLESS:
            raise VerifyException(
                f"!quant.uniform: storage type must be signed or unsigned, got signless i{bits}"
            )
        low, high = storage_range(bits, self.signed)
        if not low <= self.qmin < self.qmax <= high:
            raise VerifyException(
                f"!quant.uniform: storage range <{self.qmin}:{self.qmax}> must satisfy "
                f"{low} <= min < max <= {high} for {self.storage_type_name}"
            )
        if not isinstance(self.expressed_type, EXPRESSED_TYPES):
            raise VerifyException(
                f"!quant.uniform: expressed type must be f16, bf16, f32 or f64, "
                f"got {self.expressed_type}"
            )

    def _verify_scale_zero_point(self, scale: float, zero_point: int, where: str) -> None:
        if not (math.isfinite(scale) and scale > 0):
            raise VerifyException(
                f"!quant.uniform: {where}scale must be positive and finite, got {scale}"
            )
        if not self.qmin <= zero_point <= self.qmax:
            raise VerifyException(
                f"!quant.uniform: {where}zero point {zero_point} lies outside the storage "
                f"range [{self.qmin}, {self.qmax}]"
            )

    def _print_storage_and_expressed(self, printer: Printer) -> None:
        printer.print_string(self.storage_type_name)
        if (self.qmin, self.qmax) != storage_range(self.storage_bits, self.signed):
            printer.print_string(f"<{self.qmin}:{self.qmax}>")
        printer.print_string(":")
        printer.print_attribute(self.expressed_type)


def _storage_params(
    storage_type: IntegerType, storage_range_: tuple[int, int] | None
) -> tuple[IntegerType, IntAttr, IntAttr]:
    """Storage type normalised to signed or unsigned (signless means signed), and its range."""
    bits = storage_type.width.data
    signed = storage_type.signedness.data != Signedness.UNSIGNED
    normalised = IntegerType(bits, Signedness.SIGNED if signed else Signedness.UNSIGNED)
    low, high = storage_range_ if storage_range_ is not None else storage_range(bits, signed)
    return normalised, IntAttr(low), IntAttr(high)


@irdl_attr_definition
class UniformQuantizedType(QuantizedType):
    """A per-tensor uniform quantized type: `!quant.uniform<i8:f32, 0.0123:-5>`.

    Stored value q stands for `scale * (q - zero_point)`; the zero point is omitted from the
    syntax when it is 0. Parsing `!quant.uniform` with a quantized dimension
    (`!quant.uniform<i8:f32:0, {...}>`) gives a `UniformQuantizedPerAxisType` instead: MLIR
    spells both with one mnemonic, so this class, registered for it, parses both.
    """

    name = "quant.uniform"

    scale_attr: FloatData
    zero_point_attr: IntAttr

    def __init__(
        self,
        storage_type: IntegerType,
        expressed_type: Attribute,
        scale: float,
        zero_point: int = 0,
        storage_range: tuple[int, int] | None = None,
    ):
        super().__init__(
            *_storage_params(storage_type, storage_range),
            expressed_type,
            FloatData(float(scale)),
            IntAttr(zero_point),
        )

    @classmethod
    def new(cls, params: Sequence[Attribute]):  # pyright: ignore[reportIncompatibleMethodOverride]
        # The parser builds the registered class from what `parse_parameters` returned;
        # per-axis parameters (one more: the quantized dimension) build the per-axis type.
        if cls is UniformQuantizedType and len(params) == 7:
            return UniformQuantizedPerAxisType.new(params)
        return super().new(params)

    @property
    def scale(self) -> float:
        return self.scale_attr.data

    @property
    def zero_point(self) -> int:
        return self.zero_point_attr.data

    def verify(self) -> None:
        self._verify_storage()
        self._verify_scale_zero_point(self.scale, self.zero_point, "")

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            self._print_storage_and_expressed(printer)
            printer.print_string(", ")
            _print_scale_zero_point(printer, self.scale, self.zero_point)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        start = parser.pos
        with parser.in_angle_brackets():
            storage = _parse_storage(parser)
            parser.parse_punctuation(":", " between the storage and the expressed type")
            expressed = parser.parse_type()
            axis = None
            if parser.parse_optional_punctuation(":") is not None:
                axis = parser.parse_integer(
                    allow_boolean=False, context_msg=" for the quantized dimension"
                )
            parser.parse_punctuation(",", " before the scale")
            if axis is None:
                if parser.parse_optional_punctuation("{") is not None:
                    parser.raise_error(
                        "per-axis scales need a quantized dimension after the expressed "
                        "type, as in !quant.uniform<i8:f32:0, {...}>"
                    )
                scale, zero_point = _parse_scale_zero_point(parser)
                params = (*storage, expressed, FloatData(scale), IntAttr(zero_point))
            else:
                pairs = parser.parse_comma_separated_list(
                    parser.Delimiter.BRACES,
                    lambda: _parse_scale_zero_point(parser),
                    " for the per-axis scale[:zero_point] list",
                )
                params = (
                    *storage,
                    expressed,
                    IntAttr(axis),
                    ArrayAttr(FloatData(s) for s, _ in pairs),
                    ArrayAttr(IntAttr(z) for _, z in pairs),
                )
            end = parser.pos
        try:
            cls.new(params)
        except VerifyException as error:
            parser.raise_error(str(error), start, end)
        return params


@irdl_attr_definition
class UniformQuantizedPerAxisType(QuantizedType):
    """A per-axis (per-channel) uniform quantized type: `!quant.uniform<i8:f32:0, {0.01, 0.02:3}>`.

    Along the quantized dimension `axis` of the tensor it is the element type of, index c
    stores q standing for `scales[c] * (q - zero_points[c])`; the tensor's size along `axis`
    must equal the number of channels (checked by the ops that use it).
    """

    name = "quant.uniform"

    quantized_dimension: IntAttr
    scales_attr: ArrayAttr[FloatData]
    zero_points_attr: ArrayAttr[IntAttr]

    def __init__(
        self,
        storage_type: IntegerType,
        expressed_type: Attribute,
        axis: int,
        scales: Sequence[float],
        zero_points: Sequence[int] | None = None,
        storage_range: tuple[int, int] | None = None,
    ):
        if zero_points is None:
            zero_points = [0] * len(scales)
        super().__init__(
            *_storage_params(storage_type, storage_range),
            expressed_type,
            IntAttr(axis),
            ArrayAttr(FloatData(float(s)) for s in scales),
            ArrayAttr(IntAttr(z) for z in zero_points),
        )

    @property
    def axis(self) -> int:
        return self.quantized_dimension.data

    @property
    def scales(self) -> tuple[float, ...]:
        return tuple(s.data for s in self.scales_attr.data)

    @property
    def zero_points(self) -> tuple[int, ...]:
        return tuple(z.data for z in self.zero_points_attr.data)

    @property
    def channels(self) -> int:
        return len(self.scales_attr.data)

    def verify(self) -> None:
        self._verify_storage()
        if self.axis < 0:
            raise VerifyException(
                f"!quant.uniform: quantized dimension must be >= 0, got {self.axis}"
            )
        if self.channels == 0:
            raise VerifyException("!quant.uniform: per-axis type needs at least one scale")
        if len(self.zero_points_attr.data) != self.channels:
            raise VerifyException(
                f"!quant.uniform: {self.channels} scales but "
                f"{len(self.zero_points_attr.data)} zero points"
            )
        for channel, (scale, zero_point) in enumerate(zip(self.scales, self.zero_points)):
            self._verify_scale_zero_point(scale, zero_point, f"channel {channel} ")

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            self._print_storage_and_expressed(printer)
            printer.print_string(f":{self.axis}, ")
            with printer.in_braces():
                printer.print_list(
                    zip(self.scales, self.zero_points),
                    lambda pair: _print_scale_zero_point(printer, *pair),
                )

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        # Never reached through the parser (the mnemonic is registered to
        # UniformQuantizedType, which parses both forms), but callable directly.
        return UniformQuantizedType.parse_parameters(parser)


def _print_scale_zero_point(printer: Printer, scale: float, zero_point: int) -> None:
    printer.print_string(format_scale(scale))
    if zero_point != 0:
        printer.print_string(f":{zero_point}")


def _parse_storage(parser: AttrParser) -> tuple[IntegerType, IntAttr, IntAttr]:
    """`i8`, `u4`, `i8<-127:127>`: a storage type and its (optional) range."""
    at = parser.pos
    name = parser.parse_optional_identifier()
    match = _STORAGE_RE.fullmatch(name) if name is not None else None
    if match is None:
        parser.raise_error(
            "expected a quant storage type: i2, i4, i8, i16, i32 (signed) or u2 ... u32 (unsigned)",
            at,
            parser.pos,
        )
    signed, bits = match.group(1) == "i", int(match.group(2))
    if bits not in STORAGE_WIDTHS:
        parser.raise_error(
            f"storage width must be one of 2, 4, 8, 16, 32 bits, got {name}", at, parser.pos
        )
    storage_type = IntegerType(bits, Signedness.SIGNED if signed else Signedness.UNSIGNED)
    low, high = storage_range(bits, signed)
    if parser.parse_optional_punctuation("<") is not None:
        low = parser.parse_integer(allow_boolean=False, context_msg=" for the storage minimum")
        parser.parse_punctuation(":", " between the storage minimum and maximum")
        high = parser.parse_integer(allow_boolean=False, context_msg=" for the storage maximum")
        parser.parse_punctuation(">", " after the storage range")
    return storage_type, IntAttr(low), IntAttr(high)


def _parse_scale_zero_point(parser: AttrParser) -> tuple[float, int]:
    """`0.0123`, `0.0123:-5`: a scale and its (optional, default 0) zero point."""
    if parser._current_token.text[:2].lower() == "0x":
        parser.raise_error("a !quant.uniform scale must be a decimal number, not hexadecimal")
    scale = parser.parse_optional_number()
    if scale is None:
        parser.raise_error("expected a scale (positive float) in a !quant.uniform type")
    zero_point = 0
    if parser.parse_optional_punctuation(":") is not None:
        zero_point = parser.parse_integer(allow_boolean=False, context_msg=" for the zero point")
    return float(scale), zero_point
