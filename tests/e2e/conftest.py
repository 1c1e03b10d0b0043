"""Shared fixtures of the end-to-end tests: the example models, quantized once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example_calibration(name: str) -> Path:
    """The example's calibration batch (calib.npz, or the test fixtures' inputs.npz)."""
    folder = EXAMPLES / name
    return folder / "calib.npz" if (folder / "calib.npz").exists() else folder / "inputs.npz"


def example_samples(name: str, count: int) -> list[list[np.ndarray]]:
    """Up to `count` samples (lists of inputs in port order) of the example's test data
    (test.npz, else inputs.npz: a batch of samples along a leading axis)."""
    folder = EXAMPLES / name
    path = folder / "test.npz" if (folder / "test.npz").exists() else folder / "inputs.npz"
    with np.load(path) as data:
        arrays = [data[k] for k in data.files]
    return [[a[i] for a in arrays] for i in range(min(count, len(arrays[0])))]


@pytest.fixture(scope="session")
def quantized_example() -> Callable[[str], object]:
    """`quantized_example(name)`: the example quantized with minmax ranges (a fresh clone of
    a module quantized once per session)."""
    from xopt.ir_io import load_module
    from xopt.quantize.driver import (
        ActivationOptions,
        FallbackOptions,
        QuantizeOptions,
        quantize_model,
    )

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            options = QuantizeOptions(activations=ActivationOptions(range_method="minmax"))
            model = load_module(str(EXAMPLES / name / "model.onnx"))
            calib = str(example_calibration(name))
            cache[name] = quantize_model(model, calib, options, FallbackOptions())
        return cache[name].clone()

    return get
