"""The `tile` dialect: buffers placed in memory levels, DMA between them, tile loops and
compute ops on tiles; the level between `quant` (whole tensors) and the ISA dialects.

`types` has the memory level, buffer and token types, `memory_ops` the levels, buffers,
constants and `@main`'s entry and exit, `loop_ops` the tile loop, `dma_ops` the
asynchronous copies, `refs` how ops address buffers, `compute_ops` the quant layers on
tiles and `geometry` the window arithmetic they share with the planner.
`xopt.executor.tile_interpreter` runs tile IR on byte arrays of the stated sizes.
"""

from xdsl.ir import Dialect

from xopt.dialects.tile.compute_ops import (
    AddOp,
    ApplyOp,
    AvgPoolOp,
    Conv2dOp,
    FullyConnectedOp,
    GlobalAvgPoolOp,
    MaxPoolOp,
    MulOp,
    ReducingOp,
    TiledOp,
)
from xopt.dialects.tile.dma_ops import DmaDoneOp, DmaStartOp, DmaWaitOp
from xopt.dialects.tile.loop_ops import ForOp, YieldOp
from xopt.dialects.tile.memory_ops import (
    BufferOp,
    ConstantOp,
    FromBufferOp,
    MemoryOp,
    ToBufferOp,
)
from xopt.dialects.tile.types import BufferType, MemoryLevelAttr, TokenType

TILE_OPS = [
    AddOp,
    ApplyOp,
    AvgPoolOp,
    BufferOp,
    ConstantOp,
    Conv2dOp,
    DmaDoneOp,
    DmaStartOp,
    DmaWaitOp,
    ForOp,
    FromBufferOp,
    FullyConnectedOp,
    GlobalAvgPoolOp,
    MaxPoolOp,
    MemoryOp,
    MulOp,
    ToBufferOp,
    YieldOp,
]

Tile = Dialect("tile", TILE_OPS, [BufferType, MemoryLevelAttr, TokenType])

__all__ = [
    "AddOp",
    "ApplyOp",
    "AvgPoolOp",
    "BufferOp",
    "BufferType",
    "ConstantOp",
    "Conv2dOp",
    "DmaDoneOp",
    "DmaStartOp",
    "DmaWaitOp",
    "ForOp",
    "FromBufferOp",
    "FullyConnectedOp",
    "GlobalAvgPoolOp",
    "MaxPoolOp",
    "MemoryLevelAttr",
    "MemoryOp",
    "MulOp",
    "Tile",
    "ReducingOp",
    "TiledOp",
    "ToBufferOp",
    "TokenType",
    "YieldOp",
]
