"""Converters for ONNX's quantization operators, into the QDQ form of the `quant` dialect.

QuantizeLinear and DequantizeLinear become `quant.quantize` / `quant.dequantize` with the
node's scale and zero point in the quantized type (per tensor, or per axis along `axis`); a
DequantizeLinear of an initializer becomes `quant.constant` + `quant.dequantize`, and a
QuantizeLinear of a constant is evaluated into a `quant.constant`. The operator forms
QLinearConv and QLinearMatMul expand into that same form (dequantize inputs, float op,
quantize), and so do ConvInteger / MatMulInteger when their int32 result is converted back
to float by `Cast` + `Mul` with a constant scale, the pattern quantizers emit. The
`fuse-qdq` pass then turns the QDQ form into integer quant ops.

Storage types are int8/uint8, int16/uint16 and int4/uint4 (int32 for dequantized biases).
Activations must be quantized per tensor; per-axis scales are supported for constants, and
for the weights of Conv, Gemm and MatMul only along their output channels. Blocked
quantization (`block_size`) and dynamic quantization are not supported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx
from xdsl.dialects.builtin import IntegerType, Signedness, TensorType
from xdsl.ir import Attribute, BlockArgument, SSAValue
from xdsl.rewriter import Rewriter
from xdsl.utils.exceptions import VerifyException

from xopt.dialects import graph, quant
from xopt.dialects.graph.base import i64_array, i64_attr
from xopt.dialects.quant.types import (
    QuantizedType,
    UniformQuantizedPerAxisType,
    UniformQuantizedType,
)
from xopt.executor import quant_numerics as qn
from xopt.onnx_import.convert_nn import resolve_pads
from xopt.onnx_import.importer import NodeContext, sanitize
from xopt.onnx_import.types import dense_attr, element_type_of, numpy_dtype_of

STORAGE = {
    "int8": (8, True),
    "uint8": (8, False),
    "int16": (16, True),
    "uint16": (16, False),
    "int4": (4, True),
    "uint4": (4, False),
}
"""ONNX quantized element types xopt supports, as (bits, signed)."""

BIAS_STORAGE = {"int32": (32, True)}
"""Also allowed as the input of DequantizeLinear (quantized biases)."""

SUPPORTED = "int8, uint8, int16, uint16, int4 or uint4"


@dataclass
class _Params:
    """Scale(s) and zero point(s) of one quantized tensor: 0-d, or 1-D along `axis`."""

    scale: np.ndarray
    zero_point: np.ndarray
    axis: int | None


# ---- reading quantization parameters


def _check_not_blocked(ctx: NodeContext) -> None:
    block_size = ctx.attr("block_size", 0)
    if block_size:
        ctx.fail(
            f"blocked quantization (block_size={block_size}) is not supported; quantize "
            "per tensor or per channel instead (e.g. quantize_static with per_channel=True)"
        )


def _params(ctx: NodeContext, scale_index: int, zp_index: int, shape, axis: int) -> _Params:
    """The node's scale and zero point for a tensor of `shape`; 1-D scales are per `axis`."""
    scale = ctx.const(scale_index, "the scale")
    zero_point = ctx.optional_const(zp_index, "the zero point")
    if scale.dtype.kind != "f":
        ctx.fail(f"the scale must be a float tensor, got {scale.dtype}")
    if zero_point is not None and zero_point.size != scale.size:
        ctx.fail(f"zero point shape {zero_point.shape} differs from scale shape {scale.shape}")
    zp = np.zeros(scale.size, np.int64) if zero_point is None else zero_point.astype(np.int64)
    zp = zp.reshape(scale.shape)
    if scale.size == 1 and scale.ndim <= 1:
        return _Params(scale.astype(np.float32).reshape(()), zp.reshape(()), None)
    if scale.ndim != 1:
        ctx.fail(
            f"a scale of shape {scale.shape} is blocked quantization, which is not supported; "
            "quantize per tensor or per channel instead"
        )
    rank = len(shape)
    if not -rank <= axis < rank or shape[axis % rank] != scale.size:
        ctx.fail(f"{scale.size} per-axis scales do not match axis {axis} of shape {tuple(shape)}")
    return _Params(scale.astype(np.float32), zp, axis % rank)


