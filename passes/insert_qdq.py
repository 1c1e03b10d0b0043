"""`insert-qdq`: rewrite an annotated float graph into the QDQ form that `fuse-qdq` fuses.

The quantizer (`xopt quantize`) decides per value how it is quantized and writes it on the IR,
so this pass is a pure IR-to-IR rewrite and every decision can be read (and hand-edited):

    xopt.quant_type = !quant.uniform<...>   on an op (its single result) or a `@main`
                                            argument: the value is quantized to this type
    xopt.weight_bits = 4 : i64              on conv2d / gemm / matmul: weight bits (the
                                            pass's `weight-bits` otherwise)
    xopt.input_mean = array<f64: ...>       on conv2d / gemm: calibration mean of each input
                                            channel, for bias correction
    xopt.fallback                           on an op: it stays in float (FP32 fallback); its
                                            weights are not quantized and `fuse-qdq` skips it

Each annotated value `v` becomes `dequantize(quantize(v))` for all its users. Constant weights
of conv2d (OIHW, per output channel), gemm (per output column) and matmul with a constant 2-D
right-hand side are replaced by `dequantize(quant.constant)`: symmetric, narrow range
([-(2^(b-1) - 1), 2^(b-1) - 1]), per channel unless `per-channel=false`, scales chosen by
`weight-method` (`mse` or `minmax`, see `xopt.quantize.ranges.weight_scales`). Biases stay
float (`fuse-qdq` turns them into int32 at the accumulator scale). With `bias-correction` and
an `xopt.input_mean`, the expected output error of the weight rounding is removed from the
bias (Nagel et al. 2019, empirical bias correction): `b[o] -= sum((W_q - W)[o, ...] * E[x])`.
The annotations the pass consumes are removed; `xopt.fallback` is kept for `fuse-qdq`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    DenseArrayBase,
    DictionaryAttr,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    Signedness,
    TensorType,
    f32,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from xopt.dialects import graph
from xopt.dialects.graph.shape_ops import constant_array
from xopt.dialects.quant import (
    ConstantOp,
    DequantizeOp,
    QuantizedType,
    QuantizeOp,
    UniformQuantizedPerAxisType,
    UniformQuantizedType,
)
from xopt.errors import XoptError
from xopt.executor import quant_numerics as qn
from xopt.onnx_import.types import dense_attr

QUANT_TYPE = "xopt.quant_type"
WEIGHT_BITS = "xopt.weight_bits"
INPUT_MEAN = "xopt.input_mean"
FALLBACK = "xopt.fallback"
WEIGHT_BIT_WIDTHS = (2, 4, 8)


@dataclass(frozen=True)
class WeightSlot:
    """Where a weighted op keeps its constant weight: operand index, output-channel axis,
    and the bias operand index (None: no bias operand) of a `(N,)` bias."""

    weight: int
    axis: int
    bias: int | None


def weight_slot(op: Operation) -> WeightSlot | None:
    """The weight layout of a quantizable weighted op, or None."""
    if isinstance(op, graph.Conv2dOp):
        return WeightSlot(1, 0, 2)
    if isinstance(op, graph.GemmOp) and op.trans_a is None:
        return WeightSlot(1, 0 if op.trans_b is not None else 1, 2)
    if isinstance(op, graph.MatMulOp) and len(op.rhs.type.get_shape()) == 2:
        return WeightSlot(1, 1, None)
    return None


def _quantize_value(rewriter: Rewriter, value: SSAValue, qtype: QuantizedType, at) -> None:
    """Replace every use of `value` by `dequantize(quantize(value))`, inserted at `at`."""
    float_type = value.type
    assert isinstance(float_type, TensorType)
    q = QuantizeOp.create(
        operands=[value], result_types=[TensorType(qtype, float_type.get_shape())]
    )
    dq = DequantizeOp.create(operands=[q.results[0]], result_types=[float_type])
    rewriter.insert_op([q, dq], at)
    if value.name_hint:
        q.results[0].name_hint = f"{value.name_hint}_q"
        dq.results[0].name_hint = f"{value.name_hint}_dq"
    value.replace_uses_with_if(dq.results[0], lambda use: use.operation is not q)


def _weight_type(scales: np.ndarray, bits: int, axis: int | None) -> QuantizedType:
    qmax = 2 ** (bits - 1) - 1
    storage = IntegerType(bits, Signedness.SIGNED)
    if axis is None:
        return UniformQuantizedType(storage, f32, float(scales), 0, (-qmax, qmax))
    return UniformQuantizedPerAxisType(
        storage, f32, axis, [float(s) for s in scales], None, (-qmax, qmax)
    )


class _Quantizer:
    def __init__(self, options: InsertQdqPass):
        if options.weight_bits not in WEIGHT_BIT_WIDTHS:
            raise XoptError(
                f"insert-qdq: unsupported weight bit width {options.weight_bits}; "
                f"use one of {', '.join(map(str, WEIGHT_BIT_WIDTHS))}"
            )
        self.options = options
        self.rewriter = Rewriter()
        self.quantized: dict[tuple, tuple] = {}
        """Quantized weights by (float weight value, bits, axis); see
        `insert_quantized_weight`."""

    def bits_of(self, op: Operation) -> int:
        attr = op.attributes.get(WEIGHT_BITS)
        bits = attr.value.data if isinstance(attr, IntegerAttr) else self.options.weight_bits
        if bits not in WEIGHT_BIT_WIDTHS:
            raise XoptError(
                f"insert-qdq: {op.name} has unsupported weight bits {bits}; "
                f"use one of {', '.join(map(str, WEIGHT_BIT_WIDTHS))}"
            )
        return bits

    def quantize_weights(self, op: Operation, slot: WeightSlot) -> Operation:
        """Quantize `op`'s constant weight; `op`, or the op replacing it when the bias
        correction adds a bias operand."""
        w = constant_array(op.operands[slot.weight])
        if w is None or w.dtype != np.float32:
            return op
        bits = self.bits_of(op)
        axis = slot.axis if self.options.per_channel else None
        key = (op.operands[slot.weight], bits, axis)
        if key not in self.quantized:
            self.quantized[key] = self.insert_quantized_weight(op, slot, w, bits, axis)
        dequantized_weight, q, scales = self.quantized[key]
        # Before the bias correction, which replaces an op that has no bias operand yet.
        op.operands[slot.weight] = dequantized_weight
        if self.options.bias_correction and slot.bias is not None:
            dequantized = qn.dequantize(q, scales, 0, axis=axis)
            return self.correct_bias(op, slot, w, dequantized)
        return op

    def insert_quantized_weight(self, op, slot: WeightSlot, w, bits: int, axis: int | None):
        """Insert `quant.constant` + dequantize of `w` before `op`: (the dequantized value,
        the integers, the scales). Ops sharing one weight at the same precision (a dilated
        conv's phases) share them, so the weight is stored once."""
        from xopt.quantize.ranges import quantize_weights, weight_scales

        scales = weight_scales(w, bits, axis=axis, method=self.options.weight_method)
        q = quantize_weights(w, scales, bits, axis=axis)
        qtype = _weight_type(scales, bits, axis)
        const = ConstantOp(dense_attr(q.astype(np.int8)), TensorType(qtype, w.shape))
        dq = DequantizeOp.create(
            operands=[const.results[0]], result_types=[op.operands[slot.weight].type]
        )
        self.rewriter.insert_op([const, dq], InsertPoint.before(op))
        name = op.operands[slot.weight].name_hint
        if name:
            const.results[0].name_hint = f"{name}_q"
            dq.results[0].name_hint = f"{name}_dq"
        return dq.results[0], q, scales

    def correct_bias(
        self, op: Operation, slot: WeightSlot, w: np.ndarray, wq: np.ndarray
    ) -> Operation:
        mean_attr = op.attributes.get(INPUT_MEAN)
        if not isinstance(mean_attr, DenseArrayBase):
            return op
        mean = np.asarray(mean_attr.get_values(), dtype=np.float64)
        delta = self.output_error(op, slot, (wq - w).astype(np.float64), mean)
        if delta is None:
            return op
        channels = delta.shape[0]
        if len(op.operands) > slot.bias:
            bias = constant_array(op.operands[slot.bias])
            if bias is None or bias.size != channels:
                return op
            old = op.operands[slot.bias]
            corrected = (bias.reshape(-1).astype(np.float64) - delta).astype(np.float32)
            new = graph.ConstantOp(dense_attr(corrected.reshape(bias.shape)))
            self.rewriter.insert_op(new, InsertPoint.before(op))
            new.results[0].name_hint = old.name_hint
            op.operands[slot.bias] = new.results[0]
            return op
        else:
            new = graph.ConstantOp(dense_attr((-delta).astype(np.float32)))
            self.rewriter.insert_op(new, InsertPoint.before(op))
            new_op = op.create(
                operands=[*op.operands, new.results[0]],
                result_types=[r.type for r in op.results],
                properties=dict(op.properties),
                attributes=dict(op.attributes),
            )
            self.rewriter.replace_op(op, new_op)
            return new_op

    @staticmethod
    def output_error(op: Operation, slot: WeightSlot, dw: np.ndarray, mean: np.ndarray):
        """E[(W_q - W) x] per output channel for inputs with per-channel means `mean`."""
        if isinstance(op, graph.Conv2dOp):
            out_channels, per_group = dw.shape[0], dw.shape[1]
            group = op.group.value.data
            if mean.size != per_group * group:
                return None
            group_of = np.arange(out_channels) // (out_channels // group)
            means = mean.reshape(group, per_group)[group_of]  # (O, C/group)
            return np.einsum("oc,oc->o", dw.sum(axis=(2, 3)), means)
        if isinstance(op, graph.GemmOp):
            alpha = op.alpha.value.data
            rows = dw if slot.axis == 0 else dw.T  # (N, K)
            if mean.size != rows.shape[1]:
                return None
            return alpha * rows @ mean
        return None

    def run(self, fn: func.FuncOp) -> None:
        body = fn.body.block
        arg_attrs = list(fn.arg_attrs.data) if fn.arg_attrs is not None else []
        for i, arg in enumerate(body.args):
            if i < len(arg_attrs) and isinstance(arg_attrs[i], DictionaryAttr):
                attrs = dict(arg_attrs[i].data)
                qtype = attrs.pop(QUANT_TYPE, None)
                if qtype is not None:
                    _quantize_value(
                        self.rewriter, arg, _checked(qtype, "argument"), InsertPoint.at_start(body)
                    )
                    arg_attrs[i] = DictionaryAttr(attrs)
        if arg_attrs:
            fn.arg_attrs = type(fn.arg_attrs)(arg_attrs)
        for op in list(body.ops):
            qtype = op.attributes.pop(QUANT_TYPE, None)
            slot = weight_slot(op)
            if slot is not None and FALLBACK not in op.attributes:
                op = self.quantize_weights(op, slot)
            for name in (WEIGHT_BITS, INPUT_MEAN):
                op.attributes.pop(name, None)
            if qtype is not None:
                result = _only_result(op)
                _quantize_value(
                    self.rewriter, result, _checked(qtype, op.name), InsertPoint.after(result.owner)
                )


def _checked(attr: Attribute, where: str) -> QuantizedType:
    if not isinstance(attr, QuantizedType) or isinstance(attr, UniformQuantizedPerAxisType):
        raise XoptError(f"insert-qdq: {QUANT_TYPE} of {where} must be a per-tensor !quant.uniform")
    return attr


def _only_result(op: Operation) -> SSAValue:
    if len(op.results) != 1:
        raise XoptError(f"insert-qdq: {op.name} with {QUANT_TYPE} must have exactly one result")
    return op.results[0]


@dataclass(frozen=True)
class InsertQdqPass(ModulePass):
    """Quantize annotated values and weights into the QDQ form (see the module docstring)."""

    name = "insert-qdq"

    weight_bits: int = 8
    weight_method: str = "mse"
    per_channel: bool = True
    bias_correction: bool = True

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        quantizer = _Quantizer(self)
        for fn in op.walk():
            if isinstance(fn, func.FuncOp) and fn.body.blocks:
                quantizer.run(fn)
