"""tile-for-memory on small hand-made quant layers, with and without cascades: the tile
executor's results equal the quant executor's bit for bit, and the DRAM bytes and DMA
commands it counts are the plan's."""

from __future__ import annotations

import numpy as np
import pytest

from xopt.dialects.tile.builders import ConvLayer, conv_quant_ir
from xopt.executor.run import input_ports, run_sample
from xopt.executor.tile_interpreter import run_tile_module
from xopt.ir_io import parse_mlir
from xopt.passes.tile_for_memory import lower_module
from xopt.tiling.planner import plan_module

X = "!quant.uniform<i8:f32, 0.05:3>"
M = "!quant.uniform<i8:f32, 0.1:-2>"


def _chain_ir(rng) -> str:
    """conv 3x3 (8 -> 16) then a depthwise 3x3 stride 2 then add-free 1x1 (16 -> 8)."""
    w1 = rng.integers(-20, 20, (16, 8, 3, 3))
    w2 = rng.integers(-20, 20, (16, 1, 3, 3))
    w3 = rng.integers(-20, 20, (8, 16, 1, 1))
    b = rng.integers(-300, 300, 16)

    def dense(a, bits=8):
        data = np.ascontiguousarray(a.astype(f"<i{bits // 8}")).tobytes().hex().upper()
        return f'dense<"0x{data}"> : tensor<{"x".join(map(str, a.shape))}xi{bits}>'

    def t(shape, e):
        return f"tensor<{'x'.join(map(str, shape))}x{e}>"

    W = "!quant.uniform<i8:f32, 0.02>"

    def conv(res, x, w, xs, ws, ys, stride, pad, group, bias=""):
        operands = f"%{x}, %{w}" + (f", %{bias}" if bias else "")
        types = f"{t(xs, X if x == 'x' else M)}, {t(ws, W)}" + (", tensor<16xi32>" if bias else "")
        geo = (
            f"strides = array<i64: {stride}, {stride}>, pads = array<i64: {pad}, {pad}, {pad}, "
            f"{pad}>, dilations = array<i64: 1, 1>, group = {group} : i64"
        )
        return f"  %{res} = quant.conv2d {operands} {{{geo}}} : ({types}) -> {t(ys, M)}"

    return f"""func.func @main(%x: {t((1, 8, 12, 12), X)}) -> {t((1, 8, 6, 6), M)} {{
  %w1 = quant.constant {{value = {dense(w1)}}} : {t(w1.shape, W)}
  %b1 = graph.constant {{value = {dense(b, 32)}}} : tensor<16xi32>
  %w2 = quant.constant {{value = {dense(w2)}}} : {t(w2.shape, W)}
  %w3 = quant.constant {{value = {dense(w3)}}} : {t(w3.shape, W)}
{conv("a", "x", "w1", (1, 8, 12, 12), w1.shape, (1, 16, 12, 12), 1, 1, 1, "b1")}
{conv("d", "a", "w2", (1, 16, 12, 12), w2.shape, (1, 16, 6, 6), 2, 1, 16)}
{conv("y", "d", "w3", (1, 16, 6, 6), w3.shape, (1, 8, 6, 6), 1, 0, 1)}
  func.return %y : {t((1, 8, 6, 6), M)}
}}"""


def _check(text: str, sram: int, buffers: int, rng, cascades: bool = False):
    """Lower, run both executors on random inputs, compare; the plan and the tile run."""
    module = parse_mlir(text, "test")
    reference = module.clone()
    plan = lower_module(module, lambda core: plan_module(core, sram, buffers, cascades=cascades))
    module.verify()
    inputs = [rng.integers(-128, 128, p.shape).astype(np.int8) for p in input_ports(reference)]
    run = run_tile_module(module, inputs)
    expected = run_sample(reference, inputs)
    for got, want in zip(run.outputs, expected):
        np.testing.assert_array_equal(got, want)
    assert run.counters.bytes["dram->sram"] == plan.dram_read_bytes
    assert run.counters.bytes["sram->dram"] == plan.dram_write_bytes
    assert sum(run.counters.transfers.values()) == plan.dma_transfers
    return plan, run


