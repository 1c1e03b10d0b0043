"""A random conv layer tiled into random row stripes, channel chunks and slot counts, in a
random SRAM size, either gives exactly the quant executor's output of the untiled layer
without touching SRAM beyond its size, or is refused with "does not fit: needs at least N
bytes"."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xopt.dialects.tile.builders import ConvLayer, ConvTiling, conv_layer_ir, conv_quant_ir
from xopt.executor.run import run_sample
from xopt.executor.tile_interpreter import run_tile_module
from xopt.ir_io import parse_mlir


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


@st.composite
def tiled_convs(draw):
    group = draw(st.sampled_from([1, 2, 3]))
    in_per_group, per_group = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kernel, stride, dilation = (
        draw(st.integers(1, 3)),
        draw(st.integers(1, 2)),
        draw(st.integers(1, 2)),
    )
    pads = tuple(draw(st.integers(0, kernel - 1)) for _ in range(4))
    reach = (kernel - 1) * dilation + 1
    height, width = draw(st.integers(reach, 9)), draw(st.integers(reach, 9))
    out_channels = group * per_group
    chunks = [c for c in _divisors(out_channels) if c % per_group == 0 or per_group % c == 0]
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    weight = rng.integers(-40, 41, (out_channels, in_per_group, kernel, kernel)).astype(np.int8)
    bias = rng.integers(-300, 301, out_channels).astype(np.int32) if seed % 3 else None
    layer = ConvLayer(
        (1, group * in_per_group, height, width),
        weight,
        bias,
        (stride, stride),
        pads,
        (dilation, dilation),
        group,
    )
    out_rows = layer.output_shape[2]
    tiling = ConvTiling(
        draw(st.integers(1, out_rows)), draw(st.sampled_from(chunks)), draw(st.integers(1, 3))
    )
    sram = draw(st.integers(64, 2048))
    return layer, tiling, sram, rng.integers(-128, 128, layer.input_shape).astype(np.int8)


@given(tiled_convs())
@settings(max_examples=30, deadline=None)
def test_tiled_conv_is_bit_exact_or_does_not_fit(case):
    layer, tiling, sram, x = case
    try:
        text = conv_layer_ir(layer, tiling, sram)
    except ValueError as e:
        needed = int(
            re.fullmatch(r"does not fit: needs at least (\d+) bytes of SRAM, got \d+", str(e))[1]
        )
        assert needed > sram
        conv_layer_ir(layer, tiling, needed)  # the stated size is enough
        return
    tiled = run_tile_module(parse_mlir(text, "tile"), [x])
    expected = run_sample(parse_mlir(conv_quant_ir(layer), "quant"), [x])[0]
    np.testing.assert_array_equal(tiled.outputs[0], expected)
    assert tiled.counters.high_water["sram"] <= sram
