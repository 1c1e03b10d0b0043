"""ONNX importer: attribute and opset variants of the supported operators.

Each case builds a small model with `onnx.helper`, imports it, checks the IR structure that
matters (explicit pads, reshapes around old-opset Softmax, ops that disappear) and runs it
with the graph executor against onnxruntime (rtol 1e-4, atol 1e-5).
"""

from __future__ import annotations

import math

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects import func

from xopt.dialects import graph
from xopt.dialects.graph.base import ints
from xopt.executor.run import run_sample
from xopt.onnx_import.importer import import_onnx
from xopt.onnx_import.loader import parse_input_shapes

FLOAT = TensorProto.FLOAT
RTOL, ATOL = 1e-4, 1e-5


def _rand(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def _model(nodes, inputs, opset: int, initializers=None, outputs=None) -> onnx.ModelProto:
    """A model of `nodes` with float inputs `{name: shape}` and outputs `{name: elem_type}`
    (one float output `y` by default) of unspecified shape."""
    graph_proto = helper.make_graph(
        nodes,
        "test",
        [helper.make_tensor_value_info(n, FLOAT, s) for n, s in inputs.items()],
        [helper.make_tensor_value_info(n, t, None) for n, t in (outputs or {"y": FLOAT}).items()],
        initializer=[
            numpy_helper.from_array(np.asarray(v), n) for n, v in (initializers or {}).items()
        ],
    )
    opsets = [helper.make_opsetid("", opset)]
    if opset < 3:  # older than onnx's IR version table
        return helper.make_model(graph_proto, opset_imports=opsets, ir_version=3)
    return helper.make_model_gen_version(graph_proto, opset_imports=opsets)


def _onnxruntime(path: str, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def _check(model: onnx.ModelProto, feeds: dict[str, np.ndarray], tmp_path, shapes=None):
    """Import `model`, run it on `feeds` and compare with onnxruntime; the main function."""
    path = str(tmp_path / "model.onnx")
    onnx.save_model(model, path)
    module = import_onnx(path, shapes).module
    got = run_sample(module, list(feeds.values()))
    want = _onnxruntime(path, feeds)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=RTOL, atol=ATOL)
    (main,) = [op for op in module.ops if isinstance(op, func.FuncOp)]
    return main


def _ops(main: func.FuncOp) -> list:
    """The converted ops of @main, without constants and the return."""
    return [
        op for op in main.body.block.ops if not isinstance(op, graph.ConstantOp | func.ReturnOp)
    ]


# ---------------------------------------------------------------- auto_pad


# Kernel 4x3, strides 2 on a 7x8 input: SAME needs 3 rows and 1 column of padding.
AUTO_PADS = {
    "SAME_UPPER": [1, 0, 2, 1],
    "SAME_LOWER": [2, 1, 1, 0],
    "VALID": [0, 0, 0, 0],
}


@pytest.mark.parametrize("auto_pad", sorted(AUTO_PADS))
@pytest.mark.parametrize("opset", [9, 11, 21])
def test_conv_auto_pad(auto_pad, opset, tmp_path):
    w = _rand(5, 3, 4, 3, seed=1)
    node = helper.make_node("Conv", ["x", "w"], ["y"], strides=[2, 2], auto_pad=auto_pad)
    main = _check(
        _model([node], {"x": [1, 3, 7, 8]}, opset, {"w": w}), {"x": _rand(1, 3, 7, 8)}, tmp_path
    )
    (conv,) = _ops(main)
    assert isinstance(conv, graph.Conv2dOp)
    assert list(ints(conv.pads)) == AUTO_PADS[auto_pad]


@pytest.mark.parametrize("auto_pad", sorted(AUTO_PADS))
@pytest.mark.parametrize("op_type", ["MaxPool", "AveragePool"])
@pytest.mark.parametrize("opset", [9, 19])
def test_pool_auto_pad(auto_pad, op_type, opset, tmp_path):
    node = helper.make_node(
        op_type, ["x"], ["y"], kernel_shape=[4, 3], strides=[2, 2], auto_pad=auto_pad
    )
    main = _check(_model([node], {"x": [1, 2, 7, 8]}, opset), {"x": _rand(1, 2, 7, 8)}, tmp_path)
    (pool,) = _ops(main)
    assert list(ints(pool.pads)) == AUTO_PADS[auto_pad]


def test_conv_without_kernel_shape_attribute_and_dilation(tmp_path):
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], dilations=[2, 1], pads=[2, 1, 2, 1])
    inits = {"w": _rand(4, 2, 3, 3, seed=1), "b": _rand(4, seed=2)}
    _check(_model([node], {"x": [1, 2, 9, 9]}, 13, inits), {"x": _rand(1, 2, 9, 9)}, tmp_path)


