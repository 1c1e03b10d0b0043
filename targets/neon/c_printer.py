"""NEON-level IR as C: every `func.func` of `scf.for` / `arith` / `memref.get_global` /
`neon` ops becomes a `static void` function with `arm_neon.h` intrinsics, one statement per
op, and every `memref.global` a const array.

- A flat memref argument is a `restrict` pointer (`const` when the function never stores
  through it; cast to void when never used); `index` values are `int64_t`.
- SSA values are `const` locals; an `scf.for`'s loop-carried values are mutable locals
  assigned at the end of each iteration (all yielded values are read before any is
  written); the loop's results are those locals after it.
- Integer constants print as literals; `memref.get_global` is a pointer to the const array
  (hidden from constant folding by an empty asm statement).

An op outside this set is an `XoptError` naming it. The printer adds nothing of its own:
what runs is the IR, op for op.
"""

from __future__ import annotations

import re

import numpy as np
from xdsl.dialects import arith, func, memref, scf
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    MemRefType,
    ModuleOp,
    VectorType,
)
from xdsl.ir import Attribute, Operation, SSAValue

from xopt.dialects.neon import C_TYPES, IntrinsicOp, LoadOp, StoreOp
from xopt.dialects.neon.types import is_quad, lane_suffix
from xopt.errors import XoptError
from xopt.targets.c.c_program import ConstData

_BINARY = {arith.AddiOp: "+", arith.SubiOp: "-", arith.MuliOp: "*"}
_SELECT = {arith.MinSIOp: "<", arith.MaxSIOp: ">"}


def c_type(t: Attribute) -> str:
    """The C type of a scalar, index or vector value."""
    if isinstance(t, IndexType):
        return "int64_t"
    if t in C_TYPES:
        return C_TYPES[t]
    raise XoptError(f"the NEON C printer has no C type for {t}")


def _element_type(t: MemRefType) -> str:
    element = t.element_type
    if isinstance(element, IntegerType) and element.width.data in (8, 16, 32):
        return f"int{element.width.data}_t"
    raise XoptError(f"the NEON C printer takes memrefs of i8, i16 or i32, not {t}")


