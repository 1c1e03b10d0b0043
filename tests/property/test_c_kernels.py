"""Property tests: runtime_c's portable kernels equal the quant executor bit for bit.

Each test draws a small layer (shapes, strides, pads, dilations, groups, zero points,
per-channel scales, clamp bounds, rounding mode), runs the quant executor's kernel and the
C kernel (host shared library through ctypes) and compares every output value. The last
tests build a few cases into one program with aarch64-linux-gnu-gcc -O3 and clang (run
under qemu-aarch64) and with gcc under ASan/UBSan on the host.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xopt.dialects.graph import shapes
from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_harness import KernelCase, host_kernels

pytestmark = pytest.mark.skipif(not toolchain.has_tool("gcc"), reason="no host C compiler (gcc)")
SETTINGS = settings(max_examples=60, deadline=None)
INT8 = (-128, 127)

zero_points = st.integers(-128, 127)
scales = st.floats(-12, 2).map(lambda e: float(np.float32(2.0**e)))


@st.composite
def bounds(draw):
    """The int8 range, or a fused activation's narrower clamp."""
    if draw(st.booleans()):
        return INT8
    lo = draw(st.integers(-128, 0))
    return lo, draw(st.integers(lo, 127))


def int8s(draw, shape):
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).integers(-128, 128, shape).astype(np.int8)


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


def assert_case(case: KernelCase, **overrides):
    got = host_kernels().run(case.call(**overrides))
    expected = case.reference()
    assert got.shape == expected.shape
    mismatches = np.flatnonzero(got.astype(np.int64).ravel() != expected.ravel())
    assert mismatches.size == 0, (
        f"{mismatches.size} of {got.size} values differ, first at flat index {mismatches[0]}: "
        f"C {got.ravel()[mismatches[0]]}, quant executor {expected.ravel()[mismatches[0]]}"
    )


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
    kwargs["rounding"] = draw(st.sampled_from(["fixed_point", "float"]))
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
    rounding = data.draw(st.sampled_from(["fixed_point", "float"]))
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
@given(windows(), st.booleans(), st.data())
def test_avgpool(window, include_pad, data):
    x, kernel, strides, pads, ceil_mode = window
    xq, yq = (
        QParams(data.draw(scales), data.draw(zero_points)),
        QParams(data.draw(scales), data.draw(zero_points)),
    )
    args = (x, xq, yq, data.draw(bounds()), kernel, strides, pads, ceil_mode, include_pad)
    assert_case(KernelCase("avgpool", args))


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
    rounding = data.draw(st.sampled_from(["fixed_point", "float"]))
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
    assert_case(KernelCase("add", (a, b, *params, data.draw(bounds()))))


@SETTINGS
@given(st.data())
def test_requantize_and_table(data):
    x = int8s(data.draw, (1, data.draw(st.integers(1, 4)), 5, data.draw(st.integers(1, 9))))
    xq, yq = (
        QParams(data.draw(scales), data.draw(zero_points)),
        QParams(data.draw(scales), data.draw(zero_points)),
    )
    assert_case(KernelCase("requantize", (x, xq, yq, data.draw(bounds()))))
    assert_case(KernelCase("table", (x, int8s(data.draw, 256).astype(np.int64), -128)))


@SETTINGS
@given(st.data())
def test_concat(data):
    axis = data.draw(st.integers(1, 3))
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
    assert_case(KernelCase("concat", (xs, xqs, yq, data.draw(bounds()), axis)))


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
    assert_case(KernelCase("resize", args))


@SETTINGS
@given(resize_geometry(), st.booleans(), st.sampled_from([np.int16, np.int32, np.int64]), st.data())
def test_resize_argmax(geometry, last, dtype, data):
    x, out, sc, mode, transform, nearest = geometry
    xq = QParams(data.draw(scales), data.draw(zero_points))
    resized = xq if mode == "nearest" else QParams(data.draw(scales), data.draw(zero_points))
    args = (x, xq, resized, INT8, out, sc, mode, transform, nearest)
    kwargs = {"select_last_index": last, "out_dtype": dtype}
    assert_case(KernelCase("resize_argmax", args, kwargs))