# ---------------------------------------------------------------- ConvTranspose


@pytest.mark.parametrize(
    "attrs",
    [
        {"strides": [2, 2], "output_shape": [10, 12]},
        {"strides": [2, 2], "output_shape": [9, 11]},
        {"strides": [3, 2], "output_padding": [2, 1], "output_shape": [13, 12]},
        {"strides": [2, 2], "auto_pad": "SAME_UPPER"},
        {"strides": [2, 2], "auto_pad": "SAME_LOWER"},
        {"strides": [2, 2], "auto_pad": "SAME_UPPER", "output_shape": [10, 11]},
        {"strides": [2, 2], "auto_pad": "SAME_LOWER", "output_shape": [10, 11]},
        {"strides": [2, 2], "auto_pad": "VALID"},
        {"strides": [2, 2], "pads": [1, 0, 0, 1], "output_padding": [1, 1]},
        {"strides": [2, 2], "dilations": [2, 1], "auto_pad": "SAME_UPPER"},
    ],
    ids=str,
)
@pytest.mark.parametrize("opset", [9, 21])
def test_conv_transpose(attrs, opset, tmp_path):
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], **attrs)
    model = _model([node], {"x": [1, 2, 5, 6]}, opset, {"w": _rand(2, 3, 3, 3, seed=1)})
    main = _check(model, {"x": _rand(1, 2, 5, 6)}, tmp_path)
    (op,) = _ops(main)
    assert isinstance(op, graph.ConvTranspose2dOp)
    if "output_shape" in attrs:
        assert op.output.type.get_shape()[2:] == tuple(attrs["output_shape"])


# ---------------------------------------------------------------- Clip


CLIP_CASES = [
    (6, {"min": -0.5, "max": 0.5}, [], (-0.5, 0.5)),
    (6, {"min": -0.5}, [], (-0.5, math.inf)),
    (6, {}, [], (-math.inf, math.inf)),
    (11, {}, ["lo", "hi"], (-0.5, 0.5)),
    (11, {}, ["", "hi"], (-math.inf, 0.5)),
    (11, {}, [], (-math.inf, math.inf)),
    (13, {}, ["lo"], (-0.5, math.inf)),
    (13, {}, ["lo", "hi"], (-0.5, 0.5)),
]


@pytest.mark.parametrize("opset, attrs, bounds, expected", CLIP_CASES, ids=str)
def test_clip(opset, attrs, bounds, expected, tmp_path):
    node = helper.make_node("Clip", ["x", *bounds], ["y"], **attrs)
    inits = {"lo": np.float32(-0.5), "hi": np.float32(0.5)}
    inits = {k: v for k, v in inits.items() if k in bounds}
    main = _check(_model([node], {"x": [2, 8]}, opset, inits), {"x": _rand(2, 8)}, tmp_path)
    (clip,) = _ops(main)
    assert (clip.min.value.data, clip.max.value.data) == expected


# ---------------------------------------------------------------- Softmax


def test_softmax_opset_11_coerces_to_2d(tmp_path):
    node = helper.make_node("Softmax", ["x"], ["y"], axis=1)
    main = _check(_model([node], {"x": [2, 3, 4, 5]}, 11), {"x": _rand(2, 3, 4, 5)}, tmp_path)
    reshape, softmax, back = _ops(main)
    assert isinstance(reshape, graph.ReshapeOp) and isinstance(back, graph.ReshapeOp)
    assert softmax.output.type.get_shape() == (2, 60)
    assert softmax.axis.value.data == 1


def test_softmax_opset_13_is_per_axis(tmp_path):
    node = helper.make_node("Softmax", ["x"], ["y"], axis=1)
    main = _check(_model([node], {"x": [2, 3, 4, 5]}, 13), {"x": _rand(2, 3, 4, 5)}, tmp_path)
    (softmax,) = _ops(main)
    assert softmax.axis.value.data == 1


