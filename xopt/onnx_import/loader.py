"""Loading an ONNX file into a shape-inferred, statically shaped, constant-folded model.

Steps: read and validate the protobuf (clear errors for truncated or foreign files), load
external data, reject operators ONNX does not define, check the opset range (models older
than opset 9 are upgraded, see `upgrade`), fix dynamic input dimensions from
`--input-shape`, then alternate onnx's shape inference with folding of constant subgraphs
(shape arithmetic, ConstantOfShape, ...) until every tensor has a static shape.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import onnx
from google.protobuf.message import DecodeError

from xopt.errors import UsageError, XoptError
from xopt.onnx_import.folding import detach_constants, fold_constant_nodes
from xopt.onnx_import.upgrade import upgrade_model

MIN_OPSET, MAX_OPSET = 9, 21


def parse_input_shapes(specs: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """Parse `NAME=1x3x224x224` command-line specs."""
    shapes: dict[str, tuple[int, ...]] = {}
    for spec in specs:
        name, sep, dims = spec.rpartition("=")
        if not sep or not name or not re.fullmatch(r"\d+(x\d+)*", dims):
            raise UsageError(
                f"--input-shape '{spec}': expected NAME=D0xD1x..., e.g. input=1x3x224x224"
            )
        shapes[name] = tuple(int(d) for d in dims.split("x"))
    return shapes


def read_model(path: str) -> onnx.ModelProto:
    """Read an ONNX file (with external data) or raise a one-line XoptError."""
    if not os.path.isfile(path):
        raise XoptError(f"{path}: no such file")
    with open(path, "rb") as f:
        data = f.read()
    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except (DecodeError, RuntimeError, ValueError) as e:
        raise XoptError(
            f"{path}: not a valid ONNX model, truncated or not ONNX at all (protobuf: {e})"
        ) from None
    if not model.graph.node and not model.graph.output:
        raise XoptError(f"{path}: not an ONNX model (no graph found)")
    if not model.opset_import:
        raise XoptError(f"{path}: ONNX model has no opset_import")
    try:
        onnx.load_external_data_for_model(model, os.path.dirname(os.path.abspath(path)))
    except (OSError, ValueError, onnx.checker.ValidationError) as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise XoptError(f"{path}: cannot load external data: {reason}") from None
    return model


def default_opset(model: onnx.ModelProto) -> int:
    for entry in model.opset_import:
        if entry.domain in ("", "ai.onnx"):
            return entry.version
    return 0


def _node_where(node: onnx.NodeProto, path: str, opset: int) -> str:
    return f"{path}: node '{node.name or node.output[0]}' ({node.op_type}, opset {opset})"


def _check_known_ops(model: onnx.ModelProto, path: str, opset: int) -> None:
    """Reject nodes that no converter can ever handle before any ONNX tool sees them
    (the version converter and the constant folder fail on them with cryptic messages)."""
    for node in model.graph.node:
        if node.domain not in ("", "ai.onnx"):
            raise XoptError(
                f"{_node_where(node, path, opset)}: operators of domain '{node.domain}' "
                f"are not supported"
            )
        if not onnx.defs.has(node.op_type):
            raise XoptError(
                f"{_node_where(node, path, opset)}: unsupported operator {node.op_type} "
                f"(not an ONNX operator)"
            )
        try:
            onnx.defs.get_schema(node.op_type, opset)
        except onnx.defs.SchemaError:
            raise XoptError(
                f"{_node_where(node, path, opset)}: operator {node.op_type} does not exist "
                f"in opset {opset}; fix the model's opset_import"
            ) from None


def _check_opset(model: onnx.ModelProto, path: str) -> int:
    opset = default_opset(model)
    if opset > MAX_OPSET:
        raise XoptError(
            f"{path}: opset {opset} is not supported (xopt imports opsets {MIN_OPSET} to "
            f"{MAX_OPSET}); convert it with onnx.version_converter"
        )
    if opset < 1:
        raise XoptError(f"{path}: the model imports no default-domain (ai.onnx) opset")
    return opset


def _fix_input_shapes(
    model: onnx.ModelProto, shapes: Mapping[str, tuple[int, ...]], path: str
) -> None:
    initializers = {t.name for t in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    unknown = set(shapes) - {i.name for i in inputs}
    if unknown:
        names = ", ".join(i.name for i in inputs)
        raise UsageError(
            f"--input-shape names unknown input '{sorted(unknown)[0]}' (inputs: {names})"
        )
    for value in inputs:
        if not value.type.HasField("tensor_type"):
            kind = (value.type.WhichOneof("value") or "untyped").removesuffix("_type")
            raise XoptError(f"{path}: input '{value.name}' is a {kind}; only tensors are supported")
        tensor_type = value.type.tensor_type
        if value.name in shapes:
            wanted = shapes[value.name]
            dims = tensor_type.shape.dim
            if len(dims) and len(dims) != len(wanted):
                raise UsageError(
                    f"--input-shape {value.name}: the model input has rank {len(dims)}, "
                    f"got {len(wanted)} dimensions"
                )
            del tensor_type.shape.dim[:]
            for d in wanted:
                tensor_type.shape.dim.add().dim_value = d
            continue
        dims = tensor_type.shape.dim
        if not tensor_type.HasField("shape") or any(not d.HasField("dim_value") for d in dims):
            shown = ", ".join(
                str(d.dim_value) if d.HasField("dim_value") else d.dim_param or "?" for d in dims
            )
            example = "x".join(str(d.dim_value) if d.HasField("dim_value") else "1" for d in dims)
            raise XoptError(
                f"{path}: input '{value.name}' has a dynamic shape [{shown or 'unknown rank'}]; "
                f"fix it with --input-shape {value.name}={example or '1x3x224x224'} "
                f"(your sizes)"
            )


def _infer(model: onnx.ModelProto, path: str) -> onnx.ModelProto:
    """onnx shape inference in strict mode (as onnxruntime runs it when loading a model):
    an inconsistent node is reported here rather than as a missing shape later."""
    try:
        return onnx.shape_inference.infer_shapes(model, strict_mode=True, data_prop=True)
    except (onnx.shape_inference.InferenceError, onnx.checker.ValidationError, RuntimeError) as e:
        lines = [line.strip() for line in str(e).splitlines() if line.strip()]
        first = lines[0] if lines else type(e).__name__
        first = first.replace("[ShapeInferenceError] Inference error(s): ", "")
        raise XoptError(f"{path}: ONNX shape inference failed: {first}") from None


@dataclass
class LoadedModel:
    """A model ready for conversion: shape-inferred, with every constant folded into
    `constants` (large ones appear in `model` only as typed graph inputs)."""

    model: onnx.ModelProto
    constants: dict[str, np.ndarray]
    opset: int
    original_opset: int


def load_model(path: str, input_shapes: Mapping[str, tuple[int, ...]] | None = None) -> LoadedModel:
    """Read, check, fix shapes of, infer and constant-fold the model at `path`."""
    model = read_model(path)
    original = opset = _check_opset(model, path)
    _check_known_ops(model, path, opset)
    _fix_input_shapes(model, input_shapes or {}, path)
    if opset < MIN_OPSET:
        model = upgrade_model(model, opset, MIN_OPSET, path)
        opset = MIN_OPSET
    constants = detach_constants(model)
    model = _infer(model, path)
    while fold_constant_nodes(model, constants, opset, path):
        model = _infer(model, path)
    return LoadedModel(model, constants, opset, original)