def _identifier(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


class _FunctionPrinter:
    def __init__(self, function: func.FuncOp):
        self.function = function
        self.names: dict[SSAValue, str] = {}
        self.lines: list[str] = []
        self.depth = 1
        self.count = 0

    def fresh(self, value: SSAValue) -> str:
        hint = _identifier(value.name_hint) if value.name_hint else "v"
        self.count += 1
        name = f"{hint}_{self.count}"
        self.names[value] = name
        return name

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.depth + line)

    def define(self, value: SSAValue, expression: str) -> None:
        self.emit(f"const {c_type(value.type)} {self.fresh(value)} = {expression};")

    def define_pointer(self, value: SSAValue, element: str, array: str) -> None:
        """A pointer to a const array, opaque to the compiler (an empty asm statement), so
        that a load from it at a constant offset stays a load from a base register instead
        of becoming a literal-pool load of its own (2 instructions each on aarch64)."""
        name = self.fresh(value)
        self.emit(f"const {element} *{name} = {array};")
        self.emit(f'__asm__("" : "+r"({name}));')

    def __call__(self) -> str:
        block = self.function.body.block
        stored = {op.memref for op in self.function.walk() if isinstance(op, StoreOp)}
        params = []
        for arg in block.args:
            if not isinstance(arg.type, MemRefType) or len(arg.type.get_shape()) != 1:
                raise XoptError(
                    f"@{self.function.sym_name.data}: the NEON C printer takes flat memref "
                    f"arguments, not {arg.type}"
                )
            qualifier = "" if arg in stored else "const "
            params.append(f"{qualifier}{_element_type(arg.type)} *restrict {self.fresh(arg)}")
        name = _identifier(self.function.sym_name.data)
        for arg in block.args:
            if not arg.uses:  # e.g. an output that only ever reads padding
                self.emit(f"(void){self.names[arg]};")
        self.block(block)
        body = "\n".join(self.lines)
        return f"static void {name}({', '.join(params)})\n{{\n{body}\n}}"

    def block(self, block) -> None:
        for op in block.ops:
            self.op(op)

    def op(self, op: Operation) -> None:
        if isinstance(op, arith.ConstantOp):
            value = op.value
            assert isinstance(value, IntegerAttr)
            self.names[op.result] = str(value.value.data)
        elif type(op) in _BINARY:
            lhs, rhs = (self.names[v] for v in op.operands)
            self.define(op.result, f"{lhs} {_BINARY[type(op)]} {rhs}")
        elif type(op) in _SELECT:
            lhs, rhs = (self.names[v] for v in op.operands)
            self.define(op.result, f"{lhs} {_SELECT[type(op)]} {rhs} ? {lhs} : {rhs}")
        elif isinstance(op, memref.GetGlobalOp):
            element = _element_type(op.memref.type)
            self.define_pointer(op.memref, element, _identifier(op.name_.string_value()))
        elif isinstance(op, IntrinsicOp):
            args = ", ".join(
                [self.names[a] for a in op.args]
                + ([] if op.immediate is None else [str(op.immediate)])
            )
            self.define(op.result, f"{op.intrinsic}({args})")
        elif isinstance(op, LoadOp):
            self.define(op.result, f"{_memory('ld', op.result.type)}({self._address(op)})")
        elif isinstance(op, StoreOp):
            value = self.names[op.value]
            self.emit(f"{_memory('st', op.value.type)}({self._address(op)}, {value});")
        elif isinstance(op, scf.ForOp):
            self.loop(op)
        elif isinstance(op, func.ReturnOp) and op is self.function.body.block.last_op:
            pass
        else:
            raise XoptError(f"the NEON C printer cannot print '{op.name}'")

    def _address(self, op: LoadOp | StoreOp) -> str:
        return f"{self.names[op.memref]} + {self.names[op.index]}"

    def loop(self, op: scf.ForOp) -> None:
        body = op.body.block
        induction, *carried = body.args
        for arg, init, result in zip(carried, op.iter_args, op.res):
            name = self.fresh(arg)
            self.emit(f"{c_type(arg.type)} {name} = {self.names[init]};")
            self.names[result] = name
        i = self.fresh(induction)
        lb, ub, step = (self.names[v] for v in (op.lb, op.ub, op.step))
        self.emit(f"for (int64_t {i} = {lb}; {i} < {ub}; {i} += {step}) {{")
        self.depth += 1
        for inner in body.ops:
            if isinstance(inner, scf.YieldOp):
                self.yield_(carried, inner)
            else:
                self.op(inner)
        self.depth -= 1
        self.emit("}")

    def yield_(self, carried, op: scf.YieldOp) -> None:
        if not carried:
            return
        temps = []
        for arg, value in zip(carried, op.operands):
            temps.append(f"next_{self.names[arg]}")
            self.emit(f"const {c_type(arg.type)} {temps[-1]} = {self.names[value]};")
        for arg, temp in zip(carried, temps):
            self.emit(f"{self.names[arg]} = {temp};")


def _memory(kind: str, t: VectorType) -> str:
    """`vld1q_s8`, `vst1_s16`, ...: the load or store of a vector type."""
    return f"v{kind}1{'q' if is_quad(t) else ''}_{lane_suffix(t)}"


def print_function(function: func.FuncOp) -> str:
    """A NEON-level `func.func` as a static C function (module docstring)."""
    return _FunctionPrinter(function)()


def print_global(op: memref.GlobalOp, data: ConstData) -> None:
    """A constant `memref.global` of i8 or i32 as a const array, appended to `data`."""
    value, element = op.initial_value, op.type.element_type
    width = element.width.data if isinstance(element, IntegerType) else None
    kind = {8: "*i8", 32: "*i32"}.get(width)
    if not isinstance(value, DenseIntOrFPElementsAttr) or kind is None:
        raise XoptError(f"memref.global @{op.sym_name.data}: needs dense i8 or i32 data")
    dtype = np.int8 if kind == "*i8" else np.int32
    data.array(_identifier(op.sym_name.data), np.asarray(value.get_values(), dtype), kind)


def print_kernels(module: ModuleOp, names: list[str]) -> str:
    """The functions `names` of `module` (NEON-level kernels) as C, each after the const
    arrays of the globals it reads."""
    symbols = {
        op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp | memref.GlobalOp)
    }
    parts = []
    for name in names:
        function = symbols.get(name)
        if not isinstance(function, func.FuncOp):
            raise XoptError(f"no kernel function @{name} in the module")
        data = ConstData()
        for op in function.walk():
            if isinstance(op, memref.GetGlobalOp):
                print_global(symbols[op.name_.string_value()], data)
        parts += [*data.lines, print_function(function)]
    return "\n\n".join(["#include <arm_neon.h>", *parts]) + "\n" if parts else ""
