"""Calibration: statistics of every float tensor of a graph-level model over a calibration set.

`collect` runs `@main` once per sample with the reference executor and records, for every
float tensor that is not a `graph.constant`, its exact minimum and maximum, its per-channel
means and a bounded subsample of its values (`TensorStats`).

Tensors are identified by a key: the SSA value's name hint, which the importer sets to the
ONNX tensor name (`@main`'s arguments too). A hint used twice gets `_1`, `_2`, ... appended
in body order, as the IR printer does. A value without a hint is keyed `%<n>`, where n is
its position among the values defined in `@main` (its arguments, then every op result in
body order, constants included).

`cached_collect` keeps the statistics in a `.npz` file keyed by a hash of the module's IR
text and the calibration file's bytes, so that re-quantizing the same model with other
options does not re-run calibration.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from xdsl.dialects.builtin import Float16Type, Float32Type, Float64Type, ModuleOp, TensorType
from xdsl.ir import SSAValue

from xopt.dialects import graph
from xopt.errors import XoptError
from xopt.executor.run import input_ports, main_function, run_sample
from xopt.ir_io import module_text
from xopt.npz_io import load_npz, samples_from, save_npz

SAMPLE_SIZE = 1 << 16
"""The most values `TensorStats.sample` keeps of one tensor."""
CACHE_DIR = ".xopt-cache"
"""The default cache directory, created next to the calibration file."""
FORMAT_VERSION = 1
"""Version of the `.npz` layout written by `CalibrationStats.save`; part of the cache key."""
SEED = 0
"""Seed of the subsampling: the same model and data give the same statistics."""

Progress = Callable[[int, int], None]


@dataclass
class TensorStats:
    """What calibration saw of one tensor, over all samples."""

    minimum: float
    """The exact smallest value (0.0 for an empty tensor)."""
    maximum: float
    """The exact largest value (0.0 for an empty tensor)."""
    count: int
    """The number of values seen (elements times samples)."""
    channel_mean: np.ndarray | None
    """float64, the mean of each index of axis 1 (tensors of rank >= 2), else None."""
    sample: np.ndarray
    """float32, 1-D: at most `SAMPLE_SIZE` values drawn uniformly without replacement from
    each sample (an equal share per sample), deterministically; every value when they fit."""

    @classmethod
    def of(cls, values: np.ndarray) -> TensorStats:
        """The statistics of one array, as a calibration set of a single sample gives them."""
        acc = _Accumulator(1, np.random.default_rng(SEED))
        acc.add(np.asarray(values))
        return acc.stats()


class _Accumulator:
    """Running statistics of one tensor over `total` samples."""

    def __init__(self, total: int, rng: np.random.Generator):
        self.total = total
        self.rng = rng
        self.seen = 0
        self.count = 0
        self.minimum = np.inf
        self.maximum = -np.inf
        self.channel_sum: np.ndarray | None = None
        self.parts: list[np.ndarray] = []

    def _quota(self) -> int:
        """This sample's share of `SAMPLE_SIZE`; the shares of `total` samples sum to it."""
        i = self.seen
        if i >= self.total:
            return 0
        return SAMPLE_SIZE * (i + 1) // self.total - SAMPLE_SIZE * i // self.total

    def add(self, x: np.ndarray) -> None:
        quota = self._quota()
        self.seen += 1
        if x.size == 0:
            return
        self.count += x.size
        self.minimum = min(self.minimum, float(x.min()))
        self.maximum = max(self.maximum, float(x.max()))
        if x.ndim >= 2:
            axes = (0, *range(2, x.ndim))
            sums = x.sum(axis=axes, dtype=np.float64)
            self.channel_sum = sums if self.channel_sum is None else self.channel_sum + sums
        flat = x.reshape(-1)
        if flat.size > quota:
            flat = flat[np.sort(self.rng.choice(flat.size, quota, replace=False))]
        self.parts.append(flat.astype(np.float32))

    def stats(self) -> TensorStats:
        mean = None
        if self.channel_sum is not None:
            mean = self.channel_sum * (self.channel_sum.size / self.count)
        empty = self.count == 0
        return TensorStats(
            minimum=0.0 if empty else self.minimum,
            maximum=0.0 if empty else self.maximum,
            count=self.count,
            channel_mean=mean,
            sample=np.concatenate(self.parts) if self.parts else np.zeros(0, np.float32),
        )


