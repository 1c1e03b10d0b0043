"""The `neon` ISA dialect: Arm Advanced SIMD (AArch64, with the dot-product extension) at
the level of the ACLE intrinsics, one op per intrinsic (`intrinsic_ops`), plus vector loads
and stores on flat memrefs (`memory_ops`). Values are builtin vectors (`types`).

Kernels at this level are `func.func`s of `scf.for` loops, `arith` index arithmetic,
`memref.get_global` weights and these ops, specialised per layer (every shape, stride and
padding a constant); `xopt.targets.neon.c_printer` prints them as C with `arm_neon.h`
intrinsics, one C statement per op.
"""

from xdsl.ir import Dialect

from xopt.dialects.neon.intrinsic_ops import INTRINSIC_OPS, SIGNATURES, IntrinsicOp
from xopt.dialects.neon.memory_ops import LoadOp, StoreOp
from xopt.dialects.neon.types import C_TYPES, TYPES

Neon = Dialect("neon", [*INTRINSIC_OPS.values(), LoadOp, StoreOp], [])

__all__ = [
    "C_TYPES",
    "INTRINSIC_OPS",
    "SIGNATURES",
    "TYPES",
    "IntrinsicOp",
    "LoadOp",
    "Neon",
    "StoreOp",
]
