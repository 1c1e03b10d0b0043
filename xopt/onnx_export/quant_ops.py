"""Quant ops -> ONNX in QDQ form: a DequantizeLinear of each quantized input, the float ONNX
operator, and a QuantizeLinear to the result type, followed by an integer Clip when the op's
`clamp` (or the result's storage range) is narrower than what the QuantizeLinear saturates to
(see `exporter`).

onnxruntime fuses these groups into its integer kernels: DQ -> Conv -> Q into QLinearConv, Gemm
into QGemm, Add and Mul into QLinearAdd and QLinearMul, AveragePool and GlobalAveragePool into
QLinearAveragePool and QLinearGlobalAveragePool, Concat into QLinearConcat, 8-bit Softmax
into QLinearSoftmax (which wraps an int8 probability of 1 to -128; see quant_numerics);
around MaxPool,
Reshape and nearest Resize it drops the DQ/Q pair and moves the integers. (On x86 it fuses Conv
and Gemm groups with int8, rather than uint8, activations only when the session sets
`session.qdqisint8allowed` to 1; otherwise they run as float Conv/Gemm.) Weights are integer
initializers with a DequantizeLinear (per output channel: `axis = 0`); an i32 bias is an int32
initializer with a DequantizeLinear at scale s_x * s_w (a float32 product, zero point 0, per
channel when the weight is), as onnxruntime's own quantizer writes it, which the Conv fusion
takes as QLinearConv's bias.

Ops without a QDQ form:
- quant.table: Cast of the stored input to int32, Sub of qmin_x (unless 0), Gather from the table
  as an initializer of the result's storage type; the Gather's output is the stored result.
- quant.argmax: ArgMax of the DequantizeLinear output, the same index since dequantizing is
  strictly increasing; onnxruntime drops the DQ and runs ArgMax on the integers.
- quant.requantize: DequantizeLinear then QuantizeLinear.
- quant.resize: DequantizeLinear, Resize, QuantizeLinear; in `linear` mode onnxruntime
  interpolates in float, as the executor's `float` rounding does.
- quant.pad, quant.insert_zeros, quant.crop, quant.phase_slice, quant.interleave,
  quant.argmax_groups, quant.argmax_select: the graph op's node chain between a
  DequantizeLinear of each quantized operand and a QuantizeLinear of each quantized result
  to the same type (`_float_chain`): the chains only copy values (and write 0.0, which
  quantizes to the zero point), so the stored integers are reproduced exactly.
- quant.resize_argmax: what the unfused pair exports to: DequantizeLinear, Resize,
  QuantizeLinear to the `resized` type, DequantizeLinear, ArgMax, Cast to the index type.

FP32 fallback: a `quant.dequantize` feeding a float conv, transposed conv or gemm is written
with its scale repeated along an axis, as onnxruntime would otherwise quantize that layer's float
weights (see `_dequantize`).
"""

from __future__ import annotations

import numpy as np
from onnx import TensorProto
from xdsl.ir import Operation, SSAValue

from xopt.dialects import graph, quant
from xopt.dialects.graph.base import ints, shape_of
from xopt.dialects.quant.base import saturation_bounds
from xopt.onnx_export.exporter import Exporter, OpExporter, float32_scales, quantized_element
from xopt.onnx_export.graph_ops import (
    GRAPH_EXPORTERS,
    argmax_attrs,
    pool_attrs,
    resize_attrs,
    resize_scales,
)
from xopt.onnx_import.types import array_of


def _qdq(op_type: str, attrs=None) -> OpExporter:
    """DequantizeLinear of each operand, one `op_type` node with attributes `attrs(op)`, and a
    QuantizeLinear to the result saturating at the op's bounds."""

    def export(ctx: Exporter, op: Operation) -> None:
        inputs = [ctx.float_of(v) for v in op.operands]
        _quantized_node(ctx, op, op_type, inputs, attrs(op) if attrs else {})

    return export


def _quantized_node(ctx: Exporter, op: Operation, op_type: str, inputs: list[str], attrs) -> None:
    result = quantized_element(op.output)
    assert result is not None
    computed = ctx.fresh(f"{ctx.hint(op.output)}_float")
    ctx.node(op_type, inputs, [computed], **attrs)
    ctx.quantize(computed, op.output, saturation_bounds(op, result))


def _bias(ctx: Exporter, op: quant.Conv2dOp | quant.FullyConnectedOp) -> list[str]:
    """The float bias input: the i32 bias dequantized at scale s_x * s_w."""
    if op.bias is None:
        return []
    x, w = quantized_element(op.input), quantized_element(op.weight)
    assert x is not None and w is not None
    scale = (np.float32(x.scale) * float32_scales(w)).astype(np.float32)
    source = ctx.tensor(op.bias)
    output = ctx.fresh(f"{source}_dq")
    scale_name = ctx.constant(scale, f"{output}_scale")
    zero_point = ctx.constant(np.zeros(scale.shape, np.int32), f"{output}_zero_point")
    axis = {"axis": 0} if scale.ndim else {}
    ctx.node("DequantizeLinear", [source, scale_name, zero_point], [output], **axis)
    return [output]


