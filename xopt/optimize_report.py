"""`xopt optimize`: run `graph-optimize` on a model and report what it changed.

The report counts the op kinds small accelerators lack (transposed and dilated convs,
separate Resize and ArgMax) before and after, states the peak live activation memory before
and after (`xopt.memory.activation_peak`), and lists each fused Resize+ArgMax with the bytes
it no longer materialises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects import graph
from xopt.dialects.graph.base import ints
from xopt.errors import XoptError
from xopt.memory import activation_peak, format_bytes

WATCHED: dict[str, Callable[[Operation], bool]] = {
    "ConvTranspose": lambda op: isinstance(op, graph.ConvTranspose2dOp),
    "dilated Conv": lambda op: (
        isinstance(op, graph.Conv2dOp) and any(d != 1 for d in ints(op.dilations))
    ),
    "Resize": lambda op: isinstance(op, graph.ResizeOp),
    "ArgMax": lambda op: isinstance(op, graph.ArgMaxOp),
}
"""Op kinds `graph-optimize` rewrites away, by name in the report."""


@dataclass(frozen=True)
class OptimizeReport:
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    peak_before: int
    peak_after: int
    fused: list[str]

    def lines(self) -> list[str]:
        counts = ", ".join(
            f"{kind} {self.counts_before[kind]} -> {self.counts_after[kind]}" for kind in WATCHED
        )
        peak = (
            f"peak activation memory: {format_bytes(self.peak_before)} before, "
            f"{format_bytes(self.peak_after)} after"
        )
        return [counts, peak, *self.fused]


def count_watched(module: ModuleOp) -> dict[str, int]:
    ops = list(module.walk())
    return {kind: sum(1 for op in ops if rule(op)) for kind, rule in WATCHED.items()}


def optimize(module: ModuleOp, argmax_group: int = 0, dilated_rule: str = "auto"):
    """Run graph-optimize on `module` in place and return its `OptimizeReport`."""
    from xopt.ir_io import make_context
    from xopt.passes.fuse_resize_argmax import memory_report
    from xopt.passes.graph_optimize import GraphOptimizePass

    counts_before, peak_before = count_watched(module), activation_peak(module).peak_bytes
    try:
        GraphOptimizePass(argmax_group, dilated_rule).apply(make_context(), module)
    except (PassFailedException, ValueError) as e:
        raise XoptError(str(e)) from None
    return OptimizeReport(
        counts_before,
        count_watched(module),
        peak_before,
        activation_peak(module).peak_bytes,
        memory_report(module),
    )
