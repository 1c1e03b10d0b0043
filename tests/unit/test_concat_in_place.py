"""The concat-in-place analysis the tile-level memory planner relies on: which concats'
inputs can be written straight into slices of one buffer, and where."""

from __future__ import annotations

from xopt.concat_in_place import plan_concat, plan_concats
from xopt.dialects.graph import ConcatOp
from xopt.ir_io import parse_mlir

CONV = (
    "{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, "
    "dilations = array<i64: 1, 1>, group = 1 : i64}"
)


def _module(body: str, args: str, results: str):
    text = f"func.func @main({args}) -> ({results}) {{\n{body}\n}}"
    return parse_mlir(text, "concat.mlir")


def _single_plan(body: str, args: str = "%x: tensor<1x2x4x4xf32>", results: str = ""):
    plans = plan_concats(_module(body, args, results))
    assert len(plans) == 1
    return plans[0]


W = "%w = graph.constant {value = dense<1.0> : tensor<3x2x1x1xf32>} : tensor<3x2x1x1xf32>"


def _conv(name: str) -> str:
    return (
        f"%{name} = graph.conv2d %x, %w {CONV} : "
        "(tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>"
    )


def test_inception_style_concat_is_in_place_with_channel_offsets():
    body = "\n".join(
        [
            W,
            _conv("a"),
            "%b = graph.relu %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>",
            _conv("c"),
            "%y = graph.concat %a, %b, %c {axis = -3 : i64} : (tensor<1x3x4x4xf32>, "
            "tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x8x4x4xf32>",
            "func.return %y : tensor<1x8x4x4xf32>",
        ]
    )
    plan = _single_plan(body, results="tensor<1x8x4x4xf32>")
    assert plan.in_place and plan.reason is None and plan.axis == 1
    assert [(s.producer.name, s.offset, s.size) for s in plan.slices] == [
        ("graph.conv2d", 0, 3),
        ("graph.relu", 3, 2),
        ("graph.conv2d", 5, 3),
    ]
    assert plan.slices[0].producer is not plan.slices[2].producer


def _refusal(inputs: str, extra: str = "", args: str = "%x: tensor<1x2x4x4xf32>") -> str:
    body = "\n".join(
        [
            W,
            _conv("a"),
            extra,
            f"%y = graph.concat {inputs} {{axis = 1 : i64}} : (tensor<1x3x4x4xf32>, "
            "tensor<1x3x4x4xf32>) -> tensor<1x6x4x4xf32>",
            "func.return %y : tensor<1x6x4x4xf32>",
        ]
    )
    plan = _single_plan(body, args, "tensor<1x6x4x4xf32>")
    assert not plan.in_place and plan.slices == ()
    assert plan.reason is not None
    return plan.reason


def test_refusals_name_the_input_and_why():
    assert _refusal("%a, %a") == "input #0 has other uses (or appears twice)"
    assert (
        _refusal("%a, %z", args="%x: tensor<1x2x4x4xf32>, %z: tensor<1x3x4x4xf32>")
        == "input #1 is a function argument"
    )
    constant = (
        "%k = graph.constant {value = dense<0.0> : tensor<1x3x4x4xf32>} : tensor<1x3x4x4xf32>"
    )
    assert _refusal("%a, %k", constant) == "input #1 is a constant"
    view = "%v = graph.reshape %a : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>"
    assert _refusal("%v, %a", view) == "input #0 is a view (graph.reshape) of another buffer"
    shared = "%s = graph.relu %a : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>"
    assert _refusal("%a, %s", shared) == "input #0 has other uses (or appears twice)"


def test_plan_concat_on_one_op_and_any_axis():
    body = "\n".join(
        [
            "%a = graph.relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>",
            "%b = graph.sigmoid %x : (tensor<2x3xf32>) -> tensor<2x3xf32>",
            "%y = graph.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>)"
            " -> tensor<4x3xf32>",
            "func.return %y : tensor<4x3xf32>",
        ]
    )
    module = _module(body, "%x: tensor<2x3xf32>", "tensor<4x3xf32>")
    concat = next(op for op in module.walk() if isinstance(op, ConcatOp))
    plan = plan_concat(concat)
    assert plan.in_place and plan.axis == 0
    assert [(s.offset, s.size) for s in plan.slices] == [(0, 2), (2, 2)]
