"""Compute ops of the `tile` dialect: one quant layer computed on one output tile.

    tile.conv2d %xs, %w, %b, %ys(%i) {
        refs = [affine_map<(d0) -> (d0 mod 2, 0, 0, 0, -1)>,   input window's first element
                affine_map<(d0) -> (0, 0, 0, 0, 0)>,            weight row of channel c0
                affine_map<(d0) -> (0, 0)>,                     bias of channel c0
                affine_map<(d0) -> (0, 0, 0, 0, 0)>],           output tile's first element
        at = affine_map<(d0) -> (0, 0, d0 * 8, 0)>, sizes = array<i64: 1, 32, 8, 48>,
        strides = ..., pads = ..., dilations = ..., group = 1 : i64,
        layer = (tensor<...>, tensor<...>, tensor<...>) -> tensor<...>} : (buffer types)

`layer` is the function type of the quant op the tile belongs to (its operand and result
tensor types: full shapes and quantization); the other properties are that op's. `at` is
the tile's first element in the layer's result tensor and `sizes` its extent, clipped to
the result tensor (a last, partial tile is smaller). Each compute op derives the input
window it reads from the tile (`xopt.dialects.tile.geometry`), and `refs` (`tile.refs`)
give, per buffer operand, the slot and the buffer position of that operand's window's first
element (including halo rows that are padding); window element e is at that position plus
e. Window positions outside the layer's input tensor are padding (the input zero point;
`never wins` for maxpool) and are not read; the rest must lie inside the buffer.

    op                      window of an output tile at (n, c, h, w) of sizes (1, tc, th, tw)
    conv2d                  input (0, i0, h*s - pt, w*s - pl), i0 the first input channel of
                            c's group; weights (c, 0, 0, 0); bias (c)
    maxpool, avgpool        input (0, c, h*s - pt, w*s - pl) with the kernel's span
    global_avgpool          input (0, c, 0, 0), all rows and columns
    fully_connected         at (m, n): input (m, 0), weights (n, 0), bias (n)
    add, mul                each input at the tile's own position (same shapes, no broadcast)

Reduction over input-channel chunks (conv2d with one group, fully_connected): with an `acc`
operand (an i32 buffer holding the output tile, `acc` ref at its first element), `in_chunk`
(chunk size k) and `chunk` (a map giving the chunk index j), the op reads only input
channels [j*k, j*k + k) (clipped to the layer's) of its window and the weights of those
channels (the input ref and the weight ref point at the chunk's first channel), computes
their integer sum of products and accumulates it into `acc`: j = 0 starts from the bias
(or 0), later chunks add to what `acc` holds. The last chunk (j = ceil(K / k) - 1) also
requantizes `acc` into the output tile, which no other chunk writes.

    tile.conv2d %xs, %ws, %b acc %acc -> %ys(%i, %j) {..., in_chunk = 16 : i64,
        chunk = affine_map<(d0, d1) -> (d1 mod 4)>, ...} : ... -> (output type) acc (acc type)

`tile.apply` runs any quant op(s) on whole single-slot buffers, for layers that are not tiled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.builtin import (
    AffineMapAttr,
    DenseArrayBase,
    FunctionType,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TensorType,
    UnitAttr,
)
from xdsl.ir import SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    var_operand_def,
)
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.base import check, ints
from xopt.dialects.quant.base import ROUNDING_MODES
from xopt.dialects.tile.memory_ops import expect_tensor_of_buffer
from xopt.dialects.tile.refs import check_map, check_refs, check_sizes, indices_def, refs_def
from xopt.dialects.tile.types import BufferType


class TiledOp(IRDLOperation):
    """Base of the ops computing one output tile of a layer (module docstring). Subclasses
    list their buffer operands in `BUFFER_NAMES` (output last)."""

    indices = indices_def()
    refs = refs_def()
    at = prop_def(AffineMapAttr)
    sizes = prop_def(DenseArrayBase)
    layer = prop_def(FunctionType)

    irdl_options = (ParsePropInAttrDict(), AttrSizedOperandSegments(as_property=True))
    BUFFER_NAMES: ClassVar[tuple[str, ...]] = ()

    @property
    def buffers(self) -> list[SSAValue]:
        values = (getattr(self, name) for name in self.BUFFER_NAMES)
        return [v for v in values if v is not None]

    def layer_shapes(self) -> tuple[list[tuple[int, ...]], tuple[int, ...]]:
        """Shapes of the layer's operands and of its result."""
        inputs = [tuple(t.get_shape()) for t in self.layer.inputs.data]
        return inputs, tuple(self.layer.outputs.data[0].get_shape())

    @property
    def layer_buffers(self) -> list[SSAValue]:
        """The buffers of the layer's operands and result (an `acc` buffer excluded)."""
        acc = getattr(self, "acc", None)
        return [b for b in self.buffers if b is not acc]

    def verify_(self) -> None:
        check_refs(self, self.buffers, self.refs, self.indices)
        buffers = self.layer_buffers
        types = [*self.layer.inputs.data, *self.layer.outputs.data]
        if len(types) != len(buffers) or len(self.layer.outputs.data) != 1:
            raise VerifyException(
                f"{self.name}: layer must have one type per buffer operand and one result, "
                f"got {self.layer}"
            )
        for buffer, typ in zip(buffers, types):
            if not isinstance(typ, TensorType) or any(d < 1 for d in typ.get_shape()):
                raise VerifyException(f"{self.name}: layer types must be static tensors")
            expected = typ.get_element_type()
            assert isinstance(buffer.type, BufferType)
            if buffer.type.element_type != expected:
                raise VerifyException(
                    f"{self.name}: buffer element {buffer.type.element_type} differs from the "
                    f"layer's {expected}"
                )
            if len(buffer.type.shape) != len(typ.get_shape()):
                raise VerifyException(f"{self.name}: buffer {buffer.type} has the wrong rank")
        rank = len(self.layer_shapes()[1])
        check_map(self, "at", self.at, self.indices, rank)
        check_sizes(self, self.sizes, rank)
        rounding = self.properties.get("rounding")
        if isinstance(rounding, StringAttr) and rounding.data not in ROUNDING_MODES:
            raise VerifyException(f"{self.name}: rounding must be one of {ROUNDING_MODES}")
        check(self, self.check_geometry)

    def check_geometry(self) -> None:
        """Raise ValueError when the layer's shapes disagree with the op's properties."""


