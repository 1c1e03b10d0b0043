"""`lower-to-neon`: generate a NEON-level kernel for every quant op of `@main` that has one,
specialised to that layer, and point the op at it.

For each such op the pass adds the kernel's constant `memref.global`s (packed weights,
folded bias, requantization constants) and its `func.func private @neon_<layer>(x, y)` on
flat memrefs of the C runtime's layout (`xopt.targets.neon.lower_*`), and sets the op's
`neon.kernel = @neon_<layer>`. `@main` itself is unchanged: the NEON C target calls the
kernel where the attribute is, and runtime_c's kernels elsewhere.

Ops lowered: `quant.conv2d` with int8 activations, zero weight points and fixed_point
requantization that is
- a 3x3 depthwise conv with 16 channels or more and dilation 1
  (`xopt.targets.neon.lower_depthwise`), or
- a conv with few input channels (kernel_w * in_c <= 16, at least 16 output channels,
  width dilation 1, kernel larger than 1x1: an image's first layer;
  `xopt.targets.neon.lower_row_conv`).

Generated kernels keep their weights one int8 per value. A conv with packed (i4 / i2)
weights is therefore left to runtime_c/neon's packed-weight kernels, except a depthwise
one, which no runtime kernel reads packed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, SymbolRefAttr
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass

from xopt.dialects import quant
from xopt.dialects.graph.base import shape_of
from xopt.executor.quant_interpreter import storage_dtype
from xopt.executor.quant_invocations import invocation, quantized_element
from xopt.executor.run import main_function
from xopt.targets.c.model_lowering import GENERATED_KERNEL_ATTR as KERNEL_ATTR
from xopt.targets.c.model_lowering import c_identifier, constant_array
from xopt.targets.c.subbyte import storage_bits


def _int8_activation(value: SSAValue) -> bool:
    element = quantized_element(value.type)
    return element.storage_bits == 8 and element.signed


def _operand_values(op: Operation, constants: dict[SSAValue, np.ndarray]) -> list[np.ndarray]:
    """Constant operands' stored integers; zeros of the right shape for activations."""
    values = []
    for v in op.operands:
        if v in constants:
            values.append(constants[v])
        else:
            values.append(np.zeros(shape_of(v), storage_dtype(quantized_element(v.type))))
    return values


def _conv2d(op: quant.Conv2dOp, values, name: str) -> list[Operation] | None:
    """The first generated kernel that applies to `op`, or None (module docstring)."""
    from xopt.targets.neon import lower_depthwise, lower_row_conv

    if not (_int8_activation(op.input) and _int8_activation(op.output)):
        return None
    inv = invocation(op, values)
    generators = [lower_depthwise]
    if storage_bits(op.weight) == 8:
        generators.append(lower_row_conv)
    for generator in generators:
        if (kernel := generator.conv2d_kernel(inv.args, inv.kwargs, name)) is not None:
            return kernel
    return None


@dataclass(frozen=True)
class LowerToNeonPass(ModulePass):
    """Adds a specialised NEON kernel for each quant op that has one (module docstring)."""

    name = "lower-to-neon"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        main = main_function(op)
        constants: dict[SSAValue, np.ndarray] = {}
        taken = {o.sym_name.data for o in op.ops if hasattr(o, "sym_name")}
        for layer in main.body.block.ops:
            if (data := constant_array(layer)) is not None:
                constants[layer.results[0]] = data
            elif isinstance(layer, quant.Conv2dOp) and KERNEL_ATTR not in layer.attributes:
                name = c_identifier("neon_" + (layer.output.name_hint or "conv"), taken)
                kernel = _conv2d(layer, _operand_values(layer, constants), name)
                if kernel is not None:
                    op.body.block.add_ops(kernel)
                    layer.attributes[KERNEL_ATTR] = SymbolRefAttr(name)
