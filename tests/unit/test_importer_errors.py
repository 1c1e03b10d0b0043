"""ONNX importer errors through the command line: every bad model is one line on stderr,
exit code 1 (bad input) or 2 (bad usage), no traceback, and no output file."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from xopt import cli
from xopt.errors import UsageError
from xopt.onnx_import.loader import parse_input_shapes
from xopt.testing import one_line_error

FLOAT = TensorProto.FLOAT


def _model(nodes, inputs, initializers=None, opset: int = 13) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes,
        "test",
        [helper.make_tensor_value_info(n, FLOAT, s) for n, s in inputs.items()],
        [helper.make_tensor_value_info("y", FLOAT, None)],
        initializer=[numpy_helper.from_array(v, n) for n, v in (initializers or {}).items()],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=8)


def _conv_model(batch: int | str = 1) -> onnx.ModelProto:
    weights = np.random.default_rng(0).standard_normal((8, 3, 3, 3)).astype(np.float32)
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["y"]),
    ]
    return _model(nodes, {"x": [batch, 3, 8, 8]}, {"w": weights})


def _save(model: onnx.ModelProto, tmp_path, name: str = "model.onnx") -> str:
    path = str(tmp_path / name)
    onnx.save_model(model, path)
    return path


def _import(path: str, tmp_path, *extra: str) -> tuple[int, str]:
    out = tmp_path / "out.mlir"
    code = cli.main(["import", path, "-o", str(out), *extra])
    if code != 0:
        assert not out.exists(), "a failed import must not leave an output file"
    return code, str(out)


def _bad_file(kind: str, tmp_path) -> str:
    path = tmp_path / "bad.onnx"
    if kind == "truncated":
        data = _conv_model().SerializeToString()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "text":
        path.write_text("This is a README, not a neural network.\n" * 20)
    elif kind == "random":
        path.write_bytes(np.random.default_rng(1).integers(0, 256, 4096, np.uint8).tobytes())
    elif kind == "empty":
        path.write_bytes(b"")
    return str(path)


@pytest.mark.parametrize("kind", ["truncated", "text", "random", "empty"])
def test_not_an_onnx_model(kind, tmp_path, capsys):
    path = _bad_file(kind, tmp_path)
    code, _ = _import(path, tmp_path)
    assert code == 1
    message = one_line_error(capsys)
    assert message.startswith(f"error: {path}: ")
    assert "ONNX model" in message


def test_bad_model_leaves_no_output_with_run_either(tmp_path, capsys):
    path = _bad_file("truncated", tmp_path)
    np.savez(tmp_path / "in.npz", x=np.zeros((1, 3, 8, 8), np.float32))
    out = tmp_path / "out.npz"
    assert cli.main(["run", path, "--inputs", str(tmp_path / "in.npz"), "-o", str(out)]) == 1
    one_line_error(capsys)
    assert not out.exists()


def test_missing_file(tmp_path, capsys):
    code, _ = _import(str(tmp_path / "nothing.onnx"), tmp_path)
    assert code == 1
    assert "no such file" in one_line_error(capsys)


@pytest.mark.parametrize(
    "op_type, expected",
    [
        ("FancyOp", "unsupported operator FancyOp"),
        ("Elu", "unsupported operator Elu"),
        ("HardSwish", "operator HardSwish does not exist in opset 13"),
    ],
)
def test_unsupported_operator(op_type, expected, tmp_path, capsys):
    if op_type == "HardSwish":  # a real operator, but only from opset 14 on
        model = _model([helper.make_node(op_type, ["x"], ["y"])], {"x": [2, 3]})
    else:
        model = _model([helper.make_node(op_type, ["x"], ["y"], name="my_node")], {"x": [2, 3]})
    code, _ = _import(_save(model, tmp_path), tmp_path)
    assert code == 1
    message = one_line_error(capsys)
    assert expected in message
    if op_type != "HardSwish":
        assert "'my_node'" in message


def test_unsupported_operator_in_old_opset_is_named_before_upgrade(tmp_path, capsys):
    model = _model([helper.make_node("FancyOp", ["x"], ["y"])], {"x": [2, 3]}, opset=6)
    code, _ = _import(_save(model, tmp_path), tmp_path)
    assert code == 1
    assert "unsupported operator FancyOp" in one_line_error(capsys)


def test_old_opset_that_cannot_be_upgraded(tmp_path, capsys):
    node = helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], spatial=0)
    stats = {k: np.ones((3, 4, 4), np.float32) for k in "sbmv"}
    model = _model([node], {"x": [1, 3, 4, 4]}, stats, opset=7)
    code, _ = _import(_save(model, tmp_path), tmp_path)
    assert code == 1
    message = one_line_error(capsys)
    assert (
        "cannot upgrade the opset 7 model to opset 9: Attribute spatial must have value 1"
        in message
    )
    assert "Assertion" not in message


def test_custom_domain(tmp_path, capsys):
    node = helper.make_node("Gelu", ["x"], ["y"], domain="com.microsoft")
    model = _model([node], {"x": [2, 3]})
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    code, _ = _import(_save(model, tmp_path), tmp_path)
    assert code == 1
    assert "domain 'com.microsoft'" in one_line_error(capsys)


def test_opset_too_new(tmp_path, capsys):
    model = _model([helper.make_node("Relu", ["x"], ["y"])], {"x": [2, 3]}, opset=22)
    code, _ = _import(_save(model, tmp_path), tmp_path)
    assert code == 1
    assert "opset 22 is not supported" in one_line_error(capsys)


def test_inconsistent_shapes(tmp_path, capsys):
    model = _model([helper.make_node("Add", ["x", "z"], ["y"])], {"x": [2, 3], "z": [4]})
    code, _ = _import(_save(model, tmp_path), tmp_path)
    assert code == 1
    assert "shape inference failed" in one_line_error(capsys)


def test_missing_external_data(tmp_path, capsys):
    path = str(tmp_path / "model.onnx")
    onnx.save_model(
        _conv_model(),
        path,
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location="weights.bin",
        size_threshold=0,
    )
    (tmp_path / "weights.bin").unlink()
    code, _ = _import(path, tmp_path)
    assert code == 1
    assert "external data" in one_line_error(capsys)


# ---------------------------------------------------------------- --input-shape


def test_dynamic_shape_needs_input_shape(tmp_path, capsys):
    code, _ = _import(_save(_conv_model("batch"), tmp_path), tmp_path)
    assert code == 1
    message = one_line_error(capsys)
    assert "input 'x'" in message
    assert "[batch, 3, 8, 8]" in message
    assert "--input-shape x=1x3x8x8" in message


def test_input_shape_fixes_dynamic_batch(tmp_path, capsys):
    code, out = _import(
        _save(_conv_model("batch"), tmp_path), tmp_path, "--input-shape", "x=2x3x8x8"
    )
    assert code == 0, capsys.readouterr().err
    with open(out) as f:
        assert "tensor<2x3x8x8xf32>" in f.read()


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("image=1x3x8x8", "unknown input 'image'"),
        ("x=1x3x8", "rank 4"),
        ("x=1x3xax8", "expected NAME=D0xD1x"),
        ("x", "expected NAME=D0xD1x"),
    ],
)
def test_bad_input_shape(spec, expected, tmp_path, capsys):
    code, _ = _import(_save(_conv_model("batch"), tmp_path), tmp_path, "--input-shape", spec)
    assert code == 2
    assert expected in one_line_error(capsys)


def test_parse_input_shapes():
    assert parse_input_shapes(["x=1x3x224x224", "a.b:0=7"]) == {
        "x": (1, 3, 224, 224),
        "a.b:0": (7,),
    }
    assert parse_input_shapes(["weird=name=2x2"]) == {"weird=name": (2, 2)}
    with pytest.raises(UsageError):
        parse_input_shapes(["x=1x"])
    with pytest.raises(UsageError):
        parse_input_shapes(["=1x2"])


def test_conv_transpose_output_shape_below_input_is_one_line(tmp_path, capsys):
    """onnx's shape inference gives (1, 2) for this output (onnxruntime computes 1x2x2x2):
    the disagreement is reported in one line, not as a traceback."""
    weights = {"w": np.ones((2, 2, 3, 3), np.float32)}
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], output_shape=[2, 2])
    path = _save(_model([node], {"x": [1, 2, 4, 4]}, weights, opset=17), tmp_path)
    code, _ = _import(path, tmp_path)
    assert code == 1
    message = one_line_error(capsys)
    assert "ConvTranspose" in message and "(1, 2, 2, 2)" in message