def _conv2d(ctx: Exporter, op: quant.Conv2dOp) -> None:
    inputs = [ctx.float_of(op.input), ctx.float_of(op.weight), *_bias(ctx, op)]
    attrs = {
        "kernel_shape": list(shape_of(op.weight)[2:]),
        "strides": list(ints(op.strides)),
        "pads": list(ints(op.pads)),
        "dilations": list(ints(op.dilations)),
        "group": op.group.value.data,
    }
    _quantized_node(ctx, op, "Conv", inputs, attrs)


def _fully_connected(ctx: Exporter, op: quant.FullyConnectedOp) -> None:
    inputs = [ctx.float_of(op.input), ctx.float_of(op.weight), *_bias(ctx, op)]
    _quantized_node(ctx, op, "Gemm", inputs, {"transB": 1})


def _reshape(ctx: Exporter, op: quant.ReshapeOp) -> None:
    shape = ctx.i64(list(shape_of(op.output)), f"{ctx.hint(op.output)}_shape")
    _quantized_node(ctx, op, "Reshape", [ctx.float_of(op.input), shape], {})


def _resize(ctx: Exporter, op: quant.ResizeOp) -> None:
    scales = resize_scales(ctx, op, ctx.hint(op.output))
    _quantized_node(ctx, op, "Resize", [ctx.float_of(op.input), "", scales], resize_attrs(op))


def _requantize(ctx: Exporter, op: quant.RequantizeOp) -> None:
    ctx.quantize(ctx.float_of(op.input), op.output)


def _table(ctx: Exporter, op: quant.TableOp) -> None:
    x, y = quantized_element(op.input), quantized_element(op.output)
    assert x is not None and y is not None
    storage = ctx.storage(y)
    output = ctx.define(op.output)
    index = ctx.fresh(f"{output}_index")
    ctx.node("Cast", [ctx.tensor(op.input)], [index], to=TensorProto.INT32)
    if x.qmin != 0:
        offset = ctx.constant(np.int32(x.qmin), f"{output}_qmin")
        shifted = ctx.fresh(f"{output}_offset")
        ctx.node("Sub", [index, offset], [shifted])
        index = shifted
    table = ctx.constant(np.asarray(ints(op.values), storage.dtype), f"{output}_table")
    if not storage.four_bit:
        ctx.node("Gather", [table, index], [output], axis=0)
        return
    gathered = ctx.fresh(f"{output}_8bit")
    ctx.node("Gather", [table, index], [gathered], axis=0)
    ctx.node("Cast", [gathered], [output], to=storage.onnx_type)


def _argmax(ctx: Exporter, op: quant.ArgMaxOp) -> None:
    ctx.node("ArgMax", [ctx.float_of(op.input)], [ctx.define(op.output)], **argmax_attrs(op))


def _constant(ctx: Exporter, op: quant.ConstantOp) -> None:
    element = quantized_element(op.output)
    assert element is not None
    storage = ctx.storage(element)
    values = array_of(op.value).astype(storage.dtype)
    ctx.initializer(values, ctx.define(op.output), storage.onnx_type)


def _quantize(ctx: Exporter, op: quant.QuantizeOp) -> None:
    ctx.quantize(ctx.tensor(op.input), op.output)


class _FloatView:
    """An `Exporter` as a graph op exporter sees it: quantized values are float tensors
    (their DequantizeLinear outputs for operands, fresh float names for results)."""

    def __init__(self, ctx: Exporter, op: Operation):
        self._ctx = ctx
        self._floats = {v: ctx.float_of(v) for v in op.operands if quantized_element(v) is not None}
        self.results: list[SSAValue] = []

    def __getattr__(self, name: str):
        return getattr(self._ctx, name)

    def tensor(self, value: SSAValue) -> str:
        return self._floats.get(value) or self._ctx.tensor(value)

    def define(self, value: SSAValue) -> str:
        if quantized_element(value) is None:
            return self._ctx.define(value)
        self._floats[value] = self._ctx.fresh(f"{self._ctx.hint(value)}_float")
        self.results.append(value)
        return self._floats[value]


def _float_chain(graph_class: type[Operation]) -> OpExporter:
    """`graph_class`'s exporter between DequantizeLinear of the quantized operands and a
    QuantizeLinear of each quantized result (see the module docstring)."""

    def export(ctx: Exporter, op: Operation) -> None:
        view = _FloatView(ctx, op)
        GRAPH_EXPORTERS[graph_class](view, op)
        for value in view.results:
            ctx.quantize(view.tensor(value), value)

    return export


