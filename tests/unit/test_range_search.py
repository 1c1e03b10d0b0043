"""`--range-method auto`'s search keeps tied types tied while it tries candidates: the phases
of a decomposed dilated conv share their interleave's type, and a maxpool's result (a
passthrough) follows its input's type, in the QDQ form it measures."""

from __future__ import annotations

import itertools

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from xopt.dialects import graph
from xopt.dialects.quant import DequantizeOp, QuantizeOp
from xopt.ir_io import load_module
from xopt.quantize.annotate import ActivationOptions
from xopt.quantize.driver import (
    QuantizeOptions,
    calibrate,
    precisions_of,
    prepare,
    quantize_prepared,
)
from xopt.quantize.range_search import search_ranges


def _model(path) -> None:
    rng = np.random.default_rng(0)
    weights = {
        "w": rng.normal(0, 0.5, (4, 3, 3, 3)).astype(np.float32),
        "b": rng.normal(0, 0.1, 4).astype(np.float32),
    }
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], dilations=[2, 2], pads=[2, 2, 2, 2]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["y"], kernel_shape=[2, 2], strides=[2, 2]),
    ]
    g = helper.make_graph(
        nodes,
        "dilated",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 4])],
        [numpy_helper.from_array(a, n) for n, a in weights.items()],
    )
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), path)


def _type_after(value):
    """The quantized type `value` (a float op result in QDQ form) is fake-quantized to."""
    (use,) = [u for u in value.uses if isinstance(u.operation, QuantizeOp)]
    return use.operation.output.type.get_element_type()


def test_search_keeps_phases_and_passthroughs_tied(tmp_path):
    path = str(tmp_path / "m.onnx")
    _model(path)
    np.savez(tmp_path / "calib.npz", x=np.random.default_rng(1).normal(0, 1, (8, 1, 3, 8, 8)))
    module = load_module(path)
    options = QuantizeOptions(activations=ActivationOptions(range_method="auto"), fuse=False)
    prepare(module, False, options.rewrites)
    stats = calibrate(module, str(tmp_path / "calib.npz"), str(tmp_path))
    precisions = precisions_of(module, options.config)
    counter = itertools.count()
    checked = []

    def measure(qdq) -> float:
        ops = list(qdq.walk())
        (interleave,) = [op for op in ops if isinstance(op, graph.InterleaveOp)]
        (pool,) = [op for op in ops if isinstance(op, graph.MaxPoolOp)]
        tied = _type_after(interleave.output)
        for phase in interleave.operands:
            assert isinstance(phase.owner, DequantizeOp)
            assert phase.owner.input.type.get_element_type() == tied
        assert isinstance(pool.input.owner, DequantizeOp)
        assert _type_after(pool.output) == pool.input.owner.input.type.get_element_type()
        checked.append(tied)
        return float(next(counter))  # every candidate is "better": all get tried and kept

    def build(m, s, p, o):
        return quantize_prepared(m, s, p, o)

    chosen = search_ranges(module, stats, precisions, options, build, measure)
    assert len(set(checked)) > 1, "the interleave's type never changed during the search"
    interleave_name = next(n for n in chosen if n == "r")
    assert chosen[interleave_name] != "minmax"
    assert not any(name.startswith("r_h") for name in chosen), chosen
