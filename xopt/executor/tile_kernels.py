"""The tile executor's compute ops: read a tile's operand windows from the buffers, run the
quant kernel (`xopt.executor.quant_kernels`) on them, write the output tile. A step of a
reduction over input-channel chunks runs the kernel's sums only, accumulates them in its
int32 `acc` buffer, and requantizes (the kernel's own requantization) at the last chunk.

A window position outside the layer's input tensor is padding: it is not read, and the
kernel receives it as per-tile pads (zero point for conv and avgpool, never winning for
maxpool), so a tile computes exactly the rows of the whole-tensor op.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from xdsl.dialects.builtin import TensorType

from xopt.dialects import tile
from xopt.dialects.graph.base import ints
from xopt.dialects.quant import QuantizedType, UniformQuantizedPerAxisType
from xopt.dialects.quant.base import rounding_of, saturation_bounds
from xopt.dialects.tile.geometry import clip, group_channels, input_span
from xopt.executor import graph_kernels_nn as gk_nn
from xopt.executor import quant_kernels as qk
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_interpreter import storage_dtype
from xopt.executor.tile_memory import Buffer, TileExecutionError, TileMemory


@dataclass(frozen=True)
class Ref:
    """A buffer operand of a compute op at one iteration: slot and the buffer position of
    the operand window's first element."""

    buffer: Buffer
    slot: int
    origin: tuple[int, ...]


@dataclass(frozen=True)
class Tile:
    """What a compute op sees at one iteration: its operand refs (operand order), output
    tile start and extent (clipped to the result tensor), the memory and a message prefix."""

    op: tile.TiledOp
    refs: list[Ref]
    start: tuple[int, ...]
    sizes: tuple[int, ...]
    memory: TileMemory
    what: str
    chunk: int = 0
    """The input-channel chunk of a reducing op with `acc` (its `chunk` map's value)."""

    def read(self, k: int, offsets: Sequence[int], sizes: Sequence[int]) -> np.ndarray:
        """Window part [offsets, offsets + sizes) of operand k."""
        ref = self.refs[k]
        start = [o + d for o, d in zip(ref.origin, offsets)]
        return self.memory.read(ref.buffer, ref.slot, start, sizes, self.what)

    def write_output(self, values: np.ndarray) -> None:
        ref = self.refs[-1]
        element = self.layer_element(-1)
        stored = np.asarray(values).astype(storage_dtype(element))
        self.memory.write(ref.buffer, ref.slot, ref.origin, stored, self.what)

    def operand(self, name: str) -> int:
        """The position of buffer operand `name` among the op's (present) buffers."""
        present = [n for n in self.op.BUFFER_NAMES if getattr(self.op, n) is not None]
        return present.index(name)

    def chunk_channels(self) -> tuple[int, int]:
        """(first, count) of the input channels this step of a reduction reads."""
        op = cast(tile.ReducingOp, self.op)
        size = op.in_chunk.value.data
        first = self.chunk * size
        return first, min(size, op.reduced_channels() - first)

    def layer_type(self, k: int) -> TensorType:
        types = [*self.op.layer.inputs.data, *self.op.layer.outputs.data]
        return cast(TensorType, types[k])

    def layer_element(self, k: int) -> QuantizedType:
        return cast(QuantizedType, self.layer_type(k).get_element_type())

    def qparams(self, k: int, channels: slice | None = None) -> qk.QParams:
        """Scale(s) and zero point(s) of operand k (per-axis ones restricted to channels)."""
        element = self.layer_element(k)
        if isinstance(element, UniformQuantizedPerAxisType):
            scales = np.asarray(element.scales, np.float64)
            zero_points = np.asarray(element.zero_points, np.int64)
            window = channels if channels is not None else slice(None)
            return qk.QParams(scales[window], zero_points[window])
        return qk.QParams(element.scale, element.zero_point)

    @property
    def bounds(self) -> tuple[int, int]:
        return saturation_bounds(self.op, self.layer_element(-1))

    @property
    def rounding(self) -> qn.Mode:
        return cast(qn.Mode, rounding_of(self.op))


