"""`fuse-qdq` on small QDQ-form models: the fused integer model computes what the QDQ form
computes (which the executor runs in float, dequantize -> float op -> quantize) within one
step on at least 99% of the stored integers, and exactly where no rescaling happens."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest

from xopt import opt_main
from xopt.executor.run import main_function, run_sample
from xopt.ir_io import make_context, module_text, parse_mlir
from xopt.passes.fuse_qdq import FuseQdqPass
from xopt.testing import one_line_error

RNG_SEED = 0
SAMPLES = 4


def _tensor(shape, element: str) -> str:
    return f"tensor<{'x'.join(str(d) for d in shape)}x{element}>"


def _dense(array: np.ndarray) -> str:
    return f"dense<{json.dumps(array.tolist())}>"


def _weight(name: str, shape, axis: int | None, rng, element: str = "i8<-127:127>") -> str:
    """`%name = dequantize(quant.constant)` of random int8 weights, per axis or tensor."""
    stored = rng.integers(-127, 128, shape).astype(np.int8)
    if axis is None:
        qtype = f"!quant.uniform<{element}:f32, 0.01>"
    else:
        scales = ", ".join(f"{s:.4f}" for s in rng.uniform(0.005, 0.02, shape[axis]))
        qtype = f"!quant.uniform<{element}:f32:{axis}, {{{scales}}}>"
    shape_text = "x".join(str(d) for d in shape)
    return (
        f"%{name}q = quant.constant {{value = {_dense(stored)} : tensor<{shape_text}xi8>}} : "
        f"{_tensor(shape, qtype)}\n"
        f"%{name} = quant.dequantize %{name}q : {_tensor(shape, qtype)} -> "
        f"{_tensor(shape, 'f32')}\n"
    )


def _float_constant(name: str, array: np.ndarray) -> str:
    values = json.dumps([float(f"{v:.4f}") for v in array.ravel()])
    typ = _tensor(array.shape, "f32")
    return f"%{name} = graph.constant {{value = dense<{values}> : {typ}}} : {typ}\n"


@dataclass
class Case:
    """A QDQ-form model: inputs (shape, quantized element type), body computing `%y` of
    `out_shape` from the dequantized inputs `%x0d`, `%x1d`, ...; the result is quantized to
    parameters fitted to `%y`'s range in `out_storage` (None: `%y` is returned as is)."""

    inputs: list[tuple[tuple[int, ...], str]]
    body: str
    out_shape: tuple[int, ...]
    out_storage: str | None = "i8"
    exact: bool = False
    fused_ops: tuple[str, ...] = ()

    def text(self, out_type: str | None) -> str:
        args, prologue = [], []
        for i, (shape, qtype) in enumerate(self.inputs):
            f, q = _tensor(shape, "f32"), _tensor(shape, qtype)
            args.append(f"%x{i}: {f}")
            prologue.append(f"%x{i}q = quant.quantize %x{i} : {f} -> {q}")
            prologue.append(f"%x{i}d = quant.dequantize %x{i}q : {q} -> {f}")
        y_type = _tensor(self.out_shape, "f32" if self.out_storage is not None else "i64")
        if out_type is None:
            result, epilogue = y_type, "func.return %y : " + y_type
        else:
            result = _tensor(self.out_shape, out_type)
            epilogue = f"%yq = quant.quantize %y : {y_type} -> {result}\nfunc.return %yq : {result}"
        lines = "\n".join(prologue) + "\n" + self.body + epilogue
        return f"func.func @main({', '.join(args)}) -> {result} {{\n{lines}\n}}"


def _out_type(y: np.ndarray, storage: str) -> str:
    """Parameters covering the range of `y` (and 0) in `storage` (i8 or u8)."""
    lo, hi = min(float(y.min()), 0.0), max(float(y.max()), 0.0)
    scale = max(hi - lo, 1e-3) / 255
    qmin = -128 if storage == "i8" else 0
    zero_point = int(np.clip(round(qmin - lo / scale), qmin, qmin + 255))
    return f"!quant.uniform<{storage}:f32, {scale:.6g}:{zero_point}>"


def _samples(case: Case, rng) -> list[list[np.ndarray]]:
    return [
        [(rng.standard_normal(shape) * 1.5).astype(np.float32) for shape, _ in case.inputs]
        for _ in range(SAMPLES)
    ]


def _run(module, samples) -> np.ndarray:
    return np.concatenate([run_sample(module, s)[0].astype(np.int64).ravel() for s in samples])


