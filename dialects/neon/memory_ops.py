"""Vector loads and stores at an element offset of a flat memref:

    %v = neon.load %x[%i] : memref<4608xi8> -> vector<16xi8>      // vld1q_s8(&x[i])
    neon.store %v, %y[%i] : vector<16xi8>, memref<4608xi8>       // vst1q_s8(&y[i], v)

A 128-bit vector is `vld1q_*` / `vst1q_*`, a 64-bit one `vld1_*` / `vst1_*`. The lanes are
the memref elements `i` to `i + lanes - 1`; no alignment is assumed. The memref's element
type is the vector's.
"""

from __future__ import annotations

from xdsl.dialects.builtin import IndexType, MemRefType, VectorType
from xdsl.irdl import IRDLOperation, irdl_op_definition, operand_def, result_def
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.neon.types import is_register


def _check(op: IRDLOperation, memref: MemRefType, vector: VectorType) -> None:
    if not is_register(vector):
        raise VerifyException(f"{op.name}: {vector} is not a NEON register type")
    if len(memref.get_shape()) != 1:
        raise VerifyException(f"{op.name}: the memref must be flat (rank 1), got {memref}")
    if memref.element_type != vector.element_type:
        raise VerifyException(
            f"{op.name}: element types differ: {memref.element_type} and {vector.element_type}"
        )


@irdl_op_definition
class LoadOp(IRDLOperation):
    """A vector of consecutive memref elements from `index` on (module docstring)."""

    name = "neon.load"

    memref = operand_def(MemRefType)
    index = operand_def(IndexType)
    result = result_def(VectorType)

    assembly_format = "$memref `[` $index `]` attr-dict `:` type($memref) `->` type($result)"

    def verify_(self) -> None:
        _check(self, self.memref.type, self.result.type)


@irdl_op_definition
class StoreOp(IRDLOperation):
    """Stores a vector's lanes at memref elements `index` on (module docstring)."""

    name = "neon.store"

    value = operand_def(VectorType)
    memref = operand_def(MemRefType)
    index = operand_def(IndexType)

    assembly_format = (
        "$value `,` $memref `[` $index `]` attr-dict `:` type($value) `,` type($memref)"
    )

    def verify_(self) -> None:
        _check(self, self.memref.type, self.value.type)
