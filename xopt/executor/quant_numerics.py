"""xopt's integer quantization arithmetic: the one definition every target reproduces bit-exactly.

All functions are vectorised numpy over int64 (or float32) arrays; integer results are int64
arrays holding the stated values. Per-channel parameters are 1-D arrays laid along `axis` of
the data (`axis=None`: parameters broadcast by numpy's ordinary rules). Below, int32 means the
range [-2^31, 2^31 - 1]; arguments outside their stated range raise `ValueError`.

Ranges
    `qrange(bits, signed, narrow)`: signed [-2^(b-1), 2^(b-1) - 1], unsigned [0, 2^b - 1];
    narrow raises qmin by one (int8 narrow is [-127, 127]).

Quantize (onnxruntime's QuantizeLinear)
    q = clamp(rint_f32(float32(x) / float32(scale)) + zero_point, qmin, qmax)
    The division is one IEEE float32 division, rint rounds half to even, the addition of the
    zero point is exact and the clamp saturates (+-inf saturate; NaN gives the zero point).

Dequantize (onnxruntime's DequantizeLinear)
    x = float32(q - zero_point) * float32(scale), the product in float32.

Fixed-point multiplier (TFLite's QuantizeMultiplier)
    For a real multiplier r >= 0: (mantissa, exponent) = frexp(r) with mantissa in [0.5, 1);
    multiplier = round_half_away(mantissa * 2^31), shift = exponent; if multiplier == 2^31
    then multiplier = 2^30 and shift += 1. So multiplier is in [2^30, 2^31) and
    r ~= multiplier * 2^(shift - 31). r == 0, and any r < 2^-32 (shift < -31), give (0, 0).
    r must be finite and below 2^31 (so shift <= 31).

SRDHM (gemmlowp's SaturatingRoundingDoublingHighMul; the same as Arm's SQRDMULH)
    For int32 a, b: if a == b == -2^31 the result is 2^31 - 1; otherwise, with p = a * b exact,
    nudge = 2^30 if p >= 0 else 1 - 2^30, the result is (p + nudge) / 2^31 truncated toward
    zero. That is round(a * b / 2^31) with ties rounded toward +infinity.

Rounding divide by power of two (gemmlowp's RoundingDivideByPOT)
    For int32 x and exponent e in [0, 31]: mask = 2^e - 1, remainder = x & mask,
    threshold = (mask >> 1) + (1 if x < 0 else 0), result = (x >> e) + (1 if remainder >
    threshold else 0), with >> arithmetic. That is round(x / 2^e) with ties away from zero
    (unlike Arm's SRSHL, which rounds ties toward +infinity).

Requantize, mode "fixed_point" (TFLite's MultiplyByQuantizedMultiplier)
    For an int32 accumulator acc and (multiplier, shift) from the fixed-point multiplier above:
        left = max(shift, 0), right = max(-shift, 0)
        x = saturate_int32(acc * 2^left)           (saturating left shift, like Arm's SQSHL)
        y = rounding_divide_by_pot(srdhm(x, multiplier), right)
        q = clamp(y + out_zero_point, qmin, qmax)  (the addition is exact: no int32 wrap)
    A C target may compute clamp(y, qmin - zp, qmax - zp) + zp in int32 instead; it is equal.
    |q - clamp(round(acc * r) + zp)| <= 1 for the real multiplier r.

Requantize, mode "float" (onnxruntime's QDQ / MlasRequantizeOutput arithmetic)
        q = clamp(rint_f32(float32(acc) * float32(r)) + out_zero_point, qmin, qmax)
    float32(acc) rounds to nearest even for |acc| > 2^24, the product is one float32
    multiplication and rint rounds half to even. Ties therefore differ between the modes:
    acc = [-3, -1, 1, 3] at r = 0.5 gives [-1, 0, 1, 2] fixed-point and [-2, 0, 0, 2] float.

Sub-byte packing (i4, i2; i8 is one value per byte)
    Element i of a flat sequence of b-bit values lives in byte (i * b) // 8 at bit offset
    (i * b) % 8, lowest bits first: at 4 bits element 0 is the low nibble of byte 0 and element
    1 its high nibble; at 2 bits element 0 is bits 0-1 of byte 0, ..., element 3 bits 6-7.
    A value is stored as its low b bits (two's complement for negative values), the last byte
    is padded with zero bits and a sequence of n values takes ceil(n * b / 8) bytes.
    Example: [1, -1] at 4 bits is the single byte 0xF1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
PACK_BITS = (2, 4, 8)
"""Bit widths `pack` and `unpack` support."""
RANGE_BITS = (2, 4, 8, 16, 32)
"""Bit widths `qrange` supports."""


def qrange(bits: int, signed: bool, narrow: bool = False) -> tuple[int, int]:
    """(qmin, qmax) of a `bits`-wide integer; `narrow` drops the lowest value."""
    if bits not in RANGE_BITS:
        raise ValueError(f"unsupported bit width {bits}; expected one of {RANGE_BITS}")
    if signed:
        qmin, qmax = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    else:
        qmin, qmax = 0, 2**bits - 1
    return qmin + int(narrow), qmax


def _along(param, ndim: int, axis: int | None, dtype) -> np.ndarray:
    """`param` as an array that broadcasts against data of rank `ndim` along `axis`."""
    arr = np.asarray(param, dtype=dtype)
    if axis is None or arr.ndim == 0:
        return arr
    if arr.ndim != 1:
        raise ValueError(f"per-axis parameters must be 1-D, got shape {arr.shape}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of range for rank {ndim}")
    shape = [1] * ndim
    shape[axis] = arr.shape[0]
    return arr.reshape(shape)


def _int32_array(x, name: str) -> np.ndarray:
    """`x` as an int64 array, checked to lie in the int32 range."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "iub":
        raise ValueError(f"{name} must be integer, got dtype {arr.dtype}")
    arr = arr.astype(np.int64)
    if arr.size and (arr.min() < INT32_MIN or arr.max() > INT32_MAX):
        raise ValueError(f"{name} is outside the int32 range")
    return arr