def _conv_case(rng) -> Case:
    body = _weight("w", (8, 4, 3, 3), 0, rng) + _float_constant("b", rng.standard_normal(8))
    body += (
        "%y = graph.conv2d %x0d, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, "
        "1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>} "
        ": (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>\n"
    )
    return Case([((1, 4, 8, 8), "!quant.uniform<i8:f32, 0.03:2>")], body, (1, 8, 8, 8))


def _depthwise_case(rng) -> Case:
    bias = rng.integers(-300, 300, 4).astype(np.int32)
    body = _weight("w", (4, 1, 3, 3), 0, rng)
    body += (
        f"%bq = quant.constant {{value = {_dense(bias)} : tensor<4xi32>}} : "
        "tensor<4x!quant.uniform<i32:f32, 0.0002>>\n"
        "%b = quant.dequantize %bq : tensor<4x!quant.uniform<i32:f32, 0.0002>> -> tensor<4xf32>\n"
        "%y = graph.conv2d %x0d, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, "
        "0, 0>, dilations = array<i64: 1, 1>, group = 4 : i64, activation = #graph.act<clip "
        "0.0, 0.5>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> "
        "tensor<1x4x4x4xf32>\n"
    )
    return Case([((1, 4, 8, 8), "!quant.uniform<u8:f32, 0.03:128>")], body, (1, 4, 4, 4), "u8")


def _gemm_case(rng) -> Case:
    body = _weight("w", (8, 16), 0, rng) + _float_constant("c", rng.standard_normal(8))
    body += (
        "%y = graph.gemm %x0d, %w, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_b} : "
        "(tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>\n"
    )
    return Case([((4, 16), "!quant.uniform<i8:f32, 0.03>")], body, (4, 8))


def _matmul_case(rng) -> Case:
    body = _weight("w", (16, 8), 1, rng)
    body += "%y = graph.matmul %x0d, %w : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>\n"
    return Case([((4, 16), "!quant.uniform<i8:f32, 0.03:-5>")], body, (4, 8), "u8")


def _binary_case(op: str) -> Case:
    act = " {activation = #graph.act<relu>}" if op == "add" else ""
    body = (
        f"%y = graph.{op} %x0d, %x1d{act} : (tensor<1x4x6x6xf32>, tensor<4x1x1xf32>) -> "
        "tensor<1x4x6x6xf32>\n"
    )
    inputs = [
        ((1, 4, 6, 6), "!quant.uniform<i8:f32, 0.03:3>"),
        ((4, 1, 1), "!quant.uniform<u8:f32, 0.02:120>"),
    ]
    return Case(inputs, body, (1, 4, 6, 6))


POOL = "kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>"


def _pool_case(op: str) -> Case:
    props = {
        "maxpool": f" {{{POOL}}}",
        "avgpool": f" {{{POOL}, count_include_pad}}",
        "global_avgpool": "",
    }[op]
    out = (1, 4, 1, 1) if op == "global_avgpool" else (1, 4, 4, 4)
    body = f"%y = graph.{op} %x0d{props} : (tensor<1x4x8x8xf32>) -> {_tensor(out, 'f32')}\n"
    return Case([((1, 4, 8, 8), "!quant.uniform<i8:f32, 0.03:1>")], body, out)


def _concat_reshape_case() -> Case:
    body = (
        "%c = graph.concat %x0d, %x1d {axis = 1 : i64} : (tensor<1x2x4x4xf32>, "
        "tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>\n"
        "%cq = quant.quantize %c : tensor<1x5x4x4xf32> -> "
        "tensor<1x5x4x4x!quant.uniform<i8:f32, 0.02>>\n"
        "%cd = quant.dequantize %cq : tensor<1x5x4x4x!quant.uniform<i8:f32, 0.02>> -> "
        "tensor<1x5x4x4xf32>\n"
        "%y = graph.flatten %cd {axis = 1 : i64} : (tensor<1x5x4x4xf32>) -> tensor<1x80xf32>\n"
    )
    inputs = [
        ((1, 2, 4, 4), "!quant.uniform<i8:f32, 0.03>"),
        ((1, 3, 4, 4), "!quant.uniform<u8:f32, 0.025:128>"),
    ]
    return Case(inputs, body, (1, 80))


def _resize_case(mode: str) -> Case:
    body = (
        f'%y = graph.resize %x0d {{mode = "{mode}", coordinate_transformation_mode = '
        '"half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.0, 1.0, '
        "2.0, 2.0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>\n"
    )
    return Case([((1, 2, 4, 4), "!quant.uniform<i8:f32, 0.03>")], body, (1, 2, 8, 8))


