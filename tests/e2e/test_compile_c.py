"""`xopt compile` end to end: every example model, quantized, compiled for the C targets,
built with the aarch64 cross compilers and run under qemu-aarch64, gives bit for bit the
quant executor's outputs, for the portable `c` target and for `neon` (residual_mix with its
float layers included). Also: FP32-fallback convolutions, a host build
under ASan/UBSan, deterministic output, the build directory's contents, and `xopt run
BUILD` / `xopt bench BUILD`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from xopt.cli import main
from xopt.executor.run import run_sample
from xopt.targets.c import model_build, toolchain
from xopt.targets.c.model_emit import emit
from xopt.targets.registry import target_named

from .conftest import EXAMPLES, example_samples

CROSS = pytest.mark.skipif(
    not all(toolchain.has_tool(t) for t in ("aarch64-linux-gnu-gcc", "qemu-aarch64", "make")),
    reason="needs aarch64-linux-gnu-gcc, qemu-aarch64 and make (scripts/setup_toolchains.sh)",
)
SMALL_EXAMPLES = ["digits", "tiny_cnn", "seg_head", "seg_net", "residual_mix"]


def _compile(module, target: str, out: Path) -> model_build.Build:
    spec = target_named(target)
    emit(spec.lower(module), spec, "model", out)
    return model_build.open_build(out)


def _check_against_quant_executor(module, build, samples, platform="aarch64", **kw) -> None:
    binary = model_build.build(build, platform, **kw)
    for sample in samples:
        got, _ = model_build.run(build, binary, sample, platform)
        want = run_sample(module, sample)
        for g, w in zip(got, want, strict=True):
            assert g.dtype == w.dtype and g.shape == w.shape
            np.testing.assert_array_equal(g, w)


@CROSS
@pytest.mark.parametrize("target", ["c", "neon"])
@pytest.mark.parametrize("name", SMALL_EXAMPLES)
def test_example_is_bit_exact_under_qemu(quantized_example, tmp_path, name, target):
    module = quantized_example(name)
    build = _compile(module, target, tmp_path / "build")
    _check_against_quant_executor(module, build, example_samples(name, 2))


@CROSS
@pytest.mark.slow
@pytest.mark.parametrize("target", ["c", "neon"])
@pytest.mark.parametrize("name", ["mobilenet_v2_050", "mobilenet_v2"])
def test_mobilenet_is_bit_exact_under_qemu(quantized_example, tmp_path, name, target):
    module = quantized_example(name)
    build = _compile(module, target, tmp_path / "build")
    _check_against_quant_executor(module, build, example_samples(name, 1))


@CROSS
@pytest.mark.skipif(not toolchain.has_tool("clang"), reason="needs clang and lld")
@pytest.mark.parametrize("target", ["c", "neon"])
def test_clang_build_is_bit_exact(quantized_example, tmp_path, target):
    module = quantized_example("seg_net")
    build = _compile(module, target, tmp_path / "build")
    _check_against_quant_executor(module, build, example_samples("seg_net", 1), cc="clang")


@CROSS
def test_neon_build_uses_the_neon_kernels(quantized_example, tmp_path):
    """On MobileNetV2-0.5 the 3-channel first conv, every 3x3 depthwise conv and the six 1x1
    expansions of 8 or 16 channels run a kernel generated for them (lower-to-neon), every
    other conv, the classifier, the adds, the global average pool and the input quantize a
    runtime_c/neon kernel; only the output dequantize is portable."""
    build = _compile(quantized_example("mobilenet_v2_050"), "neon", tmp_path / "build")
    layers = build.report["layers"]
    generated = [l for l in layers if l["generated"]]
    assert len(generated) == 1 + 17 + 6
    assert all(l["kernel"].startswith("neon_") and l["op"] == "quant.conv2d" for l in generated)
    assert layers[1]["generated"] and layers[1]["op"] == "quant.conv2d"  # after the quantize
    runtime = [l["kernel"] for l in layers if not l["generated"]]
    portable = {k for k in runtime if "_neon_" not in k}
    assert portable == {"xopt_dequantize_s8_f32"}
    assert '#include "xopt_neon.h"' in (build.path / "model.c").read_text()
    assert "-march=armv8.2-a+dotprod" in (build.path / "Makefile").read_text()


@pytest.mark.skipif(not toolchain.has_tool("gcc"), reason="needs gcc")
def test_host_build_is_sanitizer_clean(quantized_example, tmp_path):
    module = quantized_example("tiny_cnn")
    build = _compile(module, "c", tmp_path / "build")
    samples = example_samples("tiny_cnn", 1)
    _check_against_quant_executor(module, build, samples, "host", sanitize=True)


def test_build_directory_is_complete_and_deterministic(quantized_example, tmp_path):
    module = quantized_example("digits")
    first = _compile(module.clone(), "c", tmp_path / "a")
    _compile(module, "c", tmp_path / "b")
    files = sorted(p.relative_to(first.path).as_posix() for p in first.path.rglob("*"))
    assert {"model.c", "model.h", "main.c", "Makefile", "report.json"} <= set(files)
    assert "runtime_c/xopt_kernels.h" in files
    for name in files:
        a, b = first.path / name, tmp_path / "b" / name
        assert a.is_dir() or a.read_bytes() == b.read_bytes(), name
    model_c = (first.path / "model.c").read_text()
    assert "malloc" not in model_c and "static int64_t xopt_arena_words" in model_c
    report = first.report
    assert report["arena_bytes"] >= report["arena_lower_bound_bytes"] > 0
    assert report["macs"] == sum(layer["macs"] for layer in report["layers"]) > 0
    header = (first.path / "model.h").read_text()
    assert f"#define XOPT_MODEL_ARENA_BYTES {report['arena_bytes']}" in header


@CROSS
def test_cli_compile_run_and_bench(tmp_path, capsys):
    model = EXAMPLES / "digits" / "model.onnx"
    build = tmp_path / "digits-c"
    calib = EXAMPLES / "digits" / "calib.npz"
    args = ["compile", str(model), "--calib", str(calib), "--range-method", "minmax"]
    assert main([*args, "--target", "c", "-o", str(build)]) == 0
    inputs = tmp_path / "in.npz"
    with np.load(EXAMPLES / "digits" / "test.npz") as data:
        np.savez(inputs, input=data["input"][:3])
    out = tmp_path / "out.npz"
    assert main(["run", str(build), "--inputs", str(inputs), "-o", str(out)]) == 0
    with np.load(out) as got:
        assert got["logits"].shape == (3, 1, 10)
    capsys.readouterr()
    assert main(["bench", str(build), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"instructions", "macs", "macs_per_instruction", "layers"} <= set(result)
    assert result["instructions"] == sum(layer["instructions"] for layer in result["layers"])
    assert all(layer["instructions"] > 0 for layer in result["layers"])


def test_cli_errors(tmp_path, capsys):
    model = str(EXAMPLES / "digits" / "model.onnx")
    assert main(["compile", model, "-o", str(tmp_path / "b")]) == 2
    assert "--calib" in capsys.readouterr().err
    assert main(["compile", model, "--target", "pulp9", "-o", str(tmp_path / "b")]) == 2
    assert "unknown target" in capsys.readouterr().err
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    calib = str(EXAMPLES / "digits" / "calib.npz")
    assert main(["compile", model, "--calib", calib, "-o", str(tmp_path / "notes")]) == 1
    assert "not an xopt build directory" in capsys.readouterr().err
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"
    assert main(["bench", str(tmp_path / "notes")]) == 1
    assert "no report.json" in capsys.readouterr().err


UNSUPPORTED_FLOAT_LAYER = """\
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = graph.tanh %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %q = quant.quantize %r : tensor<1x4xf32> -> tensor<1x4x!quant.uniform<i8:f32, 0.05:3>>
  %d = quant.dequantize %q : tensor<1x4x!quant.uniform<i8:f32, 0.05:3>> -> tensor<1x4xf32>
  func.return %d : tensor<1x4xf32>
}
"""


def test_float_layer_without_kernel_is_refused_with_one_line(tmp_path, capsys):
    """A float layer without a C kernel (tanh: transcendental): one line, no build."""
    path = tmp_path / "tanh.q.mlir"
    path.write_text(UNSUPPORTED_FLOAT_LAYER)
    assert main(["compile", str(path), "-o", str(tmp_path / "build")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: graph.tanh (r) is a float layer") and "no kernel" in err
    assert "\n" not in err
    assert not (tmp_path / "build").exists()


@CROSS
@pytest.mark.parametrize("target", ["c", "neon"])
def test_fp32_fallback_convs_under_qemu(tmp_path, target):
    """digits with its strided 3x3 conv and its depthwise conv in fp32: the depthwise one is
    bit-exact (the graph executor sums its taps in order), the other sums in BLAS order, so
    its float outputs differ in the last bits; after requantization the logits stay within
    one output step of the quant executor's (on these 30 images they are all identical)."""
    from xopt.ir_io import load_module

    digits, q = EXAMPLES / "digits", tmp_path / "digits.q.mlir"
    fallback = ["--layer", "_Relu_1_output=fp32", "--layer", "_Clip_output=fp32"]
    assert main(["quantize", str(digits / "model.onnx"), "--calib", str(digits / "calib.npz"),
                 *fallback, "-o", str(q)]) == 0  # fmt: skip
    assert main(["compile", str(q), "--target", target, "-o", str(tmp_path / "b")]) == 0
    module, build = load_module(str(q)), model_build.open_build(tmp_path / "b")
    assert sum(layer["kernel"] == "xopt_conv2d_f32" for layer in build.report["layers"]) == 2
    binary = model_build.build(build, "aarch64")
    samples = example_samples("digits", 30)
    got, _ = model_build.run_samples(build, binary, samples, "aarch64")
    step = _output_step(module)
    for outputs, sample in zip(got, samples):
        np.testing.assert_allclose(outputs[0], run_sample(module, sample)[0], rtol=0, atol=step)


def _output_step(module) -> float:
    """The scale of the quantized logits the model dequantizes."""
    from xopt.dialects import quant
    from xopt.executor.quant_invocations import qparams
    from xopt.executor.run import main_function

    op = next(o for o in main_function(module).body.block.ops if isinstance(o, quant.DequantizeOp))
    return float(qparams(op.input).scale)
