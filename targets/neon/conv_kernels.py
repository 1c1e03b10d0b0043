"""What the generated conv kernels (`lower_depthwise`, `lower_row_conv`) share: the entry
point from a quant.conv2d's quant-executor arguments, and the kernel's two forms, each its
constant `memref.global`s and then a `func.func private` on flat int8 NHWC memrefs:

- the whole tensor, `@name(x, y)`: x [in_h][in_w][C], y [out_h][out_w][O];
- one output row, `@name(x0, ..., x<kernel_h - 1>, y)`: xk is the input row that kernel
  row k reads ([in_w][C]; for a kernel row in the padding, a row of x_zp bytes) and y the
  output row ([out_w][O]). Tiles call it row by row, their input rows anywhere (a ring
  buffer's rows wrap), with the same compile-time column geometry as the whole tensor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from xdsl.dialects import memref
from xdsl.dialects.builtin import IntegerType, MemRefType
from xdsl.ir import Operation, SSAValue

from xopt.targets.neon.kernel_builder import Index, KernelBuilder, kernel_function
from xopt.targets.neon.lower_requant import global_array, global_values, splats

Row = tuple[SSAValue, Index] | None
"""An input row a generated kernel reads: a flat memref and the offset of the row's first
byte it reads in it; None: a row in the padding (its taps read x_zp)."""


class ConvEmitter:
    """Base of a generated conv kernel's emitter: `layer` has `x_zero_point` and `out` (an
    `OutputStage`); subclasses give `packed_weights()`, `body(b, args, globals_)` and
    `row_body(b, args, globals_)`, which call `prologue`."""

    def __init__(self, layer, name: str):
        self.layer, self.name = layer, name

    def packed_weights(self) -> np.ndarray:
        raise NotImplementedError

    def body(self, b: KernelBuilder, args: list[SSAValue], globals_: list) -> None:
        """The whole-tensor form's body (module docstring)."""
        raise NotImplementedError

    def row_body(self, b: KernelBuilder, args: list[SSAValue], globals_: list) -> None:
        """The row form's body (module docstring)."""
        raise NotImplementedError

    def globals(self) -> list[memref.GlobalOp]:
        """The packed weights, then the output stage's constants."""
        weights = global_array(f"{self.name}_weights", self.packed_weights(), 8)
        return [weights, *self.layer.out.globals(self.name)]

    def prologue(self, b: KernelBuilder, globals_: list) -> None:
        """Sets `data` (the globals by key), the x_zp splat and the output splats."""
        self.data = global_values(b, globals_, self.name)
        self.x_zp = b.call("vdupq_n_s8", b.scalar(self.layer.x_zero_point, 8))
        self.splats = splats(b, self.layer.out)


def kernel_ops(emitter: ConvEmitter, x_elements: int, y_elements: int) -> list[Operation]:
    """The emitter's globals and its `func.func @name(x, y)` (x, y: flat int8 memrefs of
    `x_elements` and `y_elements`)."""
    globals_ = emitter.globals()
    args = [
        ("x", MemRefType(IntegerType(8), [x_elements])),
        ("y", MemRefType(IntegerType(8), [y_elements])),
    ]
    fn = kernel_function(emitter.name, args, lambda b, a: emitter.body(b, a, globals_))
    return [*globals_, fn]


def row_kernel_ops(
    emitter: ConvEmitter, kernel_h: int, x_row_bytes: int, y_row_bytes: int
) -> list[Operation]:
    """The emitter's globals and its row form `func.func @name(x0, ..., y)` (module
    docstring), whose body `emitter.row_body(b, args, globals_)` writes."""
    globals_ = emitter.globals()
    x, y = (MemRefType(IntegerType(8), [n]) for n in (x_row_bytes, y_row_bytes))
    args = [*((f"x{k}", x) for k in range(kernel_h)), ("y", y)]
    fn = kernel_function(emitter.name, args, lambda b, a: emitter.row_body(b, a, globals_))
    return [*globals_, fn]


def lowerable_conv(
    args, kwargs, applies: Callable[..., bool]
) -> tuple[dict[str, Any], np.ndarray, Any] | None:
    """The portable `xopt_conv2d_params`, the OIHW weights and the bias of a quant.conv2d
    given by the quant executor's `conv2d` arguments (int8 stored integers; activation
    values are not read) when `applies(p, w_shape, dilations, group, rounding)`, else None."""
    from xopt.targets.c import kernel_params as portable

    w, bias = np.asarray(args[1]), args[2]
    p = portable.conv2d(*args, **kwargs).params
    dilations, group = kwargs.get("dilations", (1, 1)), kwargs.get("group", 1)
    if not applies(p, w.shape, dilations, group, kwargs.get("rounding", "fixed_point")):
        return None
    return p, w, bias