def _spatial_window(t: Tile, kernel, strides, pads, dilations):
    """Valid input rows and columns of the output tile: per axis (window start, valid
    offset in the window, valid count), and the per-tile pads [top, left, bottom, right]."""
    x_shape = t.layer_type(0).get_shape()
    spans, before, after = [], [], []
    for axis in (0, 1):
        start, extent = input_span(
            t.start[2 + axis],
            t.sizes[2 + axis],
            strides[axis],
            pads[axis],
            kernel[axis],
            dilations[axis],
        )
        low, count = clip(start, extent, x_shape[2 + axis])
        spans.append((low - start, count))
        before.append(low - start)
        after.append(start + extent - low - count)
    return spans, (before[0], before[1], after[0], after[1])


def _accumulate(t: Tile, sums: np.ndarray, channels: slice) -> np.ndarray | None:
    """Add a chunk's partial sums to the op's `acc` buffer (chunk 0: to the bias, else to
    what `acc` holds) and store them as int32; on the last chunk, the requantized output
    tile (else None: the output is not written)."""
    op = cast(tile.ReducingOp, t.op)
    k = t.operand("acc")
    zeros = (0,) * sums.ndim
    if t.chunk == 0:
        acc = sums
        if op.bias is not None:
            bias = t.read(t.operand("bias"), (0,), (sums.shape[1],))
            acc = acc + np.asarray(bias, np.int64).reshape(1, -1, *([1] * (sums.ndim - 2)))
    else:
        acc = t.read(k, zeros, sums.shape).astype(np.int64) + sums
    qk.check_int32(acc)
    ref = t.refs[k]
    t.memory.write(ref.buffer, ref.slot, ref.origin, acc.astype(np.int32), t.what)
    if t.chunk < op.chunks - 1:
        return None
    xq, wq, yq = t.qparams(0), t.qparams(1, channels), t.qparams(-1)
    return qk.requantize_sums(acc, xq, wq, yq, t.bounds, t.rounding, axis=1)


def conv2d(t: Tile) -> np.ndarray | None:
    op = cast(tile.Conv2dOp, t.op)
    (rows, cols), local_pads = _spatial_window(
        t, t.layer_type(1).get_shape()[2:], ints(op.strides), ints(op.pads), ints(op.dilations)
    )
    out_channels, in_per_group, kh, kw = t.layer_type(1).get_shape()
    if op.acc is not None:
        c0, tc = t.start[1], t.sizes[1]
        _, count = t.chunk_channels()
        x = t.read(0, (0, 0, rows[0], cols[0]), (1, count, rows[1], cols[1]))
        w = t.read(1, (0, 0, 0, 0), (tc, count, kh, kw))
        channels = slice(c0, c0 + tc)
        geometry = (ints(op.strides), local_pads, ints(op.dilations))
        sums = qk.conv2d_sums(x, w, t.qparams(0), t.qparams(1, channels), *geometry)
        return _accumulate(t, sums, channels)
    group = op.group.value.data
    per_group = out_channels // group
    c0, tc = t.start[1], t.sizes[1]
    aligned = c0 % per_group == 0 and tc % per_group == 0
    if not aligned and c0 // per_group != (c0 + tc - 1) // per_group:
        raise TileExecutionError(
            f"{t.what}: output channels [{c0}, {c0 + tc}) split a group of {per_group}"
        )
    i0, i1 = group_channels(c0, c0 + tc, per_group, in_per_group)
    x = t.read(0, (0, 0, rows[0], cols[0]), (1, i1 - i0, rows[1], cols[1]))
    w = t.read(1, (0, 0, 0, 0), (tc, in_per_group, kh, kw))
    bias = t.read(2, (0,), (tc,)) if op.bias is not None else None
    channels = slice(c0, c0 + tc)
    return qk.conv2d(
        x,
        w,
        bias,
        t.qparams(0),
        t.qparams(1, channels),
        t.qparams(-1),
        t.bounds,
        strides=ints(op.strides),
        pads=local_pads,
        dilations=ints(op.dilations),
        group=tc // per_group if aligned else 1,
        rounding=t.rounding,
    )


