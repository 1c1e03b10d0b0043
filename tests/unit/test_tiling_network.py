"""Cross-layer planning: an intermediate stays in SRAM when it fits, and a chain runs as a
cascade with a ring buffer when it does not; the arena and SRAM placement stay valid."""

from __future__ import annotations

import json

from xopt.ir_io import parse_mlir
from xopt.tiling import plan_module
from xopt.tiling.fusion import stripe_schedule
from xopt.tiling.layers import extract_network
from xopt.tiling.validate import plan_problems

GEOMETRY = "dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>"
X, H = "tensor<1x8x32x32xf32>", "tensor<1x64x32x32xf32>"
W1, W2, W3 = "tensor<64x8x3x3xf32>", "tensor<64x1x3x3xf32>", "tensor<8x64x1x1xf32>"
PAD1, PAD0 = "pads = array<i64: 1, 1, 1, 1>", "pads = array<i64: 0, 0, 0, 0>"
CHAIN = f"""
func.func @main(%x: {X}) -> {X} {{
  %w1 = graph.constant {{value = dense<1.0> : {W1}}} : {W1}
  %h = graph.conv2d %x, %w1 {{{GEOMETRY}, {PAD1}, group = 1 : i64}} : ({X}, {W1}) -> {H}
  %w2 = graph.constant {{value = dense<1.0> : {W2}}} : {W2}
  %d = graph.conv2d %h, %w2 {{{GEOMETRY}, {PAD1}, group = 64 : i64}} : ({H}, {W2}) -> {H}
  %w3 = graph.constant {{value = dense<1.0> : {W3}}} : {W3}
  %y = graph.conv2d %d, %w3 {{{GEOMETRY}, {PAD0}, group = 1 : i64}} : ({H}, {W3}) -> {X}
  func.return %y : {X}
}}"""
WEIGHTS = 64 * 8 * 9 + 64 * 9 + 8 * 64
ENDS = 2 * 8 * 32 * 32


def test_intermediates_stay_in_sram_when_they_fit():
    plan = plan_module(parse_mlir(CHAIN, "chain"), 200_000)
    homes = {t.name: t.home for t in plan.tensors}
    assert homes == {"x": "dram", "h": "sram", "d": "sram", "y": "dram"}
    assert plan.dram_lower_bound_bytes == WEIGHTS + ENDS
    assert plan.dram_bytes == plan.dram_lower_bound_bytes
    assert plan.cascades == ()
    assert plan_problems(plan) == []


def test_a_cascade_keeps_intermediates_that_do_not_fit_on_chip():
    # h and d are 64 KiB each; with 40 000 bytes neither fits, so the three layers run
    # stripe by stripe with rings of rows: traffic is still the lower bound.
    plan = plan_module(parse_mlir(CHAIN, "chain"), 40_000)
    assert plan.dram_bytes == plan.dram_lower_bound_bytes
    (cascade,) = plan.cascades
    assert cascade.layers == (0, 1, 2)
    rings = dict(cascade.ring_rows)
    assert set(rings) == {"h", "d"}
    assert rings["d"] == cascade.stripe_rows  # the 1x1 conv reads only its own rows
    assert rings["h"] == cascade.stripe_rows + 2  # the 3x3 depthwise conv's halo
    assert {t.name: t.home for t in plan.tensors}["h"] == "ring"
    assert plan.sram_used_bytes <= 40_000
    assert plan_problems(plan) == []


def test_stripe_schedule_produces_every_row_once_in_order():
    network = extract_network(parse_mlir(CHAIN, "chain"))
    stripes = stripe_schedule(list(network.layers), 5)
    for j in range(3):
        ranges = [stripe[j] for stripe in stripes]
        assert ranges[0][0] == 0 and ranges[-1][1] == 32
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    # the 1x1 conv needs rows 0..4 of d, the depthwise 3x3 needs one row of h beyond them
    assert stripes[0] == [(0, 6), (0, 5), (0, 5)]
    assert stripes[1] == [(6, 11), (5, 10), (5, 10)]


def test_plan_json_has_the_documented_keys():
    plan = plan_module(parse_mlir(CHAIN, "chain"), 40_000)
    data = json.loads(plan.to_json())
    for key in ("macs", "dram_read_bytes", "dram_write_bytes", "dram_lower_bound_bytes"):
        assert isinstance(data[key], int)
    assert data["arena_bytes"] >= data["arena_lower_bound_bytes"] > 0
    assert [layer["name"] for layer in data["layers"]] == ["h", "d", "y"]
    assert data["layers"][0]["cascade"] == 0
    assert data["macs"] == 32 * 32 * (64 * 8 * 9 + 64 * 9 + 8 * 64)