def _storage(ctx: NodeContext, name: str, allow_int32: bool = False) -> tuple[int, bool]:
    """(bits, signed) of a quantized ONNX element type, named as numpy names it."""
    allowed = {**STORAGE, **(BIAS_STORAGE if allow_int32 else {})}
    if name not in allowed:
        more = " (int32 for dequantized biases)" if allow_int32 else ""
        ctx.fail(f"quantized type {name} is not supported; xopt supports {SUPPORTED}{more}")
    return allowed[name]


def _element(
    ctx: NodeContext, params: _Params, storage: tuple[int, bool], expressed: Attribute
) -> QuantizedType:
    bits, signed = storage
    storage_type = IntegerType(bits, Signedness.SIGNED if signed else Signedness.UNSIGNED)
    try:
        if params.axis is None:
            return UniformQuantizedType(
                storage_type, expressed, float(params.scale), int(params.zero_point)
            )
        return UniformQuantizedPerAxisType(
            storage_type,
            expressed,
            params.axis,
            [float(s) for s in params.scale],
            [int(z) for z in params.zero_point],
        )
    except VerifyException as e:
        ctx.fail(f"invalid quantization parameters: {str(e).removeprefix('!quant.uniform: ')}")


def _float_element(ctx: NodeContext, dtype: np.dtype) -> Attribute:
    try:
        return element_type_of(dtype)
    except ValueError:
        ctx.fail(f"the scale must be float32, float16 or float64, got {np.dtype(dtype).name}")


def _dtype_name(dtype) -> str:
    return np.dtype(dtype).name


def _value_storage(ctx: NodeContext, value: SSAValue) -> str:
    """The storage type name (`uint8`, `int4`, ...) of a quantized or integer SSA value."""
    element = value.type.get_element_type()
    if isinstance(element, QuantizedType):
        return f"{'' if element.signed else 'u'}int{element.storage_bits}"
    if isinstance(element, IntegerType):
        return _dtype_name(numpy_dtype_of(element))
    ctx.fail(f"input '{ctx.node.input[0]}' must be a quantized integer tensor, got {element}")


# ---- values


def _stored(values: np.ndarray, bits: int, signed: bool) -> np.ndarray:
    """Stored integers in the narrowest array type `quant.constant` holds them in."""
    values = np.asarray(values).astype(np.int64)
    if bits <= 8:
        return values.astype(np.int8 if signed else np.uint8)
    if bits == 16 and signed:
        return values.astype(np.int16)
    return values.astype(np.int32)


def _constant(ctx: NodeContext, stored: np.ndarray, element: QuantizedType, name: str):
    values = _stored(stored, element.storage_bits, element.signed)
    op = quant.ConstantOp(dense_attr(values), TensorType(element, list(stored.shape)))
    op.output.name_hint = sanitize(name)
    return ctx.builder.insert(op).output


def _quantized_value(ctx: NodeContext, index: int, element: QuantizedType) -> SSAValue:
    """Input `index` as a value of quantized type `element`: an integer graph input is
    retyped to it (on its first use), a value from a quantize must already have it."""
    name = ctx.node.input[index]
    value = ctx.input(index)
    wanted = TensorType(element, value.type.get_shape())
    if value.type == wanted:
        return value
    if isinstance(value, BlockArgument) and isinstance(value.type.get_element_type(), IntegerType):
        if value.first_use is not None:
            ctx.fail(f"graph input '{name}' is used both as integers and as quantized {element}")
        retyped = Rewriter.replace_value_with_new_type(value, wanted)
        ctx.importer.values[name] = retyped
        return retyped
    if isinstance(value.type.get_element_type(), QuantizedType):
        ctx.fail(
            f"'{name}' is read with quantization {element} but was quantized to "
            f"{value.type.get_element_type()}; both must be the same"
        )
    ctx.fail(f"input '{name}' must be a quantized integer tensor, got {value.type}")


