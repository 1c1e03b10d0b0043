"""One planned cascade as tile IR: consecutive layers run stripe by stripe
(`xopt.tiling.fusion.stripe_schedule`), each intermediate only in its ring buffer.

Before the first stripe every weight and bias is loaded once. Per stripe, in order:
  - pipelined (the plan has 2 or more buffer slots): wait for the DMA of the new rows of
    each operand streamed from DRAM (started during the previous stripe, or before the
    first), then start the next stripe's (a stripe with nothing new, and the one after the
    last, get a box past the tensor's end, which moves nothing); serial (1 slot): load the
    new rows, started and waited;
  - each layer computes the rows it produces in this stripe (all channels, full width) into
    the ring of its output, the resident output tensor, or the output stripe buffer;
  - the output stripe's DMA to DRAM starts; with two slots the previous stripe's DMA is
    waited for after it (its slot is the one the next stripe computes into), with one slot
    at once.
Streamed operands land in rings too, addressed in tensor rows. The rows moved are exactly
those `fusion.evaluate` accounts for (`fusion.stream_windows`). Stripes whose actions are
equal up to offsets affine in the stripe index form one `tile.for` (the steady state); the
others (warm-up, a partial last stripe) are emitted one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.ir import Operation, SSAValue

from xopt.tiling.fusion import stream_windows, stripe_schedule
from xopt.tiling.layers import Layer
from xopt.tiling.lower_ir import Cursor, Expr, expr
from xopt.tiling.lower_layer import fail, sram_buffer, tile_op
from xopt.tiling.plan import Buffer, CascadePlan


@dataclass(frozen=True)
class Action:
    """One step of a stripe: `kind`, what it acts on and its box sizes (`key`, equal in a
    loop), and row offsets (`values`, affine in the stripe index in a loop)."""

    kind: str
    key: tuple
    values: tuple[int, ...] = ()


@dataclass(frozen=True)
class Run:
    """Stripes [first, end) with the same actions; values of stripe s are
    `values + (s - first) * steps`."""

    first: int
    end: int
    actions: tuple[Action, ...]
    steps: tuple[int, ...]


def _values(actions) -> tuple[int, ...]:
    return tuple(v for a in actions for v in a.values)


def affine_runs(stripes: list[list[Action]]) -> list[Run]:
    """Split stripes into maximal runs of equal actions with values affine in the index."""
    runs, first = [], 0
    while first < len(stripes):
        shape = [(a.kind, a.key) for a in stripes[first]]
        base = _values(stripes[first])
        end, steps = first + 1, tuple(0 for _ in base)
        while end < len(stripes) and [(a.kind, a.key) for a in stripes[end]] == shape:
            values = _values(stripes[end])
            if end == first + 1:
                steps = tuple(v - b for v, b in zip(values, base))
            elif values != tuple(b + (end - first) * d for b, d in zip(base, steps)):
                break
            end += 1
        runs.append(Run(first, end, tuple(stripes[first]), steps if end > first + 1 else ()))
        first = end
    return runs


@dataclass
class _Stream:
    """An operand streamed from DRAM into a ring: its DRAM and ring buffers, channels,
    width, rows, and per stripe (window lo, hi, first new row)."""

    dram: SSAValue
    ring: SSAValue
    channels: int
    height: int
    width: int
    windows: list[tuple[int, int, int]]


class CascadeLowering:
    """Emits one cascade (module docstring); `lw` provides DRAM/SRAM buffers of values."""

    def __init__(self, lw, cascade: CascadePlan, members: list[tuple[Layer, Operation]]):
        self.lw, self.cascade = lw, cascade
        self.layers = [layer for layer, _ in members]
        self.ops = [op for _, op in members]
        self.pipelined = lw.plan.buffers >= 2
        self.schedule = stripe_schedule(self.layers, cascade.stripe_rows)
        self.name = f"cascade {self.layers[0].name}..{self.layers[-1].name}"
        self.weights: list[tuple[SSAValue, SSAValue]] = []
        self.streams: list[_Stream] = []
        self.sources: list[dict[str, tuple[SSAValue, int | None]]] = []
        self._prefetches: dict[int, list[Action]] = {}
        self.bind_buffers()

    # ---- buffers

    def ring(self, planned: Buffer, value: SSAValue) -> SSAValue:
        _, channels, _, width = value.type.get_shape()
        element = value.type.get_element_type()
        if planned.rows is None:
            raise fail(f"{self.name}: the plan gives {planned.tensor} no ring rows")
        shape = [1, channels, planned.rows, width]
        return sram_buffer(self.lw, self.name, planned, shape, element, ring=True)

    def bind_buffers(self) -> None:
        """Buffers in the plan's order (`fusion.evaluate`): weights and biases, then per
        layer and operand a ring (intermediate) or a streamed input, then the output."""
        specs = list(self.cascade.buffers)
        weights = [b for b in specs if b.role in ("weight", "bias")]
        others = iter(b for b in specs if b not in weights)
        values = {self.lw.root_name(v): v for op in self.ops for v in op.operands}
        for planned in weights:
            value = values[planned.tensor]
            shape, element = value.type.get_shape(), value.type.get_element_type()
            buffer = sram_buffer(self.lw, self.name, planned, shape, element)
            self.weights.append((self.lw.dram_view(value), buffer))
        internal = {layer.output for layer in self.layers[:-1]}
        rings: dict[str, SSAValue] = {}
        for j, layer in enumerate(self.layers):
            sources: dict[str, tuple[SSAValue, int | None]] = {}
            for operand in layer.operands:
                tensor, value = operand.tensor, values[operand.tensor]
                if self.lw.tensors[tensor].home == "sram":
                    sources[tensor] = (self.lw.sram_view(value), None)
                    continue
                planned = self.next_buffer(others, tensor)
                if tensor in internal:
                    rings[tensor] = sources[tensor] = (self.ring(planned, value), None)
                    continue
                produced = [stripe[j] for stripe in self.schedule]
                _, channels, height, width = value.type.get_shape()
                stream = _Stream(
                    self.lw.dram_view(value),
                    self.ring(planned, value),
                    channels,
                    height,
                    width,
                    stream_windows(layer.rows, produced),
                )
                sources[tensor] = (stream.ring, len(self.streams))
                self.streams.append(stream)
            self.sources.append(sources)
        out = self.ops[-1].results[0]
        self.output = (
            self.lw.sram_view(out)
            if self.lw.tensors[self.layers[-1].output].home == "sram"
            else None
        )
        self.rings = rings
        if self.output is None:
            planned = self.next_buffer(others, self.layers[-1].output)
            shape = [1, out.type.get_shape()[1], self.cascade.stripe_rows, out.type.get_shape()[3]]
            element = out.type.get_element_type()
            self.stripe_buffer = sram_buffer(self.lw, self.name, planned, shape, element)
            self.out_slots = planned.slots
            self.out_dram = self.lw.dram_view(out)

    def next_buffer(self, others, tensor: str) -> Buffer:
        planned = next(others, None)
        if planned is None or planned.tensor != tensor:
            raise fail(f"{self.name}: the plan has no buffer for {tensor} here")
        return planned

    # ---- the stripe program

    def stripe(self, s: int) -> list[Action]:
        actions = []
        for e, stream in enumerate(self.streams):
            if self.pipelined:
                actions += [Action("wait", (e,)), self.prefetch(e, s + 1)]
                continue
            _, hi, new = stream.windows[s]
            if hi > new:
                actions.append(Action("load", (e, hi - new), (new,)))
        for j, (lo, hi) in enumerate(self.schedule[s]):
            if hi > lo:
                actions.append(Action("compute", (j, hi - lo), (lo,)))
        if self.output is None:
            lo, hi = self.schedule[s][-1]
            actions.append(Action("store", (hi - lo,), (lo,)))
        return actions

    def prefetch(self, e: int, s: int) -> Action:
        """Start loading stripe s's new rows of stream e (`prefetches`)."""
        if e not in self._prefetches:
            self._prefetches[e] = self.prefetches(self.streams[e])
        return self._prefetches[e][s]

    def prefetches(self, stream: _Stream) -> list[Action]:
        """Per stripe (and one past the last) the load of its new rows of `stream`. A
        stripe without new rows gets a box past the tensor's end (moving nothing): where
        the previous two loads' rows continue there, that continuation, else the end."""
        loads: list[Action] = []
        for s in range(len(self.schedule) + 1):
            _, hi, new = stream.windows[s] if s < len(self.schedule) else (0, 0, 0)
            if hi > new:
                loads.append(Action("prefetch", (self.streams.index(stream), hi - new), (new,)))
                continue
            action = Action("prefetch", (self.streams.index(stream), 1), (stream.height,))
            if len(loads) >= 2 and loads[-1].key == loads[-2].key:
                row = 2 * loads[-1].values[0] - loads[-2].values[0]
                if row >= stream.height:
                    action = Action("prefetch", loads[-1].key, (row,))
            loads.append(action)
        return loads

    # ---- emission

    def emit(self, top: Cursor) -> None:
        tokens = [top.start(d, _zeros(d), b, _zeros(b), b.type.shape) for d, b in self.weights]
        for token in tokens:
            top.wait(token)
        carried: dict[object, SSAValue] = {}
        if self.pipelined:
            for e in range(len(self.streams)):
                first = self.prefetch(e, 0)
                self.emit_action(top, first, list(first.values), 0, carried)
        if self.output is None and self.out_slots > 1:
            carried["out"] = top.done()
        stripes = [self.stripe(s) for s in range(len(self.schedule))]
        for run in affine_runs(stripes):
            values = _values(run.actions)
            if run.end == run.first + 1:
                self.emit_stripe(top, run.actions, list(values), run.first, carried)
                continue
            keys = list(carried)
            body = top.loop(run.first, run.end, [carried[k] for k in keys])
            local = dict(zip(keys, body.carried))
            s = body.dim(len(body.indices) - 1)
            exprs = [expr(v - d * run.first) + s * d for v, d in zip(values, run.steps)]
            self.emit_stripe(body, run.actions, exprs, s, local)
            body.close([local[k] for k in keys])
            carried = dict(zip(keys, body.results))
        for token in carried.values():
            top.wait(token)

    def emit_stripe(self, cursor: Cursor, actions, exprs: list[Expr], s: Expr, carried) -> None:
        values = iter(exprs)
        for action in actions:
            self.emit_action(cursor, action, [next(values) for _ in action.values], s, carried)

    def emit_action(self, cursor: Cursor, action: Action, at: list[Expr], s: Expr, carried):
        kind, key = action.kind, action.key
        if kind == "wait":
            cursor.wait(carried[("in", key[0])])
        elif kind in ("load", "prefetch"):
            stream, rows = self.streams[key[0]], key[1]
            box = [0, 0, 0, at[0], 0]
            sizes = [1, stream.channels, rows, stream.width]
            if kind == "load":
                cursor.copy(stream.dram, box, stream.ring, box, sizes)
            else:
                carried[("in", key[0])] = cursor.start(stream.dram, box, stream.ring, box, sizes)
        elif kind == "compute":
            self.compute(cursor, key[0], at[0], key[1], s)
        else:
            self.store(cursor, at[0], key[0], s, carried)

    def compute(self, cursor: Cursor, j: int, lo: Expr, rows: int, s: Expr) -> None:
        layer, op = self.layers[j], self.ops[j]
        count = 2 if layer.kind == "elementwise" else 1
        buffers, refs = [], []
        for value in op.operands[:count]:
            buffer, _ = self.sources[j][self.lw.root_name(value)]
            row = expr(lo) * layer.rows.stride - layer.rows.pad
            buffers.append(buffer)
            refs.append([0, 0, 0, row, -layer.cols.pad])
        for value in op.operands[count:]:
            buffer = next(b for d, b in self.weights if d is self.lw.dram_view(value))
            buffers.append(buffer)
            refs.append(_zeros(buffer))
        channels, width = layer.channels, layer.cols.out_size
        if j + 1 < len(self.layers):
            buffers.append(self.rings[layer.output][0])
            refs.append([0, 0, 0, lo, 0])
        elif self.output is not None:
            buffers.append(self.output)
            refs.append([0, 0, 0, lo, 0])
        else:
            buffers.append(self.stripe_buffer)
            refs.append([self.out_slot(s), 0, 0, 0, 0])
        tile_op(cursor, op, buffers, refs, [0, 0, lo, 0], [1, channels, rows, width])

    def out_slot(self, s: Expr) -> Expr:
        return expr(s) % self.out_slots if self.out_slots > 1 else 0

    def store(self, cursor: Cursor, lo: Expr, rows: int, s: Expr, carried) -> None:
        shape = self.stripe_buffer.type.shape
        src = [self.out_slot(s), 0, 0, 0, 0]
        sizes = [1, shape[1], rows, shape[3]]
        token = cursor.start(self.stripe_buffer, src, self.out_dram, [0, 0, 0, lo, 0], sizes)
        if self.out_slots == 1:
            cursor.wait(token)
            return
        cursor.wait(carried["out"])
        carried["out"] = token


def _zeros(buffer: SSAValue) -> list[int]:
    return [0] * (1 + len(buffer.type.shape))
