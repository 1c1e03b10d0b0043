"""Tile IR (`tile-for-memory`'s output) as C: the body of `xopt_model_run` and its data.

The C follows the IR op for op, with the tile executor's semantics (`runtime_c/xopt_tile.h`):
every memory level is one static byte array of its declared size (DRAM: the extent of its
non-constant buffers), a buffer is an `xopt_tile_buffer` at its offset, a constant buffer is
its own const array (row-major), a 4-D activation buffer is stored NHWC (`buffer_strides`),
`tile.for` is a C loop, `tile.dma_start` a synchronous box copy (`tile.dma_wait` and
`tile.dma_done` are then nothing) and a compute op one `xopt_tile_*` call per iteration,
its refs, tile start and chunk the op's affine maps written as C expressions of the loop
indices. @main's float boundary (`quant.quantize` of an input into
the buffer `tile.to_buffer` fills, `quant.dequantize` of a `tile.from_buffer`) runs the
whole-tensor kernels on dense NCHW bytes: a buffer of another layout is copied through a
dense staging array (one box copy).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import ModuleType

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, SymbolRefAttr
from xdsl.ir import Operation, SSAValue
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
)

from xopt.dialects import quant, tile
from xopt.dialects.quant.base import saturation_bounds
from xopt.errors import XoptError
from xopt.executor.quant_invocations import qparams, quantized_element
from xopt.executor.run import main_function
from xopt.executor.tile_interpreter import level_sizes
from xopt.onnx_import.types import array_of
from xopt.targets.c import c_program, kernel_params_elementwise
from xopt.targets.c.model_emit import c_type
from xopt.targets.c.model_lowering import GENERATED_KERNEL_ATTR
from xopt.targets.c.tiled_apply import ApplyCall, apply_call
from xopt.targets.c.tiled_layers import TileLayer, held_constants, layer_macs, tile_layer
from xopt.targets.c.tiled_neon import (
    CHUNKED,
    chunk_stride,
    elided_buffers,
    neon_tile_layer,
    packed_channel,
)

_BINARY = {
    AffineBinaryOpKind.Add: "({} + {})",
    AffineBinaryOpKind.Mul: "({} * {})",
    AffineBinaryOpKind.FloorDiv: "xopt_tile_floordiv({}, {})",
    AffineBinaryOpKind.Mod: "xopt_tile_mod({}, {})",
    AffineBinaryOpKind.CeilDiv: "(-xopt_tile_floordiv(-({}), {}))",
}


def c_affine(expr: AffineExpr, dims: list[str]) -> str:
    """An affine expression as a C int32 expression of the loop indices `dims`."""
    if isinstance(expr, AffineConstantExpr):
        return str(expr.value)
    if isinstance(expr, AffineDimExpr):
        return dims[expr.position]
    if isinstance(expr, AffineBinaryOpExpr):
        return _BINARY[expr.kind].format(c_affine(expr.lhs, dims), c_affine(expr.rhs, dims))
    raise XoptError(f"tile IR: the tiled C target cannot print the affine expression {expr}")


def row_major(shape) -> list[int]:
    """Element strides of a dense row-major array of `shape`."""
    return [int(np.prod(shape[a + 1 :], dtype=np.int64)) for a in range(len(shape))]


def buffer_strides(typ: tile.BufferType, constant: bool) -> list[int]:
    """Element strides per coordinate axis of a buffer: NHWC for 4-D activations (an image
    row's pixels and channels contiguous, what the NEON tile kernels read), row-major for
    everything else (weights, biases, 2-D activations)."""
    shape = typ.shape
    if constant or len(shape) != 4:
        return row_major(shape)
    n, c, h, w = shape
    return [h * w * c, 1, w * c, c]


@dataclass(frozen=True)
class Region:
    """A top-level statement with compute ops (one `XOPT_REGION` of the per-layer counts):
    their op names, the functions that run their tiles (and the whole-tensor kernels those
    run), and the layers' MACs."""

    ops: list[str]
    kernels: list[str]
    macs: int
    generated: bool = False
    """Some of the kernels are generated for the model (`lower-to-neon`)."""


@dataclass
class TiledC:
    """What the walk produced: data lines, statement lines, the levels' byte sizes, the
    scratch bytes, the compute ops per top-level region, the weight bytes and the bytes of
    the dense arrays that stage non-row-major results."""

    data: c_program.ConstData = field(default_factory=c_program.ConstData)
    body: list[str] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)
    scratch_bytes: int = 0
    regions: list[Region] = field(default_factory=list)
    weight_bytes: int = 0
    staging_bytes: int = 0
    generated: list[str] = field(default_factory=list)
    """The generated row kernels (functions of the module) the C calls."""


