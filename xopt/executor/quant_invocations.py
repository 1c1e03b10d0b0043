"""Each quant op as one call of a kernel function: `invocation(op, operands)`.

An `Invocation` names a function of `xopt.executor.quant_kernels` / `quant_kernels_movement`
(`KERNELS`) and the arguments it takes for `op`: the operands' stored integers, the
`QParams` of the types, saturation bounds, geometry and rounding mode read from `op`. The
quant executor runs it with the operands' values; the C targets' kernel builders take the
same arguments (with zero-filled activations) to produce their kernel calls, so what an op
means is read from the IR in this one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue

from xopt.dialects import quant
from xopt.dialects.graph.base import ints, shape_of
from xopt.dialects.quant import QuantizedType, UniformQuantizedPerAxisType
from xopt.dialects.quant.base import rounding_of, saturation_bounds
from xopt.executor import quant_kernels as qk
from xopt.executor import quant_kernels_movement as qkm
from xopt.executor import quant_numerics as qn
from xopt.onnx_import.types import numpy_dtype_of


@dataclass(frozen=True)
class Invocation:
    """`KERNELS[kernel](*args, **kwargs)` computes the op's (first) result."""

    kernel: str
    args: tuple
    kwargs: dict[str, Any] = field(default_factory=dict)

    def run(self) -> np.ndarray:
        return np.asarray(KERNELS[self.kernel](*self.args, **self.kwargs))


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


def _bounds(op: Operation) -> tuple[int, int]:
    return saturation_bounds(op, quantized_element(op.results[0].type))


def _rounding(op: Operation) -> qn.Mode:
    return cast(qn.Mode, rounding_of(op))


def _optional(args: Sequence[Any], index: int) -> Any:
    return args[index] if len(args) > index else None


def _flag(attr) -> bool:
    return attr is not None


def _conv2d(op: quant.Conv2dOp, a: Sequence[Any]) -> Invocation:
    quant_args = (qparams(op.input), qparams(op.weight), qparams(op.output), _bounds(op))
    geometry = dict(strides=ints(op.strides), pads=ints(op.pads), dilations=ints(op.dilations))
    kwargs = dict(geometry, group=op.group.value.data, rounding=_rounding(op))
    return Invocation("conv2d", (a[0], a[1], _optional(a, 2), *quant_args), kwargs)


def _fully_connected(op: quant.FullyConnectedOp, a: Sequence[Any]) -> Invocation:
    quant_args = (qparams(op.input), qparams(op.weight), qparams(op.output), _bounds(op))
    args = (a[0], a[1], _optional(a, 2), *quant_args)
    return Invocation("fully_connected", args, dict(rounding=_rounding(op)))


def _maxpool(op: quant.MaxPoolOp, a: Sequence[Any]) -> Invocation:
    geometry = (ints(op.kernel_shape), ints(op.strides), ints(op.pads), _flag(op.ceil_mode))
    return Invocation("maxpool", (a[0], *geometry))


def _avgpool(op: quant.AvgPoolOp, a: Sequence[Any]) -> Invocation:
    args = (a[0], qparams(op.input), qparams(op.output), _bounds(op))
    geometry = (ints(op.kernel_shape), ints(op.strides), ints(op.pads))
    kwargs = dict(
        ceil_mode=_flag(op.ceil_mode),
        count_include_pad=_flag(op.count_include_pad),
        rounding=_rounding(op),
    )
    return Invocation("avgpool", (*args, *geometry), kwargs)


def _global_avgpool(op: quant.GlobalAvgPoolOp, a: Sequence[Any]) -> Invocation:
    args = (a[0], qparams(op.input), qparams(op.output), _bounds(op), _rounding(op))
    return Invocation("global_avgpool", args)


def _binary(kernel: str) -> Callable[[Operation, Sequence[Any]], Invocation]:
    def build(op, a: Sequence[Any]) -> Invocation:
        params = (qparams(op.lhs), qparams(op.rhs), qparams(op.output))
        return Invocation(kernel, (a[0], a[1], *params, _bounds(op), _rounding(op)))

    return build


def _requantize(op: quant.RequantizeOp, a: Sequence[Any]) -> Invocation:
    args = (a[0], qparams(op.input), qparams(op.output), _bounds(op), _rounding(op))
    return Invocation("requantize", args)


def _table(op: quant.TableOp, a: Sequence[Any]) -> Invocation:
    x_qmin = quantized_element(op.input.type).qmin
    return Invocation("table", (a[0], ints(op.values), x_qmin))


def _softmax(op: quant.SoftmaxOp, a: Sequence[Any]) -> Invocation:
    x = quantized_element(op.input.type)
    params = (qparams(op.input), qparams(op.output), _bounds(op), op.axis.value.data)
    levels = x.qmax - x.qmin + 1
    return Invocation("softmax", (a[0], *params, levels, _rounding(op)))


