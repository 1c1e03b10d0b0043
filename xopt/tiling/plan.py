"""The `Plan`: how a network runs in a two-level memory, the contract `tile-for-memory`
lowers from. Pure data (frozen dataclasses), no IR.

Memory model. `dram` is unbounded and holds the network's input and output, the weights
(as constants) and the activation arena: every activation tensor has an offset in it
(`TensorPlan.arena_offset`), used only by tensors whose home is `dram`. `sram` is exactly
`Plan.sram_bytes` bytes; every buffer in it has an offset (`Buffer.offset`) and no two
buffers live at the same time overlap. DRAM traffic is the bytes DMA moves between the
two; a DMA transfer is one command (a strided 2-D/3-D copy counts once).

Schedule. Layers run in `@main`'s op order. A layer outside a cascade runs its tile loops
(`LayerPlan.loop_order`) over output tiles of `tile.channels x tile.rows x tile.cols`;
the last tile of each dimension may be smaller (ceil division). Per tile it reads the
input window of its output tile (halos included, padding never stored) for the input
channels of its output channels (`Layer.in_channels_for`), the weight/bias chunk of its
output channels, and writes its output tile. A buffer is (re)loaded only when the data it
holds changes between consecutive iterations (so a single weight chunk is loaded once).
A buffer with `slots = 2` is double-buffered: the next tile's DMA goes to the other slot
while the current one computes. A `rolling` input keeps the rows that consecutive row
stripes share and DMAs only the new ones (a ring of `Buffer.rows` rows).

Input-channel chunks. A conv (one group) or fully-connected tile with `Tile.in_chunks` > 1
reduces over its input channels in chunks of `Tile.in_channels`, innermost (after the
spatial and output-channel loops of `loop_order`): per chunk it loads the input window's
channels of that chunk and the weights [tile channels x chunk], and accumulates into an
int32 `acc` buffer of the output tile (4 bytes per element, never in DRAM); the first chunk
starts from the bias (loaded whole, once, before the loops), the last requantizes into the
output tile, which is then stored. So the input is read once per output-channel chunk and
the weights once per spatial tile.

A cascade (`CascadePlan`) runs consecutive layers stripe by stripe: per stripe the last
layer produces `stripe_rows` output rows, and each earlier layer produces the rows its
successor's window needs next (see `xopt.tiling.fusion.stripe_schedule`); intermediates
live only in ring buffers of `ring_rows` rows x all channels x full width. The weights of
all its layers are loaded once, at its start.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

ROWS_OUTER = "rows_outer"
"""Spatial tiles outer, channel chunks inner: the input tile (all its channels) is loaded
once per spatial tile; weight chunks are reloaded per spatial tile unless there is one."""
CHANNELS_OUTER = "channels_outer"
"""Channel (weight) chunks outer, spatial tiles inner: each weight chunk is loaded once;
the input is re-read per chunk unless the chunk's input channels differ (depthwise) or
there is one spatial tile."""


@dataclass(frozen=True)
class MemoryLevel:
    """A memory level: a name and a size in bytes (None: unbounded)."""

    name: str
    size: int | None


@dataclass(frozen=True)
class Buffer:
    """An SRAM buffer of a layer or cascade: `slots` slots of `slot_bytes` at `offset`.

    role: `input` (a windowed operand's tile; `rows` set when rolling), `whole` (an
    operand loaded entirely), `weight`, `bias`, `output` (the output tile before its DMA
    to DRAM), `ring` (a cascade intermediate's rolling rows), `side` (a cascade layer's
    second operand, `rows` per stripe), `acc` (the int32 partial sums of an output tile
    reduced over input-channel chunks). `tensor` names the activation or constant held."""

    role: str
    tensor: str
    offset: int
    slot_bytes: int
    slots: int
    rows: int | None = None

    @property
    def bytes(self) -> int:
        return self.slot_bytes * self.slots


@dataclass(frozen=True)
class Tile:
    """An output tile: channels x rows x cols (the batch is 1). `in_channels` is the input
    channels one compute step reads: all of its groups' channels, or with `in_chunks` > 1
    one input-channel chunk (the last one possibly smaller) of a reduction into an int32
    partial-sum buffer (module docstring)."""

    channels: int
    rows: int
    cols: int
    in_channels: int
    in_chunks: int = 1


@dataclass(frozen=True)
class OperandPlan:
    """Where a layer reads an activation operand: `sram` (a resident tensor or a cascade
    ring, no DMA) or `dram` (DMA'd into its buffer)."""

    tensor: str
    source: str


@dataclass(frozen=True)
class LayerPlan:
    """One layer's plan and accounting. `index` is the op's position in `@main`'s block
    (every op counted, constants included), `name` its result's name, `op` its op name."""

    index: int
    name: str
    op: str
    kind: str
    tile: Tile
    loop_order: str
    rolling_input: bool
    operands: tuple[OperandPlan, ...]
    output_in_sram: bool
    buffers: tuple[Buffer, ...]
    macs: int
    dram_read_bytes: int
    dram_write_bytes: int
    sram_peak_bytes: int
    """Working buffers plus the resident tensors live while the layer runs."""
    dma_transfers: int
    cascade: int | None = None
    """Index in `Plan.cascades`; a cascade's buffers and traffic are on its first layer."""


@dataclass(frozen=True)
class CascadePlan:
    """Consecutive layers run stripe by stripe (positions in `Plan.layers`)."""

    layers: tuple[int, ...]
    stripe_rows: int
    """Output rows of the last layer per stripe."""
    stripes: int
    rows_per_stripe: tuple[int, ...]
    """Per layer, the output rows it produces in a steady-state stripe."""
    ring_rows: tuple[tuple[str, int], ...]
    """Per intermediate tensor, the rows its ring buffer holds."""
    buffers: tuple[Buffer, ...]


@dataclass(frozen=True)
class TensorPlan:
    """An activation tensor. `home`: `dram` (written once, read back by its consumers),
    `sram` (resident from its producer through its last consumer, at `sram_offset`) or
    `ring` (a cascade intermediate; never whole anywhere). `first`/`last` are the layer
    positions where it is defined and last used (-1: the network input)."""

    name: str
    shape: tuple[int, ...]
    bytes: int
    home: str
    arena_offset: int
    sram_offset: int | None
    first: int
    last: int


@dataclass(frozen=True)
class Plan:
    """A whole network's memory plan (module docstring); totals sum the layers."""

    sram_bytes: int
    buffers: int
    levels: tuple[MemoryLevel, ...]
    layers: tuple[LayerPlan, ...]
    tensors: tuple[TensorPlan, ...]
    cascades: tuple[CascadePlan, ...]
    macs: int
    dram_read_bytes: int
    dram_write_bytes: int
    dma_transfers: int
    dram_lower_bound_bytes: int
    """Each weight/bias byte read once, the network input read once, the output written once
    (a bound whenever every input element is needed: a strided 1x1 conv skips some)."""
    arena_bytes: int
    """The activation arena (every activation tensor at its offset, by liveness)."""
    arena_lower_bound_bytes: int
    """The largest sum of live activation bytes at any op (`xopt.memory.activation_peak`)."""
    sram_used_bytes: int
    """The highest SRAM byte any buffer or resident tensor uses."""
    assumed_int8: bool = False
    """The model was float: planned as int8 activations/weights and int32 biases."""
    notes: tuple[str, ...] = field(default=())

    @property
    def dram_bytes(self) -> int:
        return self.dram_read_bytes + self.dram_write_bytes

    def to_json(self) -> str:
        """The plan as one JSON object (every field; `layers` in schedule order)."""
        return json.dumps(asdict(self), indent=1)
