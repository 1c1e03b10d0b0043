"""Activation memory of a model: tensor sizes and the peak of live activations.

`@main` runs its ops in order. An activation (a tensor that is not a constant: an
argument or an op result) is live from the op that defines it (the start, for arguments)
through its last use; `@main`'s results stay live to the end. At each op the live
activations are those defined before it and still used by it or later, plus its results.
The peak is the largest sum of live bytes at any op: the least memory any schedule-
preserving allocation of these tensors needs (the tile level's arena lower bound).
Constants (weights) are not activations and are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerType, ModuleOp, TensorType
from xdsl.ir import Attribute, Operation, SSAValue

from xopt.dialects import graph, quant
from xopt.dialects.graph import shapes
from xopt.dialects.quant import QuantizedType
from xopt.executor.run import main_function

CONSTANT_OPS = (graph.ConstantOp, quant.ConstantOp)


def element_bits(element: Attribute) -> int:
    """Bits one element is stored in: a quantized type's storage bits, an integer's width,
    a float's bit width."""
    if isinstance(element, QuantizedType):
        return element.storage_bits
    if isinstance(element, IntegerType):
        return element.width.data
    return element.bitwidth


def tensor_bytes(typ: Attribute) -> int:
    """Bytes of a statically shaped tensor, sub-byte elements packed (ceil(n * bits / 8))."""
    assert isinstance(typ, TensorType)
    count = shapes.num_elements(typ.get_shape())
    return -(-count * element_bits(typ.get_element_type()) // 8)


@dataclass(frozen=True)
class LivePoint:
    """The live activations while one op runs."""

    op: Operation
    live_bytes: int


@dataclass(frozen=True)
class ActivationPeak:
    """The largest live activation bytes and where they occur; `points` has every op."""

    peak_bytes: int
    peak_op: Operation | None
    points: list[LivePoint]


def _is_activation(value: SSAValue) -> bool:
    return isinstance(value.type, TensorType) and not isinstance(value.owner, CONSTANT_OPS)


def activation_peak(module: ModuleOp) -> ActivationPeak:
    """Live activation bytes at each op of `@main` and their peak (module docstring)."""
    fn = main_function(module)
    skipped = (*CONSTANT_OPS, func.ReturnOp)
    ops = [op for op in fn.body.block.ops if not isinstance(op, skipped)]
    position = {op: i for i, op in enumerate(ops)}
    end = len(ops)
    last_use: dict[SSAValue, int] = {}
    for value in [*fn.args, *(r for op in ops for r in op.results)]:
        if not _is_activation(value):
            continue
        uses = [position.get(u.operation, end) for u in value.uses]
        returned = any(isinstance(u.operation, func.ReturnOp) for u in value.uses)
        last_use[value] = end if returned else max(uses, default=-1)
    points, live = [], {a: tensor_bytes(a.type) for a in fn.args if a in last_use}
    for i, op in enumerate(ops):
        for r in op.results:
            if r in last_use:
                live[r] = tensor_bytes(r.type)
        points.append(LivePoint(op, sum(live.values())))
        live = {v: b for v, b in live.items() if last_use[v] > i}
    peak = max(points, key=lambda p: p.live_bytes, default=None)
    return ActivationPeak(peak.live_bytes if peak else 0, peak.op if peak else None, points)


def format_bytes(count: int) -> str:
    """`count` bytes as B, KiB or MiB with one decimal."""
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count / (1024 * 1024):.1f} MiB"
