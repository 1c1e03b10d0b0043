"""Property tests: runtime_c/neon's kernels equal the quant executor bit for bit.

Each hypothesis example draws a batch of small layers for every NEON kernel (1x1 pointwise,
3x3 depthwise, im2col general conv, fully connected, add, input quantize) whose channel
counts hit every tail of the 4- and 16-wide blocks, with strides, paddings, dilations, zero
points, per-channel scales (multipliers above and below 1/2, so both requantization paths
run) and clamp bounds; the batch is built into one program (`runner.run_calls`) with
aarch64-linux-gnu-gcc and with clang at -O3 -march=armv8.2-a+dotprod, run under
qemu-aarch64, and every output value is compared with the quant executor. The last tests
check, without a toolchain, which ops fall back to the portable kernels and that the
builders read only shapes and weights, never activation values.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xopt.executor.quant_kernels import QParams
from xopt.targets.c import kernel_params as portable
from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_harness import KernelCase, assert_output_matches
from xopt.targets.neon import kernel_params as neon
from xopt.testing import NEON_COMPILERS, skip_unless_tools
from xopt.testing_strategies import INT8, bounds, int8s, scales, zero_points


@st.composite
def layer_quant(draw, channels: int):
    """(bias, xq, wq, yq, bounds): symmetric per-tensor or per-channel weight scales."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    w_scale = rng.uniform(1e-4, 2e-2, channels) if draw(st.booleans()) else 3e-3
    bias = None if draw(st.booleans()) else rng.integers(-20000, 20000, channels)
    xq, yq = QParams(draw(scales), draw(zero_points)), QParams(draw(scales), draw(zero_points))
    return bias, xq, QParams(w_scale), yq, draw(bounds())


