"""Text builders of tile IR for one conv layer, for tests and examples: the tiled module
and its untiled `quant.conv2d` twin, so the two executors can be compared.

    layer = ConvLayer((1, 8, 12, 12), weight, bias, strides=(2, 2), pads=(1, 0, 1, 1))
    tiled = conv_layer_ir(layer, ConvTiling(stripe_rows=3, channel_chunk=4, slots=2))
    reference = conv_quant_ir(layer)

The tiled module keeps input, weights, bias and output in DRAM and loops over output
channel chunks (outer; weight and bias chunk DMA) and output row stripes (inner; input
stripes with their halo rows and padding columns, double-buffered when `slots` >= 2: the
prologue fetches stripe 0, iteration i waits for stripe i, prefetches stripe i + 1 into slot
(i + 1) mod slots, computes, and stores its output stripe). The prefetch after the last
stripe moves only what of its window lies inside the input (usually nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xopt.dialects.graph import shapes
from xopt.dialects.tile.geometry import input_span


@dataclass(frozen=True)
class ConvLayer:
    """A quant.conv2d with concrete weights: NCHW input shape, OIHW stored weights, i32
    bias (or None), geometry, and the quant element types as IR text."""

    input_shape: tuple[int, int, int, int]
    weight: np.ndarray
    bias: np.ndarray | None
    strides: tuple[int, int] = (1, 1)
    pads: tuple[int, int, int, int] = (0, 0, 0, 0)
    dilations: tuple[int, int] = (1, 1)
    group: int = 1
    x_type: str = "!quant.uniform<i8:f32, 0.05:3>"
    w_type: str = "!quant.uniform<i8:f32, 0.02>"
    y_type: str = "!quant.uniform<i8:f32, 0.1:-2>"

    @property
    def output_shape(self) -> tuple[int, ...]:
        return tuple(
            shapes.conv2d(
                self.input_shape,
                self.weight.shape,
                self.strides,
                self.pads,
                self.dilations,
                self.group,
            )
        )

    def attributes(self) -> str:
        s, p, d = self.strides, self.pads, self.dilations
        return (
            f"strides = array<i64: {s[0]}, {s[1]}>, pads = array<i64: {', '.join(map(str, p))}>"
            f", dilations = array<i64: {d[0]}, {d[1]}>, group = {self.group} : i64"
        )

    def tensor(self, shape, element: str) -> str:
        return f"tensor<{'x'.join(map(str, shape))}x{element}>"


@dataclass(frozen=True)
class ConvTiling:
    """Output rows per stripe, output channels per chunk (a multiple or a divisor of the
    channels per group; dividing the output channels) and input buffer slots."""

    stripe_rows: int
    channel_chunk: int
    slots: int = 2


def _dense(array: np.ndarray, bits: int) -> str:
    shape = "x".join(map(str, array.shape))
    data = np.ascontiguousarray(array.astype(f"<i{bits // 8}")).tobytes().hex().upper()
    return f'dense<"0x{data}"> : tensor<{shape}xi{bits}>'


def _buffer(shape, element: str, level: str, slots: int = 1) -> str:
    suffix = f", slots = {slots}" if slots != 1 else ""
    return f'!tile.buffer<{"x".join(map(str, shape))}x{element}, "{level}"{suffix}>'


def _map(dims: int, *results) -> str:
    names = ", ".join(f"d{k}" for k in range(dims))
    return f"affine_map<({names}) -> ({', '.join(map(str, results))})>"


def conv_quant_ir(layer: ConvLayer) -> str:
    """The untiled layer as a quant module."""
    x = layer.tensor(layer.input_shape, layer.x_type)
    w = layer.tensor(layer.weight.shape, layer.w_type)
    y = layer.tensor(layer.output_shape, layer.y_type)
    lines = [
        f"func.func @main(%x: {x}) -> {y} {{",
        f"  %w = quant.constant {{value = {_dense(layer.weight, 8)}}} : {w}",
    ]
    operands, types = "%x, %w", f"{x}, {w}"
    if layer.bias is not None:
        b = f"tensor<{layer.bias.size}xi32>"
        lines.append(f"  %b = graph.constant {{value = {_dense(layer.bias, 32)}}} : {b}")
        operands, types = operands + ", %b", types + ", " + b
    lines += [
        f"  %y = quant.conv2d {operands} {{{layer.attributes()}}} : ({types}) -> {y}",
        f"  func.return %y : {y}",
        "}",
    ]
    return "\n".join(lines)


def conv_layer_ir(layer: ConvLayer, tiling: ConvTiling, sram_bytes: int | None = None) -> str:
    """The layer tiled as the module docstring describes, in an SRAM of `sram_bytes` (default:
    exactly what the tiling needs); ValueError "does not fit: needs at least N bytes" when
    the tiling's buffers are larger."""
    emitter = _ConvEmitter(layer, tiling)
    lines = emitter.lines(sram_bytes)
    if sram_bytes is not None and emitter.sram_bytes > sram_bytes:
        raise ValueError(
            f"does not fit: needs at least {emitter.sram_bytes} bytes of SRAM, got {sram_bytes}"
        )
    return "\n".join(lines)