@SETTINGS
@given(st.data())
def test_argmax(data):
    shape = tuple(data.draw(st.integers(1, 4)) for _ in range(data.draw(st.integers(1, 4))))
    # Few distinct values, so that ties are common.
    x = (int8s(data.draw, shape) // 64).astype(np.int8)
    axis = data.draw(st.integers(0, len(shape) - 1))
    kwargs = {"keepdims": data.draw(st.booleans()), "select_last_index": data.draw(st.booleans())}
    case = KernelCase("argmax", (x, axis), kwargs)
    got = host_kernels().run(case.call())
    assert np.array_equal(got, case.reference())


# ---- the same kernels built as a program: aarch64 (gcc, clang) under QEMU, host sanitizers


def fixed_cases() -> list[KernelCase]:
    """One case of every kernel and conv path, with awkward geometry."""
    rng = np.random.default_rng(6)

    def i8(*shape):
        return rng.integers(-128, 128, shape).astype(np.int8)

    def q(scale, zp=0):
        return QParams(scale, zp)

    w_scales = q(rng.uniform(1e-3, 1e-2, 8), rng.integers(-3, 3, 8))
    conv = (q(0.05, 3), w_scales, q(0.2, -5), (-100, 127))
    x = i8(1, 4, 9, 7)
    return [
        KernelCase(
            "conv2d",
            (x, i8(8, 2, 3, 2), None, *conv),
            dict(strides=(2, 1), pads=(1, 0, 2, 1), dilations=(2, 1), group=2),
        ),
        KernelCase(
            "conv2d", (x, i8(8, 4, 1, 1), rng.integers(-999, 999, 8), *conv), dict(strides=(1, 2))
        ),
        KernelCase(
            "conv2d",
            (x, i8(4, 1, 3, 3), None, q(0.05, 3), q(rng.uniform(1e-3, 1e-2, 4)), q(0.1), INT8),
            dict(strides=(2, 2), pads=(1, 1, 1, 1), group=4, rounding="float"),
        ),
        KernelCase(
            "fully_connected",
            (
                i8(2, 30),
                i8(5, 30),
                rng.integers(-999, 999, 5),
                q(0.05, 1),
                q(rng.uniform(1e-3, 1e-2, 5)),
                q(0.3, 4),
                INT8,
            ),
        ),
        KernelCase("maxpool", (x, (3, 3), (2, 2), (1, 1, 1, 1), True)),
        KernelCase(
            "avgpool", (x, q(0.05, 3), q(0.04, -1), INT8, (3, 2), (2, 2), (1, 1, 1, 0), True, True)
        ),
        KernelCase("global_avgpool", (x, q(0.05, 3), q(0.01, 2), INT8, "float")),
        KernelCase("add", (x, i8(1, 4, 9, 7), q(0.05, 3), q(0.02, -7), q(0.06, 1), (0, 127))),
        KernelCase("requantize", (x, q(0.05, 3), q(0.03, -2), INT8)),
        KernelCase("table", (x, rng.integers(-128, 128, 256), -128)),
        KernelCase("concat", ([x, i8(1, 2, 9, 7)], [q(0.05, 3), q(0.07, 0)], q(0.05, 3), INT8, 1)),
        KernelCase(
            "resize",
            (x, q(0.05, 3), q(0.04, 0), INT8, (1, 4, 17, 14), (1.0, 1.0, 17 / 9, 2.0), "linear"),
        ),
        KernelCase(
            "resize",
            (
                x,
                q(0.05, 3),
                q(0.05, 3),
                INT8,
                (1, 4, 4, 21),
                (1.0, 1.0, 4 / 9, 3.0),
                "nearest",
                "asymmetric",
                "ceil",
            ),
        ),
        KernelCase("argmax", (x // 32, 1), dict(select_last_index=True)),
        KernelCase(
            "resize_argmax",
            (x, q(0.05, 3), q(0.1, 0), INT8, (18, 14), (1.0, 1.0, 2.0, 2.0), "linear"),
            dict(out_dtype=np.int16),
        ),
    ]


def _tools_missing(*tools: str) -> str | None:
    missing = [t for t in tools if not toolchain.has_tool(t)]
    return f"not installed: {', '.join(missing)} (scripts/setup_toolchains.sh)" if missing else None


BUILDS = [
    ("aarch64", "aarch64-linux-gnu-gcc", ("-O3",), ("aarch64-linux-gnu-gcc", "qemu-aarch64")),
    ("aarch64", "clang", ("-O3",), ("clang", "ld.lld", "qemu-aarch64")),
    ("host", "gcc", ("-O1", *toolchain.SANITIZE_FLAGS), ("gcc",)),
]


@pytest.mark.parametrize(
    "target, cc, flags, tools", BUILDS, ids=["aarch64-gcc", "aarch64-clang", "host-asan-ubsan"]
)
def test_kernel_program(tmp_path, target, cc, flags, tools):
    if (reason := _tools_missing(*tools)) is not None:
        pytest.skip(reason)
    cases = fixed_cases()
    outputs, _ = runner.run_calls([c.call() for c in cases], tmp_path, target, cc, flags)
    for case, got in zip(cases, outputs):
        assert np.array_equal(got, case.reference()), case.kernel
