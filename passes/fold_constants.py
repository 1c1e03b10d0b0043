"""`fold-constants`: evaluate graph ops whose operands are all constants."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.interpreter import Interpreter
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)
from xdsl.utils.exceptions import InterpretationError, PassFailedException

from xopt.dialects.graph import ConstantOp
from xopt.onnx_import.types import array_of, dense_attr, numpy_dtype_of


@cache
def _interpreter() -> Interpreter:
    # Imported here: the executor imports every dialect op, and this module is imported by
    # the graph dialect's canonicalization patterns.
    from xopt.executor.graph_interpreter import make_interpreter

    return make_interpreter(ModuleOp([]))


def constant_operands(op: Operation) -> list[np.ndarray] | None:
    """The values of `op`'s operands when every one is a `graph.constant`, else None."""
    arrays: list[np.ndarray] = []
    for operand in op.operands:
        owner = operand.owner
        if not isinstance(owner, ConstantOp):
            return None
        arrays.append(array_of(owner.value))
    return arrays


def evaluate(op: Operation, inputs: list[np.ndarray]) -> list[np.ndarray]:
    """`op`'s results on `inputs`, computed by the graph reference executor and cast to
    the result element types. Raises ValueError when the executor cannot run `op`."""
    try:
        values = _interpreter().run_op(op, tuple(inputs))
    except (InterpretationError, ValueError, TypeError, IndexError) as e:
        raise ValueError(f"{type(e).__name__}: {e}") from None
    arrays: list[np.ndarray] = []
    for result, value in zip(op.results, values, strict=True):
        typ = result.type
        assert isinstance(typ, TensorType)
        array = np.asarray(value).astype(numpy_dtype_of(typ.get_element_type()), copy=False)
        if array.shape != tuple(typ.get_shape()):
            raise ValueError(f"executor returned shape {array.shape} for type {typ}")
        arrays.append(array)
    return arrays


def fold_to_constants(op: Operation, rewriter: PatternRewriter, pass_name: str) -> bool:
    """Replace `op` by one `graph.constant` per result when all its operands are constants.

    Result name hints are kept. Returns whether `op` was folded; raises
    PassFailedException (naming `pass_name`) when the reference executor cannot run it.
    """
    if isinstance(op, ConstantOp) or not op.operands or op.dialect_name() != "graph":
        return False
    inputs = constant_operands(op)
    if inputs is None:
        return False
    try:
        arrays = evaluate(op, inputs)
    except ValueError as e:
        raise PassFailedException(f"{pass_name}: cannot evaluate {op.name}: {e}") from None
    constants = [ConstantOp(dense_attr(array)) for array in arrays]
    for constant, result in zip(constants, op.results):
        constant.output.name_hint = result.name_hint
    rewriter.replace(op, constants, [c.output for c in constants])
    return True


class FoldConstantOp(RewritePattern):
    """Any graph op (but `graph.constant`) whose operands are all `graph.constant`s becomes
    the constant it computes."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        fold_to_constants(op, rewriter, FoldConstantsPass.name)


@dataclass(frozen=True)
class FoldConstantsPass(ModulePass):
    """Evaluate graph ops whose operands are all constants.

    Every graph op other than `graph.constant` whose operands are all `graph.constant`s is
    run once by the graph reference executor (the numpy kernels that define the graph
    level's semantics) and replaced by a `graph.constant` holding its result, keeping the
    result's name. Folding repeats until no such op is left; constants that lose their
    last use are erased. Fails, naming the op, when the executor cannot evaluate it.
    """

    name = "fold-constants"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(GreedyRewritePatternApplier([FoldConstantOp()])).rewrite_module(op)
