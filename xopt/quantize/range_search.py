"""`--range-method auto`: choose each activation's clipping range by its effect on the output.

A range that is best for one tensor in isolation (smallest MSE) is not always best for the
model: clipping a rare large value in a residual stream can cost more at the output than the
finer grid gains. So, starting from min/max ranges everywhere, each quantized activation in
network order tries its min/max, percentile and MSE-optimal ranges in the QDQ form (fake
quantization) and keeps the one with the highest model-output SQNR against float over a few
calibration samples. Ops that keep their input's quantization (maxpool, reshapes) follow it.
"""

from __future__ import annotations

from dataclasses import replace

from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.rewriter import Rewriter

from xopt.dialects.quant import QuantizedType, QuantizeOp
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


def _followers(op: QuantizeOp, by_name: dict[str, QuantizeOp]) -> list[QuantizeOp]:
    """Quantize ops of passthrough results that share `op`'s type (transitively)."""
    result, stack = [], [op.input]
    while stack:
        value = stack.pop()
        for use in value.uses:
            user = use.operation
            if not isinstance(user, PASSTHROUGH):
                continue
            for out in user.results:
                follower = by_name.get(out.name_hint or "")
                if follower is not None and follower.output.type == op.output.type:
                    result.append(follower)
                stack.append(out)
    return result


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
    order = [n for n in order if not isinstance(by_name[n].input.owner, PASSTHROUGH)]
    chosen = {n: "minmax" for n in order}
    best = measure(qdq)
    progress = Progress("choosing ranges", len(order))
    for i, name in enumerate(order):
        op = by_name[name]
        current = op.output.type.get_element_type()
        followers = _followers(op, by_name)
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
