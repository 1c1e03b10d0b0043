"""Buffer references: where in a buffer an op reads or writes, affine in the loop indices.

An op that addresses buffers has `indices` (index operands, usually loop indices) and one
affine map per buffer operand in its `refs` property, in operand order. Map k's dimensions
are the indices d0, d1, ...; its results are the slot of buffer k followed by one offset per
buffer axis: `affine_map<(d0) -> (d0 mod 2, 0, 0, d0 * 8 - 1, 0)>` is slot i mod 2, row
8i - 1. Offsets may be negative or run past the buffer: what that means is the op's rule
(DMA boxes are clipped, compute windows outside the tensor are padding).
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import AffineMapAttr, ArrayAttr, DenseArrayBase, IndexType
from xdsl.ir import Operation, SSAValue
from xdsl.irdl import prop_def, var_operand_def
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.tile.types import BufferType


def refs_def():
    """The `refs` property (one affine map per buffer operand)."""
    return prop_def(ArrayAttr[AffineMapAttr])


def indices_def():
    """The `indices` operands the maps' dimensions stand for."""
    return var_operand_def(IndexType)


def check_refs(op: Operation, buffers: Sequence[SSAValue], refs: ArrayAttr, indices) -> None:
    """One map per buffer, each over len(indices) dimensions with 1 + rank results."""
    maps = [r.data for r in refs.data]
    if len(maps) != len(buffers):
        raise VerifyException(
            f"{op.name}: refs has {len(maps)} maps for {len(buffers)} buffer operands"
        )
    for k, (amap, buffer) in enumerate(zip(maps, buffers)):
        typ = buffer.type
        assert isinstance(typ, BufferType)
        if amap.num_dims != len(indices) or amap.num_symbols != 0:
            raise VerifyException(
                f"{op.name}: refs map #{k} must have {len(indices)} dimensions (one per index "
                f"operand) and no symbols, got {amap}"
            )
        if len(amap.results) != 1 + len(typ.shape):
            raise VerifyException(
                f"{op.name}: refs map #{k} must give a slot and {len(typ.shape)} offsets, got "
                f"{len(amap.results)} results"
            )


def check_map(op: Operation, name: str, amap: AffineMapAttr, indices, results: int) -> None:
    """A map property other than `refs` (a tile position) over the op's indices."""
    m = amap.data
    if m.num_dims != len(indices) or m.num_symbols != 0 or len(m.results) != results:
        raise VerifyException(
            f"{op.name}: {name} must map the {len(indices)} index operand(s) to {results} "
            f"coordinates, got {m}"
        )


def check_sizes(op: Operation, sizes: DenseArrayBase, rank: int) -> tuple[int, ...]:
    values = tuple(sizes.get_values())
    if len(values) != rank or any(v < 1 for v in values):
        raise VerifyException(
            f"{op.name}: sizes must be {rank} positive extents, got {list(values)}"
        )
    return values
