"""`--range-method auto`: choose each activation's clipping range by its effect on the output.

A range that is best for one tensor in isolation (smallest MSE) is not always best for the
model: clipping a rare large value in a residual stream can cost more at the output than the
finer grid gains. So, starting from min/max ranges everywhere, each quantized activation in
network order tries its min/max, percentile and MSE-optimal ranges in the QDQ form (fake
quantization) and keeps the one with the highest model-output SQNR against float over a few
calibration samples. Ops that keep their input's quantization (maxpool, reshapes) follow it,
and the phases of a decomposed dilated conv are chosen together with the interleave that
rebuilds the conv's output (they share its type).
"""

from __future__ import annotations

from dataclasses import replace

from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import SSAValue
from xdsl.rewriter import Rewriter

from xopt.dialects import graph
from xopt.dialects.quant import DequantizeOp, QuantizedType, QuantizeOp
from xopt.progress import Progress
from xopt.quantize.annotate import PASSTHROUGH, activation_type
from xopt.quantize.calibration import CalibrationStats
from xopt.quantize.precision import Precision

CANDIDATES = ("minmax", "percentile", "mse")


def _quantize_ops(qdq: ModuleOp) -> dict[str, QuantizeOp]:
    """The quantize op of each quantized value, by the value's name."""
    found = {}
    for op in qdq.walk():
        if isinstance(op, QuantizeOp) and op.input.name_hint:
            found[op.input.name_hint] = op
    return found


def _element(op: QuantizeOp) -> QuantizedType:
    return op.output.type.get_element_type()


def _dequantized(op: QuantizeOp) -> list[SSAValue]:
    """The float values `op` is dequantized into (QDQ form: Q -> DQ -> users)."""
    return [
        use.operation.output for use in op.output.uses if isinstance(use.operation, DequantizeOp)
    ]


def _followers(op: QuantizeOp, by_name: dict[str, QuantizeOp]) -> list[QuantizeOp]:
    """Quantize ops of passthrough results that share `op`'s type (transitively): in the QDQ
    form Q -> DQ -> maxpool -> Q' -> DQ' -> reshape -> Q'' ..."""
    result, stack = [], _dequantized(op)
    while stack:
        value = stack.pop()
        for use in value.uses:
            user = use.operation
            if not isinstance(user, PASSTHROUGH) or isinstance(user, graph.InterleaveOp):
                continue
            for out in user.results:
                follower = by_name.get(out.name_hint or "")
                if follower is not None and _element(follower) == _element(op):
                    result.append(follower)
                    stack.extend(_dequantized(follower))
    return result


def _phases(op: QuantizeOp) -> list[QuantizeOp]:
    """Quantize ops of the phases that the interleave producing `op`'s input reassembles."""
    producer = op.input.owner
    if not isinstance(producer, graph.InterleaveOp):
        return []
    found = []
    for phase in producer.operands:
        dequantize = phase.owner
        if isinstance(dequantize, DequantizeOp) and isinstance(dequantize.input.owner, QuantizeOp):
            found.append(dequantize.input.owner)
    return found


def _chosen_alone(op: QuantizeOp) -> bool:
    """Whether `op`'s range is searched for itself: not a passthrough's result (except an
    interleave's, which stands for its phases) and not a phase feeding an interleave."""
    producer = op.input.owner
    if isinstance(producer, PASSTHROUGH) and not isinstance(producer, graph.InterleaveOp):
        return False
    return not any(
        isinstance(use.operation, graph.InterleaveOp)
        for value in _dequantized(op)
        for use in value.uses
    )


def _set_type(op: QuantizeOp, element: QuantizedType) -> None:
    old = op.output.type
    assert isinstance(old, TensorType)
    Rewriter.replace_value_with_new_type(op.output, TensorType(element, old.get_shape()))


def search_ranges(
    module: ModuleOp,
    stats: CalibrationStats,
    precisions: dict[str, Precision],
    options,
    build,
    measure,
) -> dict[str, str]:
    """The range method chosen for each quantized activation (by name). `build(module,
    stats, precisions, options)` gives the QDQ form; `measure(qdq)` its output SQNR (dB)."""
    names = set(stats.tensors)
    fixed = dict(options.config.ranges)
    start = replace(options.config, ranges={**{n: "minmax" for n in names}, **fixed})
    qdq = build(module, stats, precisions, replace(options, config=start))
    by_name = _quantize_ops(qdq)
    order = [n for n in by_name if n in stats.tensors and n not in fixed]
    order = [n for n in order if _chosen_alone(by_name[n])]
    chosen = {n: "minmax" for n in order}
    best = measure(qdq)
    progress = Progress("choosing ranges", len(order))
    for i, name in enumerate(order):
        op = by_name[name]
        current = op.output.type.get_element_type()
        followers = _phases(op) + _followers(op, by_name)
        for method in CANDIDATES[1:]:
            candidate = activation_type(
                stats.tensors[name], current.storage_bits, method, options.activations
            )
            if candidate == op.output.type.get_element_type():
                continue
            previous = op.output.type.get_element_type()
            for target in (op, *followers):
                _set_type(target, candidate)
            db = measure(qdq)
            if db > best:
                best, chosen[name] = db, method
            else:
                for target in (op, *followers):
                    _set_type(target, previous)
        progress(i + 1, len(order))
    return chosen