class _Emitter:
    def __init__(
        self,
        fn: func.FuncOp,
        inputs: list[str],
        outputs: list[str],
        builders: ModuleType,
        neon: bool,
    ):
        self.out = TiledC()
        self.fn = fn
        self.names: dict[SSAValue, str] = {}
        self.index_names: dict[SSAValue, str] = {}
        self.pointers: dict[SSAValue, str] = dict(zip(fn.args, inputs))
        self.outputs = outputs
        self.constants = {op.buffer: op for op in fn.walk() if isinstance(op, tile.ConstantOp)}
        self.strides: dict[SSAValue, list[int]] = {}
        self.kernels = self.choose_kernels(builders, neon)
        self.applies: dict[Operation, ApplyCall] = {
            op: apply_call(op, builders) for op in fn.walk() if isinstance(op, tile.ApplyOp)
        }
        neon_ops = [
            op
            for op, k in self.kernels.items()
            if k.generated or k.function.startswith("xopt_neon_")
        ]
        computes = [op for op in fn.walk() if isinstance(op, tile.TiledOp)]
        self.elided = elided_buffers(neon_ops, computes)  # type: ignore[arg-type]
        self.unused = self.unread_constants()
        for zp, size in self.pad_rows().items():
            self.out.data.array(_pad_row(zp), np.full(size, zp, np.int8), "*i8")
        generated = (k.function for k in self.kernels.values() if k.generated)
        self.out.generated = list(dict.fromkeys(generated))
        self.indent = 1
        self.depth = 0
        self.layers = 0
        self.counted: set[tuple] = set()

    # ---- before the walk
    def choose_kernels(self, builders: ModuleType, neon: bool) -> dict[Operation, TileLayer]:
        """Each compute op's layer struct and function: on the neon target the generated
        row kernel an op points to (`neon.kernel`), else a NEON tile kernel where there is
        one for it (given the constants its buffers hold at that point of the program),
        else the portable xopt_tile_* one."""
        kernels: dict[Operation, TileLayer] = {}
        for op, held in held_constants(self.fn).items():
            symbol = op.attributes.get(GENERATED_KERNEL_ATTR)
            if neon and isinstance(symbol, SymbolRefAttr):
                row = dict(function=symbol.string_value(), generated=True)
                kernels[op] = replace(tile_layer(op, builders), **row)
                continue
            layer = neon_tile_layer(op, held) if neon else None
            kernels[op] = layer or tile_layer(op, builders)
        return kernels

    def pad_rows(self) -> dict[int, int]:
        """Bytes of the x_zero_point row each zero point's row kernels read for padding
        rows: the longest input row among them."""
        rows: dict[int, int] = {}
        for layer in self.kernels.values():
            if layer.generated:
                p = layer.params
                zp, size = p["x_zero_point"], p["in_w"] * p["in_c"]
                rows[zp] = max(rows.get(zp, 0), size)
        return rows

    def unread_constants(self) -> set[SSAValue]:
        """Constant buffers whose only uses are DMAs into elided buffers."""
        unread = set()
        for buffer in self.constants:
            uses = [
                u.operation for u in buffer.uses if not isinstance(u.operation, tile.ConstantOp)
            ]
            if all(isinstance(u, tile.DmaStartOp) and u.dst in self.elided for u in uses):
                unread.add(buffer)
        return unread

    # ---- helpers
    def line(self, text: str) -> None:
        self.out.body.append("    " * self.indent + text)

    def ref(self, buffer: SSAValue | None, op: Operation, k: int) -> str:
        if buffer is None:
            return "XOPT_TILE_NO_REF"
        slot, *origin = (c_affine(e, self.loops_of(op)) for e in op.refs.data[k].data.results)
        return f"XOPT_TILE_REF({self.names[buffer]}, {slot}, {', '.join(origin)})"

    def loops_of(self, op: Operation) -> list[str]:
        return [self.index_names[v] for v in op.indices]

    # ---- the walk
    def run(self) -> TiledC:
        # DRAM's extent counts the buffers the program writes (constants are const arrays)
        dram = [
            op.offset.value.data + op.size.value.data
            for op in self.fn.walk()
            if isinstance(op, tile.BufferOp)
            and op.buffer.level_name == "dram"
            and op.result not in self.constants
        ]
        self.out.levels = level_sizes(self.fn)
        if "dram" in self.out.levels:
            self.out.levels["dram"] = max(dram, default=0)
        for op in self.fn.body.block.ops:
            self.top_level(op)
        return self.out

    def top_level(self, op: Operation) -> None:
        computes = [o for o in op.walk() if isinstance(o, tile.TiledOp | tile.ApplyOp)]
        if computes:
            self.out.regions.append(self.region(computes))
            self.line(f"XOPT_REGION({len(self.out.regions)});")
        self.statement(op)

    def region(self, computes: list[Operation]) -> Region:
        """The report entry of a top-level statement with these compute ops."""
        ops, names, macs, generated = [], [], 0, False
        for o in computes:
            if isinstance(o, tile.ApplyOp):
                ops.append(self.applies[o].op)
                names.append(self.applies[o].call.function)
                continue
            ops.append(o.name)
            names.append(self.kernels[o].kernel or self.kernels[o].function)
            generated |= self.kernels[o].generated
            # a layer's tiles may come from several ops (a cascade's prologue and steady
            # state, maybe in different regions): its MACs count in the first
            key = (o.buffers[-1], o.layer, o.name)  # type: ignore[attr-defined]
            if key not in self.counted:
                self.counted.add(key)
                macs += layer_macs(o)  # type: ignore[arg-type]
        return Region(ops, names, macs, generated)

    def statement(self, op: Operation) -> None:
        if isinstance(
            op, tile.MemoryOp | tile.DmaWaitOp | tile.DmaDoneOp | tile.YieldOp | tile.ConstantOp
        ):
            return  # constants: declared with their buffer
        if isinstance(op, tile.BufferOp):
            self.buffer(op)
        elif isinstance(op, tile.ForOp):
            self.loop(op)
        elif isinstance(op, tile.DmaStartOp):
            if op.dst in self.elided:
                return  # its reader takes the constant in place
            sizes = ", ".join(str(s) for s in op.sizes.get_values())
            self.line(
                f"xopt_tile_dma({self.ref(op.src, op, 0)}, {self.ref(op.dst, op, 1)}, "
                f"(const int32_t[]){{{sizes}}});"
            )
        elif isinstance(op, tile.TiledOp):
            self.compute(op)
        elif isinstance(op, tile.ApplyOp):
            self.apply(op)
        elif isinstance(op, tile.ToBufferOp):
            self.to_buffer(op)
        elif isinstance(op, tile.FromBufferOp):
            self.from_buffer(op)
        elif isinstance(op, quant.QuantizeOp | quant.DequantizeOp):
            self.boundary(op)
        elif isinstance(op, func.ReturnOp):
            self.returns(op)
        else:
            raise XoptError(f"{op.name}: the tiled C target cannot emit this op yet")

    def buffer(self, op: tile.BufferOp) -> None:
        typ = op.buffer
        if typ.element_bits not in (8, 16, 32):
            raise XoptError(
                f"{op.name}: the tiled C target handles 8-, 16- and 32-bit buffers, not "
                f"{typ.element_bits}-bit ones; quantize with 8-bit weights"
            )
        name = f"tb{len(self.names)}"
        self.names[op.result] = name
        if op.result in self.elided or op.result in self.unused:
            return
        if op.result in self.constants:
            base = f"(uint8_t *){self.constant_data(self.constants[op.result], name)}"
        else:
            base = f"XOPT_LEVEL_{typ.level_name.upper()} + {op.offset.value.data}"
        strides = buffer_strides(typ, op.result in self.constants)
        self.strides[op.result] = strides
        ring = -1 if typ.ring_axis is None else typ.ring_axis
        self.out.data.lines.append(
            f"static const xopt_tile_buffer {name} = "
            f"{_descriptor(base, typ.shape, strides, ring, typ.slots, typ.element_bits // 8)};"
        )

    def dense(self, buffer: SSAValue) -> bool:
        """Whether `buffer` is stored row-major (else @main's boundary stages it)."""
        return self.strides[buffer] == row_major(buffer.type.shape)

    def staging(self, buffer: SSAValue, base: str, local: bool = False) -> str:
        """A dense row-major descriptor named after `buffer` over `base`, declared static or
        (`local`: its base is a run-time pointer) in the function body."""
        typ = buffer.type
        name = f"{self.names[buffer]}_dense"
        desc = _descriptor(base, typ.shape, row_major(typ.shape), -1, 1, typ.element_bits // 8)
        if local:
            self.line(f"const xopt_tile_buffer {name} = {desc};")
        else:
            self.out.data.lines.append(f"static const xopt_tile_buffer {name} = {desc};")
        return name

    def whole_copy(self, src: str, dst: str, buffer: SSAValue) -> None:
        """A DMA of the whole of slot 0 between `buffer`'s descriptor and its staging."""
        shape = buffer.type.shape
        zeros = ", ".join("0" for _ in shape)
        sizes = ", ".join(map(str, shape))
        self.line(
            f"xopt_tile_dma(XOPT_TILE_REF({src}, 0, {zeros}), XOPT_TILE_REF({dst}, 0, {zeros}), "
            f"(const int32_t[]){{{sizes}}});"
        )

    def constant_data(self, op: tile.ConstantOp, name: str) -> str:
        """The const array holding the stored integers of a constant buffer."""
        wide = op.buffer.type.element_bits == 32
        stored = np.asarray(array_of(op.value)).astype(np.int32 if wide else np.int8)
        self.out.weight_bytes += stored.nbytes
        return self.out.data.array(f"{name}_data", stored, "*i32" if wide else "*i8")

    def loop(self, op: tile.ForOp) -> None:
        lower, upper, step = op.bounds
        index = f"i{self.depth}"
        self.index_names[op.body.block.args[0]] = index
        self.depth += 1
        self.line(f"for (int32_t {index} = {lower}; {index} < {upper}; {index} += {step}) {{")
        self.indent += 1
        for inner in op.body.block.ops:
            self.statement(inner)
        self.indent -= 1
        self.line("}")
        self.depth -= 1

    def compute(self, op: tile.TiledOp) -> None:
        layer = self.kernels[op]
        name = f"tl{self.layers}"
        self.layers += 1
        neon = layer.function.startswith("xopt_neon_")
        if neon:
            self.out.weight_bytes += sum(
                np.asarray(layer.params[k]).nbytes for k in ("weight", "bias")
            )
        init = self.out.data.initializer(layer.struct, layer.params, name)
        self.out.data.lines.append(f"static const {layer.struct} {name} = {init};")
        self.out.scratch_bytes = max(self.out.scratch_bytes, layer.scratch_bytes)
        dims = self.loops_of(op)
        at = [c_affine(e, dims) for e in op.at.data.results]
        if neon:  # the first channel indexes the layer's NEON constants
            at[1] = packed_channel(op, at[1])  # type: ignore[arg-type]
        start = ", ".join(at)
        sizes = ", ".join(str(s) for s in op.sizes.get_values())
        refs = [self.ref(b, op, k) for k, b in enumerate(op.buffers)]
        self.line(f"/* {op.name} */")
        if layer.generated:
            self.rows(op, layer, name, at, refs)
            return
        tile_at = f"(const int32_t[]){{{start}}}, (const int32_t[]){{{sizes}}}"
        head = f"&{name}, {tile_at}"
        if layer.function in CHUNKED:
            args = [head, self.chunking(op), refs[0], self.acc_ref(op, refs), refs[-1]]
        elif neon:
            args = [head, refs[0], refs[-1]]
        elif isinstance(op, tile.ReducingOp):
            chunk = c_affine(op.chunk.data.results[0], dims) if op.chunk is not None else "0"
            optional = iter(refs[2:-1])
            bias = next(optional) if op.bias is not None else "XOPT_TILE_NO_REF"
            acc = next(optional) if op.acc is not None else "XOPT_TILE_NO_REF"
            args = [head, chunk, refs[0], refs[1], bias, acc, refs[-1]]
        elif isinstance(op, tile.MaxPoolOp | tile.AvgPoolOp):
            args = [f"&{name}, {layer.kernel}, {tile_at}", *refs, "XOPT_SCRATCH"]
        elif isinstance(op, tile.GlobalAvgPoolOp):
            _, _, h, w = op.layer_shapes()[0][0]
            args = [f"&{name}, {layer.kernel}, {tile_at}, {h}, {w}", *refs, "XOPT_SCRATCH"]
        else:
            shape = ", ".join(map(str, op.layer_shapes()[1]))
            args = [f"&{name}, {layer.kernel}, (const int32_t[]){{{shape}}}, {tile_at}", *refs]
        self.line(f"{layer.function}({', '.join(args)});")

    def rows(self, op: tile.TiledOp, layer: TileLayer, name: str, at: list[str], refs) -> None:
        """A tile that a generated row kernel computes (`targets/neon/tile_rows.py`): one
        call per output row, on the input rows `xopt_tile_conv_input_rows` finds."""
        p = layer.params
        kernel_h, start, size = p["kernel_h"], at[2], op.sizes.get_values()[2]
        x_rows = ", ".join(f"x[{k}]" for k in range(kernel_h))
        for text in (
            f"for (int32_t r = 0; r < xopt_tile_clip({start}, {size}, {p['out_h']}); ++r) {{",
            f"    const int8_t *x[{kernel_h}];",
            f"    xopt_tile_conv_input_rows(&{name}, {start}, r, {refs[0]}, "
            f"{_pad_row(p['x_zero_point'])}, x);",
            f"    {layer.function}({x_rows}, (int8_t *)xopt_tile_row_address({refs[-1]}, r));",
            "}",
        ):
            self.line(text)

    def apply(self, op: tile.ApplyOp) -> None:
        """The whole-tensor kernel call of a tile.apply on its buffers (`tiled_apply`)."""
        applied = self.applies[op]
        call = applied.call
        args = []
        if call.params_type:
            name = f"tl{self.layers}"
            self.layers += 1
            init = self.out.data.initializer(call.params_type, call.params, name)
            self.out.data.lines.append(f"static const {call.params_type} {name} = {init};")
            args.append(f"&{name}")
        inputs = [
            f"(const {c_type(x.dtype)} *){self.names[op.ins[k]]}.base"
            for k, x in zip(applied.inputs, call.inputs, strict=True)
        ]
        out = f"({c_type(call.output_dtype)} *){self.names[op.outs[0]]}.base"
        self.line(f"/* {op.name}: {applied.op} */")
        if call.input_array:
            self.line(f"{{ const int8_t *const inputs[] = {{{', '.join(inputs)}}};")
            self.line(f"  {call.function}({', '.join([*args, 'inputs', out])}); }}")
        else:
            self.line(f"{call.function}({', '.join([*args, *inputs, out])});")

    def chunking(self, op: tile.ReducingOp) -> str:
        """{in_chunk, chunks, chunk, chunk stride, input channels} of a chunked reduction
        (xopt_neon_tile.h), else NULL."""
        if op.in_chunk is None or op.chunk is None:
            return "NULL"
        chunk = c_affine(op.chunk.data.results[0], self.loops_of(op))
        fields = [op.in_chunk.value.data, op.chunks, chunk, chunk_stride(op)]
        fields.append(op.layer_shapes()[0][0][1])
        return f"(const int32_t[]){{{', '.join(map(str, fields))}}}"

    def acc_ref(self, op: tile.ReducingOp, refs: list[str]) -> str:
        """The reference to the op's acc buffer (XOPT_TILE_NO_REF without one)."""
        if op.acc is None:
            return "XOPT_TILE_NO_REF"
        return refs[3 if op.bias is not None else 2]

    def to_buffer(self, op: tile.ToBufferOp) -> None:
        name = self.names[op.buffer]
        typ = op.buffer.type
        dense = self.dense(op.buffer)
        if op.input in self.pointers:
            pointer = self.pointers[op.input]
            if dense:
                self.line(f"memcpy({name}.base, {pointer}, {typ.slot_bytes});")
            else:
                staged = self.staging(op.buffer, f"(uint8_t *){pointer}", local=True)
                self.whole_copy(staged, name, op.buffer)
            return
        owner = op.input.owner
        if not isinstance(owner, quant.QuantizeOp):
            raise XoptError(f"{op.name}: the tiled C target fills buffers from inputs or quantize")
        if dense:
            self.quantize(owner, f"(int8_t *){name}.base")
            return
        self.out.scratch_bytes = max(self.out.scratch_bytes, typ.slot_bytes)
        self.quantize(owner, "XOPT_SCRATCH")
        self.whole_copy(self.staging(op.buffer, "(uint8_t *)XOPT_SCRATCH"), name, op.buffer)

    def from_buffer(self, op: tile.FromBufferOp) -> None:
        """@main's result: the buffer's bytes, staged in a static dense array of their own
        unless the buffer is row-major."""
        name = self.names[op.buffer]
        if self.dense(op.buffer):
            self.pointers[op.output] = f"{name}.base"
            return
        typ = op.buffer.type
        array = f"{name}_staged"
        self.out.data.lines.append(f"static int8_t {array}[{typ.slot_bytes}];")
        self.out.staging_bytes += typ.slot_bytes
        self.whole_copy(name, self.staging(op.buffer, f"(uint8_t *){array}"), op.buffer)
        self.pointers[op.output] = array

    def boundary(self, op: quant.QuantizeOp | quant.DequantizeOp) -> None:
        if isinstance(op, quant.QuantizeOp):
            users = list(op.output.uses)
            if len(users) != 1 or not isinstance(users[0].operation, tile.ToBufferOp):
                raise XoptError(
                    f"{op.name}: the tiled C target needs its result to fill one buffer"
                )
            return  # emitted where tile.to_buffer writes it
        returned = self.returned_index(op.output)
        shape = op.input.type.get_shape()
        call = kernel_params_elementwise.dequantize(
            np.zeros(int(np.prod(shape)), np.int8), qparams(op.input)
        )
        self.boundary_call(
            call, f"(const int8_t *){self.pointers[op.input]}", self.outputs[returned]
        )

    def quantize(self, op: quant.QuantizeOp, destination: str) -> None:
        shape = op.output.type.get_shape()
        yq = qparams(op.output)
        bounds = saturation_bounds(op, quantized_element(op.output.type))
        call = kernel_params_elementwise.quantize(
            np.zeros(int(np.prod(shape)), np.float32), yq, bounds
        )
        self.boundary_call(call, self.pointers[op.input], destination)

    def boundary_call(self, call, source: str, destination: str) -> None:
        name = f"tq{self.layers}"
        self.layers += 1
        init = self.out.data.initializer(call.params_type, call.params, name)
        self.out.data.lines.append(f"static const {call.params_type} {name} = {init};")
        self.line(f"{call.function}(&{name}, {source}, {destination});")

    def returned_index(self, value: SSAValue) -> int:
        ret = self.fn.body.block.last_op
        assert isinstance(ret, func.ReturnOp)
        for k, v in enumerate(ret.operands):
            if v == value:
                return k
        raise XoptError("tile IR: a dequantize result that @main does not return")

    def returns(self, op: func.ReturnOp) -> None:
        for k, value in enumerate(op.operands):
            if isinstance(value.owner, tile.FromBufferOp):
                typ = value.owner.buffer.type
                self.line(f"memcpy({self.outputs[k]}, {self.pointers[value]}, {typ.slot_bytes});")


def _pad_row(zero_point: int) -> str:
    """The name of the const row of x_zero_point bytes that row kernels read as padding."""
    return f"xopt_pad_row_{'m' if zero_point < 0 else ''}{abs(zero_point)}"


def _descriptor(base: str, shape, strides, ring: int, slots: int, element_bytes: int) -> str:
    """An `xopt_tile_buffer` initializer."""
    slot_bytes = int(np.prod(shape, dtype=np.int64)) * element_bytes
    return (
        f"{{{base}, {len(shape)}, {{{', '.join(map(str, shape))}}}, "
        f"{{{', '.join(map(str, strides))}}}, {ring}, {slots}, {slot_bytes}, {element_bytes}}}"
    )


def emit_tiled(
    module: ModuleOp, inputs: list[str], outputs: list[str], builders: ModuleType, neon: bool
) -> TiledC:
    """The tiled C of `@main` whose ports are the C arrays named `inputs` and `outputs`;
    pools and element-wise tiles run the whole-tensor kernels of the target's `builders`;
    `neon`: conv and fully-connected tiles take the NEON tile kernels where they apply
    (`tiled_neon`)."""
    return _Emitter(main_function(module), inputs, outputs, builders, neon).run()
