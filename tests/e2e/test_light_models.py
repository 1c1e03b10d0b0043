"""Model-zoo architectures from the onnx wheel's `backend/test/data/light/`, imported and
run by xopt and compared with onnxruntime element by element (rtol 1e-4, atol 1e-5).

These "light" models build every weight with a ConstantOfShape node filled with 0.02, which
makes most of their outputs a uniform softmax: a weak check of the arithmetic. The second
parametrisation therefore edits each model, replacing every ConstantOfShape node by a
seeded random initializer of the same shape (He-scaled weights, BatchNorm statistics near
1 and biases near 0, small scales on residual branches) so that activations stay O(1) and
the outputs are informative, and compares again.
"""

from __future__ import annotations

import os

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import helper, numpy_helper

from xopt.executor.run import run_sample
from xopt.onnx_import.importer import import_onnx

LIGHT = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "light")
MODELS = [
    "bvlc_alexnet",
    "densenet121",
    "inception_v1",
    "inception_v2",
    "resnet50",
    "shufflenet",
    "squeezenet",
    "vgg19",
    "zfnet512",
]
RTOL, ATOL = 1e-4, 1e-5


def _path(name: str) -> str:
    return os.path.join(LIGHT, f"light_{name}.onnx")


def _data_input(model: onnx.ModelProto) -> onnx.ValueInfoProto:
    initializers = {t.name for t in model.graph.initializer}
    (data,) = [i for i in model.graph.input if i.name not in initializers]
    return data


def _sample(model: onnx.ModelProto) -> tuple[str, np.ndarray]:
    data = _data_input(model)
    shape = [d.dim_value for d in data.type.tensor_type.shape.dim]
    return data.name, np.random.default_rng(0).standard_normal(shape, dtype=np.float32)


def _onnxruntime(model: onnx.ModelProto | str, feeds: dict, outputs=None) -> list[np.ndarray]:
    options = ort.SessionOptions()
    options.log_severity_level = 3
    source = model if isinstance(model, str) else model.SerializeToString()
    session = ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])
    return session.run(outputs, feeds)


def _compare_with_onnxruntime(path: str, model: onnx.ModelProto) -> None:
    name, x = _sample(model)
    (got,) = run_sample(import_onnx(path).module, [x])
    (want,) = _onnxruntime(path, {name: x})
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", MODELS)
def test_light_model(name):
    _compare_with_onnxruntime(_path(name), onnx.load(_path(name)))


def _consumers(model: onnx.ModelProto) -> dict[str, list[tuple[onnx.NodeProto, int]]]:
    consumers: dict[str, list[tuple[onnx.NodeProto, int]]] = {}
    for node in model.graph.node:
        for index, name in enumerate(node.input):
            consumers.setdefault(name, []).append((node, index))
    return consumers


def _role(name: str, consumers) -> tuple[onnx.NodeProto, int]:
    """The node (and input index) that really uses tensor `name`, looking through the
    Reshape/Unsqueeze nodes some of these models put between a weight and its user."""
    node, index = consumers[name][0]
    while node.op_type in ("Reshape", "Unsqueeze") and index == 0:
        node, index = consumers[node.output[0]][0]
    return node, index


def _random_value(shape, node: onnx.NodeProto, index: int, consumers, rng) -> np.ndarray:
    op = node.op_type
    if op in ("Conv", "Gemm") and index == 1:
        trans_b = any(a.name == "transB" and a.i for a in node.attribute)
        if op == "Conv":
            fan_in = int(np.prod(shape[1:]))
        else:
            fan_in = shape[-1] if trans_b else shape[0]
        return rng.standard_normal(shape, dtype=np.float32) * np.float32(np.sqrt(2.0 / fan_in))
    if op == "BatchNormalization" and index == 1:
        # The last BatchNorm of a residual branch gets a small scale, so that the sums of
        # ResNet/ShuffleNet do not double the activations' variance block after block.
        residual = any(n.op_type == "Sum" for n, _ in consumers.get(node.output[0], []))
        low, high = (0.1, 0.3) if residual else (0.5, 1.5)
        return rng.uniform(low, high, shape).astype(np.float32)
    if (op == "BatchNormalization" and index == 4) or op == "Mul":
        return rng.uniform(0.5, 1.5, shape).astype(np.float32)
    return rng.standard_normal(shape, dtype=np.float32) * np.float32(0.1)


def randomise_weights(model: onnx.ModelProto, seed: int) -> onnx.ModelProto:
    """Replace each ConstantOfShape node (with a constant shape) by a random initializer."""
    rng = np.random.default_rng(seed)
    shapes = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    consumers = _consumers(model)
    kept: list[onnx.NodeProto] = []
    for node in model.graph.node:
        if node.op_type != "ConstantOfShape" or node.input[0] not in shapes:
            kept.append(node)
            continue
        shape = [int(d) for d in shapes[node.input[0]]]
        user, index = _role(node.output[0], consumers)
        value = _random_value(shape, user, index, consumers, rng)
        model.graph.initializer.append(numpy_helper.from_array(value, node.output[0]))
        if model.ir_version < 4:  # initializers must also be graph inputs before IR 4
            model.graph.input.append(
                helper.make_tensor_value_info(node.output[0], onnx.TensorProto.FLOAT, shape)
            )
    assert len(kept) < len(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(kept)
    _calibrate_classifier(model)
    return model


LINEAR_PASS_THROUGH = ("Relu", "Dropout", "Reshape", "Flatten", "AveragePool", "GlobalAveragePool")


def _calibrate_classifier(model: onnx.ModelProto, logit_std: float = 2.0) -> None:
    """Scale the classifier (the Gemm/Conv feeding Softmax) so that the logits have standard
    deviation `logit_std`: random BatchNorm statistics do not normalise, so activations drift
    by a factor 10-100 through these deep nets and would saturate the softmax into a one-hot
    output. Measured with one onnxruntime run on the sample input."""
    softmax = [n for n in model.graph.node if n.op_type == "Softmax"]
    if not softmax:
        return
    logits = softmax[0].input[0]
    model.graph.output.append(onnx.ValueInfoProto(name=logits))
    name, x = _sample(model)
    (value,) = _onnxruntime(model, {name: x}, [logits])
    model.graph.output.pop()
    producers = {o: n for n in model.graph.node for o in n.output}
    node = producers[logits]
    while node.op_type in LINEAR_PASS_THROUGH:
        node = producers[node.input[0]]
    assert node.op_type in ("Gemm", "Conv"), node.op_type
    factor = logit_std / float(value.std())
    for operand in node.input[1:]:
        while operand in producers:  # through the Reshape of inception_v1's weight
            operand = producers[operand].input[0]
        (init,) = [t for t in model.graph.initializer if t.name == operand]
        init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init) * factor, operand))


@pytest.mark.parametrize("name", MODELS)
def test_light_model_with_random_weights(name, tmp_path):
    model = randomise_weights(onnx.load(_path(name)), seed=MODELS.index(name))
    path = str(tmp_path / f"{name}.onnx")
    onnx.save_model(model, path)
    _compare_with_onnxruntime(path, model)
