"""The quant compute ops through the executor (parsed IR, `run_sample`) against independent
float64 numpy models of their real-valued meaning.

For an op that rescales, the fixed-point result y must satisfy |y - ref| <= 1 where
ref = clamp(round(real / s_y + z_y), lo, hi) and `real` is the float64 result on the
dequantized inputs; ops that move stored integers must be exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xopt.dialects.quant import format_scale
from xopt.errors import XoptError
from xopt.executor import quant_kernels as qk
from xopt.executor.run import run_sample
from xopt.ir_io import parse_mlir

SETTINGS = settings(max_examples=12, deadline=None)
seeds = st.integers(0, 2**32 - 1)

STORAGE = {"i8": (np.int8, -128, 127), "u8": (np.uint8, 0, 255), "i4": (np.int8, -8, 7)}
STORAGE |= {"i2": (np.int8, -2, 1), "u4": (np.uint8, 0, 15)}


class Q:
    """A quantized tensor for a test: stored integers plus (per-tensor or per-axis 0)
    scale and zero point, written as an IR type and dequantized in float64."""

    def __init__(self, data, storage, scale, zp=0):
        self.data, self.storage = np.asarray(data), storage
        self.scale, self.zp = np.asarray(scale, np.float64), np.asarray(zp, np.int64)

    @classmethod
    def random(cls, rng, shape, storage, scale, zp=0):
        dtype, lo, hi = STORAGE[storage]
        return cls(rng.integers(lo, hi + 1, shape).astype(dtype), storage, scale, zp)

    def ir(self, shape=None) -> str:
        dims = "x".join(map(str, self.data.shape if shape is None else shape))
        if self.scale.ndim == 0:
            params = f"{format_scale(float(self.scale))}:{int(self.zp)}"
        else:
            zps = np.broadcast_to(self.zp, self.scale.shape)
            pairs = ", ".join(f"{format_scale(float(s))}:{int(z)}" for s, z in zip(self.scale, zps))
            params = f"0, {{{pairs}}}"
            return f"tensor<{dims}x!quant.uniform<{self.storage}:f32:{params}>>"
        return f"tensor<{dims}x!quant.uniform<{self.storage}:f32, {params}>>"

    def real(self) -> np.ndarray:
        shape = (-1,) + (1,) * (self.data.ndim - 1)
        scale = self.scale.reshape(shape) if self.scale.ndim else self.scale
        zp = self.zp.reshape(shape) if self.zp.ndim else self.zp
        return (self.data.astype(np.float64) - zp) * scale


class Bias(Q):
    def __init__(self, data):
        super().__init__(np.asarray(data, np.int32), "i32", 1.0)

    def ir(self, shape=None) -> str:
        return f"tensor<{self.data.shape[0]}xi32>"


def run(op: str, operands, props: str, out_type: str) -> np.ndarray:
    args = ", ".join(f"%a{i}: {q.ir()}" for i, q in enumerate(operands))
    uses = ", ".join(f"%a{i}" for i in range(len(operands)))
    types = ", ".join(q.ir() for q in operands)
    text = f"""
