"""Reading model inputs from and writing outputs to `.npz` files keyed by port name.

An array whose shape is the input's shape is one sample; one with an extra leading axis
is a batch of samples (every input must then have the same batch size), and outputs are
written with the same leading axis.
"""

from __future__ import annotations

import os
import zipfile

import numpy as np

from xopt.errors import XoptError
from xopt.executor.run import Port
from xopt.files import atomic_write


def load_npz(path: str) -> dict[str, np.ndarray]:
    if not os.path.isfile(path):
        raise XoptError(f"{path}: no such file")
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile) as e:
        raise XoptError(f"{path}: not a valid .npz file ({e})") from None


def samples_from(
    path: str, arrays: dict[str, np.ndarray], ports: list[Port]
) -> tuple[list[list[np.ndarray]], bool]:
    """Per-sample input lists in port order, and whether the file held a batch."""
    names = [p.name for p in ports]
    unknown = sorted(set(arrays) - set(names))
    missing = [n for n in names if n not in arrays]
    if unknown or missing:
        problem = f"has unknown input '{unknown[0]}'" if unknown else f"lacks input '{missing[0]}'"
        raise XoptError(f"{path}: {problem}; the model's inputs are: {', '.join(names)}")
    batch_sizes = set()
    for port in ports:
        shape = arrays[port.name].shape
        if shape == port.shape:
            batch_sizes.add(None)
        elif shape[1:] == port.shape and len(shape) == len(port.shape) + 1:
            batch_sizes.add(shape[0])
        else:
            raise XoptError(
                f"{path}: input '{port.name}' has shape {shape}, expected {port.shape} "
                f"(or a batch of them, (B, {', '.join(map(str, port.shape))}))"
            )
        if not np.can_cast(arrays[port.name].dtype, port.dtype, casting="same_kind"):
            raise XoptError(
                f"{path}: input '{port.name}' has dtype {arrays[port.name].dtype}, "
                f"expected {port.dtype}"
            )
    if len(batch_sizes) > 1:
        raise XoptError(f"{path}: inputs mix single samples and batches of different sizes")
    batch = batch_sizes.pop()
    cast = {p.name: arrays[p.name].astype(p.dtype, copy=False) for p in ports}
    if batch is None:
        return [[cast[n] for n in names]], False
    return [[cast[n][b] for n in names] for b in range(batch)], True


def save_npz(path: str, arrays: dict[str, np.ndarray]) -> None:
    """Write `arrays` to `path` atomically."""
    atomic_write(path, lambda f: np.savez(f, **arrays))