@pytest.mark.parametrize("opset", [9, 11, 13])
def test_softmax_default_axis(opset, tmp_path):
    node = helper.make_node("Softmax", ["x"], ["y"])
    _check(_model([node], {"x": [2, 3, 4]}, opset), {"x": _rand(2, 3, 4)}, tmp_path)


# ---------------------------------------------------------------- Squeeze / Unsqueeze


@pytest.mark.parametrize("opset", [11, 13])
def test_squeeze_unsqueeze(opset, tmp_path):
    if opset < 13:
        nodes = [
            helper.make_node("Squeeze", ["x"], ["s"], axes=[1, -1]),
            helper.make_node("Unsqueeze", ["s"], ["y"], axes=[0, -1]),
        ]
        inits = {}
    else:
        nodes = [
            helper.make_node("Squeeze", ["x", "sq_axes"], ["s"]),
            helper.make_node("Unsqueeze", ["s", "unsq_axes"], ["y"]),
        ]
        inits = {"sq_axes": np.array([1, -1]), "unsq_axes": np.array([0, -1])}
    main = _check(
        _model(nodes, {"x": [3, 1, 4, 1]}, opset, inits), {"x": _rand(3, 1, 4, 1)}, tmp_path
    )
    squeeze, unsqueeze = _ops(main)
    assert list(ints(squeeze.axes)) == [1, 3]
    assert list(ints(unsqueeze.axes)) == [0, 3]
    assert unsqueeze.output.type.get_shape() == (1, 3, 4, 1)


@pytest.mark.parametrize("opset", [9, 13])
def test_squeeze_without_axes(opset, tmp_path):
    node = helper.make_node("Squeeze", ["x"], ["y"])
    _check(_model([node], {"x": [1, 3, 1, 4]}, opset), {"x": _rand(1, 3, 1, 4)}, tmp_path)


# ---------------------------------------------------------------- ReduceMean


REDUCE_CASES = [
    (13, {"axes": [2, -1]}, None, [2, 3]),
    (13, {"axes": [1], "keepdims": 0}, None, [1]),
    (13, {}, None, [0, 1, 2, 3]),
    (18, {}, [2, -1], [2, 3]),
    (18, {"keepdims": 0}, [1], [1]),
    (18, {}, None, [0, 1, 2, 3]),
]


@pytest.mark.parametrize("opset, attrs, axes, expected", REDUCE_CASES, ids=str)
def test_reduce_mean(opset, attrs, axes, expected, tmp_path):
    inputs = ["x"] if axes is None else ["x", "axes"]
    inits = {} if axes is None else {"axes": np.array(axes)}
    node = helper.make_node("ReduceMean", inputs, ["y"], **attrs)
    main = _check(
        _model([node], {"x": [2, 3, 4, 5]}, opset, inits), {"x": _rand(2, 3, 4, 5)}, tmp_path
    )
    (reduce,) = _ops(main)
    assert list(ints(reduce.axes)) == expected


def test_reduce_mean_noop_with_empty_axes(tmp_path):
    node = helper.make_node("ReduceMean", ["x"], ["y"], noop_with_empty_axes=1)
    main = _check(_model([node], {"x": [2, 3]}, 18), {"x": _rand(2, 3)}, tmp_path)
    assert _ops(main) == []


# ---------------------------------------------------------------- Resize / Upsample


def _f32(*values):
    return np.array(values, np.float32)