@st.composite
def conv_cases(draw, kind: str):
    """A quant.conv2d case that `kind` (pointwise, depthwise, general) should take."""
    strides = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    h, w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    dilations, pads = (1, 1), (0, 0, 0, 0)
    if kind == "pointwise":
        in_c, out_c, group, kh, kw = draw(st.integers(1, 40)), draw(st.integers(1, 40)), 1, 1, 1
    elif kind == "depthwise":
        in_c = out_c = group = draw(st.integers(1, 40))
        kh = kw = 3
        pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
    else:
        in_c, out_c, group = draw(st.integers(1, 6)), draw(st.integers(1, 20)), 1
        kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        dilations = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
        pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
        assume((kh, kw) != (1, 1) or any(pads))  # else it is the pointwise kernel's
    for size, k, d, (p0, p1) in zip((h, w), (kh, kw), dilations, (pads[0::2], pads[1::2])):
        assume(size + p0 + p1 >= d * (k - 1) + 1)
    x = int8s(draw, (1, in_c, h, w))
    weights = int8s(draw, (out_c, in_c // group, kh, kw))
    bias, xq, wq, yq, clamp = draw(layer_quant(out_c))
    kwargs = dict(strides=strides, pads=pads, dilations=dilations, group=group)
    return KernelCase("conv2d", (x, weights, bias, xq, wq, yq, clamp), kwargs)


@st.composite
def fully_connected_cases(draw):
    rows, k, n = draw(st.integers(1, 6)), draw(st.integers(1, 70)), draw(st.integers(1, 40))
    bias, xq, wq, yq, clamp = draw(layer_quant(n))
    x, w = int8s(draw, (rows, k)), int8s(draw, (n, k))
    return KernelCase("fully_connected", (x, w, bias, xq, wq, yq, clamp))


@st.composite
def add_cases(draw):
    """quant.add of two 4-D tensors whose element count hits every 16-wide tail."""
    shape = (1, draw(st.integers(1, 20)), draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    quant = [QParams(draw(scales), draw(zero_points)) for _ in range(3)]
    return KernelCase("add", (int8s(draw, shape), int8s(draw, shape), *quant, draw(bounds())))


FUNCTIONS = {
    "pointwise": "xopt_neon_conv2d_pointwise_s8_s8",
    "depthwise": "xopt_neon_conv2d_depthwise3x3_s8_s8",
    "general": "xopt_neon_conv2d_general_s8_s8",
}


@st.composite
def quantize_cases(draw):
    """quant.quantize of a float NCHW input: 1 to 5 channels (3 takes the interleaving
    store), pixel counts around the 16-pixel blocks, and values at rounding ties, NaN,
    infinities and far out of range."""
    c, h, w = draw(st.integers(1, 5)), draw(st.integers(1, 6)), draw(st.integers(1, 9))
    scale, zero_point = draw(scales), draw(zero_points)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = (rng.normal(0, 80, (1, c, h, w)) * scale).astype(np.float32)
    ties = ((rng.integers(-200, 200, x.shape) + 0.5) * scale).astype(np.float32)
    x = np.where(rng.random(x.shape) < 0.3, ties, x)
    special = np.array([np.nan, np.inf, -np.inf, 3e38, -3e38, 0.0, -0.0], np.float32)
    mask = rng.random(x.shape) < 0.1
    x[mask] = rng.choice(special, int(mask.sum()))
    return KernelCase("quantize", (x, QParams(scale, zero_point), draw(bounds())))


@st.composite
def batches(draw):
    """(case, expected NEON function) for a few layers of every kernel."""
    batch = []
    for kind, function in FUNCTIONS.items():
        for _ in range(4):
            batch.append((draw(conv_cases(kind)), function))
    for _ in range(3):
        batch.append((draw(fully_connected_cases()), "xopt_neon_fully_connected_s8_s8"))
    for _ in range(2):
        batch.append((draw(add_cases()), "xopt_neon_add_s8_s8"))
    for _ in range(2):
        batch.append((draw(quantize_cases()), "xopt_neon_quantize_f32_s8"))
    return batch


def neon_call(case: KernelCase):
    return getattr(neon, case.kernel)(*case.args, **case.kwargs)


@pytest.mark.parametrize("cc, tools", NEON_COMPILERS, ids=["gcc", "clang"])
@settings(max_examples=3, deadline=None)
@given(batch=batches())
def test_neon_kernels_match_quant_executor(tmp_path_factory, cc, tools, batch):
    skip_unless_tools(tools)
    calls = [neon_call(case) for case, _ in batch]
    assert [c.function for c in calls] == [f for _, f in batch]
    work = tmp_path_factory.mktemp("neon")
    outputs, _ = runner.run_calls(calls, work, "aarch64", cc, ("-O3", *toolchain.NEON_FLAGS))
    for (case, function), got, call in zip(batch, outputs, calls):
        label = f"{function} {case.kwargs} x{case.args[0].shape}"
        assert_output_matches(case, call, got, label)


# ---- builder contracts (no toolchain needed)


def _conv_args(rng, in_c, w_shape, w_zero_point=0):
    x = rng.integers(-128, 128, (1, in_c, 6, 6))
    w = rng.integers(-127, 128, w_shape)
    return (x, w, None, QParams(0.05, 3), QParams(0.002, w_zero_point), QParams(0.1, -2), INT8)


@pytest.mark.parametrize(
    "in_c, w_shape, kwargs, w_zero_point",
    [
        (4, (8, 4, 3, 3), dict(pads=(1, 1, 1, 1), rounding="float"), 0),  # float rounding
        (4, (8, 4, 1, 1), dict(), 1),  # nonzero weight zero point
        (4, (8, 2, 3, 3), dict(group=2), 0),  # grouped, not depthwise
        (2, (2, 1, 3, 3), dict(group=2, dilations=(2, 2), pads=(2, 2, 2, 2)), 0),  # dilated
        (600, (4, 600, 3, 3), dict(), 0),  # im2col row beyond the scratch
    ],
    ids=["float", "w_zero_point", "grouped", "dilated-depthwise", "im2col-too-long"],
)
def test_conv_falls_back_to_portable(in_c, w_shape, kwargs, w_zero_point):
    args = _conv_args(np.random.default_rng(1), in_c, w_shape, w_zero_point)
    call, reference = neon.conv2d(*args, **kwargs), portable.conv2d(*args, **kwargs)
    assert call.function == reference.function and call.output_shape == reference.output_shape


def test_add_with_float_rounding_falls_back_to_portable():
    """xopt_neon_add_s8_s8 implements fixed_point only; onnxruntime's float add stays
    portable."""
    rng = np.random.default_rng(4)
    a, b = rng.integers(-128, 128, (2, 1, 3, 4, 4))
    quant = (QParams(0.05, 3), QParams(0.1, -2), QParams(0.2, 1), INT8)
    assert neon.add(a, b, *quant).function == "xopt_neon_add_s8_s8"
    call = neon.add(a, b, *quant, rounding="float")
    assert call.function == portable.add(a, b, *quant, rounding="float").function
    assert call.function == "xopt_add_s8_s8"


def test_builders_read_shapes_and_weights_only():
    """The model emitter builds calls from zero-filled activations: params must not change."""
    rng = np.random.default_rng(2)
    for w_shape, kwargs in [((24, 16, 1, 1), {}), ((16, 1, 3, 3), dict(group=16, pads=(1,) * 4))]:
        x, *rest = _conv_args(rng, 16, w_shape)
        real, zeros = neon.conv2d(x, *rest, **kwargs), neon.conv2d(0 * x, *rest, **kwargs)
        assert real.function.startswith("xopt_neon_") and real.function == zeros.function
        assert real.output_shape == zeros.output_shape == (1, 6, 6, w_shape[0])
        for field in ("weight", "bias"):
            assert np.array_equal(real.params[field], zeros.params[field])
