"""Sensitivity analysis for selective FP32 fallback.

Each integer layer is quantized in isolation (its weights, its input and output activations;
every other layer in float) and run in the QDQ form over calibration samples. Two SQNRs
against the float model are measured: of the layer's own (dequantized) output, and of the
model's outputs. The most sensitive layers, by model-output SQNR, stay in float until the
budget is met: at most `max_layers` layers, and with a `target_db`, no more than are needed
for the whole quantized model to reach it.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict, dataclass, replace

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from xopt.executor.run import run_sample
from xopt.files import write_text
from xopt.progress import Progress
from xopt.quantize.annotate import is_quantizable, layers_of
from xopt.quantize.calibration import CalibrationStats
from xopt.quantize.precision import Precision


@dataclass
class LayerSensitivity:
    name: str
    op_type: str
    precision: str
    layer_sqnr_db: float
    """SQNR of the layer's dequantized output against float, it alone quantized."""
    output_sqnr_db: float
    """SQNR of the model's outputs against float, this layer alone quantized."""
    fallback: bool = False


def _sqnr(signal: float, noise: float) -> float:
    if noise == 0:
        return math.inf
    return 10 * math.log10(max(signal, 1e-300) / noise)


class _Energy:
    """Running sums of signal and noise energy. An integer output (a class map) is compared
    element by element instead: each element counts 1 of signal and each mismatch 1 of
    noise, so its "SQNR" is 10 log10(elements / mismatches), a mismatch rate in dB (1% of
    elements differing is 20 dB), not a distance between class indices."""

    def __init__(self):
        self.signal = 0.0
        self.noise = 0.0
        self.elements = 0
        self.mismatches = 0
        self.float_outputs = 0

    def add(self, reference: np.ndarray, value: np.ndarray) -> None:
        reference, value = np.asarray(reference), np.asarray(value)
        if reference.dtype.kind in "iu":
            self.elements += reference.size
            self.mismatches += int(np.count_nonzero(reference != value))
            return
        self.float_outputs += 1
        ref = reference.astype(np.float64)
        self.signal += float(np.sum(ref * ref))
        self.noise += float(np.sum(np.square(ref - value.astype(np.float64))))

    @property
    def db(self) -> float:
        return _sqnr(self.signal + self.elements, self.noise + self.mismatches)


def sqnr_db(reference: np.ndarray, approximation: np.ndarray) -> float:
    """Signal-to-quantization-noise ratio in dB: 10 log10(sum(ref^2) / sum((ref - q)^2))."""
    energy = _Energy()
    energy.add(reference, approximation)
    return energy.db


def float_reference(module: ModuleOp, samples) -> tuple[list[list[np.ndarray]], list[dict]]:
    """Outputs and every named value of the float model, per sample."""
    outputs, values = [], []
    for sample in samples:
        seen: dict[str, np.ndarray] = {}

        def record(op, results, seen=seen):
            for result, array in zip(op.results, results):
                if result.name_hint:
                    seen[result.name_hint] = np.asarray(array)

        outputs.append(run_sample(module, sample, on_op=record))
        values.append(seen)
    return outputs, values


def model_sqnr(quantized: ModuleOp, samples, reference_outputs) -> float:
    """SQNR in dB of the model's outputs against `reference_outputs` (see `_Energy`)."""
    return _model_energy(quantized, samples, reference_outputs).db


def _model_energy(quantized: ModuleOp, samples, reference_outputs) -> _Energy:
    energy = _Energy()
    for sample, reference in zip(samples, reference_outputs):
        for ref, out in zip(reference, run_sample(quantized, sample)):
            energy.add(ref, out)
    return energy


def describe_output_error(quantized: ModuleOp, samples, reference_outputs) -> str:
    """One phrase for the report: the outputs' SQNR, or for integer outputs (class maps)
    the share of elements equal to the float model's."""
    energy = _model_energy(quantized, samples, reference_outputs)
    if energy.elements and not energy.float_outputs:
        share = 100 * (1 - energy.mismatches / energy.elements)
        return f"output agrees with fp32 on {share:.2f}% of elements"
    return f"output SQNR against fp32: {energy.db:.1f} dB"