def _pool_input(t: Tile):
    op = cast(tile.MaxPoolOp, t.op)
    kernel, strides = ints(op.kernel_shape), ints(op.strides)
    (rows, cols), local_pads = _spatial_window(t, kernel, strides, ints(op.pads), (1, 1))
    x = t.read(0, (0, 0, rows[0], cols[0]), (1, t.sizes[1], rows[1], cols[1]))
    return x, kernel, strides, local_pads


def maxpool(t: Tile) -> np.ndarray:
    x, kernel, strides, local_pads = _pool_input(t)
    return qk.maxpool(x, kernel, strides, local_pads)


def avgpool(t: Tile) -> np.ndarray:
    op = cast(tile.AvgPoolOp, t.op)
    x, kernel, strides, local_pads = _pool_input(t)
    include_pad = op.count_include_pad is not None
    layer_whole = tuple(kernel) == tuple(t.layer_type(0).get_shape()[2:]) and not any(ints(op.pads))
    if t.rounding == "float" and not layer_whole:
        # quant_kernels.avgpool would take a tile whose window is the whole tile for a
        # global pool; the layer is not one, so run its windowed float path directly.
        (s_y, z_y) = t.qparams(-1).pair
        s_x, z_x = t.qparams(0).pair
        window = (kernel, strides, local_pads, False, include_pad)
        total, count = gk_nn.avgpool_sums(qn.dequantize(x, s_x, z_x), *window)
        return qn.average_float(total, count, s_y, z_y, *t.bounds)
    return qk.avgpool(
        x,
        t.qparams(0),
        t.qparams(-1),
        t.bounds,
        kernel,
        strides,
        local_pads,
        count_include_pad=include_pad,
        rounding=t.rounding,
    )


def global_avgpool(t: Tile) -> np.ndarray:
    height, width = t.layer_type(0).get_shape()[2:]
    x = t.read(0, (0, 0, 0, 0), (1, t.sizes[1], height, width))
    return qk.global_avgpool(x, t.qparams(0), t.qparams(-1), t.bounds, t.rounding)


def fully_connected(t: Tile) -> np.ndarray | None:
    op = cast(tile.FullyConnectedOp, t.op)
    depth = t.layer_type(0).get_shape()[1]
    (tm, tn), n0 = t.sizes, t.start[1]
    if op.acc is not None:
        _, count = t.chunk_channels()
        x, w = t.read(0, (0, 0), (tm, count)), t.read(1, (0, 0), (tn, count))
        channels = slice(n0, n0 + tn)
        sums = qk.fully_connected_sums(x, w, t.qparams(0), t.qparams(1, channels))
        return _accumulate(t, sums, channels)
    x = t.read(0, (0, 0), (tm, depth))
    w = t.read(1, (0, 0), (tn, depth))
    bias = t.read(2, (0,), (tn,)) if op.bias is not None else None
    wq = t.qparams(1, slice(n0, n0 + tn))
    return qk.fully_connected(
        x, w, bias, t.qparams(0), wq, t.qparams(-1), t.bounds, rounding=t.rounding
    )


def _elementwise(kernel: Callable) -> Callable[[Tile], np.ndarray]:
    def run(t: Tile) -> np.ndarray:
        zeros = (0,) * len(t.sizes)
        a, b = t.read(0, zeros, t.sizes), t.read(1, zeros, t.sizes)
        params = (t.qparams(0), t.qparams(1), t.qparams(-1))
        return kernel(a, b, *params, t.bounds, t.rounding)

    return run


KERNELS: dict[type, Callable[[Tile], np.ndarray | None]] = {
    tile.Conv2dOp: conv2d,
    tile.MaxPoolOp: maxpool,
    tile.AvgPoolOp: avgpool,
    tile.GlobalAvgPoolOp: global_avgpool,
    tile.FullyConnectedOp: fully_connected,
    tile.AddOp: _elementwise(qk.add),
    tile.MulOp: _elementwise(qk.mul),
}


def run_tile(t: Tile) -> None:
    """Compute one output tile and store it (a kernel's ValueError names the op)."""
    if min(t.sizes) <= 0:
        return
    try:
        y = KERNELS[type(t.op)](t)
    except ValueError as e:
        raise TileExecutionError(f"{t.what}: {e}") from e
    if y is not None:
        t.write_output(y)
