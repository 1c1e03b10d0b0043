"""`xopt compile` with sub-byte weights: tiny_cnn quantized with 4-bit weights (`--weight-bits
4`), one layer at 2 bits (`--layer pw=w2a8`) and, in a second variant, 4-bit activations
(`--act-bits 4`), compiled for the `c` and `neon` targets: the conv and classifier layers
run the packed-weight kernels, the outputs under qemu-aarch64 equal the quant executor's
bit for bit, and the weights take fewer bytes than the int8 build's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from xopt.cli import main
from xopt.executor.run import run_sample
from xopt.ir_io import load_module
from xopt.targets.c import model_build, toolchain
from xopt.targets.c.model_emit import emit
from xopt.targets.registry import target_named

from .conftest import EXAMPLES, example_samples

CROSS = pytest.mark.skipif(
    not all(toolchain.has_tool(t) for t in ("aarch64-linux-gnu-gcc", "qemu-aarch64", "make")),
    reason="needs aarch64-linux-gnu-gcc, qemu-aarch64 and make (scripts/setup_toolchains.sh)",
)
MODEL = EXAMPLES / "tiny_cnn"
PACKED = {"stem_relu": "_w4", "pw": "_w2", "fc": "_w4"}
"""The layers with sub-byte weights and the suffix of their kernels."""


def _quantize(out: Path, *options: str):
    argv = ["quantize", str(MODEL / "model.onnx"), "--calib", str(MODEL / "inputs.npz")]
    assert main([*argv, "--range-method", "minmax", *options, "-o", str(out)]) == 0
    return load_module(str(out))


def _compile(module, target: str, out: Path) -> model_build.Build:
    spec = target_named(target)
    emit(spec.lower(module), spec, "model", out)
    return model_build.open_build(out)


@CROSS
@pytest.mark.parametrize("activations", [[], ["--act-bits", "4"]], ids=["a8", "a4"])
@pytest.mark.parametrize("target", ["c", "neon"])
def test_subbyte_weights_are_bit_exact_and_smaller(tmp_path, target, activations):
    module = _quantize(tmp_path / "w4.mlir", "--weight-bits", "4", "--layer", "pw=w2a8")
    if activations:
        module = _quantize(tmp_path / "w4a4.mlir", "--weight-bits", "4", *activations)
    build = _compile(module, target, tmp_path / "build")
    kernels = {layer["name"]: layer["kernel"] for layer in build.report["layers"]}
    expected = PACKED if not activations else dict(PACKED, pw="_w4")
    assert {name: kernels[name][-3:] for name in expected} == expected
    binary = model_build.build(build, "aarch64")
    for sample in example_samples("tiny_cnn", 2):
        got, _ = model_build.run(build, binary, sample, "aarch64")
        for g, w in zip(got, run_sample(module, sample), strict=True):
            np.testing.assert_array_equal(g, w)
    int8 = _compile(_quantize(tmp_path / "w8.mlir"), target, tmp_path / "w8")
    assert build.report["weight_bytes"] < int8.report["weight_bytes"]
