"""Quantized ONNX models import into the QDQ form, `fuse-qdq` turns it into quant ops, and the
quant executor agrees with onnxruntime running the quantized model.

(a) Models quantized by onnxruntime's `quantize_static` (QDQ format, per-channel int8
    weights, uint8 or int8 activations): tiny_cnn as exported (its batch norms and softmax
    stay float between their Q/DQ) and digits after onnxruntime's pre-processing (batch
    norms folded, every layer integer). With `rounding=float` every integer layer reproduces
    onnxruntime's integer kernels bit for bit; the default `fixed_point` rounding is within
    one step of them almost everywhere.
(b) QLinearConv, QLinearMatMul, ConvInteger and MatMulInteger models built with onnx.helper.
(c) What is not supported: one line on stderr naming the node, exit code 1, no output.

The agreement printed per model (`pytest -s`) is the share of output elements equal to
onnxruntime's and within one quantization step of them.
"""

from __future__ import annotations

import os

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
from onnxruntime.quantization.shape_inference import quant_pre_process
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import SSAValue

from xopt import cli, opt_main
from xopt.dialects import graph, quant
from xopt.executor.run import main_function, run_sample
from xopt.ir_io import make_context
from xopt.onnx_import.importer import import_onnx, sanitize
from xopt.passes.fuse_qdq import FuseQdqPass
from xopt.testing import one_line_error

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
SAMPLES = 20


def _session(model) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    # On x86 onnxruntime runs QDQ groups with int8 activations in float unless this is set;
    # with it, int8 and uint8 models both run its integer kernels.
    options.add_session_config_entry("session.qdqisint8allowed", "1")
    data = model.SerializeToString() if isinstance(model, onnx.ModelProto) else model
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def _fused(path: str, rounding: str) -> ModuleOp:
    module = import_onnx(path).module
    FuseQdqPass(rounding).apply(make_context(), module)
    return module


def _op_names(module: ModuleOp) -> set[str]:
    return {op.name for op in main_function(module).body.ops}


# ---- (a) models quantized by onnxruntime ------------------------------------------------------


class _Reader(CalibrationDataReader):
    def __init__(self, samples: np.ndarray):
        self.samples = iter(samples)

    def get_next(self):
        sample = next(self.samples, None)
        return None if sample is None else {"input": sample}


def _samples(name: str, which: str, count: int) -> np.ndarray:
    if name == "digits":
        with np.load(os.path.join(EXAMPLES, "digits", f"{which}.npz")) as data:
            return data["input"][:count]
    rng = np.random.default_rng(0 if which == "calib" else 1)
    return rng.standard_normal((count, 1, 3, 32, 32)).astype(np.float32)


MODELS = {
    # name: (pre-process with onnxruntime (folds batch norms), ops that stay float)
    "tiny_cnn": (False, {"graph.batch_norm", "graph.softmax"}),
    "digits": (True, set()),
}


