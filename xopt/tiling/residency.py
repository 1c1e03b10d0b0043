"""Cross-layer decisions: which activations stay in SRAM for their whole life (resident),
and which chains of layers run as cascades, so that the rest of the network's traffic
approaches the lower bound.

The schedule is split into segments (a layer, or a cascade of consecutive layers); each
segment gets the SRAM that the resident tensors live during it leave free, and its best
tiling (`search`) or stripe height (`fusion`) in that budget. Starting from nothing
resident and no cascades, intermediates are visited once or twice, largest saving first
(bytes x (1 + consumers)); each may become resident, or merge its producer's and its
consumer's segments into a cascade, whichever lowers the total (DRAM bytes, then DMA
transfers) the most while every segment still fits. Network inputs and outputs live in
DRAM. The result is then placed in SRAM (`arena`); if fragmentation makes the placement
overflow, the overflowing segments' budgets shrink (or a resident tensor is dropped) and
it is placed again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xopt.tiling.arena import Block, allocate
from xopt.tiling.fusion import Cascade, CascadeSearch, can_chain
from xopt.tiling.layers import Network, Tensor
from xopt.tiling.search import BufferSpec, TileSearch, Tiling

Choice = Tiling | Cascade


@dataclass(frozen=True)
class Segment:
    first: int
    last: int

    @property
    def is_cascade(self) -> bool:
        return self.last > self.first


@dataclass
class Decisions:
    """The outcome: segments in order, each one's choice, resident tensors and offsets."""

    segments: list[Segment]
    choices: dict[Segment, Choice]
    resident: set[str]
    sram_offsets: dict
    sram_used: int


def _cost(choice: Choice) -> tuple[int, int]:
    return choice.dram_bytes, choice.transfers


