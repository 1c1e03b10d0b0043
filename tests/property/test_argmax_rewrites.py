"""Property tests: `decompose-argmax` and `fuse-resize-argmax` on small random ONNX models
give exactly onnxruntime's ArgMax (integer equality), ties and near-ties included.

Inputs are either small integer-valued floats (many exact ties; after a bilinear resize
also near-ties that only onnxruntime's own float32 operation order decides) or normal
floats."""

from __future__ import annotations

import math

import numpy as np
import onnx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects.builtin import ModuleOp

from xopt.executor import graph_kernels as gk
from xopt.executor.run import run_sample
from xopt.ir_io import make_context
from xopt.onnx_import.importer import import_onnx
from xopt.passes.decompose_argmax import DecomposeArgmaxPass
from xopt.passes.fuse_resize_argmax import FuseResizeArgmaxPass
from xopt.testing import run_model

OPSET = 18
SETTINGS = settings(max_examples=80, deadline=None)
seeds = st.integers(0, 2**32 - 1)
COORDINATE_MODES = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"]
NEAREST_MODES = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]
SCALES = [0.5, 0.6, 0.75, 1.0, 4 / 3, 1.5, 2.0, 2.5, 3.0, 8.0]


def _values(rng: np.random.Generator, shape, tied: bool) -> np.ndarray:
    if tied:
        return rng.integers(-2, 3, size=shape).astype(np.float32)
    return rng.standard_normal(shape).astype(np.float32)


def _model(nodes, x: np.ndarray, initializers=()) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes,
        "model",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.INT64, None)],
        list(initializers),
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)


def _rewritten(tmp_path, model: onnx.ModelProto, passes) -> ModuleOp:
    path = tmp_path / "model.onnx"
    onnx.save(model, path)
    module = import_onnx(str(path)).module
    for p in passes:
        p.apply(make_context(), module)
    module.verify()
    return module


def _check(module, model, x) -> np.ndarray:
    expected = run_model(model, x)
    (actual,) = run_sample(module, [x])
    assert actual.shape == expected.shape
    np.testing.assert_array_equal(actual.astype(np.int64), expected)
    return actual


@st.composite
def argmax_cases(draw):
    rank = draw(st.integers(1, 4))
    shape = [draw(st.integers(1, 4)) for _ in range(rank)]
    axis = draw(st.integers(-rank, rank - 1))
    shape[axis] = draw(st.integers(1, 40))
    x = _values(np.random.default_rng(draw(seeds)), tuple(shape), draw(st.booleans()))
    attrs = {
        "axis": axis,
        "keepdims": draw(st.integers(0, 1)),
        "select_last_index": draw(st.integers(0, 1)),
    }
    return x, attrs, draw(st.integers(2, 9))


@SETTINGS
@given(argmax_cases())
def test_decompose_argmax_equalsrun_model(tmp_path_factory, case):
    x, attrs, group = case
    model = _model([helper.make_node("ArgMax", ["x"], ["y"], **attrs)], x)
    module = _rewritten(tmp_path_factory.mktemp("m"), model, [DecomposeArgmaxPass(group=group)])
    names = [op.name for op in module.walk()]
    decomposed = x.shape[attrs["axis"]] > group
    assert ("graph.argmax_groups" in names) == decomposed
    assert ("graph.argmax" in names) != decomposed
    _check(module, model, x)


@st.composite
def resize_argmax_cases(draw):
    """NCHW input, Resize attributes with `scales` or `sizes` (H and W only), ArgMax over
    the channels; the class count goes past one decompose group."""
    mode = draw(st.sampled_from(["nearest", "linear"]))
    resize_attrs = {
        "mode": mode,
        "coordinate_transformation_mode": draw(st.sampled_from(COORDINATE_MODES)),
        "nearest_mode": draw(st.sampled_from(NEAREST_MODES)),
    }
    spatial = [draw(st.sampled_from(SCALES)) for _ in range(2)]
    shape = (
        draw(st.integers(1, 2)),
        draw(st.integers(1, 24)),
        *(draw(st.integers(math.ceil(1 / s - 1e-6), 6)) for s in spatial),
    )
    scales = np.array([1.0, 1.0, *spatial], dtype=np.float32)
    sizes = None
    if draw(st.booleans()):
        sizes = np.array([*shape[:2], draw(st.integers(1, 12)), draw(st.integers(1, 12))])
    x = _values(np.random.default_rng(draw(seeds)), shape, draw(st.booleans()))
    argmax_attrs = {
        "axis": draw(st.sampled_from([1, -3])),
        "keepdims": draw(st.integers(0, 1)),
        "select_last_index": draw(st.integers(0, 1)),
    }
    return x, resize_attrs, scales, sizes, argmax_attrs


def _resize_argmax_model(x, resize_attrs, scales, sizes, argmax_attrs) -> onnx.ModelProto:
    if sizes is None:
        inputs, init = ["x", "", "scales"], [numpy_helper.from_array(scales, "scales")]
    else:
        inputs, init = ["x", "", "", "sizes"], [numpy_helper.from_array(sizes, "sizes")]
    nodes = [
        helper.make_node("Resize", inputs, ["r"], **resize_attrs),
        helper.make_node("ArgMax", ["r"], ["y"], **argmax_attrs),
    ]
    return _model(nodes, x, init)


@SETTINGS
@given(resize_argmax_cases(), st.booleans())
def test_fuse_resize_argmax_equalsrun_model(tmp_path_factory, case, decompose_too):
    model = _resize_argmax_model(*case)
    passes = [FuseResizeArgmaxPass()] + ([DecomposeArgmaxPass(group=4)] if decompose_too else [])
    module = _rewritten(tmp_path_factory.mktemp("m"), model, passes)
    names = [op.name for op in module.walk()]
    assert "graph.resize_argmax" in names
    assert "graph.resize" not in names and "graph.argmax" not in names
    actual = _check(module, model, case[0])
    assert actual.dtype == np.int16  # @main's only output: the i16 class map


@pytest.mark.parametrize("select_last_index", [0, 1])
def test_fused_linear_kernel_reproduces_onnxruntime_near_ties(tmp_path, select_last_index):
    """Channel 1 is channel 0 mirrored: where both blend the same four values their exact
    results tie, and float32 rounding in onnxruntime's tap order decides. xopt's separable
    `graph.resize` kernel (rows, then columns) rounds differently and picks other classes
    there; the fused kernel must not."""
    rng = np.random.default_rng(3)
    x = (rng.integers(0, 5, size=(1, 8, 4, 4)) / np.float32(3)).astype(np.float32)
    x[:, 1] = x[:, 0, ::-1, ::-1]
    scales = np.array([1, 1, 1.5, 3], np.float32)
    resize_attrs = {"mode": "linear", "coordinate_transformation_mode": "half_pixel"}
    argmax_attrs = {"axis": 1, "keepdims": 0, "select_last_index": select_last_index}
    model = _resize_argmax_model(x, resize_attrs, scales, None, argmax_attrs)
    module = _rewritten(tmp_path, model, [FuseResizeArgmaxPass()])
    expected = run_model(model, x)
    separable = gk.resize(x, (1, 8, 6, 12), scales.tolist(), **resize_attrs)
    assert np.any(gk.argmax(separable, 1, False, bool(select_last_index)) != expected)
    _check(module, model, x)
