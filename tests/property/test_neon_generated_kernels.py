"""Property tests: the kernels `lower-to-neon` generates (NEON-level IR printed as C) equal
the quant executor bit for bit.

Each hypothesis example draws a batch of layers of one generator, generates each layer's
kernel, checks the IR verifies, prints it and runs the batch as one program under
qemu-aarch64, built with gcc and with clang:
- 3x3 depthwise (`lower_depthwise`): 16 to 56 channels, so whole and overlapping last
  channel blocks; sizes down to a single pixel; strides 1 and 2; paddings 0 to 2 on each
  side, so windows in the padding on every border;
- few-input-channel convs (`lower_row_conv`): 1 to 16 input channels, kernels 1x1 to 5x5
  with kernel_w * C <= 16, 16 to 40 output channels, rows of 16 bytes upwards, strides 1 to
  3, height dilation 1 to 2, paddings up to the kernel size (segments wholly in the padding);
and for both: input and output zero points, per-tensor and per-channel scales on both
requantization paths, fused clamps.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from xdsl.dialects.builtin import ModuleOp

from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_call import KernelCall, to_c_layout
from xopt.targets.c.kernel_harness import KernelCase, assert_output_matches
from xopt.targets.neon import lower_depthwise, lower_row_conv
from xopt.targets.neon.c_printer import print_kernels
from xopt.testing import NEON_COMPILERS, skip_unless_tools

scales = st.floats(-12, 1).map(lambda e: float(np.float32(2.0**e)))


def conv_case(draw, x_shape, w_shape, kwargs) -> KernelCase:
    """A conv2d case with random values, zero points, scales, bias and clamp."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    out_c = w_shape[0]
    x = rng.integers(-128, 128, x_shape).astype(np.int8)
    weights = rng.integers(-127, 128, w_shape).astype(np.int8)
    bias = None if draw(st.booleans()) else rng.integers(-20000, 20000, out_c)
    w_scale = rng.uniform(1e-3, 5e-1, out_c) if draw(st.booleans()) else 3e-2
    zero_points = st.integers(-128, 127)
    xq, yq = QParams(draw(scales), draw(zero_points)), QParams(draw(scales), draw(zero_points))
    lo = draw(st.integers(-128, 0))
    clamp = (-128, 127) if draw(st.booleans()) else (lo, draw(st.integers(lo, 127)))
    return KernelCase("conv2d", (x, weights, bias, xq, QParams(w_scale), yq, clamp), kwargs)


@st.composite
def depthwise_cases(draw) -> KernelCase:
    channels = draw(st.integers(16, 56))
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    strides = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
    assume(h + pads[0] + pads[2] >= 3 and w + pads[1] + pads[3] >= 3)
    kwargs = dict(strides=strides, pads=pads, dilations=(1, 1), group=channels)
    return conv_case(draw, (1, channels, h, w), (channels, 1, 3, 3), kwargs)