class Optimizer:
    def __init__(
        self,
        network: Network,
        sram: int,
        tiles: TileSearch,
        cascades: CascadeSearch,
        allow_cascades: bool = True,
    ):
        self.allow_cascades = allow_cascades
        self.net = network
        self.sram = sram
        self.tiles = tiles
        self.cascades = cascades
        n = len(network.layers)
        self.interval = {
            name: (
                max(t.producer, 0),
                n - 1 if t.is_output else max(t.consumers, default=t.producer),
            )
            for name, t in network.tensors.items()
        }
        self.live = np.zeros(n, dtype=np.int64)
        self.resident: set[str] = set()
        self.segments = [Segment(i, i) for i in range(n)]
        self.cut: dict[Segment, int] = {}
        self.choices: dict[Segment, Choice] = {}
        for seg in self.segments:
            choice = self.evaluate(seg, self.resident, self.live)
            assert choice is not None, "every layer fits alone (checked before)"
            self.choices[seg] = choice

    def occupied(self, seg: Segment, resident: set[str]) -> int:
        """SRAM bytes of the resident tensors live during `seg` (all at once in a cascade,
        whose layers run interleaved)."""
        return sum(
            self.net.tensors[n].bytes
            for n in resident
            if self.interval[n][0] <= seg.last and seg.first <= self.interval[n][1]
        )

    def widened(self, first: int, last: int) -> tuple[int, int]:
        """Layer positions [first, last] widened to the segments that contain them."""
        lo = next(s.first for s in self.segments if s.first <= first <= s.last)
        hi = next(s.last for s in self.segments if s.first <= last <= s.last)
        return lo, hi

    def evaluate(self, seg: Segment, resident: set[str], live: np.ndarray) -> Choice | None:
        budget = self.sram - self.occupied(seg, resident) - self.cut.get(seg, 0)
        if budget < 0:
            return None
        in_sram = frozenset(resident)
        out_in_sram = self.net.layers[seg.last].output in resident
        if seg.is_cascade:
            return self.cascades.best(seg.first, seg.last, budget, in_sram, out_in_sram)
        return self.tiles.best(seg.first, budget, in_sram, out_in_sram)

    def _overlapping(self, first: int, last: int) -> list[Segment]:
        return [s for s in self.segments if s.first <= last and first <= s.last]

    def _try(self, segments: list[Segment], resident: set[str], live: np.ndarray):
        """New choices for `segments` under a state, and the cost change, or None."""
        new = {}
        for seg in segments:
            choice = self.evaluate(seg, resident, live)
            if choice is None:
                return None
            new[seg] = choice
        return new

    def try_resident(self, name: str):
        first, last = self.interval[name]
        live = self.live.copy()
        live[first : last + 1] += self.net.tensors[name].bytes
        if live[first : last + 1].max() > self.sram:
            return None
        old = self._overlapping(first, last)
        new = self._try(old, self.resident | {name}, live)
        return None if new is None else (old, new, live, name)

    def try_cascade(self, name: str):
        t = self.net.tensors[name]
        if not can_chain(self.net, t.producer):
            return None
        a = next(s for s in self.segments if s.first <= t.producer <= s.last)
        b = next(s for s in self.segments if s.first <= t.producer + 1 <= s.last)
        if a.last != t.producer or b.first != t.producer + 1:
            return None
        merged = Segment(a.first, b.last)
        new = self._try([merged], self.resident, self.live)
        return None if new is None else ([a, b], new, self.live, None)

    def apply(self, option) -> None:
        old, new, live, name = option
        index = self.segments.index(old[0])
        self.segments[index : index + len(old)] = list(new)
        for seg in old:
            del self.choices[seg]
        self.choices.update(new)
        self.live = live
        if name is not None:
            self.resident.add(name)

    def gain(self, option) -> tuple[int, int]:
        old, new, _, _ = option
        before = np.sum([_cost(self.choices[s]) for s in old], axis=0)
        after = np.sum([_cost(c) for c in new.values()], axis=0)
        return int(after[0] - before[0]), int(after[1] - before[1])

    def improve(self, passes: int = 2) -> None:
        tensors = [t for t in self.net.tensors.values() if not t.is_input and not t.is_output]
        tensors.sort(key=lambda t: (-t.bytes * (1 + len(t.consumers)), t.producer))
        for _ in range(passes):
            changed = False
            for t in tensors:
                if t.name in self.resident or self._is_ring(t.name):
                    continue
                cascade = self.try_cascade(t.name) if self.allow_cascades else None
                options = [o for o in (self.try_resident(t.name), cascade) if o]
                scored = sorted(((self.gain(o), i) for i, o in enumerate(options)))
                if scored and scored[0][0] < (0, 0):
                    self.apply(options[scored[0][1]])
                    changed = True
            if not changed:
                break

    def _is_ring(self, name: str) -> bool:
        p = self.net.tensors[name].producer
        return any(s.first <= p < s.last for s in self.segments)

    def _alignment(self, spec: BufferSpec) -> int:
        """A buffer's offset alignment: its element size (int32 sums and biases: 4)."""
        if spec.role in ("acc", "bias"):
            return 4
        tensor = self.net.tensors.get(spec.tensor)
        return 1 if tensor is None else _element_bytes(tensor)

    def place(self, max_rounds: int = 30) -> Decisions:
        """Place resident tensors and segment buffers in SRAM, shrinking budgets on
        overflow (module docstring)."""
        for _ in range(max_rounds):
            blocks = [
                Block(
                    ("tensor", n),
                    self.net.tensors[n].bytes,
                    *self.widened(*self.interval[n]),
                    _element_bytes(self.net.tensors[n]),
                )
                for n in sorted(self.resident)
            ]
            for seg in self.segments:
                for k, spec in enumerate(self.choices[seg].buffers):
                    size, align = spec.slot_bytes * spec.slots, self._alignment(spec)
                    blocks.append(Block((seg, k), size, seg.first, seg.last, align))
            offsets, used = allocate(blocks)
            if used <= self.sram:
                return Decisions(self.segments, self.choices, self.resident, offsets, used)
            self._shrink(blocks, offsets, used - self.sram)
        raise AssertionError("SRAM placement did not converge")

    def _shrink(self, blocks: list[Block], offsets: dict, overflow: int) -> None:
        """Drop resident tensors placed beyond the SRAM; else cut overflowing segments."""
        beyond = [b.key for b in blocks if offsets[b.key] + b.size > self.sram]
        tensors = [key[1] for key in beyond if key[0] == "tensor"]
        for name in tensors:
            self._drop_resident(name)
        if tensors:
            return
        over = {key[0] for key in beyond}
        for seg in sorted(over, key=lambda s: s.first):
            # a budget at least `overflow` below what the segment uses now
            free = self.sram - self.occupied(seg, self.resident) - self.choices[seg].sram_bytes
            self.cut[seg] = max(self.cut.get(seg, 0), free) + overflow
            choice = self.evaluate(seg, self.resident, self.live)
            if choice is None:
                # the segment cannot shrink that much: free SRAM by dropping a resident
                self.cut[seg] = 0
                live = self._live_during(seg)
                if live:
                    self._drop_resident(max(live, key=lambda n: (self.net.tensors[n].bytes, n)))
                self._refit(seg)
            else:
                self.choices[seg] = choice

    def _refit(self, seg: Segment) -> None:
        """Drop the largest resident tensors live during `seg` until it fits again."""
        while (choice := self.evaluate(seg, self.resident, self.live)) is None:
            live = self._live_during(seg)
            if not live:
                raise AssertionError(f"segment {seg} does not fit with nothing resident")
            self._drop_resident(max(live, key=lambda n: (self.net.tensors[n].bytes, n)))
        self.choices[seg] = choice

    def _live_during(self, seg: Segment) -> list[str]:
        return [
            n
            for n in self.resident
            if self.interval[n][0] <= seg.last and seg.first <= self.interval[n][1]
        ]

    def _drop_resident(self, name: str) -> None:
        first, last = self.interval[name]
        self.resident.discard(name)
        self.live[first : last + 1] -= self.net.tensors[name].bytes
        for other in self._overlapping(first, last):
            self.cut[other] = 0
            self._refit(other)


def _element_bytes(tensor: Tensor) -> int:
    """Bytes per element of a tensor (sub-byte packed tensors: 1), its offset alignment."""
    return max(1, tensor.bits // 8)
