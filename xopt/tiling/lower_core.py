"""The integer core of `@main` that `tile-for-memory` plans and tiles, and stitching the
tiled core back between `@main`'s float boundary.

A quantized model's `@main` usually takes float inputs and returns float outputs:
`quant.quantize` ops on its arguments and `quant.dequantize` ops on its results. Those
conversions stay whole-tensor quant ops outside the tiled memory (the host does them); the
core between them (integer tensors in, integer tensors out) is what is planned and tiled.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation, Region

from xopt.dialects import quant
from xopt.executor.run import main_function


@dataclass
class Boundary:
    """`@main`'s float boundary: quantize ops of arguments, dequantize ops of results."""

    entries: list[Operation]
    exits: list[Operation]


def find_boundary(fn: func.FuncOp) -> Boundary:
    """Quantize ops reading an argument, dequantize ops whose only use is the return."""
    ops = list(fn.body.block.ops)
    entries = [
        op
        for op in ops
        if isinstance(op, quant.QuantizeOp) and op.operands[0] in fn.body.block.args
    ]
    ret = fn.body.block.last_op
    exits = [
        op
        for op in ops
        if isinstance(op, quant.DequantizeOp)
        and all(use.operation is ret for use in op.results[0].uses)
    ]
    return Boundary(entries, exits)


def core_module(module: ModuleOp) -> ModuleOp:
    """A module whose `@main` is the integer core of `module`'s `@main` (module docstring):
    one argument per boundary quantize (named like its result), one result per boundary
    dequantize, the other ops cloned in order."""
    fn = main_function(module)
    boundary = find_boundary(fn)
    entries = boundary.entries
    args = {op.results[0]: op.results[0].type for op in entries}
    plain = [a for a in fn.body.block.args if all(u.operation in entries for u in a.uses)]
    kept_args = [a for a in fn.body.block.args if a not in plain]
    block = Block(arg_types=[*(a.type for a in kept_args), *args.values()])
    mapping = dict(zip([*kept_args, *args], block.args))
    for new, old in zip(block.args, [*kept_args, *args]):
        new.name_hint = old.name_hint
    exits = {op.results[0]: op.operands[0] for op in boundary.exits}
    for op in fn.body.block.ops:
        if op in entries or op in boundary.exits:
            continue
        if isinstance(op, func.ReturnOp):
            values = [mapping[exits.get(v, v)] for v in op.operands]
            block.add_op(func.ReturnOp(*values))
            break
        block.add_op(op.clone(value_mapper=mapping))
    outputs = [v.type for v in block.last_op.operands]
    core = func.FuncOp("main", ([a.type for a in block.args], outputs), Region(block))
    return ModuleOp([core])


def stitch(module: ModuleOp, core: ModuleOp) -> None:
    """Replace `@main`'s core by the (tiled) core of `core`, in place: boundary quantize
    ops, then the core's ops, then boundary dequantize ops and the return."""
    fn = main_function(module)
    block = fn.body.block
    boundary = find_boundary(fn)
    core_fn = main_function(core)
    core_block = core_fn.body.block
    entries = boundary.entries
    plain = [a for a in block.args if all(u.operation in entries for u in a.uses)]
    kept_args = [a for a in block.args if a not in plain]
    ret = block.last_op
    assert isinstance(ret, func.ReturnOp)
    core_ret = core_block.last_op
    core_inputs = [*kept_args, *(op.results[0] for op in entries)]
    outputs = [
        next((op.operands[0] for op in boundary.exits if op.results[0] is v), v)
        for v in ret.operands
    ]
    replacement = dict(zip(outputs, core_ret.operands))
    for arg, value in zip(core_block.args, core_inputs):
        arg.replace_all_uses_with(value)
    old = [op for op in block.ops if op not in entries and op not in boundary.exits]
    old = [op for op in old if op is not ret]
    anchor = entries[-1] if entries else None
    for op in list(core_block.ops):
        if op is core_ret:
            break
        op.detach()
        if anchor is None:
            block.insert_op_before(op, block.first_op)
        else:
            block.insert_op_after(op, anchor)
        anchor = op
    for op in [*boundary.exits, ret]:
        op.operands = [replacement.get(v, v) for v in op.operands]
    for op in boundary.exits:  # after the core, wherever @main had them
        op.detach()
        block.insert_op_before(op, ret)
    for op in reversed(old):
        block.erase_op(op)
