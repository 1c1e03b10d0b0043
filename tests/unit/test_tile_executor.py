# ruff: noqa: E501  (tile IR lines in the test modules are long)
"""The tile executor on small tiled layers equals the quant executor on the untiled op bit
for bit, counts its DMA traffic, and reports races and overruns naming the op."""

from __future__ import annotations

import numpy as np
import pytest

from xopt.cli import main
from xopt.dialects.tile.builders import ConvLayer, ConvTiling, conv_layer_ir, conv_quant_ir
from xopt.errors import XoptError
from xopt.executor.run import run_sample
from xopt.executor.tile_interpreter import run_tile_module
from xopt.executor.tile_memory import TileExecutionError
from xopt.ir_io import parse_mlir

XT = "!quant.uniform<i8:f32, 0.05:3>"
YT = "!quant.uniform<i8:f32, 0.1:-2>"


def _conv_layer(rng, channels, size, out_channels, kernel, stride, pads, group):
    weight = rng.integers(-20, 21, (out_channels, channels // group, kernel, kernel))
    bias = rng.integers(-500, 501, out_channels).astype(np.int32)
    return ConvLayer(
        (1, channels, *size), weight.astype(np.int8), bias, (stride, stride), pads, group=group
    )


@pytest.mark.parametrize(
    "case,channels,size,out_channels,kernel,stride,pads,group,tiling",
    [
        ("row stripes, double-buffered, halos", 4, (9, 8), 6, 3, 1, (1, 1, 1, 1), 1, (2, 6, 2)),
        ("weight-chunked", 5, (6, 6), 8, 3, 1, (1, 1, 1, 1), 1, (3, 2, 2)),
        ("depthwise, stride 2, asymmetric pads", 8, (11, 10), 8, 3, 2, (0, 1, 2, 0), 8, (2, 4, 3)),
        ("grouped, one slot", 6, (7, 7), 6, 3, 1, (1, 0, 1, 0), 3, (3, 2, 1)),
    ],
)
def test_tiled_conv_equals_quant(
    case, channels, size, out_channels, kernel, stride, pads, group, tiling
):
    rng = np.random.default_rng(len(case))
    layer = _conv_layer(rng, channels, size, out_channels, kernel, stride, pads, group)
    tiled = parse_mlir(conv_layer_ir(layer, ConvTiling(*tiling)), case)
    x = rng.integers(-128, 128, layer.input_shape).astype(np.int8)
    run = run_tile_module(tiled, [x])
    expected = run_sample(parse_mlir(conv_quant_ir(layer), "quant"), [x])[0]
    np.testing.assert_array_equal(run.outputs[0], expected)
    assert run.outputs[0].dtype == np.int8
    assert run.counters.bytes["sram->dram"] == expected.size  # every output byte stored once
    assert run.counters.bytes["dram->sram"] >= x.size + layer.weight.size + 4 * out_channels


def _buffer(shape, element, level, slots=1):
    slot = f", slots = {slots}" if slots != 1 else ""
    return f'!tile.buffer<{shape}x{element}, "{level}"{slot}>'


ADD_TYPES = {
    "a": _buffer("1x3x4x5", XT, "sram"),
    "b": _buffer("1x3x4x5", "!quant.uniform<i8:f32, 0.07:-1>", "sram"),
    "y": _buffer("1x3x4x5", YT, "sram"),
}


def _add_module(loop_body_extra: str = "", store_wait: str = "tile.dma_wait %ts") -> str:
    """Two inputs copied whole into SRAM, added in row stripes of 3 into a resident result."""
    a_t, b_t, y_t = (t.replace('"sram"', '"dram"') for t in ADD_TYPES.values())
    tensor = "tensor<1x3x4x5x{}>"
    a, b, y = tensor.format(XT), tensor.format("!quant.uniform<i8:f32, 0.07:-1>"), tensor.format(YT)
    zero = "affine_map<() -> (0, 0, 0, 0, 0)>"
    row = "affine_map<(d0) -> (0, 0, 0, d0 * 3, 0)>"
    return f"""
func.func @main(%a: {a}, %b: {b}) -> {y} {{
  tile.memory "dram"
  tile.memory "sram" size 180
  %ad = tile.buffer at 0 size 60 : {a_t}
  %bd = tile.buffer at 60 size 60 : {b_t}
  %yd = tile.buffer at 120 size 60 : {y_t}
  %as = tile.buffer at 0 size 60 : {ADD_TYPES["a"]}
  %bs = tile.buffer at 60 size 60 : {ADD_TYPES["b"]}
  %ys = tile.buffer at 120 size 60 : {ADD_TYPES["y"]}
  tile.to_buffer %a, %ad : {a}, {a_t}
  tile.to_buffer %b, %bd : {b}, {b_t}
  %ta = tile.dma_start %ad, %as {{refs = [{zero}, {zero}], sizes = array<i64: 1, 3, 4, 5>}} : {a_t}, {ADD_TYPES["a"]}
  %tb = tile.dma_start %bd, %bs {{refs = [{zero}, {zero}], sizes = array<i64: 1, 3, 4, 5>}} : {b_t}, {ADD_TYPES["b"]}
  tile.dma_wait %ta
  tile.dma_wait %tb
  tile.for %i = 0 to 2 step 1 {{
    tile.add %as, %bs -> %ys(%i) {{refs = [{row}, {row}, {row}], at = affine_map<(d0) -> (0, 0, d0 * 3, 0)>, sizes = array<i64: 1, 3, 3, 5>, layer = ({a}, {b}) -> {y}}} : {ADD_TYPES["a"]}, {ADD_TYPES["b"]} -> {ADD_TYPES["y"]}
    {loop_body_extra}
    tile.yield
  }}
  %ts = tile.dma_start %ys, %yd {{refs = [{zero}, {zero}], sizes = array<i64: 1, 3, 4, 5>}} : {ADD_TYPES["y"]}, {y_t}
  {store_wait}
  %y = tile.from_buffer %yd : {y_t} -> {y}
  func.return %y : {y}
}}"""


def _add_inputs():
    rng = np.random.default_rng(7)
    return [rng.integers(-128, 128, (1, 3, 4, 5)).astype(np.int8) for _ in range(2)]


def test_add_of_resident_tensors_equals_quant():
    a, b = _add_inputs()
    tensor = "tensor<1x3x4x5x{}>"
    at, bt, yt = (
        tensor.format(XT),
        tensor.format("!quant.uniform<i8:f32, 0.07:-1>"),
        tensor.format(YT),
    )
    quant = parse_mlir(
        f"""func.func @main(%a: {at}, %b: {bt}) -> {yt} {{
  %y = quant.add %a, %b : ({at}, {bt}) -> {yt}
  func.return %y : {yt}
}}""",
        "quant",
    )
    run = run_tile_module(parse_mlir(_add_module(), "tile"), [a, b])
    np.testing.assert_array_equal(run.outputs[0], run_sample(quant, [a, b])[0])
    assert run.counters.transfers == {"dram->sram": 2, "sram->dram": 1}
    assert run.counters.touched_bytes["sram"] == 180


CASCADE_W = "!quant.uniform<i8:f32, 0.02>"
CASCADE_GEOMETRY = (
    "strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, "
    "dilations = array<i64: 1, 1>, group = 1 : i64"
)


def _cascade_conv(names, types, layer, row: str, dims: int) -> str:
    """Row `row` of a 3x3 conv: input window from row - 1 and column -1 (padding)."""
    args = ", ".join(f"d{k}" for k in range(dims))
    index = "(%i)" if dims else ""
    refs = [f"(0, 0, 0, {row} - 1, -1)", "(0, 0, 0, 0, 0)", f"(0, 0, 0, {row}, 0)"]
    maps = ", ".join(f"affine_map<({args}) -> {r}>" for r in refs)
    inp, wgt, out = names
    return (
        f"tile.conv2d %{inp}, %{wgt} -> %{out}{index} {{refs = [{maps}], "
        f"at = affine_map<({args}) -> (0, 0, {row}, 0)>, sizes = array<i64: 1, 2, 1, 6>, "
        f"{CASCADE_GEOMETRY}, layer = {layer}}} : {types[0]}, {types[1]} -> {types[2]}"
    )


def _cascade_modules(w1: np.ndarray, w2: np.ndarray) -> tuple[str, str]:
    """conv3x3 -> conv3x3 on 1x2x6x6 (quant, and tiled): the intermediate lives in a 3-row
    ring buffer; the prologue computes row 0 of layer 1, iteration i row i + 1 of layer 1
    and row i of layer 2, overwriting the ring row i - 2 that nothing needs any more."""
    mt = "!quant.uniform<i8:f32, 0.2:1>"
    x, m, y = (f"tensor<1x2x6x6x{t}>" for t in (XT, mt, YT))
    w = f"tensor<2x2x3x3x{CASCADE_W}>"
    blobs = [f'dense<"0x{a.tobytes().hex().upper()}"> : tensor<2x2x3x3xi8>' for a in (w1, w2)]
    quant = f"""func.func @main(%x: {x}) -> {y} {{
  %w1 = quant.constant {{value = {blobs[0]}}} : {w}
  %w2 = quant.constant {{value = {blobs[1]}}} : {w}
  %m = quant.conv2d %x, %w1 {{{CASCADE_GEOMETRY}}} : ({x}, {w}) -> {m}
  %y = quant.conv2d %m, %w2 {{{CASCADE_GEOMETRY}}} : ({m}, {w}) -> {y}
  func.return %y : {y}
}}"""
    xb, wb, yb = (
        f'!tile.buffer<{s}, "sram">'
        for s in (f"1x2x6x6x{XT}", f"2x2x3x3x{CASCADE_W}", f"1x2x6x6x{YT}")
    )
    ring = f'!tile.buffer<1x2x3x6x{mt}, "sram", ring_axis = 2>'
    l1, l2 = f"({x}, {w}) -> {m}", f"({m}, {w}) -> {y}"
    first = ("xs", "w1", "ms"), (xb, wb, ring), l1
    second = ("ms", "w2", "ys"), (ring, wb, yb), l2
    tiled = f"""func.func @main(%x: {x}) -> {y} {{
  tile.memory "sram" size 252
  %xs = tile.buffer at 0 size 72 : {xb}
  %w1 = tile.buffer at 72 size 36 : {wb}
  %w2 = tile.buffer at 108 size 36 : {wb}
  %ms = tile.buffer at 144 size 36 : {ring}
  %ys = tile.buffer at 180 size 72 : {yb}
  tile.to_buffer %x, %xs : {x}, {xb}
  tile.constant %w1 {{value = {blobs[0]}}} : {wb}
  tile.constant %w2 {{value = {blobs[1]}}} : {wb}
  {_cascade_conv(*first, "0", 0)}
  tile.for %i = 0 to 6 step 1 {{
    {_cascade_conv(*first, "d0 + 1", 1)}
    {_cascade_conv(*second, "d0", 1)}
    tile.yield
  }}
  %y = tile.from_buffer %ys : {yb} -> {y}
  func.return %y : {y}
}}"""
    return quant, tiled


def test_cascade_through_rolling_buffer_equals_quant():
    rng = np.random.default_rng(3)
    w1, w2 = (rng.integers(-30, 31, (2, 2, 3, 3)).astype(np.int8) for _ in range(2))
    quant, tiled = _cascade_modules(w1, w2)
    x = rng.integers(-128, 128, (1, 2, 6, 6)).astype(np.int8)
    run = run_tile_module(parse_mlir(tiled, "tile"), [x])
    np.testing.assert_array_equal(run.outputs[0], run_sample(parse_mlir(quant, "quant"), [x])[0])
    assert run.counters.high_water["sram"] == 252


def test_cascade_with_too_short_ring_reads_overwritten_rows():
    rng = np.random.default_rng(3)
    w1, w2 = (rng.integers(-30, 31, (2, 2, 3, 3)).astype(np.int8) for _ in range(2))
    _, tiled = _cascade_modules(w1, w2)
    tiled = tiled.replace(
        "1x2x3x6x!quant.uniform<i8:f32, 0.2:1>", "1x2x2x6x!quant.uniform<i8:f32, 0.2:1>"
    )
    with pytest.raises(
        TileExecutionError, match="3 entries along ring axis 2 overrun the 2 of %ms"
    ):
        run_tile_module(parse_mlir(tiled, "tile"), [np.zeros((1, 2, 6, 6), np.int8)])


def test_add_reports_read_before_dma_wait():
    text = _add_module().replace("  tile.dma_wait %ta\n", "", 1)
    text = text.replace("    tile.yield\n  }", "    tile.yield\n  }\n  tile.dma_wait %ta", 1)
    with pytest.raises(
        TileExecutionError, match=r"tile.add .*reads byte 0 of %as while a DMA is still writing it"
    ):
        run_tile_module(parse_mlir(text, "tile"), _add_inputs())


def test_unwaited_dma_is_reported():
    text = _add_module(store_wait="")
    with pytest.raises(TileExecutionError, match="reads byte 0 of %yd while a DMA"):
        run_tile_module(parse_mlir(text, "tile"), _add_inputs())


def test_token_never_waited_is_reported():
    zero = "affine_map<() -> (0, 0, 0, 0, 0)>"
    a_t = ADD_TYPES["a"].replace('"sram"', '"dram"')
    extra = (
        f"%tz = tile.dma_start %ad, %as {{refs = [{zero}, {zero}], sizes = array<i64: 1, 1, 1, 1>}}"
        f" : {a_t}, {ADD_TYPES['a']}"
    )
    text = _add_module().replace("  %y = tile.from_buffer", f"  {extra}\n  %y = tile.from_buffer")
    with pytest.raises(TileExecutionError, match="tile.dma_start: a DMA it started was never"):
        run_tile_module(parse_mlir(text, "tile"), _add_inputs())


def test_token_waited_twice_is_reported():
    text = _add_module(store_wait="tile.dma_wait %ts\n  tile.dma_wait %ts")
    with pytest.raises(TileExecutionError, match="tile.dma_wait: this DMA token was already"):
        run_tile_module(parse_mlir(text, "tile"), _add_inputs())


def test_write_into_inflight_source_is_reported():
    text = _add_module().replace("  tile.dma_wait %ta\n", "", 1)
    text = text.replace(
        "  %tb = tile.dma_start",
        "  tile.to_buffer %a, %ad : tensor<1x3x4x5x"
        f"{XT}>, {ADD_TYPES['a'].replace('sram', 'dram')}\n  %tb = tile.dma_start",
    )
    with pytest.raises(
        TileExecutionError, match="writes byte 0 of %ad while a DMA is still reading"
    ):
        run_tile_module(parse_mlir(text, "tile"), _add_inputs())


def test_window_overrunning_its_buffer_is_reported():
    row = "refs = [affine_map<(d0) -> (0, 0, 0, d0 * 3"
    text = _add_module().replace(row, row + " + 2", 1)
    with pytest.raises(TileExecutionError, match=r"\[2, 5\) along axis 2 overruns %as \(size 4\)"):
        run_tile_module(parse_mlir(text, "tile"), _add_inputs())


def test_buffer_outside_its_level_is_a_verifier_error():
    text = _add_module().replace('tile.memory "sram" size 180', 'tile.memory "sram" size 170')
    with pytest.raises(XoptError, match=r"bytes \[120, 180\) overrun level 'sram' of 170 bytes"):
        parse_mlir(text, "tile")


def test_xopt_run_runs_tile_ir(tmp_path):
    path, inputs, out = tmp_path / "add.mlir", tmp_path / "in.npz", tmp_path / "out.npz"
    path.write_text(_add_module())
    a, b = _add_inputs()
    np.savez(inputs, arg0=np.stack([a, b]), arg1=np.stack([b, a]))
    assert main(["run", str(path), "--inputs", str(inputs), "-o", str(out)]) == 0
    result = np.load(out)["result0"]
    module = parse_mlir(_add_module(), "tile")
    np.testing.assert_array_equal(result[1], run_tile_module(module, [b, a]).outputs[0])
