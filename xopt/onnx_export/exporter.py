"""`@main` of a module -> an ONNX model in QDQ format that onnxruntime runs.

Tensors
    A float (or plain integer) value is an ONNX tensor of the same element type. A value of a
    `!quant.uniform` type is an ONNX integer tensor holding its stored integers: what a
    QuantizeLinear produces and a DequantizeLinear reads. Every use of a quantized value by an op
    that computes in float gets a DequantizeLinear of its own (onnxruntime's QDQ node units want
    a dedicated DQ per consumer), so a quant op becomes DequantizeLinear of each input, the float
    ONNX operator and QuantizeLinear to the result type (see `quant_ops`), and a mixed module's
    `quant.dequantize` / `quant.quantize` become exactly those nodes.

Saturation
    QuantizeLinear saturates to the full range of its ONNX type. Where a stored result must
    saturate to less (a narrow storage range such as `i8<-127:127>`, or an op's `clamp`), an
    integer Clip follows the QuantizeLinear. That is exact, and it keeps the DQ -> op -> Q group
    that onnxruntime fuses (QLinearConv, ...): a float Relu/Clip between the op and its
    QuantizeLinear is removed by onnxruntime only when the Q saturates to its bounds anyway, i.e.
    exactly when it is not needed, and otherwise leaves the op unfused, in float. onnxruntime has
    no 4-bit Clip, so 4-bit results get a float Clip (Max/Min per axis) before the QuantizeLinear
    at the dequantized bounds instead, which is exact too.

Storage types
    i8/u8, i16/u16 and i4/u4 are INT8/UINT8, INT16/UINT16 and INT4/UINT4; i32 is INT32, which
    DequantizeLinear reads but QuantizeLinear cannot produce (i32 constants and biases only). 2-bit
    storage (i2/u2) is exported as INT8/UINT8 holding the same values, with a warning: ONNX has
    INT2/UINT2 only from opset 25, and onnxruntime 1.31, though it runs a lone INT2
    DequantizeLinear, fails to load a model with a DQ(INT2 weight) -> Conv -> Q group (it fuses
    it into a QLinearConv that rejects INT2). The values, hence the results, are unchanged.
    `@main` arguments and results of a 4-bit type are INT8/UINT8 tensors with a Cast inside, as
    onnxruntime's Python API can neither feed nor fetch 4-bit tensors (the executor's numpy
    arrays hold them in int8/uint8 too).

Opset
    21 when a 4- or 16-bit storage type appears (QuantizeLinear and DequantizeLinear take them
    from opset 21 on), else 17: onnxruntime's quantizer keeps a model's opset unless one of those
    types needs 21, and xopt's example models are opset 17.

Names
    `@main`'s arguments and results are named by their `graph.name` attributes (`arg0`,
    `result0`, ... without, as `xopt run` keys them); every other tensor by its SSA name hint
    (after import, the ONNX tensor name), made unique with `_1`, `_2`, ... as the IR printer does,
    or `t<n>` without a hint. Helper tensors of a value append `_dq`, `_float`, `_scale`, ...

Requantization arithmetic
    ONNX has one: onnxruntime's QLinear kernels, which the quant executor's `rounding = "float"`
    reproduces. Ops in the default `fixed_point` mode export to the same nodes and may differ
    from the executor by one step near ties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects import func
from xdsl.dialects.builtin import BFloat16Type, Float32Type, ModuleOp, StringAttr, TensorType
from xdsl.ir import Attribute, Operation, SSAValue

from xopt.dialects.quant import QuantizedType, UniformQuantizedPerAxisType
from xopt.errors import XoptError
from xopt.files import atomic_write
from xopt.onnx_import.importer import NAME_ATTR
from xopt.onnx_import.types import numpy_dtype_of

BASE_OPSET = 17
"""The opset of a model without 4- or 16-bit storage types."""
WIDE_TYPES_OPSET = 21
"""The first opset whose QuantizeLinear/DequantizeLinear take INT4/UINT4/INT16/UINT16."""
IR_VERSIONS = {BASE_OPSET: 8, WIDE_TYPES_OPSET: 10}
"""The ONNX IR version that goes with each opset (the oldest that has it)."""


@dataclass(frozen=True)
class Storage:
    """How the stored integers of a quantized type are held in ONNX."""

    onnx_type: int
    dtype: np.dtype
    """numpy dtype of the values before ONNX packs them (int8/uint8 for 4-bit types)."""
    qmin: int
    qmax: int
    """Range of the ONNX type: where its QuantizeLinear saturates."""
    widened: bool = False
    """A 2-bit type held in 8 bits."""

    @property
    def four_bit(self) -> bool:
        return self.onnx_type in (TensorProto.INT4, TensorProto.UINT4)

    @property
    def io_type(self) -> int:
        """The element type of an `@main` argument or result of this storage."""
        if self.four_bit:
            return TensorProto.INT8 if self.qmin < 0 else TensorProto.UINT8
        return self.onnx_type


STORAGE: dict[tuple[bool, int], Storage] = {
    (True, 2): Storage(TensorProto.INT8, np.dtype(np.int8), -128, 127, widened=True),
    (False, 2): Storage(TensorProto.UINT8, np.dtype(np.uint8), 0, 255, widened=True),
    (True, 4): Storage(TensorProto.INT4, np.dtype(np.int8), -8, 7),
    (False, 4): Storage(TensorProto.UINT4, np.dtype(np.uint8), 0, 15),
    (True, 8): Storage(TensorProto.INT8, np.dtype(np.int8), -128, 127),
    (False, 8): Storage(TensorProto.UINT8, np.dtype(np.uint8), 0, 255),
    (True, 16): Storage(TensorProto.INT16, np.dtype(np.int16), -(2**15), 2**15 - 1),
    (False, 16): Storage(TensorProto.UINT16, np.dtype(np.uint16), 0, 2**16 - 1),
    (True, 32): Storage(TensorProto.INT32, np.dtype(np.int32), -(2**31), 2**31 - 1),
}
"""ONNX storage of each (signed, bits) storage type; u32 has none."""


def quantized_element(value: SSAValue) -> QuantizedType | None:
    """The `!quant.uniform` element type of a tensor value, or None for other values."""
    typ = value.type
    if isinstance(typ, TensorType) and isinstance(typ.get_element_type(), QuantizedType):
        return typ.get_element_type()
    return None


def float32_scales(element: QuantizedType) -> np.ndarray:
    """The scale(s) of a quantized type as float32 (a scalar or one per channel)."""
    if isinstance(element, UniformQuantizedPerAxisType):
        return np.asarray(element.scales, np.float32)
    return np.float32(element.scale)


def zero_points(element: QuantizedType) -> np.ndarray:
    if isinstance(element, UniformQuantizedPerAxisType):
        return np.asarray(element.zero_points, np.int64)
    return np.int64(element.zero_point)


def axis_attrs(element: QuantizedType) -> dict[str, int]:
    """The `axis` attribute of a per-axis QuantizeLinear/DequantizeLinear (none per tensor)."""
    if isinstance(element, UniformQuantizedPerAxisType):
        return {"axis": element.axis}
    return {}


@dataclass
class ExportResult:
    model: onnx.ModelProto
    warnings: list[str] = field(default_factory=list)
    """One-line warnings for the user (without the `warning: ` prefix)."""


OpExporter = Callable[["Exporter", Operation], None]


def _exporters() -> dict[type[Operation], OpExporter]:
    from xopt.onnx_export.graph_ops import GRAPH_EXPORTERS
    from xopt.onnx_export.quant_ops import QUANT_EXPORTERS

    return {**GRAPH_EXPORTERS, **QUANT_EXPORTERS}


def _main_function(module: ModuleOp, source: str) -> func.FuncOp:
    for op in module.ops:
        if isinstance(op, func.FuncOp) and op.sym_name.data == "main":
            if len(op.body.blocks) != 1:
                raise XoptError(f"{source}: @main must have a single block to export it")
            return op
    raise XoptError(f"{source}: the module has no func.func @main to export")


def _port_names(attrs, count: int, prefix: str) -> list[str]:
    names = []
    for i in range(count):
        attr = attrs.data[i].data.get(NAME_ATTR) if attrs is not None else None
        names.append(attr.data if isinstance(attr, StringAttr) else f"{prefix}{i}")
    return names


def _types_of(fn: func.FuncOp):
    yield from fn.function_type.inputs.data
    for op in fn.body.walk():
        for value in (*op.operands, *op.results):
            yield value.type


def choose_opset(fn: func.FuncOp) -> int:
    for typ in _types_of(fn):
        element = typ.get_element_type() if isinstance(typ, TensorType) else None
        if isinstance(element, QuantizedType) and element.storage_bits in (4, 16):
            return WIDE_TYPES_OPSET
    return BASE_OPSET


def _spread_axis(shape) -> int | None:
    """The channel axis, else the first axis longer than 1 (None if there is none)."""
    candidates = [1] if len(shape) > 1 else []
    return next((a for a in [*candidates, *range(len(shape))] if shape[a] > 1), None)


class Exporter:
    """Builds the ONNX graph of one `@main`; the op exporters of `graph_ops` and `quant_ops`
    call its methods to name tensors and to add nodes and initializers."""

    def __init__(self, module: ModuleOp, source: str):
        self.source = source
        self.main = _main_function(module, source)
        self.opset = choose_opset(self.main)
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.names: dict[SSAValue, str] = {}
        self.taken: set[str] = set()
        self.claims: dict[SSAValue, str] = {}
        """Values whose ONNX tensor is directly a graph output, and its name."""
        self.widened: list[str] = []
        self.op: Operation | None = None
        self._qparams: dict[QuantizedType, tuple[str, str]] = {}
        self._unnamed: dict[SSAValue, str] = {}

    # Names -------------------------------------------------------------------------------

    def fresh(self, base: str) -> str:
        """`base`, or `base_1`, `base_2`, ...: a tensor name not used yet."""
        name, k = base, 0
        while name in self.taken:
            k += 1
            name = f"{base}_{k}"
        self.taken.add(name)
        return name

    def hint(self, value: SSAValue) -> str:
        """The base name of `value`'s tensors: its SSA name hint, else `t<n>`."""
        if value.name_hint is not None:
            return value.name_hint
        if value not in self._unnamed:
            self._unnamed[value] = f"t{len(self._unnamed)}"
        return self._unnamed[value]

    def define(self, value: SSAValue) -> str:
        """The name of the ONNX tensor that holds `value` (called once, by its producer)."""
        assert value not in self.names, value
        name = self.claims.get(value) or self.fresh(self.hint(value))
        self.names[value] = name
        element = quantized_element(value)
        if element is not None and self.storage(element).widened:
            self.widened.append(name)
        return name

    def tensor(self, value: SSAValue) -> str:
        """The ONNX tensor of `value`: its stored integers when it is quantized."""
        return self.names[value]

    # Nodes and initializers --------------------------------------------------------------

    def fail(self, message: str) -> NoReturn:
        where = self.op.name if self.op is not None else "@main"
        if self.op is not None and self.op.results and self.op.results[0].name_hint:
            where += f" (%{self.op.results[0].name_hint})"
        raise XoptError(f"{self.source}: cannot export {where} to ONNX: {message}")

    def node(self, op_type: str, inputs: list[str], outputs: list[str], **attrs) -> None:
        attrs = {k: v for k, v in attrs.items() if v is not None}
        name = f"{outputs[0]}/{op_type}"
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=name, **attrs))

    def initializer(self, array, name: str, onnx_type: int | None = None) -> str:
        """Initializer `name` holding `array` (packed as `onnx_type` when that is 4-bit)."""
        array = np.asarray(array)
        if onnx_type in (TensorProto.INT4, TensorProto.UINT4):
            values = array.astype(np.int64).reshape(-1).tolist()
            tensor = helper.make_tensor(name, onnx_type, list(array.shape), values)
        else:
            tensor = numpy_helper.from_array(array, name)
        self.initializers.append(tensor)
        return name

    def constant(self, array, base: str, onnx_type: int | None = None) -> str:
        """A new initializer holding `array`, named after `base`."""
        return self.initializer(array, self.fresh(base), onnx_type)

    def i64(self, values, base: str) -> str:
        return self.constant(np.asarray(values, np.int64), base)

    # Quantized tensors -------------------------------------------------------------------

    def storage(self, element: QuantizedType) -> Storage:
        storage = STORAGE.get((element.signed, element.storage_bits))
        if storage is None:
            self.fail(f"ONNX has no {element.storage_type_name} storage type")
        if not isinstance(element.expressed_type, Float32Type):
            self.fail(f"only f32 expressed types are exported, got {element.expressed_type}")
        return storage

    def qparams(self, element: QuantizedType, base: str) -> tuple[str, str]:
        """Scale and zero-point initializers of `element`, shared by every tensor of it."""
        storage = self.storage(element)
        if element not in self._qparams:
            scale = self.constant(float32_scales(element), f"{base}_scale")
            zero_point = zero_points(element).astype(storage.dtype)
            zp = self.constant(zero_point, f"{base}_zero_point", storage.onnx_type)
            self._qparams[element] = (scale, zp)
        return self._qparams[element]

    def dequantize(self, value: SSAValue, output: str | None = None, spread=False) -> str:
        """A DequantizeLinear of quantized `value`'s stored integers; its float output. With
        `spread`, a per-tensor scale is written per axis (repeated along an axis longer than 1),
        which computes the same (see `quant_ops._dequantize` for why)."""
        element = quantized_element(value)
        assert element is not None
        source = self.tensor(value)
        output = output or self.fresh(f"{source}_dq")
        axis = _spread_axis(value.type.get_shape()) if spread else None
        if axis is None or isinstance(element, UniformQuantizedPerAxisType):
            scale, zp = self.qparams(element, source)
            self.node("DequantizeLinear", [source, scale, zp], [output], **axis_attrs(element))
            return output
        storage = self.storage(element)
        size = value.type.get_shape()[axis]
        scale = self.constant(np.full(size, element.scale, np.float32), f"{output}_scale")
        zero_point = np.full(size, element.zero_point, storage.dtype)
        zp = self.constant(zero_point, f"{output}_zero_point", storage.onnx_type)
        self.node("DequantizeLinear", [source, scale, zp], [output], axis=axis)
        return output

    def float_of(self, value: SSAValue) -> str:
        """`value` as a float tensor: a dedicated DequantizeLinear when it is quantized."""
        if quantized_element(value) is None:
            return self.tensor(value)
        return self.dequantize(value)

    def quantize(self, source: str, value: SSAValue, bounds: tuple[int, int] | None = None):
        """QuantizeLinear of float tensor `source` to quantized `value`'s type, saturating to
        `bounds` (default: the type's storage range) on the stored integers."""
        element = quantized_element(value)
        assert element is not None
        storage = self.storage(element)
        if storage.onnx_type == TensorProto.INT32:
            self.fail("ONNX QuantizeLinear cannot produce 32-bit integers")
        lo, hi = bounds if bounds is not None else (element.qmin, element.qmax)
        output = self.define(value)
        if storage.four_bit and (lo, hi) != (storage.qmin, storage.qmax):
            source = self._float_clamp(source, value, element, (lo, hi))
            lo, hi = storage.qmin, storage.qmax
        clamped = (lo, hi) != (storage.qmin, storage.qmax)
        stored = self.fresh(f"{output}_unclamped") if clamped else output
        scale, zp = self.qparams(element, output)
        self.node("QuantizeLinear", [source, scale, zp], [stored], **axis_attrs(element))
        if clamped:
            low = self.constant(np.asarray(lo, storage.dtype), f"{output}_min")
            high = self.constant(np.asarray(hi, storage.dtype), f"{output}_max")
            self.node("Clip", [stored, low, high], [output])

    def _float_clamp(
        self, source: str, value: SSAValue, element: QuantizedType, bounds: tuple[int, int]
    ) -> str:
        """Clip float `source` to the dequantized `bounds`, so that quantizing it saturates
        there: exact, since the bounds divide back to (bound - zero point) within an ulp."""
        scales, zps = float32_scales(element), zero_points(element)
        low, high = ((np.asarray(b - zps).astype(np.float32) * scales) for b in bounds)
        output = self.fresh(f"{self.hint(value)}_clamped")
        if not isinstance(element, UniformQuantizedPerAxisType):
            lo_name = self.constant(np.float32(low), f"{output}_min")
            hi_name = self.constant(np.float32(high), f"{output}_max")
            self.node("Clip", [source, lo_name, hi_name], [output])
            return output
        shape = [1] * len(value.type.get_shape())
        shape[element.axis] = element.channels
        lower = self.fresh(f"{output}_lower")
        lo_name = self.constant(low.reshape(shape), f"{output}_min")
        hi_name = self.constant(high.reshape(shape), f"{output}_max")
        self.node("Max", [source, lo_name], [lower])
        self.node("Min", [lower, hi_name], [output])
        return output

    # The graph ---------------------------------------------------------------------------

    def value_info(self, name: str, typ: Attribute) -> onnx.ValueInfoProto:
        assert isinstance(typ, TensorType)
        element = typ.get_element_type()
        if isinstance(element, QuantizedType):
            elem_type = self.storage(element).io_type
        elif isinstance(element, BFloat16Type):
            elem_type = TensorProto.BFLOAT16
        else:
            elem_type = helper.np_dtype_to_tensor_dtype(numpy_dtype_of(element))
        return helper.make_tensor_value_info(name, elem_type, list(typ.get_shape()))

    def _inputs(self, names: list[str]) -> list[onnx.ValueInfoProto]:
        infos = []
        for arg, name in zip(self.main.body.block.args, names):
            infos.append(self.value_info(name, arg.type))
            element = quantized_element(arg)
            if element is not None and self.storage(element).four_bit:
                internal = self.define(arg)
                self.node("Cast", [name], [internal], to=self.storage(element).onnx_type)
            else:
                self.claims[arg] = name
                self.define(arg)
        return infos

    def _claim_outputs(self, returned: list[SSAValue], names: list[str]) -> None:
        for value, name in zip(returned, names):
            element = quantized_element(value)
            if (
                value in self.claims
                or not isinstance(value.owner, Operation)
                or value.owner.name in ("graph.constant", "quant.constant")
                or element is not None
                and self.storage(element).four_bit
            ):
                continue
            self.claims[value] = name

    def _outputs(self, returned: list[SSAValue], names: list[str]) -> list[onnx.ValueInfoProto]:
        infos = []
        for value, name in zip(returned, names):
            infos.append(self.value_info(name, value.type))
            if self.tensor(value) == name:
                continue
            element = quantized_element(value)
            if element is not None and self.storage(element).four_bit:
                self.node("Cast", [self.tensor(value)], [name], to=self.storage(element).io_type)
            else:
                self.node("Identity", [self.tensor(value)], [name])
        return infos

    def run(self) -> ExportResult:
        fn = self.main
        in_names = _port_names(fn.arg_attrs, len(fn.body.block.args), "arg")
        ret = fn.body.block.last_op
        if not isinstance(ret, func.ReturnOp):
            raise XoptError(f"{self.source}: @main must end with func.return")
        returned = list(ret.operands)
        out_names = _port_names(fn.res_attrs, len(returned), "result")
        ports = in_names + out_names
        duplicates = sorted({n for n in ports if ports.count(n) > 1})
        if duplicates:
            raise XoptError(
                f"{self.source}: @main has two arguments or results named '{duplicates[0]}'; "
                "ONNX needs distinct names"
            )
        self.taken.update(ports)
        self._claim_outputs(returned, out_names)
        inputs = self._inputs(in_names)
        exporters = _exporters()
        for op in fn.body.block.ops:
            if op is ret:
                break
            self.op = op
            exporter = exporters.get(type(op))
            if exporter is None:
                self.fail("the op has no ONNX equivalent; graph and quant ops are exported")
            exporter(self, op)
        self.op = None
        outputs = self._outputs(returned, out_names)
        graph = helper.make_graph(self.nodes, "main", inputs, outputs, self.initializers)
        model = helper.make_model(
            graph,
            opset_imports=[helper.make_opsetid("", self.opset)],
            ir_version=IR_VERSIONS[self.opset],
            producer_name="xopt",
        )
        return ExportResult(model, self._warnings())

    def _warnings(self) -> list[str]:
        if not self.widened:
            return []
        shown = ", ".join(self.widened[:3]) + (", ..." if len(self.widened) > 3 else "")
        return [
            f"{self.source}: {len(self.widened)} tensor(s) of 2-bit storage ({shown}) are "
            "exported as int8/uint8 holding the same values: onnxruntime cannot run INT2 "
            "weights in a quantized Conv"
        ]


def export_module(module: ModuleOp, source: str) -> ExportResult:
    """The ONNX model of `module`'s `@main`, checked with onnx's full checker."""
    result = Exporter(module, source).run()
    try:
        onnx.checker.check_model(result.model, full_check=True)
    except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as e:
        reason = next((line for line in str(e).splitlines() if line.strip()), type(e).__name__)
        raise XoptError(f"{source}: the exported ONNX model does not check: {reason}") from None
    return result


def save_onnx(path: str, model: onnx.ModelProto) -> None:
    """Write `model` to `path` atomically."""
    atomic_write(path, lambda f: f.write(model.SerializeToString()))
