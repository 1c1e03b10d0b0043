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

    def verify_(self) -> None:
        buffers = self.buffers
        check_refs(self, buffers, self.refs, self.indices)
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


@irdl_op_definition
class Conv2dOp(TiledOp):
    """One output tile of a `quant.conv2d` (channels [c, c + tc) must not split a group)."""

    name = "tile.conv2d"

    input = operand_def(BufferType)
    weight = operand_def(BufferType)
    bias = opt_operand_def(BufferType)
    output = operand_def(BufferType)
    strides = prop_def(DenseArrayBase)
    pads = prop_def(DenseArrayBase)
    dilations = prop_def(DenseArrayBase)
    group = prop_def(IntegerAttr)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    BUFFER_NAMES: ClassVar[tuple[str, ...]] = ("input", "weight", "bias", "output")
    assembly_format = (
        "$input `,` $weight (`,` $bias^)? `->` $output (`(` $indices^ `)`)? attr-dict "
        "`:` type($input) `,` type($weight) (`,` type($bias)^)? `->` type($output)"
    )

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
class FullyConnectedOp(TiledOp):
    """Rows [m, m + tm) and outputs [n, n + tn) of a `quant.fully_connected`."""

    name = "tile.fully_connected"

    input = operand_def(BufferType)
    weight = operand_def(BufferType)
    bias = opt_operand_def(BufferType)
    output = operand_def(BufferType)
    clamp = opt_prop_def(DenseArrayBase)
    rounding = opt_prop_def(StringAttr)

    BUFFER_NAMES: ClassVar[tuple[str, ...]] = ("input", "weight", "bias", "output")
    assembly_format = Conv2dOp.assembly_format

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
