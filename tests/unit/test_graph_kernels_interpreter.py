"""The graph interpreter's glue: every graph op, parsed from MLIR text with its properties,
runs through `GraphFunctions` and gives what its kernel (or plain numpy) gives when called
with those properties directly. The kernels themselves are checked against onnxruntime in
tests/property/test_graph_kernels*.py."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import Builtin
from xdsl.dialects.func import Func
from xdsl.interpreter import Interpreter
from xdsl.interpreters.func import FuncFunctions
from xdsl.parser import Parser

from xopt.dialects.graph import Graph
from xopt.executor import graph_kernels as gk
from xopt.executor.graph_interpreter import GraphFunctions, make_interpreter


def parse(text: str):
    ctx = Context()
    for dialect in (Builtin, Func, Graph):
        ctx.load_dialect(dialect)
    module = Parser(ctx, text).parse_module()
    module.verify()
    return module


def type_of(shape, element: str = "f32") -> str:
    return f"tensor<{'x'.join(map(str, shape))}{'x' if shape else ''}{element}>"


def run_single_op(op: str, attrs: str, args: list[np.ndarray], result: str) -> np.ndarray:
    """Run `%r = graph.<op> %a0, ... {attrs}` in a one-op @main on `args`."""
    arg_types = [type_of(a.shape) for a in args]
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(arg_types))
    operands = ", ".join(f"%a{i}" for i in range(len(args)))
    text = f"""
    func.func @main({params}) -> {result} {{
      %r = graph.{op} {operands} {{{attrs}}} : ({", ".join(arg_types)}) -> {result}
      func.return %r : {result}
    }}
    """
    interpreter = Interpreter(parse(text))
    interpreter.register_implementations(GraphFunctions())
    interpreter.register_implementations(FuncFunctions())
    (y,) = interpreter.call_op("main", tuple(args))
    return y


rng = np.random.default_rng(7)


def r(*shape: int) -> np.ndarray:
    return rng.standard_normal(shape).astype(np.float32)


CONV_ATTRS = (
    "strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 0, 1>, dilations = array<i64: 1, 2>, "
    "group = 2 : i64, activation = #graph.act<leaky_relu 0.1>"
)
CONV_T_ATTRS = (
    "strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, "
    "output_padding = array<i64: 1, 0>, group = 1 : i64"
)
POOL = "kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>"
RESIZE = (
    'mode = "linear", coordinate_transformation_mode = "align_corners", nearest_mode = "floor", '
    "scales = array<f64: 1.0, 1.0, 2.0, 1.5>"
)

# (op, attributes, arguments, result shape, expected as a function of the arguments)
CASES = [
    (
        "conv2d",
        CONV_ATTRS,
        [r(1, 4, 6, 6), r(4, 2, 3, 3), r(4)],
        (1, 4, 3, 3),
        lambda x, w, b: gk.leaky_relu(gk.conv2d(x, w, b, (2, 1), (1, 0, 0, 1), (1, 2), 2), 0.1),
    ),
    (
        "conv_transpose2d",
        CONV_T_ATTRS,
        [r(1, 2, 3, 3), r(2, 3, 3, 3)],
        (1, 3, 7, 6),
        lambda x, w: gk.conv_transpose2d(x, w, None, (2, 2), (1, 1, 0, 0), (1, 1), (1, 0), 1),
    ),
    (
        "gemm",
        "alpha = 0.5 : f32, beta = 2.0 : f32, trans_b, activation = #graph.act<relu>",
        [r(3, 4), r(5, 4), r(5)],
        (3, 5),
        lambda a, b, c: np.maximum(0.5 * a @ b.T + 2.0 * c, 0),
    ),
    ("matmul", "", [r(2, 3, 4), r(4, 5)], (2, 3, 5), np.matmul),
    (
        "maxpool",
        POOL + ", dilations = array<i64: 1, 1>, ceil_mode",
        [r(1, 2, 6, 6)],
        (1, 2, 4, 4),
        lambda x: gk.maxpool(x, (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), ceil_mode=True),
    ),
    (
        "avgpool",
        POOL + ", count_include_pad",
        [r(1, 2, 6, 6)],
        (1, 2, 3, 3),
        lambda x: gk.avgpool(x, (3, 3), (2, 2), (1, 1, 1, 1), count_include_pad=True),
    ),
    ("global_avgpool", "", [r(1, 2, 3, 3)], (1, 2, 1, 1), lambda x: x.mean((2, 3), keepdims=True)),
    (
        "batch_norm",
        "epsilon = 1.0e-03 : f32",
        [r(2, 3, 2, 2), r(3), r(3), r(3), np.full(3, 0.5, np.float32)],
        (2, 3, 2, 2),
        lambda x, s, b, m, v: gk.batch_norm(x, s, b, m, v, np.float32(1e-3)),
    ),
    (
        "lrn",
        "size = 3 : i64, alpha = 1.0e-02 : f32, beta = 7.5e-01 : f32, bias = 2.0 : f32",
        [r(1, 4, 2, 2)],
        (1, 4, 2, 2),
        lambda x: gk.lrn(x, 3, 0.01, 0.75, 2.0),
    ),
    (
        "add",
        "activation = #graph.act<clip 0.0, 0.5>",
        [r(2, 3), r(3)],
        (2, 3),
        lambda a, b: np.clip(a + b, 0, 0.5),
    ),
    ("sub", "", [r(2, 3), r(2, 1)], (2, 3), np.subtract),
    ("mul", "", [r(2, 3), r(1)], (2, 3), np.multiply),
    ("div", "", [r(2, 3), r(2, 3) + 4], (2, 3), np.divide),
    ("sum", "", [r(2, 3), r(3), r(2, 1)], (2, 3), lambda a, b, c: a + b + c),
    ("relu", "", [r(2, 3)], (2, 3), lambda x: np.maximum(x, 0)),
    ("sigmoid", "", [r(2, 3)], (2, 3), lambda x: 1 / (1 + np.exp(-x))),
    ("tanh", "", [r(2, 3)], (2, 3), np.tanh),
    ("hard_swish", "", [r(2, 3) * 4], (2, 3), lambda x: x * np.clip(x / 6 + 0.5, 0, 1)),
    ("clip", "min = -1.0 : f32, max = 5.0e-01 : f32", [r(2, 3)], (2, 3), lambda x: x.clip(-1, 0.5)),
    (
        "leaky_relu",
        "alpha = 2.0e-01 : f32",
        [r(2, 3)],
        (2, 3),
        lambda x: np.where(x > 0, x, 0.2 * x),
    ),
    (
        "hard_sigmoid",
        "alpha = 2.0e-01 : f32, beta = 5.0e-01 : f32",
        [r(2, 3) * 4],
        (2, 3),
        lambda x: np.clip(0.2 * x + 0.5, 0, 1),
    ),
    (
        "prelu",
        "",
        [r(1, 3, 2, 2), r(3, 1, 1)],
        (1, 3, 2, 2),
        lambda x, s: np.where(x > 0, x, s * x),
    ),
    ("softmax", "axis = 0 : i64", [r(3, 2)], (3, 2), lambda x: np.exp(x) / np.exp(x).sum(0)),
    (
        "concat",
        "axis = 1 : i64",
        [r(2, 1), r(2, 3)],
        (2, 4),
        lambda a, b: np.concatenate([a, b], 1),
    ),
    ("reshape", "", [r(2, 6)], (3, 4), lambda x: x.reshape(3, 4)),
    ("flatten", "axis = 2 : i64", [r(2, 3, 4)], (6, 4), lambda x: x.reshape(6, 4)),
    (
        "transpose",
        "perm = array<i64: 2, 0, 1>",
        [r(2, 3, 4)],
        (4, 2, 3),
        lambda x: x.transpose(2, 0, 1),
    ),
    ("squeeze", "axes = array<i64: 1>", [r(2, 1, 3)], (2, 3), lambda x: x[:, 0]),
    (
        "unsqueeze",
        "axes = array<i64: 0, 3>",
        [r(2, 3)],
        (1, 2, 3, 1),
        lambda x: x[None, :, :, None],
    ),
    (
        "pad",
        'pads = array<i64: 0, 1, 2, 0>, mode = "reflect", value = 0.0 : f32',
        [r(3, 4)],
        (5, 5),
        lambda x: np.pad(x, ((0, 2), (1, 0)), mode="reflect"),
    ),
    (
        "resize",
        RESIZE,
        [r(1, 1, 3, 4)],
        (1, 1, 6, 6),
        lambda x: gk.resize(x, (1, 1, 6, 6), (1, 1, 2, 1.5), "linear", "align_corners"),
    ),
    (
        "reduce_mean",
        "axes = array<i64: 0, 2>, keepdims",
        [r(2, 3, 4)],
        (1, 3, 1),
        lambda x: x.mean((0, 2), keepdims=True),
    ),
]


@pytest.mark.parametrize("op, attrs, args, shape, expected", CASES, ids=[c[0] for c in CASES])
def test_op_runs_with_its_properties(op, attrs, args, shape, expected):
    y = run_single_op(op, attrs, args, type_of(shape))
    assert isinstance(y, np.ndarray) and y.dtype == np.float32
    assert y.shape == shape
    np.testing.assert_allclose(y, expected(*args), rtol=1e-5, atol=1e-6)


def test_argmax_returns_i64():
    x = np.array([[1, 3, 3, 0], [2, 2, 1, 2]], dtype=np.float32)
    attrs = "axis = 1 : i64, select_last_index"
    y = run_single_op("argmax", attrs, [x], "tensor<2xi64>")
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, [2, 3])
    y = run_single_op("argmax", "axis = 1 : i64, keepdims", [x], "tensor<2x1xi64>")
    np.testing.assert_array_equal(y, [[1], [0]])


def test_small_network_with_constants():
    w = np.array([1.0, -1.0, 0.5, 2.0], dtype=np.float32).reshape(2, 2, 1, 1)
    w_hex = "0x" + w.astype("<f4").tobytes().hex().upper()
    text = f"""
    func.func @main(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2xf32>, tensor<1xi64>) {{
      %w = graph.constant {{value = dense<"{w_hex}"> : tensor<2x2x1x1xf32>}} : tensor<2x2x1x1xf32>
      %b = graph.constant {{value = dense<[0.5, -0.5]> : tensor<2xf32>}} : tensor<2xf32>
      %c = graph.conv2d %x, %w, %b {{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
          dilations = array<i64: 1, 1>, group = 1 : i64, activation = #graph.act<relu>}}
          : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
      %p = graph.global_avgpool %c : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
      %f = graph.flatten %p {{axis = 1 : i64}} : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
      %s = graph.softmax %f {{axis = 1 : i64}} : (tensor<1x2xf32>) -> tensor<1x2xf32>
      %a = graph.argmax %s {{axis = 1 : i64}} : (tensor<1x2xf32>) -> tensor<1xi64>
      func.return %s, %a : tensor<1x2xf32>, tensor<1xi64>
    }}
    """
    x = r(1, 2, 4, 4)
    probs, index = make_interpreter(parse(text)).call_op("main", (x,))
    conv = np.maximum(np.einsum("oc,nchw->nohw", w[:, :, 0, 0], x) + [[[[0.5]], [[-0.5]]]], 0)
    logits = conv.mean((2, 3))
    expected = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    np.testing.assert_allclose(probs, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(index, expected.argmax(1))