ACTIVATIONS = {
    "relu": "",
    "clip": " {min = -0.5 : f32, max = 1.0 : f32}",
    "sigmoid": "",
    "tanh": "",
    "hard_swish": "",
    "leaky_relu": " {alpha = 0.1 : f32}",
    "hard_sigmoid": " {alpha = 0.2 : f32, beta = 0.5 : f32}",
}


def _table_case(name: str) -> Case:
    body = f"%y = graph.{name} %x0d{ACTIVATIONS[name]} : (tensor<2x64xf32>) -> tensor<2x64xf32>\n"
    inputs = [((2, 64), "!quant.uniform<u8:f32, 0.03:128>")]
    return Case(inputs, body, (2, 64), exact=True, fused_ops=("quant.table",))


def _argmax_case() -> Case:
    body = "%y = graph.argmax %x0d {axis = 1 : i64} : (tensor<3x7xf32>) -> tensor<3xi64>\n"
    inputs = [((3, 7), "!quant.uniform<i8:f32, 0.03>")]
    return Case(inputs, body, (3,), None, exact=True, fused_ops=("quant.argmax",))


def _cases() -> dict[str, Case]:
    rng = np.random.default_rng(RNG_SEED)
    cases = {
        "conv_relu": _conv_case(rng),
        "depthwise_clip_int_bias": _depthwise_case(rng),
        "gemm_alpha_beta": _gemm_case(rng),
        "matmul": _matmul_case(rng),
        "add_relu": _binary_case("add"),
        "mul": _binary_case("mul"),
        "concat_flatten": _concat_reshape_case(),
        "resize_linear": _resize_case("linear"),
        "resize_nearest": _resize_case("nearest"),
        "argmax": _argmax_case(),
    }
    cases.update({op: _pool_case(op) for op in ("maxpool", "avgpool", "global_avgpool")})
    cases.update({f"table_{name}": _table_case(name) for name in ACTIVATIONS})
    return cases


CASES = _cases()


def _qdq_module(case: Case, samples):
    """The case's QDQ-form module, its output parameters fitted on `samples`."""
    if case.out_storage is None:
        return parse_mlir(case.text(None), "case")
    calibration = parse_mlir(case.text(None), "case")
    y = np.concatenate([run_sample(calibration, s)[0].ravel() for s in samples])
    return parse_mlir(case.text(_out_type(y, case.out_storage)), "case")


@pytest.mark.parametrize("rounding", ["fixed_point", "float"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_model_matches_qdq_form(name, rounding):
    case = CASES[name]
    samples = _samples(case, np.random.default_rng(1))
    module = _qdq_module(case, samples)
    reference = _run(module, samples)
    FuseQdqPass(rounding).apply(make_context(), module)
    module.verify()
    ops = {op.name for op in main_function(module).body.ops}
    assert not {n for n in ops if n.startswith("graph.")} - {"graph.constant"}, ops
    assert set(case.fused_ops) <= ops
    fused = _run(module, samples)
    diff = np.abs(fused - reference)
    if case.exact:
        np.testing.assert_array_equal(fused, reference)
    assert np.mean(diff <= 1) >= 0.99, (np.mean(diff <= 1), diff.max())


FLATTEN = Case(
    [((1, 2, 3, 3), "!quant.uniform<i8:f32, 0.03:1>")],
    "%y = graph.flatten %x0d {axis = 1 : i64} : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>\n",
    (1, 18),
)


@pytest.mark.parametrize("case", [CASES["maxpool"], FLATTEN], ids=["maxpool", "flatten"])
def test_maxpool_and_reshape_keep_stored_integers(case):
    """Quantized to their input's parameters, maxpool and flatten rescale nothing: no
    requantize, and the result is bit-exact."""
    samples = _samples(case, np.random.default_rng(2))
    module = parse_mlir(case.text(case.inputs[0][1]), "case")
    reference = _run(module, samples)
    FuseQdqPass().apply(make_context(), module)
    assert "quant.requantize" not in module_text(module)
    np.testing.assert_array_equal(_run(module, samples), reference)


def test_fusion_is_idempotent():
    module = _qdq_module(CASES["conv_relu"], _samples(CASES["conv_relu"], np.random.default_rng(3)))
    FuseQdqPass().apply(make_context(), module)
    once = module_text(module)
    FuseQdqPass().apply(make_context(), module)
    assert module_text(module) == once


def test_bad_rounding_option_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "m.mlir"
    path.write_text(CASES["table_relu"].text("!quant.uniform<i8:f32, 0.02>"))
    assert opt_main.main([str(path), "-p", "fuse-qdq{rounding=nearest}"]) == 2
    line = one_line_error(capsys)
    assert "fuse-qdq" in line and "fixed_point, float" in line
