"""The one place where xopt's dialects, passes and targets are registered.

Each entry is a lazy factory, so `xdsl-opt` (through the `xdsl.universe` entry point) and
`xopt-opt` import a dialect or pass only when it is used.
"""

import importlib
from collections.abc import Callable

from xdsl.ir import Dialect
from xdsl.passes import ModulePass
from xdsl.universe import Universe


def _graph() -> Dialect:
    from xopt.dialects.graph import Graph

    return Graph


def _quant() -> Dialect:
    from xopt.dialects.quant import Quant

    return Quant


def _tile() -> Dialect:
    from xopt.dialects.tile import Tile

    return Tile


def _neon() -> Dialect:
    from xopt.dialects.neon import Neon

    return Neon


def get_all_dialects() -> dict[str, Callable[[], Dialect]]:
    return {"graph": _graph, "quant": _quant, "tile": _tile, "neon": _neon}


PASSES: dict[str, str] = {
    "decompose-argmax": "DecomposeArgmaxPass",
    "decompose-conv-transpose": "DecomposeConvTransposePass",
    "decompose-dilated-conv": "DecomposeDilatedConvPass",
    "equalize-cross-layer": "EqualizeCrossLayerPass",
    "fold-batchnorm": "FoldBatchnormPass",
    "fold-constants": "FoldConstantsPass",
    "fold-pad": "FoldPadPass",
    "fuse-activation": "FuseActivationPass",
    "fuse-qdq": "FuseQdqPass",
    "fuse-resize-argmax": "FuseResizeArgmaxPass",
    "gemm-to-conv": "GemmToConvPass",
    "graph-optimize": "GraphOptimizePass",
    "insert-qdq": "InsertQdqPass",
    "lower-to-neon": "LowerToNeonPass",
    "sink-transposes": "SinkTransposesPass",
    "tile-for-memory": "TileForMemoryPass",
}
"""Each pass and its class, in `xopt.passes.<name with underscores>`; a pass module is imported
only when the pass is used."""


def _lazy_pass(name: str, class_name: str) -> Callable[[], type[ModulePass]]:
    def load() -> type[ModulePass]:
        module = importlib.import_module("xopt.passes." + name.replace("-", "_"))
        return getattr(module, class_name)

    return load


def get_all_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    return {name: _lazy_pass(name, class_name) for name, class_name in PASSES.items()}


def _c_target():
    from xopt.targets.c.xdsl_targets import PortableCTarget

    return PortableCTarget


def _neon_c_target():
    from xopt.targets.c.xdsl_targets import NeonCTarget

    return NeonCTarget


def get_all_targets() -> dict[str, Callable[[], type]]:
    """`-t c` and `-t neon-c`: the model.c of `xopt compile --target c / neon`."""
    return {"c": _c_target, "neon-c": _neon_c_target}


XOPT_UNIVERSE = Universe(
    all_dialects=get_all_dialects(),
    all_passes=get_all_passes(),
    all_targets=get_all_targets(),
)
