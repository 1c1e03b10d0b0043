"""equalize-cross-layer: the equalized module computes what the original did (reference
executor), and the weight ranges of every equalized pair end up balanced
(r1_i / max(r1) == r2_i / max(r2)), on the MobileNetV2 example and on small models."""

from __future__ import annotations

import os

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects.builtin import ModuleOp

from xopt.dialects.graph import ConstantOp, Conv2dOp
from xopt.executor.run import run_sample
from xopt.ir_io import make_context, parse_mlir
from xopt.onnx_import.importer import import_onnx
from xopt.onnx_import.types import array_of
from xopt.passes.equalize_cross_layer import EqualizeCrossLayerPass
from xopt.passes.fold_batchnorm import FoldBatchnormPass
from xopt.passes.fuse_activation import FuseActivationPass

MOBILENET = os.path.join(
    os.path.dirname(__file__), "..", "..", "examples", "mobilenet_v2", "model.onnx"
)


def _weight(conv: Conv2dOp) -> np.ndarray:
    assert isinstance(conv.weight.owner, ConstantOp)
    return array_of(conv.weight.owner.value).astype(np.float64)


def _output_ranges(conv: Conv2dOp) -> np.ndarray:
    weight = _weight(conv)
    return np.abs(weight).reshape(weight.shape[0], -1).max(axis=1)


def _input_ranges(conv: Conv2dOp) -> np.ndarray:
    weight, group = _weight(conv), conv.group.value.data
    grouped = np.abs(weight).reshape(group, weight.shape[0] // group, weight.shape[1], -1)
    return grouped.max(axis=(1, 3)).reshape(-1)


def _conv_pairs(module: ModuleOp) -> list[tuple[Conv2dOp, Conv2dOp]]:
    """conv2d -> conv2d pairs where the first result's only use is the second's input."""
    pairs = []
    for op in module.walk():
        if isinstance(op, Conv2dOp) and op.output.has_one_use():
            use = next(iter(op.output.uses))
            if isinstance(use.operation, Conv2dOp) and use.index == 0:
                pairs.append((op, use.operation))
    return pairs


def _assert_balanced(first: Conv2dOp, second: Conv2dOp) -> None:
    r1, r2 = _output_ranges(first), _input_ranges(second)
    np.testing.assert_allclose(r1 / r1.max(), r2 / r2.max(), rtol=1e-6, atol=0)


def _apply(module: ModuleOp, *passes) -> ModuleOp:
    for p in passes:
        p.apply(make_context(), module)
    module.verify()
    return module


def _mobilenet(**options) -> ModuleOp:
    module = import_onnx(MOBILENET).module
    return _apply(
        module, FoldBatchnormPass(), FuseActivationPass(), EqualizeCrossLayerPass(**options)
    )


@pytest.fixture(scope="module")
def mobilenet_image() -> np.ndarray:
    with np.load(os.path.join(os.path.dirname(MOBILENET), "test.npz")) as test:
        return test["input"][0]


def test_mobilenet_function_unchanged_and_ranges_balanced(mobilenet_image):
    reference = _mobilenet(relu6_to_relu=True, iterations=0)
    equalized = _mobilenet(relu6_to_relu=True)
    want = run_sample(reference, [mobilenet_image])[0]
    got = run_sample(equalized, [mobilenet_image])[0]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4 * float(np.abs(want).max()))

    pairs = _conv_pairs(equalized)
    # stem -> dw -> project -> expand -> dw -> project (5), 14 residual blocks with
    # expand -> dw -> project (2 each), and block 17's project -> the last 1x1 conv (3)
    assert len(pairs) == 5 + 14 * 2 + 3
    for first, second in pairs:
        _assert_balanced(first, second)

    # the depthwise convs' per-channel weight range spread (max / min) shrinks from 7-45x
    # to at most 3.3x, by more than 3x in every one of them
    depthwise = [
        (before, after)
        for before, after in zip(reference.walk(), equalized.walk(), strict=True)
        if isinstance(before, Conv2dOp) and before.group.value.data > 1
    ]
    assert len(depthwise) == 17
    for before, after in depthwise:
        spread_before, spread_after = (
            (r.max() / r.min()) for r in (_output_ranges(before), _output_ranges(after))
        )
        assert spread_after < 3.5 and spread_before > 3 * spread_after


def test_mobilenet_relu6_pairs_skipped_by_default(mobilenet_image):
    """Without relu6-to-relu only the two pairs whose first conv has no activation (a
    project conv whose only user is the next conv) are equalized, the ReLU6s stay, and the
    function is unchanged."""
    original = _mobilenet(iterations=0)
    equalized = _mobilenet()
    changed = [
        before.output.name_hint
        for before, after in zip(original.walk(), equalized.walk(), strict=True)
        if isinstance(before, Conv2dOp) and not np.array_equal(_weight(before), _weight(after))
    ]
    assert changed == [
        "features.1.conv.2",
        "features.2.conv.0.2",
        "features.17.conv.3",
        "features.18.2",
    ]
    clips = [op for op in equalized.walk() if isinstance(op, Conv2dOp) and op.activation]
    assert len(clips) == 35 and all(c.activation.kind.data == "clip" for c in clips)
    want = run_sample(original, [mobilenet_image])[0]
    got = run_sample(equalized, [mobilenet_image])[0]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4 * float(np.abs(want).max()))


