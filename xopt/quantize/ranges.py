"""Choosing quantization parameters: clipping ranges, (scale, zero point) pairs and weight
scales. Pure numpy on calibration statistics; the integer arithmetic is
`xopt.executor.quant_numerics`, so every error measured here is the runtime's own.

Every scale returned is a positive, finite float64 that is exactly a float32 (runtimes store
float32 scales). The MSE searches try shrink factors f of the min/max range, first on a
coarse grid from 1.0 down to `MIN_FACTOR`, then on a finer grid around the best one, and
keep the factor with the smallest error; f = 1.0 (min/max) is always a candidate, so the
result is never worse than min/max on the data searched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from xopt.executor.quant_numerics import dequantize, qrange, quantize

if TYPE_CHECKING:
    from xopt.quantize.calibration import TensorStats

METHODS = ("minmax", "percentile", "mse", "auto")
"""Methods of `choose_range`; "auto" is "mse"."""
WEIGHT_METHODS = ("minmax", "mse")
"""Methods of `weight_scales`."""
MIN_FACTOR = 0.2
"""The smallest shrink factor of the min/max range that the MSE searches try."""
COARSE_FACTORS = np.linspace(1.0, MIN_FACTOR, 11)  # steps of 0.08
FINE_OFFSETS = np.array([-4, -3, -2, -1, 1, 2, 3, 4]) * 0.01
DEGENERATE_SCALE = 1.0
"""The scale of an all-zero range: any positive scale represents zero exactly."""
_F32 = np.finfo(np.float32)


def _float32_scale(scale) -> np.ndarray:
    """Scales rounded to the nearest float32, kept positive and finite."""
    rounded = np.asarray(scale, np.float64).astype(np.float32)
    return np.clip(rounded, _F32.tiny, _F32.max).astype(np.float64)


def _affine(lo, hi, qmin: int, qmax: int, symmetric: bool) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised `affine_params` for ranges lo <= 0 <= hi: (scales, zero points)."""
    lo, hi = np.asarray(lo, np.float64), np.asarray(hi, np.float64)
    if symmetric:
        raw = np.maximum(-lo, hi) / qmax
    else:
        raw = (hi - lo) / (qmax - qmin)
    scale = _float32_scale(np.where(raw > 0, raw, DEGENERATE_SCALE))
    if symmetric:
        return scale, np.zeros(scale.shape, np.int64)
    return scale, np.clip(np.rint(qmin - lo / scale), qmin, qmax).astype(np.int64)


def affine_params(
    lo: float, hi: float, bits: int, *, symmetric: bool, signed: bool = True
) -> tuple[float, int]:
    """(scale, zero_point) of an activation clipped to [lo, hi], lo <= 0 <= hi, on the
    `bits`-bit grid (full range, signed or unsigned). Asymmetric: scale = (hi - lo) /
    (qmax - qmin), zero_point = clamp(rint(qmin - lo / scale)). Symmetric: zero_point 0,
    scale = max(|lo|, |hi|) / qmax (unsigned symmetric suits non-negative tensors: negative
    values clamp to 0). lo == hi == 0 gives `DEGENERATE_SCALE`. Zero is exactly representable."""
    if not (np.isfinite(lo) and np.isfinite(hi) and lo <= 0 <= hi):
        raise ValueError(f"the range [{lo}, {hi}] must be finite and contain 0")
    qmin, qmax = qrange(bits, signed)
    scale, zero_point = _affine(lo, hi, qmin, qmax, symmetric)
    return float(scale), int(zero_point)


def _best_factors(error: Callable[[np.ndarray], np.ndarray], channels: int) -> np.ndarray:
    """Per channel, the shrink factor in [MIN_FACTOR, 1] with the smallest `error`, where
    `error(f)` gives the errors of one factor per channel: a coarse grid, then a finer one
    around each channel's best factor."""
    best = np.ones(channels)
    best_error = error(best)
    for stage in ("coarse", "fine"):
        steps = COARSE_FACTORS[1:, None] if stage == "coarse" else best + FINE_OFFSETS[:, None]
        for trial in np.clip(np.broadcast_to(steps, (len(steps), channels)), MIN_FACTOR, 1.0):
            trial_error = error(trial)
            better = trial_error < best_error
            best = np.where(better, trial, best)
            best_error = np.where(better, trial_error, best_error)
    return best


def _range_error(sample: np.ndarray, lo, hi, bits: int, symmetric: bool) -> np.ndarray:
    """The mean squared error of `sample` through quantize/dequantize on the grid of the
    range [lo, hi] (1-element arrays), clipping included, as a 1-element array."""
    qmin, qmax = qrange(bits, signed=True)
    scale, zero_point = _affine(lo, hi, qmin, qmax, symmetric)
    restored = dequantize(quantize(sample, scale, zero_point, qmin, qmax), scale, zero_point)
    return np.array([np.mean(np.square(np.subtract(sample, restored, dtype=np.float64)))])


