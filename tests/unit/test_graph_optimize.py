"""`graph-optimize` and `xopt optimize` on the seg_head example (dilated conv, ConvTranspose,
bilinear Resize, ArgMax over 21 classes), and the activation-liveness peak they report."""

from __future__ import annotations

import os

import numpy as np
import pytest

from xopt.cli import main
from xopt.executor.run import run_sample
from xopt.ir_io import load_module, parse_mlir
from xopt.memory import activation_peak, tensor_bytes
from xopt.optimize_report import count_watched, optimize

SEG_HEAD = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seg_head")


def test_seg_head_keeps_onnxruntimes_argmax_map_exactly():
    """After graph-optimize no ConvTranspose, dilated conv, Resize or ArgMax is left, and
    the int16 class map equals onnxruntime's (stored in outputs.npz) on every pixel; ties
    pick the first class, as ONNX ArgMax with select_last_index = 0."""
    module = load_module(os.path.join(SEG_HEAD, "model.onnx"))
    report = optimize(module)
    assert set(report.counts_before.values()) == {1}
    assert set(count_watched(module).values()) == {0}
    assert report.peak_after < report.peak_before
    images = np.load(os.path.join(SEG_HEAD, "inputs.npz"))["image"]
    expected = np.load(os.path.join(SEG_HEAD, "outputs.npz"))["labels"]
    for image, labels in zip(images, expected):
        (got,) = run_sample(module, [image])
        assert got.dtype == np.int16
        np.testing.assert_array_equal(got, labels)


def test_xopt_optimize_prints_the_report(tmp_path, capsys):
    out = tmp_path / "seg.mlir"
    assert main(["optimize", os.path.join(SEG_HEAD, "model.onnx"), "-o", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ConvTranspose 1 -> 0, dilated Conv 1 -> 0, Resize 1 -> 0, ArgMax 1 -> 0"
    assert lines[1] == "peak activation memory: 105.0 KiB before, 49.1 KiB after"
    assert lines[2].startswith("graph.resize_argmax %labels: resize 1x21x32x32xf32 (84.0 KiB)")
    assert "graph.resize_argmax" in out.read_text()


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--argmax-group", "1"], "--argmax-group must be 0 (one stage) or at least 2"),
        (["--dilated-rule", "fast"], "invalid choice: 'fast'"),
    ],
)
def test_xopt_optimize_usage_errors(argv, message, tmp_path, capsys):
    out = tmp_path / "seg.mlir"
    code = main(["optimize", os.path.join(SEG_HEAD, "model.onnx"), "-o", str(out), *argv])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


CHAIN = """
func.func @main(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x2xf32>) {
  %a = graph.relu %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %w = graph.constant {value = dense<1.0> : tensor<4x2xf32>} : tensor<4x2xf32>
  %b = graph.matmul %a, %w : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  %c = graph.sigmoid %a : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %d = graph.add %c, %a : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  func.return %d, %b : tensor<1x4xf32>, tensor<1x2xf32>
}
"""


def test_activation_peak_follows_liveness():
    """x (16 B) dies after relu; a lives to add; b (8 B) is a result and lives to the end;
    the weight is not counted. relu: x, a; matmul: a, b; sigmoid: a, b, c; add: a, b, c, d
    (16 + 8 + 16 + 16 = 56 bytes, the peak)."""
    peak = activation_peak(parse_mlir(CHAIN, "chain"))
    assert [p.live_bytes for p in peak.points] == [32, 24, 40, 56]
    assert peak.peak_bytes == 56 and peak.peak_op.name == "graph.add"


def test_tensor_bytes_packs_sub_byte_elements():
    from xdsl.dialects.builtin import TensorType, i16

    from xopt.dialects.quant import UniformQuantizedType

    assert tensor_bytes(TensorType(i16, [3, 5])) == 30
    i4 = parse_mlir(
        "func.func @main(%x: tensor<3x!quant.uniform<i4:f32, 0.5>>) {\n  func.return\n}", "t"
    )
    arg = next(op for op in i4.walk() if op.name == "func.func").args[0]
    assert isinstance(arg.type.get_element_type(), UniformQuantizedType)
    assert tensor_bytes(arg.type) == 2
