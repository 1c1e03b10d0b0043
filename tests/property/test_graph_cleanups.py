"""Property tests: the clean-up rewrites (fold-pad, gemm-to-conv, sink-transposes) keep
what a model computes.

Each example builds a small ONNX model with random shapes, attributes and values, imports
it, runs the pass, and compares the xopt reference executor on the rewritten module with
onnxruntime on the original model (1e-4 relative, 1e-5 absolute on float32). Each test
also checks that the rewrite happened when it must, so that it cannot pass vacuously.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import onnx
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from xopt.dialects.graph import shapes
from xopt.executor.run import run_sample
from xopt.ir_io import load_module, make_context
from xopt.passes.fold_pad import FoldPadPass
from xopt.passes.gemm_to_conv import GemmToConvPass
from xopt.passes.sink_transposes import SinkTransposesPass
from xopt.testing import assert_close

SETTINGS = settings(max_examples=30, deadline=None)
seeds = st.integers(0, 2**32 - 1)


def _model(nodes, x: np.ndarray, initializers: dict[str, np.ndarray]) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes,
        "model",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(array, name) for name, array in initializers.items()],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=8)


def _onnxruntime(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    # onnxruntime's own graph rewrites (it fuses Pad into Conv/Pool too) stay off: the
    # reference is the original model's semantics.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    return session.run(None, {"x": x})[0]


def _import(model: onnx.ModelProto) -> ModuleOp:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.onnx")
        onnx.save(model, path)
        return load_module(path)


def _op_names(module: ModuleOp) -> list[str]:
    return [op.name for op in module.walk()]


def _check(model: onnx.ModelProto, x: np.ndarray, rewrite: ModulePass) -> ModuleOp:
    """Import, rewrite, verify, and compare with onnxruntime on the original model."""
    expected = _onnxruntime(model, x)
    module = _import(model)
    rewrite.apply(make_context(), module)
    module.verify()
    (actual,) = run_sample(module, [x])
    assert_close(actual, expected)
    return module


# ---- fold-pad


@st.composite
def pad_cases(draw):
    kind = draw(st.sampled_from(["Conv", "AveragePool", "MaxPool"]))
    fill = draw(st.sampled_from([0.0, -np.inf, 1.0]))
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    strides = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    extra = draw(st.tuples(*[st.integers(0, 2)] * 4))
    own = draw(st.tuples(*[st.integers(0, 1)] * 4))
    if kind != "Conv":  # onnxruntime: pool pads smaller than the kernel
        own = tuple(min(p, kernel[i % 2] - 1) for i, p in enumerate(own))
    size = [draw(st.integers(max(1, kernel[i] - own[i] - own[i + 2]), 5)) for i in range(2)]
    rng = np.random.default_rng(draw(seeds))
    channels = draw(st.integers(1, 3))
    x = rng.standard_normal((1, channels, *size)).astype(np.float32)
    pads = [0, 0, extra[0], extra[1], 0, 0, extra[2], extra[3]]
    initializers = {"pads": np.array(pads, np.int64), "fill": np.array(fill, np.float32)}
    pad = helper.make_node("Pad", ["x", "pads", "fill"], ["p"], mode="constant")
    attrs = dict(strides=strides, pads=own, kernel_shape=kernel)
    total = [a + b for a, b in zip(own, extra[:2] + extra[2:])]
    if kind == "Conv":
        initializers["w"] = rng.standard_normal((2, channels, *kernel)).astype(np.float32)
        window = helper.make_node("Conv", ["p", "w"], ["y"], **attrs)
        return _model([pad, window], x, initializers), x, fill == 0.0
    # Pools must fold when the value is legal, the pads stay below the kernel and, without
    # ceil_mode, the window count cannot change.
    ceil = draw(st.integers(0, 1))
    if ceil:
        # onnx shape inference keeps a last ceil_mode window that starts in the end padding,
        # onnxruntime (and xopt) drop it: the importer rejects such models.
        for i in range(2):
            padded = size[i] + extra[i] + extra[i + 2]
            onnx_out = -(-(padded + own[i] + own[i + 2] - kernel[i]) // strides[i]) + 1
            ort_out = shapes.sliding_window(
                padded, kernel[i], strides[i], own[i], own[i + 2], 1, True
            )
            assume(onnx_out == ort_out)
    geometry = not ceil and all(p < kernel[i % 2] for i, p in enumerate(total))
    if kind == "AveragePool":
        count = draw(st.integers(0, 1))
        window = helper.make_node(
            "AveragePool", ["p"], ["y"], count_include_pad=count, ceil_mode=ceil, **attrs
        )
        must_fold = geometry and fill == 0.0 and (count or not any(own))
    else:
        # A window holding only -inf fill and pool padding has no defined answer: onnxruntime
        # gives -inf or the lowest float depending on its code path. Keep one input per window.
        assume(fill != -np.inf or all(p < kernel[i % 2] for i, p in enumerate(total)))
        window = helper.make_node("MaxPool", ["p"], ["y"], ceil_mode=ceil, **attrs)
        must_fold = geometry and fill == -np.inf
    return _model([pad, window], x, initializers), x, must_fold


@settings(max_examples=100, deadline=None)
@given(pad_cases())
def test_fold_pad_matches_onnxruntime(case):
    model, x, must_fold = case
    module = _check(model, x, FoldPadPass())
    if must_fold:
        assert "graph.pad" not in _op_names(module)


# ---- gemm-to-conv


@st.composite
def fully_connected_cases(draw):
    rng = np.random.default_rng(draw(seeds))
    n, c, k = draw(st.integers(1, 2)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    h, w = draw(st.sampled_from([(1, 1), (1, 1), (2, 1), (2, 3)]))
    source = draw(st.sampled_from(["pool", "image", "matrix"]))
    if source == "pool":  # the classifier: global pool -> flatten
        x = rng.standard_normal((n, c, h + 1, w + 1)).astype(np.float32)
        nodes = [
            helper.make_node("GlobalAveragePool", ["x"], ["g"]),
            helper.make_node("Flatten", ["g"], ["a"], axis=1),
        ]
        depth = c
    elif source == "image":  # a whole image reshaped into one row per sample
        x = rng.standard_normal((n, c, h, w)).astype(np.float32)
        nodes = [helper.make_node("Reshape", ["x", "shape"], ["a"])]
        depth = c * h * w
    else:
        x = rng.standard_normal((n, c)).astype(np.float32)
        nodes = [helper.make_node("Identity", ["x"], ["a"])]
        depth = c
    initializers = {"shape": np.array([n, depth], np.int64)}
    if draw(st.booleans()):
        trans_b = draw(st.integers(0, 1))
        weight = rng.standard_normal((k, depth) if trans_b else (depth, k))
        initializers["b"] = weight.astype(np.float32)
        inputs = ["a", "b"]
        c_shape = draw(st.sampled_from([None, (), (k,), (1, k), (1, 1)]))
        if c_shape is not None:
            initializers["c"] = np.asarray(rng.standard_normal(c_shape), np.float32)
            inputs.append("c")
        alpha, beta = draw(st.sampled_from([1.0, 0.5])), draw(st.sampled_from([1.0, -2.0]))
        nodes.append(
            helper.make_node("Gemm", inputs, ["y"], alpha=alpha, beta=beta, transB=trans_b)
        )
    else:
        initializers["b"] = rng.standard_normal((depth, k)).astype(np.float32)
        nodes.append(helper.make_node("MatMul", ["a", "b"], ["y"]))
    when = draw(st.sampled_from(["flatten-only", "always"]))
    must_convert = source != "matrix" or when == "always"
    return _model(nodes, x, initializers), x, when, must_convert


@SETTINGS
@given(fully_connected_cases())
def test_gemm_to_conv_matches_onnxruntime(case):
    model, x, when, must_convert = case
    module = _check(model, x, GemmToConvPass(when))
    names = _op_names(module)
    converted = "graph.gemm" not in names and "graph.matmul" not in names
    assert converted == must_convert
    assert names.count("graph.conv2d") == int(must_convert)


# ---- sink-transposes


@st.composite
def transpose_round_trips(draw):
    """x -> Transpose(p) [-> Squeeze(unit axis)] -> element-wise ops [-> Unsqueeze] ->
    Transpose(p^-1): the round trip exporters emit, which must leave no transpose."""
    rng = np.random.default_rng(draw(seeds))
    shape = draw(st.lists(st.integers(1, 3), min_size=4, max_size=4))
    perm = draw(st.permutations(range(4)))
    x = rng.standard_normal(shape).astype(np.float32)
    inverse = [perm.index(i) for i in range(4)]
    current = [shape[p] for p in perm]
    nodes = [helper.make_node("Transpose", ["x"], ["t0"], perm=perm)]
    initializers: dict[str, np.ndarray] = {}
    units = [i for i, d in enumerate(current) if d == 1]
    squeeze = units[0] if units and draw(st.booleans()) else None
    name = "t0"
    if squeeze is not None:
        initializers["axes"] = np.array([squeeze], np.int64)
        nodes.append(helper.make_node("Squeeze", [name, "axes"], ["sq"]))
        current, name = current[:squeeze] + current[squeeze + 1 :], "sq"
    for i, kind in enumerate(draw(st.lists(st.sampled_from(OPS), max_size=3))):
        out = f"v{i}"
        if kind in ("Add", "Mul"):
            suffix = draw(st.integers(0, len(current)))
            const = rng.standard_normal(current[len(current) - suffix :]).astype(np.float32)
            initializers[f"c{i}"] = const
            operands = [name, f"c{i}"] if draw(st.booleans()) else [f"c{i}", name]
            nodes.append(helper.make_node(kind, operands, [out]))
        elif kind == "Softmax":
            axis = draw(st.integers(-len(current), len(current) - 1))
            nodes.append(helper.make_node("Softmax", [name], [out], axis=axis))
        else:
            nodes.append(helper.make_node(kind, [name], [out]))
        name = out
    if squeeze is not None:
        nodes.append(helper.make_node("Unsqueeze", [name, "axes"], ["unsq"]))
        name = "unsq"
    nodes.append(helper.make_node("Transpose", [name], ["y"], perm=inverse))
    return _model(nodes, x, initializers), x


OPS = ["Relu", "Sigmoid", "Tanh", "Add", "Mul", "Softmax"]


@SETTINGS
@given(transpose_round_trips())
def test_sink_transposes_cancels_round_trips(case):
    model, x = case
    module = _check(model, x, SinkTransposesPass())
    assert "graph.transpose" not in _op_names(module)