class _ConvEmitter:
    def __init__(self, layer: ConvLayer, tiling: ConvTiling):
        self.layer, self.tiling = layer, tiling
        _, channels, _, width = layer.input_shape
        out_channels, self.in_per_group, kh, kw = layer.weight.shape
        self.per_group = out_channels // layer.group
        _, _, self.out_rows, self.out_cols = layer.output_shape
        tc, sr = tiling.channel_chunk, tiling.stripe_rows
        self.in_chunk = self.in_per_group * max(1, tc // self.per_group)
        (sh, sw), (dh, dw) = layer.strides, layer.dilations
        self.row_span = input_span(0, min(sr, self.out_rows), sh, 0, kh, dh)[1]
        self.col_span = input_span(0, self.out_cols, sw, 0, kw, dw)[1]
        self.chunks, self.stripes = out_channels // tc, -(-self.out_rows // sr)
        self.types: dict[str, str] = {}
        self.sram_bytes = 0
        self.shapes = {
            "xs": (1, self.in_chunk, self.row_span, self.col_span),
            "ws": (tc, self.in_per_group, kh, kw),
            "bs": (tc,),
            "ys": (1, tc, sr, self.out_cols),
        }

    def buffers(self) -> list[str]:
        layer, slots = self.layer, self.tiling.slots
        dram = [
            ("xd", layer.input_shape, layer.x_type),
            ("wd", layer.weight.shape, layer.w_type),
            ("bd", (layer.weight.shape[0],), "i32"),
            ("yd", layer.output_shape, layer.y_type),
        ]
        sram = [
            ("xs", self.shapes["xs"], layer.x_type, slots),
            ("ws", self.shapes["ws"], layer.w_type, 1),
            ("bs", self.shapes["bs"], "i32", 1),
            ("ys", self.shapes["ys"], layer.y_type, 1),
        ]
        lines, offsets = [], {"dram": 0, "sram": 0}
        for level, entries in (("dram", [(*e, 1) for e in dram]), ("sram", sram)):
            for name, shape, element, count in entries:
                if name in ("bd", "bs") and layer.bias is None:
                    continue
                bits = 32 if element == "i32" else 8
                size = int(np.prod(shape)) * bits // 8 * count
                self.types[name] = _buffer(shape, element, level, count)
                lines.append(
                    f"  %{name} = tile.buffer at {offsets[level]} size {size} : {self.types[name]}"
                )
                offsets[level] += size
        self.sram_bytes = offsets["sram"]
        return lines

    def dma(self, result: str, src: str, dst: str, dims: str, refs, sizes) -> str:
        maps = ", ".join(refs)
        return (
            f"{result} = tile.dma_start %{src}, %{dst}{dims} {{refs = [{maps}], sizes = "
            f"array<i64: {', '.join(map(str, sizes))}>}} : {self.types[src]}, {self.types[dst]}"
        )

    def input_dma(self, result: str, stripe: str, slot: str, dims: int) -> str:
        layer, tiling = self.layer, self.tiling
        row = f"({stripe}) * {tiling.stripe_rows * layer.strides[0]} - {layer.pads[0]}"
        first_channel = (
            f"(d0 * {tiling.channel_chunk}) floordiv {self.per_group} * {self.in_per_group}"
        )
        src = _map(dims, 0, 0, first_channel, row, -layer.pads[1])
        dst = _map(dims, slot, 0, 0, 0, 0)
        arg = "(%j)" if dims == 1 else "(%j, %i)"
        return self.dma(result, "xd", "xs", arg, (src, dst), self.shapes["xs"])

    def stripe_body(self, indent: str, slot: str) -> list[str]:
        layer, tiling = self.layer, self.tiling
        tc, sr = tiling.channel_chunk, tiling.stripe_rows
        zero4 = _map(2, 0, 0, 0, 0, 0)
        operands = "%xs, %ws" + (", %bs" if layer.bias is not None else "")
        refs = [_map(2, slot, 0, 0, 0, 0), zero4]
        types = f"{self.types['xs']}, {self.types['ws']}"
        x = layer.tensor(layer.input_shape, layer.x_type)
        w = layer.tensor(layer.weight.shape, layer.w_type)
        layer_types = f"{x}, {w}"
        if layer.bias is not None:
            refs.append(_map(2, 0, 0))
            types += f", {self.types['bs']}"
            layer_types += f", tensor<{layer.weight.shape[0]}xi32>"
        refs.append(zero4)
        y = layer.tensor(layer.output_shape, layer.y_type)
        at = _map(2, 0, f"d0 * {tc}", f"d1 * {sr}", 0)
        conv = (
            f"tile.conv2d {operands} -> %ys(%j, %i) {{refs = [{', '.join(refs)}], at = {at}, "
            f"sizes = array<i64: 1, {tc}, {sr}, {self.out_cols}>, {layer.attributes()}, "
            f"layer = ({layer_types}) -> {y}}} : {types} -> {self.types['ys']}"
        )
        store = self.dma(
            "%ts",
            "ys",
            "yd",
            "(%j, %i)",
            (zero4, _map(2, 0, 0, f"d0 * {tc}", f"d1 * {sr}", 0)),
            self.shapes["ys"],
        )
        return [indent + line for line in (conv, store, "tile.dma_wait %ts")]

    def chunk_body(self) -> list[str]:
        tc, slots = self.tiling.channel_chunk, self.tiling.slots
        n = self.stripes
        lines = [
            self.dma(
                "%tw",
                "wd",
                "ws",
                "(%j)",
                (_map(1, 0, f"d0 * {tc}", 0, 0, 0), _map(1, 0, 0, 0, 0, 0)),
                self.shapes["ws"],
            ),
            "tile.dma_wait %tw",
        ]
        if self.layer.bias is not None:
            lines += [
                self.dma(
                    "%tb",
                    "bd",
                    "bs",
                    "(%j)",
                    (_map(1, 0, f"d0 * {tc}"), _map(1, 0, 0)),
                    self.shapes["bs"],
                ),
                "tile.dma_wait %tb",
            ]
        if slots == 1:
            lines += [
                f"tile.for %i = 0 to {n} step 1 {{",
                "  " + self.input_dma("%tx", "d1", "0", 2),
                "  tile.dma_wait %tx",
            ]
            lines += self.stripe_body("  ", "0")
            return [*lines, "  tile.yield", "}"]
        lines += [
            self.input_dma("%t0", "0", "0", 1),
            f"%tl = tile.for %i = 0 to {n} step 1 iter_args(%t = %t0) -> (!tile.token) {{",
            "  tile.dma_wait %t",
            "  " + self.input_dma("%tn", "d1 + 1", f"(d1 + 1) mod {slots}", 2),
            *self.stripe_body("  ", f"d1 mod {slots}"),
            "  tile.yield %tn : !tile.token",
            "}",
            "tile.dma_wait %tl",
        ]
        return lines

    def lines(self, sram_bytes: int | None) -> list[str]:
        layer = self.layer
        x = layer.tensor(layer.input_shape, layer.x_type)
        y = layer.tensor(layer.output_shape, layer.y_type)
        buffers = self.buffers()
        body = [
            f"  tile.constant %wd {{value = {_dense(layer.weight, 8)}}} : {self.types['wd']}",
            f"  tile.to_buffer %x, %xd : {x}, {self.types['xd']}",
        ]
        if layer.bias is not None:
            body.insert(
                1, f"  tile.constant %bd {{value = {_dense(layer.bias, 32)}}} : {self.types['bd']}"
            )
        loop = [f"  tile.for %j = 0 to {self.chunks} step 1 {{"]
        loop += ["    " + line for line in self.chunk_body()] + ["    tile.yield", "  }"]
        return [
            f"func.func @main(%x: {x}) -> {y} {{",
            '  tile.memory "dram"',
            f'  tile.memory "sram" size {sram_bytes or self.sram_bytes}',
            *buffers,
            *body,
            *loop,
            f"  %y = tile.from_buffer %yd : {self.types['yd']} -> {y}",
            f"  func.return %y : {y}",
            "}",
        ]
