"""The quant dialect's !quant.uniform types: helpers, verifier and print/parse round trips."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import (
    ArrayAttr,
    Builtin,
    FloatData,
    IntAttr,
    IntegerType,
    Signedness,
    TensorType,
    f16,
    f32,
    i8,
)
from xdsl.parser import Parser
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.quant import (
    Quant,
    UniformQuantizedPerAxisType,
    UniformQuantizedType,
    format_scale,
    storage_range,
)


def _parse(text: str):
    ctx = Context()
    ctx.load_dialect(Builtin)
    ctx.load_dialect(Quant)
    return Parser(ctx, text).parse_type()


def test_per_tensor_helpers():
    t = _parse("!quant.uniform<i8:f32, 0.0123:-5>")
    assert isinstance(t, UniformQuantizedType)
    assert (t.storage_bits, t.signed, t.qmin, t.qmax) == (8, True, -128, 127)
    assert (t.scale, t.zero_point, t.expressed_type) == (0.0123, -5, f32)
    assert t.storage_type_name == "i8"
    assert t == UniformQuantizedType(i8, f32, 0.0123, -5)


def test_unsigned_narrow_range():
    t = _parse("!quant.uniform<u4<1:15>:f16, 0.5:8>")
    assert (t.storage_bits, t.signed, t.qmin, t.qmax) == (4, False, 1, 15)
    assert t == UniformQuantizedType(IntegerType(4, Signedness.UNSIGNED), f16, 0.5, 8, (1, 15))
    assert str(t) == "!quant.uniform<u4<1:15>:f16, 0.5:8>"


def test_per_axis_helpers():
    t = _parse("!quant.uniform<i4:f32:1, {0.01, 0.02:3}>")
    assert isinstance(t, UniformQuantizedPerAxisType)
    assert (t.axis, t.scales, t.zero_points, t.channels) == (1, (0.01, 0.02), (0, 3), 2)
    assert (t.qmin, t.qmax) == (-8, 7)
    assert t == UniformQuantizedPerAxisType(IntegerType(4), f32, 1, [0.01, 0.02], [0, 3])


def test_tensor_element_type():
    t = _parse("tensor<1x3x!quant.uniform<i8:f32, 0.5:-1>>")
    assert isinstance(t, TensorType)
    assert t.element_type == UniformQuantizedType(i8, f32, 0.5, -1)
    assert str(t) == "tensor<1x3x!quant.uniform<i8:f32, 0.5:-1>>"


def test_storage_range_and_format_scale():
    assert storage_range(2, True) == (-2, 1)
    assert storage_range(8, False) == (0, 255)
    assert format_scale(1e-05) == "1.0e-05"
    assert format_scale(3) == "3.0"
    assert format_scale(0.1) == "0.1"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: UniformQuantizedType(i8, f32, math.nan), "scale must be positive and finite"),
        (lambda: UniformQuantizedType(i8, f32, math.inf), "scale must be positive and finite"),
        (lambda: UniformQuantizedType(IntegerType(5), f32, 1.0), "storage width must be one of"),
        (lambda: UniformQuantizedType(i8, i8, 1.0), "expressed type must be f16, bf16, f32"),
        (lambda: UniformQuantizedType(i8, f32, 1.0, 0, (0, 200)), "storage range <0:200>"),
        (
            lambda: UniformQuantizedPerAxisType(i8, f32, 0, [1.0, 2.0], [0]),
            "2 scales but 1 zero points",
        ),
        (
            lambda: UniformQuantizedType.new(
                [i8, IntAttr(-128), IntAttr(127), f32, FloatData(1.0), IntAttr(0)]
            ),
            "storage type must be signed or unsigned, got signless i8",
        ),
        (
            lambda: UniformQuantizedPerAxisType.new(
                [
                    IntegerType(8, Signedness.SIGNED),
                    IntAttr(-128),
                    IntAttr(127),
                    f32,
                    IntAttr(0),
                    ArrayAttr([FloatData(-1.0)]),
                    ArrayAttr([IntAttr(0)]),
                ]
            ),
            "channel 0 scale must be positive and finite, got -1.0",
        ),
    ],
)
def test_verifier(build, message):
    with pytest.raises(VerifyException, match=message.replace("[", r"\[")):
        build()


scales = st.floats(min_value=5e-324, allow_nan=False, allow_infinity=False)
expressed_types = st.sampled_from(["f16", "bf16", "f32", "f64"])


@st.composite
def storages(draw):
    """A storage type name, its signedness and width, and a storage range inside it."""
    bits = draw(st.sampled_from([2, 4, 8, 16, 32]))
    signed = draw(st.booleans())
    low, high = storage_range(bits, signed)
    qmin = draw(st.integers(low, high - 1))
    qmax = draw(st.integers(qmin + 1, high))
    return bits, signed, qmin, qmax


def _storage_text(bits, signed, qmin, qmax):
    name = f"{'i' if signed else 'u'}{bits}"
    if (qmin, qmax) == storage_range(bits, signed):
        return name
    return f"{name}<{qmin}:{qmax}>"


@given(storages(), expressed_types, scales, st.data())
def test_per_tensor_round_trip(storage, expressed, scale, data):
    bits, signed, qmin, qmax = storage
    zero_point = data.draw(st.integers(qmin, qmax))
    text = (
        f"!quant.uniform<{_storage_text(*storage)}:{expressed}, {format_scale(scale)}:{zero_point}>"
    )
    t = _parse(text)
    assert isinstance(t, UniformQuantizedType)
    assert (t.storage_bits, t.signed, t.qmin, t.qmax) == (bits, signed, qmin, qmax)
    assert (t.scale, t.zero_point) == (scale, zero_point)
    assert _parse(str(t)) == t
    assert str(_parse(str(t))) == str(t)


@given(storages(), expressed_types, st.integers(0, 7), st.data())
def test_per_axis_round_trip(storage, expressed, axis, data):
    _, _, qmin, qmax = storage
    pairs = data.draw(st.lists(st.tuples(scales, st.integers(qmin, qmax)), min_size=1, max_size=16))
    body = ", ".join(f"{format_scale(s)}:{z}" for s, z in pairs)
    t = _parse(f"!quant.uniform<{_storage_text(*storage)}:{expressed}:{axis}, {{{body}}}>")
    assert isinstance(t, UniformQuantizedPerAxisType)
    assert t.axis == axis
    assert t.scales == tuple(s for s, _ in pairs)
    assert t.zero_points == tuple(z for _, z in pairs)
    assert _parse(str(t)) == t
    assert _parse(str(TensorType(t, [len(pairs), 3]))).element_type == t
