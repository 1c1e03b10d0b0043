"""Which `tile.conv2d` ops a generated row kernel computes (`conv_kernels`' row form), and the
quant-executor arguments of their layer.

A tile is computed row by row by the layer's row kernel when it covers every output channel
and the whole output width, both its buffers hold every channel and the whole width of
their image rows (NHWC, as the tiled C stores them, so an image row is [W][C] contiguous),
and it sums every input channel (no
chunks). The rows themselves may be anywhere: a ring buffer's rows wrap, and a kernel row in
the top or bottom padding reads a row of x_zp bytes (`runtime_c/xopt_tile.h`,
`xopt_tile_conv_input_rows`, which finds each row from the input reference at run time).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from xdsl.ir import SSAValue

from xopt.dialects import tile
from xopt.dialects.graph.base import ints
from xopt.dialects.quant import QuantizedType
from xopt.targets.c.tiled_layers import layer_view


def _holds_rows(buffer: SSAValue, channels: int, width: int) -> bool:
    shape = buffer.type.shape  # type: ignore[attr-defined]
    return len(shape) == 4 and shape[1] == channels and shape[3] == width


def row_tile(op: tile.Conv2dOp) -> bool:
    """Whether the op's tiles meet the row form's contract (module docstring). A tile that
    spans every output channel and the whole width starts at channel 0 and column 0."""
    if op.in_chunk is not None:
        return False
    (x_shape, *_), out = op.layer_shapes()
    sizes = op.sizes.get_values()
    return (
        sizes[1] >= out[1]
        and sizes[3] >= out[3]
        and _holds_rows(op.input, x_shape[1], x_shape[3])
        and _holds_rows(op.output, out[1], out[3])
    )


def int8_layer(op: tile.Conv2dOp) -> bool:
    """Signed 8-bit input, weights and output (what the generated kernels read and write)."""
    types = [*op.layer.inputs.data[:2], op.layer.outputs.data[0]]
    elements = [t.get_element_type() for t in types]  # type: ignore[attr-defined]
    return all(isinstance(e, QuantizedType) and e.storage_bits == 8 and e.signed for e in elements)


def conv_arguments(
    op: tile.Conv2dOp, held: dict[SSAValue, np.ndarray]
) -> tuple[tuple, dict[str, Any]] | None:
    """The quant executor's `conv2d` arguments of the op's layer (a zero input; the
    weights and bias the op's buffers hold, `tiled_layers.held_constants`), or None when
    they are not constants."""
    if op.weight not in held or (op.bias is not None and op.bias not in held):
        return None
    t = layer_view(op)
    x = np.zeros(op.layer_shapes()[0][0], np.int8)
    bias = held[op.bias] if op.bias is not None else None
    args = (x, held[op.weight], bias, t.qparams(0), t.qparams(1), t.qparams(-1), t.bounds)
    kwargs = dict(
        strides=ints(op.strides),
        pads=ints(op.pads),
        dilations=ints(op.dilations),
        group=op.group.value.data,
        rounding=t.rounding,
    )
    return args, kwargs
