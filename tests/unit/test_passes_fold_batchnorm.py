"""fold-batchnorm on small random ONNX models: the folded module computes what the
original did (reference executor, 1e-5 relative), and the batch norm is gone."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.exceptions import PassFailedException

from xopt.executor.run import run_sample
from xopt.ir_io import make_context
from xopt.onnx_import.importer import import_onnx
from xopt.passes.fold_batchnorm import FoldBatchnormPass


def _import(tmp_path, nodes, x_shape, outputs, initializers) -> ModuleOp:
    graph = helper.make_graph(
        nodes,
        "model",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x_shape))],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in outputs],
        [numpy_helper.from_array(array, name) for name, array in initializers.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    path = tmp_path / "model.onnx"
    onnx.save(model, path)
    return import_onnx(str(path)).module


def _batch_norm_params(rng: np.random.Generator, channels: int) -> dict[str, np.ndarray]:
    return {
        "bn_scale": rng.uniform(-2, 2, channels).astype(np.float32),
        "bn_bias": rng.normal(size=channels).astype(np.float32),
        "bn_mean": rng.normal(size=channels).astype(np.float32),
        "bn_var": rng.uniform(0.1, 3, channels).astype(np.float32),
    }


BN_NODE = helper.make_node(
    "BatchNormalization", ["p", "bn_scale", "bn_bias", "bn_mean", "bn_var"], ["y"], epsilon=1e-3
)


def _op_names(module: ModuleOp) -> list[str]:
    return [op.name for op in module.walk()]


def _check_fold(module: ModuleOp, x: np.ndarray, kept: str) -> None:
    """Fold, verify, and compare the outputs before and after."""
    before = run_sample(module, [x])
    FoldBatchnormPass().apply(make_context(), module)
    module.verify()
    assert "graph.batch_norm" not in _op_names(module)
    assert _op_names(module).count(kept) == 1
    after = run_sample(module, [x])
    for b, a in zip(before, after, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5 * float(np.abs(b).max()))


@pytest.mark.parametrize(
    ("group", "with_bias", "strides", "dilations"),
    [
        (1, True, (1, 1), (1, 1)),
        (1, False, (2, 1), (1, 2)),
        (2, True, (1, 1), (1, 1)),
        (6, False, (2, 2), (1, 1)),
    ],
)
def test_conv_batch_norm(tmp_path, group, with_bias, strides, dilations):
    rng = np.random.default_rng(group)
    params = _batch_norm_params(rng, 6)
    params["w"] = rng.normal(size=(6, 6 // group, 3, 3)).astype(np.float32)
    inputs = ["x", "w"]
    if with_bias:
        params["b"] = rng.normal(size=6).astype(np.float32)
        inputs.append("b")
    conv = helper.make_node(
        "Conv", inputs, ["p"], group=group, pads=[1, 1, 1, 1], strides=strides, dilations=dilations
    )
    relu = helper.make_node("Relu", ["y"], ["z"])
    module = _import(tmp_path, [conv, BN_NODE, relu], (1, 6, 7, 7), ["z"], params)
    x = rng.normal(size=(1, 6, 7, 7)).astype(np.float32)
    _check_fold(module, x, "graph.conv2d")


@pytest.mark.parametrize("trans_b", [0, 1])
@pytest.mark.parametrize("c_shape", [None, (), (5,), (1, 5), (3, 5), (3, 1)])
def test_gemm_batch_norm(tmp_path, trans_b, c_shape):
    rng = np.random.default_rng(trans_b)
    params = _batch_norm_params(rng, 5)
    params["w"] = rng.normal(size=(5, 4) if trans_b else (4, 5)).astype(np.float32)
    inputs = ["x", "w"]
    if c_shape is not None:
        params["c"] = np.asarray(rng.normal(size=c_shape), dtype=np.float32)
        inputs.append("c")
    gemm = helper.make_node("Gemm", inputs, ["p"], alpha=0.75, beta=-1.5, transB=trans_b)
    module = _import(tmp_path, [gemm, BN_NODE], (3, 4), ["y"], params)
    x = rng.normal(size=(3, 4)).astype(np.float32)
    _check_fold(module, x, "graph.gemm")


@pytest.mark.parametrize(("group", "with_bias"), [(1, True), (1, False), (2, True), (4, False)])
def test_conv_transpose_batch_norm(tmp_path, group, with_bias):
    rng = np.random.default_rng(group + 10)
    out_channels = 8
    params = _batch_norm_params(rng, out_channels)
    params["w"] = rng.normal(size=(4, out_channels // group, 3, 3)).astype(np.float32)
    inputs = ["x", "w"]
    if with_bias:
        params["b"] = rng.normal(size=out_channels).astype(np.float32)
        inputs.append("b")
    conv = helper.make_node(
        "ConvTranspose", inputs, ["p"], group=group, strides=[2, 2], pads=[1, 1, 0, 0]
    )
    module = _import(tmp_path, [conv, BN_NODE], (1, 4, 5, 5), ["y"], params)
    x = rng.normal(size=(1, 4, 5, 5)).astype(np.float32)
    _check_fold(module, x, "graph.conv_transpose2d")


def test_conv_with_second_use_is_not_folded(tmp_path):
    rng = np.random.default_rng(0)
    params = _batch_norm_params(rng, 2)
    params["w"] = rng.normal(size=(2, 3, 1, 1)).astype(np.float32)
    conv = helper.make_node("Conv", ["x", "w"], ["p"])
    module = _import(tmp_path, [conv, BN_NODE], (1, 3, 2, 2), ["y", "p"], params)
    names = _op_names(module)
    FoldBatchnormPass().apply(make_context(), module)
    assert _op_names(module) == names


def test_negative_variance_fails_naming_the_pass(tmp_path):
    rng = np.random.default_rng(0)
    params = _batch_norm_params(rng, 2)
    params["bn_var"] = np.array([1.0, -5.0], dtype=np.float32)
    params["w"] = rng.normal(size=(2, 3, 1, 1)).astype(np.float32)
    conv = helper.make_node("Conv", ["x", "w"], ["p"])
    module = _import(tmp_path, [conv, BN_NODE], (1, 3, 2, 2), ["y"], params)
    with pytest.raises(PassFailedException, match=r"^fold-batchnorm: graph.batch_norm %y has var"):
        FoldBatchnormPass().apply(make_context(), module)
