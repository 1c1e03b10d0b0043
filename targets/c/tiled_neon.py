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
from xopt.executor.tile_kernels import Tile
from xopt.targets.c.tiled_layers import TileLayer
from xopt.targets.neon import kernel_params as neon

TILE_KERNELS = {
    "xopt_neon_conv2d_pointwise_s8_s8": "xopt_neon_tile_conv2d_pointwise_s8_s8",
    "xopt_neon_conv2d_general_s8_s8": "xopt_neon_tile_conv2d_general_s8_s8",
    "xopt_neon_conv2d_depthwise3x3_s8_s8": "xopt_neon_tile_conv2d_depthwise3x3_s8_s8",
    "xopt_neon_fully_connected_s8_s8": "xopt_neon_tile_fully_connected_s8_s8",
}
"""The whole-tensor NEON kernel of a layer and the tile kernel that shares its parameters."""
BLOCK = 16
"""Output channels per block of the packed weights."""
MAX_KERNEL_H = 16
"""XOPT_NEON_TILE_MAX_KERNEL_H."""


def _channel_tiles_align(op: tile.ReducingOp) -> bool:
    """Whether every tile's output channels are whole weight blocks (or reach the end)."""
    channels = op.layer_shapes()[1][1]
    size = op.sizes.get_values()[1]
    return size % BLOCK == 0 or size >= channels


def neon_tile_layer(op: tile.TiledOp, constant_of: dict[SSAValue, np.ndarray]) -> TileLayer | None:
    """The NEON tile kernel and layer parameters of `op` (module docstring), or None.
    `constant_of` maps a buffer to the constant it is filled from."""
    if not isinstance(op, tile.ReducingOp) or op.acc is not None or op.in_chunk is not None:
        return None
    if not all(b.type.element_bits == 8 for b in (op.input, op.weight, op.output)):
        return None
    if op.weight not in constant_of or not _channel_tiles_align(op):
        return None
    shapes, _ = op.layer_shapes()
    weight = constant_of[op.weight]
    bias = constant_of.get(op.bias) if op.bias is not None else None
    if weight.shape != shapes[1] or (op.bias is not None and bias is None):
        return None
    t = Tile(op, [], (), (), None, op.name)  # type: ignore[arg-type]
    x = np.zeros(shapes[0], np.int8)
    quant = (t.qparams(0), t.qparams(1), t.qparams(-1), t.bounds)
    if isinstance(op, tile.Conv2dOp):
        if shapes[1][2] > MAX_KERNEL_H:
            return None
        call = neon.conv2d(
            x,
            weight,
            bias,
            *quant,
            ints(op.strides),
            ints(op.pads),
            ints(op.dilations),
            op.group.value.data,
            t.rounding,
        )
    else:
        call = neon.fully_connected(x, weight, bias, *quant, t.rounding)
    if call.function not in TILE_KERNELS:
        return None
    return TileLayer(call.params_type, call.params, TILE_KERNELS[call.function], 0)


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
