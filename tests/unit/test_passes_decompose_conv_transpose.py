"""decompose-conv-transpose beyond the property test: the insert_zeros and crop kernels, their
ONNX export (bit-exact in onnxruntime), cases onnxruntime cannot run (output_padding >=
stride), a computed bias, the command line, and the refusal as one line."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort

from xopt import opt_main
from xopt.dialects.graph import shapes
from xopt.executor import graph_kernels_upsample as gku
from xopt.executor.run import run_sample
from xopt.ir_io import make_context, parse_mlir
from xopt.onnx_export import export_module
from xopt.passes.decompose_conv_transpose import (
    DecomposeConvTransposePass,
    axis_plan,
    conv_weight,
)
from xopt.testing import assert_close, one_line_error


def _decompose(text: str):
    module = parse_mlir(text, "test.mlir")
    before = module.clone()
    DecomposeConvTransposePass().apply(make_context(), module)
    module.verify()
    assert "graph.conv_transpose2d" not in [op.name for op in module.walk()]
    return before, module


def _onnxruntime(module, inputs: list[np.ndarray]) -> list[np.ndarray]:
    model = export_module(module, "test.mlir").model
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    names = [i.name for i in session.get_inputs()]
    return session.run(None, dict(zip(names, inputs, strict=True)))


def test_insert_zeros_kernel():
    x = np.arange(1, 7, dtype=np.float32).reshape(1, 1, 2, 3)
    y = gku.insert_zeros(x, (2, 3))
    expected = np.zeros((1, 1, 3, 7), np.float32)
    expected[0, 0, 0, [0, 3, 6]] = [1, 2, 3]
    expected[0, 0, 2, [0, 3, 6]] = [4, 5, 6]
    np.testing.assert_array_equal(y, expected)
    np.testing.assert_array_equal(gku.insert_zeros(x, (1, 1)), x)


def test_crop_kernel():
    x = np.arange(24, dtype=np.int64).reshape(2, 3, 4)
    np.testing.assert_array_equal(gku.crop(x, (1, 0, 1, 0, 2, 1)), x[1:2, 0:1, 1:3])


def test_axis_plan_crops_whole_input_elements():
    # stride 2, 1x1 kernel, pads (3, 2): 3 positions of the zero-inserted input go at the
    # start (2 input elements, then 1 zero back), 2 at the end (1 element, 0 back).
    plan = axis_plan(size=4, kernel=1, stride=2, dilation=1, pads=(3, 2), output_padding=0)
    assert (plan.crop_begin, plan.crop_end, plan.pad_begin, plan.pad_end) == (2, 1, 1, 0)
    assert axis_plan(size=1, kernel=1, stride=3, dilation=1, pads=(1, 0), output_padding=2) is None


def test_conv_weight_swaps_channels_per_group_and_flips():
    w = np.arange(4 * 3 * 2 * 2, dtype=np.float32).reshape(4, 3, 2, 2)
    conv = conv_weight(w, group=2)
    assert conv.shape == (6, 2, 2, 2)
    for g in range(2):
        for j in range(3):
            for i in range(2):
                np.testing.assert_array_equal(conv[3 * g + j, i], w[2 * g + i, j, ::-1, ::-1])


def _t(shape) -> str:
    return f"tensor<{'x'.join(str(d) for d in shape)}xf32>"


def _a(values) -> str:
    return f"array<i64: {', '.join(str(v) for v in values)}>"


UPSAMPLE = (
    f"func.func @main(%x: {_t((2, 3, 3, 4))}) -> {_t((2, 3, 3, 8))} {{\n"
    f"%z = graph.insert_zeros %x {{strides = {_a((2, 3))}}} "
    f": ({_t((2, 3, 3, 4))}) -> {_t((2, 3, 5, 10))}\n"
    f"%c = graph.crop %z {{crops = {_a((0, 0, 1, 2, 0, 0, 1, 0))}}} "
    f": ({_t((2, 3, 5, 10))}) -> {_t((2, 3, 3, 8))}\n"
    f"func.return %c : {_t((2, 3, 3, 8))}\n}}"
)


def _conv_transpose(x_shape, w, bias=None, computed=(), **attrs) -> str:
    """`@main` of one conv_transpose2d; `computed` names the operands (w, b) that are
    arguments instead of constants."""
    args, lines, operands = [f"%x: {_t(x_shape)}"], [], ["%x", "%w"]
    values = {"w": w} | ({"b": bias} if bias is not None else {})
    for name, value in values.items():
        if name in computed:
            args.append(f"%{name}: {_t(value.shape)}")
        else:
            typ = _t(value.shape)
            lines.append(
                f"%{name} = graph.constant {{value = dense<{value.tolist()}> : {typ}}} : {typ}"
            )
    operands += ["%b"] if bias is not None else []
    props = {"strides": (1, 1), "pads": (0, 0, 0, 0), "dilations": (1, 1)}
    props |= {"output_padding": (0, 0)} | {k: v for k, v in attrs.items() if k != "group"}
    group = attrs.get("group", 1)
    out = shapes.conv_transpose2d(
        x_shape,
        w.shape,
        props["strides"],
        props["pads"],
        props["dilations"],
        props["output_padding"],
        group,
    )
    text = ", ".join(f"{k} = {_a(v)}" for k, v in props.items())
    types = ", ".join(_t(v.shape) for v in values.values())
    lines.append(
        f"%y = graph.conv_transpose2d {', '.join(operands)} {{{text}, group = {group} : i64}} "
        f": ({_t(x_shape)}, {types}) -> {_t(out)}"
    )
    lines.append(f"func.return %y : {_t(out)}")
    body = "\n".join(lines)
    return f"func.func @main({', '.join(args)}) -> {_t(out)} {{\n{body}\n}}"


def test_insert_zeros_and_crop_export_exactly():
    module = parse_mlir(UPSAMPLE, "test.mlir")
    x = np.random.default_rng(0).standard_normal((2, 3, 3, 4)).astype(np.float32)
    (expected,) = run_sample(module, [x])
    (actual,) = _onnxruntime(module, [x])
    np.testing.assert_array_equal(actual, expected)


def _conv_transpose_text() -> str:
    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 3, 3, 2)).astype(np.float32)
    b = np.array([0.5, -1.0, 2.0, 0.0, 1.0, -0.5], np.float32)
    attrs = dict(strides=(2, 3), pads=(1, 3, 0, 1), dilations=(1, 2), output_padding=(1, 2))
    return _conv_transpose((1, 4, 3, 3), w, b, group=2, **attrs)


def test_decomposed_model_exports_and_matches_onnxruntime_on_the_original():
    before, after = _decompose(_conv_transpose_text())
    names = [op.name for op in after.walk()]
    assert {"graph.crop", "graph.insert_zeros", "graph.pad", "graph.conv2d"} <= set(names)
    x = np.random.default_rng(2).standard_normal((1, 4, 3, 3)).astype(np.float32)
    (expected,) = _onnxruntime(before, [x])
    (exported,) = _onnxruntime(after, [x])
    (executed,) = run_sample(after, [x])
    assert_close(exported, expected)
    assert_close(executed, expected)


def test_output_padding_past_the_stride():
    # ONNX allows output_padding < max(stride, dilation); onnxruntime refuses >= stride, so
    # the reference is the graph executor's conv_transpose2d (checked against onnxruntime
    # where it runs).
    w = np.array([[[[1.0, -2.0]]], [[[0.5, 3.0]]]], np.float32)
    attrs = dict(strides=(2, 1), dilations=(1, 3), output_padding=(0, 2))
    before, after = _decompose(_conv_transpose((1, 2, 3, 3), w, group=2, **attrs))
    x = np.random.default_rng(3).standard_normal((1, 2, 3, 3)).astype(np.float32)
    assert_close(run_sample(after, [x])[0], run_sample(before, [x])[0])


def test_result_without_input_contribution_is_the_computed_bias():
    w, b = np.ones((2, 2, 1, 1), np.float32), np.zeros(2, np.float32)
    attrs = dict(strides=(3, 3), pads=(1, 1, 0, 0), output_padding=(2, 2))
    before, after = _decompose(_conv_transpose((2, 2, 1, 1), w, b, computed=("b",), **attrs))
    assert "graph.conv2d" not in [op.name for op in after.walk()]
    x = np.random.default_rng(4).standard_normal((2, 2, 1, 1)).astype(np.float32)
    b = np.array([1.5, -2.0], np.float32)
    expected = run_sample(before, [x, b])[0]
    np.testing.assert_array_equal(expected, np.broadcast_to(b.reshape(1, 2, 1, 1), (2, 2, 2, 2)))
    np.testing.assert_array_equal(run_sample(after, [x, b])[0], expected)


def test_command_line(tmp_path, capsys):
    path = tmp_path / "m.mlir"
    path.write_text(_conv_transpose_text())
    assert opt_main.main([str(path), "-p", "decompose-conv-transpose"]) == 0
    out = capsys.readouterr().out
    assert "graph.conv_transpose2d" not in out
    assert "graph.insert_zeros" in out and "graph.conv2d" in out


def test_computed_weight_is_one_line_error(tmp_path, capsys):
    path = tmp_path / "m.mlir"
    w = np.ones((2, 1, 1, 1), np.float32)
    path.write_text(_conv_transpose((1, 2, 3, 3), w, computed=("w",)))
    assert opt_main.main([str(path), "-p", "decompose-conv-transpose"]) == 1
    line = one_line_error(capsys)
    assert "decompose-conv-transpose: graph.conv_transpose2d %y has a weight that is not" in line
