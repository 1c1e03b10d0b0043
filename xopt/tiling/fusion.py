"""Cascades: consecutive layers run stripe by stripe so that their intermediates live
only in small ring buffers of rows (Arm Vela's cascading, DORY's layer fusion).

A chain of layers L0 .. Lk can cascade when each is a conv, pool or element-wise layer
whose operands are all read through its window (full width, all channels at once) and
each intermediate (output of Lj) is read only by Lj+1. Per stripe the last layer
produces `stripe_rows` more output rows; each earlier layer produces the rows that its
successor's window needs next (`stripe_schedule`). The weights of every layer are loaded
once at the start and stay; the chain's external operands are read from SRAM if resident,
else streamed from DRAM by rows (each row once, a ring with `buffers - 1` stripes of
prefetch); the last output is resident or written by stripes.
"""

from __future__ import annotations

from dataclasses import dataclass

from xopt.tiling.layers import Axis, Layer, Network, packed_bytes
from xopt.tiling.search import Accounting, BufferSpec, balanced_sizes

CASCADE_KINDS = ("conv", "pool", "elementwise")


@dataclass(frozen=True)
class Cascade(Accounting):
    """A chosen cascade of layer positions `first..last` and its accounting."""

    first: int
    last: int
    stripe_rows: int
    stripes: int
    rows_per_stripe: tuple[int, ...]
    ring_rows: tuple[tuple[str, int], ...]


def can_chain(network: Network, producer: int) -> bool:
    """Whether layer `producer` and the next layer can run in one cascade."""
    layers = network.layers
    if producer + 1 >= len(layers):
        return False
    a, b = layers[producer], layers[producer + 1]
    t = network.tensors[a.output]
    return (
        all(_streamable(x) for x in (a, b))
        and t.consumers == (producer + 1,)
        and not t.is_output
        and a.rows.out_size == b.rows.in_size
    )


def _streamable(layer: Layer) -> bool:
    return layer.kind in CASCADE_KINDS and all(o.windowed for o in layer.operands)


def stripe_schedule(layers: list[Layer], stripe_rows: int) -> list[list[tuple[int, int]]]:
    """Per stripe, per layer, the output rows [lo, hi) it produces."""
    done = [0] * len(layers)
    stripes = []
    height = layers[-1].rows.out_size
    for start in range(0, height, stripe_rows):
        need = [0] * len(layers)
        need[-1] = min(height, start + stripe_rows)
        for j in range(len(layers) - 2, -1, -1):
            need[j] = max(done[j], layers[j + 1].rows.window(0, need[j + 1])[1])
        stripes.append(list(zip(done, need)))
        done = need
    return stripes