def _pad(ctx: Exporter, op: quant.PadOp) -> None:
    """Pad with the real value 0 (the zero point after quantizing)."""
    output = ctx.fresh(f"{ctx.hint(op.output)}_float")
    pads = ctx.i64(list(ints(op.pads)), f"{output}_pads")
    ctx.node("Pad", [ctx.float_of(op.input), pads], [output], mode="constant")
    ctx.quantize(output, op.output)


def _resize_argmax(ctx: Exporter, op: quant.ResizeArgmaxOp) -> None:
    """As `quant.resize` then `quant.argmax`: the resize requantized to `resized`."""
    output = ctx.define(op.output)
    scales = resize_scales(ctx, op, output)
    resized = ctx.fresh(f"{output}_resized")
    ctx.node("Resize", [ctx.float_of(op.input), "", scales], [resized], **resize_attrs(op))
    element = op.resized_type().get_element_type()
    storage = ctx.storage(element)
    if (element.qmin, element.qmax) != (storage.qmin, storage.qmax):
        ctx.fail(f"the resized type {element} saturates inside its storage range")
    scale, zero_point = ctx.qparams(element, resized)
    stored, blended = ctx.fresh(f"{resized}_q"), ctx.fresh(f"{resized}_dq")
    ctx.node("QuantizeLinear", [resized, scale, zero_point], [stored])
    ctx.node("DequantizeLinear", [stored, scale, zero_point], [blended])
    classes = ctx.fresh(f"{output}_i64")
    keepdims = int(op.keepdims is not None)
    last = int(op.select_last_index is not None)
    ctx.node("ArgMax", [blended], [classes], axis=1, keepdims=keepdims, select_last_index=last)
    width = op.output.type.get_element_type().width.data
    if width == 64:
        ctx.node("Identity", [classes], [output])
    else:
        to = {16: TensorProto.INT16, 32: TensorProto.INT32}[width]
        ctx.node("Cast", [classes], [output], to=to)


FLOAT_WEIGHT_OPS = (graph.Conv2dOp, graph.ConvTranspose2dOp, graph.GemmOp)
"""Float ops whose weights onnxruntime quantizes when their input comes from a per-tensor
DequantizeLinear."""


def _dequantize(ctx: Exporter, op: quant.DequantizeOp) -> None:
    """A DequantizeLinear. When it feeds a float conv, transposed conv or gemm (an FP32
    fallback layer), its scale is written per axis: onnxruntime's WeightBiasQuantization
    (a basic, always-on optimization) quantizes the float weights of such an op to per-tensor
    int8 when its input is a per-tensor DequantizeLinear, and the layer would no longer run
    in float."""
    spread = any(
        isinstance(use.operation, FLOAT_WEIGHT_OPS) and use.index == 0 for use in op.output.uses
    )
    ctx.dequantize(op.input, ctx.define(op.output), spread=spread)


QUANT_EXPORTERS: dict[type[Operation], OpExporter] = {
    quant.AddOp: _qdq("Add"),
    quant.ArgMaxOp: _argmax,
    quant.AvgPoolOp: _qdq("AveragePool", pool_attrs),
    quant.ConcatOp: _qdq("Concat", lambda op: {"axis": op.axis.value.data}),
    quant.ConstantOp: _constant,
    quant.Conv2dOp: _conv2d,
    quant.DequantizeOp: _dequantize,
    quant.FullyConnectedOp: _fully_connected,
    quant.GlobalAvgPoolOp: _qdq("GlobalAveragePool"),
    quant.MaxPoolOp: _qdq("MaxPool", pool_attrs),
    quant.MulOp: _qdq("Mul"),
    quant.QuantizeOp: _quantize,
    quant.RequantizeOp: _requantize,
    quant.ReshapeOp: _reshape,
    quant.ResizeOp: _resize,
    quant.SoftmaxOp: _qdq("Softmax", lambda op: {"axis": op.axis.value.data}),
    quant.TableOp: _table,
    quant.PadOp: _pad,
    quant.InsertZerosOp: _float_chain(graph.InsertZerosOp),
    quant.CropOp: _float_chain(graph.CropOp),
    quant.PhaseSliceOp: _float_chain(graph.PhaseSliceOp),
    quant.InterleaveOp: _float_chain(graph.InterleaveOp),
    quant.ArgMaxGroupsOp: _float_chain(graph.ArgMaxGroupsOp),
    quant.ArgMaxSelectOp: _float_chain(graph.ArgMaxSelectOp),
    quant.ResizeArgmaxOp: _resize_argmax,
}
"""How each quant op is exported (all 25 have an ONNX form)."""