@dataclass
class CalibrationStats:
    """Statistics of a model's float tensors, by tensor key, over `samples` samples."""

    tensors: dict[str, TensorStats]
    samples: int

    def save(self, path: str) -> None:
        """Write to one `.npz` file (no pickled objects), atomically."""
        stats = list(self.tensors.values())
        arrays = {
            "version": np.array(FORMAT_VERSION),
            "samples": np.array(self.samples),
            "names": np.array(list(self.tensors), dtype=str),
            "bounds": np.array([[t.minimum, t.maximum] for t in stats], np.float64).reshape(-1, 2),
            "counts": np.array([t.count for t in stats], np.int64),
        }
        for i, t in enumerate(stats):
            arrays[f"sample{i}"] = t.sample
            if t.channel_mean is not None:
                arrays[f"channel_mean{i}"] = t.channel_mean
        save_npz(path, arrays)

    @classmethod
    def load(cls, path: str) -> CalibrationStats:
        """Read a file written by `save`; XoptError if it is missing or not such a file."""
        arrays = load_npz(path)
        try:
            if int(arrays["version"]) != FORMAT_VERSION:
                raise ValueError(f"format version {int(arrays['version'])}")
            names = [str(n) for n in arrays["names"]]
            bounds, counts = arrays["bounds"], arrays["counts"]
            if bounds.shape != (len(names), 2) or counts.shape != (len(names),):
                raise ValueError("inconsistent array shapes")
            tensors = {
                name: TensorStats(
                    minimum=float(bounds[i, 0]),
                    maximum=float(bounds[i, 1]),
                    count=int(counts[i]),
                    channel_mean=arrays.get(f"channel_mean{i}"),
                    sample=arrays[f"sample{i}"].astype(np.float32).reshape(-1),
                )
                for i, name in enumerate(names)
            }
            return cls(tensors, int(arrays["samples"]))
        except (KeyError, ValueError, TypeError) as e:
            raise XoptError(f"{path}: not a calibration statistics file ({e})") from None


def is_float_tensor(value: SSAValue) -> bool:
    typ = value.type
    return isinstance(typ, TensorType) and isinstance(
        typ.get_element_type(), (Float16Type, Float32Type, Float64Type)
    )


def tensor_keys(module: ModuleOp) -> dict[SSAValue, str]:
    """The key of every calibrated value of `@main` (non-constant float tensors), in body
    order; see the module docstring for how keys are made."""
    fn = main_function(module)
    values = list(fn.args)
    constants: set[SSAValue] = set()
    for op in fn.body.walk():
        values.extend(op.results)
        if isinstance(op, graph.ConstantOp):
            constants.update(op.results)
    keys: dict[SSAValue, str] = {}
    used: set[str] = set()
    for n, value in enumerate(values):
        key = value.name_hint or f"%{n}"
        suffix = 0
        while key in used:
            suffix += 1
            key = f"{value.name_hint}_{suffix}"
        used.add(key)
        if value not in constants and is_float_tensor(value):
            keys[value] = key
    return keys


def collect(
    module: ModuleOp, samples: list[list[np.ndarray]], progress: Progress | None = None
) -> CalibrationStats:
    """Run `@main` on every sample (inputs in argument order, as `samples_from` gives them)
    and return the statistics of every calibrated tensor, keyed as `tensor_keys` says."""
    if not samples:
        raise ValueError("calibration needs at least one sample")
    keys = tensor_keys(module)
    rng = np.random.default_rng(SEED)
    accumulators = {key: _Accumulator(len(samples), rng) for key in keys.values()}

    def record(values, arrays) -> None:
        for value, array in zip(values, arrays):
            if (key := keys.get(value)) is not None:
                accumulators[key].add(np.asarray(array))

    args = list(main_function(module).args)
    for i, sample in enumerate(samples):
        record(args, sample)
        run_sample(module, sample, on_op=lambda op, results: record(op.results, results))
        if progress is not None:
            progress(i + 1, len(samples))
    return CalibrationStats({k: a.stats() for k, a in accumulators.items()}, len(samples))


def cache_key(module: ModuleOp, calib_path: str) -> str:
    """A hex digest of the module's IR text, the calibration file's bytes and the format."""
    digest = hashlib.sha256(f"xopt-calibration {FORMAT_VERSION} {SAMPLE_SIZE}\n".encode())
    digest.update(module_text(module).encode())
    digest.update(b"\0")
    with open(calib_path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cached_collect(
    module: ModuleOp,
    calib_path: str,
    cache_dir: str | None = None,
    progress: Progress | None = None,
) -> CalibrationStats:
    """`collect` over the samples of the `.npz` file `calib_path`, reusing the statistics of
    an earlier run on the same module and file. They are kept in `cache_dir` (default:
    `.xopt-cache/` next to the calibration file); an unreadable cache file is recomputed and
    rewritten, and a cache that cannot be written only costs the next run its time."""
    if not os.path.isfile(calib_path):
        raise XoptError(f"{calib_path}: no such file")
    if cache_dir is None:
        cache_dir = os.path.join(os.path.dirname(os.path.abspath(calib_path)), CACHE_DIR)
    cache_path = os.path.join(cache_dir, f"calib-{cache_key(module, calib_path)}.npz")
    if os.path.isfile(cache_path):
        try:
            return CalibrationStats.load(cache_path)
        except (XoptError, OSError, EOFError):
            pass  # corrupt or unreadable: recompute and overwrite
    samples, _ = samples_from(calib_path, load_npz(calib_path), input_ports(module))
    if not samples:
        raise XoptError(f"{calib_path}: the calibration set has no samples")
    stats = collect(module, samples, progress)
    try:
        os.makedirs(cache_dir, exist_ok=True)
        stats.save(cache_path)
    except (OSError, XoptError):
        pass
    return stats
