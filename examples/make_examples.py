"""Regenerate the example models under examples/<name>/ (model.onnx, inputs.npz, outputs.npz).

Each model is built directly with onnx.helper from seeded random weights (no torch needed);
`outputs.npz` is onnxruntime's answer on `inputs.npz` (a batch of 2 samples). Run:
    python examples/make_examples.py
"""

from __future__ import annotations

import os

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17


class GraphBuilder:
    """Tiny helper: add nodes and seeded He-initialised weights by name."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self.count = 0

    def weight(self, name: str, shape, fan_in: int | None = None, scale: float | None = None):
        std = (
            scale
            if scale is not None
            else np.sqrt(2.0 / (fan_in or shape[1] * int(np.prod(shape[2:]))))
        )
        self.inits.append(
            numpy_helper.from_array(
                (self.rng.standard_normal(shape) * std).astype(np.float32), name
            )
        )
        return name

    def const(self, name: str, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(self, op: str, inputs, name: str, **attrs) -> str:
        self.nodes.append(
            helper.make_node(op, inputs, [name], name=f"{op.lower()}_{name}", **attrs)
        )
        return name

    def conv(self, x, name, cin, cout, k, group=1, **attrs):
        w = self.weight(f"{name}.weight", (cout, cin // group, k, k))
        b = self.weight(f"{name}.bias", (cout,), scale=0.1)
        return self.node("Conv", [x, w, b], name, group=group, **attrs)

    def bn(self, x, name, c):
        scale = self.const(f"{name}.scale", self.rng.uniform(0.5, 1.5, c).astype(np.float32))
        bias = self.const(f"{name}.bias", self.rng.normal(0, 0.1, c).astype(np.float32))
        mean = self.const(f"{name}.mean", self.rng.normal(0, 0.1, c).astype(np.float32))
        var = self.const(f"{name}.var", self.rng.uniform(0.5, 2.0, c).astype(np.float32))
        return self.node("BatchNormalization", [x, scale, bias, mean, var], name, epsilon=1e-5)

    def model(self, name, inputs, outputs) -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        return onnx.shape_inference.infer_shapes(model)


def tiny_cnn() -> onnx.ModelProto:
    """A MobileNet-style classifier: conv+BN+relu, depthwise conv+BN+relu6, pointwise conv,
    maxpool, global average pool, flatten, gemm, softmax."""
    g = GraphBuilder(1)
    x = g.conv("input", "stem", 3, 16, 3, strides=[2, 2], pads=[1, 1, 1, 1])
    x = g.node("Relu", [g.bn(x, "stem_bn", 16)], "stem_relu")
    x = g.conv(x, "dw", 16, 16, 3, group=16, pads=[1, 1, 1, 1])
    x = g.bn(x, "dw_bn", 16)
    x = g.node(
        "Clip", [x, g.const("six_lo", np.float32(0)), g.const("six_hi", np.float32(6))], "dw_relu6"
    )
    x = g.conv(x, "pw", 16, 32, 1)
    x = g.node("MaxPool", [x], "pool", kernel_shape=[2, 2], strides=[2, 2])
    x = g.node("HardSwish", [x], "hswish")
    x = g.node("GlobalAveragePool", [x], "gap")
    x = g.node("Flatten", [x], "flat", axis=1)
    w = g.weight("fc.weight", (10, 32), fan_in=32)
    b = g.weight("fc.bias", (10,), scale=0.1)
    x = g.node("Gemm", [x, w, b], "fc", transB=1)
    g.node("Softmax", [x], "probs", axis=-1)
    return g.model(
        "tiny_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 10])],
    )


def seg_head() -> onnx.ModelProto:
    """A segmentation-style network: strided conv encoder, a dilated conv, a ConvTranspose
    decoder, bilinear Resize x2 and ArgMax over 21 classes."""
    g = GraphBuilder(2)
    x = g.node(
        "Relu", [g.conv("image", "enc1", 3, 16, 3, strides=[2, 2], pads=[1, 1, 1, 1])], "enc1_relu"
    )
    x = g.node(
        "Relu", [g.conv(x, "enc2", 16, 32, 3, strides=[2, 2], pads=[1, 1, 1, 1])], "enc2_relu"
    )
    x = g.node(
        "Relu", [g.conv(x, "aspp", 32, 32, 3, pads=[2, 2, 2, 2], dilations=[2, 2])], "aspp_relu"
    )
    w = g.weight("dec.weight", (32, 21, 4, 4), fan_in=32 * 4)
    b = g.weight("dec.bias", (21,), scale=0.1)
    x = g.node("ConvTranspose", [x, w, b], "dec", strides=[2, 2], pads=[1, 1, 1, 1])
    roi = g.const("roi", np.zeros(0, np.float32))
    scales = g.const("scales", np.array([1, 1, 2, 2], np.float32))
    x = g.node(
        "Resize",
        [x, roi, scales],
        "logits",
        mode="linear",
        coordinate_transformation_mode="half_pixel",
    )
    g.node("ArgMax", [x], "labels", axis=1, keepdims=0)
    return g.model(
        "seg_head",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("labels", TensorProto.INT64, [1, 32, 32])],
    )


def residual_mix() -> onnx.ModelProto:
    """Residual blocks and the remaining graph ops: reflect pad, average pool with
    count_include_pad, LRN, PRelu, LeakyRelu, sigmoid gating, concat, transpose/reshape
    channel shuffle, sum, reduce-mean, matmul head."""
    g = GraphBuilder(3)
    x = g.node(
        "Pad",
        ["x", g.const("pads", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))],
        "pad",
        mode="reflect",
    )
    x = g.conv(x, "c1", 8, 8, 3)
    x = g.node("PRelu", [x, g.const("slope", np.full((8, 1, 1), 0.2, np.float32))], "prelu")
    y = g.node(
        "AveragePool", [x], "avg", kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1
    )
    y = g.node("LRN", [y], "lrn", size=3)
    gate = g.node("Sigmoid", [g.conv(y, "gate", 8, 8, 1)], "gate_sig")
    y = g.node("Mul", [y, gate], "gated")
    s = g.node("Sum", [x, y, "x"], "res")
    s = g.node("LeakyRelu", [s], "lrelu", alpha=0.1)
    c = g.node("Concat", [s, g.node("Tanh", [s], "tanh")], "cat", axis=1)
    c = g.node("Reshape", [c, g.const("shuf1", np.array([1, 2, 8, 16, 16], np.int64))], "shuf_r1")
    c = g.node("Transpose", [c], "shuf_t", perm=[0, 2, 1, 3, 4])
    c = g.node("Reshape", [c, g.const("shuf2", np.array([1, 16, 16, 16], np.int64))], "shuf_r2")
    m = g.node("ReduceMean", [c], "mean", axes=[2, 3], keepdims=0)
    w = g.weight("head.weight", (16, 4), fan_in=16)
    h = g.node("MatMul", [m, w], "head")
    g.node("Add", [h, g.weight("head.bias", (4,), scale=0.1)], "out")
    return g.model(
        "residual_mix",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 16, 16])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 4])],
    )


EXAMPLES = {"tiny_cnn": tiny_cnn, "seg_head": seg_head, "residual_mix": residual_mix}


def write_example(name: str, model: onnx.ModelProto, seed: int = 0) -> None:
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    rng = np.random.default_rng(seed)
    inputs = {}
    for value in session.get_inputs():
        inputs[value.name] = rng.standard_normal((2, *value.shape)).astype(np.float32)
    outputs = {o.name: [] for o in session.get_outputs()}
    for b in range(2):
        sample = {k: v[b] for k, v in inputs.items()}
        for o, value in zip(session.get_outputs(), session.run(None, sample)):
            outputs[o.name].append(value)
    np.savez(os.path.join(folder, "inputs.npz"), **inputs)
    np.savez(os.path.join(folder, "outputs.npz"), **{k: np.stack(v) for k, v in outputs.items()})


if __name__ == "__main__":
    for example_name, build in EXAMPLES.items():
        write_example(example_name, build())
        print(f"wrote examples/{example_name}/")
