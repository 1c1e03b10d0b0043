"""`xopt quantize`: post-training quantization of a float model into quant IR.

prepare (graph-optimize's folds and decompositions [, equalize-cross-layer])
-> calibrate (cached)  -> precision per layer (defaults, config, --layer)
[-> sensitivity analysis and FP32 fallback]
-> annotate -> insert-qdq -> fuse-qdq -> graph-optimize's fusions on quant IR -> quant IR

The decompositions run before calibration so that every op they create (a transposed
conv's zero insertion and conv, a dilated conv's phases) is calibrated and quantized like
any other; the Resize+ArgMax fusion runs on the quantized IR, where the fused op keeps the
calibrated type of the resize it replaces and so gives exactly the unfused map.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from xopt.errors import XoptError
from xopt.ir_io import apply_pipeline
from xopt.progress import Progress
from xopt.quantize.annotate import ActivationOptions, annotate, is_quantizable, layers_of
from xopt.quantize.calibration import CalibrationStats, cached_collect
from xopt.quantize.precision import Precision, PrecisionConfig


@dataclass(frozen=True)
class GraphRewrites:
    """Which of `graph-optimize`'s rewrites `xopt quantize` applies (see
    `passes/graph_optimize.py`); `enabled=False` keeps only the folds quantization needs."""

    enabled: bool = True
    argmax_group: int = 0
    dilated_rule: str = "auto"


@dataclass
class QuantizeOptions:
    """Everything `xopt quantize` decides with; see `xopt quantize --help`."""

    config: PrecisionConfig = field(default_factory=PrecisionConfig)
    activations: ActivationOptions = field(default_factory=ActivationOptions)
    weight_method: str = "mse"
    per_channel: bool = True
    bias_correction: bool = True
    equalize: bool = False
    rounding: str = "fixed_point"
    rewrites: GraphRewrites = field(default_factory=GraphRewrites)
    fuse: bool = True
    """False stops at the QDQ form (fake quantization, float ops between quantize and
    dequantize): what the sensitivity analysis runs."""


def apply_passes(module: ModuleOp, pipeline: str) -> None:
    """Apply a textual pass pipeline (`fold-batchnorm,fuse-activation`) in place."""
    apply_pipeline(module, pipeline)


def prepare(module: ModuleOp, equalize: bool = False, rewrites: GraphRewrites | None = None):
    """The float rewrites quantization starts from: batch norms folded, activations fused,
    with `rewrites` enabled the rest of graph-optimize's folds and its decompositions, and
    with `equalize` cross-layer equalization of depthwise-separable pairs."""
    from xopt.passes.graph_optimize import rewrite_steps

    rewrites = rewrites or GraphRewrites(enabled=False)
    if rewrites.enabled:
        apply_passes(module, ",".join([*rewrite_steps(rewrites.dilated_rule), "canonicalize"]))
    else:
        apply_passes(module, "fold-batchnorm,fuse-activation,canonicalize")
    if equalize:
        apply_passes(module, "equalize-cross-layer{relu6_to_relu=true}")


def calibrate(module: ModuleOp, calib_path: str, cache_dir: str | None) -> CalibrationStats:
    progress = Progress("calibrating", 1)
    stats = cached_collect(module, calib_path, cache_dir, lambda d, t: _progress(progress, d, t))
    return stats


def _progress(progress: Progress, done: int, total: int) -> None:
    progress.total = total
    progress(done, total)


def precisions_of(module: ModuleOp, config: PrecisionConfig) -> dict[str, Precision]:
    return config.resolve((layer.name, layer.op_type) for layer in layers_of(module))


def quantize_prepared(
    module: ModuleOp,
    stats: CalibrationStats,
    precisions: dict[str, Precision],
    options: QuantizeOptions,
) -> ModuleOp:
    """A quantized copy of a prepared float module."""
    result = module.clone()
    annotate(
        result,
        stats,
        precisions,
        options.activations,
        options.config.ranges,
        options.config.default.act_bits,
    )
    pipeline = (
        f"insert-qdq{{weight_bits={options.config.default.weight_bits} "
        f"weight_method={options.weight_method} per_channel={_flag(options.per_channel)} "
        f"bias_correction={_flag(options.bias_correction)}}}"
    )
    if options.fuse:
        pipeline += f",fuse-qdq{{rounding={options.rounding}}},canonicalize"
        if options.rewrites.enabled:
            from xopt.passes.graph_optimize import fusion_steps

            pipeline += "," + ",".join(fusion_steps(options.rewrites.argmax_group))
    apply_passes(result, pipeline)
    return result


def _flag(value: bool) -> str:
    return "true" if value else "false"


def report_float_layers(module: ModuleOp, out) -> None:
    """Say which layers stay in float because the quant dialect has no integer form."""
    names = [layer.name for layer in layers_of(module) if not is_quantizable(layer.op)]
    if names:
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        out.write(f"{len(names)} layers have no integer form and stay in fp32: {shown}\n")


def check_calibration_inputs(stats: CalibrationStats) -> None:
    bad = [k for k, t in stats.tensors.items() if not np.isfinite([t.minimum, t.maximum]).all()]
    if bad:
        raise XoptError(
            f"tensor '{bad[0]}' has non-finite values on the calibration set; check the "
            f"calibration data"
        )


SEARCH_SAMPLES = 32
"""Calibration samples the `auto` range search measures the output on."""


def choose_ranges(module, stats, precisions, options: QuantizeOptions, samples, reference):
    """`options` with each activation's range method chosen by `range_search`; `reference`
    holds the float model's outputs on `samples`."""
    from xopt.quantize import sensitivity
    from xopt.quantize.range_search import search_ranges

    qdq_options = replace(options, fuse=False)

    def build(m, s, p, o):
        return quantize_prepared(m, s, p, replace(o, fuse=False))

    def measure(qdq) -> float:
        return sensitivity.model_sqnr(qdq, samples, reference)

    chosen = search_ranges(module, stats, precisions, qdq_options, build, measure)
    ranges = {**chosen, **options.config.ranges}
    return replace(options, config=replace(options.config, ranges=ranges))


