"""xDSL's `canonicalize` with the graph dialect's patterns on an imported ONNX model full of
identities and reshape/transpose chains: one reshape is left and it computes the same."""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from xdsl.transforms.canonicalize import CanonicalizePass

from xopt.executor.run import run_sample
from xopt.ir_io import make_context
from xopt.onnx_import.importer import import_onnx


def test_identities_and_chains_collapse(tmp_path):
    i64 = np.int64
    initializers = {
        "shape_6x4": np.array([6, 4], i64),
        "shape_2x12": np.array([2, 12], i64),
        "axis0": np.array([0], i64),
        "zero_pads": np.zeros(4, i64),
        "scales_1": np.ones(2, np.float32),
    }
    nodes = [
        helper.make_node("Reshape", ["x", "shape_6x4"], ["a"]),
        helper.make_node("Flatten", ["a"], ["b"], axis=1),
        helper.make_node("Unsqueeze", ["b", "axis0"], ["c"]),
        helper.make_node("Squeeze", ["c", "axis0"], ["d"]),
        helper.make_node("Reshape", ["d", "shape_2x12"], ["e"]),
        helper.make_node("Transpose", ["e"], ["f"], perm=[1, 0]),
        helper.make_node("Transpose", ["f"], ["g"], perm=[1, 0]),
        helper.make_node("Pad", ["g", "zero_pads"], ["h"]),
        helper.make_node("Clip", ["h"], ["i"]),
        helper.make_node("Concat", ["i"], ["j"], axis=0),
        helper.make_node("Sum", ["j"], ["k"]),
        helper.make_node("Resize", ["k", "", "scales_1"], ["y"], mode="linear"),
    ]
    graph = helper.make_graph(
        nodes,
        "chains",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(array, name) for name, array in initializers.items()],
    )
    path = tmp_path / "chains.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)
    module = import_onnx(str(path)).module
    assert len([op for op in module.walk() if op.name.startswith("graph.")]) == len(nodes)
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype(np.float32)
    before = run_sample(module, [x])

    CanonicalizePass().apply(make_context(), module)
    module.verify()
    assert [op.name for op in module.walk() if op.name.startswith("graph.")] == ["graph.reshape"]
    (after,) = run_sample(module, [x])
    np.testing.assert_array_equal(after, before[0])