def _dequantize(ctx: NodeContext, value: SSAValue, expressed: Attribute) -> SSAValue:
    op = quant.DequantizeOp.create(
        operands=[value], result_types=[TensorType(expressed, value.type.get_shape())]
    )
    return ctx.builder.insert(op).output


def _quantize(ctx: NodeContext, value: SSAValue, element: QuantizedType) -> SSAValue:
    op = quant.QuantizeOp.create(
        operands=[value], result_types=[TensorType(element, value.type.get_shape())]
    )
    return ctx.builder.insert(op).output


def _dequantized_input(
    ctx: NodeContext, index: int, params: _Params, expressed: Attribute, allow_int32=False
) -> tuple[SSAValue, QuantizedType]:
    """Input `index` dequantized with `params`: a constant becomes a `quant.constant`."""
    name = ctx.node.input[index]
    constant = ctx.importer.constants.get(name)
    if constant is not None:
        storage = _storage(ctx, _dtype_name(constant.dtype), allow_int32)
        element = _element(ctx, params, storage, expressed)
        return _dequantize(ctx, _constant(ctx, constant, element, name), expressed), element
    if params.axis is not None and not isinstance(ctx.input(index).owner, quant.ConstantOp):
        _fail_per_axis_activation(ctx, name, params.axis)
    storage = _storage(ctx, _value_storage(ctx, ctx.input(index)), allow_int32)
    element = _element(ctx, params, storage, expressed)
    return _dequantize(ctx, _quantized_value(ctx, index, element), expressed), element


def _fail_per_axis_activation(ctx: NodeContext, name: str, axis: int):
    ctx.fail(
        f"per-axis quantization (axis {axis}) of the non-constant tensor '{name}' is not "
        "supported; quantize activations per tensor (xopt supports per-axis scales only for "
        "constant weights, along their output channels)"
    )


# ---- per-axis weights


def _output_channel_axis(node: onnx.NodeProto, index: int, rank: int) -> int | None:
    """The axis per-channel scales of input `index` of `node` must be along, if it is a
    weight or bias xopt computes with in integers."""
    if node.op_type in ("Conv", "Gemm") and index == 2:
        return 0
    if node.op_type == "Conv" and index == 1:
        return 0
    if node.op_type == "Gemm" and index == 1:
        trans_b = any(a.name == "transB" and a.i for a in node.attribute)
        return 0 if trans_b else 1
    if node.op_type == "MatMul" and index == 1 and rank == 2:
        return 1
    return None


def _check_weight_axis(ctx: NodeContext, axis: int, rank: int) -> None:
    """A per-axis dequantized constant that is the weight of a Conv, Gemm or MatMul must be
    quantized along the op's output channels."""
    output = ctx.node.output[0]
    for node in ctx.importer.model.graph.node:
        for index, name in enumerate(node.input):
            expected = _output_channel_axis(node, index, rank) if name == output else None
            if expected is None or expected == axis:
                continue
            role = "bias" if index == 2 else "weight"
            ctx.fail(
                f"per-axis quantization along axis {axis} of the {role} of {node.op_type} node "
                f"'{node.name or node.output[0]}' is not supported; quantize it per output "
                f"channel (axis {expected} here) or per tensor"
            )


# ---- QuantizeLinear / DequantizeLinear


