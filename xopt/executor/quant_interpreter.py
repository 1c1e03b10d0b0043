"""Reference executor of the `quant` dialect (xDSL interpreter functions).

A quantized tensor is a numpy array of its stored integers, in the smallest numpy integer
type that holds the storage range (i2/i4/i8 -> int8, u2/u4/u8 -> uint8, ...); packing of
sub-byte values is a memory-layout matter for the targets (`quant_numerics.pack`). Each op
reads its types and properties and calls its kernel in `xopt.executor.quant_kernels`, which
computes with `xopt.executor.quant_numerics`, the single definition of the arithmetic. A
kernel's `ValueError` (an int32 accumulator overflow, say) becomes an `XoptError` naming
the op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions, impl, register_impls
from xdsl.ir import Operation, SSAValue

from xopt.dialects import quant
from xopt.dialects.graph.base import ints, shape_of
from xopt.dialects.quant import QuantizedType, UniformQuantizedPerAxisType
from xopt.dialects.quant.base import rounding_of, saturation_bounds
from xopt.errors import XoptError
from xopt.executor import graph_kernels_argmax as gk_argmax
from xopt.executor import quant_kernels as qk
from xopt.executor import quant_kernels_movement as qkm
from xopt.executor import quant_numerics as qn
from xopt.onnx_import.types import array_of, numpy_dtype_of

Args = tuple[Any, ...]


def storage_dtype(element: QuantizedType) -> np.dtype:
    """The numpy dtype that holds `element`'s stored integers."""
    width = max(8, element.storage_bits)
    return np.dtype(f"{'' if element.signed else 'u'}int{width}")


def scale_params(element: QuantizedType) -> tuple[np.ndarray, np.ndarray, int | None]:
    """(scales, zero points, axis or None) of a per-tensor or per-axis type."""
    if isinstance(element, UniformQuantizedPerAxisType):
        return (
            np.asarray(element.scales, np.float32),
            np.asarray(element.zero_points, np.int64),
            element.axis,
        )
    return np.float32(element.scale), np.int64(element.zero_point), None


def quantized_element(typ) -> QuantizedType:
    assert isinstance(typ, TensorType)
    element = typ.get_element_type()
    assert isinstance(element, QuantizedType)
    return element


def qparams(value: SSAValue) -> qk.QParams:
    """The float64 scale(s) and zero point(s) of a quantized tensor value."""
    element = quantized_element(value.type)
    if isinstance(element, UniformQuantizedPerAxisType):
        return qk.QParams(
            np.asarray(element.scales, np.float64), np.asarray(element.zero_points, np.int64)
        )
    return qk.QParams(element.scale, element.zero_point)


def _stored(op: Operation, compute: Callable[[], np.ndarray]) -> tuple[np.ndarray]:
    """Run a kernel and narrow its int64 result to the storage dtype of `op`'s result."""
    try:
        y = compute()
    except ValueError as e:
        raise XoptError(f"{op.name}: {e}") from e
    return (np.asarray(y).astype(storage_dtype(quantized_element(op.results[0].type))),)


def _bounds(op: Operation) -> tuple[int, int]:
    return saturation_bounds(op, quantized_element(op.results[0].type))


def _rounding(op: Operation) -> qn.Mode:
    return cast(qn.Mode, rounding_of(op))


def _optional(args: Args, index: int) -> np.ndarray | None:
    return args[index] if len(args) > index else None