@pytest.mark.parametrize("sram", [1500, 2500, 4096, 65536])
@pytest.mark.parametrize("buffers", [1, 2])
def test_single_conv_is_bit_exact_and_counts_the_plan(sram: int, buffers: int):
    rng = np.random.default_rng(sram + buffers)
    layer = ConvLayer(
        (1, 8, 12, 12),
        rng.integers(-20, 20, (16, 8, 3, 3)),
        rng.integers(-300, 300, 16),
        strides=(1, 1),
        pads=(1, 1, 1, 1),
    )
    _check(conv_quant_ir(layer), sram, buffers, rng)


@pytest.mark.parametrize("sram", [3000, 6000, 20000, 65536])
def test_chain_with_depthwise_is_bit_exact_and_counts_the_plan(sram: int):
    rng = np.random.default_rng(sram)
    _check(_chain_ir(rng), sram, 2, rng)


@pytest.mark.parametrize("cascades", [False, True])
def test_two_slots_overlap_dma_with_compute_and_one_slot_does_not(cascades: bool):
    """With two slots compute ops run while DMAs are in flight (the executor's race checks
    pass, so the overlap is safe); with one slot every DMA is waited before any compute."""
    rng = np.random.default_rng(5)
    text = _chain_ir(rng)
    plan, run = _check(text, 3000, 2, rng, cascades)
    assert bool(plan.cascades) == cascades
    assert run.counters.overlapped_computes > 0
    plan, run = _check(text, 3000, 1, rng, cascades)
    assert run.counters.overlapped_computes == 0


def test_too_small_sram_is_a_one_line_does_not_fit_error():
    rng = np.random.default_rng(0)
    module = parse_mlir(_chain_ir(rng), "test")
    with pytest.raises(Exception, match="does not fit: layer .* needs at least"):
        lower_module(module, lambda core: plan_module(core, 64, 2, cascades=False))


@pytest.mark.parametrize("sram, buffers", [(2500, 1), (3000, 1), (3000, 2), (4000, 2)])
def test_chain_cascades_are_bit_exact_and_count_the_plan(sram: int, buffers: int):
    rng = np.random.default_rng(sram)
    plan, _ = _check(_chain_ir(rng), sram, buffers, rng, cascades=True)
    assert plan.cascades, "the planner chose no cascade: the test would not test one"


def test_xopt_plan_emit_tile_writes_runnable_tile_ir(tmp_path, capsys):
    from xopt import cli
    from xopt.executor.tile_interpreter import is_tile_module
    from xopt.ir_io import load_module

    rng = np.random.default_rng(2)
    source = tmp_path / "chain.mlir"
    source.write_text(_chain_ir(rng))
    out = tmp_path / "chain.tile.mlir"
    assert cli.main(["plan", str(source), "--sram", "6000", "--emit-tile", str(out)]) == 0
    assert "DRAM traffic" in capsys.readouterr().out
    assert is_tile_module(load_module(str(out)))


def _fc_ir(rng, depth: int, outputs: int) -> str:
    """quant.fully_connected 1 x depth -> 1 x outputs with per-row weight scales and bias."""
    w = rng.integers(-60, 60, (outputs, depth)).astype("<i1")
    b = rng.integers(-2000, 2000, outputs).astype("<i4")
    scales = ", ".join(f"{0.01 + 0.001 * k:g}" for k in range(outputs))
    wt = f"tensor<{outputs}x{depth}x!quant.uniform<i8:f32:0, {{{scales}}}>>"
    x, y, bt = f"tensor<1x{depth}x{X}>", f"tensor<1x{outputs}x{M}>", f"tensor<{outputs}xi32>"
    w_hex, b_hex = w.tobytes().hex().upper(), b.tobytes().hex().upper()
    return f"""func.func @main(%x: {x}) -> {y} {{
  %w = quant.constant {{value = dense<"0x{w_hex}"> : tensor<{outputs}x{depth}xi8>}} : {wt}
  %b = graph.constant {{value = dense<"0x{b_hex}"> : {bt}}} : {bt}
  %y = quant.fully_connected %x, %w, %b : ({x}, {wt}, {bt}) -> {y}
  func.return %y : {y}
}}"""


