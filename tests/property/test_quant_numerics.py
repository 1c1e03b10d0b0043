"""Property tests: xopt's integer quantization arithmetic (`xopt.executor.quant_numerics`).

The vectorised numpy functions are checked bit for bit against straightforward Python-int
reimplementations of gemmlowp/TFLite, against exact rational arithmetic (`fractions`), against
onnxruntime's QuantizeLinear, and against hand-written known values that pin the rounding
and the sub-byte packing order.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import TensorProto

from xopt.executor import quant_numerics as qn
from xopt.testing import run_onnx

SETTINGS = settings(max_examples=200, deadline=None)
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

EXTREMES = [INT32_MIN, INT32_MIN + 1, -(2**30), -2, -1, 0, 1, 2, 2**30, INT32_MAX - 1, INT32_MAX]
int32s = st.one_of(st.sampled_from(EXTREMES), st.integers(INT32_MIN, INT32_MAX))
small_accs = st.integers(-(2**20), 2**20)
accs = st.one_of(int32s, small_accs)
bit_widths = st.sampled_from([2, 4, 8])


@st.composite
def real_multipliers(draw, low_exp: int = -40, high_exp: int = 8):
    """Positive reals spread log-uniformly, plus values near the frexp rounding edges."""
    exponent = draw(st.integers(low_exp, high_exp))
    mantissa = draw(
        st.one_of(
            st.floats(0.5, 1.0, exclude_max=True),
            st.sampled_from([0.5, 1.0 - 2.0**-40, 0.75, 0.5 + 2.0**-33]),
        )
    )
    return float(np.ldexp(mantissa, exponent))


# ---- Python-int references (gemmlowp / TFLite, written as plainly as possible) ----


def ref_srdhm(a: int, b: int) -> int:
    if a == b == INT32_MIN:
        return INT32_MAX
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    total = ab + nudge
    quotient = abs(total) // (1 << 31)  # C division truncates toward zero
    return quotient if total >= 0 else -quotient


def ref_rdbp(x: int, exponent: int) -> int:
    mask = (1 << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> exponent) + (1 if remainder > threshold else 0)


def ref_quantize_multiplier(real: float) -> tuple[int, int]:
    if real == 0.0:
        return 0, 0
    mantissa, shift = np.frexp(real)
    q = int(Fraction(float(mantissa)) * 2**31 + Fraction(1, 2))  # round half away, q >= 0
    if q == 2**31:
        q //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return q, int(shift)


def ref_requantize(acc: int, multiplier: int, shift: int, zp: int, qmin: int, qmax: int) -> int:
    left, right = max(shift, 0), max(-shift, 0)
    x = min(max(acc * (1 << left), INT32_MIN), INT32_MAX)
    y = ref_rdbp(ref_srdhm(x, multiplier), right)
    return min(max(y + zp, qmin), qmax)


# ---- qrange ----


def test_qrange():
    assert qn.qrange(8, True) == (-128, 127)
    assert qn.qrange(8, True, narrow=True) == (-127, 127)
    assert qn.qrange(8, False) == (0, 255)
    assert qn.qrange(4, True) == (-8, 7)
    assert qn.qrange(4, False) == (0, 15)
    assert qn.qrange(2, True) == (-2, 1)
    assert qn.qrange(32, True) == (INT32_MIN, INT32_MAX)
    with pytest.raises(ValueError, match="bit width 3"):
        qn.qrange(3, True)


# ---- SRDHM and rounding divide by power of two ----


@SETTINGS
@given(st.lists(st.tuples(int32s, int32s), min_size=1, max_size=30))
def test_srdhm_matches_gemmlowp(pairs):
    a, b = np.array(pairs, dtype=np.int64).T
    got = qn.saturating_rounding_doubling_high_mul(a, b)
    assert got.tolist() == [ref_srdhm(x, y) for x, y in pairs]


def test_srdhm_known_values():
    srdhm = qn.saturating_rounding_doubling_high_mul
    assert int(srdhm(INT32_MIN, INT32_MIN)) == INT32_MAX
    assert int(srdhm(INT32_MAX, INT32_MAX)) == INT32_MAX - 1
    assert int(srdhm(INT32_MIN, INT32_MAX)) == -INT32_MAX
    # a * b / 2^31 = +-0.5: ties go toward +infinity (like SQRDMULH).
    assert srdhm([1, -1, 3, -3], 2**30).tolist() == [1, 0, 2, -1]
    with pytest.raises(ValueError, match="int32"):
        srdhm(2**31, 1)


@SETTINGS
@given(st.lists(st.tuples(int32s, st.integers(0, 31)), min_size=1, max_size=30))
def test_rounding_divide_by_pot_matches_gemmlowp(pairs):
    x, e = np.array(pairs, dtype=np.int64).T
    got = qn.rounding_divide_by_pot(x, e)
    assert got.tolist() == [ref_rdbp(v, k) for v, k in pairs]
    exact = [round_half_away(Fraction(v, 2**k)) for v, k in pairs]
    assert got.tolist() == exact


def round_half_away(value: Fraction) -> int:
    magnitude = int(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def test_rounding_divide_by_pot_known_values():
    rdbp = qn.rounding_divide_by_pot
    assert rdbp([5, -5, 6, -6, 7, -7], 1).tolist() == [3, -3, 3, -3, 4, -4]
    assert rdbp([INT32_MIN, INT32_MAX], 31).tolist() == [-1, 1]
    assert rdbp([INT32_MIN, INT32_MAX], 0).tolist() == [INT32_MIN, INT32_MAX]
    with pytest.raises(ValueError, match="exponent"):
        rdbp(1, 32)


# ---- quantize_multiplier ----


@SETTINGS
@given(real_multipliers(low_exp=-31, high_exp=30))
def test_quantize_multiplier_reconstructs(real):
    multiplier, shift = (int(v) for v in qn.quantize_multiplier(real))
    assert (multiplier, shift) == ref_quantize_multiplier(real)
    assert 2**30 <= multiplier < 2**31
    assert -31 <= shift <= 31
    approx = Fraction(multiplier) * Fraction(2) ** (shift - 31)
    assert abs(approx - Fraction(real)) <= Fraction(real) / 2**31


@SETTINGS
@given(st.lists(st.one_of(real_multipliers(), st.just(0.0)), min_size=1, max_size=16))
def test_quantize_multiplier_per_channel(reals):
    multiplier, shift = qn.quantize_multiplier(np.array(reals))
    assert list(zip(multiplier.tolist(), shift.tolist())) == [
        ref_quantize_multiplier(r) for r in reals
    ]


def test_quantize_multiplier_edges():
    def qm(r):
        return tuple(int(v) for v in qn.quantize_multiplier(r))

    assert qm(0.0) == (0, 0)
    assert qm(0.5) == (2**30, 0)
    assert qm(1.0) == (2**30, 1)
    assert qm(1.0 - 2.0**-40) == (2**30, 1)  # mantissa rounds up to 2^31
    assert qm(3.0) == (3 * 2**29, 2)
    assert qm(2.0**-32) == (2**30, -31)
    assert qm(2.0**-33) == (0, 0)  # below TFLite's smallest shift
    for bad in (-1.0, float("inf"), float("nan"), 2.0**31):
        with pytest.raises(ValueError, match="real multipliers"):
            qn.quantize_multiplier(bad)


# ---- requantize ----


@st.composite
def requant_cases(draw):
    accs_ = draw(st.lists(accs, min_size=1, max_size=20))
    real = draw(real_multipliers())
    bits = draw(bit_widths)
    signed = draw(st.booleans())
    qmin, qmax = qn.qrange(bits, signed)
    zp = draw(st.integers(qmin, qmax))
    return accs_, real, zp, qmin, qmax


@SETTINGS
@given(requant_cases())
def test_requantize_fixed_point_bit_exact_and_close(case):
    accs_, real, zp, qmin, qmax = case
    rq = qn.Requant.from_real(real)
    got = qn.requantize(np.array(accs_), rq, zp, qmin, qmax).tolist()
    m, s = int(rq.multiplier), int(rq.shift)
    assert got == [ref_requantize(a, m, s, zp, qmin, qmax) for a in accs_]
    exact = [min(max(round(Fraction(a) * Fraction(real)) + zp, qmin), qmax) for a in accs_]
    assert all(abs(g - e) <= 1 for g, e in zip(got, exact))


@SETTINGS
@given(requant_cases())
def test_requantize_float_matches_float32(case):
    accs_, real, zp, qmin, qmax = case
    rq = qn.Requant.from_real(real)
    got = qn.requantize(np.array(accs_), rq, zp, qmin, qmax, mode="float").tolist()
    expected = []
    for a in accs_:
        product = np.float32(a) * np.float32(real)  # one float32 multiplication
        expected.append(min(max(int(np.rint(product)) + zp, qmin), qmax))
    assert got == expected


@SETTINGS
@given(
    st.integers(1, 5),
    st.lists(real_multipliers(low_exp=-20, high_exp=2), min_size=1, max_size=6),
    st.integers(-128, 127),
    st.sampled_from(["fixed_point", "float"]),
    st.integers(0, 2**32 - 1),
)
def test_requantize_per_channel_equals_per_slice(batch, reals, zp, mode, seed):
    rng = np.random.default_rng(seed)
    acc = rng.integers(-(2**24), 2**24, size=(batch, len(reals), 3))
    rq = qn.Requant.from_real(reals)
    assert rq.per_channel
    got = qn.requantize(acc, rq, zp, -128, 127, mode=mode, axis=1)
    for c, real in enumerate(reals):
        one = qn.requantize(acc[:, c], qn.Requant.from_real(real), zp, -128, 127, mode=mode)
        np.testing.assert_array_equal(got[:, c], one)


def test_requantize_ties_differ_between_modes():
    acc = np.array([-5, -3, -1, 1, 3, 5])
    rq = qn.Requant.from_real(0.5)
    fixed = qn.requantize(acc, rq, 0, -128, 127)
    float_ = qn.requantize(acc, rq, 0, -128, 127, mode="float")
    assert fixed.tolist() == [-2, -1, 0, 1, 2, 3]  # SRDHM: ties toward +infinity
    assert float_.tolist() == [-2, -2, 0, 0, 2, 2]  # rint: ties to even
    # With a right shift the tie is decided by RoundingDivideByPOT: away from zero.
    quarter = qn.requantize(np.array([-6, -2, 2, 6]), qn.Requant.from_real(0.25), 0, -128, 127)
    assert quarter.tolist() == [-2, -1, 1, 2]


def test_requantize_saturates_and_checks():
    rq = qn.Requant.from_real(2.0**20)  # left shift that overflows int32
    got = qn.requantize(np.array([INT32_MIN, -5000, -1, 0, 1, 5000, INT32_MAX]), rq, 3, -8, 7)
    assert got.tolist() == [-8, -8, -8, 3, 7, 7, 7]
    with pytest.raises(ValueError, match="int32"):
        qn.requantize(np.array([2**31]), rq, 0, -128, 127)
    with pytest.raises(ValueError, match="mode"):
        qn.requantize(np.array([1]), rq, 0, -128, 127, mode="double")  # type: ignore[arg-type]


# ---- quantize / dequantize ----


@st.composite
def quant_params(draw):
    bits = draw(bit_widths)
    signed = draw(st.booleans())
    qmin, qmax = qn.qrange(bits, signed)
    zp = draw(st.integers(qmin, qmax))
    scale = float(np.float32(np.ldexp(draw(st.floats(0.5, 1.0)), draw(st.integers(-12, 4)))))
    return scale, zp, qmin, qmax


@SETTINGS
@given(quant_params(), st.integers(0, 2**32 - 1))
def test_quantize_dequantize_round_trip(params, seed):
    scale, zp, qmin, qmax = params
    lo, hi = (qmin - zp) * scale, (qmax - zp) * scale
    x = np.random.default_rng(seed).uniform(lo, hi, size=64).astype(np.float32)
    q = qn.quantize(x, scale, zp, qmin, qmax)
    assert q.dtype == np.int64 and q.min() >= qmin and q.max() <= qmax
    back = qn.dequantize(q, scale, zp)
    assert back.dtype == np.float32
    err = np.abs(back.astype(np.float64) - x.astype(np.float64))
    assert err.max() <= scale / 2 * (1 + 1e-6)


@SETTINGS
@given(quant_params())
def test_quantize_saturates(params):
    scale, zp, qmin, qmax = params
    x = np.array([-np.inf, -1e30, (qmin - zp - 3) * scale, (qmax - zp + 3) * scale, 1e30, np.inf])
    assert qn.quantize(x, scale, zp, qmin, qmax).tolist() == [qmin] * 3 + [qmax] * 3
    assert qn.quantize(np.array([np.nan]), scale, zp, qmin, qmax).tolist() == [zp]


def test_quantize_rounds_half_to_even():
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], dtype=np.float32)
    assert qn.quantize(x, 1.0, 0, -128, 127).tolist() == [-2, -2, 0, 0, 2, 2]
    assert qn.quantize(x, 1.0, 10, 0, 255).tolist() == [8, 8, 10, 10, 12, 12]


def test_quantize_divides_like_onnxruntime():
    # x / scale in float32 gives -120 here; x * (1 / scale) would give -119.
    x, scale = np.array([-8.365], dtype=np.float32), np.float32(0.07)
    assert qn.quantize(x, scale, 0, -128, 127).tolist() == [-120]
    ort = run_onnx("QuantizeLinear", [x, scale, np.int8(0)], None, (1, 2), TensorProto.INT8)
    assert ort.tolist() == [-120]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans(), st.booleans())
def test_quantize_matches_onnxruntime(seed, signed, per_axis):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((2, 4, 5)) * 4).astype(np.float32)
    x[0, 0, :2] = [0.5, 1.5]  # ties
    dtype = np.int8 if signed else np.uint8
    qmin, qmax = qn.qrange(8, signed)
    shape = (4,) if per_axis else ()
    scale = rng.uniform(0.01, 0.1, size=shape).astype(np.float32)
    zp = rng.integers(qmin // 2, qmax // 2 + 1, size=shape).astype(dtype)
    axis = 1 if per_axis else None
    out_type = TensorProto.INT8 if signed else TensorProto.UINT8
    expected = run_onnx("QuantizeLinear", [x, scale, zp], {"axis": 1}, (1, 2), out_type)
    got = qn.quantize(x, scale, zp, qmin, qmax, axis=axis)
    np.testing.assert_array_equal(got, expected.astype(np.int64))
    deq = run_onnx("DequantizeLinear", [expected, scale, zp], {"axis": 1}, (1, 2))
    np.testing.assert_array_equal(qn.dequantize(expected, scale, zp, axis=axis), deq)


def test_per_axis_parameters_are_checked():
    with pytest.raises(ValueError, match="1-D"):
        qn.quantize(np.zeros((2, 3)), np.ones((2, 3)), 0, -128, 127, axis=0)
    with pytest.raises(ValueError, match="axis 2"):
        qn.quantize(np.zeros((2, 3)), np.ones(3), 0, -128, 127, axis=2)


# ---- sub-byte packing ----


@st.composite
def pack_cases(draw):
    bits = draw(bit_widths)
    signed = draw(st.booleans())
    qmin, qmax = qn.qrange(bits, signed)
    values = draw(st.lists(st.integers(qmin, qmax), max_size=41))
    return bits, signed, values


@SETTINGS
@given(pack_cases())
def test_pack_unpack_round_trip(case):
    bits, signed, values = case
    packed = qn.pack(np.array(values, dtype=np.int64), bits)
    assert packed.dtype == np.uint8
    assert packed.size == -(-len(values) * bits // 8)
    assert qn.unpack(packed, bits, len(values), signed=signed).tolist() == values
    # The reference layout: element i at byte i*bits//8, bit offset i*bits%8, padding zero.
    expected = [0] * packed.size
    for i, v in enumerate(values):
        expected[i * bits // 8] |= (v & ((1 << bits) - 1)) << (i * bits % 8)
    assert packed.tolist() == expected


def test_pack_known_bytes():
    assert qn.pack([1, -1], 4).tolist() == [0xF1]
    assert qn.pack([1, 2, 3], 4).tolist() == [0x21, 0x03]
    assert qn.pack([7], 4).tolist() == [0x07]
    assert qn.pack([1, 2, 3, 0], 2).tolist() == [0x39]
    assert qn.pack([-2, -1, 0, 1, 1], 2).tolist() == [0x4E, 0x01]
    assert qn.pack([-1, 127, -128], 8).tolist() == [0xFF, 0x7F, 0x80]
    assert qn.unpack([0xF1], 4, 2).tolist() == [1, -1]
    assert qn.unpack([0xF1], 4, 2, signed=False).tolist() == [1, 15]
    assert qn.unpack([0x4E, 0x01], 2, 5).tolist() == [-2, -1, 0, 1, 1]


def test_pack_rejects_bad_input():
    with pytest.raises(ValueError, match="4 bits"):
        qn.pack([16], 4)
    with pytest.raises(ValueError, match="4 bits"):
        qn.pack([-9], 4)
    with pytest.raises(ValueError, match="3-bit"):
        qn.pack([1], 3)
    with pytest.raises(ValueError, match="need 2 bytes"):
        qn.unpack([0x01], 4, 3)