def quantize(x, scale, zero_point, qmin: int, qmax: int, axis: int | None = None) -> np.ndarray:
    """Float to integer as onnxruntime's QuantizeLinear: clamp(rint_f32(x / scale) + zp)."""
    x32 = np.asarray(x, dtype=np.float32)
    s32 = _along(scale, x32.ndim, axis, np.float32)
    zp = _along(zero_point, x32.ndim, axis, np.int64)
    rounded = np.rint(x32 / s32).astype(np.float64)
    rounded = np.where(np.isnan(rounded), 0.0, rounded)
    q = np.clip(rounded + zp, qmin, qmax)
    return q.astype(np.int64)


def dequantize(q, scale, zero_point, axis: int | None = None) -> np.ndarray:
    """Integer to float32 as onnxruntime's DequantizeLinear: float32(q - zp) * scale."""
    q64 = np.asarray(q, dtype=np.int64)
    s32 = _along(scale, q64.ndim, axis, np.float32)
    zp = _along(zero_point, q64.ndim, axis, np.int64)
    return (q64 - zp).astype(np.float32) * s32


def quantize_multiplier(real_multiplier) -> tuple[np.ndarray, np.ndarray]:
    """TFLite's QuantizeMultiplier, elementwise: (multiplier in [2^30, 2^31) or 0, shift)."""
    real = np.asarray(real_multiplier, dtype=np.float64)
    if not np.all(np.isfinite(real)) or np.any(real < 0) or np.any(real >= 2.0**31):
        raise ValueError("real multipliers must be finite and in [0, 2^31)")
    mantissa, exponent = np.frexp(real)
    # mantissa >= 0, so floor(m + 0.5) is round half away from zero; mantissa * 2^31 is exact.
    multiplier = np.floor(mantissa * 2.0**31 + 0.5).astype(np.int64)
    shift = exponent.astype(np.int64)
    overflow = multiplier == 2**31
    multiplier = np.where(overflow, 2**30, multiplier)
    shift = np.where(overflow, shift + 1, shift)
    tiny = shift < -31
    multiplier = np.where(tiny, 0, multiplier)
    shift = np.where(tiny, 0, shift)
    if np.any(shift > 31):
        raise ValueError("real multiplier too large for a shift of at most 31")
    return multiplier, shift


@dataclass(frozen=True, eq=False)
class Requant:
    """A requantization scale: the real multiplier (s_in * s_w / s_out) and its fixed-point
    form. Scalars are 0-d arrays; per-channel values are 1-D arrays of equal length."""

    real_multiplier: np.ndarray
    """float64, the exact real multiplier; mode "float" uses float32(real_multiplier)."""
    multiplier: np.ndarray
    """int64 holding int32 values in [2^30, 2^31), or 0; from `quantize_multiplier`."""
    shift: np.ndarray
    """int64 in [-31, 31]; positive shifts left, negative rounds right."""

    @classmethod
    def from_real(cls, real_multiplier) -> Requant:
        real = np.array(real_multiplier, dtype=np.float64)
        if real.ndim > 1:
            raise ValueError(f"real multipliers must be a scalar or 1-D, got shape {real.shape}")
        multiplier, shift = quantize_multiplier(real)
        for arr in (real, multiplier, shift):
            arr.setflags(write=False)
        return cls(real, multiplier, shift)

    @property
    def per_channel(self) -> bool:
        return self.real_multiplier.ndim == 1


