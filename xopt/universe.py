"""The one place where xopt's dialects, passes and targets are registered.

Each entry is a lazy factory, so `xdsl-opt` (through the `xdsl.universe` entry point) and
`xopt-opt` import a dialect or pass only when it is used.
"""

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


def get_all_dialects() -> dict[str, Callable[[], Dialect]]:
    return {"graph": _graph, "quant": _quant}


def get_all_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    def equalize_cross_layer():
        from xopt.passes.equalize_cross_layer import EqualizeCrossLayerPass

        return EqualizeCrossLayerPass

    def fold_batchnorm():
        from xopt.passes.fold_batchnorm import FoldBatchnormPass

        return FoldBatchnormPass

    def fold_constants():
        from xopt.passes.fold_constants import FoldConstantsPass

        return FoldConstantsPass

    def fold_pad():
        from xopt.passes.fold_pad import FoldPadPass

        return FoldPadPass

    def gemm_to_conv():
        from xopt.passes.gemm_to_conv import GemmToConvPass

        return GemmToConvPass

    def insert_qdq():
        from xopt.passes.insert_qdq import InsertQdqPass

        return InsertQdqPass

    def fuse_activation():
        from xopt.passes.fuse_activation import FuseActivationPass

        return FuseActivationPass

    def fuse_qdq():
        from xopt.passes.fuse_qdq import FuseQdqPass

        return FuseQdqPass

    def sink_transposes():
        from xopt.passes.sink_transposes import SinkTransposesPass

        return SinkTransposesPass

    return {
        "equalize-cross-layer": equalize_cross_layer,
        "fold-batchnorm": fold_batchnorm,
        "fold-constants": fold_constants,
        "fold-pad": fold_pad,
        "fuse-activation": fuse_activation,
        "fuse-qdq": fuse_qdq,
        "gemm-to-conv": gemm_to_conv,
        "insert-qdq": insert_qdq,
        "sink-transposes": sink_transposes,
    }


XOPT_UNIVERSE = Universe(all_dialects=get_all_dialects(), all_passes=get_all_passes())
