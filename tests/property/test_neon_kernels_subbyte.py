"""Property tests: the packed int4 / int2 weight kernels equal the quant executor bit for bit.

The NEON kernels (`_w4` / `_w2` pointwise, general conv and fully connected, unpacking to
sdot) are drawn in batches of small layers whose sizes hit every tail of the 4- and 16-wide
blocks, built into one program with aarch64-linux-gnu-gcc
and with clang at -O3 -march=armv8.2-a+dotprod and run under qemu-aarch64, like
test_neon_kernels.py. The
portable kernels (packed general conv with groups, dilations and weight zero points, packed
fully connected) run in the host library, like test_c_kernels.py. Weights are drawn over
the whole signed range of their width, activations over int8 or a sub-byte range.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner, subbyte, toolchain
from xopt.targets.c.kernel_harness import KernelCase, assert_matches, assert_output_matches
from xopt.targets.neon import kernel_params as neon
from xopt.testing import NEON_COMPILERS, skip_unless_tools
from xopt.testing_strategies import bounds, scales, zero_points

widths = st.sampled_from((4, 2))


def signed_values(draw, shape, bits: int) -> np.ndarray:
    """Uniformly random values of the signed `bits`-bit range, from a drawn seed."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    half = 2 ** (bits - 1)
    return rng.integers(-half, half, shape).astype(np.int8)