@pytest.fixture(scope="module")
def quantized(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qdq")
    paths: dict[tuple[str, str], str] = {}

    def get(name: str, activations: str) -> str:
        if (name, activations) not in paths:
            source = os.path.join(EXAMPLES, name, "model.onnx")
            if MODELS[name][0]:
                pre = str(folder / f"{name}.pre.onnx")
                quant_pre_process(source, pre, skip_symbolic_shape=True)
                source = pre
            path = str(folder / f"{name}.{activations}.qdq.onnx")
            quantize_static(
                source,
                path,
                _Reader(_samples(name, "calib", 16)),
                quant_format=QuantFormat.QDQ,
                per_channel=True,
                weight_type=QuantType.QInt8,
                activation_type=getattr(QuantType, activations),
            )
            paths[name, activations] = path
        return paths[name, activations]

    return get


def _with_quantized_outputs(model: onnx.ModelProto) -> tuple[onnx.ModelProto, list[onnx.NodeProto]]:
    """`model` with the output of every QuantizeLinear of an activation as an extra output."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    types = {t.name: t.data_type for t in model.graph.initializer}
    nodes = [n for n in model.graph.node if n.op_type == "QuantizeLinear"]
    for node in nodes:
        model.graph.output.append(
            helper.make_tensor_value_info(node.output[0], types[node.input[2]], None)
        )
    return model, nodes


def _hint(name: str) -> str:
    """The name hint the importer gives the value of ONNX tensor `name`."""
    return SSAValue.extract_valid_name(sanitize(name))


def _agreement(module: ModuleOp, model: onnx.ModelProto, samples) -> dict[str, tuple[int, ...]]:
    """Per quantized tensor of the model (the output of each QuantizeLinear, found in the
    fused module by its name or the name of its float input), over `samples`: (elements
    equal to onnxruntime's, elements more than one step away, elements). Key "output": the
    model's output, in steps of its last quantization."""
    extended, nodes = _with_quantized_outputs(model)
    session = _session(extended)
    names = [o.name for o in session.get_outputs()]
    ret = main_function(module).body.block.last_op
    step = ret.operands[0].owner.input.type.get_element_type().scale
    counts: dict[str, list[int]] = {}

    def count(key: str, diff: np.ndarray) -> None:
        total = counts.setdefault(key, [0, 0, 0])
        total[0] += int(np.sum(diff == 0))
        total[1] += int(np.sum(diff > 1))
        total[2] += diff.size

    for x in samples:
        ours: dict[str, np.ndarray] = {}

        def record(op, results, ours=ours) -> None:
            if op.results and results:
                ours[op.results[0].name_hint] = results[0]

        outputs = run_sample(module, [x], record)
        refs = dict(zip(names, session.run(None, {"input": x})))
        count("output", np.round(np.abs(outputs[0] - refs[names[0]]) / step, 3))
        for node in nodes:
            found = [ours.get(_hint(name)) for name in (node.output[0], node.input[0])]
            value = next((v for v in found if v is not None and v.dtype.kind in "iu"), None)
            assert value is not None, node.output[0]
            ref = refs[node.output[0]].astype(np.int64)
            count(node.output[0], np.abs(np.asarray(value).astype(np.int64) - ref))
    return {k: (equal, far, size) for k, (equal, far, size) in counts.items()}


@pytest.mark.parametrize("activations", ["QUInt8", "QInt8"])
@pytest.mark.parametrize("name", sorted(MODELS))
def test_quantize_static_model_matches_onnxruntime(name, activations, quantized):
    path = quantized(name, activations)
    model = onnx.load(path)
    samples = _samples(name, "test", SAMPLES)
    for rounding in ("float", "fixed_point"):
        module = _fused(path, rounding)
        ops = _op_names(module)
        assert {n for n in ops if n.startswith("graph.")} == MODELS[name][1] | {"graph.constant"}
        assert {"quant.conv2d", "quant.fully_connected", "quant.global_avgpool"} <= ops
        counts = _agreement(module, model, samples)
        layers = [v for k, v in counts.items() if k != "output"]
        equal = sum(v[0] for v in layers) / sum(v[2] for v in layers)
        within_one = 1 - sum(v[1] for v in layers) / sum(v[2] for v in layers)
        out_equal, out_far, out_size = counts["output"]
        print(
            f"{name} {activations} {rounding}: quantized tensors {equal:.2%} equal, "
            f"{within_one:.2%} within 1 step; output {out_equal / out_size:.2%} equal, "
            f"{1 - out_far / out_size:.2%} within 1 step"
        )
        if rounding == "float":
            # Every integer layer as onnxruntime's kernels. Softmax, which stays float in
            # tiny_cnn, runs as onnxruntime's QLinearSoftmax there and rounds otherwise.
            float_layers = {"probs_QuantizeLinear_Output"} if name == "tiny_cnn" else set()
            for key, (equal_count, far, size) in counts.items():
                if key not in float_layers and key != "output":
                    assert equal_count == size, key
                assert far == 0, key
        else:
            assert within_one >= 0.99


def test_quantize_static_model_through_the_command_lines(quantized, tmp_path):
    path = quantized("digits", "QUInt8")
    ir = tmp_path / "model.mlir"
    assert cli.main(["import", path, "-o", str(ir)]) == 0
    assert "quant.dequantize" in ir.read_text()
    fused = tmp_path / "fused.mlir"
    assert opt_main.main([path, "-p", "fuse-qdq{rounding=float}", "-o", str(fused)]) == 0
    text = fused.read_text()
    assert "quant.conv2d" in text and 'rounding = "float"' in text
    assert "graph.conv2d" not in text


# ---- (b) operator-form models ------------------------------------------------------------------


def _model(nodes, inputs, outputs, initializers, opset=13) -> onnx.ModelProto:
    graph_proto = helper.make_graph(nodes, "m", inputs, outputs, initializer=initializers)
    model = helper.make_model(graph_proto, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _tensor(name: str, array: np.ndarray):
    return numpy_helper.from_array(np.asarray(array), name)


def _save(model: onnx.ModelProto, tmp_path, name: str = "m.onnx") -> str:
    path = str(tmp_path / name)
    onnx.save(model, path)
    return path


def _qlinear_conv_model(uint8_io: bool) -> onnx.ModelProto:
    rng = np.random.default_rng(2)
    w = rng.integers(-127, 128, (4, 3, 3, 3)).astype(np.int8)
    inits = [
        _tensor("x_s", np.float32(0.02)),
        _tensor("x_zp", np.uint8(120)),
        _tensor("w", w),
        _tensor("w_s", np.array([0.01, 0.02, 0.005, 0.03], np.float32)),
        _tensor("w_zp", np.zeros(4, np.int8)),
        _tensor("y_s", np.float32(0.15)),
        _tensor("y_zp", np.uint8(100)),
        _tensor("b", rng.integers(-2000, 2000, 4).astype(np.int32)),
    ]
    conv = helper.make_node(
        "QLinearConv",
        ["xq", "x_s", "x_zp", "w", "w_s", "w_zp", "y_s", "y_zp", "b"],
        ["yq"],
        pads=[1, 1, 1, 1],
        strides=[2, 1],
    )
    if uint8_io:
        inputs = [helper.make_tensor_value_info("xq", TensorProto.UINT8, [1, 3, 8, 8])]
        outputs = [helper.make_tensor_value_info("yq", TensorProto.UINT8, [1, 4, 4, 8])]
        return _model([conv], inputs, outputs, inits)
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_s", "x_zp"], ["xq"]),
        conv,
        helper.make_node("DequantizeLinear", ["yq", "y_s", "y_zp"], ["y"]),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 8])]
    return _model(nodes, inputs, outputs, inits)