@st.composite
def row_conv_cases(draw) -> KernelCase:
    in_c = draw(st.integers(1, 16))
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, min(5, 16 // in_c)))
    w = draw(st.integers(-(-16 // in_c), 16 // in_c + 6))
    h = draw(st.integers(1, 6))
    dilations = (draw(st.integers(1, 2)), 1)
    strides = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    pads = tuple(draw(st.integers(0, k)) for k in (kh, kw, kh, kw))
    reach_h = (kh - 1) * dilations[0] + 1
    assume(h + pads[0] + pads[2] >= reach_h and w + pads[1] + pads[3] >= kw)
    out_c = draw(st.integers(16, 40))
    kwargs = dict(strides=strides, pads=pads, dilations=dilations, group=1)
    return conv_case(draw, (1, in_c, h, w), (out_c, in_c, kh, kw), kwargs)


GENERATORS = {
    "depthwise": (lower_depthwise.conv2d_kernel, depthwise_cases()),
    "row_conv": (lower_row_conv.conv2d_kernel, row_conv_cases()),
}


def generated(generator, cases: list[KernelCase]) -> tuple[list[KernelCall], str]:
    """One generated kernel call per case and the C source of all kernels."""
    module, calls = ModuleOp([]), []
    for n, case in enumerate(cases):
        kernel = generator(case.args, case.kwargs, f"dw{n}")
        assert kernel is not None
        module.body.block.add_ops(kernel)
        expected = case.reference()
        x_c = to_c_layout(case.args[0])
        shape = to_c_layout(expected).shape
        calls.append(KernelCall(f"dw{n}", "", {}, (x_c,), shape, np.dtype(np.int8)))
    module.verify()
    return calls, print_kernels(module, [c.function for c in calls])


@pytest.mark.parametrize("kind", GENERATORS)
@pytest.mark.parametrize("cc, tools", NEON_COMPILERS, ids=["gcc", "clang"])
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_generated_kernels_match_quant_executor(tmp_path_factory, kind, cc, tools, data):
    skip_unless_tools(tools)
    generator, strategy = GENERATORS[kind]
    cases = data.draw(st.lists(strategy, min_size=6, max_size=6))
    calls, kernels = generated(generator, cases)
    work = tmp_path_factory.mktemp("neon_generated")
    flags = ("-O3", *toolchain.NEON_FLAGS)
    outputs, _ = runner.run_calls(calls, work, "aarch64", cc, flags, kernels=kernels)
    for n, (case, got, call) in enumerate(zip(cases, outputs, calls)):
        label = f"{kind} {n} {case.kwargs} x{case.args[0].shape} w{case.args[1].shape}"
        assert_output_matches(case, call, got, label)


def test_lowering_declines_what_it_does_not_compute():
    """Depthwise: fewer than 16 channels, a dilation or a weight zero point: no kernel (the
    runtime's kernels take the layer)."""
    conv2d_kernel = lower_depthwise.conv2d_kernel
    rng = np.random.default_rng(0)
    x = rng.integers(-128, 128, (1, 8, 5, 5)).astype(np.int8)
    w = rng.integers(-127, 128, (8, 1, 3, 3)).astype(np.int8)
    q = QParams(0.05, 3)
    kwargs = dict(strides=(1, 1), pads=(1, 1, 1, 1), dilations=(1, 1), group=8)
    assert conv2d_kernel((x, w, None, q, QParams(0.01), q, (-128, 127)), kwargs, "k") is None
    x = np.tile(x, (1, 2, 1, 1))
    w = np.tile(w, (2, 1, 1, 1))
    args = (x, w, None, q, QParams(0.01), q, (-128, 127))
    dilated = dict(kwargs, group=16, dilations=(2, 2))
    assert conv2d_kernel(args, dilated, "k") is None
    skewed = (x, w, None, q, QParams(0.01, 1), q, (-128, 127))
    assert conv2d_kernel(skewed, dict(kwargs, group=16), "k") is None
    assert conv2d_kernel(args, dict(kwargs, group=16), "k") is not None


def test_row_conv_declines_what_it_does_not_compute():
    """Few-channel conv: segments over 16 bytes, rows under 16 bytes, fewer than 16 output
    channels, a width dilation: no kernel; a 1x1 conv of up to 16 channels has one."""
    rng = np.random.default_rng(0)
    q = QParams(0.05, 3)

    def kernel(in_c, w_shape, width=8, dilations=(1, 1)):
        x = rng.integers(-128, 128, (1, in_c, 5, width)).astype(np.int8)
        w = rng.integers(-127, 128, w_shape).astype(np.int8)
        kwargs = dict(strides=(1, 1), pads=(1, 1, 1, 1), dilations=dilations, group=1)
        args = (x, w, None, q, QParams(0.01), q, (-128, 127))
        return lower_row_conv.conv2d_kernel(args, kwargs, "k")

    assert kernel(3, (16, 3, 3, 3)) is not None
    assert kernel(6, (16, 6, 3, 3)) is None  # 18-byte segments
    assert kernel(3, (16, 3, 3, 3), width=5) is None  # 15-byte rows
    assert kernel(3, (8, 3, 3, 3)) is None
    assert kernel(16, (16, 16, 1, 1)) is not None
    assert kernel(17, (16, 17, 1, 1)) is None  # 17-byte segments
    assert kernel(3, (16, 3, 3, 3), dilations=(1, 2)) is None
