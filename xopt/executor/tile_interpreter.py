"""Reference executor of the `tile` dialect: runs `@main` of tiled IR on real bytes.

A plain walker over `@main`'s ops rather than xDSL's `Interpreter`: tile ops act on a shared
memory (`TileMemory`: one byte array per level, of exactly the declared size) instead of
passing values, and loops carry DMA tokens, which a walker over blocks expresses directly.
Compute ops run the quant kernels on tiles (`tile_kernels`); `tile.apply` runs its quant
ops with the quant executor's interpreter functions.

    result = run_tile_module(module, [x])
    result.outputs, result.counters.bytes["dram->sram"]

Errors are `TileExecutionError`s naming the op: a buffer outside its level, a window
outside its buffer, a read of bytes whose DMA was not waited for, a write into bytes a DMA
is reading or writing, a token waited twice or never.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.interpreter import Interpreter
from xdsl.ir import Block, Operation, SSAValue

from xopt.dialects import tile
from xopt.executor.quant_interpreter import QuantFunctions
from xopt.executor.run import main_function
from xopt.executor.tile_kernels import Ref, Tile, run_tile
from xopt.executor.tile_memory import Buffer, DmaCounters, TileExecutionError, TileMemory
from xopt.onnx_import.types import array_of


@dataclass(frozen=True)
class TileRun:
    """Outputs of `@main` and the DMA and memory counters of the run."""

    outputs: list[np.ndarray]
    counters: DmaCounters


def level_sizes(fn: func.FuncOp) -> dict[str, int]:
    """Bytes of each level: its declared size, or the extent of its buffers (DRAM)."""
    declared: dict[str, int | None] = {}
    extent: dict[str, int] = {}
    for op in fn.walk():
        if isinstance(op, tile.MemoryOp):
            declared[op.level.level.data] = op.size_bytes
        elif isinstance(op, tile.BufferOp):
            level = op.buffer.level_name
            end = op.offset.value.data + op.size.value.data
            extent[level] = max(extent.get(level, 0), end)
    return {
        level: size if size is not None else extent.get(level, 0)
        for level, size in declared.items()
    }


def _name(value: SSAValue) -> str:
    return f"%{value.name_hint}" if value.name_hint else "a buffer"


class _Walker:
    def __init__(self, module: ModuleOp, fn: func.FuncOp):
        self.memory = TileMemory(level_sizes(fn))
        self.env: dict[SSAValue, Any] = {}
        self.in_flight: dict[int, tuple[tuple, Operation]] = {}
        self.next_token = 0
        self.quant = Interpreter(module)
        self.quant.register_implementations(QuantFunctions())

    def run_block(self, block: Block) -> list[Any]:
        for op in block.ops:
            if isinstance(op, tile.YieldOp | func.ReturnOp):
                return [self.env[v] for v in op.operands]
            self.run_op(op)
        return []

    def run_op(self, op: Operation) -> None:
        handler = _HANDLERS.get(type(op))
        if handler is not None:
            handler(self, op)
        elif isinstance(op, tile.TiledOp):
            self.compute(op)
        elif (
            op.dialect_name() == "quant"
            and op.parent_op() is not None
            and isinstance(op.parent_op(), func.FuncOp)
        ):
            # @main's float boundary (quantize/dequantize) runs on whole tensors
            args = tuple(self.env[v] for v in op.operands)
            self.env.update(zip(op.results, self.quant.run_op(op, args)))
        elif not isinstance(op, tile.MemoryOp):
            raise TileExecutionError(f"{op.name}: the tile executor cannot run this op")

    def indices(self, op: Operation) -> list[int]:
        return [self.env[v] for v in op.indices]

    def refs(self, op: Operation, buffers: list[SSAValue]) -> list[Ref]:
        idx = self.indices(op)
        refs = []
        for value, amap in zip(buffers, op.refs.data):
            slot, *origin = amap.data.eval(idx, [])
            refs.append(Ref(self.env[value], slot, tuple(origin)))
        return refs

    def compute(self, op: tile.TiledOp) -> None:
        shape = op.layer_shapes()[1]
        start = tuple(op.at.data.eval(self.indices(op), []))
        sizes = tuple(min(n, d - s) for n, d, s in zip(op.sizes.get_values(), shape, start))
        what = f"{op.name} at {list(start)}"
        if any(record[1] is not None for record, _ in self.in_flight.values()):
            self.memory.counters.overlapped_computes += 1
        chunk = 0
        if isinstance(op, tile.ReducingOp) and op.chunk is not None:
            chunk = op.chunk.data.eval(self.indices(op), [])[0]
            what = f"{what} chunk {chunk}"
        tile_ = Tile(op, self.refs(op, op.buffers), start, sizes, self.memory, what, chunk)
        run_tile(tile_)

    def whole(self, value: SSAValue, what: str) -> np.ndarray:
        buffer: Buffer = self.env[value]
        shape = buffer.type.shape
        return self.memory.read(buffer, 0, (0,) * len(shape), shape, what)

    def store_whole(self, value: SSAValue, array: np.ndarray, what: str) -> None:
        buffer: Buffer = self.env[value]
        array = np.asarray(array)
        if array.shape != buffer.type.shape:
            raise TileExecutionError(
                f"{what}: a {array.shape} array does not fit {buffer.name} {buffer.type.shape}"
            )
        self.memory.write(buffer, 0, (0,) * array.ndim, array, what)

    def finish(self) -> DmaCounters:
        if self.in_flight:
            _, op = next(iter(self.in_flight.values()))
            raise TileExecutionError(f"{op.name}: a DMA it started was never waited for")
        return self.memory.finish()


def _buffer(w: _Walker, op: tile.BufferOp) -> None:
    offset, size = op.offset.value.data, op.size.value.data
    level = op.buffer.level_name
    capacity = w.memory.data[level].size if level in w.memory.data else 0
    if offset + size > capacity:
        raise TileExecutionError(
            f"{op.name}: bytes [{offset}, {offset + size}) overrun level '{level}' of "
            f"{capacity} bytes"
        )
    w.env[op.result] = Buffer(op.buffer, offset, _name(op.result))


def _dma_start(w: _Walker, op: tile.DmaStartOp) -> None:
    src, dst = w.refs(op, [op.src, op.dst])
    sizes = tuple(op.sizes.get_values())
    what = f"{op.name} {src.buffer.name} -> {dst.buffer.name}"
    record = w.memory.dma_start(
        src.buffer, src.slot, src.origin, dst.buffer, dst.slot, dst.origin, sizes, what
    )
    w.next_token += 1
    w.in_flight[w.next_token] = (record, op)
    w.env[op.token] = w.next_token


def _dma_done(w: _Walker, op: tile.DmaDoneOp) -> None:
    w.next_token += 1
    w.in_flight[w.next_token] = ((None, None, None, None), op)
    w.env[op.token] = w.next_token


def _dma_wait(w: _Walker, op: tile.DmaWaitOp) -> None:
    token = w.env[op.token]
    if token not in w.in_flight:
        raise TileExecutionError(f"{op.name}: this DMA token was already waited for")
    record, _ = w.in_flight.pop(token)
    w.memory.dma_wait(record)


def _for(w: _Walker, op: tile.ForOp) -> None:
    lower, upper, step = op.bounds
    carried = [w.env[v] for v in op.inits]
    index, *args = op.body.block.args
    for i in range(lower, upper, step):
        w.env[index] = i
        w.env.update(zip(args, carried))
        carried = w.run_block(op.body.block)
    w.env.update(zip(op.results, carried))


def _apply(w: _Walker, op: tile.ApplyOp) -> None:
    block = op.body.block
    for arg, buffer in zip(block.args, op.ins):
        w.env[arg] = w.whole(buffer, op.name)
    for inner in block.ops:
        if isinstance(inner, tile.YieldOp):
            for value, buffer in zip(inner.values, op.outs):
                w.store_whole(buffer, w.env[value], op.name)
            return
        args = tuple(w.env[v] for v in inner.operands)
        w.env.update(zip(inner.results, w.quant.run_op(inner, args)))


_HANDLERS = {
    tile.BufferOp: _buffer,
    tile.ConstantOp: lambda w, op: w.store_whole(op.buffer, array_of(op.value), op.name),
    tile.ToBufferOp: lambda w, op: w.store_whole(op.buffer, w.env[op.input], op.name),
    tile.FromBufferOp: lambda w, op: w.env.__setitem__(op.output, w.whole(op.buffer, op.name)),
    tile.DmaStartOp: _dma_start,
    tile.DmaWaitOp: _dma_wait,
    tile.DmaDoneOp: _dma_done,
    tile.ForOp: _for,
    tile.ApplyOp: _apply,
}


def run_tile_module(module: ModuleOp, inputs: list[np.ndarray]) -> TileRun:
    """Run `@main` of tile IR once on one sample (arrays in argument order)."""
    fn = main_function(module)
    walker = _Walker(module, fn)
    walker.env.update(zip(fn.args, inputs))
    outputs = walker.run_block(fn.body.block)
    counters = walker.finish()
    return TileRun([np.asarray(o) for o in outputs], counters)


def is_tile_module(module: ModuleOp) -> bool:
    """Whether `@main` holds tile IR (any tile op)."""
    return any(isinstance(op, tile.MemoryOp) for op in main_function(module).walk())
