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
- a conv with few input channels per kernel row (kernel_w * in_c <= 16, at least 16
  output channels, width dilation 1: an image's first layer, and 1x1 convs of up to 16
  input channels; `xopt.targets.neon.lower_row_conv`).

Generated kernels keep their weights one int8 per value. A conv with packed (i4 / i2)
weights is therefore left to runtime_c/neon's packed-weight kernels, except a depthwise
one, which no runtime kernel reads packed.

On tile IR (`tile-for-memory`'s output) the pass does the same for the `tile.conv2d` ops of
such layers whose tiles are whole rows (`xopt.targets.neon.tile_rows`): the kernel is the
generator's row form, `@neon_<layer>_rows(x0, ..., y)`, one output row from its input rows
(`xopt.targets.neon.conv_kernels`), shared by every tile op of the layer, and the tiled C
calls it row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, SymbolRefAttr
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass

from xopt.dialects import quant, tile
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


def _conv2d(args, kwargs, name: str, weight_bits: int, rows: bool) -> list[Operation] | None:
    """The first generated kernel that applies to the conv with the quant executor's
    `conv2d` arguments (module docstring), or None."""
    from xopt.targets.neon import lower_depthwise, lower_row_conv

    generators = [lower_depthwise]
    if weight_bits == 8:
        generators.append(lower_row_conv)
    for generator in generators:
        if (kernel := generator.conv2d_kernel(args, kwargs, name, rows)) is not None:
            return kernel
    return None


def _lower_quant_conv(op: quant.Conv2dOp, values, name: str) -> list[Operation] | None:
    if not (_int8_activation(op.input) and _int8_activation(op.output)):
        return None
    inv = invocation(op, values)
    return _conv2d(inv.args, inv.kwargs, name, storage_bits(op.weight), rows=False)


def _lower_tile_convs(module: ModuleOp, main, taken: set[str]) -> None:
    """Row kernels for the tile.conv2d ops of `main` that take them (module docstring)."""
    from xopt.targets.c.tiled_layers import held_constants
    from xopt.targets.neon import tile_rows

    kernels: dict[tuple[SSAValue, SSAValue], str | None] = {}
    for op, held in held_constants(main).items():
        if not isinstance(op, tile.Conv2dOp) or KERNEL_ATTR in op.attributes:
            continue
        if not (tile_rows.int8_layer(op) and tile_rows.row_tile(op)):
            continue
        key = (op.output, op.weight)
        if key not in kernels:
            kernels[key] = None
            if (arguments := tile_rows.conv_arguments(op, held)) is not None:
                hint = op.output.name_hint or "conv"
                name = c_identifier(f"neon_{hint}_rows", taken)
                if (kernel := _conv2d(*arguments, name, 8, rows=True)) is not None:
                    module.body.block.add_ops(kernel)
                    kernels[key] = name
        if (name := kernels[key]) is not None:
            op.attributes[KERNEL_ATTR] = SymbolRefAttr(name)


@dataclass(frozen=True)
class LowerToNeonPass(ModulePass):
    """Adds a specialised NEON kernel for each quant op (or tile.conv2d) that has one
    (module docstring)."""

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
                kernel = _lower_quant_conv(layer, _operand_values(layer, constants), name)
                if kernel is not None:
                    op.body.block.add_ops(kernel)
                    layer.attributes[KERNEL_ATTR] = SymbolRefAttr(name)
        _lower_tile_convs(op, main, taken)
