"""Asynchronous DMA: `tile.dma_start` copies a strided box between buffers (any levels),
`tile.dma_wait` waits for it.

    %t = tile.dma_start %x, %xs(%i) {refs = [affine_map<(d0) -> (0, 0, 0, d0 * 8 - 1, 0)>,
        affine_map<(d0) -> (d0 mod 2, 0, 0, 0, 0)>], sizes = array<i64: 1, 16, 10, 48>}
        : !tile.buffer<1x16x48x48xi8, "dram">, !tile.buffer<1x16x10x48xi8, "sram", slots = 2>
    tile.dma_wait %t
    %t0 = tile.dma_done

The box has `sizes` elements along each axis; it starts at the source offsets of refs #0
(in slot refs #0[0]) and lands at the destination offsets of refs #1: the element at source
position p goes to destination position p - src_offsets + dst_offsets. The box is clipped
to the source buffer's extent and to the destination's (not along a ring axis): clipped
elements are not transferred, so a prefetch past the end of a tensor moves nothing. Reading
the destination bytes, or writing the source bytes, before `tile.dma_wait` is an error.

`tile.dma_done` is the token of no DMA (already complete): the initial value of a token a
pipelined loop carries from one iteration to the next, such as the previous tile's output
DMA, which the first iteration does not have. It too is waited exactly once.
"""

from __future__ import annotations

from xdsl.dialects.builtin import DenseArrayBase
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
)
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.tile.refs import check_refs, check_sizes, indices_def, refs_def
from xopt.dialects.tile.types import BufferType, TokenType


@irdl_op_definition
class DmaStartOp(IRDLOperation):
    """Starts a strided copy of a box between two buffers (module docstring)."""

    name = "tile.dma_start"

    src = operand_def(BufferType)
    dst = operand_def(BufferType)
    indices = indices_def()
    refs = refs_def()
    sizes = prop_def(DenseArrayBase)
    token = result_def(TokenType)

    irdl_options = (ParsePropInAttrDict(),)
    assembly_format = "$src `,` $dst (`(` $indices^ `)`)? attr-dict `:` type($src) `,` type($dst)"

    def verify_(self) -> None:
        src, dst = self.src.type, self.dst.type
        assert isinstance(src, BufferType) and isinstance(dst, BufferType)
        if len(src.shape) != len(dst.shape) or src.element_type != dst.element_type:
            raise VerifyException(
                f"{self.name}: source and destination must have the same rank and element "
                f"type, got {src} and {dst}"
            )
        check_refs(self, (self.src, self.dst), self.refs, self.indices)
        check_sizes(self, self.sizes, len(src.shape))


@irdl_op_definition
class DmaWaitOp(IRDLOperation):
    """Waits until the DMA of `token` has completed; each token is waited exactly once."""

    name = "tile.dma_wait"

    token = operand_def(TokenType)

    assembly_format = "$token attr-dict"


@irdl_op_definition
class DmaDoneOp(IRDLOperation):
    """A token that stands for no DMA, complete at once (module docstring)."""

    name = "tile.dma_done"

    token = result_def(TokenType)

    assembly_format = "attr-dict"

    def __init__(self):
        super().__init__(result_types=[TokenType()])