def _qlinear_matmul_model() -> onnx.ModelProto:
    rng = np.random.default_rng(3)
    inits = [
        _tensor("a_s", np.float32(0.05)),
        _tensor("a_zp", np.int8(-3)),
        _tensor("b", rng.integers(-127, 128, (16, 6)).astype(np.int8)),
        _tensor("b_s", np.linspace(0.01, 0.03, 6).astype(np.float32)),
        _tensor("b_zp", np.zeros(6, np.int8)),
        _tensor("y_s", np.float32(0.2)),
        _tensor("y_zp", np.int8(5)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["a", "a_s", "a_zp"], ["aq"]),
        helper.make_node(
            "QLinearMatMul", ["aq", "a_s", "a_zp", "b", "b_s", "b_zp", "y_s", "y_zp"], ["yq"]
        ),
        helper.make_node("DequantizeLinear", ["yq", "y_s", "y_zp"], ["y"]),
    ]
    inputs = [helper.make_tensor_value_info("a", TensorProto.FLOAT, [4, 16])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 6])]
    return _model(nodes, inputs, outputs, inits)


@pytest.mark.parametrize(
    "make, fused_op",
    [
        (lambda: _qlinear_conv_model(False), "quant.conv2d"),
        (lambda: _qlinear_conv_model(True), "quant.conv2d"),
        (_qlinear_matmul_model, "quant.fully_connected"),
    ],
    ids=["qlinear_conv", "qlinear_conv_uint8_io", "qlinear_matmul"],
)
def test_operator_form_matches_onnxruntime(make, fused_op, tmp_path):
    model = make()
    path = _save(model, tmp_path)
    session = _session(model)
    module = _fused(path, "float")
    assert fused_op in _op_names(module)
    assert not any(n.startswith("graph.") and n != "graph.constant" for n in _op_names(module))
    (port,) = session.get_inputs()
    rng = np.random.default_rng(4)
    for _ in range(3):
        shape = port.shape
        if port.type == "tensor(uint8)":
            x = rng.integers(0, 256, shape).astype(np.uint8)
        else:
            x = (rng.standard_normal(shape) * 2).astype(np.float32)
        (ours,) = run_sample(module, [x])
        (ref,) = session.run(None, {port.name: x})
        assert ours.dtype == ref.dtype
        np.testing.assert_array_equal(ours, ref)


