"""Building NEON-level IR by hand: `KernelBuilder` appends `arith` / `neon` / `scf` ops to a
block, folding index arithmetic on Python ints so that everything known when the kernel is
generated (shapes, strides, paddings, offsets) stays a constant. An `Index` is an `int` or
an `index` SSA value."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.dialects import arith, func, memref, scf
from xdsl.dialects.builtin import IndexType, IntegerAttr, IntegerType, MemRefType
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.transforms.dead_code_elimination import region_dce

from xopt.dialects.neon import INTRINSIC_OPS, TYPES, LoadOp, StoreOp

Index = int | SSAValue


class KernelBuilder:
    """Appends ops to `block` (see the module docstring)."""

    def __init__(self, block: Block):
        self.block = block

    def _add(self, op: Operation) -> Operation:
        self.block.add_op(op)
        return op

    def index(self, value: Index) -> SSAValue:
        if isinstance(value, SSAValue):
            return value
        return self._add(arith.ConstantOp(IntegerAttr(value, IndexType()))).results[0]

    def scalar(self, value: int, bits: int) -> SSAValue:
        """An `i<bits>` constant."""
        attr = IntegerAttr(value, IntegerType(bits))
        return self._add(arith.ConstantOp(attr)).results[0]

    def add(self, a: Index, b: Index) -> Index:
        if isinstance(a, int) and isinstance(b, int):
            return a + b
        if isinstance(b, int) and b == 0:
            return a
        if isinstance(a, int) and a == 0:
            return b
        return self._add(arith.AddiOp(self.index(a), self.index(b))).results[0]

    def mul(self, a: Index, b: Index) -> Index:
        if isinstance(a, int) and isinstance(b, int):
            return a * b
        if isinstance(a, int):
            a, b = b, a
        if b == 1:
            return a
        if b == 0:
            return 0
        return self._add(arith.MuliOp(self.index(a), self.index(b))).results[0]

    def min(self, a: Index, b: Index) -> Index:
        if isinstance(a, int) and isinstance(b, int):
            return min(a, b)
        return self._add(arith.MinSIOp(self.index(a), self.index(b))).results[0]

    def call(self, intrinsic: str, *args: SSAValue, immediate: int | None = None) -> SSAValue:
        """`neon.<intrinsic>` of `args` (and its immediate operand, if it takes one)."""
        op = INTRINSIC_OPS[intrinsic].build_call(*args, immediate=immediate)
        return self._add(op).results[0]

    def load(self, memref_value: SSAValue, offset: Index, kind: str) -> SSAValue:
        """A vector of `types.TYPES[kind]` from `memref_value[offset]`."""
        op = LoadOp.create(operands=[memref_value, self.index(offset)], result_types=[TYPES[kind]])
        return self._add(op).results[0]

    def store(self, value: SSAValue, memref_value: SSAValue, offset: Index) -> None:
        self._add(StoreOp.create(operands=[value, memref_value, self.index(offset)]))

    def get_global(self, name: str, typ: MemRefType) -> SSAValue:
        return self._add(memref.GetGlobalOp(name, typ)).results[0]

    def loop(
        self,
        lower: int,
        upper: int,
        carried: Sequence[SSAValue],
        body: Callable[[KernelBuilder, Index, list[SSAValue]], Sequence[SSAValue]],
    ) -> list[SSAValue]:
        """`scf.for i in [lower, upper)` carrying `carried`; `body(builder, i, values)`
        returns the next iteration's values. A single iteration is inlined with `i` a
        constant."""
        if upper - lower == 1:
            return list(body(self, lower, list(carried)))
        if upper <= lower:
            return list(carried)
        block = Block(arg_types=[IndexType(), *(v.type for v in carried)])
        inner = KernelBuilder(block)
        results = body(inner, block.args[0], list(block.args[1:]))
        block.add_op(scf.YieldOp(*results))
        bounds = [self.index(lower), self.index(upper), self.index(1)]
        return list(self._add(scf.ForOp(*bounds, list(carried), Region(block))).results)


def kernel_function(
    name: str,
    arguments: Sequence[tuple[str, MemRefType]],
    fill: Callable[[KernelBuilder, list], None],
) -> func.FuncOp:
    """A private `func.func @name` of the named memref `arguments` whose body
    `fill(builder, args)` writes (the `func.return` is added, values nothing reads are
    removed)."""
    block = Block(arg_types=[t for _, t in arguments])
    for arg, (hint, _) in zip(block.args, arguments):
        arg.name_hint = hint
    fill(KernelBuilder(block), list(block.args))
    block.add_op(func.ReturnOp())
    body = Region(block)
    region_dce(body)
    types = [t for _, t in arguments]
    return func.FuncOp(name, (types, []), body, visibility="private")