def _expect(shape: Sequence[int], expected: Sequence[int], what: str) -> None:
    if tuple(shape) != tuple(expected):
        raise ValueError(
            f"layer result shape {tuple(shape)} differs from the {what} shape {tuple(expected)}"
        )


class ReducingOp(TiledOp):
    """A layer with weights whose tiles may reduce over input-channel chunks into `acc`
    (module docstring)."""

    input = operand_def(BufferType)
    weight = operand_def(BufferType)
    bias = opt_operand_def(BufferType)
    acc = opt_operand_def(BufferType)
    output = operand_def(BufferType)
    in_chunk = opt_prop_def(IntegerAttr)
    chunk = opt_prop_def(AffineMapAttr)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    BUFFER_NAMES: ClassVar[tuple[str, ...]] = ("input", "weight", "bias", "acc", "output")
    assembly_format = (
        "$input `,` $weight (`,` $bias^)? `->` $output (`acc` $acc^)? (`(` $indices^ `)`)? "
        "attr-dict `:` type($input) `,` type($weight) (`,` type($bias)^)? `->` type($output) "
        "(`acc` type($acc)^)?"
    )

    def reduced_channels(self) -> int:
        """The input channels each output element sums over (what chunks split)."""
        return self.layer_shapes()[0][1][1]

    def verify_(self) -> None:
        super().verify_()
        given = [x is not None for x in (self.acc, self.in_chunk, self.chunk)]
        if any(given) and not all(given):
            raise VerifyException(f"{self.name}: acc, in_chunk and chunk go together")
        if self.acc is None:
            return
        acc = self.acc.type
        assert isinstance(acc, BufferType)
        if acc.element_type != IntegerType(32):
            raise VerifyException(f"{self.name}: acc must be a buffer of i32, got {acc}")
        if tuple(acc.shape) != tuple(self.sizes.get_values()):
            raise VerifyException(
                f"{self.name}: acc must hold the output tile {list(self.sizes.get_values())}, "
                f"got {list(acc.shape)}"
            )
        chunk, channels = self.in_chunk.value.data, self.reduced_channels()
        if not 1 <= chunk < channels:
            raise VerifyException(
                f"{self.name}: in_chunk must be in [1, {channels}) (the reduced input "
                f"channels), got {chunk}"
            )
        check_map(self, "chunk", self.chunk, self.indices, 1)

    @property
    def chunks(self) -> int:
        """How many input-channel chunks the reduction has (1 without `acc`)."""
        if self.in_chunk is None:
            return 1
        return -(-self.reduced_channels() // self.in_chunk.value.data)


@irdl_op_definition
class Conv2dOp(ReducingOp):
    """One output tile of a `quant.conv2d` (channels [c, c + tc) must not split a group),
    or one input-channel chunk of it (module docstring; one group only)."""

    name = "tile.conv2d"

    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)
    dilations = prop_def(DenseArrayBase)
    group = prop_def(IntegerAttr)

    def verify_(self) -> None:
        super().verify_()
        if self.acc is not None and self.group.value.data != 1:
            raise VerifyException(f"{self.name}: input-channel chunks need group = 1")

    def check_geometry(self) -> None:
        (x, w, *_), y = self.layer_shapes()
        expected = shapes.conv2d(
            x,
            w,
            ints(self.strides),
            ints(self.pads),
            ints(self.dilations),
            self.group.value.data,
        )
        _expect(y, expected, "convolution's")


