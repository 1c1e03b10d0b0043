"""Every example under examples/ runs through `xopt run` and matches onnxruntime's outputs,
as a batch and as single samples, from the ONNX file and from its imported IR."""

from __future__ import annotations

import os

import numpy as np
import pytest

from xopt.cli import main

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
NAMES = sorted(
    d for d in os.listdir(EXAMPLES) if os.path.isfile(os.path.join(EXAMPLES, d, "outputs.npz"))
)


def _check(out_path: str, expected: dict[str, np.ndarray]) -> None:
    with np.load(out_path) as ours:
        assert sorted(ours.files) == sorted(expected)
        for name, ref in expected.items():
            assert ours[name].shape == ref.shape
            if ref.dtype.kind in "iu":
                np.testing.assert_array_equal(ours[name], ref)
            else:
                np.testing.assert_allclose(ours[name], ref, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", NAMES)
def test_example_batch_matches_onnxruntime(name, tmp_path):
    folder = os.path.join(EXAMPLES, name)
    out = str(tmp_path / "out.npz")
    assert main(["run", f"{folder}/model.onnx", "--inputs", f"{folder}/inputs.npz", "-o", out]) == 0
    with np.load(f"{folder}/outputs.npz") as ref:
        _check(out, {k: ref[k] for k in ref.files})


@pytest.mark.parametrize("name", NAMES)
def test_example_ir_single_sample(name, tmp_path):
    folder = os.path.join(EXAMPLES, name)
    ir = str(tmp_path / "model.mlir")
    assert main(["import", f"{folder}/model.onnx", "-o", ir]) == 0
    with np.load(f"{folder}/inputs.npz") as inputs:
        np.savez(tmp_path / "one.npz", **{k: inputs[k][1] for k in inputs.files})
    out = str(tmp_path / "out.npz")
    assert main(["run", ir, "--inputs", str(tmp_path / "one.npz"), "-o", out]) == 0
    with np.load(f"{folder}/outputs.npz") as ref:
        _check(out, {k: ref[k][1] for k in ref.files})


@pytest.mark.parametrize("name", NAMES)
def test_example_compare_onnxruntime(name, capsys):
    folder = os.path.join(EXAMPLES, name)
    args = [
        "run",
        f"{folder}/model.onnx",
        "--inputs",
        f"{folder}/inputs.npz",
        "--compare-onnxruntime",
    ]
    assert main(args) == 0
    assert "tensors match onnxruntime" in capsys.readouterr().out


def test_digits_classifier_accuracy(tmp_path):
    """The trained digits CNN keeps its FP32 accuracy through import and the executor."""
    folder = os.path.join(EXAMPLES, "digits")
    out = str(tmp_path / "out.npz")
    assert main(["run", f"{folder}/model.onnx", "--inputs", f"{folder}/test.npz", "-o", out]) == 0
    with np.load(out) as ours, np.load(f"{folder}/test_labels.npz") as labels:
        predicted = ours["logits"].reshape(len(labels["labels"]), -1).argmax(axis=1)
        accuracy = float((predicted == labels["labels"]).mean())
    assert accuracy >= 0.995, accuracy
