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

Requantize, mode "fixed_point" (one rounding of an exact 64-bit product)
    For an int32 accumulator acc and (multiplier, shift) from the fixed-point multiplier above,
    with n = 31 - shift (0 <= n <= 62) and the product acc * multiplier exact (it fits int64):
        y = (acc * multiplier + (2^(n-1) if n > 0 else 0)) >> n     (>> arithmetic)
        q = clamp(y + out_zero_point, qmin, qmax)
    That is y = round(acc * multiplier / 2^n) with ties toward +infinity: a single rounding,
    as TOSA's RESCALE without double_round and CMSIS-NN's single-rounding requantization do,
    where TFLite's MultiplyByQuantizedMultiplier (SQRDMULH then a rounding shift) rounds
    twice and is off by one for a band of values around each half. On Arm NEON it is SMULL
    and SRSHL on 64-bit lanes, then XTN. A C target may compute clamp(y, qmin - zp,
    qmax - zp) + zp instead; it is equal. |q - clamp(round(acc * r) + zp)| <= 1 for the real
    multiplier r, and q is exact unless acc * r lies within |acc| * r * 2^-31 of a half.

Requantize, mode "float" (onnxruntime's QDQ / MlasRequantizeOutput arithmetic)
        q = clamp(rint_f32(float32(acc) * float32(r)) + out_zero_point, qmin, qmax)
    float32(acc) rounds to nearest even for |acc| > 2^24, the product is one float32
    multiplication and rint rounds half to even. Ties therefore differ between the modes:
    acc = [-3, -1, 1, 3] at r = 0.5 gives [-1, 0, 1, 2] fixed-point and [-2, 0, 0, 2] float.
    quant.conv2d, quant.fully_connected and quant.global_avgpool requantize so in float mode;
    quant.add, quant.mul, quant.avgpool, quant.requantize, quant.concat and quant.resize use
    the onnxruntime formulas below.

Rescale (`rescale`: requantize without zero point and saturation)
    fixed_point: y = (acc * multiplier + (2^(n-1) if n > 0 else 0)) >> n, n = 31 - shift.
    float: y = rint_f32(float32(acc) * float32(r)).
    requantize(acc) = clamp(rescale(acc) + out_zero_point, qmin, qmax) in both modes.

An op's multiplier (`Requant.from_scales`)
    r = s_in * s_w / (s_out * divisor), with s_w = 1 for ops without weights and divisor = 1
    unless an op says otherwise. fixed_point: r from the IR's float64 scales,
    (s_in * s_w) / (s_out * divisor) in float64, then the fixed-point multiplier above.
    float: r = float32(s_in) * float32(s_w) / (float32(s_out) * float32(divisor)), every
    operation one float32 rounding, left to right: onnxruntime's `x_scale * w_scale / y_scale`
    (QLinearConv, QGemm, QLinearMatMul, QLinearMul) and `x_scale / (y_scale * (float)N)`
    (QLinearGlobalAveragePool).

Mode "float" helpers (onnxruntime on x86-64 with AVX2; ARM builds of onnxruntime differ)
    fma_f32(a, b, c) is float32(a * b + c) with a single rounding (x86 VFMADD).
    cvt(t) is x86's CVTPS2DQ: rint_f32(t), ties to even, and INT32_MIN where |t| >= 2^31 or
    t is NaN (so such a t saturates to qmin, as in onnxruntime).

Add (`add`; quant.add)
    fixed_point, TFLite's integer Add with L = left_shift (20 for inputs of at most 8 bits) and
    m = 2 * max(s_a, s_b) in float64:
        a' = rescale((a - z_a) * 2^L, s_a / m),  b' = rescale((b - z_b) * 2^L, s_b / m)
        q  = requantize(a' + b', m / (2^L * s_y), z_y, qmin, qmax)
    where (a - z_a) * 2^L and the sum must fit int32.
    float, onnxruntime's QLinearAdd (MlasQLinearAddKernelAvx2) on stored integers A, B:
        rA = float32(s_A) / float32(s_y),  rB = float32(s_B) / float32(s_y)
        fixed = float32(z_y) - fma_f32(rA, z_A, float32(rB * z_B))
        q  = clamp(cvt(fma_f32(A, rA, fma_f32(B, rB, fixed))), qmin, qmax)
    (A, B) = (a, b), except when onnxruntime's broadcast loop treats a as the scalar of each
    span: a is 0-d, or a has size 1 in the innermost aligned axis where a and b are not both 1
    (the last common axis if all are 1); then (A, B) = (b, a).

Mul (`mul`; quant.mul), with acc = (a - z_a) * (b - z_b) exact
    fixed_point: q = requantize(acc, s_a * s_b / s_y, z_y, qmin, qmax).
    float, onnxruntime's QLinearMul, with r the float multiplier of (s_a, s_b, s_y):
        q = clamp(cvt(float32(float32(acc) * r) + float32(z_y)), qmin, qmax)
    (the zero point is added before rounding: 0.5 + 1 rounds to 2, not to 0 + 1).

Dequantize-quantize (`dequantize_quantize`; quant.requantize and quant.concat, mode float)
    q = quantize(dequantize(x, s_x, z_x), s_y, z_y, qmin, qmax): what onnxruntime runs for a
    DequantizeLinear -> QuantizeLinear pair and in QLinearConcat's lookup tables. Where the
    float32 scales and the zero points are equal, q = clamp(x, qmin, qmax) (a copy).

Average (`average_fixed_point`, `average_float`; quant.avgpool and quant.global_avgpool)
    fixed_point: q = requantize(total, s_x / (s_y * count), z_y, qmin, qmax) with total the
    exact sum of (x - z_x) over a window and count its divisor (the multiplier of each count
    is built as `Requant.from_scales(s_x, 1, s_y, divisor=count)`).
    float, global (quant.global_avgpool, and quant.avgpool when its window is the whole input
    and it has no padding, as onnxruntime then runs QLinearGlobalAveragePool):
        q = requantize(total, r, z_y, qmin, qmax, "float"), r the float multiplier with
        divisor = count.
    float, windows (onnxruntime's QLinearAveragePool): with v = dequantize(x) (float32),
        t = float32 sum of v over the window's input positions, row by row, starting at 0
        mean = float32(t / float32(count))
        q = clamp(cvt(float32(float32(mean / float32(s_y)) + float32(z_y))), qmin, qmax)
    count is always the op's (graph.avgpool's). onnxruntime's QLinearAveragePool differs in
    one case, count_include_pad with ceil_mode windows that overhang the end padding: it
    divides those by the whole kernel size.

Resize, linear (`resize_weights`, `resize_weights_float`; quant.resize)
    Per interpolated axis of size n, c is the float32 source coordinate of graph.resize,
    clamped to [0, n - 1]; i1 = floor(c), i2 = min(i1 + 1, n - 1).
    Integer weights (RESIZE_WEIGHT_BITS = W = 10, onnxruntime's SetupUpsampleBilinearInteger):
        c_W = trunc(float32(c * 2^W)),  w1 = |c_W - i2 * 2^W|,  w2 = |c_W - i1 * 2^W|
        (w1 + w2 = 2^W; w1 = w2 = 2^(W-1) where i1 == i2). fixed_point:
        total = sum over the corners of (product of the axes' weights) * (x - z_x), exact
        q = requantize(total, s_x / (s_y * 2^(W * axes)), z_y, qmin, qmax), axes = how
        many axes are interpolated.
    float (onnxruntime runs DequantizeLinear -> float Resize -> QuantizeLinear): float32
        weights d1 = |c - i2|, d2 = |c - i1| (0.5 and 0.5 where i1 == i2) on the two axes
        (y, x) of a bilinear resize, v = dequantize(x), corners v11 = v[y1, x1],
        v21 = v[y1, x2], v12 = v[y2, x1], v22 = v[y2, x2], every operation in float32:
        t = (((dx1 * dy1) * v11 + (dx2 * dy1) * v21) + (dx1 * dy2) * v12) + (dx2 * dy2) * v22
        q = quantize(t, s_y, z_y, qmin, qmax). An axis with scale 1 uses c = its index; a
        resize that changes no size is q = quantize(v, s_y, z_y, qmin, qmax).

Softmax (`softmax_exp_table`, `softmax`; quant.softmax)
    Along one axis of length D <= SOFTMAX_MAX_LENGTH (2^15), for inputs stored in at most 8
    bits (L = qmax_x - qmin_x + 1 levels) and an output scale s_y = 2^-k (0 <= k <= 16).
    With m the largest stored input along the axis, every element's distance j = m - x is
    in [0, L); the exponentials are a table indexed by j.
    fixed_point, with F = SOFTMAX_EXP_BITS (16):
        E[j] = floor(2^F * exp(-s_x * j) + 1/2), j = 0 .. L - 1 (exp in float64; E[0] = 2^F)
        e = E[m - x],  S = sum of e along the axis (exact; S < 2^31)
        q = clamp(z_y + floor((e * 2^(k+1) + S) / (2 * S)), lo, hi)
    so q = round(e / S / s_y) + z_y, ties up: one rounding of the exact ratio. The table is
    the compiler's (`softmax_exp_table`), so targets receive E and never evaluate exp; the
    division is one integer division per element (or a per-row reciprocal with a check).
    float, onnxruntime's QLinearSoftmax (8-bit inputs), with s_x and s_y float32:
        B = max(0, ln(FLT_MAX / D) - 5) / s_x                 (float64)
        T[j] = float32(exp((B - j) * s_x))                     (float64, then one rounding)
        S = float32 sum of T[m - x] along the axis, in index order
        q = clamp(rint_f32(float32(T[m - x] * floor_f32(1 / s_y)) / S) + z_y, lo, hi)
    every operation in float32 except the table's. Two differences: for D = 1 the product
    T * floor(1 / s_y) overflows to +inf, which saturates to hi here (onnxruntime converts
    +inf to an integer, undefined in C++: 0 for uint8 on x86-64); and onnxruntime does not
    saturate int8 results, so a probability that rounds to 1 (256 + z_y = 128 at the usual
    z_y = -128) wraps to -128 there; this mode saturates it to 127, as QuantizeLinear would.

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
Mode = Literal["fixed_point", "float"]
MODES = ("fixed_point", "float")
"""The rounding modes (an op's `rounding` property)."""
RESIZE_WEIGHT_BITS = 10
"""Fraction bits of quant.resize's linear weights (onnxruntime's and TFLite's 2^10 scale)."""
SOFTMAX_EXP_BITS = 16
"""Fraction bits of quant.softmax's fixed-point exponential table (E[0] = 2^16)."""
SOFTMAX_MAX_LENGTH = 2**15
"""Longest softmax axis: D * 2^SOFTMAX_EXP_BITS must fit int32."""
SOFTMAX_MAX_OUTPUT_SHIFT = 16
"""quant.softmax's output scale is 2^-k with 0 <= k <= this."""
FLT_MAX = float(np.finfo(np.float32).max)
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

    @classmethod
    def from_scales(cls, s_in, s_w, s_out, mode: Mode = "fixed_point", divisor=1) -> Requant:
        """The multiplier s_in * s_w / (s_out * divisor) as `mode` computes it (module doc);
        a 1-D `s_w` (per-channel weights) gives a per-channel Requant."""
        _check_mode(mode)
        if mode == "fixed_point":
            f64 = np.float64
            real = np.asarray(s_in, f64) * np.asarray(s_w, f64)
            return cls.from_real(real / (np.asarray(s_out, f64) * np.asarray(divisor, f64)))
        f32 = np.float32
        numerator = np.asarray(s_in, f32) * np.asarray(s_w, f32)
        return cls.from_real(numerator / (np.asarray(s_out, f32) * np.asarray(divisor, f32)))

    @property
    def per_channel(self) -> bool:
        return self.real_multiplier.ndim == 1


def rounding_multiply(acc, multiplier, shift) -> np.ndarray:
    """round(acc * multiplier / 2^(31 - shift)), ties toward +infinity, from the exact
    product: the fixed-point rescale (module docstring). Arguments broadcast."""
    acc64 = _int32_array(acc, "accumulator")
    m = np.asarray(multiplier, dtype=np.int64)
    n = 31 - np.asarray(shift, dtype=np.int64)
    if m.size and (m.min() < 0 or m.max() > INT32_MAX):
        raise ValueError("multipliers must be in [0, 2^31)")
    if n.size and (n.min() < 0 or n.max() > 62):
        raise ValueError("shift must be in [-31, 31]")
    rounding = np.where(n > 0, np.int64(1) << np.maximum(n - 1, 0), 0)
    return (acc64 * m + rounding) >> n


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown requantization mode {mode!r}; expected fixed_point or float")


def _requantize_fixed_point(acc: np.ndarray, rq: Requant, axis: int | None) -> np.ndarray:
    multiplier = _along(rq.multiplier, acc.ndim, axis, np.int64)
    shift = _along(rq.shift, acc.ndim, axis, np.int64)
    return rounding_multiply(acc, multiplier, shift)


def _requantize_float(acc: np.ndarray, rq: Requant, axis: int | None) -> np.ndarray:
    real32 = _along(rq.real_multiplier, acc.ndim, axis, np.float32)
    product = acc.astype(np.float32) * real32
    return np.rint(product).astype(np.int64)


def rescale(acc, rq: Requant, mode: Mode = "fixed_point", axis: int | None = None) -> np.ndarray:
    """int32 values times the multiplier, rounded as `mode` rounds: requantize without the
    zero point and the saturation (module docstring)."""
    _check_mode(mode)
    acc64 = _int32_array(acc, "accumulator")
    if mode == "fixed_point":
        return _requantize_fixed_point(acc64, rq, axis)
    return _requantize_float(acc64, rq, axis)


def requantize(
    acc,
    rq: Requant,
    out_zero_point,
    qmin: int,
    qmax: int,
    mode: Mode = "fixed_point",
    axis: int | None = None,
) -> np.ndarray:
    """int32 accumulators to the output's integers; see the module docstring for both modes."""
    scaled = rescale(acc, rq, mode, axis)
    zp = _along(out_zero_point, scaled.ndim, axis, np.int64)
    return np.clip(scaled + zp, qmin, qmax)


def fma_f32(a, b, c) -> np.ndarray:
    """float32 a * b + c with one rounding (x86 VFMADD), for float32 values whose product is
    exact in float64 (one of a, b an integer below 2^29): the sum is rounded to float64 by
    round-to-odd, so that the final rounding to float32 sees the exact value's side."""
    f64 = np.float64
    product = np.asarray(a, np.float32).astype(f64) * np.asarray(b, np.float32).astype(f64)
    addend = np.asarray(c, np.float32).astype(f64)
    total = np.asarray(product + addend)
    # TwoSum: the exact rounding error of product + addend.
    back = total - product
    error = (product - (total - back)) + (addend - back)
    inexact_even = (error != 0) & ((total.view(np.int64) & 1) == 0)
    odd = np.nextafter(total, np.where(error > 0, np.inf, -np.inf))
    return np.where(inexact_even, odd, total).astype(np.float32)


def cvt_f32(t) -> np.ndarray:
    """x86 CVTPS2DQ as int64: round half to even; INT32_MIN for NaN and |t| >= 2^31."""
    t32 = np.asarray(t, np.float32)
    inside = np.abs(t32.astype(np.float64)) < 2.0**31
    return np.where(inside, np.rint(np.where(inside, t32, 0)), INT32_MIN).astype(np.int64)


def _span_scalar_is_lhs(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> bool:
    """Whether onnxruntime's broadcast loop (InputBroadcaster) treats `a` as the scalar of
    each span: the innermost aligned axis where a and b are not both 1 has a == 1."""
    if len(a_shape) == 0 or len(b_shape) == 0:
        return len(a_shape) == 0
    common = min(len(a_shape), len(b_shape))
    for i in range(1, common + 1):
        da, db = a_shape[-i], b_shape[-i]
        if da != 1 or db != 1 or i == common:
            return da == 1
    return False


def add(
    a, b, a_params, b_params, y_params, qmin: int, qmax: int, mode: Mode, left_shift: int
) -> np.ndarray:
    """quant.add of stored integers `a`, `b` (numpy broadcasting); `*_params` are
    (scale, zero_point) pairs. See the module docstring for both modes."""
    _check_mode(mode)
    (s_a, z_a), (s_b, z_b), (s_y, z_y) = a_params, b_params, y_params
    a64, b64 = np.asarray(a, np.int64), np.asarray(b, np.int64)
    if mode == "fixed_point":
        m = 2.0 * max(float(s_a), float(s_b))
        shifted_a, shifted_b = (a64 - z_a) << left_shift, (b64 - z_b) << left_shift
        for shifted in (shifted_a, shifted_b):
            if shifted.size and np.abs(shifted).max() > INT32_MAX:
                raise ValueError(
                    f"(x - zero_point) * 2^{left_shift} overflows int32: the fixed-point add "
                    f"takes inputs of at most {31 - left_shift} bits"
                )
        a_scaled = rescale(shifted_a, Requant.from_real(float(s_a) / m))
        b_scaled = rescale(shifted_b, Requant.from_real(float(s_b) / m))
        out = Requant.from_real(m / (2.0**left_shift * float(s_y)))
        return requantize(a_scaled + b_scaled, out, z_y, qmin, qmax)
    if _span_scalar_is_lhs(a64.shape, b64.shape):
        a64, b64, s_a, s_b, z_a, z_b = b64, a64, s_b, s_a, z_b, z_a
    f32 = np.float32
    r_a, r_b = f32(s_a) / f32(s_y), f32(s_b) / f32(s_y)
    fixed = f32(z_y) - fma_f32(r_a, z_a, r_b * f32(z_b))
    total = fma_f32(a64, r_a, fma_f32(b64, r_b, fixed))
    return np.clip(cvt_f32(total), qmin, qmax)


def mul(a, b, a_params, b_params, y_params, qmin: int, qmax: int, mode: Mode) -> np.ndarray:
    """quant.mul of stored integers `a`, `b` (numpy broadcasting); see the module docstring."""
    (s_a, z_a), (s_b, z_b), (s_y, z_y) = a_params, b_params, y_params
    acc = (np.asarray(a, np.int64) - z_a) * (np.asarray(b, np.int64) - z_b)
    acc = _int32_array(acc, "product")
    rq = Requant.from_scales(s_a, s_b, s_y, mode)
    if mode == "fixed_point":
        return requantize(acc, rq, z_y, qmin, qmax)
    scaled = acc.astype(np.float32) * np.float32(rq.real_multiplier)
    return np.clip(cvt_f32(scaled + np.float32(z_y)), qmin, qmax)


def dequantize_quantize(x, x_params, y_params, qmin: int, qmax: int) -> np.ndarray:
    """onnxruntime's DequantizeLinear -> QuantizeLinear of stored integers (per tensor);
    a (saturated) copy where the float32 scales and the zero points are equal."""
    (s_x, z_x), (s_y, z_y) = x_params, y_params
    x64 = np.asarray(x, np.int64)
    if np.float32(s_x) == np.float32(s_y) and int(z_x) == int(z_y):
        return np.clip(x64, qmin, qmax)
    return quantize(dequantize(x64, s_x, z_x), s_y, z_y, qmin, qmax)


def average_fixed_point(total, count, s_x, s_y, z_y, qmin: int, qmax: int) -> np.ndarray:
    """Window sums of (x - z_x) divided by their (broadcastable) counts, fixed-point mode."""
    total64 = np.asarray(total, np.int64)
    counts = np.broadcast_to(np.asarray(count, np.int64), total64.shape)
    out = np.empty(total64.shape, np.int64)
    for c in np.unique(counts):
        where = counts == c
        rq = Requant.from_scales(s_x, 1.0, s_y, "fixed_point", divisor=int(c))
        out[where] = requantize(total64[where], rq, z_y, qmin, qmax)
    return out


def average_float(total, count, s_y, z_y, qmin: int, qmax: int) -> np.ndarray:
    """onnxruntime's QLinearAveragePool output step: float32 window sums `total` of dequantized
    values divided by their (broadcastable) counts, then quantized (module docstring)."""
    f32 = np.float32
    mean = np.asarray(total, f32) / np.asarray(count, np.int64).astype(f32)
    return np.clip(cvt_f32(mean / f32(s_y) + f32(z_y)), qmin, qmax)


def resize_weights(coords, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Linear resize along one axis of `size`: (i1, i2, w1, w2) for float32 source `coords`,
    integer weights with RESIZE_WEIGHT_BITS fraction bits summing to 2^RESIZE_WEIGHT_BITS."""
    one = 1 << RESIZE_WEIGHT_BITS
    c = np.clip(np.asarray(coords, np.float32), np.float32(0), np.float32(size - 1))
    low = np.minimum(c.astype(np.int64), size - 1)
    high = np.minimum(low + 1, size - 1)
    c_w = (c * np.float32(one)).astype(np.int64)
    w1 = np.where(low == high, one // 2, np.abs(c_w - high * one))
    w2 = np.where(low == high, one // 2, np.abs(c_w - low * one))
    return low, high, w1, w2


def resize_weights_float(
    coords, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """As `resize_weights` with onnxruntime's float32 weights (d1, d2) of UpsampleBilinear."""
    c = np.clip(np.asarray(coords, np.float32), np.float32(0), np.float32(size - 1))
    low = np.minimum(c.astype(np.int64), size - 1)
    high = np.minimum(low + 1, size - 1)
    half = np.float32(0.5)
    d1 = np.where(low == high, half, np.abs(c - high.astype(np.float32)))
    d2 = np.where(low == high, half, np.abs(c - low.astype(np.float32)))
    return low, high, d1.astype(np.float32), d2.astype(np.float32)


def softmax_exp_table(s_x, levels: int, mode: Mode, length: int = 1) -> np.ndarray:
    """The softmax exponential table indexed by j = max - x, j < `levels`: int64 E[j] in
    fixed_point mode, float32 T[j] in float mode for an axis of `length` (module doc)."""
    _check_mode(mode)
    j = np.arange(levels, dtype=np.float64)
    if mode == "fixed_point":
        scaled = np.exp(-float(s_x) * j) * 2.0**SOFTMAX_EXP_BITS
        return np.floor(scaled + 0.5).astype(np.int64)
    s = float(np.float32(s_x))
    shift = max(0.0, np.log(FLT_MAX / length) - 5.0) / s
    return np.exp((-j + shift) * s).astype(np.float32)


def softmax_output_shift(s_y) -> int:
    """k with s_y == 2^-k exactly (0 <= k <= SOFTMAX_MAX_OUTPUT_SHIFT), else ValueError."""
    mantissa, exponent = np.frexp(float(s_y))
    k = 1 - int(exponent)
    if mantissa != 0.5 or not 0 <= k <= SOFTMAX_MAX_OUTPUT_SHIFT:
        raise ValueError(
            f"softmax output scale must be 2^-k with 0 <= k <= {SOFTMAX_MAX_OUTPUT_SHIFT}, "
            f"got {float(s_y)!r}"
        )
    return k


def softmax(x, x_params, y_params, qmin: int, qmax: int, axis: int, levels: int, mode: Mode):
    """quant.softmax of stored integers `x` along `axis`; `levels` is the input's number of
    storage values (qmax_x - qmin_x + 1). See the module docstring for both modes."""
    _check_mode(mode)
    (s_x, _), (s_y, z_y) = x_params, y_params
    x64 = np.asarray(x, np.int64)
    length = x64.shape[axis]
    if length > SOFTMAX_MAX_LENGTH:
        raise ValueError(f"softmax axis has {length} elements; at most {SOFTMAX_MAX_LENGTH}")
    k = softmax_output_shift(s_y)
    distance = np.max(x64, axis=axis, keepdims=True) - x64
    table = softmax_exp_table(s_x, levels, mode, length)
    e = table[distance]
    if mode == "fixed_point":
        total = np.sum(e, axis=axis, keepdims=True)
        return np.clip(z_y + ((e << (k + 1)) + total) // (2 * total), qmin, qmax)
    f32 = np.float32
    total = np.take(np.add.accumulate(e, axis=axis, dtype=f32), [-1], axis=axis)
    factor = f32(np.floor(f32(1.0) / f32(s_y)))
    with np.errstate(over="ignore"):  # D = 1: T * factor is +inf, which saturates
        ratio = np.minimum((e * factor).astype(f32) / total, f32(2**24))
    return np.clip(np.rint(ratio).astype(np.int64) + z_y, qmin, qmax)


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
