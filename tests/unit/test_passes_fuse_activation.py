"""fuse-activation on small random ONNX models: the fused module computes what the original
did (reference executor, 1e-5 relative), before and after a print/parse round trip, and
no activation op is left."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects.builtin import ModuleOp

from xopt.executor.run import run_sample
from xopt.ir_io import make_context, module_text, parse_mlir
from xopt.onnx_import.importer import import_onnx
from xopt.passes.fold_batchnorm import FoldBatchnormPass
from xopt.passes.fuse_activation import FuseActivationPass

ACTIVATION_OPS = {"graph.relu", "graph.clip", "graph.leaky_relu", "graph.hard_swish"}


def _import(tmp_path, nodes, x_shape, initializers) -> ModuleOp:
    graph = helper.make_graph(
        nodes,
        "model",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(array, name) for name, array in initializers.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    path = tmp_path / "model.onnx"
    onnx.save(model, path)
    return import_onnx(str(path)).module


def _op_names(module: ModuleOp) -> list[str]:
    return [op.name for op in module.walk()]


def _activation(kind: str) -> tuple[list[onnx.NodeProto], dict[str, np.ndarray]]:
    """The activation node(s) from `p` to `y` and the initializers they need."""
    f32 = np.float32
    if kind == "relu":
        return [helper.make_node("Relu", ["p"], ["y"])], {}
    if kind == "relu6":
        bounds = {"lo": np.array(0, f32), "hi": np.array(6, f32)}
        return [helper.make_node("Clip", ["p", "lo", "hi"], ["y"])], bounds
    if kind == "clip_max_only":  # min absent: -inf
        return [helper.make_node("Clip", ["p", "", "hi"], ["y"])], {"hi": np.array(0.5, f32)}
    if kind == "clip_min_only":  # max absent: +inf
        return [helper.make_node("Clip", ["p", "lo"], ["y"])], {"lo": np.array(-0.25, f32)}
    if kind == "leaky_relu":
        return [helper.make_node("LeakyRelu", ["p"], ["y"], alpha=0.15)], {}
    assert kind == "hard_swish"
    return [helper.make_node("HardSwish", ["p"], ["y"])], {}


KINDS = ["relu", "relu6", "clip_max_only", "clip_min_only", "leaky_relu", "hard_swish"]


def _producer(kind: str, rng: np.random.Generator):
    """A producer node writing `p`, its initializers and the input shape."""
    if kind == "conv":
        w = rng.normal(size=(4, 3, 3, 3)).astype(np.float32)
        b = rng.normal(size=4).astype(np.float32)
        node = helper.make_node("Conv", ["x", "w", "b"], ["p"], pads=[1, 1, 1, 1])
        return node, {"w": w, "b": b}, (1, 3, 5, 5)
    if kind == "gemm":
        w = rng.normal(size=(6, 4)).astype(np.float32)
        node = helper.make_node("Gemm", ["x", "w"], ["p"], transB=1, alpha=0.5)
        return node, {"w": w}, (2, 4)
    assert kind == "add"
    z = rng.normal(size=(5,)).astype(np.float32)
    return helper.make_node("Add", ["x", "z"], ["p"]), {"z": z}, (3, 5)


def _check_equivalent(before: list[np.ndarray], after: list[np.ndarray]) -> None:
    for b, a in zip(before, after, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5 * float(np.abs(b).max()))


@pytest.mark.parametrize("producer", ["conv", "gemm", "add"])
@pytest.mark.parametrize("kind", KINDS)
def test_fused_activation_computes_the_same(tmp_path, producer, kind):
    rng = np.random.default_rng(len(kind))
    node, params, x_shape = _producer(producer, rng)
    act_nodes, act_params = _activation(kind)
    module = _import(tmp_path, [node, *act_nodes], x_shape, {**params, **act_params})
    x = (2 * rng.normal(size=x_shape)).astype(np.float32)
    before = run_sample(module, [x])

    FuseActivationPass().apply(make_context(), module)
    module.verify()
    assert not ACTIVATION_OPS & set(_op_names(module))
    _check_equivalent(before, run_sample(module, [x]))

    reparsed = parse_mlir(module_text(module), "fused.mlir")
    assert module_text(reparsed) == module_text(module)
    _check_equivalent(before, run_sample(reparsed, [x]))


def test_conv_batch_norm_clip_pipeline(tmp_path):
    rng = np.random.default_rng(7)
    params = {
        "w": rng.normal(size=(4, 3, 3, 3)).astype(np.float32),
        "s": rng.uniform(0.5, 2, 4).astype(np.float32),
        "bb": rng.normal(size=4).astype(np.float32),
        "m": rng.normal(size=4).astype(np.float32),
        "v": rng.uniform(0.5, 2, 4).astype(np.float32),
        "lo": np.array(0, np.float32),
        "hi": np.array(6, np.float32),
    }
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c", "s", "bb", "m", "v"], ["p"]),
        helper.make_node("Clip", ["p", "lo", "hi"], ["y"]),
    ]
    module = _import(tmp_path, nodes, (1, 3, 6, 6), params)
    x = rng.normal(size=(1, 3, 6, 6)).astype(np.float32)
    before = run_sample(module, [x])

    ctx = make_context()
    FoldBatchnormPass().apply(ctx, module)
    FuseActivationPass().apply(ctx, module)
    module.verify()
    graph_ops = [name for name in _op_names(module) if name.startswith("graph.")]
    assert sorted(graph_ops) == ["graph.constant", "graph.constant", "graph.conv2d"]
    _check_equivalent(before, run_sample(module, [x]))


def test_producer_with_second_use_is_not_fused(tmp_path):
    rng = np.random.default_rng(0)
    node, params, x_shape = _producer("add", rng)
    nodes = [
        node,
        helper.make_node("Relu", ["p"], ["r"]),
        helper.make_node("Mul", ["r", "p"], ["y"]),
    ]
    module = _import(tmp_path, nodes, x_shape, params)
    names = _op_names(module)
    FuseActivationPass().apply(make_context(), module)
    assert _op_names(module) == names
