"""Numpy kernels of the graph ops that split tensors into spatial phases and interleave
them back (`graph.phase_slice`, `graph.interleave`): pure data movement, any dtype."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def phase_slice(
    x: np.ndarray, offsets: Sequence[int], steps: Sequence[int], size: Sequence[int]
) -> np.ndarray:
    """`y[n, c, i, j] = x[n, c, a + i*s_h, b + j*s_w]` for `offsets = (a, b)`,
    `steps = (s_h, s_w)` and `size` = the (H, W) of `y`."""
    (a, b), (sh, sw), (h, w) = offsets, steps, size
    return np.ascontiguousarray(
        x[:, :, a : a + (h - 1) * sh + 1 : sh, b : b + (w - 1) * sw + 1 : sw]
    )


def interleave(
    phases: Sequence[np.ndarray], factors: Sequence[int], shape: Sequence[int]
) -> np.ndarray:
    """`y[n, c, f_h*i + r_h, f_w*j + r_w] = phases[r_h*f_w + r_w][n, c, i, j]`, `y` of
    `shape` (N, C, H, W)."""
    fh, fw = factors
    y = np.empty(tuple(shape), dtype=phases[0].dtype)
    for k, phase in enumerate(phases):
        rh, rw = divmod(k, fw)
        y[:, :, rh::fh, rw::fw] = phase
    return y
