"""Property tests: xopt's integer quantization arithmetic (`xopt.executor.quant_numerics`).

The vectorised numpy functions are checked bit for bit against straightforward Python-int
reimplementations (TFLite's QuantizeMultiplier and Add), against exact rational arithmetic
(`fractions`), against onnxruntime's QuantizeLinear, and against hand-written known values
that pin the rounding and the sub-byte packing order.
"""

from __future__ import annotations

import math
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


# ---- Python-int references (TFLite's multiplier, exact rationals; written plainly) ----


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
    """One rounding, half toward +infinity, of the exact acc * multiplier / 2^(31 - shift)."""
    y = math.floor(Fraction(acc * multiplier, 2 ** (31 - shift)) + Fraction(1, 2))
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


# ---- rounding multiply ----


@SETTINGS
@given(
    st.lists(
        st.tuples(int32s, st.integers(0, 2**31 - 1), st.integers(-31, 31)), min_size=1, max_size=30
    )
)
def test_rounding_multiply_is_one_exact_rounding(triples):
    acc, m, shift = np.array(triples, dtype=np.int64).T
    got = qn.rounding_multiply(acc, m, shift)
    assert got.tolist() == [
        math.floor(Fraction(a * k, 2 ** (31 - s)) + Fraction(1, 2)) for a, k, s in triples
    ]


def test_rounding_multiply_known_values():
    rm = qn.rounding_multiply
    # multiplier 2^30 with shift 0 is 0.5: ties go toward +infinity.
    assert rm([-3, -1, 1, 3], 2**30, 0).tolist() == [-1, 0, 1, 2]
    assert rm([INT32_MIN, INT32_MAX], 2**30, 31).tolist() == [-(2**61), (2**31 - 1) * 2**30]
    assert rm(7, 0, 0).tolist() == 0
    with pytest.raises(ValueError, match="shift"):
        rm(1, 2**30, 32)
    with pytest.raises(ValueError, match="multipliers"):
        rm(1, 2**31, 0)


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
    assert fixed.tolist() == [-2, -1, 0, 1, 2, 3]  # one rounding: ties toward +infinity
    assert float_.tolist() == [-2, -2, 0, 0, 2, 2]  # rint: ties to even
    # With a right shift too (TFLite's double rounding would give [-2, -1, 1, 2] here).
    quarter = qn.requantize(np.array([-6, -2, 2, 6]), qn.Requant.from_real(0.25), 0, -128, 127)
    assert quarter.tolist() == [-1, 0, 1, 2]


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


# ---- rescale, multipliers and the float-mode primitives ----


@SETTINGS
@given(st.lists(accs, min_size=1, max_size=20), real_multipliers())
def test_rescale_fixed_point_is_requantize_without_zero_point(accs_, real):
    rq = qn.Requant.from_real(real)
    got = qn.rescale(np.array(accs_), rq).tolist()
    m, s = int(rq.multiplier), int(rq.shift)
    big = 2**40  # no saturation: the reference's clamp is out of reach
    assert got == [ref_requantize(a, m, s, 0, -big, big) for a in accs_]
    exact = [Fraction(a) * Fraction(real) for a in accs_]
    unsaturated = [abs(a * 2 ** max(s, 0)) <= INT32_MAX for a in accs_]
    assert all(abs(g - e) <= 1 for g, e, ok in zip(got, exact, unsaturated) if ok)


@SETTINGS
@given(st.lists(small_accs, min_size=1, max_size=20), real_multipliers(-20, 4), st.integers(-9, 9))
def test_requantize_is_clamped_rescale_plus_zero_point(accs_, real, zp):
    rq = qn.Requant.from_real(real)
    for mode in ("fixed_point", "float"):
        scaled = qn.rescale(np.array(accs_), rq, mode)
        expected = np.clip(scaled + zp, -128, 127)
        got = qn.requantize(np.array(accs_), rq, zp, -128, 127, mode=mode)
        np.testing.assert_array_equal(got, expected)


