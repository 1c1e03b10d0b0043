"""Independent checks of a plan: SRAM placement (every buffer inside the SRAM, no two live
at once overlapping), totals, lower bounds, and a tile-by-tile replay of a layer's loop
nest that recounts its DMA bytes and commands from the schedule rules in `plan`."""

from __future__ import annotations

from xopt.tiling.layers import Layer, Network, packed_bytes
from xopt.tiling.plan import ROWS_OUTER, Plan
from xopt.tiling.search import Tiling


def plan_problems(plan: Plan) -> list[str]:
    """Everything wrong with `plan`'s placement and accounting (empty when valid)."""
    problems = []
    spans = _sram_spans(plan)
    for key, (lo, hi, _, _) in spans.items():
        if lo < 0 or hi > plan.sram_bytes:
            problems.append(f"{key} at [{lo}, {hi}) is outside the {plan.sram_bytes}-byte SRAM")
    items = sorted(spans.items(), key=lambda kv: kv[1][0])
    for i, (a, (_, hi, f1, l1)) in enumerate(items):
        for b, (lo2, _, f2, l2) in items[i + 1 :]:
            if lo2 >= hi:
                break
            if f1 <= l2 and f2 <= l1:
                problems.append(f"{a} and {b} overlap in SRAM while both are live")
    for field in ("dram_read_bytes", "dram_write_bytes", "dma_transfers", "macs"):
        if getattr(plan, field) != sum(getattr(layer, field) for layer in plan.layers):
            problems.append(f"{field} is not the sum over layers")
    if plan.arena_bytes < plan.arena_lower_bound_bytes:
        problems.append("arena below the liveness bound")
    return problems


def _sram_spans(plan: Plan) -> dict[str, tuple[int, int, int, int]]:
    """Every SRAM buffer and resident tensor: [offset, end) and the layer positions live
    (a cascade's layers count as live together: they run interleaved)."""
    spans = {}
    widen = {p: (c.layers[0], c.layers[-1]) for c in plan.cascades for p in c.layers}
    for t in plan.tensors:
        if t.home == "sram":
            first = widen.get(t.first, (t.first,))[0]
            last = widen.get(t.last, (0, t.last))[1]
            spans[f"tensor {t.name}"] = (t.sram_offset, t.sram_offset + t.bytes, first, last)
    for c, cascade in enumerate(plan.cascades):
        first, last = cascade.layers[0], cascade.layers[-1]
        for k, b in enumerate(cascade.buffers):
            spans[f"cascade {c} {b.role} {b.tensor} #{k}"] = (
                b.offset,
                b.offset + b.bytes,
                first,
                last,
            )
    for position, layer in enumerate(plan.layers):
        if layer.cascade is None:
            for k, b in enumerate(layer.buffers):
                key = f"{layer.name} {b.role} #{k}"
                spans[key] = (b.offset, b.offset + b.bytes, position, position)
    return {k: v for k, v in spans.items() if v[1] > v[0]}


def replay(
    layer: Layer, network: Network, tiling: Tiling, in_sram: frozenset[str], out_in_sram: bool
) -> tuple[int, int, int]:
    """(DRAM bytes read, written, DMA commands) of running `tiling` tile by tile: a buffer
    is loaded when the data its next tile needs differs from what it holds; a rolling input
    loads only the rows it does not hold yet."""
    if tiling.in_chunks > 1:
        return _replay_chunked(layer, network, tiling, in_sram, out_in_sram)
    steps = _steps(layer, tiling)
    held: dict[str, tuple] = {}
    read = write = commands = 0
    for operand in layer.operands:
        if not operand.windowed and operand.tensor not in in_sram:
            read, commands = read + network.tensors[operand.tensor].bytes, commands + 1
    for (k0, kn), ((r0, rn), (c0, cn)) in steps:
        channels = _in_range(layer, k0, kn, tiling.order)
        rows, cols = layer.rows.window(r0, rn), layer.cols.window(c0, cn)
        for operand in layer.operands:
            if not operand.windowed or operand.tensor in in_sram:
                continue
            # a rolling input restarts with each channel chunk when channels are outer
            previous = held.get(operand.tensor)
            restarts = tiling.order != ROWS_OUTER and held.get("chunk") != k0
            rolling = tiling.rolling and not restarts
            new_rows = _new_rows(previous, channels, rows, cols, rolling)
            if new_rows:
                size = (channels[1] - channels[0]) * new_rows * (cols[1] - cols[0])
                read, commands = read + packed_bytes(size, layer.in_bits), commands + 1
            held[operand.tensor] = (channels, rows, cols)
        held["chunk"] = k0
        for name, per_channel in (
            (layer.weight, layer.weight_bytes_per_channel),
            (layer.bias, layer.bias_bytes_per_channel),
        ):
            if name is not None and per_channel and held.get(name) != (k0, kn):
                read, commands = read + per_channel * kn, commands + 1
                held[name] = (k0, kn)
        if not out_in_sram:
            write += packed_bytes(kn * rn * cn, layer.out_bits) if layer.kind != "whole" else 0
            commands += 1
    if not out_in_sram and layer.kind == "whole":
        write = network.tensors[layer.output].bytes
    return read, write, commands