def convert_quantize_linear(ctx: NodeContext):
    _check_not_blocked(ctx)
    shape = ctx.input_shape(0)
    params = _params(ctx, 1, 2, shape, ctx.attr("axis", 1))
    if ctx.has_input(2):
        dtype = _dtype_name(ctx.const(2, "the zero point").dtype)
    else:
        output_dtype = ctx.attr("output_dtype", 0) or onnx.TensorProto.UINT8
        dtype = _dtype_name(onnx.helper.tensor_dtype_to_np_dtype(output_dtype))
    name = ctx.node.input[0]
    constant = ctx.importer.constants.get(name)
    if constant is not None:
        expressed = _float_element(ctx, constant.dtype)
        element = _element(ctx, params, _storage(ctx, dtype), expressed)
        q = qn.quantize(
            constant, params.scale, params.zero_point, element.qmin, element.qmax, params.axis
        )
        return [_constant(ctx, q, element, ctx.node.output[0])]
    if params.axis is not None:
        _fail_per_axis_activation(ctx, name, params.axis)
    x = ctx.input(0)
    element = _element(ctx, params, _storage(ctx, dtype), x.type.get_element_type())
    return [_quantize(ctx, x, element)]


def convert_dequantize_linear(ctx: NodeContext):
    _check_not_blocked(ctx)
    shape = ctx.input_shape(0)
    params = _params(ctx, 1, 2, shape, ctx.attr("axis", 1))
    expressed = _float_element(ctx, ctx.const(1, "the scale").dtype)
    name = ctx.node.input[0]
    source = ctx.importer.values.get(name)
    is_constant = name in ctx.importer.constants or (
        source is not None and isinstance(source.owner, quant.ConstantOp)
    )
    if params.axis is not None and is_constant:
        _check_weight_axis(ctx, params.axis, len(shape))
    value, _ = _dequantized_input(ctx, 0, params, expressed, allow_int32=True)
    return [value]


# ---- operator forms: QLinearConv, QLinearMatMul


def _output(ctx: NodeContext, value: SSAValue, scale_index: int, zp_index: int) -> SSAValue:
    """`value` quantized with the node's output scale and zero point."""
    params = _params(ctx, scale_index, zp_index, value.type.get_shape(), 1)
    if params.axis is not None:
        ctx.fail("the output must be quantized per tensor")
    if ctx.has_input(zp_index):
        dtype = _dtype_name(ctx.const(zp_index, "the output zero point").dtype)
    else:
        dtype = _dtype_name(numpy_dtype_of(ctx.output_type().get_element_type()))
    element = _element(ctx, params, _storage(ctx, dtype), value.type.get_element_type())
    return _quantize(ctx, value, element)


def _float_type(ctx: NodeContext) -> TensorType:
    return TensorType(element_type_of(np.float32), ctx.output_type().get_shape())


def _conv(ctx: NodeContext, x: SSAValue, w: SSAValue, b: SSAValue | None) -> SSAValue:
    """A float `graph.conv2d` with the node's Conv attributes."""
    if len(x.type.get_shape()) != 4:
        ctx.fail("only 2-D convolution (4-D NCHW input) is supported")
    kernel = w.type.get_shape()[2:]
    strides = list(ctx.attr("strides", [1, 1]))
    dilations = list(ctx.attr("dilations", [1, 1]))
    pads = resolve_pads(ctx, x.type.get_shape()[2:], kernel, strides, dilations)
    op = graph.Conv2dOp.create(
        operands=[x, w] + ([b] if b is not None else []),
        result_types=[_float_type(ctx)],
        properties={
            "strides": i64_array(strides),
            "pads": i64_array(pads),
            "dilations": i64_array(dilations),
            "group": i64_attr(ctx.attr("group", 1)),
        },
    )
    return ctx.builder.insert(op).output


def _scales(element: QuantizedType) -> np.ndarray:
    if isinstance(element, UniformQuantizedPerAxisType):
        return np.asarray(element.scales, np.float32)
    return np.float32(element.scale)


