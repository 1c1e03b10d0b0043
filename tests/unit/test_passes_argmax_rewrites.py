"""decompose-argmax and fuse-resize-argmax beyond the property tests: ONNX export of the
new ops runs in onnxruntime and gives the original model's ArgMax, the class map's type
where the argmax has other users, the memory report, and the one-line CLI errors."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from xopt.executor.run import run_sample
from xopt.ir_io import make_context, parse_mlir
from xopt.onnx_export import export_module
from xopt.onnx_import.importer import import_onnx
from xopt.opt_main import main as opt_main
from xopt.passes.decompose_argmax import DecomposeArgmaxPass
from xopt.passes.fuse_resize_argmax import FuseResizeArgmaxPass, memory_report
from xopt.testing import one_line_error


def _session(model: onnx.ModelProto):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(model.SerializeToString(), options, ["CPUExecutionProvider"])


def _segmentation_model(tmp_path, x_shape, mode: str, keepdims: int, last: int) -> str:
    scales = numpy_helper.from_array(np.array([1, 1, 2.5, 1.75], np.float32), "scales")
    nodes = [
        helper.make_node("Resize", ["x", "", "scales"], ["r"], mode=mode),
        helper.make_node("ArgMax", ["r"], ["seg"], axis=1, keepdims=keepdims),
        helper.make_node("ArgMax", ["x"], ["coarse"], axis=1, select_last_index=last),
    ]
    graph = helper.make_graph(
        nodes,
        "seg",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x_shape))],
        [helper.make_tensor_value_info(n, TensorProto.INT64, None) for n in ("seg", "coarse")],
        [scales],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    path = str(tmp_path / "seg.onnx")
    onnx.save(model, path)
    return path


@pytest.mark.parametrize(
    ("mode", "keepdims", "last", "group"),
    [("linear", 0, 0, 4), ("nearest", 1, 1, 5), ("linear", 1, 1, 16)],
)
def test_rewritten_model_exports_and_runs_in_onnxruntime(tmp_path, mode, keepdims, last, group):
    x_shape = (2, 19, 3, 4)
    path = _segmentation_model(tmp_path, x_shape, mode, keepdims, last)
    module = import_onnx(path).module
    FuseResizeArgmaxPass().apply(make_context(), module)
    DecomposeArgmaxPass(group=group).apply(make_context(), module)
    names = [op.name for op in module.walk()]
    assert names.count("graph.resize_argmax") == 1 and "graph.argmax_groups" in names
    rng = np.random.default_rng(group)
    x = rng.integers(-1, 2, size=x_shape).astype(np.float32)  # many ties
    seg, coarse = _session(onnx.load(path)).run(None, {"x": x})
    exported = export_module(module, path)
    ours_seg, ours_coarse = _session(exported.model).run(None, {"x": x})
    assert ours_seg.dtype == np.int16 and ours_coarse.dtype == np.int64
    np.testing.assert_array_equal(ours_seg, seg)
    np.testing.assert_array_equal(ours_coarse, coarse)
    run_seg, run_coarse = run_sample(module, [x])
    np.testing.assert_array_equal(run_seg, seg)
    np.testing.assert_array_equal(run_coarse, coarse)


RESIZE = (
    'graph.resize %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", '
    'nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} '
    ": (tensor<1x3x2x2xf32>) -> tensor<1x3x4x4xf32>"
)
ARGMAX = "graph.argmax %r {axis = 1 : i64} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4xi64>"


def _fused_type(text: str) -> str:
    module = parse_mlir(text, "test.mlir")
    FuseResizeArgmaxPass().apply(make_context(), module)
    module.verify()
    (fused,) = [op for op in module.walk() if op.name == "graph.resize_argmax"]
    return str(fused.output.type)


def test_class_map_stays_i64_where_other_ops_read_it():
    text = f"""
    func.func @main(%x: tensor<1x3x2x2xf32>) -> tensor<1x16xi64> {{
      %r = {RESIZE}
      %a = {ARGMAX}
      %f = graph.reshape %a : (tensor<1x4x4xi64>) -> tensor<1x16xi64>
      func.return %f : tensor<1x16xi64>
    }}"""
    assert _fused_type(text) == "tensor<1x4x4xi64>"


def test_class_map_stays_i64_when_the_function_is_called():
    text = f"""
    func.func @head(%x: tensor<1x3x2x2xf32>) -> tensor<1x4x4xi64> {{
      %r = {RESIZE}
      %a = {ARGMAX}
      func.return %a : tensor<1x4x4xi64>
    }}
    func.func @main(%x: tensor<1x3x2x2xf32>) -> tensor<1x4x4xi64> {{
      %y = func.call @head(%x) : (tensor<1x3x2x2xf32>) -> tensor<1x4x4xi64>
      func.return %y : tensor<1x4x4xi64>
    }}"""
    assert _fused_type(text) == "tensor<1x4x4xi64>"


def test_memory_report_for_a_bisenet_sized_head():
    """bisenet_v2's head: 171 classes at 160x160 resized x4 to 640x640."""
    resize = (
        'graph.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", '
        'nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 4.0, 4.0>} '
        ": (tensor<1x171x160x160xf32>) -> tensor<1x171x640x640xf32>"
    )
    argmax = (
        "graph.argmax %r {axis = 1 : i64} : (tensor<1x171x640x640xf32>) -> tensor<1x640x640xi64>"
    )
    text = f"""
    func.func @main(%x: tensor<1x171x160x160xf32>) -> tensor<1x640x640xi64> {{
      %r = {resize}
      %seg = {argmax}
      func.return %seg : tensor<1x640x640xi64>
    }}"""
    module = parse_mlir(text, "bisenet.mlir")
    FuseResizeArgmaxPass().apply(make_context(), module)
    resized, wide, narrow = 171 * 640 * 640 * 4, 640 * 640 * 8, 640 * 640 * 2
    assert memory_report(module) == [
        "graph.resize_argmax %seg: resize 1x171x640x640xf32 (267.2 MiB) not materialised, "
        f"class map 1x640x640xi16 (800.0 KiB); {resized + wide - narrow} bytes saved"
    ]


def test_cli_errors_are_one_line(tmp_path, capsys):
    path = tmp_path / "a.mlir"
    path.write_text(
        "func.func @main(%x: tensor<1x40xf32>) -> tensor<1xi64> {\n"
        "  %a = graph.argmax %x {axis = 1 : i64} : (tensor<1x40xf32>) -> tensor<1xi64>\n"
        "  func.return %a : tensor<1xi64>\n}\n"
    )
    assert opt_main([str(path), "-p", "decompose-argmax{group=1}"]) == 1
    assert one_line_error(capsys) == (
        "error: pass failed: decompose-argmax: group must be at least 2 (entries per group "
        "in stage 1), got 1"
    )
