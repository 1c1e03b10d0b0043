"""Whole quantized models, exported as QDQ ONNX and run by onnxruntime, against xopt's quant
executor: issue 3's goal is at least 99% of output elements equal and none more than one
output step (LSB) apart, and 100% equal in the onnxruntime-compatible rounding mode.

The fixed-point goal is checked on the digits CNN only. The MobileNetV2 example (random
weights) amplifies a one-step difference in an early layer to several steps at the logits,
and fixed-point and float requantization round about one accumulator in a thousand
differently, so there only the onnxruntime-compatible mode can agree, and does, exactly."""

from __future__ import annotations

import contextlib
import io
import os

import numpy as np
import onnxruntime as ort
import pytest

from xopt.executor.run import run_sample
from xopt.ir_io import load_module
from xopt.onnx_export.exporter import export_module
from xopt.quantize.annotate import ActivationOptions
from xopt.quantize.driver import FallbackOptions, QuantizeOptions, quantize_model
from xopt.quantize.precision import PrecisionConfig

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")


def _samples(model: str, count: int) -> list[np.ndarray]:
    data = np.load(os.path.join(EXAMPLES, model, "test.npz"))
    return list(data[data.files[0]][:count])


def _quantized(model: str, rounding: str, weight_bits: int, tmp_path):
    module = load_module(os.path.join(EXAMPLES, model, "model.onnx"))
    options = QuantizeOptions(
        config=PrecisionConfig().with_defaults(weight_bits, 8),
        activations=ActivationOptions("minmax"),  # fast; ranges do not matter here
        rounding=rounding,
    )
    with contextlib.redirect_stderr(io.StringIO()):
        return quantize_model(
            module,
            os.path.join(EXAMPLES, model, "calib.npz"),
            options,
            FallbackOptions(samples=4),
            cache_dir=str(tmp_path),
        )


def _output_step(module) -> float:
    """The scale of the quantized value `@main` dequantizes into its output."""
    from xopt.dialects.quant import DequantizeOp

    returned = next(op for op in module.walk() if op.name == "func.return").operands[0]
    assert isinstance(returned.owner, DequantizeOp)
    return returned.owner.input.type.get_element_type().scale


def _session(model):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.add_session_config_entry("session.qdqisint8allowed", "1")
    return ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


@pytest.mark.parametrize(
    "model,count,weight_bits,rounding",
    [
        ("digits", 64, 8, "fixed_point"),
        ("digits", 64, 8, "float"),
        ("digits", 64, 4, "fixed_point"),
        ("mobilenet_v2", 4, 8, "float"),
    ],
)
def test_exported_model_agrees_with_executor(model, count, weight_bits, rounding, tmp_path):
    module = _quantized(model, rounding, weight_bits, tmp_path)
    session = _session(export_module(module, model).model)
    step = _output_step(module)
    steps = []
    for x in _samples(model, count):
        ours = run_sample(module, [x])[0]
        (theirs,) = session.run(None, {session.get_inputs()[0].name: x})
        steps.append(np.rint(np.abs(ours.astype(np.float64) - theirs) / step).reshape(-1))
    steps = np.concatenate(steps)
    assert steps.max() <= 1, steps.max()
    equal = float(np.mean(steps == 0))
    assert equal >= (1.0 if rounding == "float" else 0.99), equal
