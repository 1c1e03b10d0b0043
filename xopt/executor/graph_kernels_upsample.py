"""Numpy kernels of the graph ops a transposed convolution decomposes into: zero-insertion
upsampling and cropping (see `xopt.dialects.graph.upsample_ops`). Both copy values only."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xopt.dialects.graph.upsample_ops import crop_shape, insert_zeros_shape


def insert_zeros(x: np.ndarray, strides: Sequence[int]) -> np.ndarray:
    """`x` (N, C, H, W) with `sh - 1` zeros between rows and `sw - 1` between columns:
    `y[:, :, ::sh, ::sw] = x`, zero elsewhere, of shape (N, C, (H-1)*sh + 1, (W-1)*sw + 1)."""
    sh, sw = strides
    y = np.zeros(insert_zeros_shape(x.shape, strides), dtype=x.dtype)
    y[:, :, ::sh, ::sw] = x
    return y


def crop(x: np.ndarray, crops: Sequence[int]) -> np.ndarray:
    """`x` without `crops = [begin_0, ..., end_0, ...]` elements at each axis' ends."""
    crop_shape(x.shape, crops)
    rank = x.ndim
    index = tuple(slice(crops[i], x.shape[i] - crops[rank + i]) for i in range(rank))
    return np.ascontiguousarray(x[index])