def convert_qlinear_conv(ctx: NodeContext):
    """QLinearConv(x, s_x, z_x, w, s_w, z_w, s_y, z_y, B): B is int32 at scale s_x * s_w."""
    f32 = element_type_of(np.float32)
    x_params = _params(ctx, 1, 2, ctx.input_shape(0), 1)
    if x_params.axis is not None:
        _fail_per_axis_activation(ctx, ctx.node.input[0], 1)
    x, x_element = _dequantized_input(ctx, 0, x_params, f32)
    w, w_element = _dequantized_input(ctx, 3, _params(ctx, 4, 5, ctx.input_shape(3), 0), f32)
    b = None
    if ctx.has_input(8):
        bias = ctx.const(8, "the bias")
        scale = np.float32(x_element.scale) * _scales(w_element)
        params = _Params(scale, np.zeros(scale.shape, np.int64), 0 if scale.ndim else None)
        storage = _storage(ctx, _dtype_name(bias.dtype), allow_int32=True)
        element = _element(ctx, params, storage, f32)
        b = _dequantize(ctx, _constant(ctx, bias, element, ctx.node.input[8]), f32)
    return [_output(ctx, _conv(ctx, x, w, b), 6, 7)]


def convert_qlinear_matmul(ctx: NodeContext):
    """QLinearMatMul(a, s_a, z_a, b, s_b, z_b, s_y, z_y); s_b may be per column of b."""
    f32 = element_type_of(np.float32)
    a_params = _params(ctx, 1, 2, ctx.input_shape(0), -1)
    if a_params.axis is not None:
        _fail_per_axis_activation(ctx, ctx.node.input[0], a_params.axis)
    a, _ = _dequantized_input(ctx, 0, a_params, f32)
    b, _ = _dequantized_input(ctx, 3, _params(ctx, 4, 5, ctx.input_shape(3), -1), f32)
    op = graph.MatMulOp.create(operands=[a, b], result_types=[_float_type(ctx)])
    return [_output(ctx, ctx.builder.insert(op).output, 6, 7)]


# ---- ConvInteger / MatMulInteger followed by Cast + Mul(scale)


def _only_consumer(ctx: NodeContext, name: str) -> onnx.NodeProto | None:
    consumers = [n for n in ctx.importer.model.graph.node if name in n.input]
    outputs = {o.name for o in ctx.importer.model.graph.output}
    return consumers[0] if len(consumers) == 1 and name not in outputs else None


def _rescaling(ctx: NodeContext) -> tuple[onnx.NodeProto, onnx.NodeProto, np.ndarray]:
    """The `Cast(to float) -> Mul(constant scale)` after the node, and that scale."""
    usage = (
        "is only supported when its int32 result is converted by Cast(to=FLOAT) and Mul by a "
        "constant scale; quantize the model statically in QDQ format (onnxruntime "
        "quantize_static) instead"
    )
    cast = _only_consumer(ctx, ctx.node.output[0])
    to = {a.name: a.i for a in cast.attribute}.get("to") if cast is not None else None
    if cast is None or cast.op_type != "Cast" or to != onnx.TensorProto.FLOAT:
        ctx.fail(f"{ctx.node.op_type} {usage}")
    mul = _only_consumer(ctx, cast.output[0])
    if mul is None or mul.op_type != "Mul":
        ctx.fail(f"{ctx.node.op_type} {usage}")
    other = [n for n in mul.input if n != cast.output[0]]
    scale = ctx.importer.constants.get(other[0]) if len(other) == 1 else None
    if scale is None:
        ctx.fail(f"{ctx.node.op_type} {usage}")
    return cast, mul, scale


def _consume(cast: onnx.NodeProto, mul: onnx.NodeProto) -> None:
    """Turn the Cast and Mul the converter already accounted for into Identity nodes (the
    importer converts them after this node), so that their outputs name its result."""
    for node, source in ((cast, cast.input[0]), (mul, cast.output[0])):
        node.op_type = "Identity"
        del node.attribute[:]
        del node.input[:]
        node.input.append(source)


