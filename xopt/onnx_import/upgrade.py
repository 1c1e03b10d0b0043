"""Upgrading models older than opset 9 to opset 9 with `onnx.version_converter`.

The converter is used as it is, after two fixes for opset < 7 broadcasting that it does not
translate (it keeps the operands and drops the attributes):

- binary ops (`Add`, `Mul`, ...) with `broadcast=1, axis=k` align B with A's axes
  `k .. k+rank(B)-1`, while numpy broadcasting aligns from the right: B is unsqueezed with
  trailing 1s (Caffe2 exports write biases this way, `Add(x, b, broadcast=1, axis=1)`);
- `PRelu` applies a 1-D slope of size C per channel (axis 1): the slope becomes
  C x 1 x ... x 1.
"""

from __future__ import annotations

import re

import onnx
from onnx import helper, version_converter

from xopt.errors import XoptError

LEGACY_BROADCAST_OPS = {
    "Add",
    "Sub",
    "Mul",
    "Div",
    "Pow",
    "And",
    "Or",
    "Xor",
    "Equal",
    "Greater",
    "Less",
}


def upgrade_model(model: onnx.ModelProto, opset: int, target: int, path: str) -> onnx.ModelProto:
    """`model` (opset `opset`) converted to opset `target`, or a one-line XoptError."""
    if model.ir_version < 4:
        # IR 3 wants initializers among the graph inputs; the converter insists on it.
        declared = {i.name for i in model.graph.input}
        model.graph.input.extend(
            helper.make_tensor_value_info(t.name, t.data_type, t.dims)
            for t in model.graph.initializer
            if t.name not in declared
        )
    if opset < 7:
        _fix_legacy_broadcast(model)
    try:
        return version_converter.convert_version(model, target)
    except Exception as e:  # the converter raises RuntimeError/ConvertError with C++ text
        lines = [line.strip() for line in str(e).splitlines() if line.strip()]
        reason = re.sub(r"^.*Assertion `.*` failed: ", "", lines[0]) if lines else repr(e)
        raise XoptError(
            f"{path}: cannot upgrade the opset {opset} model to opset {target}: {reason}"
        ) from None


def _ranks(model: onnx.ModelProto) -> dict[str, int]:
    try:
        graph = onnx.shape_inference.infer_shapes(model).graph
    except Exception:  # the main shape inference reports real problems later
        graph = model.graph
    ranks = {
        vi.name: len(vi.type.tensor_type.shape.dim)
        for vi in [*graph.input, *graph.value_info, *graph.output]
        if vi.type.tensor_type.HasField("shape")
    }
    ranks.update({t.name: len(t.dims) for t in graph.initializer})
    return ranks


def _trailing_axes(node: onnx.NodeProto, ranks: dict[str, int]) -> list[int] | None:
    """Axes to unsqueeze input 1 of `node` with, so that numpy broadcasting means what the
    opset < 7 node meant; None when nothing needs to change."""
    if len(node.input) < 2 or node.input[0] not in ranks or node.input[1] not in ranks:
        return None
    rank_a, rank_b = ranks[node.input[0]], ranks[node.input[1]]
    if node.op_type == "PRelu":
        return list(range(1, rank_a - 1)) if rank_b == 1 and rank_a > 2 else None
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    if node.op_type not in LEGACY_BROADCAST_OPS or not attrs.get("broadcast"):
        return None
    if "axis" not in attrs:
        return None
    axis = attrs["axis"] + rank_a if attrs["axis"] < 0 else attrs["axis"]
    trailing = rank_a - axis - rank_b
    return list(range(rank_b, rank_b + trailing)) if trailing > 0 else []


def _fix_legacy_broadcast(model: onnx.ModelProto) -> None:
    ranks = _ranks(model)
    nodes: list[onnx.NodeProto] = []
    for node in model.graph.node:
        axes = _trailing_axes(node, ranks)
        if axes:
            aligned = f"{node.input[1]}__aligned_{len(nodes)}"
            nodes.append(helper.make_node("Unsqueeze", [node.input[1]], [aligned], axes=axes))
            node.input[1] = aligned
        if axes is not None and node.op_type != "PRelu":
            kept = [a for a in node.attribute if a.name != "axis"]
            del node.attribute[:]
            node.attribute.extend(kept)
        nodes.append(node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
