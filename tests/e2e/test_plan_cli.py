"""`xopt plan` end to end: the table and its goals on the MobileNetV2-0.5 example, --json,
a quantized model (--calib and quant .mlir), --sweep with --plot, and the user errors."""

from __future__ import annotations

import json
import os
import re

import pytest

import xopt.quantize.driver  # noqa: F401  (binds its default output stream outside capsys)
from xopt.cli import main
from xopt.ir_io import load_module
from xopt.memory import activation_peak

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
MOBILENET = os.path.join(EXAMPLES, "mobilenet_v2_050", "model.onnx")
DIGITS = os.path.join(EXAMPLES, "digits")
KEYS = (
    "macs",
    "dram_read_bytes",
    "dram_write_bytes",
    "dram_lower_bound_bytes",
    "arena_bytes",
    "arena_lower_bound_bytes",
    "layers",
)


def test_table_meets_the_goals_at_2_25_mib(capsys):
    assert main(["plan", MOBILENET, "--sram", "2.25MiB"]) == 0
    out = capsys.readouterr().out
    traffic = float(re.search(r"DRAM traffic [\d,]+ B = ([\d.]+) x the lower bound", out)[1])
    arena = float(re.search(r"activation arena [\d,]+ B = ([\d.]+) x the liveness", out)[1])
    assert traffic <= 1.25 and arena <= 1.05
    assert "note: float model planned as int8" in out
    assert re.search(r"^features\.0\.2\s+conv2d\s", out, re.M)
    assert re.search(r"^total\s+[\d,]+\s", out, re.M)


def test_json_has_the_documented_keys_and_tight_buffers(capsys):
    assert main(["plan", MOBILENET, "--sram", "128KiB", "--buffers", "1", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert all(key in plan for key in KEYS)
    assert len(plan["layers"]) == 64 and plan["sram_bytes"] == 128 * 1024
    assert plan["sram_used_bytes"] <= plan["sram_bytes"]
    assert all(b["slots"] == 1 for layer in plan["layers"] for b in layer["buffers"])
    assert plan["dram_read_bytes"] + plan["dram_write_bytes"] >= plan["dram_lower_bound_bytes"]


@pytest.fixture(scope="module")
def digits_quantized(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("plan") / "digits.q.mlir")
    calib = os.path.join(DIGITS, "calib.npz")
    assert main(["quantize", os.path.join(DIGITS, "model.onnx"), "--calib", calib, "-o", path]) == 0
    return path


def test_quant_ir_is_planned_as_its_integer_core_as_tile_ir_runs(
    digits_quantized, capsys, tmp_path
):
    """The float boundary (quantize of the input, dequantize of the output) is outside the
    tiled memory for both `xopt plan` and `--emit-tile`: the table's totals are what the
    emitted tile IR moves when it runs."""
    import numpy as np

    from xopt.executor.tile_interpreter import run_tile_module
    from xopt.tiling.lower_core import core_module

    tiled = str(tmp_path / "digits.tile.mlir")
    args = ["plan", digits_quantized, "--sram", "16KiB", "--json"]
    assert main([*args, "--emit-tile", tiled]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["assumed_int8"] is False
    ops = {layer["op"] for layer in plan["layers"]}
    assert "quant.quantize" not in ops and "quant.dequantize" not in ops
    peak = activation_peak(core_module(load_module(digits_quantized))).peak_bytes
    assert plan["arena_lower_bound_bytes"] == peak
    assert plan["arena_bytes"] >= peak
    calib = np.load(os.path.join(DIGITS, "calib.npz"))
    x = calib[calib.files[0]][0]
    run = run_tile_module(load_module(tiled), [x])
    assert run.counters.bytes["dram->sram"] == plan["dram_read_bytes"]
    assert run.counters.bytes["sram->dram"] == plan["dram_write_bytes"]
    assert sum(run.counters.transfers.values()) == plan["dma_transfers"]


def test_calib_quantizes_first(capsys):
    model, calib = os.path.join(DIGITS, "model.onnx"), os.path.join(DIGITS, "calib.npz")
    assert main(["plan", model, "--calib", calib, "--sram", "16KiB"]) == 0
    out = capsys.readouterr().out
    assert "note: float model" not in out and "DRAM traffic" in out


def test_sweep_writes_the_plot(tmp_path, capsys):
    png = tmp_path / "traffic.png"
    digits = os.path.join(DIGITS, "model.onnx")
    args = ["plan", MOBILENET, digits, "--sweep", "64KiB,1MiB", "--plot", str(png)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(re.findall(r"^mobilenet_v2_050/model\.onnx\s+(64 KiB|1 MiB)\s", out, re.M)) == 2
    assert len(re.findall(r"^digits/model\.onnx\s+(untiled|bound)\s", out, re.M)) == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--sram", "12XB"], 2, "bad size '12XB'"),
        ([], 2, "give either --sram SIZE or --sweep"),
        (["--sram", "1MiB", "--plot", "x.png"], 2, "--plot needs --sweep"),
        (["--sram", "1MiB", "--buffers", "0"], 2, "--buffers must be at least 1"),
        (
            ["--sram", "1000"],
            1,
            r"does not fit: layer \S+ needs at least \d+ bytes of SRAM \(got 1000\)",
        ),
    ],
)
def test_user_errors_are_one_line(args, code, message, capsys, tmp_path):
    assert main(["plan", MOBILENET, *args]) == code
    err = capsys.readouterr().err
    assert re.search(message, err) and err.count("\n") == 1 and "Traceback" not in err
    assert not os.path.exists("x.png")
