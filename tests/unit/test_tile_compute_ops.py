# ruff: noqa: E501  (tile IR lines are long)
"""Each tile compute op, run tile by tile on SRAM-resident tensors, equals the quant op on
the whole tensor (pools with halos and padding, channel and output chunks with a clipped
last tile, float rounding, and tile.apply)."""

from __future__ import annotations

import numpy as np
import pytest

from xopt.executor.run import run_sample
from xopt.executor.tile_interpreter import run_tile_module
from xopt.ir_io import parse_mlir

X = "!quant.uniform<i8:f32, 0.1:2>"
Y = "!quant.uniform<i8:f32, 0.07:-3>"


def _tensor(shape, element):
    return f"tensor<{'x'.join(map(str, shape))}x{element}>"


def _buffer(shape, element):
    return f'!tile.buffer<{"x".join(map(str, shape))}x{element}, "sram">'


def _modules(inputs, output, quant_op: str, tile_op: str, trips: int, constants=()):
    """The quant module `quant_op` on arguments %a0.. (plus constants %c0..) and the tile
    module: every tensor resident in SRAM, `tile_op` run in a loop of `trips` iterations."""
    args = ", ".join(f"%a{k}: {_tensor(*t)}" for k, t in enumerate(inputs))
    result = _tensor(*output)
    quant = [f"func.func @main({args}) -> {result} {{"]
    tile = [f"func.func @main({args}) -> {result} {{", '  tile.memory "sram" size 4096']
    offset = 0
    for k, (shape, element, value, kind) in enumerate(constants):
        quant.append(f"  %c{k} = {kind}.constant {{value = {value}}} : {_tensor(shape, element)}")
        tile.append(f"  %c{k} = tile.buffer at {offset} size 512 : {_buffer(shape, element)}")
        tile.append(f"  tile.constant %c{k} {{value = {value}}} : {_buffer(shape, element)}")
        offset += 512
    for k, t in enumerate([*inputs, output]):
        name = f"%b{k}" if k < len(inputs) else "%out"
        tile.append(f"  {name} = tile.buffer at {offset} size 512 : {_buffer(*t)}")
        offset += 512
    for k, t in enumerate(inputs):
        tile.append(f"  tile.to_buffer %a{k}, %b{k} : {_tensor(*t)}, {_buffer(*t)}")
    quant += [f"  %y = {quant_op}", f"  func.return %y : {result}", "}"]
    tile += [
        f"  tile.for %i = 0 to {trips} step 1 {{",
        f"    {tile_op}",
        "    tile.yield",
        "  }",
        f"  %y = tile.from_buffer %out : {_buffer(*output)} -> {result}",
        f"  func.return %y : {result}",
        "}",
    ]
    return "\n".join(quant), "\n".join(tile)


def _layer(inputs, output):
    return f"({', '.join(_tensor(*t) for t in inputs)}) -> {_tensor(*output)}"


def _pool(kind: str, extra: str):
    x, y = ((1, 2, 7, 7), X), ((1, 2, 4, 4), X if kind == "maxpool" else Y)
    attrs = f"kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>{extra}"
    quant = f"quant.{kind} %a0 {{{attrs}}} : ({_tensor(*x)}) -> {_tensor(*y)}"
    refs = (
        "[affine_map<(d0) -> (0, 0, 0, d0 * 6 - 1, -1)>, affine_map<(d0) -> (0, 0, 0, d0 * 3, 0)>]"
    )
    tile = (
        f"tile.{kind} %b0 -> %out(%i) {{refs = {refs}, at = affine_map<(d0) -> (0, 0, d0 * 3, 0)>, "
        f"sizes = array<i64: 1, 2, 3, 4>, {attrs}, layer = {_layer([x], y)}}} : {_buffer(*x)} -> {_buffer(*y)}"
    )
    return _modules([x], y, quant, tile, 2)


def _global_avgpool():
    x, y = ((1, 3, 5, 4), X), ((1, 3, 1, 1), Y)
    quant = f'quant.global_avgpool %a0 {{rounding = "float"}} : ({_tensor(*x)}) -> {_tensor(*y)}'
    refs = "[affine_map<(d0) -> (0, 0, d0 * 2, 0, 0)>, affine_map<(d0) -> (0, 0, d0 * 2, 0, 0)>]"
    tile = (
        f"tile.global_avgpool %b0 -> %out(%i) {{refs = {refs}, at = affine_map<(d0) -> (0, d0 * 2, 0, 0)>, "
        f'sizes = array<i64: 1, 2, 1, 1>, rounding = "float", layer = {_layer([x], y)}}} : {_buffer(*x)} -> {_buffer(*y)}'
    )
    return _modules([x], y, quant, tile, 2)