@pytest.mark.parametrize("sram, buffers", [(1500, 1), (1500, 2), (3000, 2)])
def test_input_channel_chunks_are_bit_exact_and_count_the_plan(sram: int, buffers: int):
    """A 3x3 conv 64 -> 32 on 6x6 whose tiles of all 64 input channels do not fit (or lose
    to chunks): each tile reduces over input-channel chunks in an int32 acc buffer."""
    rng = np.random.default_rng(sram + buffers)
    layer = ConvLayer(
        (1, 64, 6, 6),
        rng.integers(-20, 20, (32, 64, 3, 3)),
        rng.integers(-300, 300, 32),
        pads=(1, 1, 1, 1),
    )
    plan, _ = _check(conv_quant_ir(layer), sram, buffers, rng)
    assert plan.layers[0].tile.in_chunks > 1


@pytest.mark.parametrize("sram, buffers", [(200, 1), (300, 2)])
def test_fully_connected_input_chunks_are_bit_exact_and_count_the_plan(sram: int, buffers: int):
    rng = np.random.default_rng(sram)
    plan, _ = _check(_fc_ir(rng, 200, 10), sram, buffers, rng)
    tile = plan.layers[0].tile
    assert tile.in_chunks > 1 and tile.in_channels * (tile.in_chunks - 1) < 200


def test_boundary_dequantize_before_a_later_quantize_moves_after_the_program():
    """@main may dequantize one output before it quantizes another input: the tiled program
    reads every input, so the dequantize ops go after it (else a use before its def)."""
    rng = np.random.default_rng(3)
    w = np.ascontiguousarray(rng.integers(-20, 20, (4, 4, 1, 1)).astype(np.int8))
    weights = f'dense<"0x{w.tobytes().hex().upper()}"> : tensor<4x4x1x1xi8>'
    f32, q, y = "tensor<1x4x6x6xf32>", f"tensor<1x4x6x6x{X}>", f"tensor<1x4x6x6x{M}>"
    w_type = "tensor<4x4x1x1x!quant.uniform<i8:f32, 0.02>>"
    geometry = (
        "strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, "
        "dilations = array<i64: 1, 1>, group = 1 : i64"
    )
    lines = [f"func.func @main(%a: {f32}, %b: {f32}) -> ({f32}, {f32}) {{"]
    lines.append(f"  %w = quant.constant {{value = {weights}}} : {w_type}")
    for name in ("a", "b"):
        lines += [
            f"  %{name}q = quant.quantize %{name} : {f32} -> {q}",
            f"  %{name}y = quant.conv2d %{name}q, %w {{{geometry}}} : ({q}, {w_type}) -> {y}",
            f"  %{name}f = quant.dequantize %{name}y : {y} -> {f32}",
        ]
    lines += [f"  func.return %af, %bf : {f32}, {f32}", "}"]
    module = parse_mlir("\n".join(lines), "test")
    reference = module.clone()
    lower_module(module, lambda core: plan_module(core, 4096, 2))
    module.verify()
    inputs = [rng.normal(0, 0.2, (1, 4, 6, 6)).astype(np.float32) for _ in range(2)]
    run = run_tile_module(module, inputs)
    for got, want in zip(run.outputs, run_sample(reference, inputs), strict=True):
        np.testing.assert_array_equal(got, want)