def _chain_model(tmp_path, activation: str, groups: tuple[int, int, int]) -> ModuleOp:
    """x -> conv 3x3 (4 -> 6) -> act -> conv 3x3 (6 -> 6) -> act -> conv 1x1 (6 -> 4), with
    the given groups and output channels scaled over three orders of magnitude."""
    rng = np.random.default_rng(sum(groups))
    channels = [4, 6, 6, 4]
    nodes, inits, x = [], {}, "x"
    for i, group in enumerate(groups):
        k = 1 if i == 2 else 3
        cin, cout = channels[i], channels[i + 1]
        scale = np.logspace(-1.5, 1.5, cout)[rng.permutation(cout)]
        weight = rng.normal(size=(cout, cin // group, k, k)) * scale[:, None, None, None]
        inits[f"w{i}"] = weight.astype(np.float32)
        inits[f"b{i}"] = (rng.normal(size=cout) * scale).astype(np.float32)
        pads = [k // 2] * 4
        inputs = [x, f"w{i}", f"b{i}"]
        nodes.append(helper.make_node("Conv", inputs, [f"c{i}"], group=group, pads=pads))
        x = f"c{i}"
        if i < 2 and activation != "none":
            if activation == "clip_at_zero":  # Clip(min=0), max absent: clip(0, inf) = relu
                inits["zero"] = np.array(0.0, np.float32)
                nodes.append(helper.make_node("Clip", [x, "zero"], [f"a{i}"]))
            else:
                op = {"relu": "Relu", "leaky_relu": "LeakyRelu"}[activation]
                nodes.append(helper.make_node(op, [x], [f"a{i}"]))
            x = f"a{i}"
    graph = helper.make_graph(
        nodes,
        "chain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 7, 7])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, None)],
        [numpy_helper.from_array(array, name) for name, array in inits.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, tmp_path / "model.onnx")
    return _apply(import_onnx(str(tmp_path / "model.onnx")).module, FuseActivationPass())


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "clip_at_zero", "none"])
@pytest.mark.parametrize(
    "groups",
    [(1, 1, 1), (1, 6, 1), (2, 6, 2), (2, 3, 1)],
    ids=["dense", "depthwise_middle", "grouped", "grouped_middle"],
)
def test_small_chain_equalized(tmp_path, activation, groups):
    module = _chain_model(tmp_path, activation, groups)
    x = np.random.default_rng(7).normal(size=(1, 4, 7, 7)).astype(np.float32)
    want = run_sample(module, [x])[0]
    _apply(module, EqualizeCrossLayerPass())
    got = run_sample(module, [x])[0]
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * float(np.abs(want).max()))
    pairs = _conv_pairs(module)
    assert len(pairs) == 2
    for first, second in pairs:
        _assert_balanced(first, second)
    names = [op.output.name_hint for op in module.walk() if isinstance(op, ConstantOp)]
    assert sorted(n for n in names if n[0] in "wb") == ["b0", "b1", "b2", "w0", "w1", "w2"]


def test_single_sweep_balances_the_last_pair_of_a_chain(tmp_path):
    """One sweep equalizes each pair once in program order: the last pair is balanced,
    the first one (disturbed by the second through the shared depthwise conv) is not."""
    module = _chain_model(tmp_path, "relu", (1, 6, 1))
    _apply(module, EqualizeCrossLayerPass(iterations=1))
    (first, middle), (_, last) = _conv_pairs(module)
    _assert_balanced(middle, last)
    r1, r2 = _output_ranges(first), _input_ranges(middle)
    assert not np.allclose(r1 / r1.max(), r2 / r2.max(), rtol=1e-3)


_CONV = (
    "graph.conv2d {x}, %w {{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, "
    "dilations = array<i64: 1, 1>, group = 1 : i64{act}}} : "
    "(tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>"
)
SHARED_WEIGHT = f"""
func.func @main(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {{
  %w = graph.constant {{value = dense<[[[[1.0]], [[4.0]]], [[[0.5]], [[-0.25]]]]>
      : tensor<2x2x1x1xf32>}} : tensor<2x2x1x1xf32>
  %a = {_CONV.format(x="%x", act=", activation = #graph.act<relu>")}
  %b = {_CONV.format(x="%a", act="")}
  %c = {_CONV.format(x="%x", act="")}
  func.return %b, %c : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}}
"""


def test_shared_weight_constant_gets_copies():
    """Two convs of a pair and a third conv share one weight constant: each rescaled conv
    gets its own constant and the untouched conv keeps the original."""
    module = parse_mlir(SHARED_WEIGHT, "shared.mlir")
    x = np.random.default_rng(3).normal(size=(1, 2, 3, 3)).astype(np.float32)
    want = run_sample(module, [x])
    _apply(module, EqualizeCrossLayerPass())
    got = run_sample(module, [x])
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6 * float(np.abs(w).max()))
    a, b, c = [op for op in module.walk() if isinstance(op, Conv2dOp)]
    assert len({a.weight, b.weight, c.weight}) == 3
    np.testing.assert_array_equal(_weight(c), [[[[1.0]], [[4.0]]], [[[0.5]], [[-0.25]]]])
    _assert_balanced(a, b)