def _fully_connected():
    w_type = "!quant.uniform<i8:f32:0, {0.01, 0.02, 0.03}>"
    x, w, b, y = ((2, 4), X), ((3, 4), w_type), ((3,), "i32"), ((2, 3), Y)
    weights = "dense<[[1, -2, 3, 4], [5, 6, -7, 8], [9, 10, 11, -12]]> : tensor<3x4xi8>"
    constants = [(*w, weights, "quant"), (*b, "dense<[100, -200, 300]> : tensor<3xi32>", "graph")]
    quant = f"quant.fully_connected %a0, %c0, %c1 : ({_tensor(*x)}, {_tensor(*w)}, {_tensor(*b)}) -> {_tensor(*y)}"
    refs = ", ".join(
        f"affine_map<(d0) -> {r}>"
        for r in ("(0, 0, 0)", "(0, d0 * 2, 0)", "(0, d0 * 2)", "(0, 0, d0 * 2)")
    )
    tile = (
        f"tile.fully_connected %b0, %c0, %c1 -> %out(%i) {{refs = [{refs}], at = affine_map<(d0) -> (0, d0 * 2)>, "
        f"sizes = array<i64: 2, 2>, layer = {_layer([x, w, b], y)}}} : {_buffer(*x)}, {_buffer(*w)}, {_buffer(*b)} -> {_buffer(*y)}"
    )
    return _modules([x], y, quant, tile, 2, constants)


def _mul():
    a, b, y = (
        ((1, 2, 3, 3), X),
        ((1, 2, 3, 3), "!quant.uniform<i8:f32, 0.05:-1>"),
        ((1, 2, 3, 3), Y),
    )
    quant = f'quant.mul %a0, %a1 {{rounding = "float"}} : ({_tensor(*a)}, {_tensor(*b)}) -> {_tensor(*y)}'
    row = "affine_map<(d0) -> (0, 0, 0, d0, 0)>"
    tile = (
        f"tile.mul %b0, %b1 -> %out(%i) {{refs = [{row}, {row}, {row}], at = affine_map<(d0) -> (0, 0, d0, 0)>, "
        f'sizes = array<i64: 1, 2, 1, 3>, rounding = "float", layer = {_layer([a, b], y)}}} : {_buffer(*a)}, {_buffer(*b)} -> {_buffer(*y)}'
    )
    return _modules([a, b], y, quant, tile, 3)


def _apply_softmax():
    x, y = ((2, 5), X), ((2, 5), "!quant.uniform<i8:f32, 0.00390625:-128>")
    op = "quant.softmax %{} {{axis = 1 : i64}} : " + f"({_tensor(*x)}) -> {_tensor(*y)}"
    tile = (
        f"tile.apply ins(%b0 : {_buffer(*x)}) outs(%out : {_buffer(*y)}) {{\n"
        f"    ^bb0(%t: {_tensor(*x)}):\n      %s = {op.format('t')}\n"
        f"      tile.yield %s : {_tensor(*y)}\n    }}"
    )
    return _modules([x], y, op.format("a0"), tile, 1)


@pytest.mark.parametrize(
    "case",
    [
        ("maxpool", lambda: _pool("maxpool", "")),
        ("avgpool", lambda: _pool("avgpool", ", count_include_pad")),
        ("avgpool float", lambda: _pool("avgpool", ', rounding = "float"')),
        ("global_avgpool float, clipped channel chunk", _global_avgpool),
        ("fully_connected, per-channel, clipped output chunk", _fully_connected),
        ("mul float, row tiles", _mul),
        ("apply softmax", _apply_softmax),
    ],
    ids=lambda case: case[0],
)
def test_compute_op_equals_quant(case):
    quant, tile = case[1]()
    quant_module, tile_module = parse_mlir(quant, "quant"), parse_mlir(tile, "tile")
    rng = np.random.default_rng(11)
    inputs = [
        rng.integers(-128, 128, shape).astype(np.int8)
        for shape in (a.type.get_shape() for a in tile_module.body.block.first_op.args)
    ]
    expected = run_sample(quant_module, inputs)[0]
    np.testing.assert_array_equal(run_tile_module(tile_module, inputs).outputs[0], expected)
