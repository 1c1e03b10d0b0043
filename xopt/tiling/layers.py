"""The layers and activation tensors of `@main`, as the tiling planner sees them.

A layer is one compute op of `@main` (graph or quant level); constants are weights in
DRAM and reshapes are views (the same bytes under another shape, so the same tensor).
Each layer's output is N x C x H x W with N = 1 (a 2-D M x N result is C = N, H = M, W = 1);
a tile of it is `channels x rows x cols`. Sliding-window layers (conv, pools) read, for
output rows [o, o + n), the input rows given by `Axis.window`; rows outside the input are
padding, produced by the compute op and never stored. Layers whose geometry the planner
does not model (concat, resize, softmax, transpose, ...) are `whole`: one tile, every
operand and the result in SRAM at once; so are the quant ops the tile dialect has no
compute op for (quant.table, quant.requantize: `tile-for-memory` runs them whole).

Storage: a quant tensor takes its storage bits (sub-byte packed, ceil(n * bits / 8) bytes);
a float graph is planned as if quantized: activations and weights int8, biases int32.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects import func
from xdsl.dialects.builtin import AnyFloat, ModuleOp, StringAttr, TensorType
from xdsl.ir import Operation, SSAValue

from xopt.dialects.graph.base import ints
from xopt.dialects.quant import QuantizedType
from xopt.dialects.tile.geometry import input_span
from xopt.errors import XoptError
from xopt.executor.run import main_function
from xopt.memory import CONSTANT_OPS, element_bits
from xopt.onnx_import.importer import NAME_ATTR

VIEW_OPS = ("reshape", "flatten", "squeeze", "unsqueeze")
CONV_OPS = ("conv2d",)
FC_OPS = ("fully_connected", "gemm", "matmul")
POOL_OPS = ("maxpool", "avgpool")
ELEMENTWISE_OPS = (
    "add", "sub", "mul", "div", "relu", "clip", "sigmoid", "tanh", "hard_swish",
    "hard_sigmoid", "leaky_relu", "requantize", "table", "quantize", "dequantize",
)  # fmt: skip


@dataclass(frozen=True)
class Axis:
    """One spatial axis of a layer: output index o reads input [o*stride - pad, ... + span)."""

    out_size: int
    in_size: int
    kernel: int = 1
    stride: int = 1
    pad: int = 0
    dilation: int = 1

    @property
    def span(self) -> int:
        return input_span(0, 1, self.stride, self.pad, self.kernel, self.dilation)[1]

    def window(self, start: int, count: int) -> tuple[int, int]:
        """Input range [lo, hi) that outputs [start, start + count) read, padding clipped."""
        lo, extent = input_span(start, count, self.stride, self.pad, self.kernel, self.dilation)
        return max(lo, 0), min(lo + extent, self.in_size)

    def lowering_refuses(self, size: int) -> str | None:
        """Why `tile-for-memory` cannot lower tiles of `size` outputs along this axis (tiles
        smaller than the padding; a partial last tile whose full-size window would end
        inside the input), or None."""
        if size * self.stride < self.pad:
            return "tiles smaller than the padding"
        last = self.out_size - (self.out_size - 1) // size * size
        lo, hi = self.window(self.out_size - last, last)
        if last < size and min(self.in_size, lo + (size - 1) * self.stride + self.span) > hi:
            return "a partial last tile whose window ends inside the input is not supported yet"
        return None

    def window_max(self, count: int) -> int:
        """The most input positions a tile of `count` outputs reads."""
        return min(self.in_size, (count - 1) * self.stride + self.span)

    def tiles(self, size: int) -> list[tuple[int, int]]:
        """Output tiles (start, count) of at most `size`, the last one possibly smaller."""
        return [(s, min(size, self.out_size - s)) for s in range(0, self.out_size, size)]

    def windows_sum(self, size: int) -> int:
        """Input positions read over all tiles of `size` outputs (halos counted each time)."""
        return sum(hi - lo for lo, hi in (self.window(s, n) for s, n in self.tiles(size)))

    def fresh_tiles(self, size: int) -> int:
        """Tiles of `size` outputs whose window reaches input the previous one did not."""
        ends = [self.window(s, n)[1] for s, n in self.tiles(size)]
        return sum(1 for prev, end in zip([0, *ends], ends) if end > prev)

    def union(self) -> int:
        """Input positions read at least once (what a rolling buffer reads)."""
        return sum(
            max(0, hi - max(lo, prev))
            for prev, (lo, hi) in zip(
                [0, *(self.window(o, 1)[1] for o in range(self.out_size - 1))],
                (self.window(o, 1) for o in range(self.out_size)),
            )
        )


@dataclass(frozen=True)
class Operand:
    """An activation a layer reads: through the layer's window (`windowed`), or all of it
    (a broadcast operand, or any operand of a `whole` layer)."""

    tensor: str
    windowed: bool


@dataclass(frozen=True)
class Layer:
    """One compute op. `index` is its position in `@main`'s block (constants counted)."""

    index: int
    name: str
    op_name: str
    kind: str
    """conv, fc, pool, global_pool, elementwise or whole."""
    operands: tuple[Operand, ...]
    output: str
    channels: int
    rows: Axis
    cols: Axis
    in_channels: int
    """Channels of the windowed input(s)."""
    channels_per_group: int
    """Output channels per group of a grouped conv (a channel chunk is a whole number of
    groups); 0 when every input channel feeds every output channel (conv with group 1, fc)."""
    in_per_group: int
    """Input channels per group (grouped conv) or per output channel (channel-wise ops)."""
    in_bits: int
    out_bits: int
    weight: str | None = None
    weight_bytes_per_channel: int = 0
    weight_bits: int = 8
    bias: str | None = None
    bias_bytes_per_channel: int = 0
    macs: int = 0

    @property
    def kernel_elements(self) -> int:
        """Weight elements per (output, input) channel pair: the kernel's area."""
        return self.rows.kernel * self.cols.kernel

    @property
    def chunkable(self) -> bool:
        """Whether tiles may reduce over input-channel chunks into an int32 partial sum: a
        conv with one group or a fully-connected layer, byte-sized input and weights."""
        return (
            self.kind in ("conv", "fc")
            and self.channels_per_group == 0
            and self.weight is not None
            and self.in_bits >= 8
            and self.weight_bits >= 8
        )

    def in_channels_for(self, channels: int) -> int:
        """Input channels that a chunk of `channels` output channels reads."""
        if self.channels_per_group == 0:
            return self.in_channels
        return -(-channels // self.channels_per_group) * self.in_per_group


@dataclass(frozen=True)
class Tensor:
    """An activation: `producer` and `consumers` are positions in the layer list (-1: the
    network input); views alias their source."""

    name: str
    shape: tuple[int, ...]
    bits: int
    bytes: int
    producer: int
    consumers: tuple[int, ...]
    is_output: bool

    @property
    def is_input(self) -> bool:
        return self.producer < 0


@dataclass(frozen=True)
class Network:
    """What the planner plans: layers in schedule order, activation tensors by name, the
    constants' bytes (weights, read from DRAM), and whether storage was assumed (float IR)."""

    layers: tuple[Layer, ...]
    tensors: dict[str, Tensor]
    constants: dict[str, int]
    assumed_int8: bool


def packed_bytes(elements: int, bits: int) -> int:
    return -(-elements * bits // 8)


class MainReader:
    """How the planner reads `@main`, shared with `tile-for-memory`, which must name and
    size values exactly as the plan does.

    `fn` is `@main`; `names` maps each argument and op result to its unique name (an
    argument's ONNX name, else its name hint, else `v<k>`; a repeated name gets `_`
    appended): the names a `Plan`'s tensors, constants and buffers use. `root` follows
    views (reshape and the like) back to the tensor that holds the bytes. `float` tells
    whether `@main` has no quantized value (then it is planned as int8, biases int32):
    `bits` and `tensor_bytes` give a value's storage under that rule. `extract_network`
    builds the planner's `Network` with it; `tile-for-memory` names buffers with it."""

    def __init__(self, module: ModuleOp):
        self.fn = main_function(module)
        self.names: dict[SSAValue, str] = {}
        ops = list(self.fn.body.block.ops)
        self.float = not any(
            isinstance(_element(v), QuantizedType) for op in ops for v in (*op.results,)
        )
        self._name_values(ops)

    def _name_values(self, ops: list[Operation]) -> None:
        used: set[str] = set()
        attrs = self.fn.arg_attrs
        values = [*self.fn.args, *(r for op in ops for r in op.results)]
        for i, value in enumerate(values):
            name = value.name_hint
            if i < len(self.fn.args) and attrs is not None:
                attr = attrs.data[i].data.get(NAME_ATTR)
                name = attr.data if isinstance(attr, StringAttr) else name
            name = name or f"v{i}"
            while name in used:
                name += "_"
            used.add(name)
            self.names[value] = name

    def root(self, value: SSAValue) -> SSAValue:
        while isinstance(value.owner, Operation) and _is_view(value.owner):
            value = value.owner.operands[0]
        return value

    def bits(self, value: SSAValue, bias: bool = False) -> int:
        element = _element(value)
        if self.float and not isinstance(element, QuantizedType) and _is_float(element):
            return 32 if bias else 8
        return element_bits(element)

    def tensor_bytes(self, value: SSAValue, bias: bool = False) -> int:
        return packed_bytes(_count(value), self.bits(value, bias))


def _is_view(op: Operation) -> bool:
    return op.name.split(".", 1)[-1] in VIEW_OPS and len(op.operands) >= 1


def _element(value: SSAValue):
    typ = value.type
    return typ.get_element_type() if isinstance(typ, TensorType) else None


def _is_float(element) -> bool:
    return isinstance(element, AnyFloat)


def _count(value: SSAValue) -> int:
    count = 1
    for d in value.type.get_shape():
        count *= d
    return count


def _chw(value: SSAValue) -> tuple[int, int, int] | None:
    shape = tuple(value.type.get_shape())
    if len(shape) == 4 and shape[0] == 1:
        return shape[1], shape[2], shape[3]
    if len(shape) == 2:
        return shape[1], shape[0], 1
    return None


def _spatial_axes(op: Operation, x: tuple, y: tuple, kernel) -> tuple[Axis, Axis]:
    strides = ints(op.strides)
    pads = ints(op.pads)
    dil = ints(op.dilations) if "dilations" in op.properties else (1, 1)
    return (
        Axis(y[1], x[1], kernel[0], strides[0], pads[0], dil[0]),
        Axis(y[2], x[2], kernel[1], strides[1], pads[1], dil[1]),
    )


def _layer_fields(ex: MainReader, op: Operation, kind: str) -> dict | None:
    """The geometry of `op` as keyword arguments of `Layer`, or None if it is `whole`."""
    out = op.results[0]
    y = _chw(out)
    acts = [v for v in op.operands if not isinstance(ex.root(v).owner, CONSTANT_OPS)]
    consts = [v for v in op.operands if isinstance(ex.root(v).owner, CONSTANT_OPS)]
    x = _chw(acts[0]) if acts else None
    if y is None or x is None:
        return None
    fields = dict(in_channels=x[0], in_bits=ex.bits(acts[0]), out_bits=ex.bits(out))
    if kind == "conv" and len(acts) == 1:
        weight, group = op.operands[1], op.group.value.data
        o, i, kh, kw = weight.type.get_shape()
        rows, cols = _spatial_axes(op, x, y, (kh, kw))
        per_group = o // group if group > 1 else 0
        fields.update(
            channels_per_group=per_group, in_per_group=i, macs=y[0] * y[1] * y[2] * i * kh * kw
        )
        return _with_weights(ex, fields, op, rows, cols, weight)
    if kind == "fc" and len(acts) == 1 and _is_constant(ex, op.operands[1]) and y[1] == 1:
        weight = op.operands[1]
        if op.name == "graph.gemm" and op.trans_a is not None:
            return None
        k = x[0]
        fields.update(channels_per_group=0, in_per_group=k, macs=y[0] * k)
        return _with_weights(ex, fields, op, Axis(1, 1), Axis(1, 1), weight)
    if kind == "pool" and len(acts) == 1:
        rows, cols = _spatial_axes(op, x, y, ints(op.kernel_shape))
        if "ceil_mode" in op.properties:
            return None
        fields.update(channels_per_group=1, in_per_group=1, rows=rows, cols=cols)
        return fields
    if kind == "global_pool":
        fields.update(channels_per_group=1, in_per_group=1)
        fields.update(rows=Axis(1, x[1], x[1]), cols=Axis(1, x[2], x[2]))
        return fields
    if kind == "elementwise" and x == y and not consts:
        fields.update(channels_per_group=1, in_per_group=1)
        fields.update(rows=Axis(y[1], y[1]), cols=Axis(y[2], y[2]))
        return fields
    return None


def _with_weights(ex: MainReader, fields: dict, op: Operation, rows, cols, weight) -> dict:
    channels = op.results[0].type.get_shape()[1]
    fields.update(rows=rows, cols=cols, weight=ex.names[ex.root(weight)])
    fields["weight_bits"] = ex.bits(weight)
    fields["weight_bytes_per_channel"] = -(-ex.tensor_bytes(weight) // channels)
    bias = op.operands[2] if len(op.operands) > 2 else None
    if bias is not None:
        fields.update(bias=ex.names[ex.root(bias)])
        fields["bias_bytes_per_channel"] = -(-ex.tensor_bytes(bias, True) // channels)
    return fields


TILED_QUANT_OPS = (
    "conv2d", "fully_connected", "maxpool", "avgpool", "global_avgpool", "add", "mul",
)  # fmt: skip
"""The quant ops that have a tile compute op (`tile.compute_ops`)."""


def _kind(op: Operation) -> str:
    dialect, suffix = op.name.split(".", 1)
    if dialect == "quant" and suffix not in TILED_QUANT_OPS:
        return "whole"
    for kind, names in (
        ("conv", CONV_OPS),
        ("fc", FC_OPS),
        ("pool", POOL_OPS),
        ("elementwise", ELEMENTWISE_OPS),
    ):
        if suffix in names:
            return kind
    return "global_pool" if suffix == "global_avgpool" else "whole"


def extract_network(module: ModuleOp) -> Network:
    """The layers of `@main` in op order and its activation tensors (module docstring)."""
    ex = MainReader(module)
    layers: list[Layer] = []
    constants: dict[str, int] = {}
    producers: dict[SSAValue, int] = {}
    consumers: dict[SSAValue, list[int]] = {}
    for index, op in enumerate(ex.fn.body.block.ops):
        if isinstance(op, CONSTANT_OPS):
            for r in op.results:
                constants[ex.names[r]] = 0
            continue
        if isinstance(op, func.ReturnOp):
            continue
        if len(op.results) != 1 or not isinstance(op.results[0].type, TensorType):
            raise XoptError(f"@main: cannot plan '{op.name}': expected one tensor result")
        if _is_view(op):
            continue
        layers.append(_make_layer(ex, op, index, constants))
        producers[op.results[0]] = len(layers) - 1
        for v in {ex.root(v) for v in op.operands}:
            if not isinstance(v.owner, CONSTANT_OPS):
                consumers.setdefault(v, []).append(len(layers) - 1)
    returned = {
        ex.root(v)
        for op in ex.fn.body.block.ops
        if isinstance(op, func.ReturnOp)
        for v in op.operands
    }
    tensors = {}
    for value in [*ex.fn.args, *producers]:
        tensors[ex.names[value]] = Tensor(
            ex.names[value],
            tuple(value.type.get_shape()),
            ex.bits(value),
            ex.tensor_bytes(value),
            producers.get(value, -1),
            tuple(consumers.get(value, ())),
            value in returned,
        )
    return Network(tuple(layers), tensors, constants, ex.float)


def _make_layer(ex: MainReader, op: Operation, index: int, constants: dict[str, int]) -> Layer:
    for v in op.operands:
        if isinstance(ex.root(v).owner, CONSTANT_OPS):
            constants[ex.names[ex.root(v)]] = ex.tensor_bytes(v, bias=_is_bias(op, v))
    kind = _kind(op)
    fields = _layer_fields(ex, op, kind) if kind != "whole" else None
    out = op.results[0]
    acts = [ex.root(v) for v in op.operands if not isinstance(ex.root(v).owner, CONSTANT_OPS)]
    acts = list(dict.fromkeys(acts))  # an operand used twice is read once
    name = ex.names[out]
    if fields is None:
        operands = tuple(Operand(ex.names[v], False) for v in acts)
        return Layer(
            index, name, op.name, "whole", operands, name, 1, Axis(1, 1), Axis(1, 1), 1, 0, 0,
            ex.bits(acts[0]) if acts else 8, ex.bits(out),
        )  # fmt: skip
    out_shape = tuple(out.type.get_shape())
    operands = tuple(
        Operand(ex.names[v], kind != "elementwise" or tuple(v.type.get_shape()) == out_shape)
        for v in acts
    )
    return Layer(index, name, op.name, kind, operands, name, _chw(out)[0], **fields)


def _is_constant(ex: MainReader, value: SSAValue) -> bool:
    return isinstance(ex.root(value).owner, CONSTANT_OPS)


def _is_bias(op: Operation, value: SSAValue) -> bool:
    return (
        op.name.split(".", 1)[1] in (*CONV_OPS, *FC_OPS)
        and len(op.operands) > 2
        and value is op.operands[2]
    )