@dataclass
class FallbackOptions:
    """Selective FP32 fallback: `mode` "none" or "auto"; budget of layers and SQNR target."""

    mode: str = "none"
    max_layers: int = 2
    target_db: float | None = None
    samples: int = 32
    json_path: str | None = None


def quantize_model(
    module: ModuleOp,
    calib_path: str,
    options: QuantizeOptions,
    fallback: FallbackOptions,
    cache_dir: str | None = None,
    out=sys.stderr,
) -> ModuleOp:
    """The whole `xopt quantize` flow on an imported float module (prepared in place)."""
    from xopt.executor.run import input_ports
    from xopt.npz_io import load_npz, samples_from
    from xopt.quantize import sensitivity

    prepare(module, options.equalize, options.rewrites)
    precisions = precisions_of(module, options.config)
    stats = calibrate(module, calib_path, cache_dir)
    check_calibration_inputs(stats)
    samples, _ = samples_from(calib_path, load_npz(calib_path), input_ports(module))
    samples = samples[: max(1, fallback.samples)]
    reference, reference_values = sensitivity.float_reference(module, samples)
    if options.activations.range_method == "auto":
        search = slice(0, SEARCH_SAMPLES)
        options = choose_ranges(
            module, stats, precisions, options, samples[search], reference[search]
        )

    if fallback.mode == "auto" and fallback.max_layers > 0:
        qdq_options = replace(options, fuse=False)

        def build(m, s, p):
            return quantize_prepared(m, s, p, qdq_options)

        table = sensitivity.analyse(
            module, stats, precisions, build, samples, (reference, reference_values)
        )

        def measure(names: list[str]) -> float:
            trial = {**precisions, **{n: replace(precisions[n], fallback=True) for n in names}}
            return sensitivity.model_sqnr(build(module, stats, trial), samples, reference)

        chosen = sensitivity.choose_fallback(
            table, fallback.max_layers, measure, fallback.target_db
        )
        for row in table:
            row.fallback = row.name in chosen
        for name in chosen:
            precisions[name] = replace(precisions[name], fallback=True)
        sensitivity.print_table(table, out)
        if fallback.json_path:
            sensitivity.write_json(table, fallback.json_path)

    report_float_layers(module, out)
    quantized = quantize_prepared(module, stats, precisions, options)
    integer = [name for name, layer in _layer_ops(module).items() if is_quantizable(layer)]
    fell_back = sum(1 for name in integer if precisions[name].fallback)
    error = sensitivity.describe_output_error(quantized, samples, reference)
    out.write(
        f"quantized {len(integer) - fell_back} layers ({fell_back} fell back to fp32); "
        f"{error} on {len(samples)} calibration samples\n"
    )
    return quantized


def _layer_ops(module: ModuleOp) -> dict:
    return {layer.name: layer.op for layer in layers_of(module)}
