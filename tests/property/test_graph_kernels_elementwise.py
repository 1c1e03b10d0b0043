"""Property tests: the graph dialect's element-wise numpy kernels (broadcasting arithmetic,
activations, softmax, fused activations) agree with onnxruntime."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import helper

from xopt.executor import graph_kernels as gk
from xopt.testing import assert_close, run_onnx

OPSET = 18
SETTINGS = settings(max_examples=25, deadline=None)
seeds = st.integers(0, 2**32 - 1)


def randn(rng: np.random.Generator, shape) -> np.ndarray:
    return rng.standard_normal(tuple(shape)).astype(np.float32)


shapes = st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple)


@st.composite
def broadcast_shapes(draw, count: int):
    """`count` shapes that broadcast together: suffixes of one shape, some dims set to 1."""
    full = draw(shapes)
    out = []
    for _ in range(count):
        suffix = full[len(full) - draw(st.integers(0, len(full))) :]
        out.append(tuple(d if draw(st.booleans()) else 1 for d in suffix))
    return out


BINARY = [("Add", gk.add), ("Sub", gk.sub), ("Mul", gk.mul), ("Div", gk.div)]


@pytest.mark.parametrize("op_type, kernel", BINARY, ids=[b[0] for b in BINARY])
@SETTINGS
@given(broadcast_shapes(2), seeds)
def test_binary_broadcast(op_type, kernel, shape_pair, seed):
    rng = np.random.default_rng(seed)
    a = randn(rng, shape_pair[0])
    b = randn(rng, shape_pair[1])
    if op_type == "Div":
        b = (np.sign(b) * rng.uniform(0.5, 2.0, b.shape)).astype(np.float32) + (b == 0)
    assert_close(kernel(a, b), run_onnx(op_type, [a, b]))


@SETTINGS
@given(broadcast_shapes(2), st.sampled_from([np.int32, np.int64]), seeds)
def test_integer_div_truncates(shape_pair, dtype, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(-50, 51, shape_pair[0]).astype(dtype)
    b = rng.integers(1, 8, shape_pair[1]) * rng.choice([-1, 1], shape_pair[1])
    b = np.asarray(b).astype(dtype)
    expected = run_onnx("Div", [a, b], out_type=helper.np_dtype_to_tensor_dtype(np.dtype(dtype)))
    np.testing.assert_array_equal(gk.div(a, b), expected)
    assert gk.div(a, b).dtype == dtype


@SETTINGS
@given(st.integers(1, 3).flatmap(broadcast_shapes), seeds)
def test_sum(input_shapes, seed):
    rng = np.random.default_rng(seed)
    xs = [randn(rng, s) for s in input_shapes]
    assert_close(gk.sum_inputs(*xs), run_onnx("Sum", xs))


UNARY = [
    ("Relu", gk.relu),
    ("Sigmoid", gk.sigmoid),
    ("Tanh", gk.tanh),
    ("HardSwish", gk.hard_swish),
]


@pytest.mark.parametrize("op_type, kernel", UNARY, ids=[u[0] for u in UNARY])
@SETTINGS
@given(shapes, seeds)
def test_unary(op_type, kernel, shape, seed):
    x = randn(np.random.default_rng(seed), shape) * 5
    assert_close(kernel(x), run_onnx(op_type, [x]))


def test_sigmoid_extremes():
    x = np.array([-200.0, -30.0, -1.0, 0.0, 1.0, 30.0, 200.0], dtype=np.float32)
    assert_close(gk.sigmoid(x), run_onnx("Sigmoid", [x]))


@SETTINGS
@given(shapes, st.sampled_from([0.01, 0.1, 0.3, 1.5]), seeds)
def test_leaky_relu(shape, alpha, seed):
    x = randn(np.random.default_rng(seed), shape)
    assert_close(gk.leaky_relu(x, alpha), run_onnx("LeakyRelu", [x], {"alpha": alpha}))


@SETTINGS
@given(shapes, st.sampled_from([0.2, 1 / 6, 0.5]), st.sampled_from([0.5, 0.0, 0.3]), seeds)
def test_hard_sigmoid(shape, alpha, beta, seed):
    x = randn(np.random.default_rng(seed), shape) * 4
    expected = run_onnx("HardSigmoid", [x], {"alpha": alpha, "beta": beta})
    assert_close(gk.hard_sigmoid(x, alpha, beta), expected)


@SETTINGS
@given(
    shapes,
    st.one_of(st.none(), st.floats(-2, 0.5, width=32)),
    st.one_of(st.none(), st.floats(-0.5, 2, width=32)),
    seeds,
)
def test_clip(shape, low, high, seed):
    x = randn(np.random.default_rng(seed), shape)
    bounds = [None if v is None else np.array(v, dtype=np.float32) for v in (low, high)]
    expected = run_onnx("Clip", [x, *bounds])
    low = -np.inf if low is None else low
    high = np.inf if high is None else high
    assert_close(gk.clip(x, low, high), expected)


@st.composite
def prelu_shapes(draw):
    """An input shape and a slope shape that broadcasts to it (unidirectionally)."""
    x_shape = draw(shapes)
    suffix = x_shape[len(x_shape) - draw(st.integers(1, len(x_shape))) :]
    return x_shape, tuple(d if draw(st.booleans()) else 1 for d in suffix)


@SETTINGS
@given(prelu_shapes(), seeds)
def test_prelu(shape_pair, seed):
    rng = np.random.default_rng(seed)
    x, slope = randn(rng, shape_pair[0]), randn(rng, shape_pair[1])
    assert_close(gk.prelu(x, slope), run_onnx("PRelu", [x, slope]))


@SETTINGS
@given(shapes.flatmap(lambda s: st.tuples(st.just(s), st.integers(-len(s), len(s) - 1))), seeds)
def test_softmax(shape_axis, seed):
    shape, axis = shape_axis
    x = randn(np.random.default_rng(seed), shape) * 3
    assert_close(gk.softmax(x, axis), run_onnx("Softmax", [x], {"axis": axis}))


ACTIVATIONS = [
    ("relu", (), "Relu", {}),
    ("clip", (0.0, 6.0), "Clip", {}),
    ("clip", (-1.5, 0.25), "Clip", {}),
    ("leaky_relu", (0.1,), "LeakyRelu", {"alpha": 0.1}),
    ("hard_swish", (), "HardSwish", {}),
]


@pytest.mark.parametrize("kind, params, op_type, attrs", ACTIVATIONS)
@SETTINGS
@given(shapes, seeds)
def test_fused_activation(kind, params, op_type, attrs, shape, seed):
    x = randn(np.random.default_rng(seed), shape) * 4
    extra = [np.array(p, dtype=np.float32) for p in params] if op_type == "Clip" else []
    expected = run_onnx(op_type, [x, *extra], attrs)
    assert_close(gk.apply_activation(x, kind, params), expected)


def test_no_fused_activation_is_identity():
    x = np.arange(4, dtype=np.float32)
    assert gk.apply_activation(x, None) is x
