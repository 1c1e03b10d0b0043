"""`tile.apply` in the tiled C: the quant op of its body becomes the call of the target's
whole-tensor kernel (`model_lowering.kernel_call`: the untiled build's builders, so NEON
kernels on the neon target) on the bytes of its `ins` and `outs` buffers.

A tile.apply buffer holds one whole tensor in one slot (the tile dialect verifies it) and
the tiled C stores it densely in the C layout the kernels take (4-D NHWC, other ranks
row-major: `tiled_emit.buffer_strides`), so the kernel reads and writes the buffers in
place. The body is the op, the constants it reads (folded into the call's parameters)
and the yield.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import numpy as np
from xdsl.ir import Operation

from xopt.dialects import tile
from xopt.errors import XoptError
from xopt.targets.c.kernel_call import KernelCall, c_shape
from xopt.targets.c.model_lowering import constant_array, kernel_call, zeros_of


@dataclass(frozen=True)
class ApplyCall:
    """The kernel call of a tile.apply, per C input of the call the index of the `ins`
    buffer that holds it, and the name of the quant op it computes."""

    call: KernelCall
    inputs: list[int]
    op: str


def _body_op(op: tile.ApplyOp) -> tuple[Operation, dict]:
    """The apply's compute op and the constants of its body by value."""
    constants, computes = {}, []
    for inner in op.body.block.ops:
        if isinstance(inner, tile.YieldOp):
            continue
        if (data := constant_array(inner)) is not None:
            constants[inner.results[0]] = data
        else:
            computes.append(inner)
    if len(computes) != 1 or len(op.outs) != 1:
        raise XoptError(f"{op.name}: the tiled C target emits one op with one result per apply")
    return computes[0], constants


def apply_call(op: tile.ApplyOp, builders: ModuleType) -> ApplyCall:
    """The call that computes `op` (XoptError if the target has no kernel for its op, or
    an input is a constant the kernel does not fold)."""
    inner, constants = _body_op(op)
    args = list(op.body.block.args)
    operands = [constants[v] if v in constants else zeros_of(v) for v in inner.operands]
    call, count = kernel_call(inner, builders, operands)
    inputs = []
    for value in list(inner.operands)[:count]:
        if value not in args:
            raise XoptError(f"{op.name}: {inner.name} reads a constant as an activation")
        inputs.append(args.index(value))
    (yielded,) = op.body.block.last_op.operands
    if tuple(call.output_shape) != c_shape(np.shape(zeros_of(yielded))):
        raise XoptError(f"{op.name}: {call.function} computes a {call.output_shape} result")
    return ApplyCall(call, inputs, inner.name)
