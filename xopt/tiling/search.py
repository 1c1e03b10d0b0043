"""Per-layer tile search: the tile shape, loop order and input reuse that fit a budget of
SRAM bytes with the fewest DRAM bytes, then the fewest DMA transfers, then the least SRAM.

Every candidate is enumerated (exact search) as numpy columns, once per layer: output
channel chunks and row counts `ceil(n / k)` for every tile count k (the distinct balanced
tilings), column tiling only for one-row tiles, both loop orders (`plan.ROWS_OUTER`,
`plan.CHANNELS_OUTER`), and a rolling input (rows shared by consecutive stripes kept,
`rows = H` per tile column) where a row loop runs over full-width tiles. The accounting
follows `xopt.tiling.plan`'s schedule rules. A query (budget, which operands are already
in SRAM, whether the output stays there) is one masked lexicographic argmin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xopt.tiling.layers import Axis, Layer, Network
from xopt.tiling.plan import CHANNELS_OUTER, ROWS_OUTER


@dataclass(frozen=True)
class TilingPolicy:
    """What a target prefers, as constraints on the tiles (a dimension may always be whole):
    channel chunks a multiple of `channel_multiple` (e.g. 16 int8 lanes for NEON), rows of
    `row_multiple`, columns of `col_multiple` (vector width), and at least `cores` output
    rows x channels per tile so every core of a cluster gets work (PULP: 8)."""

    channel_multiple: int = 1
    row_multiple: int = 1
    col_multiple: int = 1
    cores: int = 1


POLICIES = {
    "default": TilingPolicy(),
    "neon": TilingPolicy(channel_multiple=16),
    "pulp": TilingPolicy(channel_multiple=4, cores=8),
    "npu": TilingPolicy(channel_multiple=16, col_multiple=4),
}


@dataclass(frozen=True)
class BufferSpec:
    """A working buffer before placement (see `plan.Buffer`)."""

    role: str
    tensor: str
    slot_bytes: int
    slots: int
    rows: int | None = None
    dram_bytes: int = 0
    """DRAM bytes moved through this buffer (set for cascades' buffers)."""
    transfers: int = 0


@dataclass(frozen=True)
class Accounting:
    """What running a tiling or a cascade costs: DRAM bytes read and written by DMA, DMA
    commands, and the SRAM bytes of its working buffers."""

    read_bytes: int
    write_bytes: int
    transfers: int
    sram_bytes: int
    buffers: tuple[BufferSpec, ...]

    @property
    def dram_bytes(self) -> int:
        return self.read_bytes + self.write_bytes


@dataclass(frozen=True)
class Tiling(Accounting):
    """A chosen tiling and its accounting (operands in SRAM excluded from traffic)."""

    channels: int
    rows: int
    cols: int
    in_channels: int
    order: str
    rolling: bool
    in_chunks: int = 1
    """Input-channel chunks of the reduction (1: none; `plan` module docstring)."""


TILED_KINDS = ("conv", "fc", "pool", "global_pool", "elementwise")
"""Layer kinds lowered tile by tile (`tile-for-memory` refuses some of their tilings)."""


def balanced_sizes(extent: int, multiple: int = 1) -> list[int]:
    """Distinct tile sizes ceil(extent / k), k = 1..extent, that are multiples of `multiple`
    (or the whole extent), largest first."""
    sizes = sorted({-(-extent // k) for k in range(1, extent + 1)}, reverse=True)
    return [s for s in sizes if s == extent or s % multiple == 0]


def _ceil(a, b):
    return -(-a // b)


class CandidateTable:
    """Every tiling of one layer as numpy columns; `best` answers queries."""

    def __init__(self, layer: Layer, network: Network, buffers: int, policy: TilingPolicy):
        self.layer = layer
        self.buffers = buffers
        self.windowed = [o.tensor for o in layer.operands if o.windowed]
        self.whole = {o.tensor: network.tensors[o.tensor].bytes for o in layer.operands}
        self.whole = {t: b for t, b in self.whole.items() if t not in self.windowed}
        self.weight_total = (layer.weight_bytes_per_channel, layer.bias_bytes_per_channel)
        self.output_bytes = network.tensors[layer.output].bytes
        self._build(layer, buffers, policy)

    def _build(self, layer: Layer, buffers: int, policy: TilingPolicy) -> None:
        rows, cols = layer.rows, layer.cols
        chans = [
            c
            for c in balanced_sizes(layer.channels, policy.channel_multiple)
            if layer.channels_per_group <= 1 or c % layer.channels_per_group == 0
        ]
        spatial = [(h, cols.out_size) for h in balanced_sizes(rows.out_size, policy.row_multiple)]
        spatial += [(1, w) for w in balanced_sizes(cols.out_size, policy.col_multiple)[1:]]
        lowerable = [
            (h, w)
            for h, w in spatial
            if rows.lowering_refuses(h) is None and cols.lowering_refuses(w) is None
        ]
        if layer.kind in TILED_KINDS and lowerable:
            spatial = lowerable  # else tile-for-memory says why it cannot lower the layer
        in_all = layer.in_channels_for(layer.channels)
        enough = min(policy.cores, layer.channels * rows.out_size)
        grid = [
            (c, h, w, order, rolling, in_all)
            for c in chans
            for h, w in spatial
            if c * h >= enough
            for order in (ROWS_OUTER, CHANNELS_OUTER)
            for rolling in ((False, True) if w == cols.out_size and h < rows.out_size else (False,))
        ]
        if layer.chunkable:
            grid += [
                (c, h, w, ROWS_OUTER, False, ic)
                for ic in chunk_sizes(in_all, policy.channel_multiple)
                for c in chans
                for h, w in spatial
                if c * h >= enough
            ]
        names = ("c", "h", "w", "order", "rolling", "ic")
        col = {k: np.array(v) for k, v in zip(names, zip(*grid))}
        c, h, w = col["c"], col["h"], col["w"]
        rolling, rows_outer = col["rolling"].astype(bool), col["order"] == ROWS_OUTER
        n_c, n_h, n_w = _ceil(layer.channels, c), _ceil(rows.out_size, h), _ceil(cols.out_size, w)
        n_s = n_h * n_w
        n_j = _ceil(in_all, col["ic"])
        chunked = n_j > 1
        in_tile = np.where(chunked, col["ic"], _map(layer.in_channels_for, c))
        coupled = ~chunked & (in_tile < in_all)
        row_sum = np.where(rolling, rows.union(), _map(rows.windows_sum, h))
        col_sum = _map(cols.windows_sum, w)
        bits = layer.in_bits
        pass_bytes = _packed(in_all * row_sum * col_sum, bits)
        win_rows = _map(rows.window_max, h)
        ring_rows = np.minimum(win_rows + (buffers - 1) * h * rows.stride, rows.in_size)
        tile_rows = np.where(rolling, ring_rows, win_rows)
        in_ch = np.where(rows_outer & ~chunked, in_all, in_tile)
        self.in_slot = _packed(in_ch * tile_rows * _map(cols.window_max, w), bits)
        reread = np.where(rows_outer | coupled | (n_s == 1), 1, n_c)
        self.in_read = pass_bytes * np.where(chunked, n_c, reread)
        n_stripes = np.where(rolling, _map(rows.fresh_tiles, h), n_h) * n_w
        self.in_loads = np.where(
            rows_outer, n_stripes, np.where(coupled | (n_s > 1), n_c * n_stripes, 1)
        )
        self.in_loads = np.where(chunked, n_s * n_c * n_j, self.in_loads)
        self.in_slots = np.where(rolling | (self.in_loads == 1), 1, buffers)
        self._weights(layer, buffers, c, col["ic"], n_j, rows_outer, n_c, n_s)
        self.acc_slot = np.where(chunked, 4 * c * h * w, 0)
        self.out_slot = _packed(c * h * w, layer.out_bits)
        if layer.kind == "whole":
            self.out_slot = np.full_like(c, self.output_bytes)
        self.out_stores = n_c * n_s
        self.out_slots = np.where(self.out_stores > 1, buffers, 1)
        self.grid = grid
        self.c, self.in_tile, self.n_j = c, in_tile, n_j

    def _weights(self, layer: Layer, buffers, c, ic, n_j, rows_outer, n_c, n_s) -> None:
        """DRAM bytes, SRAM bytes, slot bytes, slots and DMA commands of the weights and
        bias per candidate. Unchunked: the weight and bias chunk of the output channels,
        reloaded per spatial tile when rows are outer and there are several chunks.
        Chunked: weights [c x ic] per step, all reloaded per spatial tile; the whole bias
        once (`plan` module docstring)."""
        wpc, bpc = self.weight_total
        total_w, total_b = wpc * layer.channels, bpc * layer.channels
        chunked = n_j > 1
        reloaded = rows_outer & (n_c > 1)
        passes = np.where(reloaded, n_s, 1)
        loads = np.where(reloaded, n_s * n_c, n_c)
        chunk_loads = n_s * n_c * n_j
        self.w_slot = np.where(
            chunked, c * ic * layer.kernel_elements * layer.weight_bits // 8, wpc * c
        )
        self.w_slots = np.where(chunked | (loads > 1), buffers, 1)
        self.b_slot = np.where(chunked, total_b, bpc * c)
        self.b_slots = np.where(chunked | (loads == 1), 1, buffers)
        self.w_read = np.where(chunked, n_s * total_w + total_b, passes * (total_w + total_b))
        self.w_sram = self.w_slot * self.w_slots + self.b_slot * self.b_slots
        self.w_transfers = np.where(
            chunked,
            chunk_loads * (wpc > 0) + (bpc > 0),
            loads * ((wpc > 0) + (bpc > 0)),
        )

    def best(self, budget: int, in_sram: frozenset[str], out_in_sram: bool) -> Tiling | None:
        """The best tiling whose buffers fit `budget` bytes, or None."""
        read, sram, transfers = self._totals(in_sram, out_in_sram)
        write = 0 if out_in_sram else self.output_bytes
        fits = np.flatnonzero(sram <= budget)
        if fits.size == 0:
            return None
        order = np.lexsort((fits, sram[fits], transfers[fits], read[fits]))
        k = int(fits[order[0]])
        return self._tiling(k, in_sram, out_in_sram, int(read[k]), write, int(transfers[k]))

    def min_sram(self) -> int:
        """The least SRAM any tiling needs with every operand from DRAM."""
        return int(self._totals(frozenset(), False)[1].min())

    def _totals(self, in_sram: frozenset[str], out_in_sram: bool):
        read = self.w_read
        sram = self.w_sram + self.acc_slot
        transfers = self.w_transfers
        for tensor in self.windowed:
            if tensor not in in_sram:
                read = read + self.in_read
                sram = sram + self.in_slot * self.in_slots
                transfers = transfers + self.in_loads
        for tensor, size in self.whole.items():
            if tensor not in in_sram:
                read, sram, transfers = read + size, sram + size, transfers + 1
        if not out_in_sram:
            sram = sram + self.out_slot * self.out_slots
            transfers = transfers + self.out_stores
        return read, sram, transfers

    def _tiling(self, k, in_sram, out_in_sram, read, write, transfers) -> Tiling:
        c, h, w, order, rolling, _ = self.grid[k]
        layer = self.layer
        specs = []
        for tensor in self.windowed:
            if tensor not in in_sram:
                rows = _rows(layer.rows, h, self.buffers) if rolling else None
                specs.append(
                    BufferSpec("input", tensor, int(self.in_slot[k]), int(self.in_slots[k]), rows)
                )
        specs += [BufferSpec("whole", t, b, 1) for t, b in self.whole.items() if t not in in_sram]
        for role, tensor, per_channel, slot, slots in (
            ("weight", layer.weight, layer.weight_bytes_per_channel, self.w_slot, self.w_slots),
            ("bias", layer.bias, layer.bias_bytes_per_channel, self.b_slot, self.b_slots),
        ):
            if tensor is not None and per_channel:
                specs.append(BufferSpec(role, tensor, int(slot[k]), int(slots[k])))
        if self.acc_slot[k]:
            specs.append(BufferSpec("acc", layer.output, int(self.acc_slot[k]), 1))
        if not out_in_sram:
            specs.append(
                BufferSpec("output", layer.output, int(self.out_slot[k]), int(self.out_slots[k]))
            )
        sram = sum(s.slot_bytes * s.slots for s in specs)
        in_channels = (
            layer.in_channels_for(c)
            if order == CHANNELS_OUTER or self.n_j[k] > 1
            else layer.in_channels_for(layer.channels)
        )
        if self.n_j[k] > 1:
            in_channels = int(self.in_tile[k])
        return Tiling(
            read_bytes=read,
            write_bytes=write,
            transfers=transfers,
            sram_bytes=sram,
            buffers=tuple(specs),
            channels=c,
            rows=h,
            cols=w,
            in_channels=in_channels,
            order=order,
            rolling=bool(rolling),
            in_chunks=int(self.n_j[k]),
        )


def _rows(axis: Axis, h: int, buffers: int) -> int:
    return min(axis.window_max(h) + (buffers - 1) * h * axis.stride, axis.in_size)


def chunk_sizes(extent: int, multiple: int = 1) -> list[int]:
    """Input-channel chunk sizes worth trying for `extent` channels, largest first: the
    largest balanced size (`balanced_sizes`) giving at least k chunks, for k = 2, 3, 4, 6,
    8, 12, ... (two per octave, so a few dozen at most)."""
    sizes = balanced_sizes(extent, multiple)[1:]
    picked: list[int] = []
    k = 2
    while sizes and k <= extent:
        size = next((s for s in sizes if -(-extent // s) >= k), None)
        if size is not None and size not in picked:
            picked.append(size)
        k = k * 3 // 2 if k & (k - 1) == 0 else k * 4 // 3
    return picked


def _map(fn, values: np.ndarray) -> np.ndarray:
    unique, inverse = np.unique(values, return_inverse=True)
    return np.array([fn(int(v)) for v in unique], dtype=np.int64)[inverse]


def _packed(elements: np.ndarray, bits: int) -> np.ndarray:
    return (elements * bits + 7) // 8


class TileSearch:
    """Candidate tables of a network's layers, built on first use."""

    def __init__(self, network: Network, buffers: int, policy: TilingPolicy):
        self.network = network
        self.buffers = buffers
        self.policy = policy
        self._tables: dict[int, CandidateTable] = {}

    def table(self, position: int) -> CandidateTable:
        if position not in self._tables:
            layer = self.network.layers[position]
            self._tables[position] = CandidateTable(layer, self.network, self.buffers, self.policy)
        return self._tables[position]

    def best(self, position: int, budget: int, in_sram: frozenset[str], out_in_sram: bool):
        return self.table(position).best(budget, in_sram, out_in_sram)