RESIZE_CASES = [
    (10, {"mode": "nearest"}, {"scales": _f32(1, 1, 2, 1.5)}),
    (10, {"mode": "nearest"}, {"scales": _f32(1, 1, 0.5, 0.6)}),
    (10, {"mode": "linear"}, {"scales": _f32(1, 1, 2, 1.5)}),
    (11, {"mode": "nearest"}, {"roi": _f32(), "scales": _f32(1, 1, 2, 1.5)}),
    (
        11,
        {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
        {"roi": _f32(), "scales": _f32(1, 1, 0.5, 0.6)},
    ),
    (
        11,
        {
            "mode": "nearest",
            "nearest_mode": "floor",
            "coordinate_transformation_mode": "asymmetric",
        },
        {"roi": _f32(), "scales": _f32(), "sizes": np.array([1, 2, 7, 3])},
    ),
    (13, {"mode": "linear"}, {"roi": "", "scales": _f32(1, 1, 2, 1.5)}),
    (
        13,
        {
            "mode": "nearest",
            "nearest_mode": "ceil",
            "coordinate_transformation_mode": "pytorch_half_pixel",
        },
        {"roi": "", "scales": "", "sizes": np.array([1, 2, 7, 3])},
    ),
    (18, {"mode": "linear", "axes": [2, 3]}, {"roi": "", "scales": _f32(2, 1.5)}),
    (
        18,
        {"mode": "nearest", "axes": [3, -2]},
        {"roi": "", "scales": "", "sizes": np.array([3, 7])},
    ),
    (
        19,
        {"mode": "linear", "coordinate_transformation_mode": "asymmetric"},
        {"roi": "", "scales": "", "sizes": np.array([1, 2, 9, 2])},
    ),
    (
        19,
        {"mode": "nearest", "nearest_mode": "round_prefer_ceil"},
        {"roi": "", "scales": _f32(1, 1, 3, 0.5)},
    ),
]


@pytest.mark.parametrize("opset, attrs, operands", RESIZE_CASES, ids=str)
def test_resize(opset, attrs, operands, tmp_path):
    names, inits = ["x"], {}
    for name, value in operands.items():
        if isinstance(value, str):  # an omitted optional input
            names.append("")
        else:
            names.append(name)
            inits[name] = value
    node = helper.make_node("Resize", names, ["y"], **attrs)
    main = _check(
        _model([node], {"x": [1, 2, 4, 5]}, opset, inits), {"x": _rand(1, 2, 4, 5)}, tmp_path
    )
    (resize,) = _ops(main)
    assert isinstance(resize, graph.ResizeOp)


@pytest.mark.parametrize("mode", ["nearest", "linear"])
def test_upsample_opset_9(mode, tmp_path):
    node = helper.make_node("Upsample", ["x", "scales"], ["y"], mode=mode)
    model = _model([node], {"x": [1, 2, 3, 4]}, 9, {"scales": _f32(1, 1, 2, 3)})
    main = _check(model, {"x": _rand(1, 2, 3, 4)}, tmp_path)
    (resize,) = _ops(main)
    assert resize.coordinate_transformation_mode.data == "asymmetric"
    assert resize.output.type.get_shape() == (1, 2, 6, 12)


def test_upsample_opset_7_is_upgraded(tmp_path):
    node = helper.make_node("Upsample", ["x"], ["y"], mode="nearest", scales=[1.0, 1.0, 2.0, 2.0])
    _check(_model([node], {"x": [1, 2, 3, 4]}, 7), {"x": _rand(1, 2, 3, 4)}, tmp_path)


# ---------------------------------------------------------------- Pad


PAD_CASES = [
    (2, {"pads": [0, 0, 1, 2, 0, 0, 2, 1], "value": 1.5}, {}),
    (2, {"pads": [0, 0, 1, 2, 0, 0, 2, 1], "mode": "reflect"}, {}),
    (9, {"pads": [0, 1, 1, 0, 0, 0, 2, 1], "mode": "edge"}, {}),
    (11, {}, {"pads": np.array([0, 0, 1, 2, 0, 0, 2, 1]), "value": np.float32(-2.0)}),
    (11, {"mode": "reflect"}, {"pads": np.array([0, 0, 1, 2, 0, 0, 2, 1])}),
    (13, {"mode": "edge"}, {"pads": np.array([0, 0, 1, 2, 0, 0, 2, 1])}),
    (18, {}, {"pads": np.array([1, 2, 2, 1]), "value": np.float32(0.5), "axes": np.array([2, 3])}),
    (18, {"mode": "reflect"}, {"pads": np.array([2, 1]), "value": "", "axes": np.array([-1])}),
    (21, {"mode": "edge"}, {"pads": np.array([1, 0, 0, 3]), "value": "", "axes": np.array([1, 3])}),
]


@pytest.mark.parametrize("opset, attrs, operands", PAD_CASES, ids=str)
def test_pad(opset, attrs, operands, tmp_path):
    names, inits = ["x"], {}
    for name, value in operands.items():
        names.append("" if isinstance(value, str) else name)
        if not isinstance(value, str):
            inits[name] = value
    node = helper.make_node("Pad", names, ["y"], **attrs)
    main = _check(
        _model([node], {"x": [1, 2, 4, 5]}, opset, inits), {"x": _rand(1, 2, 4, 5)}, tmp_path
    )
    (pad,) = _ops(main)
    assert isinstance(pad, graph.PadOp)
    assert len(ints(pad.pads)) == 8


# ---------------------------------------------------------------- ops that disappear


@pytest.mark.parametrize("opset", [9, 12, 13, 21])
def test_dropout_and_identity_disappear(opset, tmp_path):
    dropout_inputs = ["a", "ratio", "training"] if opset >= 12 else ["a"]
    nodes = [
        helper.make_node("Identity", ["x"], ["a"]),
        helper.make_node("Dropout", dropout_inputs, ["b", "mask"]),
        helper.make_node("Relu", ["b"], ["c"]),
        helper.make_node("Identity", ["c"], ["y"]),
    ]
    inits = {"ratio": np.float32(0.5), "training": np.bool_(False)} if opset >= 12 else {}
    main = _check(_model(nodes, {"x": [2, 3]}, opset, inits), {"x": _rand(2, 3)}, tmp_path)
    assert [op.name for op in _ops(main)] == ["graph.relu"]


def test_identity_model_returns_its_argument(tmp_path):
    node = helper.make_node("Identity", ["x"], ["y"])
    main = _check(_model([node], {"x": [2, 3]}, 13), {"x": _rand(2, 3)}, tmp_path)
    (ret,) = [op for op in main.body.block.ops]
    assert ret.operands[0] is main.body.block.args[0]


# ---------------------------------------------------------------- other opset differences


@pytest.mark.parametrize("axis", [-1, -3, 0, 2, 4])
def test_flatten_axis(axis, tmp_path):
    node = helper.make_node("Flatten", ["x"], ["y"], axis=axis)
    _check(_model([node], {"x": [2, 3, 4, 5]}, 13), {"x": _rand(2, 3, 4, 5)}, tmp_path)


def test_opset_6_prelu_slope_is_per_channel(tmp_path):
    """PRelu before opset 7 applies a 1-D slope along the channel axis; onnxruntime has no
    PRelu-6 kernel, so the reference is the formula."""
    node = helper.make_node("PRelu", ["x", "slope"], ["y"])
    slope = _f32(0.1, 0.2, 0.3)
    model = _model([node], {"x": [2, 3, 4, 5]}, 6, {"slope": slope})
    path = str(tmp_path / "model.onnx")
    onnx.save_model(model, path)
    x = _rand(2, 3, 4, 5)
    (got,) = run_sample(import_onnx(path).module, [x])
    np.testing.assert_allclose(got, np.where(x > 0, x, x * slope[:, None, None]), rtol=RTOL)


@pytest.mark.parametrize("op_type", ["Add", "Sub", "Mul", "Div"])
def test_opset_6_broadcast_with_axis(op_type, tmp_path):
    """Before opset 7, `broadcast=1, axis=1` aligns B with A's axes 1.. (a per-channel
    bias); onnxruntime has no Add-6 kernels, so the reference is numpy."""
    node = helper.make_node(op_type, ["x", "b"], ["y"], broadcast=1, axis=1)
    b = _f32(0.5, 1.0, 2.0)
    model = _model([node], {"x": [2, 3, 4, 5]}, 6, {"b": b})
    path = str(tmp_path / "model.onnx")
    onnx.save_model(model, path)
    x = _rand(2, 3, 4, 5)
    (got,) = run_sample(import_onnx(path).module, [x])
    numpy_op = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide}
    np.testing.assert_allclose(got, numpy_op[op_type](x, b[:, None, None]), rtol=RTOL)


