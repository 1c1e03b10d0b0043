"""fold-constants on a module whose weights are computed from constants: the folded module
computes what the original did, with only the ops on runtime values left."""

from __future__ import annotations

import json

import numpy as np
import pytest
from xdsl.utils.exceptions import PassFailedException

from xopt.executor import graph_kernels
from xopt.executor.run import run_sample
from xopt.ir_io import make_context, module_text, parse_mlir
from xopt.passes.fold_constants import FoldConstantsPass


def _type(shape: tuple[int, ...], element: str = "f32") -> str:
    return f"tensor<{'x'.join(str(d) for d in shape)}x{element}>"


def _constant(name: str, array: np.ndarray) -> str:
    element = "i64" if array.dtype == np.int64 else "f32"
    typ = _type(array.shape, element)
    return (
        f"%{name} = graph.constant {{value = dense<{json.dumps(array.tolist())}> : {typ}}} : {typ}"
    )


def _model(rng: np.random.Generator) -> str:
    f32 = np.float32
    conv = "strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>"
    body = [
        _constant("wk", rng.normal(size=(3, 4, 3, 3)).astype(f32)),
        _constant("b1", rng.normal(size=4).astype(f32)),
        _constant("b2", rng.normal(size=4).astype(f32)),
        _constant("ga", rng.normal(size=(2, 5)).astype(f32)),
        _constant("gb", rng.normal(size=(5, 4)).astype(f32)),
        _constant("idx", np.array([3, 1], dtype=np.int64)),
        "%w = graph.transpose %wk {perm = array<i64: 1, 0, 2, 3>}"
        " : (tensor<3x4x3x3xf32>) -> tensor<4x3x3x3xf32>",
        "%b = graph.mul %b1, %b2 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>",
        f"%conv = graph.conv2d %x, %w, %b {{{conv}, group = 1 : i64,"
        " activation = #graph.act<leaky_relu 0.1>}"
        " : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>",
        "%g = graph.gemm %ga, %gb {alpha = 0.5 : f32, beta = 1.0 : f32}"
        " : (tensor<2x5xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>",
        "%s = graph.softmax %g {axis = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>",
        "%cat = graph.concat %s, %s {axis = 0 : i64}"
        " : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>",
        "%r = graph.reshape %cat : (tensor<4x4xf32>) -> tensor<1x4x1x4xf32>",
        "%y = graph.add %conv, %r"
        " : (tensor<1x4x4x4xf32>, tensor<1x4x1x4xf32>) -> tensor<1x4x4x4xf32>",
        "%ids = graph.concat %idx, %idx {axis = 0 : i64}"
        " : (tensor<2xi64>, tensor<2xi64>) -> tensor<4xi64>",
        "func.return %y, %s, %ids : tensor<1x4x4x4xf32>, tensor<2x4xf32>, tensor<4xi64>",
    ]
    lines = "\n".join(f"    {line}" for line in body)
    return (
        "func.func @main(%x: tensor<1x3x4x4xf32>)"
        " -> (tensor<1x4x4x4xf32>, tensor<2x4xf32>, tensor<4xi64>) {\n" + lines + "\n}\n"
    )


def test_folded_module_computes_the_same():
    rng = np.random.default_rng(3)
    module = parse_mlir(_model(rng), "model.mlir")
    x = rng.normal(size=(1, 3, 4, 4)).astype(np.float32)
    before = run_sample(module, [x])

    FoldConstantsPass().apply(make_context(), module)
    module.verify()
    graph_ops = sorted(op.name for op in module.walk() if op.name.startswith("graph."))
    assert graph_ops == ["graph.add", *["graph.constant"] * 5, "graph.conv2d"]
    text = module_text(module)
    for name in ("w", "b", "r", "s", "ids"):  # folded results keep their names
        assert f"%{name} = graph.constant" in text

    after = run_sample(module, [x])
    for b, a in zip(before, after, strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_evaluation_failure_names_the_pass_and_op(monkeypatch):
    def broken(a, b):
        raise ValueError("boom")

    monkeypatch.setattr(graph_kernels, "add", broken)
    module = parse_mlir(
        "func.func @main() -> tensor<2xf32> {\n"
        f"  {_constant('a', np.array([1.0, 2.0], dtype=np.float32))}\n"
        "  %s = graph.add %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>\n"
        "  func.return %s : tensor<2xf32>\n}\n",
        "broken.mlir",
    )
    with pytest.raises(
        PassFailedException, match=r"^fold-constants: cannot evaluate graph.add: ValueError: boom"
    ):
        FoldConstantsPass().apply(make_context(), module)
