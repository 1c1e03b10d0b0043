"""Random layers and chains x SRAM sizes: either a plan whose buffers fit the SRAM without
overlap, whose every layer's accounting equals a tile-by-tile replay and whose traffic is
at least the lower bound, or the one-line "does not fit: ... needs at least N bytes" error
with N exact (a plan exists at N bytes). Random quantized convs, planned and lowered (SRAM
sizes near the least any tiling needs draw tiles reduced over input-channel chunks), run
bit-exact with the DRAM traffic their plan counts."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from xopt.dialects.tile.builders import ConvLayer, conv_quant_ir
from xopt.errors import XoptError
from xopt.executor.run import run_sample
from xopt.executor.tile_interpreter import run_tile_module
from xopt.ir_io import parse_mlir
from xopt.passes.tile_for_memory import lower_module
from xopt.tiling import plan_module
from xopt.tiling.layers import extract_network
from xopt.tiling.search import TileSearch, TilingPolicy
from xopt.tiling.validate import plan_problems, replay

ATTRS = "dilations = array<i64: 1, 1>"


def _conv(name, x, c_in, c_out, size, k, stride, group):
    pad = k // 2
    out = (size + 2 * pad - k) // stride + 1
    xt, yt = f"tensor<1x{c_in}x{size}x{size}xf32>", f"tensor<1x{c_out}x{out}x{out}xf32>"
    wt = f"tensor<{c_out}x{c_in // group}x{k}x{k}xf32>"
    text = (
        f"  %{name}.w = graph.constant {{value = dense<1.0> : {wt}}} : {wt}\n"
        f"  %{name} = graph.conv2d %{x}, %{name}.w {{strides = array<i64: {stride}, {stride}>, "
        f"pads = array<i64: {pad}, {pad}, {pad}, {pad}>, {ATTRS}, group = {group} : i64}} "
        f": ({xt}, {wt}) -> {yt}\n"
    )
    return text, yt, out


@st.composite
def chains(draw):
    """1 to 3 convs (full, depthwise or pointwise, stride 1 or 2), maybe a residual add."""
    size = draw(st.integers(2, 20))
    channels = draw(st.sampled_from([1, 3, 4, 8, 16]))
    xt = f"tensor<1x{channels}x{size}x{size}xf32>"
    body, value, typ = "", "x", xt
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["full", "depthwise", "pointwise"]))
        k = 1 if kind == "pointwise" else draw(st.sampled_from([1, 3, 5]))
        stride = draw(st.sampled_from([1, 1, 2]))
        c_out = channels if kind == "depthwise" else draw(st.sampled_from([2, 4, 8, 24]))
        group = channels if kind == "depthwise" else 1
        text, typ, size_out = _conv(f"l{i}", value, channels, c_out, size, k, stride, group)
        body, value, channels, size = body + text, f"l{i}", c_out, size_out
    if draw(st.booleans()) and value != "x":
        body += f"  %sum = graph.add %{value}, %{value} : ({typ}, {typ}) -> {typ}\n"
        value = "sum"
    return f"func.func @main(%x: {xt}) -> {typ} {{\n{body}  func.return %{value} : {typ}\n}}"


@settings(max_examples=60, deadline=None)
@given(chains(), st.integers(64, 40_000), st.sampled_from([1, 2]))
def test_a_plan_is_valid_or_the_error_is_exact(ir, sram, buffers):
    module = parse_mlir(ir, "chain")
    try:
        plan = plan_module(module, sram, buffers)
    except XoptError as e:
        match = re.fullmatch(
            r"does not fit: layer \S+ needs at least (\d+) bytes of SRAM \(got (\d+)\)", str(e)
        )
        assert match is not None, str(e)
        need = int(match.group(1))
        assert need > sram
        plan = plan_module(module, need, buffers)
    assert plan_problems(plan) == []
    assert plan.sram_used_bytes <= plan.sram_bytes
    layers = extract_network(module).layers
    if all(a.union() == a.in_size for layer in layers for a in (layer.rows, layer.cols)):
        assert plan.dram_bytes >= plan.dram_lower_bound_bytes  # every input element is needed


@settings(max_examples=60, deadline=None)
@given(chains(), st.integers(64, 20_000), st.sampled_from([1, 2]), st.booleans())
def test_every_tiling_matches_its_replay(ir, budget, buffers, out_in_sram):
    network = extract_network(parse_mlir(ir, "chain"))
    search = TileSearch(network, buffers, TilingPolicy())
    for position, layer in enumerate(network.layers):
        tiling = search.best(position, budget, frozenset(), out_in_sram)
        if tiling is None:
            assert search.table(position).min_sram() > budget
            continue
        assert tiling.sram_bytes <= budget
        counted = (tiling.read_bytes, tiling.write_bytes, tiling.transfers)
        assert replay(layer, network, tiling, frozenset(), out_in_sram) == counted


def test_replay_detects_a_wrong_count():
    module = parse_mlir(
        "func.func @main(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {\n"
        + _conv("l0", "x", 4, 4, 8, 3, 1, 1)[0]
        + "  func.return %l0 : tensor<1x4x8x8xf32>\n}",
        "conv",
    )
    network = extract_network(module)
    tiling = TileSearch(network, 2, TilingPolicy()).best(0, 300, frozenset(), False)
    counted = replay(network.layers[0], network, tiling, frozenset(), False)
    assert counted[2] > 1
    with pytest.raises(AssertionError):
        assert counted == (tiling.read_bytes, tiling.write_bytes, tiling.transfers + 1)


@st.composite
def planned_convs(draw):
    """A quantized conv (one group, or depthwise) with random geometry, and an SRAM size
    near the least any tiling needs (where input-channel chunks are the only or the best
    choice) or anywhere up to a few KiB."""
    depthwise = draw(st.booleans()) and draw(st.booleans())
    c_in = draw(st.integers(1, 32))
    c_out = c_in if depthwise else draw(st.integers(1, 12))
    k, stride = draw(st.sampled_from([1, 3])), draw(st.sampled_from([1, 2]))
    size = draw(st.integers(k, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    group = c_in if depthwise else 1
    layer = ConvLayer(
        (1, c_in, size, size),
        rng.integers(-30, 31, (c_out, c_in // group, k, k)).astype(np.int8),
        rng.integers(-300, 301, c_out).astype(np.int32) if draw(st.booleans()) else None,
        (stride, stride),
        (k // 2,) * 4,
        group=group,
    )
    buffers = draw(st.sampled_from([1, 2]))
    module = parse_mlir(conv_quant_ir(layer), "conv")
    least = TileSearch(extract_network(module), buffers, TilingPolicy()).table(0).min_sram()
    sram = least + draw(st.integers(0, 64)) if draw(st.booleans()) else draw(st.integers(64, 4096))
    x = rng.integers(-128, 128, layer.input_shape).astype(np.int8)
    return module, sram, buffers, x


@settings(max_examples=25, deadline=None)
@given(planned_convs())
def test_planned_conv_runs_bit_exact_as_counted_or_does_not_fit(case):
    """tile-for-memory's plan of a random conv, run by the tile executor: the quant
    executor's output bit for bit, the plan's DRAM bytes and DMA commands, SRAM within its
    size; or the one-line "does not fit" error."""
    module, sram, buffers, x = case
    expected = run_sample(module, [x])[0]
    tiled = module.clone()
    try:
        plan = lower_module(tiled, lambda core: plan_module(core, sram, buffers))
    except XoptError as e:
        assert re.fullmatch(r"does not fit: layer \S+ needs at least \d+ bytes of SRAM.*", str(e))
        return
    event(f"input-channel chunks: {plan.layers[0].tile.in_chunks > 1}")
    run = run_tile_module(tiled, [x])
    np.testing.assert_array_equal(run.outputs[0], expected)
    assert run.counters.bytes["dram->sram"] == plan.dram_read_bytes
    assert run.counters.bytes["sram->dram"] == plan.dram_write_bytes
    assert sum(run.counters.transfers.values()) == plan.dma_transfers
    assert run.counters.high_water["sram"] <= sram
