"""Weight-only subgraphs, as exporters emit them before a conv (weight standardisation,
folded QAT scales, fp16 storage): Cast, Transpose, Reshape, Mul, Add, Sub, Div on
initializers. Import folds them (onnx's reference evaluator) and `fold-constants` folds
what is left at the graph level (see tests/filecheck/passes/fold-constants.mlir,
@weight_standardisation): the conv then reads one constant, and the model computes what
onnxruntime computes on the original."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from xopt.executor.run import run_sample
from xopt.ir_io import load_module, make_context
from xopt.passes.fold_constants import FoldConstantsPass
from xopt.testing import assert_close


def _weight_chain(rng: np.random.Generator, out_channels: int, in_channels: int):
    """Nodes computing conv weight `w` (O x I x 3 x 3) from initializers: an fp16 HWIO
    kernel cast to float, transposed to OIHW, standardised per output channel
    ((k - mean) / std), scaled and shifted."""
    kernel = rng.normal(size=(3, 3, in_channels, out_channels)).astype(np.float16)
    initializers = {
        "kernel_hwio": kernel,
        "flat_shape": np.array([out_channels, -1], np.int64),
        "oihw_shape": np.array([out_channels, in_channels, 3, 3], np.int64),
        "mean": rng.normal(size=(out_channels, 1)).astype(np.float32),
        "std": rng.uniform(0.5, 2, size=(out_channels, 1)).astype(np.float32),
        "scale": rng.uniform(0.5, 2, size=(out_channels, 1, 1, 1)).astype(np.float32),
        "shift": np.float32(0.25).reshape(()),
    }
    nodes = [
        helper.make_node("Cast", ["kernel_hwio"], ["k32"], to=TensorProto.FLOAT),
        helper.make_node("Transpose", ["k32"], ["k_oihw"], perm=[3, 2, 0, 1]),
        helper.make_node("Reshape", ["k_oihw", "flat_shape"], ["k_flat"]),
        helper.make_node("Sub", ["k_flat", "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "std"], ["standard"]),
        helper.make_node("Reshape", ["standard", "oihw_shape"], ["k_std"]),
        helper.make_node("Mul", ["k_std", "scale"], ["k_scaled"]),
        helper.make_node("Add", ["k_scaled", "shift"], ["w"]),
    ]
    return nodes, initializers


@pytest.mark.parametrize(("out_channels", "in_channels"), [(4, 3), (16, 8)])
def test_import_folds_weight_only_subgraph(tmp_path, out_channels, in_channels):
    # 16 x 8 x 3 x 3 = 1152 elements: above the importer's small-constant limit (1024),
    # so the chain folds from constants kept outside the protobuf.
    rng = np.random.default_rng(out_channels)
    nodes, initializers = _weight_chain(rng, out_channels, in_channels)
    nodes.append(helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1]))
    x = rng.normal(size=(1, in_channels, 5, 5)).astype(np.float32)
    graph = helper.make_graph(
        nodes,
        "weights",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.asarray(a), n) for n, a in initializers.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=8)
    path = tmp_path / "model.onnx"
    onnx.save(model, path)

    module = load_module(str(path))
    FoldConstantsPass().apply(make_context(), module)
    names = [op.name for op in module.walk() if op.name.startswith("graph.")]
    assert names == ["graph.constant", "graph.conv2d"]

    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (expected,) = session.run(None, {"x": x})
    (actual,) = run_sample(module, [x])
    assert_close(actual, expected)
