"""The C targets as xDSL `Target`s: `xopt-opt MODEL.q.mlir -t c` (or `-t neon-c`) prints the
model.c that `xopt compile` writes for that target; for tile IR (`tile-for-memory`'s
output) the model.c that `xopt compile --sram` writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, ClassVar

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from xopt.executor.tile_interpreter import is_tile_module
from xopt.targets.c.model_emit import render
from xopt.targets.c.tiled_build import render_tiled


def _print_model_c(module: ModuleOp, target_name: str, output: IO[str]) -> None:
    from xopt.targets.registry import target_named

    target = target_named(target_name)
    if is_tile_module(module):
        output.write(render_tiled(module, target, "model")[0]["model.c"])
    else:
        output.write(render(target.lower(module), target, "model")["model.c"])


@dataclass(frozen=True)
class PortableCTarget(Target):
    name: ClassVar[str] = "c"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        _print_model_c(module, "c", output)


@dataclass(frozen=True)
class NeonCTarget(Target):
    name: ClassVar[str] = "neon-c"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        _print_model_c(module, "neon", output)