def _integer_model(op_type: str) -> tuple[onnx.ModelProto, str]:
    """x -> QuantizeLinear -> ConvInteger / MatMulInteger -> Cast -> Mul(s_x * s_w)."""
    rng = np.random.default_rng(5)
    x_scale = np.float32(0.03)
    w_scale = np.array([0.01, 0.02, 0.04], np.float32)
    if op_type == "ConvInteger":
        x_shape, w = [1, 2, 6, 6], rng.integers(-127, 128, (3, 2, 3, 3)).astype(np.int8)
        scale, y_shape = (x_scale * w_scale).reshape(1, 3, 1, 1), [1, 3, 4, 4]
    else:
        x_shape, w = [2, 5], rng.integers(-127, 128, (5, 3)).astype(np.int8)
        scale, y_shape = x_scale * w_scale, [2, 3]
    inits = [
        _tensor("x_s", x_scale),
        _tensor("x_zp", np.uint8(128)),
        _tensor("w", w),
        _tensor("w_zp", np.int8(0)),
        _tensor("scale", scale.astype(np.float32)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_s", "x_zp"], ["xq"]),
        helper.make_node(op_type, ["xq", "w", "x_zp", "w_zp"], ["acc"]),
        helper.make_node("Cast", ["acc"], ["accf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["accf", "scale"], ["y"]),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)]
    float_op = "graph.conv2d" if op_type == "ConvInteger" else "graph.matmul"
    return _model(nodes, inputs, outputs, inits), float_op


@pytest.mark.parametrize("op_type", ["ConvInteger", "MatMulInteger"])
def test_integer_op_with_rescale_matches_onnxruntime(op_type, tmp_path):
    """The pattern imports as dequantize -> float op (no quantize after it: it stays float)."""
    model, float_op = _integer_model(op_type)
    path = _save(model, tmp_path)
    module = _fused(path, "fixed_point")
    assert float_op in _op_names(module)
    session = _session(model)
    x = np.random.default_rng(6).standard_normal(session.get_inputs()[0].shape)
    x = x.astype(np.float32)
    (ours,) = run_sample(module, [x])
    (ref,) = session.run(None, {"x": x})
    np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-5 * float(np.abs(ref).max()))


def test_quantized_weights_of_float_tools_fold_into_constants(tmp_path):
    """AIMET-style exports quantize float weights with QuantizeLinear: the pair becomes a
    quant.constant, and fuse-qdq a quant.conv2d."""
    rng = np.random.default_rng(7)
    inits = [
        _tensor("w", rng.standard_normal((2, 3, 1, 1)).astype(np.float32)),
        _tensor("w_s", np.array([0.02, 0.03], np.float32)),
        _tensor("w_zp", np.zeros(2, np.int8)),
        _tensor("s", np.float32(0.05)),
        _tensor("zp", np.int8(0)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["w", "w_s", "w_zp"], ["wq"], axis=0),
        helper.make_node("DequantizeLinear", ["wq", "w_s", "w_zp"], ["wd"], axis=0),
        helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "s", "zp"], ["xd"]),
        helper.make_node("Conv", ["xd", "wd"], ["y"]),
        helper.make_node("QuantizeLinear", ["y", "s", "zp"], ["yq"]),
        helper.make_node("DequantizeLinear", ["yq", "s", "zp"], ["out"]),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])]
    outputs = [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 2, 4, 4])]
    model = _model(nodes, inputs, outputs, inits)
    module = _fused(_save(model, tmp_path), "float")
    assert _op_names(module) == {
        "quant.quantize",
        "quant.constant",
        "quant.conv2d",
        "quant.dequantize",
        "func.return",
    }
    x = rng.standard_normal((1, 3, 4, 4)).astype(np.float32)
    (ours,) = run_sample(module, [x])
    (ref,) = _session(model).run(None, {"x": x})
    np.testing.assert_array_equal(ours, ref)


def test_int4_weights_import(tmp_path):
    """int4 storage (opset 21) imports as a quant.constant of i4 values."""
    w = np.array([[1, -2, 7, -8], [3, 0, -1, 5]], np.int8)
    inits = [
        helper.make_tensor("w", TensorProto.INT4, [2, 4], w.ravel().tolist()),
        _tensor("w_s", np.array([0.1, 0.2], np.float32)),
    ]
    nodes = [
        helper.make_node("DequantizeLinear", ["w", "w_s"], ["wd"], axis=0),
        helper.make_node("Gemm", ["x", "wd"], ["y"], transB=1),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])]
    model = _model(nodes, inputs, outputs, inits, opset=21)
    module = import_onnx(_save(model, tmp_path)).module
    (const,) = [op for op in main_function(module).body.ops if isinstance(op, quant.ConstantOp)]
    assert const.output.type.get_element_type().storage_type_name == "i4"
    assert any(isinstance(op, graph.GemmOp) for op in main_function(module).body.ops)
    x = np.arange(4, dtype=np.float32).reshape(1, 4)
    (ours,) = run_sample(module, [x])
    (ref,) = _session(model).run(None, {"x": x})
    np.testing.assert_allclose(ours, ref, rtol=1e-6)


