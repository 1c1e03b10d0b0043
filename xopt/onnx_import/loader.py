"""Loading an ONNX file into a shape-inferred, statically shaped, constant-folded model.

Steps: read and validate the protobuf (clear errors for truncated or foreign files), load
external data, check the opset range, fix dynamic input dimensions from `--input-shape`,
then alternate onnx's shape inference with folding of constant subgraphs (shape arithmetic,
ConstantOfShape, ...) until every tensor has a static shape.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

import numpy as np
import onnx
from google.protobuf.message import DecodeError
from onnx import numpy_helper

from xopt.errors import UsageError, XoptError
from xopt.onnx_import.folding import fold_constant_nodes

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
        raise XoptError(f"{path}: not a valid ONNX model (protobuf parse failed: {e})") from None
    if not model.graph.node and not model.graph.output:
        raise XoptError(f"{path}: not an ONNX model (no graph found)")
    if not model.opset_import:
        raise XoptError(f"{path}: ONNX model has no opset_import")
    try:
        onnx.load_external_data_for_model(model, os.path.dirname(os.path.abspath(path)))
    except (OSError, ValueError) as e:
        raise XoptError(f"{path}: cannot load external data: {e}") from None
    return model


def default_opset(model: onnx.ModelProto) -> int:
    for entry in model.opset_import:
        if entry.domain in ("", "ai.onnx"):
            return entry.version
    return 0


def _check_opset(model: onnx.ModelProto, path: str) -> int:
    opset = default_opset(model)
    if not MIN_OPSET <= opset <= MAX_OPSET:
        raise XoptError(
            f"{path}: opset {opset} is not supported (xopt imports opsets {MIN_OPSET} to "
            f"{MAX_OPSET}); convert it with onnx.version_converter"
        )
    return opset


def _fix_input_shapes(
    model: onnx.ModelProto, shapes: Mapping[str, tuple[int, ...]], path: str
) -> None:
    initializers = {t.name for t in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    unknown = set(shapes) - {i.name for i in inputs}
    if unknown:
        names = ", ".join(i.name for i in inputs)
        raise UsageError(f"--input-shape names unknown input '{sorted(unknown)[0]}' (inputs: {names})")
    for value in inputs:
        tensor_type = value.type.tensor_type
        if value.name in shapes:
            wanted = shapes[value.name]
            dims = tensor_type.shape.dim
            if len(dims) and len(dims) != len(wanted):
                raise UsageError(
                    f"--input-shape {value.name}: model input has rank {len(dims)}, got {len(wanted)}"
                )
            del tensor_type.shape.dim[:]
            for d in wanted:
                tensor_type.shape.dim.add().dim_value = d
            continue
        dims = tensor_type.shape.dim
        if not tensor_type.HasField("shape") or any(not d.HasField("dim_value") for d in dims):
            shown = "x".join(d.dim_param or "?" if not d.HasField("dim_value") else str(d.dim_value) for d in dims)
            raise XoptError(
                f"{path}: input '{value.name}' has a dynamic shape ({shown or 'unknown'}); "
                f"fix it with --input-shape {value.name}=1x3x224x224 (your sizes)"
            )


def _infer(model: onnx.ModelProto, path: str) -> onnx.ModelProto:
    try:
        return onnx.shape_inference.infer_shapes(model, data_prop=True)
    except (onnx.shape_inference.InferenceError, onnx.checker.ValidationError, RuntimeError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise XoptError(f"{path}: ONNX shape inference failed: {first}") from None


def load_model(path: str, input_shapes: Mapping[str, tuple[int, ...]] | None = None) -> onnx.ModelProto:
    """Read, check, fix shapes of, infer and constant-fold the model at `path`."""
    model = read_model(path)
    opset = _check_opset(model, path)
    _fix_input_shapes(model, input_shapes or {}, path)
    model = _infer(model, path)
    while fold_constant_nodes(model, opset, path):
        model = _infer(model, path)
    return model


def initializer_arrays(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    return {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