def _integer_input(ctx: NodeContext, index: int, zp_index: int) -> tuple[SSAValue, float]:
    """The quantized activation input of ConvInteger / MatMulInteger, dequantized, and its
    scale. Its zero point input must be the quantized value's zero point."""
    name = ctx.node.input[index]
    value = ctx.input(index)
    element = value.type.get_element_type()
    if not isinstance(element, UniformQuantizedType):
        producer = next((n for n in ctx.importer.model.graph.node if name in n.output), None)
        if producer is not None and producer.op_type == "DynamicQuantizeLinear":
            ctx.fail(
                "dynamic quantization (DynamicQuantizeLinear) is not supported; quantize the "
                "model statically in QDQ format (onnxruntime quantize_static) instead"
            )
        ctx.fail(f"input '{name}' must come from a QuantizeLinear with a constant scale")
    zero_point = ctx.optional_const(zp_index, "the zero point")
    if int(0 if zero_point is None else zero_point.reshape(-1)[0]) != element.zero_point:
        ctx.fail(f"the zero point of '{name}' differs from its QuantizeLinear's")
    return _dequantize(ctx, value, element.expressed_type), element.scale


def _integer_weight(
    ctx: NodeContext, scale: np.ndarray, x_scale: float, channels: int, axis: int
) -> SSAValue:
    """The constant weight (input 1, zero point input 3) dequantized at scale / x_scale,
    per tensor or (when the scale or the zero point has one value per channel) per `axis`."""
    w_scale = (np.asarray(scale, np.float64) / x_scale).astype(np.float32).reshape(-1)
    zero_point = ctx.optional_const(3, "the weight zero point")
    zp = np.zeros(1, np.int64) if zero_point is None else zero_point.astype(np.int64).reshape(-1)
    for what, values in (("scale", w_scale), ("weight zero point", zp)):
        if values.size not in (1, channels):
            ctx.fail(f"the {what} has {values.size} values, not 1 or one per output channel")
    if w_scale.size == zp.size == 1:
        params = _Params(w_scale.reshape(()), zp.reshape(()), None)
    else:
        shape = (channels,)
        params = _Params(np.broadcast_to(w_scale, shape), np.broadcast_to(zp, shape), axis)
    weight, _ = _dequantized_input(ctx, 1, params, element_type_of(np.float32))
    return weight


def convert_conv_integer(ctx: NodeContext):
    """ConvInteger(x, w, z_x, z_w) -> Cast -> Mul(S), S = s_x * s_w per tensor or channel."""
    cast, mul, scale = _rescaling(ctx)
    x, x_scale = _integer_input(ctx, 0, 2)
    w = _integer_weight(ctx, scale, x_scale, ctx.input_shape(1)[0], 0)
    y = _conv(ctx, x, w, None)
    _consume(cast, mul)
    return [y]


def convert_matmul_integer(ctx: NodeContext):
    """MatMulInteger(a, b, z_a, z_b) -> Cast -> Mul(S), S = s_a * s_b per tensor or column."""
    cast, mul, scale = _rescaling(ctx)
    a, a_scale = _integer_input(ctx, 0, 2)
    b = _integer_weight(ctx, scale, a_scale, ctx.input_shape(1)[-1], len(ctx.input_shape(1)) - 1)
    op = graph.MatMulOp.create(operands=[a, b], result_types=[_float_type(ctx)])
    _consume(cast, mul)
    return [ctx.builder.insert(op).output]


def convert_dynamic_quantize_linear(ctx: NodeContext):
    ctx.fail(
        "dynamic quantization (scales computed at run time) is not supported; quantize the "
        "model statically in QDQ format (onnxruntime quantize_static) instead"
    )


QUANT_CONVERTERS = {
    "QuantizeLinear": convert_quantize_linear,
    "DequantizeLinear": convert_dequantize_linear,
    "QLinearConv": convert_qlinear_conv,
    "QLinearMatMul": convert_qlinear_matmul,
    "ConvInteger": convert_conv_integer,
    "MatMulInteger": convert_matmul_integer,
    "DynamicQuantizeLinear": convert_dynamic_quantize_linear,
}
