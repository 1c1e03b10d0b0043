"""Calibration statistics on the tiny CNN example: keys, exact min/max and channel means
against an independent run of the reference executor, the subsample, the `.npz` round trip
and the calibration cache (hit, invalidation, corrupt file)."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from xopt.errors import XoptError
from xopt.executor.run import input_ports, run_sample
from xopt.ir_io import load_module
from xopt.npz_io import load_npz, samples_from, save_npz
from xopt.quantize import calibration
from xopt.quantize.calibration import SAMPLE_SIZE, CalibrationStats, TensorStats

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "tiny_cnn")
MODEL = os.path.join(EXAMPLE, "model.onnx")
INPUTS = os.path.join(EXAMPLE, "inputs.npz")


@pytest.fixture(scope="module")
def module():
    return load_module(MODEL)


@pytest.fixture(scope="module")
def samples(module):
    return samples_from(INPUTS, load_npz(INPUTS), input_ports(module))[0]


@pytest.fixture(scope="module")
def stats(module, samples):
    return calibration.collect(module, samples)


@pytest.fixture(scope="module")
def observed(module, samples) -> dict[str, list[np.ndarray]]:
    """Every op result of every sample by name hint, recorded independently of `collect`."""
    seen: dict[str, list[np.ndarray]] = {"input": [s[0] for s in samples]}

    def record(op, results):
        if op.name != "graph.constant":
            for value, array in zip(op.results, results):
                seen.setdefault(value.name_hint, []).append(np.asarray(array))

    for sample in samples:
        run_sample(module, sample, on_op=record)
    return seen


def test_keys_cover_every_non_constant_float_value(stats, observed):
    assert len(observed["input"]) == 2  # inputs.npz holds a batch of two samples
    assert list(stats.tensors) == list(observed)
    assert {"input", "stem", "stem_bn", "stem_relu", "fc", "probs"} <= set(stats.tensors)
    assert not any(key.endswith((".weight", ".bias")) for key in stats.tensors)
    assert stats.samples == 2


def test_min_max_count_and_channel_means_are_exact(stats, observed):
    for key, arrays in observed.items():
        t = stats.tensors[key]
        values = np.stack(arrays)
        assert t.minimum == float(values.min()) and t.maximum == float(values.max()), key
        assert t.count == values.size
        per_channel = np.moveaxis(values, 2, 0).reshape(values.shape[2], -1)
        np.testing.assert_allclose(t.channel_mean, per_channel.mean(axis=1, dtype=np.float64))


def test_small_tensors_keep_every_value(stats, observed):
    for key, arrays in observed.items():
        sample = stats.tensors[key].sample
        assert sample.dtype == np.float32 and sample.ndim == 1
        expected = np.sort(np.concatenate([a.reshape(-1) for a in arrays]).astype(np.float32))
        np.testing.assert_array_equal(np.sort(sample), expected)


def test_large_tensors_are_subsampled_deterministically():
    values = np.random.default_rng(1).standard_normal((3, 8, 100, 100)).astype(np.float32)
    t = TensorStats.of(values)
    assert t.sample.shape == (SAMPLE_SIZE,)
    assert np.isin(t.sample, values).all()
    np.testing.assert_array_equal(t.sample, TensorStats.of(values).sample)
    quantiles = [1, 10, 50, 90, 99]
    np.testing.assert_allclose(
        np.percentile(t.sample, quantiles), np.percentile(values, quantiles), atol=0.05
    )
    assert (t.minimum, t.maximum) == (float(values.min()), float(values.max()))
    np.testing.assert_allclose(t.channel_mean, values.mean(axis=(0, 2, 3)), atol=1e-6)
    assert TensorStats.of(values[0, 0, 0]).channel_mean is None


def test_collect_reports_progress(module, samples):
    calls = []
    calibration.collect(module, samples, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def _assert_same(a: CalibrationStats, b: CalibrationStats) -> None:
    assert a.samples == b.samples and list(a.tensors) == list(b.tensors)
    for key, x in a.tensors.items():
        y = b.tensors[key]
        assert (x.minimum, x.maximum, x.count) == (y.minimum, y.maximum, y.count)
        np.testing.assert_array_equal(x.sample, y.sample)
        assert (x.channel_mean is None) == (y.channel_mean is None)
        if x.channel_mean is not None:
            np.testing.assert_array_equal(x.channel_mean, y.channel_mean)


def test_save_load_round_trip(stats, tmp_path):
    path = str(tmp_path / "stats.npz")
    stats.save(path)
    _assert_same(stats, CalibrationStats.load(path))
    (tmp_path / "bad.npz").write_bytes(b"not a zip file")
    with pytest.raises(XoptError, match="bad.npz"):
        CalibrationStats.load(str(tmp_path / "bad.npz"))
    save_npz(str(tmp_path / "other.npz"), {"input": np.zeros(3)})
    with pytest.raises(XoptError, match="not a calibration statistics file"):
        CalibrationStats.load(str(tmp_path / "other.npz"))


@pytest.fixture
def counted(monkeypatch):
    """Counts the calls of `calibration.collect` that `cached_collect` makes."""
    calls = []
    real = calibration.collect

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(calibration, "collect", counting)
    return calls


def test_cache_hit_skips_the_model(module, stats, tmp_path, counted):
    calib = str(tmp_path / "calib.npz")
    shutil.copy(INPUTS, calib)
    _assert_same(stats, calibration.cached_collect(module, calib))
    assert len(counted) == 1
    cached = os.listdir(tmp_path / ".xopt-cache")
    assert len(cached) == 1
    _assert_same(stats, calibration.cached_collect(module, calib))
    assert len(counted) == 1


def test_cache_is_invalidated_by_new_data_and_ignores_corrupt_files(module, tmp_path, counted):
    calib, cache = str(tmp_path / "calib.npz"), str(tmp_path / "cache")
    shutil.copy(INPUTS, calib)
    first = calibration.cached_collect(module, calib, cache_dir=cache)
    save_npz(calib, {"input": load_npz(INPUTS)["input"] * 0.5})
    second = calibration.cached_collect(module, calib, cache_dir=cache)
    assert len(counted) == 2
    assert second.tensors["input"].maximum == first.tensors["input"].maximum * 0.5
    assert len(os.listdir(cache)) == 2
    for name in os.listdir(cache):
        with open(os.path.join(cache, name), "wb") as f:
            f.write(b"PK\x03\x04 truncated")
    _assert_same(second, calibration.cached_collect(module, calib, cache_dir=cache))
    assert len(counted) == 3
    _assert_same(second, calibration.cached_collect(module, calib, cache_dir=cache))
    assert len(counted) == 3  # the corrupt file was rewritten


def test_cached_collect_reports_bad_calibration_files(module, tmp_path):
    with pytest.raises(XoptError, match="no such file"):
        calibration.cached_collect(module, str(tmp_path / "missing.npz"))
    bad = str(tmp_path / "bad.npz")
    save_npz(bad, {"image": np.zeros((1, 3, 32, 32), np.float32)})
    with pytest.raises(XoptError, match="unknown input 'image'"):
        calibration.cached_collect(module, bad)
