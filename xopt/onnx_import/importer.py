"""ONNX graph -> `graph` dialect module.

The model becomes `func.func @main`, whose arguments and results carry the ONNX names as
`graph.name` attributes (the executor and `xopt run` key npz files by them). Every SSA value
is named after its ONNX tensor. Nodes are converted by the per-op converters in
`xopt.onnx_import.converters`; an op without a converter is a one-line error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import onnx
from xdsl.builder import Builder, InsertPoint
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    DictionaryAttr,
    ModuleOp,
    StringAttr,
    TensorType,
)
from xdsl.ir import Attribute, Block, Region, SSAValue
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import ConstantOp
from xopt.errors import XoptError
from xopt.onnx_import.loader import LoadedModel, load_model
from xopt.onnx_import.types import dense_attr, tensor_type_of

NAME_ATTR = "graph.name"


def sanitize(name: str) -> str:
    """An SSA-name-safe spelling of an ONNX tensor name."""
    cleaned = re.sub(r"[^\w$.-]", "_", name)
    return cleaned if re.match(r"[A-Za-z_$.-]", cleaned) else f"v{cleaned}"


@dataclass
class ImportResult:
    module: ModuleOp
    value_names: dict[SSAValue, str] = field(default_factory=dict)
    """ONNX tensor name of every SSA value produced by an ONNX node (for comparisons)."""


class NodeContext:
    """What a converter sees of one ONNX node: inputs as SSA values or constants, the
    node's attributes, its inferred output types, and a builder at the insertion point."""

    def __init__(self, importer: ModelImporter, node: onnx.NodeProto):
        self.importer = importer
        self.node = node
        self.opset = importer.opset
        self.builder = importer.builder
        self.attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        for key, value in self.attrs.items():
            if isinstance(value, bytes):
                self.attrs[key] = value.decode()

    @property
    def num_inputs(self) -> int:
        return len(self.node.input)

    def has_input(self, i: int) -> bool:
        return i < len(self.node.input) and bool(self.node.input[i])

    def input(self, i: int) -> SSAValue:
        return self.importer.value(self.node.input[i])

    def inputs(self) -> list[SSAValue]:
        return [self.input(i) for i in range(self.num_inputs) if self.has_input(i)]

    def const(self, i: int, what: str) -> np.ndarray:
        """Input `i` as a constant array; the converter needs it at compile time."""
        value = self.importer.constants.get(self.node.input[i]) if self.has_input(i) else None
        if value is None:
            self.fail(f"{what} (input {i}) must be a constant")
        return value

    def optional_const(self, i: int, what: str) -> np.ndarray | None:
        return self.const(i, what) if self.has_input(i) else None

    def attr(self, name: str, default=None):
        return self.attrs.get(name, default)

    def input_shape(self, i: int) -> tuple[int, ...]:
        return self.importer.shape_of(self.node.input[i])

    def output_used(self, k: int) -> bool:
        """Whether output `k` exists and is consumed by a node or is a graph output."""
        return k < len(self.node.output) and self.node.output[k] in self.importer.used_names

    def output_type(self, k: int = 0) -> TensorType:
        return self.importer.type_of(self.node.output[k], self.node)

    def fail(self, message: str):
        raise XoptError(f"{self.importer.where(self.node)}: {message}")


