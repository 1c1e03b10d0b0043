"""xopt's post-training quantization against onnxruntime's `quantize_static`, as a table.

For each model (examples/digits: a trained CNN with labels; examples/mobilenet_v2: random
weights with realistic batch-norm statistics) and each configuration, the quantized model
runs on the held-out split and is compared with the float model: accuracy (digits), output
SQNR against FP32, and top-1 agreement with FP32.

- xopt: `xopt quantize` (MSE ranges, per-channel MSE weights, bias correction), W8A8, W4A8 and
  W2A8, each without and with automatic FP32 fallback of at most 2 layers, run by xopt's
  integer reference executor (fixed-point requantization).
- onnxruntime: `quantize_static` in QDQ format with per-channel weights, QInt8 activations,
  QInt8 or QInt4 weights, each of the MinMax, Entropy and Percentile calibration methods, run
  by onnxruntime. onnxruntime has no 2-bit weights.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from dataclasses import dataclass

import numpy as np

from xopt.quantize.sensitivity import sqnr_db

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


@dataclass(frozen=True)
class Model:
    name: str
    folder: str
    labels: bool

    def path(self, file: str) -> str:
        return os.path.join(ROOT, "examples", self.folder, file)


MODELS = [Model("digits", "digits", True), Model("mobilenet_v2", "mobilenet_v2", False)]


def npz_batch(path: str) -> tuple[str, np.ndarray]:
    data = np.load(path)
    (name,) = data.files
    return name, data[name]


def run_onnxruntime(path: str, name: str, batch: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    return np.stack([session.run(None, {name: x})[0] for x in batch])


def run_xopt(module, batch: np.ndarray) -> np.ndarray:
    from xopt.executor.run import run_batch

    return run_batch(module, [[x] for x in batch])[0]


def quantize_with_xopt(model: Model, weight_bits: int, fallback: bool):
    from xopt.ir_io import load_module
    from xopt.quantize.driver import FallbackOptions, QuantizeOptions, quantize_model
    from xopt.quantize.precision import PrecisionConfig

    module = load_module(model.path("model.onnx"))
    options = QuantizeOptions(config=PrecisionConfig().with_defaults(weight_bits, 8))
    fallback_options = FallbackOptions("auto" if fallback else "none", max_layers=2)
    with contextlib.redirect_stderr(io.StringIO()):
        return quantize_model(module, model.path("calib.npz"), options, fallback_options)


def quantize_with_onnxruntime(model: Model, weight_type: str, method: str, folder: str) -> str:
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    name, calib = npz_batch(model.path("calib.npz"))

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.samples = iter([{name: x} for x in calib])

        def get_next(self):
            return next(self.samples, None)

    prepared = os.path.join(folder, f"{model.name}.pre.onnx")
    if not os.path.exists(prepared):
        quant_pre_process(model.path("model.onnx"), prepared, skip_symbolic_shape=True)
    out = os.path.join(folder, f"{model.name}.{weight_type}.{method}.onnx")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        quantize_static(
            prepared,
            out,
            Reader(),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            activation_type=QuantType.QInt8,
            weight_type=getattr(QuantType, weight_type),
            calibrate_method=getattr(CalibrationMethod, method),
        )
    return out


@dataclass
class Row:
    model: str
    tool: str
    config: str
    accuracy: float | None
    sqnr: float
    agreement: float
    seconds: float


def evaluate(model: Model, tool: str, config: str, outputs, reference, labels, seconds) -> Row:
    outputs = outputs.reshape(len(outputs), -1)
    accuracy = None if labels is None else float(np.mean(outputs.argmax(1) == labels))
    agreement = float(np.mean(outputs.argmax(1) == reference.argmax(1)))
    return Row(model.name, tool, config, accuracy, sqnr_db(reference, outputs), agreement, seconds)


def benchmark(model: Model, tmp: str, fast: bool) -> list[Row]:
    name, test = npz_batch(model.path("test.npz"))
    labels = None
    if model.labels:
        labels = npz_batch(model.path("test_labels.npz"))[1].reshape(-1)
    reference = run_onnxruntime(model.path("model.onnx"), name, test).reshape(len(test), -1)
    rows = [evaluate(model, "fp32", "FP32", reference, reference, labels, 0.0)]
    xopt_configs = [(8, False), (4, False), (4, True), (2, False), (2, True)]
    for bits, fallback in xopt_configs:
        start = time.perf_counter()
        module = quantize_with_xopt(model, bits, fallback)
        outputs = run_xopt(module, test)
        config = f"W{bits}A8" + ("+fallback<=2" if fallback else "")
        rows.append(
            evaluate(model, "xopt", config, outputs, reference, labels, time.perf_counter() - start)
        )
        print(f"  {model.name} xopt {config} done", file=sys.stderr)
    methods = ["MinMax"] if fast else ["MinMax", "Entropy", "Percentile"]
    for weight_type, config in (("QInt8", "W8A8"), ("QInt4", "W4A8")):
        for method in methods:
            start = time.perf_counter()
            path = quantize_with_onnxruntime(model, weight_type, method, tmp)
            outputs = run_onnxruntime(path, name, test)
            seconds = time.perf_counter() - start
            rows.append(
                evaluate(
                    model, "onnxruntime", f"{config} {method}", outputs, reference, labels, seconds
                )
            )
    return rows


def print_table(rows: list[Row]) -> None:
    print("| model | tool | configuration | accuracy | SQNR vs FP32 | top-1 = FP32 | time |")
    print("|---|---|---|---:|---:|---:|---:|")
    for r in rows:
        accuracy = "" if r.accuracy is None else f"{100 * r.accuracy:.2f} %"
        print(
            f"| {r.model} | {r.tool} | {r.config} | {accuracy} | {r.sqnr:.2f} dB | "
            f"{100 * r.agreement:.1f} % | {r.seconds:.1f} s |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", nargs="*", default=[m.name for m in MODELS])
    parser.add_argument("--fast", action="store_true", help="onnxruntime MinMax only")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for model in MODELS:
            if model.name in args.models:
                rows.extend(benchmark(model, tmp, args.fast))
    print_table(rows)


if __name__ == "__main__":
    main()
