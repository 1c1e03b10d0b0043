"""The constants of a `tile` compute op's whole layer as a C parameter struct, and the call
of its `xopt_tile.h` function at one iteration.

Conv2d and fully connected become an `xopt_tile_reduce_layer`; pools, global average pool,
add and mul the struct of their whole-tensor kernel (the target's `builders` on
zero-filled tensors of the layer's shapes), which `xopt_tile_*` narrows to each tile and
runs that kernel on: the portable one, or a NEON one where the neon target has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any, cast

import numpy as np
from xdsl.ir import SSAValue

from xopt.dialects import tile
from xopt.dialects.graph.base import ints
from xopt.errors import XoptError
from xopt.executor import quant_numerics as qn
from xopt.executor.tile_kernels import Tile
from xopt.onnx_import.types import array_of
from xopt.targets.c.kernel_call import channels, requant_struct


@dataclass(frozen=True)
class TileLayer:
    """A compute op's layer struct (type and field values), its `xopt_tile_*` function, the
    bytes of gathered window plus output tile its largest tile needs in scratch, and the
    whole-tensor kernel the function runs on each tile (pools and element-wise ops).
    `generated`: `function` is instead the layer's generated row kernel (`lower-to-neon`),
    called row by row with `struct` for the geometry."""

    struct: str
    params: dict[str, Any]
    function: str
    scratch_bytes: int
    kernel: str | None = None
    generated: bool = False


def held_constants(fn) -> dict[tile.TiledOp, dict[SSAValue, np.ndarray]]:
    """For each compute op of `fn` (in program order), the stored integers its buffer
    operands hold where a DMA from a `tile.constant` filled them before it."""
    constants = {op.buffer: op for op in fn.walk() if isinstance(op, tile.ConstantOp)}
    holds: dict[SSAValue, np.ndarray] = {}
    held: dict[tile.TiledOp, dict[SSAValue, np.ndarray]] = {}
    for op in fn.walk():
        if isinstance(op, tile.DmaStartOp) and op.src in constants:
            holds[op.dst] = np.asarray(array_of(constants[op.src].value))
        elif isinstance(op, tile.TiledOp):
            held[op] = {b: holds[b] for b in op.buffers if b in holds}
    return held


def layer_view(op: tile.TiledOp) -> Tile:
    """The executor's view of the op's layer (quantization parameters, bounds, rounding)."""
    return Tile(op, [], (), (), None, op.name)  # type: ignore[arg-type]


def layer_macs(op: tile.TiledOp) -> int:
    """Multiply-accumulates of the op's whole layer (0 unless conv or fully connected)."""
    if not isinstance(op, tile.ReducingOp):
        return 0
    (_, weight, *_), out = op.layer_shapes()
    return int(np.prod(out, dtype=np.int64) * np.prod(weight[1:], dtype=np.int64))


def _zeros(op: tile.TiledOp, k: int) -> np.ndarray:
    return np.zeros(op.layer_shapes()[0][k], np.int8)


def _reduce(op: tile.ReducingOp) -> TileLayer:
    t = layer_view(op)
    shapes, out = op.layer_shapes()
    fc = isinstance(op, tile.FullyConnectedOp)
    rq = qn.Requant.from_scales(
        t.qparams(0).scale, t.qparams(1).scale, t.qparams(-1).scale, t.rounding
    )
    out_c = out[1]
    params = dict(
        fully_connected=int(fc),
        in_c=shapes[0][1],
        in_h=1 if fc else shapes[0][2],
        in_w=1 if fc else shapes[0][3],
        out_c=out_c,
        out_h=out[0] if fc else out[2],
        out_w=1 if fc else out[3],
        kernel_h=1 if fc else shapes[1][2],
        kernel_w=1 if fc else shapes[1][3],
        stride_h=1,
        stride_w=1,
        dilation_h=1,
        dilation_w=1,
        pad_top=0,
        pad_left=0,
        groups=1,
        in_chunk=op.in_chunk.value.data if op.in_chunk is not None else 0,
        chunks=op.chunks,
        x_zero_point=int(t.qparams(0).zero_point),
        w_zero_point=channels(t.qparams(1).zero_point, out_c, np.int32),
        requant=requant_struct(rq, t.qparams(-1).zero_point, t.bounds, out_c, t.rounding),
    )
    if not fc:
        conv = cast(tile.Conv2dOp, op)
        (sh, sw), (dh, dw) = ints(conv.strides), ints(conv.dilations)
        pads = ints(conv.pads)
        params.update(stride_h=sh, stride_w=sw, dilation_h=dh, dilation_w=dw)
        params.update(pad_top=pads[0], pad_left=pads[1], groups=conv.group.value.data)
    return TileLayer("xopt_tile_reduce_layer", params, "xopt_tile_reduce", 0)


