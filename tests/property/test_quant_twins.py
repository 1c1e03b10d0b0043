"""Property tests of the quant twins of the decomposition and argmax ops, run through the
quant executor (parsed IR, `run_sample`):

- the movement ops (pad, insert_zeros, crop, phase_slice, interleave) are bit-exact on the
  stored integers against quantize(graph op(dequantize(x))) with the same parameters;
- argmax_groups + argmax_select equal quant.argmax, ties included;
- quant.resize_argmax equals quant.argmax(quant.resize(x)) exactly, for nearest and linear
  resizes, both rounding modes, on int8 inputs from a few levels (many exact ties, and ties
  that the resize's requantization to a coarser type creates)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xopt.executor import graph_kernels_phase as gk_phase
from xopt.executor import graph_kernels_shape as gk_shape
from xopt.executor import graph_kernels_upsample as gk_upsample
from xopt.executor import quant_numerics as qn
from xopt.executor.run import run_sample
from xopt.ir_io import parse_mlir

SETTINGS = settings(max_examples=40, deadline=None)
seeds = st.integers(0, 2**32 - 1)
COORDINATE_MODES = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"]


def _qtype(scale: float, zero_point: int) -> str:
    return f"!quant.uniform<i8:f32, {scale!r}:{zero_point}>"


def _tensor(shape, element: str) -> str:
    return f"tensor<{'x'.join(str(d) for d in shape)}x{element}>"


def _run(text: str, *inputs: np.ndarray) -> list[np.ndarray]:
    return run_sample(parse_mlir(text, "<test>"), list(inputs))


def _params(rng: np.random.Generator) -> tuple[float, int]:
    return float(rng.choice([0.5, 0.05, 0.0123, 1.7])), int(rng.integers(-20, 21))


def _through_float(x: np.ndarray, scale: float, zero_point: int, graph_op) -> np.ndarray:
    """quantize(graph_op(dequantize(x))) with the same parameters."""
    y = graph_op(qn.dequantize(x, scale, zero_point))
    return qn.quantize(y, scale, zero_point, -128, 127)


def _unary(op: str, attrs: str, x: np.ndarray, out_shape, element: str) -> np.ndarray:
    xt, yt = _tensor(x.shape, element), _tensor(out_shape, element)
    text = (
        f"func.func @main(%x: {xt}) -> {yt} {{\n"
        f"  %y = quant.{op} %x {{{attrs}}} : ({xt}) -> {yt}\n"
        f"  func.return %y : {yt}\n}}"
    )
    return _run(text, x)[0]


@SETTINGS
@given(seeds)
def test_movement_ops_are_exact_copies(seed):
    rng = np.random.default_rng(seed)
    scale, zp = _params(rng)
    element = _qtype(scale, zp)
    n, c, h, w = 1, int(rng.integers(1, 4)), int(rng.integers(1, 6)), int(rng.integers(1, 6))
    x = rng.integers(-128, 128, size=(n, c, h, w)).astype(np.int8)

    pads = [0, 0, *rng.integers(0, 3, 2), 0, 0, *rng.integers(0, 3, 2)]
    pads = [int(p) for p in pads]
    out = gk_shape.pad(x, pads).shape
    got = _unary("pad", f"pads = array<i64: {', '.join(map(str, pads))}>", x, out, element)
    want = _through_float(x, scale, zp, lambda v: gk_shape.pad(v, pads, "constant", 0.0))
    np.testing.assert_array_equal(got, want)

    strides = [int(s) for s in rng.integers(1, 4, 2)]
    out = gk_upsample.insert_zeros(x, strides).shape
    attrs = f"strides = array<i64: {strides[0]}, {strides[1]}>"
    got = _unary("insert_zeros", attrs, x, out, element)
    want = _through_float(x, scale, zp, lambda v: gk_upsample.insert_zeros(v, strides))
    np.testing.assert_array_equal(got, want)

    crops = [0, 0, int(rng.integers(0, h)), int(rng.integers(0, w)), 0, 0, 0, 0]
    crops[6] = int(rng.integers(0, h - crops[2]))
    crops[7] = int(rng.integers(0, w - crops[3]))
    out = gk_upsample.crop(x, crops).shape
    got = _unary("crop", f"crops = array<i64: {', '.join(map(str, crops))}>", x, out, element)
    np.testing.assert_array_equal(
        got, _through_float(x, scale, zp, lambda v: gk_upsample.crop(v, crops))
    )

    offsets = [int(rng.integers(0, h)), int(rng.integers(0, w))]
    steps = [int(s) for s in rng.integers(1, 4, 2)]
    size = [-(-(d - o) // s) for d, o, s in zip((h, w), offsets, steps)]
    attrs = (
        f"offsets = array<i64: {offsets[0]}, {offsets[1]}>, "
        f"steps = array<i64: {steps[0]}, {steps[1]}>"
    )
    got = _unary("phase_slice", attrs, x, (n, c, *size), element)
    want = _through_float(x, scale, zp, lambda v: gk_phase.phase_slice(v, offsets, steps, size))
    np.testing.assert_array_equal(got, want)


@SETTINGS
@given(seeds)
def test_interleave_is_an_exact_copy(seed):
    rng = np.random.default_rng(seed)
    scale, zp = _params(rng)
    element = _qtype(scale, zp)
    fh, fw = (int(f) for f in rng.integers(1, 4, 2))
    h, w = int(rng.integers(fh, 7)), int(rng.integers(fw, 7))
    shape = (1, 2, h, w)
    phases = [
        rng.integers(-128, 128, size=(1, 2, -(-(h - rh) // fh), -(-(w - rw) // fw))).astype(np.int8)
        for rh in range(fh)
        for rw in range(fw)
    ]
    types = [_tensor(p.shape, element) for p in phases]
    args = ", ".join(f"%p{k}: {t}" for k, t in enumerate(types))
    operands = ", ".join(f"%p{k}" for k in range(len(phases)))
    yt = _tensor(shape, element)
    text = (
        f"func.func @main({args}) -> {yt} {{\n"
        f"  %y = quant.interleave {operands} {{factors = array<i64: {fh}, {fw}>}} : "
        f"({', '.join(types)}) -> {yt}\n  func.return %y : {yt}\n}}"
    )
    got = _run(text, *phases)[0]
    floats = [qn.dequantize(p, scale, zp) for p in phases]
    want = qn.quantize(gk_phase.interleave(floats, (fh, fw), shape), scale, zp, -128, 127)
    np.testing.assert_array_equal(got, want)


@SETTINGS
@given(seeds, st.booleans(), st.booleans())
def test_grouped_argmax_equals_argmax(seed, keepdims, last):
    rng = np.random.default_rng(seed)
    channels, group = int(rng.integers(2, 40)), int(rng.integers(2, 17))
    element = _qtype(0.1, 3)
    x = rng.integers(-3, 4, size=(1, channels, 2, 3)).astype(np.int8)
    xt = _tensor(x.shape, element)
    groups = -(-channels // group)
    vt, it = _tensor((1, groups, 2, 3), element), _tensor((1, groups, 2, 3), "i16")
    yt = _tensor((1, 1, 2, 3) if keepdims else (1, 2, 3), "i64")
    flags = (", keepdims" if keepdims else "") + (", select_last_index" if last else "")
    last_flag = ", select_last_index" if last else ""
    text = (
        f"func.func @main(%x: {xt}) -> ({yt}, {yt}) {{\n"
        f"  %v, %i = quant.argmax_groups %x {{axis = 1 : i64, group = {group} : i64{last_flag}}}"
        f" : ({xt}) -> ({vt}, {it})\n"
        f"  %y = quant.argmax_select %v, %i {{axis = 1 : i64{flags}}} : ({vt}, {it}) -> {yt}\n"
        f"  %r = quant.argmax %x {{axis = 1 : i64{flags}}} : ({xt}) -> {yt}\n"
        f"  func.return %y, %r : {yt}, {yt}\n}}"
    )
    staged, reference = _run(text, x)
    np.testing.assert_array_equal(staged, reference)


@settings(max_examples=60, deadline=None)
@given(
    seeds,
    st.sampled_from(["nearest", "linear"]),
    st.sampled_from(["fixed_point", "float"]),
    st.sampled_from(COORDINATE_MODES),
    st.booleans(),
)
def test_resize_argmax_equals_argmax_of_resize(seed, mode, rounding, transform, last):
    rng = np.random.default_rng(seed)
    x_scale, x_zp = _params(rng)
    x_type = _qtype(x_scale, x_zp)
    # Coarser result scales merge neighbouring interpolated values into ties.
    y_type = x_type if mode == "nearest" else _qtype(x_scale * float(rng.choice([1, 2, 5])), x_zp)
    channels, h, w = int(rng.integers(2, 22)), int(rng.integers(1, 5)), int(rng.integers(1, 5))
    sh, sw = (float(rng.choice([1.0, 1.5, 2.0, 3.0])) for _ in range(2))
    oh, ow = int(h * sh), int(w * sw)
    x = (rng.integers(-2, 3, size=(1, channels, h, w)) * int(rng.integers(1, 20))).astype(np.int8)
    xt, rt = _tensor(x.shape, x_type), _tensor((1, channels, oh, ow), y_type)
    mt = _tensor((1, oh, ow), "i64")
    resize = (
        f'mode = "{mode}", coordinate_transformation_mode = "{transform}", '
        f'nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, {sh}, {sw}>'
    )
    rounding_attr = f', rounding = "{rounding}"' if mode == "linear" else ""
    resized = f", resized = {y_type}" if mode == "linear" else ""
    last_flag = ", select_last_index" if last else ""
    text = (
        f"func.func @main(%x: {xt}) -> ({mt}, {mt}) {{\n"
        f"  %r = quant.resize %x {{{resize}{rounding_attr}}} : ({xt}) -> {rt}\n"
        f"  %a = quant.argmax %r {{axis = 1 : i64{last_flag}}} : ({rt}) -> {mt}\n"
        f"  %f = quant.resize_argmax %x {{{resize}{resized}{rounding_attr}{last_flag}}}"
        f" : ({xt}) -> {mt}\n"
        f"  func.return %a, %f : {mt}, {mt}\n}}"
    )
    unfused, fused = _run(text, x)
    np.testing.assert_array_equal(fused, unfused)
