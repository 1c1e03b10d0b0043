"""Property tests: the graph dialect's numpy kernels with weights or windows (conv,
conv_transpose, gemm, matmul, pooling, normalisation) agree with onnxruntime.

Each example builds a single-node ONNX model with random shapes and attributes, runs it in
onnxruntime and compares with the kernel (1e-4 relative, 1e-5 absolute on float32).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import helper

from xopt.executor import graph_kernels as gk
from xopt.testing import assert_close, run_onnx

OPSET = 18
SETTINGS = settings(max_examples=25, deadline=None)
seeds = st.integers(0, 2**32 - 1)


def randn(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.standard_normal(shape).astype(np.float32)


def spatial_size(draw, span: int, pad_total: int) -> int:
    """An input size that leaves room for at least one window of extent `span`."""
    smallest = max(1, span - pad_total)
    return draw(st.integers(smallest, smallest + 6))


@st.composite
def conv_cases(draw, depthwise: bool = False):
    if depthwise:
        group, per_group_in = draw(st.integers(2, 8)), 1
    else:
        group, per_group_in = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    per_group_out = draw(st.integers(1, 3))
    kernel = draw(st.tuples(st.integers(1, 4), st.integers(1, 4)))
    strides = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    dilations = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    pads = draw(st.tuples(*[st.integers(0, 2)] * 4))
    size = [
        spatial_size(draw, dilations[i] * (kernel[i] - 1) + 1, pads[i] + pads[2 + i])
        for i in range(2)
    ]
    rng = np.random.default_rng(draw(seeds))
    x = randn(rng, draw(st.integers(1, 2)), group * per_group_in, *size)
    w = randn(rng, group * per_group_out, per_group_in, *kernel)
    b = randn(rng, group * per_group_out) if draw(st.booleans()) else None
    attrs = dict(strides=strides, pads=pads, dilations=dilations, group=group)
    return x, w, b, attrs


@SETTINGS
@given(conv_cases())
def test_conv2d(case):
    x, w, b, attrs = case
    expected = run_onnx("Conv", [x, w, b], {"kernel_shape": w.shape[2:], **attrs})
    assert_close(gk.conv2d(x, w, b, **attrs), expected)


@SETTINGS
@given(conv_cases(depthwise=True))
def test_conv2d_depthwise(case):
    x, w, b, attrs = case
    expected = run_onnx("Conv", [x, w, b], attrs)
    assert_close(gk.conv2d(x, w, b, **attrs), expected)


def test_conv2d_resnet_like_layer():
    rng = np.random.default_rng(0)
    x, w, b = randn(rng, 1, 32, 28, 28), randn(rng, 64, 32, 3, 3) * 0.1, randn(rng, 64)
    attrs = dict(strides=(2, 2), pads=(1, 1, 1, 1), dilations=(1, 1), group=1)
    assert_close(gk.conv2d(x, w, b, **attrs), run_onnx("Conv", [x, w, b], attrs))


@st.composite
def conv_transpose_cases(draw):
    group, per_group_in, per_group_out = (draw(st.integers(1, 3)) for _ in range(3))
    kernel = draw(st.tuples(st.integers(1, 4), st.integers(1, 4)))
    strides = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    dilations = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    # onnxruntime wants output_padding < stride (ONNX allows < max(stride, dilation)).
    output_padding = tuple(draw(st.integers(0, strides[i] - 1)) for i in range(2))
    size = draw(st.tuples(st.integers(1, 6), st.integers(1, 6)))
    pads = []
    for i in range(4):
        a = i % 2
        full = strides[a] * (size[a] - 1) + output_padding[a] + dilations[a] * (kernel[a] - 1) + 1
        room = full - 1 - (pads[a] if i >= 2 else 0)
        pads.append(draw(st.integers(0, min(2, room))))
    rng = np.random.default_rng(draw(seeds))
    x = randn(rng, draw(st.integers(1, 2)), group * per_group_in, *size)
    w = randn(rng, group * per_group_in, per_group_out, *kernel)
    b = randn(rng, group * per_group_out) if draw(st.booleans()) else None
    attrs = dict(
        strides=strides,
        pads=tuple(pads),
        dilations=dilations,
        output_padding=output_padding,
        group=group,
    )
    return x, w, b, attrs


@SETTINGS
@given(conv_transpose_cases())
def test_conv_transpose2d(case):
    x, w, b, attrs = case
    expected = run_onnx("ConvTranspose", [x, w, b], {"kernel_shape": w.shape[2:], **attrs})
    assert_close(gk.conv_transpose2d(x, w, b, **attrs), expected)


@SETTINGS
@given(st.data())
def test_gemm(data):
    m, k, n = (data.draw(st.integers(1, 8)) for _ in range(3))
    trans_a, trans_b = data.draw(st.booleans()), data.draw(st.booleans())
    alpha = data.draw(st.sampled_from([1.0, 0.5, -1.25]))
    beta = data.draw(st.sampled_from([1.0, 0.0, 2.0]))
    c_shape = data.draw(st.sampled_from([None, (), (n,), (1, n), (m, 1), (m, n)]))
    rng = np.random.default_rng(data.draw(seeds))
    a = randn(rng, *((k, m) if trans_a else (m, k)))
    b = randn(rng, *((n, k) if trans_b else (k, n)))
    c = None if c_shape is None else randn(rng, *c_shape)
    attrs = dict(alpha=alpha, beta=beta, transA=int(trans_a), transB=int(trans_b))
    expected = run_onnx("Gemm", [a, b, c], attrs)
    actual = gk.gemm(a, b, c, alpha, beta, trans_a, trans_b)
    assert_close(actual, expected)


@SETTINGS
@given(st.data())
def test_matmul(data):
    m, k, n = (data.draw(st.integers(1, 6)) for _ in range(3))
    batch = data.draw(st.lists(st.integers(1, 3), max_size=2))
    a_shape = data.draw(st.sampled_from([(k,), (m, k), (*batch, m, k)]))
    b_batch = [data.draw(st.sampled_from([d, 1])) for d in batch]
    b_shape = data.draw(st.sampled_from([(k,), (k, n), (*b_batch, k, n)]))
    rng = np.random.default_rng(data.draw(seeds))
    a, b = randn(rng, *a_shape), randn(rng, *b_shape)
    assert_close(gk.matmul(a, b), run_onnx("MatMul", [a, b]))


@st.composite
def pool_cases(draw, with_dilations: bool):
    kernel = draw(st.tuples(st.integers(1, 4), st.integers(1, 4)))
    strides = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    dilations = draw(st.tuples(st.integers(1, 2), st.integers(1, 2))) if with_dilations else (1, 1)
    pads = tuple(draw(st.integers(0, kernel[i % 2] - 1)) for i in range(4))
    size = [
        spatial_size(draw, dilations[i] * (kernel[i] - 1) + 1, pads[i] + pads[2 + i])
        for i in range(2)
    ]
    rng = np.random.default_rng(draw(seeds))
    x = randn(rng, draw(st.integers(1, 2)), draw(st.integers(1, 3)), *size)
    attrs = dict(kernel=kernel, strides=strides, pads=pads, ceil_mode=draw(st.booleans()))
    if with_dilations:
        attrs["dilations"] = dilations
    return x, attrs


def onnx_pool_attrs(attrs: dict) -> dict:
    renamed = {"kernel_shape": attrs["kernel"], "ceil_mode": int(attrs["ceil_mode"])}
    rest = {k: v for k, v in attrs.items() if k not in ("kernel", "ceil_mode")}
    return {**renamed, **{k: int(v) if isinstance(v, bool) else v for k, v in rest.items()}}


@SETTINGS
@given(pool_cases(with_dilations=True))
def test_maxpool(case):
    x, attrs = case
    expected = run_onnx("MaxPool", [x], onnx_pool_attrs(attrs))
    assert_close(gk.maxpool(x, **attrs), expected)


@SETTINGS
@given(pool_cases(with_dilations=True), st.sampled_from([np.int8, np.uint8]))
def test_maxpool_8bit(case, dtype):
    x, attrs = case
    x = np.clip(np.round(x * 50), np.iinfo(dtype).min, np.iinfo(dtype).max).astype(dtype)
    expected = run_onnx(
        "MaxPool", [x], onnx_pool_attrs(attrs), out_type=helper.np_dtype_to_tensor_dtype(x.dtype)
    )
    actual = gk.maxpool(x, **attrs)
    assert actual.dtype == dtype
    np.testing.assert_array_equal(actual, expected)


@SETTINGS
@given(pool_cases(with_dilations=False), st.booleans())
def test_avgpool(case, count_include_pad):
    x, attrs = case
    attrs["count_include_pad"] = count_include_pad
    expected = run_onnx("AveragePool", [x], onnx_pool_attrs(attrs))
    assert_close(gk.avgpool(x, **attrs), expected)


@SETTINGS
@given(st.lists(st.integers(1, 5), min_size=3, max_size=5), seeds)
def test_global_avgpool(shape, seed):
    x = randn(np.random.default_rng(seed), *shape)
    assert_close(gk.global_avgpool(x), run_onnx("GlobalAveragePool", [x]))


@SETTINGS
@given(st.lists(st.integers(1, 5), min_size=2, max_size=4), seeds)
def test_batch_norm(shape, seed):
    rng = np.random.default_rng(seed)
    x = randn(rng, *shape)
    scale, bias, mean = (randn(rng, shape[1]) for _ in range(3))
    var = rng.uniform(0.1, 2.0, shape[1]).astype(np.float32)
    expected = run_onnx("BatchNormalization", [x, scale, bias, mean, var], {"epsilon": 1e-5})
    assert_close(gk.batch_norm(x, scale, bias, mean, var, 1e-5), expected)


@SETTINGS
@given(st.data())
def test_lrn(data):
    shape = (data.draw(st.integers(1, 2)), data.draw(st.integers(1, 8)), 3, 2)
    size = data.draw(st.sampled_from([1, 3, 5, 7]))
    alpha = data.draw(st.sampled_from([1e-4, 0.01, 0.5]))
    beta = data.draw(st.sampled_from([0.5, 0.75, 1.0]))
    bias = data.draw(st.sampled_from([1.0, 2.0]))
    x = randn(np.random.default_rng(data.draw(seeds)), *shape)
    expected = run_onnx("LRN", [x], dict(size=size, alpha=alpha, beta=beta, bias=bias))
    assert_close(gk.lrn(x, size, alpha, beta, bias), expected)