class _PoolOp(TiledOp):
    input = operand_def(BufferType)
    output = operand_def(BufferType)
    kernel_shape = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)

    BUFFER_NAMES: ClassVar[tuple[str, ...]] = ("input", "output")
    assembly_format = (
        "$input `->` $output (`(` $indices^ `)`)? attr-dict `:` type($input) `->` type($output)"
    )

    def check_geometry(self) -> None:
        (x,), y = self.layer_shapes()
        kernel, strides, pads = ints(self.kernel_shape), ints(self.strides), ints(self.pads)
        _expect(y, shapes.pool2d(x, kernel, strides, pads, (1, 1), False), "pool's")


@irdl_op_definition
class MaxPoolOp(_PoolOp):
    """One output tile of a `quant.maxpool` (no ceil_mode: tile it with tile.apply)."""

    name = "tile.maxpool"


@irdl_op_definition
class AvgPoolOp(_PoolOp):
    """One output tile of a `quant.avgpool` (no ceil_mode: tile it with tile.apply)."""

    name = "tile.avgpool"

    count_include_pad = opt_prop_def(UnitAttr)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)


@irdl_op_definition
class GlobalAvgPoolOp(TiledOp):
    """Output channels [c, c + tc) of a `quant.global_avgpool`."""

    name = "tile.global_avgpool"

    input = operand_def(BufferType)
    output = operand_def(BufferType)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    BUFFER_NAMES: ClassVar[tuple[str, ...]] = ("input", "output")
    assembly_format = _PoolOp.assembly_format

    def check_geometry(self) -> None:
        (x,), y = self.layer_shapes()
        _expect(y, (*x[:2], 1, 1), "global pool's")


@irdl_op_definition
class FullyConnectedOp(ReducingOp):
    """Rows [m, m + tm) and outputs [n, n + tn) of a `quant.fully_connected`, or one
    input-channel chunk of them (module docstring)."""

    name = "tile.fully_connected"

    def check_geometry(self) -> None:
        (x, w, *_), y = self.layer_shapes()
        _expect(y, shapes.gemm(x, w, False, True), "fully connected")


class _ElementwiseOp(TiledOp):
    lhs = operand_def(BufferType)
    rhs = operand_def(BufferType)
    output = operand_def(BufferType)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    BUFFER_NAMES: ClassVar[tuple[str, ...]] = ("lhs", "rhs", "output")
    assembly_format = (
        "$lhs `,` $rhs `->` $output (`(` $indices^ `)`)? attr-dict "
        "`:` type($lhs) `,` type($rhs) `->` type($output)"
    )

    def check_geometry(self) -> None:
        (a, b), y = self.layer_shapes()
        if not a == b == y:
            raise ValueError(f"tiles need equal shapes (no broadcasting), got {a}, {b} -> {y}")


@irdl_op_definition
class AddOp(_ElementwiseOp):
    """One tile of a `quant.add` of equally shaped tensors."""

    name = "tile.add"


@irdl_op_definition
class MulOp(_ElementwiseOp):
    """One tile of a `quant.mul` of equally shaped tensors."""

    name = "tile.mul"


@irdl_op_definition
class ApplyOp(IRDLOperation):
    """Runs the quant ops of its body on whole buffers: the body's arguments are the
    contents of `ins` (single-slot buffers) as tensors, and the tensors it yields are stored
    into `outs`. For layers that are not tiled (softmax, resize, concat, ...).

        tile.apply ins(%a : !tile.buffer<...>) outs(%y : !tile.buffer<...>) {
        ^bb0(%x: tensor<...>):
          %s = quant.softmax %x {axis = 1 : i64} : (tensor<...>) -> tensor<...>
          tile.yield %s : tensor<...>
        }
    """

    name = "tile.apply"

    ins = var_operand_def(BufferType)
    outs = var_operand_def(BufferType)
    body = region_def("single_block")

    irdl_options = (AttrSizedOperandSegments(as_property=True),)
    assembly_format = (
        "`ins` `(` $ins `:` type($ins) `)` `outs` `(` $outs `:` type($outs) `)` $body attr-dict"
    )

    def verify_(self) -> None:
        from xopt.dialects.tile.loop_ops import YieldOp

        block = self.body.block
        if len(block.args) != len(self.ins):
            raise VerifyException(
                f"{self.name}: the body needs one tensor argument per input buffer"
            )
        for arg, buffer in zip(block.args, self.ins):
            if not isinstance(arg.type, TensorType):
                raise VerifyException(f"{self.name}: the body's arguments must be tensors")
            expect_tensor_of_buffer(self, arg, buffer.type)
        last = block.last_op
        if not isinstance(last, YieldOp) or len(last.values) != len(self.outs):
            raise VerifyException(
                f"{self.name}: the body must end with tile.yield of one tensor per output buffer"
            )
        for value, buffer in zip(last.values, self.outs):
            if not isinstance(value.type, TensorType):
                raise VerifyException(f"{self.name}: the body must yield tensors")
            expect_tensor_of_buffer(self, value, buffer.type)