def test_opset_7_model_is_upgraded(tmp_path):
    nodes = [
        helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["n"], spatial=1),
        helper.make_node("Add", ["n", "c"], ["y"]),
    ]
    inits = {k: _rand(3, seed=i) for i, k in enumerate("sbm")} | {"v": _f32(1, 2, 3), "c": _rand(5)}
    _check(_model(nodes, {"x": [2, 3, 4, 5]}, 7, inits), {"x": _rand(2, 3, 4, 5)}, tmp_path)


def test_constant_nodes_fold(tmp_path):
    nodes = [
        helper.make_node("Constant", [], ["c"], value_floats=[1.0, 2.0, 3.0]),
        helper.make_node("Constant", [], ["k"], value_float=2.0),
        helper.make_node("Mul", ["x", "c"], ["m"]),
        helper.make_node("Mul", ["m", "k"], ["y"]),
    ]
    main = _check(_model(nodes, {"x": [2, 3]}, 13), {"x": _rand(2, 3)}, tmp_path)
    assert [op.name for op in _ops(main)] == ["graph.mul", "graph.mul"]


def test_shape_arithmetic_folds_into_reshape(tmp_path):
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
        helper.make_node("Unsqueeze", ["n", "zero_axis"], ["n1"]),
        helper.make_node("Concat", ["n1", "minus_one"], ["shape"], axis=0),
        helper.make_node("Reshape", ["x", "shape"], ["y"]),
    ]
    inits = {"zero": np.array(0), "zero_axis": np.array([0]), "minus_one": np.array([-1])}
    main = _check(_model(nodes, {"x": [2, 3, 4]}, 13, inits), {"x": _rand(2, 3, 4)}, tmp_path)
    (reshape,) = _ops(main)
    assert reshape.output.type.get_shape() == (2, 12)


