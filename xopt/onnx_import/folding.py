"""Import-time constant folding of ONNX nodes, evaluated by onnx's reference runtime.

A node is folded when every input is a constant (initializer or earlier folded node);
`Shape` and `Size` fold once their input's shape is known. Folded outputs become
constants. This resolves the shape arithmetic exporters emit (Shape -> Gather ->
Concat -> Reshape), ConstantOfShape weights and weight-only subgraphs, so the graph
dialect only sees ops on real data. Quantization nodes are left alone: their structure
is the quantization recipe.

Constants live in a `{name: array}` dict next to the model. Only small ones (shapes, axes,
scales: what shape inference reads values of) stay initializers in the protobuf; large
ones are declared as graph inputs of their type and shape, so that every round of onnx
shape inference (which serialises the whole model) stays cheap for 100+ MB weights.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper
from onnx.reference import ReferenceEvaluator

from xopt.errors import XoptError

NEVER_FOLD = {
    "QuantizeLinear",
    "DequantizeLinear",
    "DynamicQuantizeLinear",
    "RandomNormal",
    "RandomUniform",
    "RandomNormalLike",
    "RandomUniformLike",
    "Multinomial",
    "Bernoulli",
}

SMALL_CONSTANT = 1024
"""Constants with at most this many elements stay initializers of the model."""


def _static_shape(value_info: onnx.ValueInfoProto) -> tuple[int, ...] | None:
    tensor_type = value_info.type.tensor_type
    if not tensor_type.HasField("shape"):
        return None
    dims = tensor_type.shape.dim
    if any(not d.HasField("dim_value") for d in dims):
        return None
    return tuple(d.dim_value for d in dims)


def known_shapes(
    model: onnx.ModelProto, constants: dict[str, np.ndarray]
) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {}
    for vi in [*model.graph.input, *model.graph.value_info, *model.graph.output]:
        shape = _static_shape(vi)
        if shape is not None:
            shapes[vi.name] = shape
    for name, value in constants.items():
        shapes[name] = tuple(value.shape)
    return shapes


def _declare_input(model: onnx.ModelProto, name: str, value: np.ndarray) -> None:
    dtype = helper.np_dtype_to_tensor_dtype(value.dtype)
    model.graph.input.append(helper.make_tensor_value_info(name, dtype, value.shape))


def add_constant(model: onnx.ModelProto, name: str, value: np.ndarray) -> None:
    """Declare constant `name` in `model`: as an initializer when small, else as a typed
    graph input (its value stays in the constants dict). Before IR version 4 shape
    inference only sees initializers that are graph inputs too, so declare those as both."""
    small = value.size <= SMALL_CONSTANT
    if small:
        model.graph.initializer.append(numpy_helper.from_array(value, name))
    if not small or model.ir_version < 4:
        _declare_input(model, name, value)


def detach_constants(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    """All initializers of `model` as arrays; large ones leave the protobuf (see above)."""
    constants = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    declared = {i.name for i in model.graph.input}
    small = [t for t in model.graph.initializer if constants[t.name].size <= SMALL_CONSTANT]
    if len(small) < len(constants):
        kept = [onnx.TensorProto.FromString(t.SerializeToString()) for t in small]
        del model.graph.initializer[:]
        model.graph.initializer.extend(kept)
    for name, value in constants.items():
        if name not in declared and (value.size > SMALL_CONSTANT or model.ir_version < 4):
            _declare_input(model, name, value)
    return constants


def _evaluate(
    node: onnx.NodeProto, inputs: list[np.ndarray | None], opset: int
) -> list[np.ndarray]:
    names = [n for n in node.input]
    feeds = {n: v for n, v in zip(names, inputs) if n}
    graph = helper.make_graph(
        [node],
        "fold",
        [
            helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(v.dtype), v.shape)
            for n, v in feeds.items()
        ],
        [
            helper.make_tensor_value_info(o, onnx.TensorProto.UNDEFINED, None)
            for o in node.output
            if o
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    outputs = ReferenceEvaluator(model).run(None, feeds)
    return [np.asarray(o) for o in outputs]


def _shape_node_value(node: onnx.NodeProto, shape: tuple[int, ...]) -> np.ndarray:
    if node.op_type == "Size":
        return np.array(int(np.prod(shape)), dtype=np.int64)
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    start, end = attrs.get("start", 0), attrs.get("end", len(shape))
    return np.array(shape[start:end], dtype=np.int64)


def fold_constant_nodes(
    model: onnx.ModelProto, constants: dict[str, np.ndarray], opset: int, path: str
) -> bool:
    """Fold constant nodes of `model` in place, adding their outputs to `constants`;
    True when anything was folded."""
    shapes = known_shapes(model, constants)
    kept: list[onnx.NodeProto] = []
    folded = False
    for node in model.graph.node:
        values = _fold_node(node, constants, shapes, opset, path)
        if values is None:
            kept.append(node)
            continue
        folded = True
        for name, value in zip(node.output, values):
            if name:
                constants[name] = value
                shapes[name] = tuple(value.shape)
                add_constant(model, name, value)
    if not folded:
        return False
    del model.graph.node[:]
    model.graph.node.extend(kept)
    return True


def _fold_node(node, constants, shapes, opset, path) -> list[np.ndarray] | None:
    if node.domain not in ("", "ai.onnx") or node.op_type in NEVER_FOLD:
        return None
    if node.op_type in ("Shape", "Size"):
        shape = shapes.get(node.input[0])
        return None if shape is None else [_shape_node_value(node, shape)]
    if any(name and name not in constants for name in node.input):
        return None
    try:
        return _evaluate(node, [constants.get(n) if n else None for n in node.input], opset)
    except Exception as e:  # onnx.reference raises many types; report them as input errors
        raise XoptError(
            f"{path}: node '{node.name}' ({node.op_type}, opset {opset}): constant folding "
            f"failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
        ) from None