def saturating_rounding_doubling_high_mul(a, b) -> np.ndarray:
    """gemmlowp's SaturatingRoundingDoublingHighMul (Arm SQRDMULH) on int32 values."""
    a64 = _int32_array(a, "a")
    b64 = _int32_array(b, "b")
    product = a64 * b64
    nudged = product + np.where(product >= 0, 2**30, 1 - 2**30)
    # C's `/` truncates toward zero; numpy's >> floors, so divide the magnitude.
    high = np.where(nudged >= 0, nudged >> 31, -((-nudged) >> 31))
    overflow = (a64 == b64) & (a64 == INT32_MIN)
    return np.where(overflow, INT32_MAX, high)


def rounding_divide_by_pot(x, exponent) -> np.ndarray:
    """gemmlowp's RoundingDivideByPOT: round(x / 2^exponent), ties away from zero."""
    x64 = _int32_array(x, "x")
    e = np.asarray(exponent, dtype=np.int64)
    if e.size and (e.min() < 0 or e.max() > 31):
        raise ValueError("exponent must be in [0, 31]")
    mask = (np.int64(1) << e) - 1
    remainder = x64 & mask
    threshold = (mask >> 1) + (x64 < 0)
    return (x64 >> e) + (remainder > threshold)


def _requantize_fixed_point(acc: np.ndarray, rq: Requant, axis: int | None) -> np.ndarray:
    multiplier = _along(rq.multiplier, acc.ndim, axis, np.int64)
    shift = _along(rq.shift, acc.ndim, axis, np.int64)
    left = np.maximum(shift, 0)
    right = np.maximum(-shift, 0)
    shifted = np.clip(acc << left, INT32_MIN, INT32_MAX)
    return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(shifted, multiplier), right)


def _requantize_float(acc: np.ndarray, rq: Requant, axis: int | None) -> np.ndarray:
    real32 = _along(rq.real_multiplier, acc.ndim, axis, np.float32)
    product = acc.astype(np.float32) * real32
    return np.rint(product).astype(np.int64)


def requantize(
    acc,
    rq: Requant,
    out_zero_point,
    qmin: int,
    qmax: int,
    mode: Literal["fixed_point", "float"] = "fixed_point",
    axis: int | None = None,
) -> np.ndarray:
    """int32 accumulators to the output's integers; see the module docstring for both modes."""
    acc64 = _int32_array(acc, "accumulator")
    if mode == "fixed_point":
        scaled = _requantize_fixed_point(acc64, rq, axis)
    elif mode == "float":
        scaled = _requantize_float(acc64, rq, axis)
    else:
        raise ValueError(f"unknown requantization mode {mode!r}; expected fixed_point or float")
    zp = _along(out_zero_point, acc64.ndim, axis, np.int64)
    return np.clip(scaled + zp, qmin, qmax)


def pack(values, bits: int) -> np.ndarray:
    """Pack b-bit integers (signed or unsigned) into bytes, lowest bits first; see module doc."""
    if bits not in PACK_BITS:
        raise ValueError(f"cannot pack {bits}-bit values; expected one of {PACK_BITS}")
    v = np.asarray(values).reshape(-1).astype(np.int64)
    if v.size and (v.min() < -(2 ** (bits - 1)) or v.max() > 2**bits - 1):
        raise ValueError(f"values do not fit in {bits} bits")
    low = v & (2**bits - 1)
    per_byte = 8 // bits
    padded = np.zeros(-(-v.size // per_byte) * per_byte, dtype=np.int64)
    padded[: v.size] = low
    groups = padded.reshape(-1, per_byte) << (np.arange(per_byte, dtype=np.int64) * bits)
    return np.bitwise_or.reduce(groups, axis=1).astype(np.uint8)


def unpack(packed, bits: int, count: int, signed: bool = True) -> np.ndarray:
    """The first `count` b-bit values of `packed` bytes, as int64; inverse of `pack`."""
    if bits not in PACK_BITS:
        raise ValueError(f"cannot unpack {bits}-bit values; expected one of {PACK_BITS}")
    data = np.asarray(packed, dtype=np.uint8).reshape(-1).astype(np.int64)
    needed = -(-count * bits // 8)
    if count < 0 or data.size < needed:
        raise ValueError(f"{count} {bits}-bit values need {needed} bytes, got {data.size}")
    per_byte = 8 // bits
    fields = (data[:needed, None] >> (np.arange(per_byte, dtype=np.int64) * bits)) & (2**bits - 1)
    v = fields.reshape(-1)[:count]
    if signed:
        v = np.where(v >= 2 ** (bits - 1), v - 2**bits, v)
    return v
