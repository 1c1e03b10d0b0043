"""Small builders of tile IR used by `tile-for-memory`: affine maps over loop indices, DMA
copies (started, waited, or both), loops carrying DMA tokens, and a cursor that appends
ops to the current block."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects.builtin import AffineMapAttr, ArrayAttr, DenseArrayBase, IndexType, i64
from xdsl.ir import Block, Operation, SSAValue
from xdsl.ir.affine import AffineExpr, AffineMap

from xopt.dialects import tile
from xopt.dialects.tile.loop_ops import loop_body

Expr = AffineExpr | int


def expr(value: Expr) -> AffineExpr:
    return value if isinstance(value, AffineExpr) else AffineExpr.constant(value)


def is_first(index: Expr, count: int) -> AffineExpr:
    """1 for index 0, else 0, for 0 <= index <= count (an affine form of `index == 0`)."""
    return expr(1) - (expr(index) + (count - 1)) // max(count, 1)


@dataclass
class Cursor:
    """Where ops go: a block, and the loop indices in scope (the maps' dimensions)."""

    block: Block
    indices: list[SSAValue] = field(default_factory=list)
    carried: list[SSAValue] = field(default_factory=list)
    results: list[SSAValue] = field(default_factory=list)

    def add(self, op: Operation) -> Operation:
        self.block.add_op(op)
        return op

    def dim(self, k: int) -> AffineExpr:
        return AffineExpr.dimension(k)

    def map(self, exprs: Sequence[Expr]) -> AffineMapAttr:
        return AffineMapAttr(AffineMap(len(self.indices), 0, tuple(expr(e) for e in exprs)))

    def refs(self, *positions: Sequence[Expr]) -> ArrayAttr:
        return ArrayAttr([self.map(p) for p in positions])

    def start(self, src: SSAValue, src_at, dst: SSAValue, dst_at, sizes: Sequence[int]) -> SSAValue:
        """Start a DMA of the box `sizes` from src position `src_at` (slot first) to dst
        position `dst_at`; its token."""
        start = self.add(
            tile.DmaStartOp.build(
                operands=[src, dst, list(self.indices)],
                properties={
                    "refs": self.refs(src_at, dst_at),
                    "sizes": DenseArrayBase.from_list(i64, list(sizes)),
                },
                result_types=[tile.TokenType()],
            )
        )
        return start.results[0]

    def wait(self, token: SSAValue) -> None:
        self.add(tile.DmaWaitOp.build(operands=[token]))

    def done(self) -> SSAValue:
        """A token of no DMA (`tile.dma_done`), to start a carried token."""
        return self.add(tile.DmaDoneOp()).results[0]

    def copy(self, src: SSAValue, src_at, dst: SSAValue, dst_at, sizes: Sequence[int]) -> None:
        """A synchronous DMA: `tile.dma_start` then `tile.dma_wait`."""
        self.wait(self.start(src, src_at, dst, dst_at, sizes))

    def loop(self, lower: int, upper: int, carried: Sequence[SSAValue] = ()) -> Cursor:
        """Append `tile.for %i = lower to upper` carrying `carried` (DMA tokens); the cursor
        of its body, whose `carried` are the body's carried arguments and `results` the
        loop's results. Call `close` on it when the body is complete."""
        body = loop_body([IndexType(), *(v.type for v in carried)])
        op = self.add(tile.ForOp(lower, upper, 1, list(carried), body))
        args = body.block.args
        return Cursor(body.block, [*self.indices, args[0]], list(args[1:]), list(op.results))

    def close(self, values: Sequence[SSAValue] = ()) -> None:
        self.add(tile.YieldOp(values))
