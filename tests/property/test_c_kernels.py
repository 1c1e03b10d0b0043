"""Property tests: runtime_c's portable compute kernels equal the quant executor bit for bit.

Each test draws a small layer (shapes, strides, pads, dilations, groups, zero points,
per-channel scales, clamp bounds, rounding mode), runs the quant executor's kernel (NCHW)
and the C kernel (NHWC, host shared library through ctypes) and compares every output
value after `from_c_layout`. Movement ops: test_c_kernels_movement.py; the kernels built
as programs (aarch64 under QEMU, host sanitizers): test_c_kernels_program.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xopt.dialects.graph import shapes
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import QParams
from xopt.targets.c import toolchain
from xopt.targets.c.kernel_harness import KernelCase, assert_matches
from xopt.testing_strategies import INT8, bounds, int8s, scales, zero_points

pytestmark = pytest.mark.skipif(not toolchain.has_tool("gcc"), reason="no host C compiler (gcc)")
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def weight_params(draw, channels):
    """Per-tensor or per-channel weight scales; zero points usually 0 (symmetric)."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scale = (
        rng.uniform(1e-4, 2e-2, channels) if draw(st.booleans()) else float(rng.uniform(1e-4, 2e-2))
    )
    zp = rng.integers(-8, 8, channels) if draw(st.booleans()) else 0
    return QParams(scale, zp)


assert_case = assert_matches
modes = st.sampled_from(qn.MODES)


# ---- weights and windows