# ---- (c) unsupported quantization: one line, exit 1 ---------------------------------------------


def _blocked_model():
    inits = [
        _tensor("w", np.ones((4, 4), np.int8)),
        _tensor("w_s", np.full((4, 2), 0.1, np.float32)),
    ]
    nodes = [
        helper.make_node("DequantizeLinear", ["w", "w_s"], ["wd"], axis=1, block_size=2),
        helper.make_node("MatMul", ["x", "wd"], ["y"], name="mm"),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])]
    nodes[0].name = "w_dq"
    return _model(nodes, inputs, outputs, inits, opset=21)


def _conv_weight_axis1_model():
    inits = [
        _tensor("w", np.ones((2, 3, 1, 1), np.int8)),
        _tensor("w_s", np.array([0.1, 0.2, 0.3], np.float32)),
        _tensor("w_zp", np.zeros(3, np.int8)),
    ]
    nodes = [
        helper.make_node("DequantizeLinear", ["w", "w_s", "w_zp"], ["wd"], axis=1, name="w_dq"),
        helper.make_node("Conv", ["x", "wd"], ["y"], name="conv"),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 4, 4])]
    return _model(nodes, inputs, outputs, inits)


def _per_axis_activation_model():
    inits = [
        _tensor("s", np.array([0.1, 0.2, 0.3], np.float32)),
        _tensor("zp", np.zeros(3, np.uint8)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["xq"], axis=1, name="x_q"),
        helper.make_node("DequantizeLinear", ["xq", "s", "zp"], ["y"], axis=1, name="x_dq"),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 4, 4])]
    return _model(nodes, inputs, outputs, inits)


def _float8_model():
    inits = [
        _tensor("s", np.float32(0.1)),
        helper.make_tensor("zp", TensorProto.FLOAT8E4M3FN, [], [0.0]),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["xq"], name="x_q"),
        helper.make_node("DequantizeLinear", ["xq", "s", "zp"], ["y"], name="x_dq"),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])]
    return _model(nodes, inputs, outputs, inits, opset=19)


def _dynamic_model():
    inits = [_tensor("w", np.ones((4, 2), np.int8))]
    nodes = [
        helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xzp"], name="dyn"),
        helper.make_node("MatMulInteger", ["xq", "w", "xzp"], ["y"], name="mm"),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.INT32, [1, 2])]
    return _model(nodes, inputs, outputs, inits)


def _integer_without_rescale_model():
    inits = [_tensor("w", np.ones((4, 2), np.int8)), _tensor("s", np.float32(0.1))]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "s"], ["xq"]),
        helper.make_node("MatMulInteger", ["xq", "w"], ["y"], name="mm"),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.INT32, [1, 2])]
    return _model(nodes, inputs, outputs, inits)


@pytest.mark.parametrize(
    "make, expected",
    [
        (_blocked_model, ["'w_dq'", "blocked quantization (block_size=2) is not supported"]),
        (_conv_weight_axis1_model, ["'w_dq'", "axis 1", "Conv node 'conv'", "per output channel"]),
        (_per_axis_activation_model, ["'x_q'", "per-axis", "(axis 1)", "per tensor"]),
        (_float8_model, ["'x_q'", "float8_e4m3fn is not supported", "int8, uint8"]),
        (_dynamic_model, ["'dyn'", "dynamic quantization", "quantize_static"]),
        (_integer_without_rescale_model, ["'mm'", "Cast(to=FLOAT) and Mul", "quantize_static"]),
    ],
    ids=[
        "blocked",
        "conv_weight_axis_1",
        "per_axis_activation",
        "float8",
        "dynamic",
        "integer_op_without_rescale",
    ],
)
def test_unsupported_quantization_is_one_line(make, expected, tmp_path, capsys):
    path = _save(make(), tmp_path)
    out = tmp_path / "out.mlir"
    assert cli.main(["import", path, "-o", str(out)]) == 1
    line = one_line_error(capsys)
    for text in expected:
        assert text in line
    assert not out.exists()
