"""`xopt run MODEL.onnx --compare-onnxruntime`: every intermediate tensor against onnxruntime.

The model is imported (remembering which ONNX tensor each SSA value is), run on the first
sample with the graph executor while recording each op's result, and run in onnxruntime
with every such tensor added as a graph output. Tensors are compared in execution order;
the first one outside `rtol`/`atol` names the op and ONNX node where the executors part.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
import onnx

from xopt.errors import XoptError
from xopt.executor.run import input_ports, run_sample
from xopt.npz_io import load_npz, samples_from
from xopt.onnx_import.importer import import_onnx


@dataclass
class TensorDiff:
    name: str
    op_name: str
    max_abs: float
    max_rel: float
    ok: bool


def diff(
    name: str, op_name: str, ours: np.ndarray, ref: np.ndarray, rtol: float, atol: float
) -> TensorDiff:
    ours64, ref64 = np.asarray(ours, np.float64), np.asarray(ref, np.float64)
    if ours64.shape != ref64.shape:
        return TensorDiff(name, op_name, np.inf, np.inf, False)
    err = np.abs(ours64 - ref64)
    rel = err / np.maximum(np.abs(ref64), np.finfo(np.float32).tiny)
    ok = bool(np.all(err <= atol + rtol * np.abs(ref64)))
    return TensorDiff(name, op_name, float(err.max(initial=0)), float(rel.max(initial=0)), ok)


def _onnxruntime_values(
    path: str, names: list[str], feeds: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    import onnxruntime

    model = onnx.load(path)
    existing = {o.name for o in model.graph.output}
    model.graph.output.extend(onnx.ValueInfoProto(name=n) for n in names if n not in existing)
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        session = onnxruntime.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
    except Exception as e:  # onnxruntime's own error types are not importable portably
        raise XoptError(
            f"{path}: onnxruntime cannot load the model: {str(e).splitlines()[0]}"
        ) from None
    outputs = [o.name for o in session.get_outputs()]
    return dict(zip(outputs, session.run(outputs, feeds)))


def compare_with_onnxruntime(
    path: str, inputs_path: str, input_shapes, rtol: float, atol: float, stream=None
) -> bool:
    """Print a per-op comparison table; True when every tensor is within tolerance."""
    stream = stream or sys.stdout
    result = import_onnx(path, input_shapes)
    ports = input_ports(result.module)
    samples, _ = samples_from(inputs_path, load_npz(inputs_path), ports)
    recorded: list[tuple[str, str, np.ndarray]] = []

    def record(op, values):
        for value, array in zip(op.results, values):
            if value in result.value_names:
                recorded.append((result.value_names[value], op.name, np.asarray(array)))

    run_sample(result.module, samples[0], on_op=record)
    feeds = {p.name: a for p, a in zip(ports, samples[0])}
    reference = _onnxruntime_values(path, [name for name, _, _ in recorded], feeds)
    diffs = [
        diff(n, op, ours, reference[n], rtol, atol) for n, op, ours in recorded if n in reference
    ]
    stream.write(f"{'tensor':<40} {'op':<24} {'max abs err':>12} {'max rel err':>12}\n")
    for d in diffs:
        flag = "" if d.ok else "  <-- differs"
        stream.write(
            f"{d.name[:40]:<40} {d.op_name:<24} {d.max_abs:12.3e} {d.max_rel:12.3e}{flag}\n"
        )
    first = next((d for d in diffs if not d.ok), None)
    if first is None:
        stream.write(f"all {len(diffs)} tensors match onnxruntime (rtol {rtol}, atol {atol})\n")
        return True
    stream.write(
        f"first difference: {first.op_name} producing '{first.name}' "
        f"(max abs err {first.max_abs:.3e}, rtol {rtol}, atol {atol})\n"
    )
    return False