def test_constant_graph_outputs(tmp_path):
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"]),
        helper.make_node("Constant", [], ["c"], value_ints=[4, 5]),
        helper.make_node("Relu", ["x"], ["y"]),
    ]
    outputs = {"y": FLOAT, "shape": TensorProto.INT64, "c": TensorProto.INT64}
    main = _check(_model(nodes, {"x": [2, 3]}, 13, outputs=outputs), {"x": _rand(2, 3)}, tmp_path)
    assert [op.name for op in _ops(main)] == ["graph.relu"]


# ---------------------------------------------------------------- one model per opset


def _opset_zoo(opset: int):
    """A small CNN using every supported operator in its form at `opset`."""
    inits: dict[str, np.ndarray] = {
        "w1": _rand(4, 3, 3, 3, seed=1) * 0.3,
        "b1": _rand(4, seed=2),
        "bn_s": _f32(1.0, 0.5, 2.0, 1.5),
        "bn_b": _rand(4, seed=3),
        "bn_m": _rand(4, seed=4),
        "bn_v": _f32(1.0, 2.0, 0.5, 1.5),
        "w2": _rand(4, 2, 2, 2, seed=5) * 0.3,
        "slope": _f32(0.1, 0.2)[:, None, None],
        "g_w": _rand(8, 5, seed=6),
        "g_c": _rand(5, seed=7),
        "mm": _rand(5, 5, seed=8),
        "shape": np.array([1, 5]),
        "two": np.float32(2.0),
    }
    n = helper.make_node
    nodes = [n("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1])]
    nodes.append(n("BatchNormalization", ["c1", "bn_s", "bn_b", "bn_m", "bn_v"], ["bn"]))
    if opset < 11:
        nodes.append(n("Clip", ["bn"], ["cl"], min=-1.0, max=3.0))
    else:
        inits |= {"lo": np.float32(-1.0), "hi": np.float32(3.0)}
        nodes.append(n("Clip", ["bn", "lo", "hi"], ["cl"]))
    nodes.append(n("MaxPool", ["cl"], ["mp"], kernel_shape=[2, 2], strides=[2, 2]))
    nodes.append(
        n(
            "AveragePool",
            ["mp"],
            ["ap"],
            kernel_shape=[3, 3],
            pads=[1, 1, 1, 1],
            count_include_pad=1,
        )
    )
    inits["scales"] = _f32(1, 1, 2, 2)
    if opset == 9:
        nodes.append(n("Upsample", ["ap", "scales"], ["up"]))
    elif opset == 10:
        nodes.append(n("Resize", ["ap", "scales"], ["up"]))
    else:
        inits["roi"] = _f32()
        nodes.append(n("Resize", ["ap", "roi", "scales"], ["up"], mode="linear"))
    pads = [0, 0, 1, 0, 0, 0, 0, 1]
    if opset < 11:
        nodes.append(n("Pad", ["up"], ["pd"], pads=pads, mode="edge"))
    else:
        inits["pads"] = np.array(pads)
        nodes.append(n("Pad", ["up", "pads"], ["pd"], mode="edge"))
    nodes += [
        n("ConvTranspose", ["pd", "w2"], ["ct"], strides=[2, 2]),
        n("LeakyRelu", ["ct"], ["lr"], alpha=0.2),
        n("LRN", ["lr"], ["lrn"], size=3),
        n("PRelu", ["lrn", "slope"], ["pr"]),
        n("Sigmoid", ["pr"], ["sg"]),
        n("Mul", ["pr", "sg"], ["sw"]),
        n("GlobalAveragePool", ["sw"], ["gap"]),
        n("Concat", ["gap", "gap", "gap", "gap"], ["cat"], axis=1),
        n("Flatten", ["cat"], ["fl"], axis=1),
        n("Gemm", ["fl", "g_w", "g_c"], ["gm"], alpha=0.5, beta=2.0),
        n("Dropout", ["gm"], ["dr"]),
        n("MatMul", ["dr", "mm"], ["mmo"]),
        n("Tanh", ["mmo"], ["th"]),
        n("HardSigmoid", ["mmo"], ["hs"]),
        n("Sum", ["th", "hs", "mmo"], ["sm"]),
        n("Sub", ["sm", "th"], ["sb"]),
        n("Div", ["sb", "two"], ["dv"]),
        n("Identity", ["dv"], ["id"]),
        n("Reshape", ["id", "shape"], ["rs"]),
        n("Transpose", ["rs"], ["tr"], perm=[1, 0]),
    ]
    tail = "tr"
    if opset >= 14:
        nodes.append(n("HardSwish", [tail], ["hw"]))
        tail = "hw"
    if opset >= 13:
        inits["axes"] = np.array([1])
        nodes.append(
            n(
                "ReduceMean",
                [tail, "axes"] if opset >= 18 else [tail],
                ["rm"],
                **({} if opset >= 18 else {"axes": [1]}),
            )
        )
        nodes.append(n("Squeeze", ["rm", "axes"], ["sq"]))
    else:
        nodes.append(n("ReduceMean", [tail], ["rm"], axes=[1]))
        nodes.append(n("Squeeze", ["rm"], ["sq"], axes=[1]))
    nodes += [
        n("Softmax", ["sq"], ["y"], axis=0),
        n("ArgMax", ["sq"], ["idx"], axis=0, keepdims=0),
        n("Relu", ["ct"], ["relu"]),
        n("Add", ["relu", "ct"], ["z"]),
    ]
    return _model(
        nodes,
        {"x": [1, 3, 8, 8]},
        opset,
        inits,
        outputs={"y": FLOAT, "idx": TensorProto.INT64, "z": FLOAT},
    )


@pytest.mark.parametrize("opset", range(9, 22))
def test_every_supported_op_at_every_opset(opset, tmp_path):
    _check(_opset_zoo(opset), {"x": _rand(1, 3, 8, 8)}, tmp_path)


# ---------------------------------------------------------------- loading


def _dynamic_batch_model() -> onnx.ModelProto:
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("GlobalAveragePool", ["c"], ["g"]),
        helper.make_node("Flatten", ["g"], ["y"]),
    ]
    return _model(nodes, {"x": ["N", 3, 6, 6]}, 13, {"w": _rand(4, 3, 3, 3, seed=1)})


def test_input_shape_fixes_a_dynamic_batch(tmp_path):
    shapes = parse_input_shapes(["x=3x3x6x6"])
    main = _check(_dynamic_batch_model(), {"x": _rand(3, 3, 6, 6)}, tmp_path, shapes)
    assert main.function_type.inputs.data[0].get_shape() == (3, 3, 6, 6)
    assert main.function_type.outputs.data[0].get_shape() == (3, 4)


def test_external_data_model(tmp_path):
    model = _dynamic_batch_model()
    path = str(tmp_path / "model.onnx")
    onnx.save_model(
        model,
        path,
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location="weights.bin",
        size_threshold=0,
    )
    assert (tmp_path / "weights.bin").stat().st_size == 4 * 3 * 3 * 3 * 4
    x = _rand(2, 3, 6, 6)
    module = import_onnx(path, {"x": (2, 3, 6, 6)}).module
    (got,) = run_sample(module, [x])
    (want,) = _onnxruntime(path, {"x": x})
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)