def choose_range(
    stats: TensorStats,
    bits: int,
    method: str,
    *,
    symmetric: bool = False,
    percentile: float = 99.99,
) -> tuple[float, float]:
    """The float clipping range (lo, hi) of a tensor, always with lo <= 0 <= hi.

    "minmax": the exact minimum and maximum. "percentile": lo at the (100 - p)-th and hi at
    the p-th percentile of the sample (symmetric: the p-th percentile of |x|), never beyond
    min/max. "mse" (and "auto"): the shrunk min/max range whose `bits`-bit grid (signed; zero
    point 0 when symmetric) gives the smallest mean squared error on the sample, clipping
    included. `symmetric` makes the range (-a, a). Non-finite min/max raise ValueError."""
    if method not in METHODS:
        raise ValueError(f"unknown range method {method!r}; expected one of {', '.join(METHODS)}")
    if not (np.isfinite(stats.minimum) and np.isfinite(stats.maximum)):
        raise ValueError("the tensor has non-finite values; it cannot be quantized")
    if not 50 <= percentile <= 100:
        raise ValueError(f"percentile {percentile} is outside [50, 100]")
    lo, hi = min(stats.minimum, 0.0), max(stats.maximum, 0.0)
    sample = np.asarray(stats.sample, np.float32)
    if method == "percentile" and sample.size:
        if symmetric:
            hi = min(float(np.percentile(np.abs(sample), percentile)), max(-lo, hi))
            lo = -hi
        else:
            lo = max(lo, min(float(np.percentile(sample, 100 - percentile)), 0.0))
            hi = min(hi, max(float(np.percentile(sample, percentile)), 0.0))
    if symmetric:
        lo, hi = -max(-lo, hi), max(-lo, hi)
    if method in ("mse", "auto") and sample.size:
        base = np.array([lo, hi])
        (f,) = _best_factors(lambda f: _range_error(sample, *(base * f), bits, symmetric), 1)
        lo, hi = lo * f, hi * f
    return float(lo), float(hi)


def _as_rows(w: np.ndarray, axis: int | None) -> np.ndarray:
    """`w` as float32 rows, one per index of `axis` (one row for `axis=None`)."""
    w = np.asarray(w, np.float32)
    if axis is None:
        return w.reshape(1, -1)
    return np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)


def _weight_error(rows: np.ndarray, scales: np.ndarray, qmax: int) -> np.ndarray:
    """Per row, the mean squared error of quantize/dequantize with zero point 0."""
    q = quantize(rows, scales, 0, -qmax, qmax, axis=0)
    restored = dequantize(q, scales, 0, axis=0)
    return np.mean(np.square(np.subtract(rows, restored, dtype=np.float64)), axis=1)


def weight_scales(
    w: np.ndarray, bits: int, *, axis: int | None = 0, method: str = "minmax"
) -> np.ndarray:
    """Symmetric scales of weights `w` on the signed narrow `bits`-bit grid [-qmax, qmax]
    (qmax = 2^(bits-1) - 1): one per index of `axis` (1-D), or one for the whole tensor
    (0-d) with `axis=None`. "minmax": max|w| / qmax; "mse": per channel, the shrunk scale
    with the smallest quantization MSE. An all-zero channel gets the smallest scale of the
    other channels (1.0 if there are none); it stays exactly zero."""
    if method not in WEIGHT_METHODS:
        raise ValueError(
            f"unknown weight method {method!r}; expected one of {', '.join(WEIGHT_METHODS)}"
        )
    _, qmax = qrange(bits, signed=True, narrow=True)
    rows = _as_rows(w, axis)
    amax = np.abs(rows).max(axis=1, initial=0.0).astype(np.float64)
    factors = np.ones(len(amax))
    if method == "mse":
        factors = _best_factors(
            lambda f: _weight_error(rows, _float32_scale(amax * f / qmax), qmax), len(amax)
        )
    scales = _float32_scale(amax * factors / qmax)
    zero = amax == 0
    if zero.any():
        scales[zero] = scales[~zero].min() if not zero.all() else DEGENERATE_SCALE
    return scales.reshape(()) if axis is None else scales


def quantize_weights(w: np.ndarray, scales: np.ndarray, bits: int, axis: int | None = 0):
    """int8 array of `w` quantized with `scales` (per index of `axis`, or a 0-d scale with
    `axis=None`), zero point 0, on the signed narrow `bits`-bit grid; bits <= 8."""
    if bits > 8:
        raise ValueError(f"{bits}-bit weights do not fit in int8")
    _, qmax = qrange(bits, signed=True, narrow=True)
    return quantize(w, scales, 0, -qmax, qmax, axis=axis).astype(np.int8)