@SETTINGS
@given(
    st.floats(1e-4, 1.0),
    st.lists(st.floats(1e-4, 1.0), min_size=1, max_size=4),
    st.floats(1e-4, 1.0),
    st.integers(1, 4096),
)
def test_multiplier_from_scales(s_in, s_w, s_out, divisor):
    fixed = qn.Requant.from_scales(s_in, s_w, s_out, divisor=divisor)
    expected = [(s_in * w) / (s_out * divisor) for w in s_w]
    assert fixed.real_multiplier.tolist() == expected
    f32 = np.float32
    float_ = qn.Requant.from_scales(s_in, s_w, s_out, "float", divisor)
    expected32 = [(f32(s_in) * f32(w)) / (f32(s_out) * f32(divisor)) for w in s_w]
    assert float_.real_multiplier.tolist() == [float(v) for v in expected32]


def round_to_float32(value: Fraction) -> float:
    """The float32 nearest to an exact rational, ties to an even mantissa."""
    guess = np.float32(float(value))
    candidates = [np.nextafter(guess, f32_inf(-1)), guess, np.nextafter(guess, f32_inf(1))]
    best = min(candidates, key=lambda c: (abs(Fraction(float(c)) - value), even_key(c)))
    return float(best)


def f32_inf(sign: int) -> np.float32:
    return np.float32(sign * np.inf)


def even_key(c: np.float32) -> int:
    return int(np.array(c, np.float32).view(np.int32) & 1)


small_f32 = st.floats(-1e3, 1e3, width=32, allow_subnormal=False)


@SETTINGS
@given(st.lists(st.tuples(st.integers(-255, 255), small_f32, small_f32), min_size=1, max_size=20))
def test_fma_f32_rounds_once(triples):
    a, b, c = (np.array(v) for v in zip(*triples))
    got = qn.fma_f32(a, b.astype(np.float32), c.astype(np.float32))
    assert got.dtype == np.float32
    expected = [
        round_to_float32(Fraction(int(x)) * Fraction(float(y)) + Fraction(float(z)))
        for x, y, z in triples
    ]
    assert got.astype(np.float64).tolist() == expected


def test_fma_f32_differs_from_two_roundings():
    # 1 + 2^-24 is a float32 tie: rounded alone it goes to 1; fused with -2^-30 it must not
    # be seen as a tie (the exact value is below it), and with +2^-30 it rounds up.
    a, b = np.float32(1.0), np.float32(1.0 + 2.0**-23)
    assert qn.fma_f32(1, a, np.float32(2.0**-24)) == np.float32(1.0)
    assert qn.fma_f32(3, np.float32(1 / 3), np.float32(0)) == np.float32(3) * np.float32(1 / 3)
    assert qn.fma_f32(1, b, np.float32(2.0**-30)) == b
    separate = np.float32(np.float32(3.0) * np.float32(0.1)) - np.float32(0.3)
    fused = qn.fma_f32(3, np.float32(0.1), np.float32(-0.3))
    assert fused != separate and fused == np.float32(
        round_to_float32(3 * Fraction(float(np.float32(0.1))) - Fraction(float(np.float32(0.3))))
    )


def test_cvt_f32_is_x86_cvtps2dq():
    t = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.0**31, -(2.0**31), np.nan, 1e10])
    assert qn.cvt_f32(t).tolist() == [
        -2,
        -2,
        0,
        0,
        2,
        2,
        INT32_MIN,
        INT32_MIN,
        INT32_MIN,
        INT32_MIN,
    ]


# ---- add and mul ----


def ref_add_fixed_point(a, b, s_a, z_a, s_b, z_b, s_y, z_y, qmin, qmax, left=20):
    """TFLite's integer Add written with Python ints and the reference requantize."""
    m = 2 * max(s_a, s_b)
    ma, sa = (int(v) for v in qn.quantize_multiplier(s_a / m))
    mb, sb = (int(v) for v in qn.quantize_multiplier(s_b / m))
    mo, so = (int(v) for v in qn.quantize_multiplier(m / (2**left * s_y)))
    big = 2**40
    a_s = ref_requantize((a - z_a) * 2**left, ma, sa, 0, -big, big)
    b_s = ref_requantize((b - z_b) * 2**left, mb, sb, 0, -big, big)
    return ref_requantize(a_s + b_s, mo, so, z_y, qmin, qmax)


@st.composite
def binary_params(draw):
    scales = [draw(st.floats(1e-3, 1.0)) for _ in range(3)]
    zps = [draw(st.integers(-128, 127)) for _ in range(3)]
    values = draw(st.lists(st.tuples(st.integers(-128, 127), st.integers(-128, 127)), min_size=1))
    return scales, zps, values


