"""One planned layer (not in a cascade) as tile IR: its SRAM working buffers, the loop
nest over its output tiles in the planned order, the DMA that loads a buffer exactly when
the data it holds changes (`xopt.tiling.plan`'s schedule rules, as `validate.replay`
counts them), one compute op per tile and the output tile's DMA back to DRAM.

Loops: the outer loop runs over spatial tiles (`rows_outer`) or channel chunks, the inner
one over the other dimension; a spatial index s is row tile s floordiv n_cols, column
tile s mod n_cols. A windowed input from DRAM lands in its buffer with its padding rows
and columns left out: the first row tile's window starts at -pad, the others inside the
tensor (`lower_ir.is_first`). A rolling input is a ring along the rows addressed in tensor
rows; the first stripe loads its window, later ones only their new rows. A buffer with
several slots rotates through them, slot = the iteration count of the loop that loads it
modulo the slots. With 2 or more buffer slots the nest is pipelined (DMA of the next tile
during the compute of this one, `xopt.tiling.lower_pipeline`); with one, every DMA is
waited at once and a rolling input's first stripe is split off its loop. Layers the
dialect does not tile are `whole`: a `tile.apply` on whole SRAM buffers.

A tile reduced over input-channel chunks (`Tile.in_chunks` > 1) runs a third, innermost
loop over the chunks (level `reduce`): per chunk the input window's chunk channels and
the [tile channels x chunk] weights are loaded (slot = the reduction step count, which
runs over all tiles, modulo the slots) and the compute op accumulates into the `acc`
buffer; the bias is loaded whole before the loops, the output tile stored after the chunk
loop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from xdsl.dialects.builtin import DenseArrayBase, FunctionType, IntegerAttr, i32, i64
from xdsl.ir import Block, Operation, SSAValue
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects import tile
from xopt.tiling.layers import Layer
from xopt.tiling.lower_ir import Cursor, Expr, expr, is_first
from xopt.tiling.lower_pipeline import emit_pipelined
from xopt.tiling.plan import ROWS_OUTER, Buffer, LayerPlan

TILE_OPS = {
    "conv2d": tile.Conv2dOp,
    "maxpool": tile.MaxPoolOp,
    "avgpool": tile.AvgPoolOp,
    "global_avgpool": tile.GlobalAvgPoolOp,
    "fully_connected": tile.FullyConnectedOp,
    "add": tile.AddOp,
    "mul": tile.MulOp,
}


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


def fail(message: str) -> PassFailedException:
    return PassFailedException(f"tile-for-memory: {message}")


@dataclass
class Index:
    """A tile's coordinates as affine expressions: channel chunk k, row and column tile,
        and its outer loop iteration `o` and step `t` (outer * inner count + inner index); for a
    reduction over input-channel chunks, chunk `j` and reduction step `u`."""

    k: Expr
    r: Expr
    c: Expr
    o: Expr = 0
    t: Expr = 0
    j: Expr = 0
    """The input-channel chunk of a reduction."""
    u: Expr = 0
    """The reduction step: t * chunks + j."""


class LayerLowering:
    """Emits one layer (module docstring); `lw` provides DRAM/SRAM buffers of values."""

    def __init__(self, lw, plan: LayerPlan, layer: Layer, op: Operation):
        self.lw, self.plan, self.layer, self.op = lw, plan, layer, op
        t = plan.tile
        self.tc, self.th, self.tw = t.channels, t.rows, t.cols
        self.n_c = _ceil(layer.channels, t.channels)
        self.n_h = _ceil(layer.rows.out_size, t.rows)
        self.n_w = _ceil(layer.cols.out_size, t.cols)
        self.fc = layer.kind == "fc"
        self.rows_outer = plan.loop_order == ROWS_OUTER
        self.in_all = layer.in_channels_for(layer.channels)
        self.coupled = layer.in_channels_for(t.channels) < self.in_all
        self.in_tile = self.in_all if self.rows_outer else layer.in_channels_for(t.channels)
        self.n_j = t.in_chunks
        self.reduces = t.in_chunks > 1
        if self.reduces:
            self.in_tile = t.in_channels
        self.sources = {o.tensor: o.source for o in plan.operands}

    # ---- buffers

    def plan_buffer(self, role: str, tensor: str) -> Buffer:
        found = [b for b in self.plan.buffers if b.role == role and b.tensor == tensor]
        if not found:
            raise fail(f"layer {self.plan.name}: the plan has no {role} buffer of {tensor}")
        return found[0]

    def sram_buffer(self, planned: Buffer, shape, element, ring: bool = False) -> SSAValue:
        return sram_buffer(self.lw, f"layer {self.plan.name}", planned, shape, element, ring)

    # ---- geometry

    def first_in_channel(self, k: Expr, j: Expr = 0) -> Expr:
        """The first input channel output chunk k's window (input chunk j's) reads."""
        layer = self.layer
        if self.reduces:
            return expr(j) * self.in_tile
        if layer.channels_per_group == 0:
            return 0
        return (expr(k) * self.tc) // layer.channels_per_group * layer.in_per_group

    def window_start(self, i: Index) -> list[Expr]:
        """The window's first element (padding included) in the input tensor."""
        rows, cols = self.layer.rows, self.layer.cols
        if self.fc:
            return [expr(i.r) * self.th, self.first_in_channel(i.k, i.j)]
        return [
            0,
            self.first_in_channel(i.k, i.j),
            expr(i.r) * (self.th * rows.stride) - rows.pad,
            expr(i.c) * (self.tw * cols.stride) - cols.pad,
        ]

    def window_extent(self) -> list[int]:
        rows, cols = self.layer.rows, self.layer.cols
        full_rows = (self.th - 1) * rows.stride + rows.span
        if self.fc:
            return [full_rows, self.in_tile]
        return [1, self.in_tile, full_rows, (self.tw - 1) * cols.stride + cols.span]

    def tile_position(self, i: Index) -> list[Expr]:
        if self.fc:
            return [expr(i.r) * self.th, expr(i.k) * self.tc]
        return [0, expr(i.k) * self.tc, expr(i.r) * self.th, expr(i.c) * self.tw]

    def tile_sizes(self) -> list[int]:
        return [self.th, self.tc] if self.fc else [1, self.tc, self.th, self.tw]

    def check_padding(self) -> None:
        for axis, size in ((self.layer.rows, self.th), (self.layer.cols, self.tw)):
            refused = axis.lowering_refuses(size)
            if refused is not None:
                raise fail(f"layer {self.plan.name}: {refused}")

    # ---- emission

    def emit(self, top: Cursor) -> None:
        if self.layer.kind == "whole":
            self.emit_whole(top)
            return
        if self.op.name.split(".", 1)[1] not in TILE_OPS:
            raise fail(f"layer {self.plan.name}: '{self.op.name}' has no tile op")
        self.check_padding()
        self.inputs = [self.prepare_input(v) for v in self.activations()]
        count = len(self.activations())
        self.consts = [self.prepare_constant(v) for v in self.op.operands[count:]]
        self.output = self.prepare_output()
        self.acc = self.prepare_acc()
        n_s = self.n_h * self.n_w
        self.n_outer, self.n_inner = (n_s, self.n_c) if self.rows_outer else (self.n_c, n_s)
        if self.lw.plan.buffers >= 2:
            self.emit_pipelined(top)
        else:
            self.emit_serial(top)

    def emit_serial(self, top: Cursor) -> None:
        """Every DMA waited at once; a rolling input's first stripe split off its loop."""
        self.emit_level(top, "pre", Index(0, 0, 0))
        split_outer = self.rows_outer and any(x.rolling for x in self.inputs)
        split_inner = not self.rows_outer and any(x.rolling for x in self.inputs)
        for lo, hi in _ranges(self.n_outer, split_outer):
            outer = top.loop(lo, hi)
            self.emit_level(outer, "outer", self.index(outer.dim(0), 0), lo == 0)
            for ilo, ihi in _ranges(self.n_inner, split_inner):
                inner = outer.loop(ilo, ihi)
                index = self.index(inner.dim(0), inner.dim(1))
                self.emit_level(inner, "inner", index, ilo == 0)
                self.emit_reduction(inner, index)
                out = self.store_box(index)
                if out is not None:
                    inner.copy(*out)
                inner.close()
            outer.close()

    def emit_reduction(self, cursor: Cursor, i: Index) -> None:
        """The compute of tile i: one op, or the serial loop over its input-channel chunks."""
        if not self.reduces:
            self.compute(cursor, i)
            return
        loop = cursor.loop(0, self.n_j)
        j = loop.dim(len(loop.indices) - 1)
        step = replace(i, j=j, u=expr(i.t) * self.n_j + j)
        self.emit_level(loop, "reduce", step)
        self.compute(loop, step)
        loop.close()

    def emit_pipelined(self, top: Cursor) -> None:
        emit_pipelined(self, top)

    def index(self, outer: Expr, inner: Expr, step: Expr | None = None, j: Expr = 0) -> Index:
        """Tile coordinates of outer iteration `outer`, inner iteration `inner` (its step
        `step` when given: outer * inner count + inner) and input-channel chunk `j`."""
        k, s = (inner, outer) if self.rows_outer else (outer, inner)
        step = expr(outer) * self.n_inner + inner if step is None else step
        u = expr(step) * self.n_j + j
        if self.n_w == 1:
            return Index(k, s, 0, outer, step, j, u)
        return Index(k, expr(s) // self.n_w, expr(s) % self.n_w, outer, step, j, u)

    def index_at(self, u: Expr) -> Index:
        """The coordinates of reduction step `u` (the chunk loop's global count)."""
        step = expr(u) // self.n_j
        outer = expr(u) // (self.n_j * self.n_inner)
        return self.index(outer, step % self.n_inner, step, expr(u) % self.n_j)

    def activations(self) -> list[SSAValue]:
        count = 2 if self.layer.kind == "elementwise" else 1
        return list(self.op.operands[:count])

    def prepare_input(self, value: SSAValue):
        name = self.lw.root_name(value)
        if self.sources[name] == "sram":
            return _Input(value, self.lw.sram_view(value), None, "none", False)
        planned = self.plan_buffer("input", name)
        rolling = planned.rows is not None
        extent = self.window_extent()
        shape = list(extent)
        if self.fc:
            shape[0] = min(shape[0], self.layer.rows.in_size)
        else:
            shape[2] = planned.rows if rolling else self.layer.rows.window_max(self.th)
            shape[3] = self.layer.cols.window_max(self.tw)
        element = value.type.get_element_type()
        buffer = self.sram_buffer(planned, shape, element, rolling)
        self.lw.dram_view(value)
        if self.reduces:
            level = "reduce"
        elif not self.rows_outer and not self.coupled and self.n_h * self.n_w == 1:
            level = "pre"
        else:
            level = "outer" if self.rows_outer else "inner"
        return _Input(value, buffer, planned, level, rolling)

    def prepare_constant(self, value: SSAValue):
        name = self.lw.root_name(value)
        role = "weight" if name == self.layer.weight else "bias"
        planned = self.plan_buffer(role, name)
        shape = [self.tc, *value.type.get_shape()[1:]]
        level = ("pre" if self.n_c == 1 else "inner") if self.rows_outer else "outer"
        if self.reduces and role == "weight":
            shape[1], level = self.in_tile, "reduce"
        elif self.reduces:
            shape, level = list(value.type.get_shape()), "pre"
        buffer = self.sram_buffer(planned, shape, value.type.get_element_type())
        self.lw.dram_view(value)
        return _Constant(value, buffer, planned, level)

    def prepare_acc(self) -> SSAValue | None:
        """The int32 partial-sum buffer of a reduction over input-channel chunks."""
        if not self.reduces:
            return None
        planned = self.plan_buffer("acc", self.layer.output)
        return self.sram_buffer(planned, self.tile_sizes(), i32)

    def prepare_output(self):
        value = self.op.results[0]
        if self.plan.output_in_sram:
            return _Output(value, self.lw.sram_view(value), None, "inner")
        planned = self.plan_buffer("output", self.layer.output)
        whole = self.layer.kind == "whole"  # a tile.apply's output: the whole tensor
        sizes = list(value.type.get_shape()) if whole else self.tile_sizes()
        buffer = self.sram_buffer(planned, sizes, value.type.get_element_type())
        self.lw.dram_view(value)
        return _Output(value, buffer, planned, "inner")

    def emit_level(self, cursor: Cursor, level: str, i: Index, first: bool = True) -> None:
        """Synchronous loads of the buffers loaded at `level` (pre, outer or inner)."""
        for x in self.loads(level):
            cursor.copy(*self.load_box(x, i, first))

    def loads(self, level: str) -> list:
        return [x for x in (*self.inputs, *self.consts) if x.level == level]

    def slot(self, x, i: Index) -> Expr:
        """The slot of tile i's data: the iteration count of the loop that loads it (outer
        iteration or step) modulo the slots; loads and their compute op agree on it."""
        if x.planned is None or x.planned.slots == 1:
            return 0
        counts = {"outer": i.o, "inner": i.t, "reduce": i.u}
        return expr(counts.get(x.level, 0)) % x.planned.slots

    def buffer_origin(self, x, i: Index) -> list[Expr]:
        """Where the window's first element sits in x's buffer (module docstring)."""
        start = self.window_start(i)
        if x.planned is None:
            return [0, *start]
        rows, cols = self.layer.rows, self.layer.cols
        if self.fc:
            return [self.slot(x, i), 0, 0]
        # the buffer holds one chunk's channels (an input-channel chunk, or the groups of a
        # coupled output chunk when channels are outer), else all of them
        holds_chunk = self.reduces or (self.coupled and not self.rows_outer)
        channel = 0 if holds_chunk else start[1]
        row = start[2] if x.rolling else is_first(i.r, self.n_h) * (-rows.pad)
        col = is_first(i.c, self.n_w) * (-cols.pad)
        return [self.slot(x, i), 0, channel, row, col]

    def load_box(self, x, i: Index, first: bool = True) -> tuple:
        """The DMA (source, position, destination, position, sizes) that loads x's data
        of tile i: a window of an input (a rolling one's new rows unless `first`), or a
        weight or bias chunk."""
        dram = self.lw.dram_view(x.value)
        if isinstance(x, _Constant):
            return (
                dram,
                self.constant_start(x, i),
                x.buffer,
                self.constant_ref(x, i, True),
                x.buffer.type.shape,
            )
        src = [0, *self.window_start(i)]
        dst = self.buffer_origin(x, i)
        sizes = self.window_extent()
        if not self.fc:
            src[2] = 0 if not self.reduces and (self.rows_outer or not self.coupled) else src[2]
            dst[2] = 0
        if x.rolling and not first:
            rows = self.layer.rows
            skip = max(0, rows.span - rows.stride)
            src[3] = expr(src[3]) + skip
            dst[3] = expr(dst[3]) + skip
            sizes[2] -= skip
        return dram, src, x.buffer, dst, sizes

    def compute(self, cursor: Cursor, i: Index) -> None:
        refs = [self.buffer_origin(x, i) for x in self.inputs]
        operands = [x.buffer for x in self.inputs]
        for w in self.consts:
            refs.append(self.constant_ref(w, i))
            operands.append(w.buffer)
        out = self.output
        rank = len(self.tile_sizes())
        extra = {}
        if self.acc is not None:
            operands.append(self.acc)
            refs.append([0] * (rank + 1))
            extra = {"in_chunk": IntegerAttr(self.in_tile, i64), "chunk": cursor.map([i.j])}
        operands.append(out.buffer)
        if out.planned is None:
            refs.append([0, *self.tile_position(i)])
        else:
            refs.append([self.slot(out, i), *([0] * rank)])
        at, sizes = self.tile_position(i), self.tile_sizes()
        tile_op(cursor, self.op, operands, refs, at, sizes, extra, self.acc is not None)

    def constant_start(self, x, i: Index) -> list[Expr]:
        """Where tile i's weight or bias chunk starts in the constant (slot first)."""
        rank = len(x.value.type.get_shape())
        if self.reduces and x.level == "pre":
            return [0] * (rank + 1)
        start = [0, expr(i.k) * self.tc, *([0] * (rank - 1))]
        if self.reduces:
            start[2] = expr(i.j) * self.in_tile
        return start

    def constant_ref(self, x, i: Index, load: bool = False) -> list[Expr]:
        """Where tile i's weight or bias chunk sits in its buffer (a whole bias: at the
        tile's first channel, unless `load`ing it)."""
        rank = len(x.value.type.get_shape())
        if self.reduces and x.level == "pre" and not load:
            return [0, expr(i.k) * self.tc]
        return [self.slot(x, i), *([0] * rank)]

    def store_box(self, i: Index) -> tuple | None:
        """The DMA of output tile i to DRAM (None for an output resident in SRAM)."""
        out = self.output
        if out.planned is None:
            return None
        rank = len(self.tile_sizes())
        src = [self.slot(out, i), *([0] * rank)]
        dst = [0, *self.tile_position(i)]
        return out.buffer, src, self.lw.dram_view(out.value), dst, self.tile_sizes()

    def emit_whole(self, top: Cursor) -> None:
        """`tile.apply` of the op on whole SRAM buffers (loaded first, stored after)."""
        ins = []
        acts = list(dict.fromkeys(self.lw.activation_operands(self.op)))
        for value in acts:
            name = self.lw.root_name(value)
            if self.sources[name] == "sram":
                ins.append(self.lw.sram_view(value))
                continue
            planned = self.plan_buffer("whole", name)
            shape, element = value.type.get_shape(), value.type.get_element_type()
            buffer = self.sram_buffer(planned, shape, element)
            zeros = [0] * len(shape)
            top.copy(self.lw.dram_view(value), [0, *zeros], buffer, [0, *zeros], shape)
            ins.append(buffer)
        out = self.prepare_output()
        body = Block(arg_types=[v.type for v in acts])
        self.lw.fill_apply(body, self.op, acts)
        top.add(tile.ApplyOp.build(operands=[ins, [out.buffer]], regions=[[body]]))
        if out.planned is not None:
            shape = out.value.type.get_shape()
            zeros = [0] * len(shape)
            top.copy(out.buffer, [0, *zeros], self.lw.dram_view(out.value), [0, *zeros], shape)


def sram_buffer(lw, owner: str, planned: Buffer, shape, element, ring: bool = False) -> SSAValue:
    """The SRAM buffer of a planned buffer, holding `shape` per slot (a ring along rows)."""
    if ring and tile.BufferType(shape, element, "sram").element_bits < 8:
        raise fail(f"{owner}: a ring of {planned.tensor} needs elements of 8 bits or more")
    typ = tile.BufferType(shape, element, "sram", planned.slots, 2 if ring else -1)
    if typ.slot_bytes > planned.slot_bytes:
        raise fail(
            f"{owner}: a {planned.role} tile of {list(shape)} needs {typ.slot_bytes} bytes, "
            f"the plan gives {planned.slot_bytes}"
        )
    return lw.buffer(typ, planned.offset, planned.bytes)


def tile_op(cursor: Cursor, op: Operation, buffers, refs, at, sizes, extra=None, acc=False):
    """Append the tile compute op of quant layer `op` on `buffers` (operand order, output
    last; `acc` whether an acc buffer precedes it) at `refs`, for the output tile at `at`
    of `sizes` (`tile.compute_ops`), with `extra` properties."""
    cls = TILE_OPS.get(op.name.split(".", 1)[1])
    if cls is None:
        raise fail(f"{op.name}: has no tile compute op, so it cannot be tiled in a cascade")
    names = set(cls.get_irdl_definition().properties)
    props = {k: v for k, v in op.properties.items() if k in names}
    props |= {
        "refs": cursor.refs(*refs),
        "at": cursor.map(at),
        "sizes": DenseArrayBase.from_list(i64, list(sizes)),
        "layer": FunctionType.from_lists([v.type for v in op.operands], [op.results[0].type]),
        **(extra or {}),
    }
    grouped = _group_operands(cls, buffers, cursor.indices, acc)
    props["operandSegmentSizes"] = DenseArrayBase.from_list(i32, [len(g) for g in grouped])
    cursor.add(cls.create(operands=[v for g in grouped for v in g], properties=props))


def _ranges(count: int, split: bool) -> list[tuple[int, int]]:
    if split and count > 1:
        return [(0, 1), (1, count)]
    return [(0, count)]


def _group_operands(cls, buffers: list[SSAValue], indices: list[SSAValue], acc: bool):
    """Operands per operand definition of a tile compute op (bias and acc optional, indices
    last)."""
    names = [name for name, _ in cls.get_irdl_definition().operands]
    groups, rest = [], list(buffers)
    has_bias = len(buffers) - acc == len([n for n in names if n not in ("indices", "acc")])
    for name in names:
        if name == "indices":
            groups.append(list(indices))
        elif (name == "bias" and not has_bias) or (name == "acc" and not acc):
            groups.append([])
        else:
            groups.append([rest.pop(0)])
    return groups


@dataclass
class _Input:
    value: SSAValue
    buffer: SSAValue
    planned: Buffer | None
    level: str
    rolling: bool


@dataclass
class _Constant:
    value: SSAValue
    buffer: SSAValue
    planned: Buffer
    level: str
    rolling: bool = False


@dataclass
class _Output:
    value: SSAValue
    buffer: SSAValue
    planned: Buffer | None
    level: str