def _window_bytes(op: tile.TiledOp, kernel, strides) -> int:
    """Bytes of the largest input window plus output tile of a pool op."""
    sizes = op.sizes.get_values()
    rows = (sizes[2] - 1) * strides[0] + kernel[0]
    cols = (sizes[3] - 1) * strides[1] + kernel[1]
    return sizes[1] * (rows * cols + sizes[2] * sizes[3])


def _pool(op: tile.MaxPoolOp | tile.AvgPoolOp, builders: ModuleType) -> TileLayer:
    t = layer_view(op)
    kernel, strides, pads = ints(op.kernel_shape), ints(op.strides), ints(op.pads)
    x = _zeros(op, 0)
    if isinstance(op, tile.MaxPoolOp):
        call = builders.maxpool(x, kernel, strides, pads)
    else:
        call = builders.avgpool(
            x,
            t.qparams(0),
            t.qparams(-1),
            t.bounds,
            kernel,
            strides,
            pads,
            count_include_pad=op.count_include_pad is not None,
            rounding=t.rounding,
        )
        if call.function not in ("xopt_avgpool2d_s8_s8", "xopt_neon_avgpool2d_s8_s8"):
            raise XoptError(f"{op.name}: a whole-input average pool should be global_avgpool")
    out = op.layer_shapes()[1]
    params = dict(call.params, out_h=out[2], out_w=out[3])
    scratch = _window_bytes(op, kernel, strides)
    return TileLayer("xopt_pool2d_params", params, "xopt_tile_pool", scratch, call.function)


def _global_avgpool(op: tile.GlobalAvgPoolOp, builders: ModuleType) -> TileLayer:
    t = layer_view(op)
    call = builders.global_avgpool(_zeros(op, 0), t.qparams(0), t.qparams(-1), t.bounds, t.rounding)
    sizes = op.sizes.get_values()
    _, _, h, w = op.layer_shapes()[0][0]
    scratch = sizes[1] * (h * w + 1)
    return TileLayer(
        call.params_type, call.params, "xopt_tile_global_avgpool", scratch, call.function
    )


def _elementwise(op: tile.AddOp | tile.MulOp, builders: ModuleType) -> TileLayer:
    t = layer_view(op)
    build = builders.add if isinstance(op, tile.AddOp) else builders.mul
    a, b = _zeros(op, 0), _zeros(op, 1)
    if a.shape != b.shape:
        raise XoptError(f"{op.name}: the tiled C target needs operands of one shape")
    call = build(a, b, t.qparams(0), t.qparams(1), t.qparams(-1), t.bounds, t.rounding)
    function = "xopt_tile_add" if isinstance(op, tile.AddOp) else "xopt_tile_mul"
    return TileLayer(call.params_type, call.params, function, 0, call.function)


def tile_layer(op: tile.TiledOp, builders: ModuleType) -> TileLayer:
    """The layer struct and tile function of a compute op (XoptError if it has none), its
    whole-tensor kernel built by `builders` (`CTarget.builders`)."""
    if isinstance(op, tile.ReducingOp):
        return _reduce(op)
    if isinstance(op, tile.MaxPoolOp | tile.AvgPoolOp):
        return _pool(op, builders)
    if isinstance(op, tile.GlobalAvgPoolOp):
        return _global_avgpool(op, builders)
    if isinstance(op, tile.AddOp | tile.MulOp):
        return _elementwise(op, builders)
    raise XoptError(f"{op.name}: the tiled C target has no kernel for this op")