func.func @main({args}) -> {out_type} {{
  %y = {op} {uses} {{{props}}} : ({types}) -> {out_type}
  func.return %y : {out_type}
}}"""
    (y,) = run_sample(parse_mlir(text, "test"), [q.data for q in operands])
    return y


def out_type(storage: str, scale: float, zp: int, shape) -> str:
    return Q(np.zeros(shape, STORAGE[storage][0]), storage, scale, zp).ir()


def assert_within_one(y, real, scale, zp, lo, hi):
    ref = np.clip(np.round(real / scale + zp), lo, hi)
    assert y.shape == ref.shape
    assert np.abs(y.astype(np.float64) - ref).max() <= 1, (y, ref)


def ints(values) -> str:
    return ", ".join(str(int(v)) for v in values)


# ---- conv2d and fully_connected


def conv_model(x, w, b, strides, pads, dilations, group):
    """Direct float64 convolution, one output position at a time."""
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (xp.shape[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (xp.shape[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, o, oh, ow))
    og = o // group
    for i in range(oh):
        for j in range(ow):
            r, s = i * strides[0], j * strides[1]
            patch = xp[
                :,
                :,
                r : r + dilations[0] * kh : dilations[0],
                s : s + dilations[1] * kw : dilations[1],
            ]
            for g in range(group):
                xs = patch[:, g * cg : (g + 1) * cg]
                ws = w[g * og : (g + 1) * og]
                y[:, g * og : (g + 1) * og, i, j] = np.einsum("nchw,ochw->no", xs, ws)
    return y + b.reshape(1, -1, 1, 1)


@st.composite
def conv_cases(draw):
    kind = draw(st.sampled_from(["dense", "grouped", "depthwise"]))
    group = 1 if kind == "dense" else draw(st.integers(2, 3))
    per_in = 1 if kind == "depthwise" else draw(st.integers(1, 3))
    per_out = draw(st.integers(1, 2))
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    strides = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    dilations = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    pads = draw(st.tuples(*[st.integers(0, 2)] * 4))
    size = [
        draw(st.integers(max(1, dilations[i] * (kernel[i] - 1) + 1 - pads[i] - pads[i + 2]), 6))
        for i in range(2)
    ]
    rng = np.random.default_rng(draw(seeds))
    x_storage = draw(st.sampled_from(["i8", "u8"]))
    x_zp = int(rng.integers(*STORAGE[x_storage][1:])) if draw(st.booleans()) else 0
    x = Q.random(rng, (1, group * per_in, *size), x_storage, 0.05, x_zp)
    w_storage = draw(st.sampled_from(["i8", "i4", "i2"]))
    out_ch = group * per_out
    per_channel = draw(st.booleans())
    w_scale = rng.uniform(0.01, 0.05, out_ch) if per_channel else 0.02
    w = Q.random(rng, (out_ch, per_in, *kernel), w_storage, w_scale)
    bias = Bias(rng.integers(-500, 500, out_ch)) if draw(st.booleans()) else None
    clamp = draw(st.sampled_from([None, (0, 127), (-20, 20)]))
    geometry = dict(strides=strides, pads=pads, dilations=dilations, group=group)
    return x, w, bias, geometry, clamp


@SETTINGS
@given(conv_cases())
def test_conv2d(case):
    x, w, bias, g, clamp = case
    b = np.zeros(w.data.shape[0]) if bias is None else bias.data * 0.05 * w.scale
    real = conv_model(x.real(), w.real(), b, g["strides"], g["pads"], g["dilations"], g["group"])
    s_y = float(np.abs(real).max() / 100 + 1e-3)
    lo, hi = clamp or (-128, 127)
    props = (
        f"strides = array<i64: {ints(g['strides'])}>, pads = array<i64: {ints(g['pads'])}>, "
        f"dilations = array<i64: {ints(g['dilations'])}>, group = {g['group']} : i64"
    )
    props += "" if clamp is None else f", clamp = array<i64: {lo}, {hi}>"
    operands = [x, w] + ([bias] if bias is not None else [])
    y = run("quant.conv2d", operands, props, out_type("i8", s_y, 0, real.shape))
    assert y.dtype == np.int8
    assert_within_one(y, real, s_y, 0, lo, hi)


@SETTINGS
@given(seeds, st.booleans(), st.sampled_from(["i8", "i4"]))
def test_fully_connected(seed, per_channel, w_storage):
    rng = np.random.default_rng(seed)
    x = Q.random(rng, (3, 17), "u8", 0.02, 120)
    w_scale = rng.uniform(0.01, 0.05, 5) if per_channel else 0.03
    w = Q.random(rng, (5, 17), w_storage, w_scale)
    bias = Bias(rng.integers(-2000, 2000, 5))
    real = x.real() @ w.real().T + bias.data * 0.02 * w.scale
    s_y, z_y = float(np.abs(real).max() / 60 + 1e-3), 128
    y = run("quant.fully_connected", [x, w, bias], "", out_type("u8", s_y, z_y, (3, 5)))
    assert_within_one(y, real, s_y, z_y, 0, 255)


def test_conv2d_int32_overflow_is_an_error():
    # 4200 * 4 * 4 products of 255 * -128 sum to -2.19e9 < -2^31.
    x = Q(np.full((1, 4200, 4, 4), 255, np.uint8), "u8", 0.01)
    w = Q(np.full((1, 4200, 4, 4), -128, np.int8), "i8", 0.01)
    props = (
        "strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, "
        "dilations = array<i64: 1, 1>, group = 1 : i64"
    )
    with pytest.raises(XoptError, match=r"^quant.conv2d: the int32 accumulator overflows"):
        run("quant.conv2d", [x, w], props, out_type("i8", 1.0, 0, (1, 1, 1, 1)))


def test_kernel_overflow_check_directly():
    acc = np.array([2**31 - 1, 2**31])
    with pytest.raises(ValueError, match="int32"):
        qk.check_int32(acc)
    np.testing.assert_array_equal(qk.check_int32(acc[:1]), acc[:1])


# ---- pools


@st.composite
def pool_cases(draw):
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    strides = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    pads = draw(st.tuples(*[st.integers(0, k - 1) for k in kernel * 2]))
    size = [draw(st.integers(max(1, kernel[i] - pads[i] - pads[i + 2]), 7)) for i in range(2)]
    rng = np.random.default_rng(draw(seeds))
    storage = draw(st.sampled_from(["i8", "u8"]))
    x = Q.random(rng, (1, 2, *size), storage, 0.05, int(rng.integers(*STORAGE[storage][1:])))
    return x, kernel, strides, pads, draw(st.booleans()), draw(st.booleans())


def window_model(x, kernel, strides, pads, ceil_mode, include_pad, reduce):
    """Windows of a float64 NCHW array as lists of in-input values (and the count with
    explicit padding for count_include_pad), by direct enumeration."""
    n, c, h, w = x.shape
    out = []
    for axis, size in enumerate((h, w)):
        span = size + pads[axis] + pads[axis + 2] - kernel[axis]
        count = (-(-span // strides[axis]) if ceil_mode else span // strides[axis]) + 1
        if ceil_mode and (count - 1) * strides[axis] >= size + pads[axis]:
            count -= 1
        out.append(count)
    y = np.zeros((n, c, *out))
    for i in range(out[0]):
        for j in range(out[1]):
            r0, c0 = i * strides[0] - pads[0], j * strides[1] - pads[1]
            rows = [r for r in range(r0, r0 + kernel[0]) if 0 <= r < h]
            cols = [q for q in range(c0, c0 + kernel[1]) if 0 <= q < w]
            padded_rows = [r for r in range(r0, r0 + kernel[0]) if r < h + pads[2]]
            padded_cols = [q for q in range(c0, c0 + kernel[1]) if q < w + pads[3]]
            window = x[:, :, rows][:, :, :, cols]
            y[:, :, i, j] = reduce(window, len(padded_rows) * len(padded_cols))
    return y


def pool_props(kernel, strides, pads, ceil_mode):
    props = (
        f"kernel_shape = array<i64: {ints(kernel)}>, strides = array<i64: {ints(strides)}>, "
        f"pads = array<i64: {ints(pads)}>"
    )
    return props + (", ceil_mode" if ceil_mode else "")


@settings(max_examples=25, deadline=None)
@given(pool_cases())
def test_maxpool_is_exact(case):
    x, kernel, strides, pads, ceil_mode, _ = case
    ref = window_model(
        x.data.astype(np.float64),
        kernel,
        strides,
        pads,
        ceil_mode,
        False,
        lambda v, _: v.max(axis=(2, 3)),
    )
    y = run("quant.maxpool", [x], pool_props(kernel, strides, pads, ceil_mode), x.ir(ref.shape))
    np.testing.assert_array_equal(y, ref)


@settings(max_examples=25, deadline=None)
@given(pool_cases(), st.booleans())
def test_avgpool(case, clamped):
    x, kernel, strides, pads, ceil_mode, include_pad = case

    def mean(v, padded):
        return v.sum(axis=(2, 3)) / (padded if include_pad else v.shape[2] * v.shape[3])

    real = window_model(x.real(), kernel, strides, pads, ceil_mode, include_pad, mean)
    props = pool_props(kernel, strides, pads, ceil_mode)
    props += ", count_include_pad" if include_pad else ""
    props += ", clamp = array<i64: -5, 100>" if clamped else ""
    y = run("quant.avgpool", [x], props, out_type("i8", 0.03, -7, real.shape))
    assert_within_one(y, real, 0.03, -7, *((-5, 100) if clamped else (-128, 127)))


@SETTINGS
@given(seeds, st.sampled_from(["i8", "u8"]))
def test_global_avgpool(seed, storage):
    rng = np.random.default_rng(seed)
    x = Q.random(rng, (2, 3, 5, 7), storage, 0.1, int(rng.integers(*STORAGE[storage][1:])))
    real = x.real().mean(axis=(2, 3), keepdims=True)
    y = run("quant.global_avgpool", [x], "", out_type("i8", 0.02, 3, (2, 3, 1, 1)))
    assert_within_one(y, real, 0.02, 3, -128, 127)


# ---- element-wise


BROADCASTS = [((2, 3, 4), (2, 3, 4)), ((2, 3, 4), (3, 1)), ((1, 4), (3, 1)), ((2, 3, 4), (1,))]


@st.composite
def binary_cases(draw):
    a_shape, b_shape = draw(st.sampled_from(BROADCASTS))
    rng = np.random.default_rng(draw(seeds))
    sa, sb = rng.uniform(0.01, 0.2, 2)
    a = Q.random(rng, a_shape, "i8", sa, int(rng.integers(-20, 20)))
    b = Q.random(rng, b_shape, "u8", sb, int(rng.integers(100, 150)))
    return a, b, draw(st.sampled_from([None, (0, 127)]))


@settings(max_examples=25, deadline=None)
@given(binary_cases())
def test_add_broadcasting(case):
    a, b, clamp = case
    real = a.real() + b.real()
    s_y = float(np.abs(real).max() / 100 + 1e-3)
    lo, hi = clamp or (-128, 127)
    props = "" if clamp is None else f"clamp = array<i64: {lo}, {hi}>"
    y = run("quant.add", [a, b], props, out_type("i8", s_y, 2, real.shape))
    assert_within_one(y, real, s_y, 2, lo, hi)


@settings(max_examples=25, deadline=None)
@given(binary_cases())
def test_mul_broadcasting(case):
    a, b, clamp = case
    real = a.real() * b.real()
    s_y = float(np.abs(real).max() / 100 + 1e-4)
    lo, hi = clamp or (-128, 127)
    props = "" if clamp is None else f"clamp = array<i64: {lo}, {hi}>"
    y = run("quant.mul", [a, b], props, out_type("i8", s_y, -3, real.shape))
    assert_within_one(y, real, s_y, -3, lo, hi)


@SETTINGS
@given(seeds, st.sampled_from(["i8", "u8", "i4"]), st.sampled_from(["i8", "u8", "u4"]))
def test_requantize(seed, x_storage, y_storage):
    rng = np.random.default_rng(seed)
    x = Q.random(
        rng, (3, 8), x_storage, rng.uniform(0.01, 0.5), int(rng.integers(*STORAGE[x_storage][1:]))
    )
    _, lo, hi = STORAGE[y_storage]
    s_y, z_y = float(rng.uniform(0.01, 0.5)), int(rng.integers(lo, hi + 1))
    y = run("quant.requantize", [x], "", out_type(y_storage, s_y, z_y, (3, 8)))
    assert_within_one(y, x.real(), s_y, z_y, lo, hi)


def test_table_looks_up_each_stored_value():
    x = Q(np.arange(-8, 8, dtype=np.int8).reshape(2, 8), "i4", 0.5)
    values = [(v * 3) % 16 - 8 for v in range(16)]
    props = f'values = array<i64: {ints(values)}>, function = "test"'
    y = run("quant.table", [x], props, out_type("i4", 0.25, 0, (2, 8)))
    np.testing.assert_array_equal(y.ravel(), values)


# ---- data movement


@SETTINGS
@given(seeds)
def test_concat_requantizes_inputs_with_other_scales(seed):
    rng = np.random.default_rng(seed)
    a = Q.random(rng, (1, 2, 3), "i8", 0.05, 3)
    b = Q.random(rng, (1, 1, 3), "i8", 0.2, -5)
    c = Q.random(rng, (1, 3, 3), "i8", 0.1, 0)  # the result's own parameters: copied
    real = np.concatenate([a.real(), b.real(), c.real()], axis=1)
    y = run("quant.concat", [a, b, c], "axis = 1 : i64", out_type("i8", 0.1, 0, (1, 6, 3)))
    assert_within_one(y, real, 0.1, 0, -128, 127)
    np.testing.assert_array_equal(y[:, 3:], c.data)


def test_reshape_keeps_stored_integers():
    x = Q(np.arange(24, dtype=np.uint8).reshape(2, 3, 4), "u8", 0.1, 7)
    y = run("quant.reshape", [x], "", x.ir((4, 6)))
    np.testing.assert_array_equal(y, x.data.reshape(4, 6))


def test_argmax_ties_pick_first_or_last():
    x = Q(np.array([[3, 7, 7, -1], [5, 5, 5, 5]], np.int8), "i8", 0.1)
    first = run("quant.argmax", [x], "axis = 1 : i64", "tensor<2xi64>")
    last = run("quant.argmax", [x], "axis = 1 : i64, select_last_index", "tensor<2xi64>")
    kept = run("quant.argmax", [x], "axis = 1 : i64, keepdims", "tensor<2x1xi64>")
    assert first.tolist() == [1, 0] and last.tolist() == [2, 3] and kept.tolist() == [[1], [0]]


def resize_props(mode, transform, scales, nearest="round_prefer_floor"):
    return (
        f'mode = "{mode}", coordinate_transformation_mode = "{transform}", '
        f'nearest_mode = "{nearest}", scales = array<f32: {", ".join(map(str, scales))}>'
    )


def test_resize_nearest_copies_stored_integers():
    x = Q(np.array([[[[1, -2], [3, 4]]]], np.int8), "i8", 0.1, 1)
    y = run(
        "quant.resize",
        [x],
        resize_props("nearest", "asymmetric", [1.0, 1.0, 2.0, 2.0], "floor"),
        x.ir((1, 1, 4, 4)),
    )
    np.testing.assert_array_equal(y[0, 0], np.kron(x.data[0, 0], np.ones((2, 2), np.int8)))


def linear_model(x, out_size, scale):
    """float64 half_pixel linear interpolation along the last two axes, separably."""
    for axis, (n, m) in enumerate(zip(x.shape[2:], out_size), start=2):
        c = np.clip((np.arange(m) + 0.5) / scale - 0.5, 0, n - 1)
        low = np.floor(c).astype(int)
        high = np.minimum(low + 1, n - 1)
        frac = (c - low).reshape([-1 if a == axis else 1 for a in range(x.ndim)])
        x = np.take(x, low, axis=axis) * (1 - frac) + np.take(x, high, axis=axis) * frac
    return x


@SETTINGS
@given(seeds, st.sampled_from([2.0, 1.5, 3.0, 0.5]))
def test_resize_linear(seed, scale):
    rng = np.random.default_rng(seed)
    x = Q.random(rng, (1, 2, 4, 5), "u8", 0.04, 128)
    out_size = (int(4 * scale), int(5 * scale))
    real = linear_model(x.real(), out_size, scale)
    props = resize_props("linear", "half_pixel", [1.0, 1.0, scale, scale])
    y = run("quant.resize", [x], props, out_type("u8", 0.08, 120, (1, 2, *out_size)))
    assert_within_one(y, real, 0.08, 120, 0, 255)


def test_constant_holds_sub_byte_values():
    typ = "tensor<4x!quant.uniform<i4:f32, 0.5>>"
    text = f"""
func.func @main() -> {typ} {{
  %w = quant.constant {{value = dense<[1, -7, 7, -8]> : tensor<4xi8>}} : {typ}
  func.return %w : {typ}
}}"""
    (w,) = run_sample(parse_mlir(text, "test"), [])
    assert w.dtype == np.int8 and w.tolist() == [1, -7, 7, -8]