def stream_windows(axis: Axis, produced: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Reading a layer's windowed input as it produces `produced` output row ranges, per
    stripe: the window [lo, hi) and the first row not read before (rows [new, hi) are read
    for the first time); (0, 0, 0) for a stripe that produces nothing."""
    windows, have = [], 0
    for lo_out, hi_out in produced:
        if hi_out <= lo_out:
            windows.append((0, 0, 0))
            continue
        lo, hi = axis.window(lo_out, hi_out - lo_out)
        windows.append((lo, hi, min(max(lo, have), hi)))
        have = max(have, hi)
    return windows


def _stream(axis: Axis, produced: list[tuple[int, int]]) -> tuple[int, int, int, int]:
    """Reading a layer's windowed input as it produces `produced` output row ranges: the
    rows a ring must hold, the rows read in all, the most new rows in one stripe, and
    the stripes that read new rows."""
    ring = union = most = count = 0
    have = 0
    for lo, hi, new in stream_windows(axis, produced):
        if hi <= lo:
            continue
        ring = max(ring, hi - min(lo, have))
        union, most, count = union + hi - new, max(most, hi - new), count + (hi > new)
        have = max(have, hi)
    return ring, union, most, count


def _rows_bytes(network: Network, tensor: str, rows: int) -> int:
    """Bytes of `rows` rows (all channels, full width) of an N x C x H x W tensor."""
    t = network.tensors[tensor]
    return packed_bytes(rows * t.shape[1] * t.shape[3], t.bits)


def evaluate(
    network: Network,
    first: int,
    last: int,
    stripe_rows: int,
    in_sram: frozenset[str],
    out_in_sram: bool,
    buffers: int,
) -> Cascade:
    """The accounting of cascading layers `first..last` with `stripe_rows` output rows."""
    layers = list(network.layers[first : last + 1])
    schedule = stripe_schedule(layers, stripe_rows)
    specs: list[BufferSpec] = []
    read = write = transfers = 0
    for layer in layers:
        for role, tensor, per_channel in (
            ("weight", layer.weight, layer.weight_bytes_per_channel),
            ("bias", layer.bias, layer.bias_bytes_per_channel),
        ):
            if tensor is not None and per_channel:
                size = network.constants[tensor]
                specs.append(BufferSpec(role, tensor, size, 1, None, size, 1))
                read, transfers = read + size, transfers + 1
    internal = {layer.output for layer in layers[:-1]}
    rings = []
    for j, layer in enumerate(layers):
        produced = [stripe[j] for stripe in schedule]
        for operand in layer.operands:
            ring, union, most, count = _stream(layer.rows, produced)
            tensor = operand.tensor
            if tensor in internal:
                rings.append((tensor, ring))
                specs.append(
                    BufferSpec("ring", tensor, _rows_bytes(network, tensor, ring), 1, ring)
                )
            elif tensor not in in_sram:
                rows = ring + (buffers - 1) * most if count > 1 else ring
                role = "input" if j == 0 else "side"
                size = _rows_bytes(network, tensor, union)
                slot = _rows_bytes(network, tensor, rows)
                specs.append(BufferSpec(role, tensor, slot, 1, rows, size, count))
                read, transfers = read + size, transfers + count
    out = layers[-1]
    if not out_in_sram:
        slots = buffers if len(schedule) > 1 else 1
        size = _rows_bytes(network, out.output, stripe_rows)
        write, transfers = network.tensors[out.output].bytes, transfers + len(schedule)
        specs.append(
            BufferSpec("output", out.output, size, slots, stripe_rows, write, len(schedule))
        )
    steady = schedule[1] if len(schedule) > 1 else schedule[0]
    return Cascade(
        read_bytes=read,
        write_bytes=write,
        transfers=transfers,
        sram_bytes=sum(s.slot_bytes * s.slots for s in specs),
        buffers=tuple(specs),
        first=first,
        last=last,
        stripe_rows=stripe_rows,
        stripes=len(schedule),
        rows_per_stripe=tuple(hi - lo for lo, hi in steady),
        ring_rows=tuple(rings),
    )


class CascadeSearch:
    """Best stripe height of a cascade under a budget; candidates cached per query shape."""

    def __init__(self, network: Network, buffers: int, row_multiple: int = 1):
        self.network = network
        self.buffers = buffers
        self.row_multiple = row_multiple
        self._cache: dict[tuple, list[Cascade]] = {}

    def best(
        self, first: int, last: int, budget: int, in_sram: frozenset[str], out_in_sram: bool
    ) -> Cascade | None:
        external = {
            o.tensor for layer in self.network.layers[first : last + 1] for o in layer.operands
        }
        key = (first, last, in_sram & frozenset(external), out_in_sram)
        if key not in self._cache:
            height = self.network.layers[last].rows.out_size
            self._cache[key] = sorted(
                (
                    evaluate(self.network, first, last, h, key[2], out_in_sram, self.buffers)
                    for h in balanced_sizes(height, self.row_multiple)
                ),
                key=lambda c: (c.dram_bytes, c.transfers, c.sram_bytes),
            )
        return next((c for c in self._cache[key] if c.sram_bytes <= budget), None)
