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
    def decompose_argmax():
        from xopt.passes.decompose_argmax import DecomposeArgmaxPass

        return DecomposeArgmaxPass

    def decompose_conv_transpose():
        from xopt.passes.decompose_conv_transpose import DecomposeConvTransposePass

        return DecomposeConvTransposePass

    def decompose_dilated_conv():
        from xopt.passes.decompose_dilated_conv import DecomposeDilatedConvPass

        return DecomposeDilatedConvPass

    def equalize_cross_layer():
        from xopt.passes.equalize_cross_layer import EqualizeCrossLayerPass

        return EqualizeCrossLayerPass

    def fold_batchnorm():
        from xopt.passes.fold_batchnorm import FoldBatchnormPass

        return FoldBatchnormPass

    def fold_constants():
        from xopt.passes.fold_constants import FoldConstantsPass

        return FoldConstantsPass

    def graph_optimize():
        from xopt.passes.graph_optimize import GraphOptimizePass

        return GraphOptimizePass

    def insert_qdq():
        from xopt.passes.insert_qdq import InsertQdqPass

        return InsertQdqPass

    def fuse_activation():
        from xopt.passes.fuse_activation import FuseActivationPass

        return FuseActivationPass

    def fuse_resize_argmax():
        from xopt.passes.fuse_resize_argmax import FuseResizeArgmaxPass

        return FuseResizeArgmaxPass

    def fuse_qdq():
        from xopt.passes.fuse_qdq import FuseQdqPass

        return FuseQdqPass

    return {
        "decompose-argmax": decompose_argmax,
        "decompose-conv-transpose": decompose_conv_transpose,
        "decompose-dilated-conv": decompose_dilated_conv,
        "equalize-cross-layer": equalize_cross_layer,
        "fold-batchnorm": fold_batchnorm,
        "fold-constants": fold_constants,
        "fuse-activation": fuse_activation,
        "fuse-qdq": fuse_qdq,
        "fuse-resize-argmax": fuse_resize_argmax,
        "graph-optimize": graph_optimize,
        "insert-qdq": insert_qdq,
    }


XOPT_UNIVERSE = Universe(all_dialects=get_all_dialects(), all_passes=get_all_passes())
