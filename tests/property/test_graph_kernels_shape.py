"""Property tests: the graph dialect's data-movement numpy kernels (resize, pad, argmax,
reduce_mean, concat, reshapes) agree with onnxruntime."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import TensorProto

from xopt.executor import graph_kernels as gk
from xopt.testing import assert_close, run_onnx

OPSET = 18
SETTINGS = settings(max_examples=25, deadline=None)
seeds = st.integers(0, 2**32 - 1)


def randn(rng: np.random.Generator, shape) -> np.ndarray:
    return rng.standard_normal(tuple(shape)).astype(np.float32)


def int64s(values) -> np.ndarray:
    return np.array(list(values), dtype=np.int64)


shapes = st.lists(st.integers(1, 5), min_size=1, max_size=4).map(tuple)
COORDINATE_MODES = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"]
NEAREST_MODES = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]
SCALES = [0.25, 0.4, 0.5, 0.6, 0.75, 1.0, 1.1, 4 / 3, 1.5, 2.0, 2.5, 3.0]


@st.composite
def resize_cases(draw):
    """NCHW input, mode attributes, and either `scales` (with input sizes that keep every
    output axis non-empty) or `sizes` (scale = out/in, up or down)."""
    mode = draw(st.sampled_from(["nearest", "linear"]))
    attrs = {
        "mode": mode,
        "coordinate_transformation_mode": draw(st.sampled_from(COORDINATE_MODES)),
        "nearest_mode": draw(st.sampled_from(NEAREST_MODES)),
    }
    # onnxruntime's linear resize needs the batch and channel scales to be 1.
    outer_scales = [1.0, 2.0, 0.5] if mode == "nearest" else [1.0]
    scales = [draw(st.sampled_from(outer_scales)) for _ in range(2)]
    scales += [draw(st.sampled_from(SCALES)) for _ in range(2)]
    shape = tuple(draw(st.integers(math.ceil(1 / s - 1e-6), 7)) for s in scales)
    use_sizes = draw(st.booleans())
    if use_sizes:
        sizes = shape[:2] + tuple(draw(st.integers(1, 10)) for _ in range(2))
        scales = [o / i for o, i in zip(sizes, shape)]
    x = randn(np.random.default_rng(draw(seeds)), shape)
    scale_input = np.array(scales, dtype=np.float32)
    inputs = [x, None, None, int64s(sizes)] if use_sizes else [x, None, scale_input]
    return x, inputs, attrs, [float(s) for s in scale_input]


@SETTINGS
@given(resize_cases())
def test_resize(case):
    x, inputs, attrs, scales = case
    expected = run_onnx("Resize", inputs, attrs, constants=(2, 3))
    actual = gk.resize(x, expected.shape, scales, **attrs)
    assert_close(actual, expected)


def test_resize_nearest_rounds_float32_near_ties_as_ties():
    # 1 / float32(2/7) is 3.4999998 in float32: an exact tie (3.5) missed by one ulp.
    x = np.arange(7, dtype=np.float32).reshape(1, 1, 7, 1)
    scales = (1.0, 1.0, 2 / 7, 1.0)
    for nearest_mode, index in (("round_prefer_ceil", 4), ("round_prefer_floor", 3)):
        y = gk.resize(x, (1, 1, 2, 1), scales, "nearest", "asymmetric", nearest_mode)
        assert y.ravel().tolist() == [0, index]
        attrs = dict(mode="nearest", coordinate_transformation_mode="asymmetric")
        expected = run_onnx(
            "Resize",
            [x, None, None, int64s([1, 1, 2, 1])],
            {**attrs, "nearest_mode": nearest_mode},
            (3,),
        )
        assert_close(y, expected)


def test_resize_bilinear_upscale_matches_known_values():
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]], dtype=np.float32)
    y = gk.resize(x, (1, 1, 4, 4), (1.0, 1.0, 2.0, 2.0), "linear", "half_pixel")
    np.testing.assert_allclose(y[0, 0, 0], [1.0, 1.25, 1.75, 2.0])
    np.testing.assert_allclose(y[0, 0, :, 0], [1.0, 1.5, 2.5, 3.0])


@st.composite
def pad_cases(draw):
    shape = draw(shapes)
    mode = draw(st.sampled_from(["constant", "reflect", "edge"]))
    limit = [min(3, d - 1) if mode == "reflect" else 3 for d in shape]
    pads = [draw(st.integers(0, limit[i % len(shape)])) for i in range(2 * len(shape))]
    value = draw(st.floats(-3, 3, width=32))
    return shape, pads, mode, value


@SETTINGS
@given(pad_cases(), seeds)
def test_pad(case, seed):
    shape, pads, mode, value = case
    x = randn(np.random.default_rng(seed), shape)
    constant = np.array(value, dtype=np.float32) if mode == "constant" else None
    expected = run_onnx("Pad", [x, int64s(pads), constant], {"mode": mode}, constants=(1,))
    assert_close(gk.pad(x, pads, mode, value), expected)


@st.composite
def shape_and_axis(draw, allow_end: bool = False):
    shape = draw(shapes)
    return shape, draw(st.integers(-len(shape), len(shape) - (0 if allow_end else 1)))


@SETTINGS
@given(shape_and_axis(), st.booleans(), st.booleans(), seeds)
def test_argmax_with_ties(shape_axis, keepdims, select_last_index, seed):
    shape, axis = shape_axis
    # Few distinct integer values make ties frequent.
    x = np.random.default_rng(seed).integers(-2, 3, shape).astype(np.float32)
    attrs = dict(axis=axis, keepdims=int(keepdims), select_last_index=int(select_last_index))
    expected = run_onnx("ArgMax", [x], attrs, out_type=TensorProto.INT64)
    actual = gk.argmax(x, axis, keepdims, select_last_index)
    assert actual.dtype == np.int64
    np.testing.assert_array_equal(actual, expected)


@SETTINGS
@given(shapes.flatmap(lambda s: st.tuples(st.just(s), st.sets(st.integers(0, len(s) - 1)))), seeds)
def test_reduce_mean(shape_axes, seed):
    shape, axes = shape_axes
    x = randn(np.random.default_rng(seed), shape)
    axes_input = int64s(sorted(axes)) if axes else None
    for keepdims in (False, True):
        expected = run_onnx("ReduceMean", [x, axes_input], {"keepdims": int(keepdims)}, (1,))
        assert_close(gk.reduce_mean(x, sorted(axes), keepdims), expected)


@SETTINGS
@given(shape_and_axis(), st.lists(st.integers(1, 3), min_size=1, max_size=3), seeds)
def test_concat(shape_axis, sizes, seed):
    shape, axis = shape_axis
    a = axis % len(shape)
    rng = np.random.default_rng(seed)
    xs = [randn(rng, shape[:a] + (n,) + shape[a + 1 :]) for n in sizes]
    assert_close(gk.concat(xs, axis), run_onnx("Concat", xs, {"axis": axis}))


@SETTINGS
@given(shapes, st.randoms(use_true_random=False), seeds)
def test_reshape(shape, random, seed):
    target = list(shape) + [1] * random.randint(0, 2)
    random.shuffle(target)
    x = randn(np.random.default_rng(seed), shape)
    expected = run_onnx("Reshape", [x, int64s(target)], constants=(1,))
    assert_close(gk.reshape(x, target), expected)


@SETTINGS
@given(shape_and_axis(allow_end=True), seeds)
def test_flatten(shape_axis, seed):
    shape, axis = shape_axis
    x = randn(np.random.default_rng(seed), shape)
    assert_close(gk.flatten(x, axis), run_onnx("Flatten", [x], {"axis": axis}))


@SETTINGS
@given(shapes.flatmap(lambda s: st.tuples(st.just(s), st.permutations(range(len(s))))), seeds)
def test_transpose(shape_perm, seed):
    shape, perm = shape_perm
    x = randn(np.random.default_rng(seed), shape)
    assert_close(gk.transpose(x, perm), run_onnx("Transpose", [x], {"perm": perm}))


@st.composite
def squeeze_cases(draw):
    """A shape with at least one 1, and some of its size-1 axes (some negative)."""
    shape = draw(st.lists(st.integers(1, 3), min_size=0, max_size=4))
    shape.insert(draw(st.integers(0, len(shape))), 1)
    ones = [i for i, d in enumerate(shape) if d == 1]
    axes = draw(st.lists(st.sampled_from(ones), min_size=1, unique=True))
    return tuple(shape), [a - len(shape) if draw(st.booleans()) else a for a in axes]


@SETTINGS
@given(squeeze_cases(), seeds)
def test_squeeze(case, seed):
    shape, axes = case
    x = randn(np.random.default_rng(seed), shape)
    expected = run_onnx("Squeeze", [x, int64s(axes)], constants=(1,))
    assert_close(gk.squeeze(x, axes), expected)


@st.composite
def unsqueeze_cases(draw):
    """A shape and 1-2 distinct output positions for new axes (some negative, unsorted)."""
    shape = draw(shapes)
    count = draw(st.integers(1, 2))
    out_rank = len(shape) + count
    axes = draw(st.lists(st.integers(0, out_rank - 1), min_size=count, max_size=count, unique=True))
    return shape, [a - out_rank if draw(st.booleans()) else a for a in axes]


@SETTINGS
@given(unsqueeze_cases(), seeds)
def test_unsqueeze(case, seed):
    shape, axes = case
    x = randn(np.random.default_rng(seed), shape)
    expected = run_onnx("Unsqueeze", [x, int64s(axes)], constants=(1,))
    assert_close(gk.unsqueeze(x, axes), expected)
