"""The MobileNetV2-0.35 example (examples/mobilenet_v2) runs through `xopt run` and matches
onnxruntime on two test images, at tests/e2e/test_examples.py's tolerances (rtol 1e-4, atol
1e-5) for the logits.

The per-tensor table of `--compare-onnxruntime` needs atol 1e-4: over 53 layers, the two
executors' float32 summation orders drift apart by up to 2.6e-5 in intermediate tensors
whose values reach 40 (measured on the test images; logits differ by at most 2e-5).
"""

from __future__ import annotations

import os

import numpy as np
import onnx

from xopt.cli import main
from xopt.testing import assert_close

FOLDER = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "mobilenet_v2")
MODEL = os.path.join(FOLDER, "model.onnx")


def _onnxruntime(images: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(MODEL, providers=["CPUExecutionProvider"])
    return np.stack([session.run(None, {"input": image})[0] for image in images])


def test_mobilenet_v2_matches_onnxruntime(tmp_path):
    with np.load(os.path.join(FOLDER, "test.npz")) as test:
        images = test["input"][:2]
    np.savez(tmp_path / "two.npz", input=images)
    out = str(tmp_path / "out.npz")
    assert main(["run", MODEL, "--inputs", str(tmp_path / "two.npz"), "-o", out]) == 0
    with np.load(out) as ours:
        assert sorted(ours.files) == ["logits"]
        assert_close(ours["logits"], _onnxruntime(images), rtol=1e-4, atol=1e-5)


def test_mobilenet_v2_every_tensor_matches_onnxruntime(tmp_path, capsys):
    with np.load(os.path.join(FOLDER, "test.npz")) as test:
        np.savez(tmp_path / "one.npz", input=test["input"][1])
    args = ["run", MODEL, "--inputs", str(tmp_path / "one.npz"), "--compare-onnxruntime"]
    assert main([*args, "--atol", "1e-4"]) == 0
    assert "all 152 tensors match onnxruntime" in capsys.readouterr().out


def test_mobilenet_v2_files_are_as_documented():
    model = onnx.load(MODEL)
    onnx.checker.check_model(model)
    ops = [node.op_type for node in model.graph.node]
    assert (ops.count("Conv"), ops.count("BatchNormalization"), ops.count("Add")) == (52, 52, 10)
    assert sum(int(np.prod(t.dims)) for t in model.graph.initializer) == 538_310
    with np.load(os.path.join(FOLDER, "calib.npz")) as calib:
        assert calib["input"].shape == (64, 1, 3, 96, 96)
    with np.load(os.path.join(FOLDER, "test.npz")) as test:
        assert test["input"].shape == (32, 1, 3, 96, 96)
