"""The neon target's kernels for tile compute ops: conv2d and fully-connected tiles as
`xopt_neon_tile_*` calls (`runtime_c/neon/xopt_neon_tile.h`) on the whole layer's NEON
parameters, where that header's contract holds; `None` leaves an op to the portable
`xopt_tile_reduce`.

The parameters are the untiled NEON build's (`targets.neon.kernel_params`): weights packed
at compile time from the layer's constant (the `tile.constant` its weight buffer is filled
from), input zero point folded into the bias, requantization padded to whole blocks. Such a
kernel reads its packed weights and bias in place from their const arrays (flash), so the
tile program's DMAs of them into SRAM are left out (`elided_buffers`).
"""

from __future__ import annotations

import numpy as np
from xdsl.ir import SSAValue

from xopt.dialects import tile
from xopt.dialects.graph.base import ints
from xopt.executor.quant_kernels import QParams
from xopt.targets.c.tiled_layers import TileLayer, layer_view
from xopt.targets.neon import kernel_params as neon
from xopt.targets.neon import packing

TILE_KERNELS = {
    "xopt_neon_conv2d_pointwise_s8_s8": "xopt_neon_tile_conv2d_pointwise_s8_s8",
    "xopt_neon_conv2d_general_s8_s8": "xopt_neon_tile_conv2d_general_s8_s8",
    "xopt_neon_conv2d_depthwise3x3_s8_s8": "xopt_neon_tile_conv2d_depthwise3x3_s8_s8",
    "xopt_neon_fully_connected_s8_s8": "xopt_neon_tile_fully_connected_s8_s8",
}
"""The whole-tensor NEON kernel of a layer and the tile kernel that shares its parameters."""
CHUNKED = {
    "xopt_neon_tile_conv2d_pointwise_s8_s8",
    "xopt_neon_tile_conv2d_general_s8_s8",
    "xopt_neon_tile_fully_connected_s8_s8",
}
"""The tile kernels that take input-channel chunks (chunking, x, acc, y); the others take
(x, y) and only whole reductions."""
BLOCK = 16
"""Output channels per block of the packed weights."""
MAX_KERNEL_H = 16
"""XOPT_NEON_TILE_MAX_KERNEL_H."""