def _steps(layer: Layer, tiling: Tiling) -> list[tuple]:
    """(channel chunk, spatial tile) of every step, in the tiling's loop order."""
    chunks = _tiles(layer.channels, tiling.channels)
    spatial = [(r, c) for r in layer.rows.tiles(tiling.rows) for c in layer.cols.tiles(tiling.cols)]
    if tiling.order == ROWS_OUTER:
        return [(k, s) for s in spatial for k in chunks]
    return [(k, s) for k in chunks for s in spatial]


def _replay_chunked(
    layer: Layer, network: Network, tiling: Tiling, in_sram: frozenset[str], out_in_sram: bool
) -> tuple[int, int, int]:
    """`replay` of a reduction over input-channel chunks (innermost, after the spatial and
    output-channel loops): each step loads its input window's chunk channels and its
    [channels x chunk] weights; the bias is loaded whole once; an output tile is written
    after its last chunk."""
    chunks = _tiles(layer.channels, tiling.channels)
    spatial = [(r, c) for r in layer.rows.tiles(tiling.rows) for c in layer.cols.tiles(tiling.cols)]
    in_chunks = _tiles(layer.in_channels, tiling.in_channels)
    per_in_channel = layer.kernel_elements * layer.weight_bits // 8
    read = network.constants[layer.bias] if layer.bias is not None else 0
    write, commands = 0, int(layer.bias is not None)
    held: dict[str, tuple] = {}
    for (r0, rn), (c0, cn) in spatial:
        rows, cols = layer.rows.window(r0, rn), layer.cols.window(c0, cn)
        for k0, kn in chunks:
            for j0, jn in in_chunks:
                for operand in layer.operands:
                    box = ((j0, jn), rows, cols)
                    if operand.tensor in in_sram or held.get(operand.tensor) == box:
                        continue
                    size = jn * (rows[1] - rows[0]) * (cols[1] - cols[0])
                    read, commands = read + packed_bytes(size, layer.in_bits), commands + 1
                    held[operand.tensor] = box
                if held.get(layer.weight) != (k0, j0):
                    read, commands = read + kn * jn * per_in_channel, commands + 1
                    held[layer.weight] = (k0, j0)
            if not out_in_sram:
                write += packed_bytes(kn * rn * cn, layer.out_bits)
                commands += 1
    return read, write, commands


def _tiles(extent: int, size: int) -> list[tuple[int, int]]:
    return [(s, min(size, extent - s)) for s in range(0, extent, size)]


def _in_range(layer: Layer, k0: int, kn: int, order: str) -> tuple[int, int]:
    """Input channels a tile reads: all of them for rows-outer or full convs, else the
    groups of output channels [k0, k0 + kn)."""
    if order == ROWS_OUTER or layer.channels_per_group == 0:
        return 0, layer.in_channels_for(layer.channels)
    g = layer.channels_per_group
    return k0 // g * layer.in_per_group, -(-(k0 + kn) // g) * layer.in_per_group


def _new_rows(held, channels, rows, cols, rolling: bool) -> int:
    if held == (channels, rows, cols):
        return 0
    if rolling and held is not None and held[0] == channels and held[2] == cols:
        lo, hi = held[1]
        return sum(1 for r in range(*rows) if not lo <= r < hi)
    return rows[1] - rows[0]