class ModelImporter:
    def __init__(self, loaded: LoadedModel, source: str):
        from xopt.onnx_import.converters import CONVERTERS

        self.model = model = loaded.model
        self.source = source
        self.opset = loaded.opset
        self.original_opset = loaded.original_opset
        self.converters = CONVERTERS
        self.constants: dict[str, np.ndarray] = loaded.constants
        self.types = self._collect_types()
        graph = model.graph
        self.used_names = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        self.values: dict[str, SSAValue] = {}
        self.result = ImportResult(ModuleOp([]))
        self.builder: Builder

    def _collect_types(self) -> dict[str, onnx.TypeProto]:
        graph = self.model.graph
        return {vi.name: vi.type for vi in [*graph.input, *graph.value_info, *graph.output]}

    def where(self, node: onnx.NodeProto) -> str:
        opset = f"opset {self.opset}"
        if self.original_opset != self.opset:
            opset += f", upgraded from {self.original_opset}"
        return f"{self.source}: node '{node.name or node.output[0]}' ({node.op_type}, {opset})"

    def shape_of(self, name: str) -> tuple[int, ...]:
        if name in self.constants:
            return tuple(self.constants[name].shape)
        if name in self.values:
            return tuple(self.values[name].type.get_shape())
        raise XoptError(f"{self.source}: tensor '{name}' has no known shape")

    def type_of(self, name: str, node: onnx.NodeProto) -> TensorType:
        typ = self.types.get(name)
        result = self._tensor_type(typ, f"{self.where(node)}: output '{name}'") if typ else None
        if result is None:
            raise XoptError(
                f"{self.where(node)}: output '{name}' has no static shape after shape "
                f"inference; fix dynamic inputs with --input-shape NAME=D0xD1x..."
            )
        return result

    def _tensor_type(self, typ: onnx.TypeProto, what: str) -> TensorType | None:
        try:
            return tensor_type_of(typ)
        except ValueError as e:  # an element type without an xDSL equivalent
            raise XoptError(f"{what}: {e}") from None

    def value(self, name: str) -> SSAValue:
        """The SSA value of tensor `name`, materialising constants on first use."""
        if name not in self.values:
            if name not in self.constants:
                raise XoptError(f"{self.source}: tensor '{name}' is used before it is defined")
            try:
                attr = dense_attr(self.constants[name])
            except ValueError as e:
                raise XoptError(f"{self.source}: constant '{name}': {e}") from None
            op = self.builder.insert(ConstantOp(attr))
            op.output.name_hint = sanitize(name)
            self.values[name] = op.output
        return self.values[name]

    def run(self) -> ImportResult:
        graph = self.model.graph
        inputs = [i for i in graph.input if i.name not in self.constants]
        arg_types: list[Attribute] = []
        for value in inputs:
            typ = self._tensor_type(value.type, f"{self.source}: input '{value.name}'")
            if typ is None:
                raise XoptError(f"{self.source}: input '{value.name}' has no static shape")
            arg_types.append(typ)
        block = Block(arg_types=arg_types)
        self.builder = Builder(InsertPoint.at_end(block))
        for value, arg in zip(inputs, block.args):
            arg.name_hint = sanitize(value.name)
            self.values[value.name] = arg
        for node in graph.node:
            self._convert(node)
        outputs = [self.value(o.name) for o in graph.output]
        self.builder.insert(func.ReturnOp(*outputs))
        function = func.FuncOp(
            "main",
            ([a.type for a in block.args], [o.type for o in outputs]),
            Region(block),
            arg_attrs=_name_attrs(i.name for i in inputs),
            res_attrs=_name_attrs(o.name for o in graph.output),
        )
        self.result.module.body.block.add_op(function)
        return self.result

    def _convert(self, node: onnx.NodeProto) -> None:
        if node.domain not in ("", "ai.onnx"):
            raise XoptError(
                f"{self.where(node)}: operators of domain '{node.domain}' are not supported"
            )
        converter = self.converters.get(node.op_type)
        if converter is None:
            raise XoptError(f"{self.where(node)}: unsupported operator {node.op_type}")
        ctx = NodeContext(self, node)
        last = self.builder.insertion_point.block.last_op
        outputs = converter(ctx)
        op = last.next_op if last is not None else self.builder.insertion_point.block.first_op
        while op is not None:
            try:
                op.verify()
            except VerifyException as e:
                reason = str(e).strip().splitlines()[0]
                raise XoptError(f"{self.where(node)}: cannot convert: {reason}") from None
            op = op.next_op
        for name, value in zip(node.output, outputs):
            if not name:
                continue
            if (
                value.name_hint is None
                or value.owner is not None
                and not isinstance(value.owner, ConstantOp)
            ):
                value.name_hint = sanitize(name)
            self.values[name] = value
            self.result.value_names[value] = name


def _name_attrs(names) -> DictionaryAttr:
    from xdsl.dialects.builtin import ArrayAttr

    return ArrayAttr([DictionaryAttr({NAME_ATTR: StringAttr(n)}) for n in names])


def import_onnx(path: str, input_shapes=None) -> ImportResult:
    """Load, shape-infer, fold and convert the ONNX model at `path`."""
    return ModelImporter(load_model(path, input_shapes), path).run()