@SETTINGS
@given(binary_params())
def test_add_fixed_point_is_tflite_and_close(params):
    (s_a, s_b, s_y), (z_a, z_b, z_y), values = params
    a, b = (np.array(v) for v in zip(*values))
    got = qn.add(a, b, (s_a, z_a), (s_b, z_b), (s_y, z_y), -128, 127, "fixed_point", 20)
    ref = [ref_add_fixed_point(x, y, s_a, z_a, s_b, z_b, s_y, z_y, -128, 127) for x, y in values]
    assert got.tolist() == ref
    real = (s_a * (a - z_a) + s_b * (b - z_b)) / s_y + z_y
    assert np.all(np.abs(got - np.clip(np.round(real), -128, 127)) <= 1)


@SETTINGS
@given(binary_params(), st.sampled_from(["fixed_point", "float"]))
def test_mul_is_close_to_the_real_product(params, mode):
    (s_a, s_b, s_y), (z_a, z_b, z_y), values = params
    a, b = (np.array(v) for v in zip(*values))
    got = qn.mul(a, b, (s_a, z_a), (s_b, z_b), (s_y, z_y), -128, 127, mode)
    real = s_a * (a - z_a) * s_b * (b - z_b) / s_y + z_y
    assert np.all(np.abs(got - np.clip(np.round(real), -128, 127)) <= 1)


def test_float_mode_adds_the_zero_point_before_rounding():
    # (a - z_a) * (b - z_b) * r = 1 * 1 * 0.5: onnxruntime rounds 0.5 + z_y = 1.5 to 2.
    got = qn.mul(np.array([1]), np.array([1]), (1.0, 0), (0.5, 0), (1.0, 1), -128, 127, "float")
    assert got.tolist() == [2]
    fixed = qn.mul(
        np.array([1]), np.array([1]), (1.0, 0), (0.5, 0), (1.0, 1), -128, 127, "fixed_point"
    )
    assert fixed.tolist() == [2]  # SRDHM rounds the tie 0.5 up
    add = qn.add(np.array([1]), np.array([0]), (0.5, 0), (0.5, 0), (1.0, 1), -128, 127, "float", 20)
    assert add.tolist() == [2]


def test_add_float_operand_order_follows_onnxruntime_broadcast():
    lhs = qn._span_scalar_is_lhs
    assert lhs((), (3,)) and not lhs((3,), ())
    assert lhs((1, 3, 1, 1), (2, 3, 4, 5)) and not lhs((2, 3, 4, 5), (1, 3, 1, 1))
    assert lhs((1,), (1,)) and lhs((1, 1), (3, 1)) and not lhs((3, 1), (1, 1))
    assert lhs((3, 1), (1, 4)) and not lhs((3, 4), (3, 4))


# ---- dequantize-quantize, averages, resize weights ----


@SETTINGS
@given(quant_params(), quant_params(), st.integers(0, 2**32 - 1))
def test_dequantize_quantize(x_params, y_params, seed):
    (s_x, z_x, x_min, x_max), (s_y, z_y, y_min, y_max) = x_params, y_params
    x = np.random.default_rng(seed).integers(x_min, x_max + 1, 16)
    got = qn.dequantize_quantize(x, (s_x, z_x), (s_y, z_y), y_min, y_max)
    expected = qn.quantize(qn.dequantize(x, s_x, z_x), s_y, z_y, y_min, y_max)
    np.testing.assert_array_equal(got, expected)
    same = qn.dequantize_quantize(x, (s_x, z_x), (s_x, z_x), x_min, x_max)
    np.testing.assert_array_equal(same, x)


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(-(2**20), 2**20), st.integers(1, 64)), min_size=1),
    st.floats(1e-3, 1.0),
    st.floats(1e-3, 1.0),
    st.integers(-128, 127),
)
def test_average_fixed_point_divides_each_window_by_its_count(windows, s_x, s_y, z_y):
    total, count = (np.array(v) for v in zip(*windows))
    got = qn.average_fixed_point(total, count, s_x, s_y, z_y, -128, 127)
    for t, c, g in zip(total, count, got):
        rq = qn.Requant.from_real(s_x / (s_y * int(c)))
        assert g == qn.requantize(np.array([t]), rq, z_y, -128, 127)[0]
        exact = Fraction(int(t)) * Fraction(s_x) / (Fraction(s_y) * int(c))
        assert abs(int(g) - min(max(round(exact) + z_y, -128), 127)) <= 1


