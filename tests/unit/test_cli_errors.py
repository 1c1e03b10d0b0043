"""User mistakes on the command lines: one line on stderr, exit 1 (bad input) or 2 (bad
usage), no traceback, and no output file left behind."""

from __future__ import annotations

import os

import numpy as np
import pytest

from xopt import cli, opt_main
from xopt.testing import one_line_error

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "tiny_cnn")
MODEL = os.path.join(EXAMPLE, "model.onnx")

VALID_IR = """
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = graph.relu %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  func.return %y : tensor<1x4xf32>
}
"""


@pytest.fixture
def ir_file(tmp_path):
    path = tmp_path / "m.mlir"
    path.write_text(VALID_IR)
    return str(path)


def test_inputs_with_wrong_name(tmp_path, capsys):
    np.savez(tmp_path / "in.npz", image=np.zeros((1, 3, 32, 32), np.float32))
    out = tmp_path / "out.npz"
    assert cli.main(["run", MODEL, "--inputs", str(tmp_path / "in.npz"), "-o", str(out)]) == 1
    line = one_line_error(capsys)
    assert "unknown input 'image'" in line and "input" in line
    assert not out.exists()


def test_inputs_with_wrong_shape(tmp_path, capsys):
    np.savez(tmp_path / "in.npz", input=np.zeros((1, 3, 30, 32), np.float32))
    out = tmp_path / "out.npz"
    assert cli.main(["run", MODEL, "--inputs", str(tmp_path / "in.npz"), "-o", str(out)]) == 1
    assert "has shape (1, 3, 30, 32), expected (1, 3, 32, 32)" in one_line_error(capsys)
    assert not out.exists()


def test_inputs_not_an_npz(tmp_path, capsys):
    bad = tmp_path / "in.npz"
    bad.write_text("not a zip")
    assert cli.main(["run", MODEL, "--inputs", str(bad), "-o", str(tmp_path / "o.npz")]) == 1
    assert "not a valid .npz" in one_line_error(capsys)


def test_batch_of_inputs_gives_batch_of_outputs(ir_file, tmp_path):
    x = np.arange(12, dtype=np.float32).reshape(3, 1, 4) - 6
    np.savez(tmp_path / "in.npz", arg0=x)
    assert (
        cli.main(
            ["run", ir_file, "--inputs", str(tmp_path / "in.npz"), "-o", str(tmp_path / "o.npz")]
        )
        == 0
    )
    with np.load(tmp_path / "o.npz") as out:
        np.testing.assert_array_equal(out["result0"], np.maximum(x, 0))


def test_run_needs_an_output(ir_file, tmp_path, capsys):
    np.savez(tmp_path / "in.npz", arg0=np.zeros((1, 4), np.float32))
    assert cli.main(["run", ir_file, "--inputs", str(tmp_path / "in.npz")]) == 2
    assert "-o OUT.npz" in one_line_error(capsys)


def test_unknown_subcommand(capsys):
    assert cli.main(["frobnicate"]) == 2
    assert "invalid choice" in one_line_error(capsys)


def test_unknown_pass(ir_file, capsys):
    assert opt_main.main([ir_file, "-p", "no-such-pass"]) == 2
    assert "no-such-pass" in one_line_error(capsys)


def test_unknown_pass_in_mlir_pipeline(ir_file, capsys):
    assert opt_main.main([ir_file, "--pass-pipeline=builtin.module(canonicalize,nope)"]) == 2
    assert "nope" in one_line_error(capsys)


def test_unknown_pass_option(ir_file, capsys):
    assert opt_main.main([ir_file, "-p", "canonicalize{bogus=1}"]) == 2
    assert "bogus" in one_line_error(capsys)


def test_malformed_pipeline(ir_file, capsys):
    assert opt_main.main([ir_file, "--pass-pipeline=func.func(canonicalize)"]) == 2
    assert "builtin.module(" in one_line_error(capsys)


def test_unknown_flag(ir_file, capsys):
    assert opt_main.main([ir_file, "--no-such-flag"]) == 2
    assert "--no-such-flag" in one_line_error(capsys)


def test_parse_error_writes_no_output(tmp_path, capsys):
    bad = tmp_path / "bad.mlir"
    bad.write_text("func.func @main( {\n")
    out = tmp_path / "out.mlir"
    assert opt_main.main([str(bad), "-o", str(out)]) == 1
    one_line_error(capsys)
    assert not out.exists()


def test_invalid_ir_is_reported(tmp_path, capsys):
    bad = tmp_path / "bad.mlir"
    bad.write_text(VALID_IR.replace("-> tensor<1x4xf32>\n  func", "-> tensor<1x5xf32>\n  func"))
    assert opt_main.main([str(bad)]) == 1
    one_line_error(capsys)


def test_missing_input_file(tmp_path, capsys):
    assert opt_main.main([str(tmp_path / "nope.mlir")]) == 1
    assert "no such file" in one_line_error(capsys)


def test_pipeline_spellings_agree(ir_file, tmp_path, capsys):
    assert opt_main.main([ir_file, "-p", "canonicalize"]) == 0
    xdsl_style = capsys.readouterr().out
    assert opt_main.main([ir_file, "--pass-pipeline=builtin.module(canonicalize)"]) == 0
    assert capsys.readouterr().out == xdsl_style
    assert "graph.relu" in xdsl_style


def test_onnx_input_to_xopt_opt(tmp_path):
    out = tmp_path / "m.mlir"
    assert opt_main.main([MODEL, "-o", str(out)]) == 0
    assert "graph.conv2d" in out.read_text()


@pytest.mark.parametrize("command", ["optimize", "quantize"])
def test_argmax_group_of_one_is_bad_usage(command, ir_file, tmp_path, capsys):
    args = [command, ir_file, "--argmax-group", "1", "-o", str(tmp_path / "out.mlir")]
    if command == "quantize":
        args += ["--calib", str(tmp_path / "calib.npz")]
    assert cli.main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: xopt {command}: --argmax-group must be 0 (one stage) or at least 2"
    assert not (tmp_path / "out.mlir").exists()
