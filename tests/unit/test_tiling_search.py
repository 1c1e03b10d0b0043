"""The planner's choices on small layers, with the DRAM bytes and DMA transfers computed by
hand (float IR planned as int8 activations/weights, int32 biases)."""

from __future__ import annotations

import json

import pytest

from xopt.errors import XoptError
from xopt.ir_io import parse_mlir
from xopt.tiling import plan_module
from xopt.tiling.layers import Axis, extract_network
from xopt.tiling.search import TileSearch, TilingPolicy, balanced_sizes
from xopt.tiling.validate import plan_problems, replay


def conv_ir(cin: int, cout: int, size: int, k: int, stride: int = 1, group: int = 1) -> str:
    """`@main`: one conv (k x k, pad k // 2, bias) on a 1 x cin x size x size input."""
    pad = k // 2
    out = (size + 2 * pad - k) // stride + 1
    x, y = f"tensor<1x{cin}x{size}x{size}xf32>", f"tensor<1x{cout}x{out}x{out}xf32>"
    w, b = f"tensor<{cout}x{cin // group}x{k}x{k}xf32>", f"tensor<{cout}xf32>"
    geometry = (
        f"strides = array<i64: {stride}, {stride}>, pads = array<i64: {pad}, {pad}, {pad}, {pad}>"
        ", dilations = array<i64: 1, 1>"
    )
    return f"""
func.func @main(%x: {x}) -> {y} {{
  %w = graph.constant {{value = dense<1.0> : {w}}} : {w}
  %b = graph.constant {{value = dense<0.0> : {b}}} : {b}
  %y = graph.conv2d %x, %w, %b {{{geometry}, group = {group} : i64}} : ({x}, {w}, {b}) -> {y}
  func.return %y : {y}
}}"""


def test_balanced_sizes_are_the_distinct_tilings():
    assert balanced_sizes(16) == [16, 8, 6, 4, 3, 2, 1]
    assert balanced_sizes(16, 4) == [16, 8, 4]


def test_axis_windows_clip_padding_and_count_halos():
    axis = Axis(out_size=16, in_size=16, kernel=3, stride=1, pad=1)
    assert axis.window(0, 4) == (0, 5)
    assert axis.window(12, 4) == (11, 16)
    assert axis.windows_sum(4) == 5 + 6 + 6 + 5
    assert axis.union() == 16
    strided = Axis(out_size=4, in_size=8, kernel=1, stride=2)
    assert strided.union() == 4  # odd rows are never read


def test_rolling_stripes_when_the_whole_output_does_not_fit():
    # 3x3 conv 8 -> 32 channels on 16x16: weights 2304 B + bias 128 B stay (one chunk);
    # 640 * rows + 256 + 2432 <= 6000 gives 4-row stripes (6 input rows, 2048 output bytes);
    # a rolling input reads each input row once: traffic is exactly the lower bound.
    module = parse_mlir(conv_ir(8, 32, 16, 3), "conv")
    plan = plan_module(module, 6000, buffers=1)
    (layer,) = plan.layers
    assert (layer.tile.channels, layer.tile.rows, layer.tile.cols) == (32, 4, 16)
    assert layer.rolling_input
    assert layer.dram_read_bytes == 2048 + 2304 + 128
    assert layer.dram_write_bytes == 32 * 16 * 16
    assert layer.dma_transfers == 1 + 1 + 4 + 4
    assert layer.sram_peak_bytes == 2432 + 8 * 6 * 16 + 32 * 4 * 16
    assert plan.dram_bytes == plan.dram_lower_bound_bytes
    assert plan_problems(plan) == []


def test_weight_chunks_when_the_weights_do_not_fit():
    # 1x1 conv 64 -> 128 on 4x4: weights 8192 B do not fit 4096 B. Weight chunks outer read
    # each weight once and the (single) input tile once: 1024 + 168 * chunk <= 4096 with
    # double-buffered weight, bias and output slots gives chunks of 16 channels.
    module = parse_mlir(conv_ir(64, 128, 4, 1), "fc-like")
    plan = plan_module(module, 4096, buffers=2)
    (layer,) = plan.layers
    assert (layer.tile.channels, layer.tile.rows, layer.tile.cols) == (16, 4, 4)
    assert layer.dram_read_bytes == 1024 + 8192 + 512  # one spatial tile: either loop order
    assert layer.dram_write_bytes == 2048
    assert layer.dma_transfers == 8 + 8 + 1 + 8
    assert layer.sram_peak_bytes == 1024 + 2 * (16 * 64 + 16 * 4) + 2 * 16 * 16
    weight = next(b for b in layer.buffers if b.role == "weight")
    assert (weight.slot_bytes, weight.slots) == (1024, 2)


