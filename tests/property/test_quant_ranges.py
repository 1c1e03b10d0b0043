"""Property tests: clipping ranges, activation parameters and weight scales
(`xopt.quantize.ranges`), measured with the runtime's own quantize/dequantize.

Zero is always exactly representable, ranges contain zero and percentile ranges stay within
min/max, the MSE searches are never worse than min/max, quantized weights stay in the narrow
range with at most half a step of rounding error, and every scale is a float32.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xopt.executor.quant_numerics import dequantize, qrange, quantize
from xopt.quantize.calibration import TensorStats
from xopt.quantize.ranges import (
    METHODS,
    affine_params,
    choose_range,
    quantize_weights,
    weight_scales,
)

SETTINGS = settings(max_examples=60, deadline=None)
bit_widths = st.sampled_from([2, 4, 8])


@st.composite
def activations(draw) -> np.ndarray:
    """Edge cases drawn element by element, or realistic distributions from a seed."""
    if draw(st.booleans()):
        elements = st.floats(-1e3, 1e3, width=32, allow_subnormal=False)
        return draw(arrays(np.float32, st.integers(1, 64), elements=elements))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(1, 2000))
    kind = draw(st.sampled_from(["normal", "relu", "shifted", "outliers"]))
    x = rng.standard_normal(n) * draw(st.sampled_from([1e-3, 1.0, 50.0]))
    if kind == "relu":
        x = np.maximum(x, 0)
    elif kind == "shifted":
        x = x + 3 * np.abs(x).max()
    elif kind == "outliers":
        x[: max(1, n // 200)] *= 40
    return x.astype(np.float32)


def _is_float32(scale) -> bool:
    scale = np.asarray(scale, np.float64)
    return bool(np.all((scale > 0) & np.isfinite(scale) & (scale.astype(np.float32) == scale)))


def _range_mse(x: np.ndarray, lo: float, hi: float, bits: int, symmetric: bool) -> float:
    scale, zp = affine_params(lo, hi, bits, symmetric=symmetric)
    qmin, qmax = qrange(bits, signed=True)
    restored = dequantize(quantize(x, scale, zp, qmin, qmax), scale, zp).astype(np.float64)
    return float(np.mean((x.astype(np.float64) - restored) ** 2))


@SETTINGS
@given(activations(), bit_widths, st.sampled_from(METHODS), st.booleans(), st.booleans())
def test_ranges_contain_zero_and_zero_is_exact(x, bits, method, symmetric, signed):
    lo, hi = choose_range(TensorStats.of(x), bits, method, symmetric=symmetric)
    assert lo <= 0 <= hi
    if symmetric:
        assert lo == -hi
    scale, zp = affine_params(lo, hi, bits, symmetric=symmetric, signed=signed)
    qmin, qmax = qrange(bits, signed)
    assert _is_float32(scale) and qmin <= zp <= qmax
    assert dequantize(quantize(0.0, scale, zp, qmin, qmax), scale, zp) == 0.0


@SETTINGS
@given(activations(), bit_widths, st.booleans())
def test_mse_range_is_never_worse_than_minmax(x, bits, symmetric):
    stats = TensorStats.of(x)
    mse = _range_mse(x, *choose_range(stats, bits, "mse", symmetric=symmetric), bits, symmetric)
    minmax = choose_range(stats, bits, "minmax", symmetric=symmetric)
    assert mse <= _range_mse(x, *minmax, bits, symmetric) * (1 + 1e-9)
    assert choose_range(stats, bits, "auto", symmetric=symmetric) == choose_range(
        stats, bits, "mse", symmetric=symmetric
    )


@SETTINGS
@given(activations(), st.floats(50, 100))
def test_percentile_range_is_within_min_max(x, p):
    stats = TensorStats.of(x)
    lo, hi = choose_range(stats, 8, "percentile", percentile=p)
    assert min(float(x.min()), 0.0) <= lo <= 0 <= hi <= max(float(x.max()), 0.0)
    assert (lo, hi) == (min(np.percentile(x, 100 - p), 0), max(np.percentile(x, p), 0))
    assert choose_range(stats, 8, "percentile", percentile=100) == choose_range(stats, 8, "minmax")


def test_degenerate_and_invalid_ranges():
    zeros = TensorStats.of(np.zeros((1, 4, 2, 2), np.float32))
    for method in METHODS:
        assert choose_range(zeros, 8, method) == (0.0, 0.0)
    assert affine_params(0.0, 0.0, 8, symmetric=False) == (1.0, -128)
    assert affine_params(0.0, 0.0, 8, symmetric=True) == (1.0, 0)
    assert affine_params(-1.0, 3.0, 8, symmetric=False, signed=False) == (
        float(np.float32(4 / 255)),
        64,
    )
    with pytest.raises(ValueError, match="minmax, percentile, mse, auto"):
        choose_range(zeros, 8, "kl")
    with pytest.raises(ValueError, match="contain 0"):
        affine_params(0.5, 1.0, 8, symmetric=False)
    with pytest.raises(ValueError, match="minmax, mse"):
        weight_scales(np.ones((2, 2)), 8, method="percentile")


@st.composite
def weights(draw) -> tuple[np.ndarray, int | None]:
    """Conv or gemm weights with some all-zero channels, and the axis of their scales."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = draw(st.sampled_from([(8, 3, 3, 3), (4, 1, 3, 3), (10, 32), (3, 5, 1, 1)]))
    w = rng.standard_normal(shape) * draw(st.sampled_from([1e-3, 0.1, 10.0]))
    w *= rng.exponential(1.0, size=(shape[0],) + (1,) * (len(shape) - 1))
    if draw(st.booleans()):
        w[rng.integers(0, shape[0])] = 0
    return w.astype(np.float32), draw(st.sampled_from([0, 1, None]))


