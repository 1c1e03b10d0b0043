"""Reference executor of the `quant` dialect (xDSL interpreter functions).

A quantized tensor is a numpy array of its stored integers, in the smallest numpy integer
type that holds the storage range (i2/i4/i8 -> int8, u2/u4/u8 -> uint8, ...); packing of
sub-byte values is a memory-layout matter for the targets (`quant_numerics.pack`). Every op
computes with `xopt.executor.quant_numerics`, the single definition of the arithmetic.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions, impl, register_impls

from xopt.dialects.quant import (
    DequantizeOp,
    QuantizedType,
    QuantizeOp,
    UniformQuantizedPerAxisType,
)
from xopt.executor import quant_numerics as qn


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


@register_impls
class QuantFunctions(InterpreterFunctions):
    @impl(QuantizeOp)
    def run_quantize(self, interpreter: Interpreter, op: QuantizeOp, args: tuple):
        element = quantized_element(op.output.type)
        scale, zero_point, axis = scale_params(element)
        q = qn.quantize(args[0], scale, zero_point, element.qmin, element.qmax, axis=axis)
        return (q.astype(storage_dtype(element)),)

    @impl(DequantizeOp)
    def run_dequantize(self, interpreter: Interpreter, op: DequantizeOp, args: tuple):
        element = quantized_element(op.input.type)
        scale, zero_point, axis = scale_params(element)
        return (qn.dequantize(args[0], scale, zero_point, axis=axis),)