def channel_layout(op: tile.ReducingOp) -> tuple[int, int] | None:
    """(T, T') when the op's output channels come in tiles of T that are not whole weight
    blocks: the layer's constants are then laid out with tile t's channels at
    [t T', t T' + T), T' = round_up(T, 16), the gaps zero (the last tile ends the layout),
    so that every tile starts a block, and the tile kernel is given t T' as its first
    channel (`packed_channel`); None when the tiles are whole blocks or one tile covers
    every channel."""
    channels = op.layer_shapes()[1][1]
    size = op.sizes.get_values()[1]
    if size % BLOCK == 0 or size >= channels:
        return None
    return size, -(-size // BLOCK) * BLOCK


def packed_channel(op: tile.ReducingOp, first: str) -> str:
    """The C expression of a tile's first channel in the layer's NEON constants, given the
    expression `first` of its first output channel (`channel_layout`)."""
    if (layout := channel_layout(op)) is None:
        return first
    size, padded = layout
    return f"(xopt_tile_floordiv({first}, {size}) * {padded})"


def _tile_packed_gemm(matrix: np.ndarray, layout: tuple[int, int]) -> np.ndarray:
    """GEMM weights W[n][k] packed tile by tile: each channel tile of T rows packed as a
    matrix of its own (xopt_neon.h: its last block has 8 rows when T % 16 is at most 8, as
    the GEMM of a T-channel tile reads it) and padded to T' rows, so tile t starts at row
    t T' of the packed layout."""
    size, padded = layout
    kp = packing.round_up(matrix.shape[1], 4)
    tiles = [packing.pack_gemm(matrix[f : f + size], 8) for f in range(0, len(matrix), size)]
    whole = [np.pad(t, (0, padded * kp - t.size)) for t in tiles[:-1]]
    return np.concatenate([*whole, tiles[-1]])


def _taps(op: tile.ReducingOp) -> int:
    """Kernel positions per input channel (1 for fully connected)."""
    return int(np.prod(op.layer_shapes()[0][1][2:], dtype=np.int64))


def chunk_stride(op: tile.ReducingOp) -> int:
    """Packed weight columns between chunk starts in the NEON constants: a chunk's taps
    times in_chunk, rounded up to a whole 4-column group."""
    assert op.in_chunk is not None
    return packing.round_up(_taps(op) * op.in_chunk.value.data, 4)


def _spread_columns(weight: np.ndarray, in_chunk: int) -> np.ndarray:
    """Weights (axis 1: input channels) with chunk c's channels at c * round_up(in_chunk,
    4): a 1x1 or fully-connected layer's chunk_stride layout (the last chunk unpadded)."""
    stride = packing.round_up(in_chunk, 4)
    if stride == in_chunk:
        return weight
    chunks = [weight[:, f : f + in_chunk] for f in range(0, weight.shape[1], in_chunk)]
    pad = [(0, 0)] * (weight.ndim - 2)
    whole = [np.pad(c, [(0, 0), (0, stride - in_chunk), *pad]) for c in chunks[:-1]]
    return np.concatenate([*whole, chunks[-1]], axis=1)


def _chunk_major(weight: np.ndarray, in_chunk: int) -> np.ndarray:
    """OIHW conv weights as the GEMM matrix of a general conv summed in chunks: chunk c's
    columns (its taps x channels, `packing.conv_matrix` order) from column c * stride, every
    chunk zero-padded to stride = round_up(kernel_h * kernel_w * in_chunk, 4) columns."""
    stride = packing.round_up(int(np.prod(weight.shape[2:])) * in_chunk, 4)
    chunks = [
        packing.conv_matrix(weight[:, f : f + in_chunk])
        for f in range(0, weight.shape[1], in_chunk)
    ]
    return np.concatenate([np.pad(m, [(0, 0), (0, stride - m.shape[1])]) for m in chunks], 1)


def _spread(values, layout: tuple[int, int], channels: int, fill=0) -> np.ndarray:
    """Per-channel `values` (first axis) in the tile layout of `channel_layout`."""
    size, padded = layout
    values = np.asarray(values)
    tiles = -(-channels // size)
    last = channels - (tiles - 1) * size
    out = np.full(((tiles - 1) * padded + last, *values.shape[1:]), fill, values.dtype)
    for t in range(tiles):
        n = min(size, channels - t * size)
        out[t * padded : t * padded + n] = values[t * size : t * size + n]
    return out


def _applies(op: tile.TiledOp, constant_of: dict[SSAValue, np.ndarray]) -> bool:
    """An int8 conv / fully connected with zero weight points, its weights (and bias) known
    constants of the layer's shape and, if it sums in chunks, an acc buffer."""
    if not isinstance(op, tile.ReducingOp) or (op.in_chunk is not None and op.acc is None):
        return False
    if not all(b.type.element_bits == 8 for b in (op.input, op.weight, op.output)):
        return False
    if op.weight not in constant_of or (op.bias is not None and op.bias not in constant_of):
        return False
    view = layer_view(op)
    shapes = op.layer_shapes()[0]
    if isinstance(op, tile.Conv2dOp) and shapes[1][2] > MAX_KERNEL_H:
        return False
    return constant_of[op.weight].shape == shapes[1] and not np.any(view.qparams(1).zero_point)


def _whole_function(op: tile.ReducingOp) -> str | None:
    """The NEON kernel the untiled build gives the layer's geometry (None: portable)."""
    if not isinstance(op, tile.Conv2dOp):
        return "xopt_neon_fully_connected_s8_s8"
    geometry = (ints(op.strides), ints(op.pads), ints(op.dilations), op.group.value.data)
    return neon.conv2d_function(op.layer_shapes()[0][1], *geometry)


def _neon_call(op: tile.ReducingOp, weight, bias, x, wq: QParams, group: int):
    """The untiled NEON builder's call for the layer with these (laid out) constants."""
    t = layer_view(op)
    quant = (t.qparams(0), wq, t.qparams(-1), t.bounds)
    if isinstance(op, tile.Conv2dOp):
        geometry = (ints(op.strides), ints(op.pads), ints(op.dilations), group)
        return neon.conv2d(x, weight, bias, *quant, *geometry, t.rounding)
    return neon.fully_connected(x, weight, bias, *quant, t.rounding)


def neon_tile_layer(op: tile.TiledOp, constant_of: dict[SSAValue, np.ndarray]) -> TileLayer | None:
    """The NEON tile kernel and layer parameters of `op` (module docstring), or None.
    `constant_of` maps a buffer to the constant it is filled from."""
    if not _applies(op, constant_of):
        return None
    assert isinstance(op, tile.ReducingOp)
    shapes = op.layer_shapes()[0]
    weight = constant_of[op.weight]
    bias = constant_of[op.bias] if op.bias is not None else None
    in_chunk = op.in_chunk.value.data if op.in_chunk is not None else None
    general = _whole_function(op) == "xopt_neon_conv2d_general_s8_s8"
    if in_chunk is not None and not general:  # each chunk's columns start a 4-column group
        weight = _spread_columns(weight, in_chunk)
    x = np.zeros((shapes[0][0], weight.shape[1], *shapes[0][2:]), np.int8)
    if in_chunk is not None and general:
        matrix = _chunk_major(weight, in_chunk)
    else:
        matrix = packing.conv_matrix(weight) if weight.ndim == 4 else weight
    wq = layer_view(op).qparams(1)
    group = op.group.value.data if isinstance(op, tile.Conv2dOp) else 1
    if (layout := channel_layout(op)) is not None:
        channels = weight.shape[0]
        weight = _spread(weight, layout, channels)
        bias = None if bias is None else _spread(bias, layout, channels)
        scales = np.broadcast_to(np.asarray(wq.scale, np.float64), (channels,))
        wq = QParams(_spread(scales, layout, channels, scales[0]), 0)
        if group > 1:  # depthwise: as many (zero) input channels as output channels
            group = weight.shape[0]
            x = np.zeros((x.shape[0], group, *x.shape[2:]), np.int8)
    call = _neon_call(op, weight, bias, x, wq, group)
    function = TILE_KERNELS.get(call.function)
    if function is None or (in_chunk is not None and function not in CHUNKED):
        return None
    if layout is not None and function != "xopt_neon_tile_conv2d_depthwise3x3_s8_s8":
        call.params["weight"] = _tile_packed_gemm(matrix, layout)
    elif in_chunk is not None and general:
        call.params["weight"] = packing.pack_gemm(matrix)
    return TileLayer(call.params_type, call.params, function, 0)


def elided_buffers(neon_ops: list[tile.ReducingOp], ops: list[tile.TiledOp]) -> set[SSAValue]:
    """Buffers read only as weights or bias of `neon_ops` (NEON tile kernels, which read
    their constants in place): nothing needs to fill them."""
    constant_roles = {b for op in neon_ops for b in (op.weight, op.bias) if b is not None}
    neon = set(map(id, neon_ops))
    other = {
        b
        for op in ops
        for k, b in enumerate(op.buffers)
        if id(op) not in neon or b not in (op.weight, op.bias)  # type: ignore[attr-defined]
    }
    return constant_roles - other
