"""Reference executor of the `quant` dialect (xDSL interpreter functions).

A quantized tensor is a numpy array of its stored integers, in the smallest numpy integer
type that holds the storage range (i2/i4/i8 -> int8, u2/u4/u8 -> uint8, ...); packing of
sub-byte values is a memory-layout matter for the targets (`quant_numerics.pack`). Most ops
are one kernel call that `quant_invocations` reads from the op (the kernels are in
`xopt.executor.quant_kernels*`, computing with `xopt.executor.quant_numerics`, the single
definition of the arithmetic). A kernel's `ValueError` (an int32 accumulator overflow,
say) becomes an `XoptError` naming the op.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions, impl, register_impls
from xdsl.ir import Operation

from xopt.dialects import quant
from xopt.dialects.graph.base import shape_of
from xopt.dialects.quant import QuantizedType, UniformQuantizedPerAxisType
from xopt.errors import XoptError
from xopt.executor import graph_kernels_argmax as gk_argmax
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_invocations import BUILDERS, invocation, quantized_element
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


def _stored(op: Operation, y: np.ndarray) -> np.ndarray:
    """`y` narrowed to the storage dtype of `op`'s (quantized) result."""
    return np.asarray(y).astype(storage_dtype(quantized_element(op.results[0].type)))


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
        return (_stored(op, array_of(op.value)),)

    @impl(quant.ReshapeOp)
    def run_reshape(self, interpreter: Interpreter, op: quant.ReshapeOp, args: Args):
        return (np.reshape(args[0], shape_of(op.output)),)

    @impl(quant.ArgMaxGroupsOp)
    def run_argmax_groups(self, interpreter: Interpreter, op: quant.ArgMaxGroupsOp, args: Args):
        values, indices = gk_argmax.argmax_groups(
            args[0],
            op.axis.value.data,
            op.group.value.data,
            select_last_index=op.select_last_index is not None,
            index_dtype=numpy_dtype_of(op.indices.type.get_element_type()),
        )
        return _stored(op, values), indices

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


def _kernel_impl(op_type: type[Operation]):
    """The interpreter function of an op that is one kernel invocation."""

    @impl(op_type)
    def run(self, interpreter: Interpreter, op: Operation, args: Args):
        try:
            y = invocation(op, args).run()
        except ValueError as e:
            raise XoptError(f"{op.name}: {e}") from e
        element = cast(TensorType, op.results[0].type).get_element_type()
        return (_stored(op, y) if isinstance(element, QuantizedType) else y,)

    return run


for _op_type in BUILDERS:
    setattr(QuantFunctions, f"run_{_op_type.name.split('.')[-1]}", _kernel_impl(_op_type))
QuantFunctions = register_impls(QuantFunctions)
