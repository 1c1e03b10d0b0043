"""`xopt compile --sram`: the tile-for-memory schedule as C (`targets/c/tiled_emit.py`).
MobileNetV2-0.5 (input-channel chunks, rings, double buffers), the digits classifier, the
segmentation models (tile.apply of phase slices, interleave, zero insertion, concat and the
fused resize + argmax) and tiny_cnn (a LUT activation and softmax run whole), tiled for
several SRAM sizes, built for the host (c) and for aarch64 under qemu (neon): outputs equal
the quant executor's bit for bit. A model with float layers inside its integer core is
refused with one line and no build directory."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from xopt.cli import main
from xopt.executor.run import run_sample
from xopt.ir_io import module_text
from xopt.targets.c import model_build, toolchain

from .conftest import example_samples

HOST = pytest.mark.skipif(
    not all(toolchain.has_tool(t) for t in ("cc", "make")), reason="needs cc and make"
)
CROSS = pytest.mark.skipif(
    not all(toolchain.has_tool(t) for t in ("aarch64-linux-gnu-gcc", "qemu-aarch64", "make")),
    reason="needs aarch64-linux-gnu-gcc, qemu-aarch64 and make (scripts/setup_toolchains.sh)",
)


def _compile_and_run(
    quantized_example,
    tmp_path: Path,
    example: str,
    target: str,
    sram: str,
    platform: str,
    policy: tuple[str, ...] = (),
):
    module = quantized_example(example)
    source = tmp_path / "model.q.mlir"
    source.write_text(module_text(module))
    out = tmp_path / f"build-{sram}"
    args = ["compile", str(source), "--target", target, "--sram", sram, *policy, "-o", str(out)]
    assert main(args) == 0
    build = model_build.open_build(out)
    assert build.report["tiled"] is True
    assert build.report["level_bytes"]["sram"] <= int(sram.removesuffix("KiB")) * 1024
    layers = build.report["layers"]
    assert sum(layer["macs"] for layer in layers) == build.report["macs"]
    binary = model_build.build(build, platform)
    for sample in example_samples(example, 2):
        got, _ = model_build.run(build, binary, sample, platform)
        for g, w in zip(got, run_sample(module, sample), strict=True):
            np.testing.assert_array_equal(g, w)
    return build


@HOST
@pytest.mark.parametrize("sram", ["2KiB", "8KiB"])
def test_tiled_digits_bit_exact_on_host(quantized_example, tmp_path, sram):
    _compile_and_run(quantized_example, tmp_path, "digits", "c", sram, "host")


@HOST
def test_tiled_mobilenet_bit_exact_on_host(quantized_example, tmp_path):
    build = _compile_and_run(quantized_example, tmp_path, "mobilenet_v2_050", "c", "32KiB", "host")
    text = (build.path / "model.c").read_text()
    assert "xopt_tile_dma(" in text and "xopt_tile_reduce(" in text
    assert "xopt_tile_mod(" in text, "32 KiB tiles MobileNetV2 with ring buffers"


@CROSS
@pytest.mark.parametrize("sram, policy", [("32KiB", ()), ("64KiB", ("--policy", "default"))])
def test_tiled_mobilenet_bit_exact_under_qemu(quantized_example, tmp_path, sram, policy):
    """Every conv and fully-connected tile takes a NEON kernel: the 17 depthwise layers, the
    first conv and the six 1x1 expansions of 8 or 16 channels their generated row kernels
    (lower-to-neon on tile IR; rows from ring buffers at 32 KiB), the others NEON tile
    kernels with chunked sums into acc. The neon
    target plans channel tiles in whole 16-channel blocks, so its constants are the layer's
    (as many weight bytes as the untiled build, or fewer); under the default policy the
    channel tiles of 214 are laid out tile by tile."""
    build = _compile_and_run(
        quantized_example, tmp_path, "mobilenet_v2_050", "neon", sram, "aarch64", policy
    )
    text = (build.path / "model.c").read_text()
    assert "xopt_tile_reduce(" not in text
    kernels = set(", ".join(layer["kernel"] for layer in build.report["layers"]).split(", "))
    assert {"xopt_neon_add_s8_s8", "xopt_neon_global_avgpool_s8_s8"} <= kernels
    generated = {k for k in kernels if re.fullmatch(r"neon_\w+_rows(_\d+)?", k)}
    assert len(generated) == 24, generated
    assert all(k.startswith("xopt_neon_") for k in kernels - generated), kernels
    assert all(layer["generated"] for layer in build.report["layers"] if "_rows" in layer["kernel"])
    assert "xopt_tile_conv_input_rows(" in text
    assert "xopt_neon_tile_conv2d_pointwise_s8_s8(" in text
    assert "xopt_neon_tile_fully_connected_s8_s8(" in text
    laid_out = ", 214) * 224)" in text  # tiles of 214 channels start every 224 (packed_channel)
    assert laid_out == bool(policy), "channel tiles of 214: laid-out constants"
    if sram == "32KiB":
        assert "xopt_tile_mod(" in text, "ring buffers"


@CROSS
@pytest.mark.parametrize("example, sram", [("seg_net", "64KiB"), ("tiny_cnn", "8KiB")])
def test_tiled_models_with_whole_layers_are_bit_exact_under_qemu(
    quantized_example, tmp_path, example, sram
):
    """Layers without a tile compute op run their whole-tensor NEON (or portable) kernel
    on their SRAM buffers in place."""
    build = _compile_and_run(quantized_example, tmp_path, example, "neon", sram, "aarch64")
    text = (build.path / "model.c").read_text()
    assert "/* tile.apply: " in text
    if example == "seg_net":
        assert "xopt_neon_resize_argmax_s8(" in text and "xopt_interleave_s8(" in text


@HOST
def test_tiled_seg_head_is_bit_exact_on_host(quantized_example, tmp_path):
    _compile_and_run(quantized_example, tmp_path, "seg_head", "c", "32KiB", "host")


def test_float_layers_in_the_core_are_refused_in_one_line(quantized_example, tmp_path, capsys):
    source = tmp_path / "mix.q.mlir"
    source.write_text(module_text(quantized_example("residual_mix")))
    out = tmp_path / "build"
    assert main(["compile", str(source), "--target", "c", "--sram", "64KiB", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "computes float values" in err[0] and "without --sram" in err[0]
    assert not out.exists()


def test_policy_without_sram_is_a_usage_error(quantized_example, tmp_path, capsys):
    source = tmp_path / "model.q.mlir"
    source.write_text(module_text(quantized_example("digits")))
    out = tmp_path / "build"
    assert (
        main(["compile", str(source), "--target", "neon", "--policy", "neon", "-o", str(out)]) == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: xopt compile: --policy needs --sram"] and not out.exists()