@register_impls
class QuantFunctions(InterpreterFunctions):
    @impl(quant.QuantizeOp)
    def run_quantize(self, interpreter: Interpreter, op: quant.QuantizeOp, args: Args):
        element = quantized_element(op.output.type)
        scale, zero_point, axis = scale_params(element)
        q = qn.quantize(args[0], scale, zero_point, element.qmin, element.qmax, axis=axis)
        return (q.astype(storage_dtype(element)),)

    @impl(quant.DequantizeOp)
    def run_dequantize(self, interpreter: Interpreter, op: quant.DequantizeOp, args: Args):
        element = quantized_element(op.input.type)
        scale, zero_point, axis = scale_params(element)
        return (qn.dequantize(args[0], scale, zero_point, axis=axis),)

    @impl(quant.ConstantOp)
    def run_constant(self, interpreter: Interpreter, op: quant.ConstantOp, args: Args):
        return _stored(op, lambda: array_of(op.value))

    # ---- weights and windows

    @impl(quant.Conv2dOp)
    def run_conv2d(self, interpreter: Interpreter, op: quant.Conv2dOp, args: Args):
        return _stored(
            op,
            lambda: qk.conv2d(
                args[0],
                args[1],
                _optional(args, 2),
                qparams(op.input),
                qparams(op.weight),
                qparams(op.output),
                _bounds(op),
                strides=ints(op.strides),
                pads=ints(op.pads),
                dilations=ints(op.dilations),
                group=op.group.value.data,
                rounding=_rounding(op),
            ),
        )

    @impl(quant.FullyConnectedOp)
    def run_fully_connected(self, interpreter: Interpreter, op: quant.FullyConnectedOp, args: Args):
        return _stored(
            op,
            lambda: qk.fully_connected(
                args[0],
                args[1],
                _optional(args, 2),
                qparams(op.input),
                qparams(op.weight),
                qparams(op.output),
                _bounds(op),
                rounding=_rounding(op),
            ),
        )

    @impl(quant.MaxPoolOp)
    def run_maxpool(self, interpreter: Interpreter, op: quant.MaxPoolOp, args: Args):
        return _stored(
            op,
            lambda: qk.maxpool(
                args[0],
                ints(op.kernel_shape),
                ints(op.strides),
                ints(op.pads),
                op.ceil_mode is not None,
            ),
        )

    @impl(quant.AvgPoolOp)
    def run_avgpool(self, interpreter: Interpreter, op: quant.AvgPoolOp, args: Args):
        return _stored(
            op,
            lambda: qk.avgpool(
                args[0],
                qparams(op.input),
                qparams(op.output),
                _bounds(op),
                ints(op.kernel_shape),
                ints(op.strides),
                ints(op.pads),
                ceil_mode=op.ceil_mode is not None,
                count_include_pad=op.count_include_pad is not None,
                rounding=_rounding(op),
            ),
        )

    @impl(quant.GlobalAvgPoolOp)
    def run_global_avgpool(self, interpreter: Interpreter, op: quant.GlobalAvgPoolOp, args: Args):
        return _stored(
            op,
            lambda: qk.global_avgpool(
                args[0],
                qparams(op.input),
                qparams(op.output),
                _bounds(op),
                _rounding(op),
            ),
        )

    # ---- element-wise

    @impl(quant.AddOp)
    def run_add(self, interpreter: Interpreter, op: quant.AddOp, args: Args):
        params = (qparams(op.lhs), qparams(op.rhs), qparams(op.output))
        rounding = _rounding(op)
        return _stored(op, lambda: qk.add(*args, *params, _bounds(op), rounding))

    @impl(quant.MulOp)
    def run_mul(self, interpreter: Interpreter, op: quant.MulOp, args: Args):
        params = (qparams(op.lhs), qparams(op.rhs), qparams(op.output))
        rounding = _rounding(op)
        return _stored(op, lambda: qk.mul(*args, *params, _bounds(op), rounding))

    @impl(quant.RequantizeOp)
    def run_requantize(self, interpreter: Interpreter, op: quant.RequantizeOp, args: Args):
        params = (qparams(op.input), qparams(op.output))
        rounding = _rounding(op)
        return _stored(op, lambda: qk.requantize(args[0], *params, _bounds(op), rounding))

    @impl(quant.TableOp)
    def run_table(self, interpreter: Interpreter, op: quant.TableOp, args: Args):
        x_qmin = quantized_element(op.input.type).qmin
        return _stored(op, lambda: qk.table(args[0], ints(op.values), x_qmin))

    @impl(quant.SoftmaxOp)
    def run_softmax(self, interpreter: Interpreter, op: quant.SoftmaxOp, args: Args):
        x = quantized_element(op.input.type)
        params = (qparams(op.input), qparams(op.output), _bounds(op), op.axis.value.data)
        levels = x.qmax - x.qmin + 1
        return _stored(op, lambda: qk.softmax(args[0], *params, levels, _rounding(op)))

    # ---- data movement

    @impl(quant.ConcatOp)
    def run_concat(self, interpreter: Interpreter, op: quant.ConcatOp, args: Args):
        xqs = [qparams(v) for v in op.inputs]
        axis = op.axis.value.data
        return _stored(
            op,
            lambda: qk.concat(args, xqs, qparams(op.output), _bounds(op), axis, _rounding(op)),
        )

    @impl(quant.ReshapeOp)
    def run_reshape(self, interpreter: Interpreter, op: quant.ReshapeOp, args: Args):
        return _stored(op, lambda: np.reshape(args[0], shape_of(op.output)))

    @impl(quant.ResizeOp)
    def run_resize(self, interpreter: Interpreter, op: quant.ResizeOp, args: Args):
        return _stored(
            op,
            lambda: qk.resize(
                args[0],
                qparams(op.input),
                qparams(op.output),
                _bounds(op),
                shape_of(op.output),
                tuple(op.scales.get_values()),
                op.mode.data,
                op.coordinate_transformation_mode.data,
                op.nearest_mode.data,
                _rounding(op),
            ),
        )

    @impl(quant.ArgMaxOp)
    def run_argmax(self, interpreter: Interpreter, op: quant.ArgMaxOp, args: Args):
        y = qk.argmax(
            args[0], op.axis.value.data, op.keepdims is not None, op.select_last_index is not None
        )
        return (y,)

    # ---- data movement of decompositions and the grouped / fused argmax
    # (quant_kernels_movement)

    @impl(quant.PadOp)
    def run_pad(self, interpreter: Interpreter, op: quant.PadOp, args: Args):
        zero_point = quantized_element(op.input.type).zero_point
        return _stored(op, lambda: qkm.pad(args[0], ints(op.pads), zero_point))

    @impl(quant.InsertZerosOp)
    def run_insert_zeros(self, interpreter: Interpreter, op: quant.InsertZerosOp, args: Args):
        zero_point = quantized_element(op.input.type).zero_point
        return _stored(op, lambda: qkm.insert_zeros(args[0], ints(op.strides), zero_point))

    @impl(quant.CropOp)
    def run_crop(self, interpreter: Interpreter, op: quant.CropOp, args: Args):
        return _stored(op, lambda: qkm.crop(args[0], ints(op.crops)))

    @impl(quant.PhaseSliceOp)
    def run_phase_slice(self, interpreter: Interpreter, op: quant.PhaseSliceOp, args: Args):
        size = shape_of(op.output)[2:]
        return _stored(op, lambda: qkm.phase_slice(args[0], ints(op.offsets), ints(op.steps), size))

    @impl(quant.InterleaveOp)
    def run_interleave(self, interpreter: Interpreter, op: quant.InterleaveOp, args: Args):
        return _stored(op, lambda: qkm.interleave(args, ints(op.factors), shape_of(op.output)))

    @impl(quant.ArgMaxGroupsOp)
    def run_argmax_groups(self, interpreter: Interpreter, op: quant.ArgMaxGroupsOp, args: Args):
        values, indices = gk_argmax.argmax_groups(
            args[0],
            op.axis.value.data,
            op.group.value.data,
            select_last_index=op.select_last_index is not None,
            index_dtype=numpy_dtype_of(op.indices.type.get_element_type()),
        )
        return values.astype(storage_dtype(quantized_element(op.values.type))), indices

    @impl(quant.ArgMaxSelectOp)
    def run_argmax_select(self, interpreter: Interpreter, op: quant.ArgMaxSelectOp, args: Args):
        y = gk_argmax.argmax_select(
            args[0],
            args[1],
            op.axis.value.data,
            keepdims=op.keepdims is not None,
            select_last_index=op.select_last_index is not None,
            out_dtype=numpy_dtype_of(op.output.type.get_element_type()),
        )
        return (y,)

    @impl(quant.ResizeArgmaxOp)
    def run_resize_argmax(self, interpreter: Interpreter, op: quant.ResizeArgmaxOp, args: Args):
        resized = op.resized_type()
        element = quantized_element(resized)

        def compute() -> np.ndarray:
            return qkm.resize_argmax(
                args[0],
                qparams(op.input),
                qk.QParams(element.scale, element.zero_point),
                (element.qmin, element.qmax),
                op.resized_shape()[2:],
                tuple(op.scales.get_values()),
                op.mode.data,
                op.coordinate_transformation_mode.data,
                op.nearest_mode.data,
                keepdims=op.keepdims is not None,
                select_last_index=op.select_last_index is not None,
                rounding=_rounding(op),
                out_dtype=numpy_dtype_of(op.output.type.get_element_type()),
            )

        try:
            return (compute(),)
        except ValueError as e:
            raise XoptError(f"{op.name}: {e}") from e