def analyse(
    module: ModuleOp,
    stats: CalibrationStats,
    precisions: dict[str, Precision],
    quantize,
    samples,
    reference: tuple[list[list[np.ndarray]], list[dict]],
) -> list[LayerSensitivity]:
    """Sensitivity of each integer layer of the prepared float `module`; `quantize(module,
    stats, precisions)` builds the QDQ form; `reference` is `float_reference` of `samples`."""
    reference_outputs, reference_values = reference
    candidates = [
        layer
        for layer in layers_of(module)
        if is_quantizable(layer.op) and not precisions[layer.name].fallback
    ]
    progress = Progress("sensitivity", len(candidates))
    table = []
    for n, layer in enumerate(candidates):
        isolated = {name: replace(p, fallback=True) for name, p in precisions.items()}
        isolated[layer.name] = precisions[layer.name]
        qdq = quantize(module, stats, isolated)
        layer_energy, output_energy = _Energy(), _Energy()
        for sample, ref_out, ref_values in zip(samples, reference_outputs, reference_values):
            seen: dict[str, np.ndarray] = {}

            def record(op, results, seen=seen, target=f"{layer.name}_dq"):
                for result, array in zip(op.results, results):
                    if result.name_hint == target:
                        seen["out"] = np.asarray(array)

            outs = run_sample(qdq, sample, on_op=record)
            for ref, out in zip(ref_out, outs):
                output_energy.add(ref, out)
            if "out" in seen and layer.name in ref_values:
                layer_energy.add(ref_values[layer.name], seen["out"])
        table.append(
            LayerSensitivity(
                layer.name,
                layer.op_type,
                _precision_text(precisions[layer.name], layer.op),
                layer_energy.db,
                output_energy.db,
            )
        )
        progress(n + 1, len(candidates))
    return table


def choose_fallback(
    table: list[LayerSensitivity],
    max_layers: int,
    measure=None,
    target_db: float | None = None,
) -> list[str]:
    """The layers to keep in float: the most sensitive first (lowest model-output SQNR), at
    most `max_layers`; with `target_db`, stop as soon as `measure(fallback_names)` (the whole
    model's output SQNR with those layers in float) reaches it."""
    ranked = sorted(table, key=lambda row: row.output_sqnr_db)
    chosen: list[str] = []
    if target_db is not None and measure is not None and measure(chosen) >= target_db:
        return chosen
    for row in ranked[:max_layers]:
        chosen.append(row.name)
        if target_db is not None and measure is not None and measure(chosen) >= target_db:
            break
    return chosen


def _precision_text(precision: Precision, op) -> str:
    """`w4a8` for layers with weights, `a8` for the others."""
    from xopt.passes.insert_qdq import weight_slot

    return str(precision) if weight_slot(op) is not None else f"a{precision.act_bits}"


def print_table(table: list[LayerSensitivity], out=sys.stderr) -> None:
    out.write(
        f"{'layer':<36} {'op':<14} {'precision':<9} {'layer SQNR':>10} {'model SQNR':>10}  "
        f"fallback\n"
    )
    for row in table:
        out.write(
            f"{row.name[:36]:<36} {row.op_type:<14} {row.precision:<9} "
            f"{row.layer_sqnr_db:>8.1f}dB {row.output_sqnr_db:>8.1f}dB  "
            f"{'fp32' if row.fallback else ''}\n"
        )


def write_json(table: list[LayerSensitivity], path: str) -> None:
    rows = [
        {
            k: (v if not isinstance(v, float) or math.isfinite(v) else None)
            for k, v in asdict(r).items()
        }
        for r in table
    ]
    write_text(path, json.dumps({"layers": rows}, indent=2) + "\n")