def test_depthwise_chunks_read_only_their_channels():
    module = parse_mlir(conv_ir(32, 32, 8, 3, group=32), "dw")
    network = extract_network(module)
    table = TileSearch(network, 1, TilingPolicy()).table(0)
    tiling = table.best(700, frozenset(), False)
    assert tiling is not None and tiling.channels < 32
    assert tiling.read_bytes == 32 * 64 + 32 * 9 + 32 * 4  # every byte once
    layer = network.layers[0]
    assert replay(layer, network, tiling, frozenset(), False) == (
        tiling.read_bytes,
        tiling.write_bytes,
        tiling.transfers,
    )


def test_policy_constrains_channel_chunks():
    network = extract_network(parse_mlir(conv_ir(64, 128, 4, 1), "fc-like"))
    tiling = TileSearch(network, 2, TilingPolicy(channel_multiple=32)).best(
        0, 8192, frozenset(), False
    )
    assert tiling.channels % 32 == 0


def test_does_not_fit_names_the_layer_and_the_exact_minimum():
    module = parse_mlir(conv_ir(8, 32, 16, 3), "conv")
    with pytest.raises(XoptError, match=r"does not fit: layer y needs at least (\d+) bytes") as e:
        plan_module(module, 100)
    need = int(str(e.value).split("at least ")[1].split()[0])
    assert plan_module(module, need).sram_used_bytes <= need
    with pytest.raises(XoptError):
        plan_module(module, need - 1)


def test_input_channel_chunks_when_no_tile_of_all_input_channels_fits():
    # 1x1 conv 16 -> 2 (bias) on 2x2, one buffer slot, 30 B of SRAM. A tile reading all 16
    # input channels needs at least 16 (input) + 16 (weights of one channel) + 4 (bias) +
    # 1 (output) = 37 B. Chunked: 2 channels x 1 x 1 output tiles, 4 chunks of 4 input
    # channels: input 4 + weights 2 * 4 + whole bias 8 + int32 partial sums 2 * 4 + output 2
    # = 30 B. Input read once (one channel chunk), weights once per spatial tile (4 x 32),
    # bias once; DMA: 16 input + 16 weight chunks, 1 bias, 4 output tiles.
    module = parse_mlir(conv_ir(16, 2, 2, 1), "chunks")
    plan = plan_module(module, 30, buffers=1)
    (layer,) = plan.layers
    tile = layer.tile
    assert (tile.channels, tile.rows, tile.cols, tile.in_channels, tile.in_chunks) == (
        2,
        1,
        1,
        4,
        4,
    )
    assert layer.dram_read_bytes == 64 + 4 * 32 + 8
    assert layer.dram_write_bytes == 8
    assert layer.dma_transfers == 16 + 16 + 1 + 4
    roles = {b.role: (b.slot_bytes, b.slots) for b in layer.buffers}
    assert roles == {
        "input": (4, 1),
        "weight": (8, 1),
        "bias": (8, 1),
        "acc": (8, 1),
        "output": (2, 1),
    }
    assert plan_problems(plan) == []
    assert json.loads(plan.to_json())["layers"][0]["tile"]["in_chunks"] == 4
    unchunked = TileSearch(extract_network(module), 1, TilingPolicy()).table(0)
    assert unchunked.in_slot[unchunked.n_j == 1].min() == 16  # all channels of one column


def test_input_channel_chunks_respect_the_channel_multiple():
    # 1x1 conv 64 -> 8 on 4x4 in 600 B with the NEON policy: a tile of all 64 input
    # channels needs 8 x 64 B of weights, 2 x 64 B of input, 32 B of bias and 2 x 8 B of
    # output (688 B); chunks of input channels are multiples of 16.
    module = parse_mlir(conv_ir(64, 8, 4, 1), "neon")
    plan = plan_module(module, 600, buffers=2, policy=TilingPolicy(channel_multiple=16))
    tile = plan.layers[0].tile
    assert tile.in_chunks > 1 and tile.in_channels % 16 == 0
