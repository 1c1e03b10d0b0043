"""The tile executor's memory: one byte array per memory level, buffers as views into it,
strided boxes read and written as stored integers, and the DMA bookkeeping that catches
races.

Every level is a numpy uint8 array of exactly its declared size (an unbounded level, DRAM,
of the extent of the buffers placed in it). A box of a buffer slot (start and size per
axis, in the buffer's coordinates; a ring axis taken modulo its length) maps to byte
addresses; elements of 8 bits or more are little-endian, sub-byte elements are packed
(`quant_numerics.pack`) and can only be accessed as whole runs of rows (a box that is full
along every axis but the first, starting on a byte boundary: weight chunks).

Reading a byte that nothing has written is an error (a missing DMA). Per byte the memory
counts the DMAs in flight writing it (`incoming`) and reading it (`outgoing`): reading an
incoming byte, or writing an incoming or outgoing one, is a `TileExecutionError`. Data moves
when a DMA starts; the checks make that indistinguishable from moving it at any time before
its wait.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from xopt.dialects.tile.types import BufferType
from xopt.errors import XoptError
from xopt.executor import quant_numerics as qn
from xopt.executor.run import element_dtype


class TileExecutionError(XoptError):
    """Tile IR did something the hardware would get wrong (overrun, race, lost DMA)."""


@dataclass(frozen=True)
class Buffer:
    """A placed buffer: its type, byte offset in its level and a name for messages."""

    type: BufferType
    offset: int
    name: str

    def slot_base(self, slot: int, what: str) -> int:
        if not 0 <= slot < self.type.slots:
            raise TileExecutionError(
                f"{what}: slot {slot} of {self.name} does not exist ({self.type.slots} slots)"
            )
        return self.offset + slot * self.type.slot_bytes


@dataclass
class DmaCounters:
    """DMA transfers and bytes per direction (`"dram->sram"`), bytes touched per level, and
    compute ops run while a DMA was in flight (overlapped with it)."""

    transfers: Counter = field(default_factory=Counter)
    bytes: Counter = field(default_factory=Counter)
    touched_bytes: dict[str, int] = field(default_factory=dict)
    high_water: dict[str, int] = field(default_factory=dict)
    overlapped_computes: int = 0


class TileMemory:
    """Byte arrays of the memory levels with DMA race tracking (module docstring)."""

    def __init__(self, sizes: dict[str, int]):
        self.data = {name: np.zeros(size, np.uint8) for name, size in sizes.items()}
        self.incoming = {name: np.zeros(size, np.int32) for name, size in sizes.items()}
        self.outgoing = {name: np.zeros(size, np.int32) for name, size in sizes.items()}
        self.touched = {name: np.zeros(size, bool) for name, size in sizes.items()}
        self.written = {name: np.zeros(size, bool) for name, size in sizes.items()}
        self.counters = DmaCounters()

    # ---- addressing

    def box_bytes(self, buffer: Buffer, slot: int, start, sizes, what: str) -> np.ndarray:
        """Byte addresses of a box of a buffer slot, shaped (*sizes, element bytes) for
        elements of 8 bits or more, flat for packed sub-byte elements."""
        typ = buffer.type
        base = buffer.slot_base(slot, what)
        if typ.element_bits < 8:
            return base + self._packed_range(typ, start, sizes, buffer.name, what)
        axes = []
        for axis, (s, n, extent) in enumerate(zip(start, sizes, typ.shape)):
            index = np.arange(s, s + n, dtype=np.int64)
            if axis == typ.ring_axis:
                if n > extent:
                    raise TileExecutionError(
                        f"{what}: {n} entries along ring axis {axis} overrun the {extent} "
                        f"of {buffer.name}"
                    )
                index %= extent
            elif s < 0 or s + n > extent:
                raise TileExecutionError(
                    f"{what}: [{s}, {s + n}) along axis {axis} overruns {buffer.name} "
                    f"(size {extent})"
                )
            axes.append(index)
        strides = np.cumprod((1, *typ.shape[::-1]))[-2::-1]
        flat = sum(
            (a * st).reshape([-1 if k == i else 1 for k in range(len(axes))])
            for i, (a, st) in enumerate(zip(axes, strides))
        )
        width = typ.element_bits // 8
        return base + np.asarray(flat)[..., None] * width + np.arange(width)

    @staticmethod
    def _packed_range(typ: BufferType, start, sizes, name: str, what: str) -> np.ndarray:
        row = typ.elements // typ.shape[0]
        full = all(s == 0 and n == e for s, n, e in zip(start[1:], sizes[1:], typ.shape[1:]))
        first, count = start[0] * row, sizes[0] * row
        end = first + count
        if not full or start[0] < 0 or start[0] + sizes[0] > typ.shape[0]:
            raise TileExecutionError(
                f"{what}: a packed {typ.element_bits}-bit buffer ({name}) is accessed by whole "
                f"rows of axis 0 inside it; got start {list(start)}, sizes {list(sizes)}"
            )
        if (first * typ.element_bits) % 8 or ((end * typ.element_bits) % 8 and end != typ.elements):
            raise TileExecutionError(f"{what}: rows of {name} do not start on a byte boundary")
        return np.arange(first * typ.element_bits // 8, -(-end * typ.element_bits // 8))

    # ---- element access with race checks

    def read(self, buffer: Buffer, slot: int, start, sizes, what: str) -> np.ndarray:
        """The stored integers of a box, checked against DMAs still writing it."""
        level = buffer.type.level_name
        addresses = self.box_bytes(buffer, slot, start, sizes, what)
        self._check_not(self.incoming[level], addresses, buffer, what, "reads", "still writing")
        unwritten = ~self.written[level][addresses]
        if unwritten.any():
            first = int(addresses.reshape(-1)[np.argmax(unwritten.reshape(-1))])
            raise TileExecutionError(
                f"{what}: reads byte {first - buffer.offset} of {buffer.name}, which nothing "
                "has written (a DMA or compute op is missing)"
            )
        self.touched[level][addresses] = True
        return self._decode(buffer.type, self.data[level][addresses], sizes)

    def write(self, buffer: Buffer, slot: int, start, values: np.ndarray, what: str) -> None:
        """Store integers into a box, checked against DMAs in flight on it."""
        level = buffer.type.level_name
        addresses = self.box_bytes(buffer, slot, start, values.shape, what)
        self._check_not(self.outgoing[level], addresses, buffer, what, "writes", "still reading")
        self._check_not(self.incoming[level], addresses, buffer, what, "writes", "still writing")
        self.touched[level][addresses] = True
        self.written[level][addresses] = True
        self.data[level][addresses] = self._encode(buffer.type, values, addresses.shape)

    @staticmethod
    def _check_not(counts, addresses, buffer: Buffer, what: str, verb: str, state: str) -> None:
        busy = counts[addresses]
        if busy.any():
            first = int(addresses.reshape(-1)[np.argmax(busy.reshape(-1) > 0)])
            raise TileExecutionError(
                f"{what}: {verb} byte {first - buffer.offset} of {buffer.name} while a DMA is "
                f"{state} it (a tile.dma_wait is missing)"
            )

    @staticmethod
    def _decode(typ: BufferType, raw: np.ndarray, sizes) -> np.ndarray:
        element = typ.element_type
        dtype = element_dtype(element)
        if typ.element_bits < 8:
            signed = dtype.kind == "i"
            count = int(np.prod(sizes))
            return qn.unpack(raw, typ.element_bits, count, signed).astype(dtype).reshape(sizes)
        stored = np.ascontiguousarray(raw).view(dtype.newbyteorder("<"))
        return stored.reshape(tuple(sizes)).astype(dtype)

    @staticmethod
    def _encode(typ: BufferType, values: np.ndarray, shape) -> np.ndarray:
        dtype = element_dtype(typ.element_type)
        if typ.element_bits < 8:
            return qn.pack(values, typ.element_bits)
        stored = np.ascontiguousarray(np.asarray(values).astype(dtype.newbyteorder("<")))
        return stored.view(np.uint8).reshape(shape)

    # ---- DMA

    def dma_start(
        self, src: Buffer, src_slot, src_start, dst: Buffer, dst_slot, dst_start, sizes, what: str
    ) -> tuple:
        """Copy the box (clipped to both buffers, not along ring axes) and mark it in flight;
        returns the in-flight record that `dma_wait` takes."""
        lo_src, lo_dst, count = _clip_box(src.type, src_start, dst.type, dst_start, sizes)
        if min(count, default=1) <= 0:
            return (src, None, dst, None)
        values = self.read(src, src_slot, lo_src, count, what)
        src_bytes = self.box_bytes(src, src_slot, lo_src, count, what)
        self.write(dst, dst_slot, lo_dst, values, what)
        dst_bytes = self.box_bytes(dst, dst_slot, lo_dst, count, what)
        self.outgoing[src.type.level_name][src_bytes] += 1
        self.incoming[dst.type.level_name][dst_bytes] += 1
        direction = f"{src.type.level_name}->{dst.type.level_name}"
        self.counters.transfers[direction] += 1
        self.counters.bytes[direction] += int(np.unique(dst_bytes).size)
        return (src, src_bytes, dst, dst_bytes)

    def dma_wait(self, record: tuple) -> None:
        src, src_bytes, dst, dst_bytes = record
        if src_bytes is None:
            return
        self.outgoing[src.type.level_name][src_bytes] -= 1
        self.incoming[dst.type.level_name][dst_bytes] -= 1

    def finish(self) -> DmaCounters:
        for level, mask in self.touched.items():
            hit = np.flatnonzero(mask)
            self.counters.touched_bytes[level] = int(hit.size)
            self.counters.high_water[level] = int(hit[-1]) + 1 if hit.size else 0
        return self.counters


def _clip_box(src: BufferType, src_start, dst: BufferType, dst_start, sizes):
    """The part of a box inside both buffers (ring axes unclipped): (src start, dst start,
    sizes), sizes possibly <= 0 when nothing is left."""
    lo_src, lo_dst, count = [], [], []
    for axis, (s, d, n) in enumerate(zip(src_start, dst_start, sizes)):
        low, high = 0, n
        if axis != src.ring_axis:
            low, high = max(low, -s), min(high, src.shape[axis] - s)
        if axis != dst.ring_axis:
            low, high = max(low, -d), min(high, dst.shape[axis] - d)
        lo_src.append(s + low)
        lo_dst.append(d + low)
        count.append(high - low)
    return lo_src, lo_dst, count
