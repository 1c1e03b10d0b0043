"""`tile-for-memory`: plan `@main` for a two-level memory (`xopt.tiling.planner`) and
rewrite it into tile IR that runs that plan: DRAM and SRAM declared, every activation at
its arena offset in DRAM (weights after the arena, as `tile.constant`s), resident tensors
and working buffers at their planned SRAM offsets, each layer's tile loops with its DMA
(`xopt.tiling.lower_layer`). The DRAM bytes and DMA commands the tile executor counts are
the plan's. `@main`'s float boundary (quantize/dequantize of its arguments and results)
stays outside the tiled core (`xopt.tiling.lower_core`).

    xopt-opt model.q.mlir -p 'tile-for-memory{sram=2.25MiB buffers=2 policy=default}'
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import AnyFloat, ModuleOp, TensorType
from xdsl.ir import Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects import tile
from xopt.errors import XoptError
from xopt.executor.run import main_function
from xopt.memory import CONSTANT_OPS
from xopt.tiling.layers import MainReader, extract_network
from xopt.tiling.lower_cascade import CascadeLowering
from xopt.tiling.lower_core import core_module, stitch
from xopt.tiling.lower_ir import Cursor
from xopt.tiling.lower_layer import LayerLowering
from xopt.tiling.plan import Plan
from xopt.tiling.planner import plan_module
from xopt.tiling.search import POLICIES


def parse_sram(text: str | int) -> int:
    from xopt.plan_cli import parse_size

    return text if isinstance(text, int) else parse_size(str(text))


def lower_module(module: ModuleOp, plan_of) -> Plan:
    """Plan the integer core of `module`'s `@main` with `plan_of(core) -> Plan` and
    replace it by tile IR, in place; returns the plan."""
    core = core_module(module)
    _check_integer(core)
    plan = plan_of(core)
    _Lowerer(core, plan).run()
    stitch(module, core)
    return plan


def _check_integer(core: ModuleOp) -> None:
    """XoptError unless every value the core computes is integer (tile buffers hold
    integers; a float layer inside the core has no tiled form)."""
    for op in main_function(core).body.block.ops:
        for result in op.results:
            typ = result.type
            if isinstance(typ, TensorType) and isinstance(typ.get_element_type(), AnyFloat):
                raise XoptError(
                    f"{op.name} ({result.name_hint}) computes float values between the "
                    "model's input quantize and output dequantize; tiling needs every such "
                    "layer quantized (compile without --sram to run it as is)"
                )


class _Lowerer:
    """Rewrites the core's `@main` (module docstring)."""

    def __init__(self, core: ModuleOp, plan: Plan):
        self.fn = main_function(core)
        self.plan = plan
        self.network = extract_network(core)
        self.reader = MainReader(core)
        self.names = self.reader.names
        self.tensors = {t.name: t for t in plan.tensors}
        self.block = Block()
        self.top = Cursor(self.block)
        self.views: dict[tuple, SSAValue] = {}
        self.constants: dict[SSAValue, SSAValue] = {}

    def root(self, value: SSAValue) -> SSAValue:
        return self.reader.root(value)

    def root_name(self, value: SSAValue) -> str:
        return self.names[self.root(value)]

    def buffer(self, typ: tile.BufferType, offset: int, size: int) -> SSAValue:
        key = (typ, offset)
        if key not in self.views:
            op = self.top.add(tile.BufferOp(typ, offset, size))
            op.results[0].name_hint = f"b{len(self.views)}"
            self.views[key] = op.results[0]
        return self.views[key]

    def dram_view(self, value: SSAValue) -> SSAValue:
        root = self.root(value)
        if root in self.constants:
            return self.constants[root]
        typ = tile.BufferType(value.type.get_shape(), value.type.get_element_type(), "dram")
        return self.buffer(typ, self.tensors[self.names[root]].arena_offset, typ.slot_bytes)

    def sram_view(self, value: SSAValue) -> SSAValue:
        t = self.tensors[self.root_name(value)]
        if t.home != "sram":
            raise PassFailedException(f"tile-for-memory: {t.name} is not resident in SRAM")
        typ = tile.BufferType(value.type.get_shape(), value.type.get_element_type(), "sram")
        return self.buffer(typ, t.sram_offset, typ.slot_bytes)

    def activation_operands(self, op: Operation) -> list[SSAValue]:
        return [v for v in op.operands if not isinstance(self.root(v).owner, CONSTANT_OPS)]

    def fill_apply(self, body: Block, op: Operation, acts: list[SSAValue]) -> None:
        """The body of a `tile.apply` of `op`: its constants cloned, `op` on the arguments."""
        mapping = dict(zip(acts, body.args))
        for v in op.operands:
            if v not in mapping:
                for chain in _chain(v):
                    body.add_op(chain.clone(value_mapper=mapping))
        inner = op.clone(value_mapper=mapping)
        body.add_op(inner)
        body.add_op(tile.YieldOp(inner.results))

    def run(self) -> None:
        plan, top = self.plan, self.top
        top.add(tile.MemoryOp("dram"))
        top.add(tile.MemoryOp("sram", plan.sram_bytes))
        ops = list(self.fn.body.block.ops)
        self.place_constants(ops)
        for arg in self.fn.body.block.args:
            top.add(tile.ToBufferOp.build(operands=[arg, self.dram_view(arg)]))
        layers = self.network.layers
        for position, layer_plan in enumerate(plan.layers):
            op = ops[layer_plan.index]
            if layer_plan.cascade is None:
                LayerLowering(self, layer_plan, layers[position], op).emit(top)
                continue
            cascade = plan.cascades[layer_plan.cascade]
            if cascade.layers[0] == position:
                members = [(layers[p], ops[plan.layers[p].index]) for p in cascade.layers]
                CascadeLowering(self, cascade, members).emit(top)
        ret = ops[-1]
        outputs = []
        for value in ret.operands:
            load = tile.FromBufferOp.build(
                operands=[self.dram_view(value)], result_types=[value.type]
            )
            outputs.append(top.add(load).results[0])
        top.add(func.ReturnOp(*outputs))
        old = self.fn.body.block
        for arg in old.args:
            new = self.block.insert_arg(arg.type, len(self.block.args))
            new.name_hint = arg.name_hint
            arg.replace_all_uses_with(new)
        self.fn.body.insert_block_before(self.block, old)
        self.fn.body.detach_block(old)
        old.erase(safe_erase=False)

    def place_constants(self, ops: list[Operation]) -> None:
        offset = self.plan.arena_bytes
        for op in ops:
            if not isinstance(op, CONSTANT_OPS):
                continue
            value = op.results[0]
            typ = tile.BufferType(value.type.get_shape(), value.type.get_element_type(), "dram")
            buffer = self.buffer(typ, offset, typ.slot_bytes)
            self.top.add(tile.ConstantOp(buffer, op.value))
            self.constants[value] = buffer
            offset += typ.slot_bytes


def _chain(value: SSAValue) -> list[Operation]:
    """The constant and view ops that define `value`, in order."""
    ops = []
    while isinstance(value.owner, Operation):
        ops.insert(0, value.owner)
        if isinstance(value.owner, CONSTANT_OPS):
            break
        value = value.owner.operands[0]
    return ops


@dataclass(frozen=True)
class TileForMemoryPass(ModulePass):
    """Plans `@main` for `sram` bytes of SRAM with `buffers` slots per DMA buffer and the
    target's tiling `policy`, and lowers it to tile IR (module docstring)."""

    name = "tile-for-memory"

    sram: str | int = "2.25MiB"
    buffers: int = 2
    policy: str = "default"
    cascades: bool = True

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.policy not in POLICIES:
            raise PassFailedException(
                f"tile-for-memory: unknown policy '{self.policy}', expected one of "
                f"{', '.join(POLICIES)}"
            )
        try:
            sram = parse_sram(self.sram)
            lower_module(
                op,
                lambda core: plan_module(
                    core, sram, self.buffers, POLICIES[self.policy], self.cascades
                ),
            )
        except XoptError as error:
            raise PassFailedException(f"tile-for-memory: {error}") from None