def _concat(op: quant.ConcatOp, a: Sequence[Any]) -> Invocation:
    xqs = [qparams(v) for v in op.inputs]
    args = (tuple(a), xqs, qparams(op.output), _bounds(op), op.axis.value.data, _rounding(op))
    return Invocation("concat", args)


def _resize_geometry(op) -> tuple:
    return (
        tuple(op.scales.get_values()),
        op.mode.data,
        op.coordinate_transformation_mode.data,
        op.nearest_mode.data,
    )


def _resize(op: quant.ResizeOp, a: Sequence[Any]) -> Invocation:
    args = (a[0], qparams(op.input), qparams(op.output), _bounds(op), shape_of(op.output))
    return Invocation("resize", (*args, *_resize_geometry(op), _rounding(op)))


def _argmax(op: quant.ArgMaxOp, a: Sequence[Any]) -> Invocation:
    flags = (_flag(op.keepdims), _flag(op.select_last_index))
    return Invocation("argmax", (a[0], op.axis.value.data, *flags))


def _pad(op: quant.PadOp, a: Sequence[Any]) -> Invocation:
    zero_point = quantized_element(op.input.type).zero_point
    return Invocation("pad", (a[0], ints(op.pads), zero_point))


def _insert_zeros(op: quant.InsertZerosOp, a: Sequence[Any]) -> Invocation:
    zero_point = quantized_element(op.input.type).zero_point
    return Invocation("insert_zeros", (a[0], ints(op.strides), zero_point))


def _crop(op: quant.CropOp, a: Sequence[Any]) -> Invocation:
    return Invocation("crop", (a[0], ints(op.crops)))


def _phase_slice(op: quant.PhaseSliceOp, a: Sequence[Any]) -> Invocation:
    size = shape_of(op.output)[2:]
    return Invocation("phase_slice", (a[0], ints(op.offsets), ints(op.steps), size))


def _interleave(op: quant.InterleaveOp, a: Sequence[Any]) -> Invocation:
    return Invocation("interleave", (tuple(a), ints(op.factors), shape_of(op.output)))


def _resize_argmax(op: quant.ResizeArgmaxOp, a: Sequence[Any]) -> Invocation:
    element = quantized_element(op.resized_type())
    resized_q = qk.QParams(element.scale, element.zero_point)
    args = (a[0], qparams(op.input), resized_q, (element.qmin, element.qmax))
    geometry = (op.resized_shape()[2:], *_resize_geometry(op))
    kwargs = dict(
        keepdims=_flag(op.keepdims),
        select_last_index=_flag(op.select_last_index),
        rounding=_rounding(op),
        out_dtype=numpy_dtype_of(op.output.type.get_element_type()),
    )
    return Invocation("resize_argmax", (*args, *geometry), kwargs)


BUILDERS: dict[type[Operation], Callable[[Any, Sequence[Any]], Invocation]] = {
    quant.Conv2dOp: _conv2d,
    quant.FullyConnectedOp: _fully_connected,
    quant.MaxPoolOp: _maxpool,
    quant.AvgPoolOp: _avgpool,
    quant.GlobalAvgPoolOp: _global_avgpool,
    quant.AddOp: _binary("add"),
    quant.MulOp: _binary("mul"),
    quant.RequantizeOp: _requantize,
    quant.TableOp: _table,
    quant.SoftmaxOp: _softmax,
    quant.ConcatOp: _concat,
    quant.ResizeOp: _resize,
    quant.ArgMaxOp: _argmax,
    quant.PadOp: _pad,
    quant.InsertZerosOp: _insert_zeros,
    quant.CropOp: _crop,
    quant.PhaseSliceOp: _phase_slice,
    quant.InterleaveOp: _interleave,
    quant.ResizeArgmaxOp: _resize_argmax,
}
"""The ops that are one kernel call, and how to read that call from the op."""

KERNELS: dict[str, Callable[..., Any]] = {
    "conv2d": qk.conv2d,
    "fully_connected": qk.fully_connected,
    "maxpool": qk.maxpool,
    "avgpool": qk.avgpool,
    "global_avgpool": qk.global_avgpool,
    "add": qk.add,
    "mul": qk.mul,
    "requantize": qk.requantize,
    "table": qk.table,
    "softmax": qk.softmax,
    "concat": qk.concat,
    "resize": qk.resize,
    "argmax": qk.argmax,
    "pad": qkm.pad,
    "insert_zeros": qkm.insert_zeros,
    "crop": qkm.crop,
    "phase_slice": qkm.phase_slice,
    "interleave": qkm.interleave,
    "resize_argmax": qkm.resize_argmax,
}
"""The quant executor's kernel of each invocation name."""


def invocation(op: Operation, operands: Sequence[Any]) -> Invocation:
    """The kernel call computing `op` from `operands` (values in operand order)."""
    return BUILDERS[type(op)](op, operands)
