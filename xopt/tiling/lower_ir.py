"""Small builders of tile IR used by `tile-for-memory`: affine maps over loop indices, DMA
copies (started and waited), loops, and a cursor that appends ops to the current block."""

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

    def add(self, op: Operation) -> Operation:
        self.block.add_op(op)
        return op

    def dim(self, k: int) -> AffineExpr:
        return AffineExpr.dimension(k)

    def map(self, exprs: Sequence[Expr]) -> AffineMapAttr:
        return AffineMapAttr(AffineMap(len(self.indices), 0, tuple(expr(e) for e in exprs)))

    def refs(self, *positions: Sequence[Expr]) -> ArrayAttr:
        return ArrayAttr([self.map(p) for p in positions])

    def copy(self, src: SSAValue, src_at, dst: SSAValue, dst_at, sizes: Sequence[int]) -> None:
        """A synchronous DMA of the box `sizes` from src position `src_at` (slot first) to
        dst position `dst_at`: `tile.dma_start` then `tile.dma_wait`."""
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
        self.add(tile.DmaWaitOp.build(operands=[start.results[0]]))

    def loop(self, lower: int, upper: int) -> Cursor:
        """Append `tile.for %i = lower to upper` (no carried values); the cursor of its body.
        Call `close` on it when the body is complete."""
        body = loop_body([IndexType()])
        self.add(tile.ForOp(lower, upper, 1, [], body))
        return Cursor(body.block, [*self.indices, body.block.args[0]])

    def close(self) -> None:
        self.add(tile.YieldOp())