def _per_channel(w: np.ndarray, axis: int | None) -> np.ndarray:
    return w.reshape(1, -1) if axis is None else np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)


@SETTINGS
@given(weights(), bit_widths)
def test_minmax_weight_scales_round_to_half_a_step(case, bits):
    w, axis = case
    scales = weight_scales(w, bits, axis=axis)
    assert scales.shape == (() if axis is None else (w.shape[axis],)) and _is_float32(scales)
    q = quantize_weights(w, scales, bits, axis=axis)
    qmax = 2 ** (bits - 1) - 1
    assert q.dtype == np.int8 and q.shape == w.shape and np.abs(q).max() <= qmax
    restored = dequantize(q, scales, 0, axis=axis)
    s = scales if axis is None else np.expand_dims(scales, [d for d in range(w.ndim) if d != axis])
    error = np.abs(w.astype(np.float64) - restored)
    unclipped = np.abs(w) <= qmax * s
    bound = s / 2 * (1 + 1e-6) + 4 * np.finfo(np.float32).eps * np.abs(w)
    assert np.all(error <= bound, where=unclipped)
    assert np.all(restored[w == 0] == 0)


@SETTINGS
@given(weights(), bit_widths)
def test_mse_weight_scales_are_never_worse_than_minmax(case, bits):
    w, axis = case
    qmax = 2 ** (bits - 1) - 1

    def errors(scales):
        restored = dequantize(quantize_weights(w, scales, bits, axis=axis), scales, 0, axis=axis)
        return np.mean(_per_channel((w.astype(np.float64) - restored) ** 2, axis), axis=1)

    mse_scales = weight_scales(w, bits, axis=axis, method="mse")
    minmax_scales = weight_scales(w, bits, axis=axis)
    assert _is_float32(mse_scales) and np.all(mse_scales <= minmax_scales)
    assert np.all(errors(mse_scales) <= errors(minmax_scales) * (1 + 1e-9))
    assert np.abs(quantize_weights(w, mse_scales, bits, axis=axis)).max() <= qmax


def test_all_zero_weights():
    w = np.zeros((3, 4), np.float32)
    w[1] = [0.5, -1.0, 0.25, 0.0]
    scales = weight_scales(w, 8)
    assert scales[0] == scales[2] == scales[1] == float(np.float32(1.0 / 127))
    np.testing.assert_array_equal(quantize_weights(w, scales, 8)[[0, 2]], 0)
    assert weight_scales(np.zeros((2, 2)), 4, axis=None) == 1.0
    with pytest.raises(ValueError, match="int8"):
        quantize_weights(w, scales, 16)