@st.composite
def conv_cases(draw, depthwise=False, pointwise=False):
    groups = draw(st.integers(1, 3))
    cg, og = (1, 1) if depthwise else (draw(st.integers(1, 4)), draw(st.integers(1, 3)))
    if pointwise:
        groups, (kh, kw), pads, dil = 1, (1, 1), (0, 0, 0, 0), (1, 1)
    else:
        kh, kw = (3, 3) if depthwise else (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
        dil = (1, 1) if depthwise else (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    strides = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    assume(h + pads[0] + pads[2] >= dil[0] * (kh - 1) + 1)
    assume(w + pads[1] + pads[3] >= dil[1] * (kw - 1) + 1)
    x = int8s(draw, (1, groups * cg, h, w))
    wt = int8s(draw, (groups * og, cg, kh, kw))
    bias = None if draw(st.booleans()) else int8s(draw, groups * og).astype(np.int32) * 37
    xq = QParams(draw(scales), draw(zero_points))
    wq, yq = draw(weight_params(groups * og)), QParams(draw(scales), draw(zero_points))
    kwargs = dict(strides=strides, pads=pads, dilations=dil, group=groups)
    kwargs["rounding"] = draw(modes)
    return KernelCase("conv2d", (x, wt, bias, xq, wq, yq, draw(bounds())), kwargs)


@SETTINGS
@given(conv_cases())
def test_conv2d_general(case):
    assert_case(case)
    assert_case(case, function="xopt_conv2d_general_s8_s8")


@SETTINGS
@given(conv_cases(pointwise=True))
def test_conv2d_pointwise(case):
    assert_case(case, function="xopt_conv2d_pointwise_s8_s8")
    assert_case(case)


@SETTINGS
@given(conv_cases(depthwise=True))
def test_conv2d_depthwise3x3(case):
    assert_case(case, function="xopt_conv2d_depthwise3x3_s8_s8")
    assert_case(case)


@SETTINGS
@given(st.data())
def test_fully_connected(data):
    rows, k, n = (
        data.draw(st.integers(1, 3)),
        data.draw(st.integers(1, 40)),
        data.draw(st.integers(1, 8)),
    )
    x, w = int8s(data.draw, (rows, k)), int8s(data.draw, (n, k))
    bias = None if data.draw(st.booleans()) else int8s(data.draw, n).astype(np.int32) * 101
    xq, yq = (
        QParams(data.draw(scales), data.draw(zero_points)),
        QParams(data.draw(scales), data.draw(zero_points)),
    )
    rounding = data.draw(modes)
    args = (x, w, bias, xq, data.draw(weight_params(n)), yq, data.draw(bounds()))
    assert_case(KernelCase("fully_connected", args, {"rounding": rounding}))


@st.composite
def windows(draw):
    """(x, kernel, strides, pads, ceil_mode) of a valid pooling window."""
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    strides = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    pads = tuple(draw(st.integers(0, kernel[i % 2] - 1)) for i in range(4))
    h, w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    assume(h + pads[0] + pads[2] >= kernel[0] and w + pads[1] + pads[3] >= kernel[1])
    x = int8s(draw, (1, draw(st.integers(1, 3)), h, w))
    return x, kernel, strides, pads, draw(st.booleans())


@SETTINGS
@given(windows())
def test_maxpool(window):
    x, kernel, strides, pads, ceil_mode = window
    assert_case(KernelCase("maxpool", (x, kernel, strides, pads, ceil_mode)))


@SETTINGS
@given(windows(), st.booleans(), modes, st.data())
def test_avgpool(window, include_pad, rounding, data):
    x, kernel, strides, pads, ceil_mode = window
    xq, yq = (
        QParams(data.draw(scales), data.draw(zero_points)),
        QParams(data.draw(scales), data.draw(zero_points)),
    )
    args = (x, xq, yq, data.draw(bounds()), kernel, strides, pads, ceil_mode, include_pad)
    assert_case(KernelCase("avgpool", args, {"rounding": rounding}))


@SETTINGS
@given(st.data())
def test_global_avgpool(data):
    x = int8s(
        data.draw,
        (
            1,
            data.draw(st.integers(1, 4)),
            data.draw(st.integers(1, 9)),
            data.draw(st.integers(1, 9)),
        ),
    )
    xq, yq = (
        QParams(data.draw(scales), data.draw(zero_points)),
        QParams(data.draw(scales), data.draw(zero_points)),
    )
    rounding = data.draw(modes)
    assert_case(KernelCase("global_avgpool", (x, xq, yq, data.draw(bounds()), rounding)))


# ---- element-wise and data movement


@SETTINGS
@given(st.data())
def test_add(data):
    shape = (
        1,
        data.draw(st.integers(1, 4)),
        data.draw(st.integers(1, 6)),
        data.draw(st.integers(1, 6)),
    )
    a, b = int8s(data.draw, shape), int8s(data.draw, shape)
    params = [QParams(data.draw(scales), data.draw(zero_points)) for _ in range(3)]
    rounding = data.draw(modes)
    assert_case(KernelCase("add", (a, b, *params, data.draw(bounds()), rounding)))


@SETTINGS
@given(st.data())
def test_requantize_and_table(data):
    x = int8s(data.draw, (1, data.draw(st.integers(1, 4)), 5, data.draw(st.integers(1, 9))))
    xq, yq = (
        QParams(data.draw(scales), data.draw(zero_points)),
        QParams(data.draw(scales), data.draw(zero_points)),
    )
    rounding = data.draw(modes)
    assert_case(KernelCase("requantize", (x, xq, yq, data.draw(bounds()), rounding)))
    assert_case(KernelCase("table", (x, int8s(data.draw, 256).astype(np.int64), -128)))


@SETTINGS
@given(st.data())
def test_concat(data):
    axis = data.draw(st.integers(0, 3))
    shape = [
        1,
        data.draw(st.integers(1, 3)),
        data.draw(st.integers(1, 4)),
        data.draw(st.integers(1, 4)),
    ]
    xs, xqs = [], []
    yq = QParams(data.draw(scales), data.draw(zero_points))
    for _ in range(data.draw(st.integers(1, 3))):
        shape[axis] = data.draw(st.integers(1, 3))
        xs.append(int8s(data.draw, tuple(shape)))
        xqs.append(
            yq if data.draw(st.booleans()) else QParams(data.draw(scales), data.draw(zero_points))
        )
    args = (xs, xqs, yq, data.draw(bounds()), axis, data.draw(modes))
    assert_case(KernelCase("concat", args))


TRANSFORMS = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"]
NEAREST = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]


@st.composite
def resize_geometry(draw):
    """(x, out_hw, scales, mode, transform, nearest_mode), scales = out / in per axis (or
    exactly 1 on an axis that keeps its size)."""
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    out = (draw(st.integers(1, 12)), draw(st.integers(1, 12)))
    sc = [1.0 if o == n and draw(st.booleans()) else o / n for o, n in zip(out, (h, w))]
    x = int8s(draw, (1, draw(st.integers(1, 4)), h, w))
    shapes.check_resize(x.shape, (1.0, 1.0, *sc), (1, x.shape[1], *out))
    mode = draw(st.sampled_from(["nearest", "linear"]))
    return (
        x,
        out,
        (1.0, 1.0, *sc),
        mode,
        draw(st.sampled_from(TRANSFORMS)),
        draw(st.sampled_from(NEAREST)),
    )


@SETTINGS
@given(resize_geometry(), st.data())
def test_resize(geometry, data):
    x, out, sc, mode, transform, nearest = geometry
    xq = QParams(data.draw(scales), data.draw(zero_points))
    yq = xq if mode == "nearest" else QParams(data.draw(scales), data.draw(zero_points))
    args = (x, xq, yq, data.draw(bounds()), (1, x.shape[1], *out), sc, mode, transform, nearest)
    assert_case(KernelCase("resize", args, {"rounding": data.draw(modes)}))


@SETTINGS
@given(resize_geometry(), st.booleans(), st.sampled_from([np.int16, np.int32, np.int64]), st.data())
def test_resize_argmax(geometry, last, dtype, data):
    x, out, sc, mode, transform, nearest = geometry
    xq = QParams(data.draw(scales), data.draw(zero_points))
    resized = xq if mode == "nearest" else QParams(data.draw(scales), data.draw(zero_points))
    args = (x, xq, resized, INT8, out, sc, mode, transform, nearest)
    kwargs = {"select_last_index": last, "out_dtype": dtype, "rounding": data.draw(modes)}
    assert_case(KernelCase("resize_argmax", args, kwargs))


@SETTINGS
@given(st.data())
def test_argmax(data):
    shape = tuple(data.draw(st.integers(1, 4)) for _ in range(data.draw(st.integers(1, 4))))
    # Few distinct values, so that ties are common.
    x = (int8s(data.draw, shape) // 64).astype(np.int8)
    axis = data.draw(st.integers(0, len(shape) - 1))
    keepdims = data.draw(st.booleans())
    if len(shape) == 4 and not keepdims:
        axis = 1  # other axes of a 4-D tensor need keepdims in C layout (test below)
    kwargs = {"keepdims": keepdims, "select_last_index": data.draw(st.booleans())}
    assert_case(KernelCase("argmax", (x, axis), kwargs))


def test_argmax_refuses_a_dropped_axis_whose_order_changes():
    x = np.zeros((1, 3, 2, 4), np.int8)
    with pytest.raises(NotImplementedError, match="keepdims"):
        KernelCase("argmax", (x, 2), {"keepdims": False}).call()
    assert KernelCase("argmax", (np.zeros((1, 1, 2, 4), np.int8), 2), {"keepdims": False}).call()


# ---- mul, softmax and the model boundary


@st.composite
def mul_operands(draw):
    """(a, b) of one shape, or a tensor and a scalar / per-channel operand (either side)."""
    shape = (1, draw(st.integers(1, 5)), draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    if draw(st.booleans()):
        shape = shape[1:3]  # [rows][features]
    small = draw(st.sampled_from(["same", "scalar", "channel"]))
    if small == "same":
        other = shape
    elif small == "scalar":
        other = draw(st.sampled_from([(), (1,) * len(shape)]))
    else:
        other = (1, shape[1], 1, 1) if len(shape) == 4 else (1, shape[1])
    a, b = int8s(draw, shape), int8s(draw, other)
    return (b, a) if draw(st.booleans()) else (a, b)


@SETTINGS
@given(mul_operands(), modes, st.data())
def test_mul(operands, rounding, data):
    params = [QParams(data.draw(scales), data.draw(zero_points)) for _ in range(3)]
    args = (*operands, *params, data.draw(bounds()), rounding)
    assert_case(KernelCase("mul", args))


def test_mul_refuses_other_broadcasts():
    a, b = np.zeros((1, 3, 2, 2), np.int8), np.zeros((1, 1, 2, 2), np.int8)
    with pytest.raises(NotImplementedError, match="scalar or per-channel"):
        KernelCase("mul", (a, b, QParams(1.0), QParams(1.0), QParams(1.0), INT8)).call()


@SETTINGS
@given(st.data())
def test_softmax(data):
    shape = tuple(data.draw(st.integers(1, 5)) for _ in range(data.draw(st.integers(1, 4))))
    x = int8s(data.draw, shape)
    axis = data.draw(st.integers(0, len(shape) - 1))
    xq = QParams(data.draw(st.floats(-8, 0).map(lambda e: 2.0**e)), data.draw(zero_points))
    yq = QParams(2.0 ** -data.draw(st.integers(0, 16)), data.draw(zero_points))
    args = (x, xq, yq, data.draw(bounds()), axis, 256, data.draw(modes))
    assert_case(KernelCase("softmax", args))


@SETTINGS
@given(st.data())
def test_quantize_and_dequantize(data):
    shape = tuple(data.draw(st.integers(1, 5)) for _ in range(data.draw(st.sampled_from([2, 3]))))
    if data.draw(st.booleans()):
        shape = (1, *shape)  # NCHW (batch 1), transposed at the boundary
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    x = (rng.standard_normal(shape) * 2.0 ** data.draw(st.integers(-4, 8))).astype(np.float32)
    x.ravel()[:: max(1, x.size // 3)] = data.draw(
        st.sampled_from([np.nan, np.inf, -np.inf, 0.5, -2.5, -0.0])
    )
    q = QParams(data.draw(scales), data.draw(zero_points))
    assert_case(KernelCase("quantize", (x, q, data.draw(bounds()))))
    assert_case(KernelCase("dequantize", (int8s(data.draw, shape), q)))


def test_per_axis_boundary_is_refused():
    per_axis = QParams(np.ones(3), np.zeros(3, np.int64))
    with pytest.raises(NotImplementedError, match="per-tensor"):
        KernelCase("quantize", (np.zeros((1, 3, 2, 2), np.float32), per_axis, INT8)).call()