@st.composite
def layer_quant(draw, channels: int, input_bits: int, w_zero_points: bool = False):
    """(bias, xq, wq, yq, bounds) with the input zero point inside its `input_bits` range."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    w_scale = rng.uniform(1e-3, 5e-2, channels) if draw(st.booleans()) else 0.02
    w_zp = rng.integers(-2, 2, channels) if w_zero_points and draw(st.booleans()) else 0
    bias = None if draw(st.booleans()) else rng.integers(-5000, 5000, channels)
    half = 2 ** (input_bits - 1)
    xq = QParams(draw(scales), draw(st.integers(-half, half - 1)))
    yq = QParams(draw(scales), draw(zero_points))
    return bias, xq, QParams(w_scale, w_zp), yq, draw(bounds())


@st.composite
def conv_cases(draw, kind: str, bits: int, input_bits: int = 8, w_zero_points: bool = False):
    """A quant.conv2d case with `bits`-bit weights: "pointwise" (1x1, no padding), "general"
    (groups 1) or "grouped" (any groups, the portable kernel's)."""
    strides = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    group, dilations, pads, (kh, kw) = 1, (1, 1), (0, 0, 0, 0), (1, 1)
    in_c, out_c = draw(st.integers(1, 40)), draw(st.integers(1, 40))
    if kind != "pointwise":
        in_c, out_c = draw(st.integers(1, 7)), draw(st.integers(1, 20))
        kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        dilations = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
        pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
        assume((kh, kw) != (1, 1) or any(pads))  # else it is the pointwise kernel's
    if kind == "grouped":
        group = draw(st.integers(1, 3))
        in_c, out_c = in_c * group, draw(st.integers(1, 3)) * group
    for size, k, d, (p0, p1) in zip((h, w), (kh, kw), dilations, (pads[0::2], pads[1::2])):
        assume(size + p0 + p1 >= d * (k - 1) + 1)
    x = signed_values(draw, (1, in_c, h, w), input_bits)
    weights = signed_values(draw, (out_c, in_c // group, kh, kw), bits)
    quant = draw(layer_quant(out_c, input_bits, w_zero_points))
    kwargs = dict(strides=strides, pads=pads, dilations=dilations, group=group)
    return KernelCase("conv2d", (x, weights, *quant), kwargs)


@st.composite
def fully_connected_cases(draw, bits: int, input_bits: int = 8, w_zero_points: bool = False):
    rows, k, n = draw(st.integers(1, 6)), draw(st.integers(1, 70)), draw(st.integers(1, 40))
    x, w = signed_values(draw, (rows, k), input_bits), signed_values(draw, (n, k), bits)
    quant = draw(layer_quant(n, input_bits, w_zero_points))
    return KernelCase("fully_connected", (x, w, *quant))


# ---- NEON kernels under qemu-aarch64

NEON_FUNCTIONS = {
    "pointwise": "xopt_neon_conv2d_pointwise_s8_s8",
    "general": "xopt_neon_conv2d_general_s8_s8",
    "fully_connected": "xopt_neon_fully_connected_s8_s8",
}


def _case(draw, kind: str, bits: int, input_bits: int) -> KernelCase:
    if kind == "fully_connected":
        return draw(fully_connected_cases(bits, input_bits))
    return draw(conv_cases(kind, bits, input_bits))


@st.composite
def neon_batches(draw):
    """(case, builder overrides, expected NEON function) for a few layers of every packed
    kernel at both widths, inputs int8 or of a sub-byte range."""
    batch = []
    for bits in (4, 2):
        for kind, function in NEON_FUNCTIONS.items():
            for _ in range(2):
                input_bits = draw(st.sampled_from((8, 4, 2)))
                case = _case(draw, kind, bits, input_bits)
                overrides = dict(weight_bits=bits, input_bits=input_bits)
                batch.append((case, overrides, f"{function}_w{bits}"))
    return batch


def neon_call(case: KernelCase, overrides: dict):
    return getattr(neon, case.kernel)(*case.args, **case.kwargs, **overrides)


def assert_outputs_match(batch, calls, outputs) -> None:
    for (case, _, function), got, call in zip(batch, outputs, calls):
        label = f"{function} {case.kwargs} x{case.args[0].shape} w{case.args[1].shape}"
        assert_output_matches(case, call, got, label)


@pytest.mark.parametrize("cc, tools", NEON_COMPILERS, ids=["gcc", "clang"])
@settings(max_examples=3, deadline=None)
@given(batch=neon_batches())
def test_neon_packed_kernels_match_quant_executor(tmp_path_factory, cc, tools, batch):
    skip_unless_tools(tools)
    calls = [neon_call(case, overrides) for case, overrides, _ in batch]
    assert [c.function for c in calls] == [f for _, _, f in batch]
    work = tmp_path_factory.mktemp("neon-subbyte")
    outputs, _ = runner.run_calls(calls, work, "aarch64", cc, ("-O3", *toolchain.NEON_FLAGS))
    assert_outputs_match(batch, calls, outputs)


# ---- portable kernels (host library)

portable = pytest.mark.skipif(not toolchain.has_tool("gcc"), reason="no host C compiler (gcc)")


@portable
@settings(max_examples=40, deadline=None)
@given(data=st.data(), bits=widths, input_bits=st.sampled_from((8, 4, 2)))
def test_portable_packed_conv2d(data, bits, input_bits):
    kind = data.draw(st.sampled_from(("pointwise", "general", "grouped")))
    case = data.draw(conv_cases(kind, bits, input_bits, w_zero_points=True))
    assert case.call(weight_bits=bits).function.endswith(f"_w{bits}")
    assert_matches(case, weight_bits=bits)


@portable
@settings(max_examples=30, deadline=None)
@given(data=st.data(), bits=widths)
def test_portable_packed_fully_connected(data, bits):
    case = data.draw(fully_connected_cases(bits, w_zero_points=True))
    assert case.call(weight_bits=bits).function == f"xopt_fully_connected_s8_s8_w{bits}"
    assert_matches(case, weight_bits=bits)


# ---- builder contracts (no toolchain needed)


def _pointwise_args(rng, in_c: int, out_c: int, bits: int):
    x = rng.integers(-128, 128, (1, in_c, 5, 5))
    w = rng.integers(-(2 ** (bits - 1)), 2 ** (bits - 1), (out_c, in_c, 1, 1))
    return (x, w, None, QParams(0.05, 3), QParams(0.01), QParams(0.1, -2), (-128, 127))


@pytest.mark.parametrize("bits", [4, 2])
def test_packed_weights_take_bits_per_value(bits):
    """NEON: blocks of 16 and 8 rows of round_up(k, 4) columns (an 8-row block in nibbles);
    portable: the flat OHWI sequence."""
    args = _pointwise_args(np.random.default_rng(3), 37, 20, bits)
    packed = neon.conv2d(*args, weight_bits=bits).params["weight"]
    assert packed.dtype == np.int8 and packed.size == 16 * 40 * bits // 8 + 8 * 40 // 2
    flat = KernelCase("conv2d", args).call(weight_bits=bits).params["weight"]
    assert flat.size == -(-37 * 20 * bits // 8)


def test_depthwise_keeps_int8_weights():
    rng = np.random.default_rng(4)
    x, w = rng.integers(-128, 128, (1, 16, 6, 6)), rng.integers(-8, 8, (16, 1, 3, 3))
    args = (x, w, None, QParams(0.05, 3), QParams(0.01), QParams(0.1, -2), (-128, 127))
    kwargs = dict(group=16, pads=(1, 1, 1, 1), weight_bits=4)
    assert neon.conv2d(*args, **kwargs).function == "xopt_neon_conv2d_depthwise3x3_s8_s8"
    assert KernelCase("conv2d", args).call(**kwargs).function == "xopt_conv2d_depthwise3x3_s8_s8"


def test_weights_outside_their_width_are_refused():
    args = _pointwise_args(np.random.default_rng(5), 8, 8, 8)
    with pytest.raises(ValueError, match="int4 range"):
        neon.conv2d(*args, weight_bits=4)


def test_portable_rows_beyond_the_scratch_stay_int8():
    """A fully connected layer whose rows exceed XOPT_UNPACK_BYTES keeps int8 weights."""
    rng = np.random.default_rng(6)
    k = subbyte.UNPACK_BYTES + 1
    x, w = rng.integers(-128, 128, (1, k)), rng.integers(-8, 8, (3, k))
    args = (x, w, None, QParams(0.05, 3), QParams(0.01), QParams(0.1, -2), (-128, 127))
    call = KernelCase("fully_connected", args).call(weight_bits=4)
    assert call.function == "xopt_fully_connected_s8_s8" and call.params["weight"].size == 3 * k
