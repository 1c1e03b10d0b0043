"""Compile-time data of runtime_c/neon's kernels (layouts in `runtime_c/neon/xopt_neon.h`):
packed weights, input zero points folded into the bias, per-channel arrays padded to whole
16-channel blocks."""

from __future__ import annotations

import numpy as np

BLOCK = 16
"""Channels per block: per-channel arrays hold round_up(channels, BLOCK) entries."""


def round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


def padded(values, length: int, fill: int) -> np.ndarray:
    """int32 `values` followed by `fill` up to `length` entries."""
    values = np.asarray(values, np.int64).reshape(-1)
    out = np.full(length, fill, np.int64)
    out[: values.size] = values
    return out.astype(np.int32)


def wrap_int32(values) -> np.ndarray:
    """Integers modulo 2^32 as int32 (two's complement), as the kernels' adds wrap."""
    return ((np.asarray(values, np.int64) + 2**31) % 2**32 - 2**31).astype(np.int32)


def fold_bias(bias, weights: np.ndarray, x_zero_point: int) -> np.ndarray:
    """bias'[o] = bias[o] - x_zero_point * sum of weights[o] (weights: [o][k]), wrapped to
    int32 and padded to whole blocks: with zero weight points, sum_k (x - x_zp) * w + bias
    = sum_k x * w + bias'."""
    n = weights.shape[0]
    total = weights.astype(np.int64).sum(axis=1)
    base = np.zeros(n, np.int64) if bias is None else np.asarray(bias, np.int64)
    return padded(wrap_int32(base - int(x_zero_point) * total), round_up(n, BLOCK), 0)


def padded_requant(requant: dict, channels: int) -> dict:
    """A fixed_point `xopt_requant` dict with multiplier and shift padded to whole blocks
    (multiplier 0 and shift -1 in the padding, which is computed and never stored)."""
    length = round_up(channels, BLOCK)
    return {
        **requant,
        "multiplier": padded(requant["multiplier"], length, 0),
        "shift": padded(requant["shift"], length, -1),
    }


def conv_matrix(w: np.ndarray) -> np.ndarray:
    """OIHW weights as the GEMM matrix W[o][(ky * kernel_w + kx) * in_c + c]."""
    return np.asarray(w).transpose(0, 2, 3, 1).reshape(w.shape[0], -1)


def pack_gemm(matrix: np.ndarray, bits: int = 8) -> np.ndarray:
    """W[n][k] in xopt_neon.h's 16x4 blocks: zero-padded to round_up(k, 4) columns and whole
    blocks of 16 rows (the last one 8 rows when n % 16 is 1 to 8); per block, k groups of 4
    outer, rows inner. `bits` 4 or 2: the packed int4 / int2 blocks (`pack_vectors`; an
    8-row block packs nibbles at either width)."""
    n, k = matrix.shape
    kp = round_up(k, 4)
    rows = round_up(n, BLOCK) if n % BLOCK == 0 or n % BLOCK > 8 else round_up(n, 8)
    full = np.zeros((rows, kp), np.int8)
    full[:n, :k] = matrix
    blocks = [full[start : start + BLOCK] for start in range(0, rows, BLOCK)]
    # [r][g][j] -> [g][r][j]
    packed = [b.reshape(b.shape[0], kp // 4, 4).transpose(1, 0, 2).reshape(-1) for b in blocks]
    if bits < 8:
        packed = [pack_vectors(b, bits if b.size == BLOCK * kp else 4) for b in packed]
    return np.concatenate(packed)


def pack_vectors(values: np.ndarray, bits: int) -> np.ndarray:
    """int8 `values` (a multiple of 64 of them) as xopt_neon.h's packed vectors: of every
    8 / bits consecutive 16-byte vectors, vector f goes to bits [f bits, (f + 1) bits) of
    one packed vector (int8 view of the bytes)."""
    fields = 8 // bits
    v = np.asarray(values, np.int64).reshape(-1, fields, 16) & (2**bits - 1)
    shifts = (np.arange(fields) * bits)[None, :, None]
    return np.bitwise_or.reduce(v << shifts, axis=1).astype(np.uint8).view(np.int8).reshape(-1)


def pack_depthwise3x3(w: np.ndarray) -> np.ndarray:
    """[C][1][3][3] weights in xopt_neon.h's depthwise blocks of 16 channels (144 bytes):
    taps 0-3 and 4-7 channel-major (4 bytes per channel), then tap 8 of each channel."""
    c = w.shape[0]
    taps = np.zeros((round_up(c, BLOCK), 9), np.int8)
    taps[:c] = np.asarray(w).reshape(c, 9)
    blocks = taps.reshape(-1, BLOCK, 9)
    return np.concatenate(
        [blocks[:, :, 0:4].reshape(-1, 64), blocks[:, :, 4:8].reshape(-1, 64), blocks[:, :, 8]],
        axis=1,
    ).reshape(-1)