def test_average_float_rounds_like_qlinearaveragepool():
    total = np.array([3.0, 5.0, -5.0], np.float32)
    # mean 1.5, 2.5, -2.5 at scale 1 and zero point 1: 2.5, 3.5, -1.5 round to even.
    assert qn.average_float(total, 2, 1.0, 1, -128, 127).tolist() == [2, 4, -2]


@SETTINGS
@given(
    st.integers(1, 40),
    st.lists(st.floats(-3.0, 45.0, width=32), min_size=1, max_size=20),
)
def test_resize_weights(size, coords):
    c = np.array(coords, np.float32)
    low, high, w1, w2 = qn.resize_weights(c, size)
    one = 2**qn.RESIZE_WEIGHT_BITS
    assert np.all(w1 + w2 == one) and np.all(w1 >= 0) and np.all(w2 >= 0)
    clamped = np.clip(c.astype(np.float64), 0, size - 1)
    assert np.all(low == np.floor(clamped)) and np.all(high == np.minimum(low + 1, size - 1))
    interior = low != high
    fraction = clamped - low
    assert np.all(np.abs(w2 / one - fraction)[interior] < 1 / one)
    assert np.all(w2[interior] == np.floor(fraction[interior] * one))
    assert np.all(w1[~interior] == one // 2)
    f_low, f_high, d1, d2 = qn.resize_weights_float(c, size)
    assert np.array_equal(f_low, low) and np.array_equal(f_high, high)
    assert d1.dtype == np.float32 and np.all(np.abs(d1 + d2 - 1) <= 1e-6)


# ---- softmax


@st.composite
def softmax_rows(draw):
    bits = draw(bit_widths)
    signed = draw(st.booleans())
    qmin, qmax = qn.qrange(bits, signed)
    length = draw(st.integers(1, 64))
    x = np.array(draw(st.lists(st.integers(qmin, qmax), min_size=length, max_size=length)))
    s_x = draw(st.floats(2.0**-8, 2.0))
    k = draw(st.integers(bits - 1, min(bits + 8, qn.SOFTMAX_MAX_OUTPUT_SHIFT)))
    return x, s_x, k, bits, signed


@SETTINGS
@given(softmax_rows())
def test_softmax_fixed_point_is_exact_rounding_of_the_table_ratio(case):
    """q = round(e * 2^k / S) + z_y with ties up, checked in exact rationals, and within one
    step of the real softmax of the dequantized row (the table is 16-bit)."""
    x, s_x, k, bits, signed = case
    qmin, qmax = qn.qrange(bits, signed)
    z_y = qmin
    got = qn.softmax(x, (s_x, 0), (2.0**-k, z_y), qmin, qmax, 0, qmax - qmin + 1, "fixed_point")
    table = qn.softmax_exp_table(s_x, qmax - qmin + 1, "fixed_point")
    assert table[0] == 2**qn.SOFTMAX_EXP_BITS and np.all(np.diff(table) <= 0)
    e = [int(table[int(x.max() - v)]) for v in x]
    total = sum(e)
    exact = [math.floor(Fraction(ei * 2**k, total) + Fraction(1, 2)) for ei in e]
    assert got.tolist() == [min(max(z_y + v, qmin), qmax) for v in exact]
    real = np.exp(s_x * (x - x.max())) / np.exp(s_x * (x - x.max())).sum()
    ideal = np.clip(np.floor(real * 2.0**k + 0.5) + z_y, qmin, qmax)
    assert np.abs(got - ideal).max() <= 1


def test_softmax_known_values():
    """Two equal inputs share the probability: 0.5 at scale 2^-8 is 128 (+ z_y); one input
    is certain (saturated to qmax); a 16-bit output scale is allowed, 2^-17 and 0.3 are not."""
    args = ((0.1, 0), (2.0**-8, -128), -128, 127, -1, 256)
    assert qn.softmax(np.array([5, 5]), *args, "fixed_point").tolist() == [0, 0]
    assert qn.softmax(np.array([7]), *args, "fixed_point").tolist() == [127]
    assert qn.softmax(np.array([7]), *args, "float").tolist() == [127]
    assert qn.softmax_output_shift(2.0**-16) == 16
    for bad in (2.0**-17, 0.3, 2.0):
        with pytest.raises(ValueError, match="softmax output scale must be 2\\^-k"):
            qn.softmax_output_shift(bad)
