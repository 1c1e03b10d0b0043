"""Property tests: runtime_c/neon's kernels of the non-conv int8 ops (concat, resize,
resize_argmax, argmax; maxpool, avgpool, global_avgpool, table, requantize, mul) equal the
quant executor bit for bit.

Each hypothesis example draws a batch of layers whose channel and element counts hit the
tails of the 16-lane blocks (and spans shorter than 16 bytes next to the end of a buffer),
nearest and linear fixed_point resizes under every coordinate transformation, resized
scales small enough to need the pre-shift and to saturate (ties at the bounds), inputs of
few distinct values (ties in argmax, first or last index), every index width, pool windows
over the padding (count_include_pad, ceil_mode), broadcast mul operands, scales on both
sides of 1/2 and zero points; the batch is built into one program with aarch64-linux-gnu-gcc
and with clang at -O3 -march=armv8.2-a+dotprod and run under qemu-aarch64
(`runner.run_calls`). The last tests check, without a toolchain, where the builders fall
back to the portable kernels.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xopt.dialects.graph import shapes
from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_harness import KernelCase, assert_output_matches
from xopt.targets.neon import kernel_params as neon
from xopt.testing import NEON_COMPILERS, skip_unless_tools
from xopt.testing_strategies import INT8, bounds, int8s, scales, zero_points

TRANSFORMS = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"]
NEAREST = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]
INDEX_DTYPES = [np.int16, np.int32, np.int64]


def values(draw, shape) -> np.ndarray:
    """int8 values: uniform, or few distinct ones (ties), saturated ones included."""
    x = int8s(draw, shape)
    if draw(st.booleans()):
        x = np.array([-128, -3, 0, 9, 127], np.int8)[np.abs(x.astype(np.int64)) % 5]
    return x


@st.composite
def resize_geometry(draw):
    """(x, xq, out_hw, scales, mode, transform, nearest_mode): 1 to 40 channels, scales
    out / in (or exactly 1 on an axis that keeps its size)."""
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    out = (draw(st.integers(1, 15)), draw(st.integers(1, 15)))
    sc = [1.0 if o == n and draw(st.booleans()) else o / n for o, n in zip(out, (h, w))]
    x = values(draw, (1, draw(st.integers(1, 40)), h, w))
    shapes.check_resize(x.shape, (1.0, 1.0, *sc), (1, x.shape[1], *out))
    xq = QParams(draw(scales), draw(zero_points))
    mode = draw(st.sampled_from(["nearest", "linear"]))
    transform, nearest = draw(st.sampled_from(TRANSFORMS)), draw(st.sampled_from(NEAREST))
    return x, xq, out, (1.0, 1.0, *sc), mode, transform, nearest


def resized_quant(draw, xq: QParams, mode: str) -> QParams:
    """The resized values' parameters: down to 2^-22 of the input scale, so that the
    requantization needs the pre-shift (shift >= 0) and saturates."""
    if mode == "nearest":
        return xq
    return QParams(float(xq.scale) * 2.0 ** draw(st.integers(-22, 2)), draw(zero_points))


@st.composite
def resize_argmax_cases(draw):
    x, xq, out, sc, mode, transform, nearest = draw(resize_geometry())
    args = (x, xq, resized_quant(draw, xq, mode), INT8, out, sc, mode, transform, nearest)
    kwargs = {
        "select_last_index": draw(st.booleans()),
        "keepdims": draw(st.booleans()),
        "out_dtype": draw(st.sampled_from(INDEX_DTYPES)),
    }
    return KernelCase("resize_argmax", args, kwargs)


@st.composite
def resize_cases(draw):
    x, xq, out, sc, mode, transform, nearest = draw(resize_geometry())
    yq = resized_quant(draw, xq, mode)
    clamp = draw(bounds())
    return KernelCase(
        "resize", (x, xq, yq, clamp, (1, x.shape[1], *out), sc, mode, transform, nearest)
    )


@st.composite
def concat_cases(draw):
    """1 to 4 inputs along any axis, each copied or requantized."""
    axis = draw(st.integers(0, 3))
    shape = [1, draw(st.integers(1, 24)), draw(st.integers(1, 5)), draw(st.integers(1, 5))]
    yq = QParams(draw(scales), draw(zero_points))
    xs, xqs = [], []
    for _ in range(draw(st.integers(1, 4))):
        shape[axis] = draw(st.integers(1, 24 if axis == 1 else 5))
        xs.append(values(draw, tuple(shape)))
        xqs.append(yq if draw(st.booleans()) else QParams(draw(scales), draw(zero_points)))
    return KernelCase("concat", (xs, xqs, yq, draw(bounds()), axis))


@st.composite
def argmax_cases(draw):
    shape = (1, draw(st.integers(1, 40)), draw(st.integers(1, 6)), draw(st.integers(1, 20)))
    axis = draw(st.integers(0, 3))
    keepdims = draw(st.booleans()) or axis != 1  # other axes are dropped in NCHW order only
    kwargs = {"keepdims": keepdims, "select_last_index": draw(st.booleans())}
    return KernelCase("argmax", (values(draw, shape), axis), kwargs)


def quant(draw) -> QParams:
    return QParams(draw(scales), draw(zero_points))


@st.composite
def pool_cases(draw, kernel: str):
    """maxpool or avgpool (fixed_point) with a window up to 4x4, padding below its size."""
    x = values(
        draw, (1, draw(st.integers(1, 40)), draw(st.integers(1, 7)), draw(st.integers(1, 7)))
    )
    window = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    strides = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    pads = tuple(draw(st.integers(0, window[a % 2] - 1)) for a in range(4))
    geometry = dict(strides=strides, pads=pads, ceil_mode=draw(st.booleans()))
    for size, k, (p0, p1) in zip(x.shape[2:], window, (pads[0::2], pads[1::2])):
        assume(size + p0 + p1 >= k)
    if kernel == "maxpool":
        return KernelCase("maxpool", (x, window), geometry)
    geometry["count_include_pad"] = draw(st.booleans())
    return KernelCase("avgpool", (x, quant(draw), quant(draw), draw(bounds()), window), geometry)


@st.composite
def global_avgpool_cases(draw):
    x = values(
        draw, (1, draw(st.integers(1, 40)), draw(st.integers(1, 20)), draw(st.integers(1, 20)))
    )
    return KernelCase("global_avgpool", (x, quant(draw), quant(draw), draw(bounds())))


@st.composite
def map_cases(draw):
    """table (random values) or requantize (either rounding: a table) of 1 to 100 elements."""
    shape = (1, draw(st.integers(1, 20)), draw(st.integers(1, 5)), 1)
    x = values(draw, shape)
    if draw(st.booleans()):
        return KernelCase("table", (x, int8s(draw, 256).astype(np.int64), -128))
    rounding = draw(st.sampled_from(["fixed_point", "float"]))
    return KernelCase("requantize", (x, quant(draw), quant(draw), draw(bounds()), rounding))


@st.composite
def mul_cases(draw):
    """a * b of one shape, or b a scalar or per-channel vector (either side)."""
    shape = (1, draw(st.integers(1, 40)), draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    b_shape = draw(st.sampled_from([shape, (1, 1, 1, 1), (1, shape[1], 1, 1)]))
    a, b = values(draw, shape), values(draw, b_shape)
    if draw(st.booleans()):
        a, b = b, a
    return KernelCase("mul", (a, b, quant(draw), quant(draw), quant(draw), draw(bounds())))


FUNCTIONS = {
    "resize_argmax": (resize_argmax_cases, "xopt_neon_resize_argmax_s8", 6),
    "resize": (resize_cases, "xopt_neon_resize_s8_s8", 3),
    "concat": (concat_cases, "xopt_neon_concat_s8_s8", 4),
    "argmax": (argmax_cases, "xopt_neon_argmax_s8", 3),
    "maxpool": (lambda: pool_cases("maxpool"), "xopt_neon_maxpool2d_s8_s8", 2),
    "avgpool": (lambda: pool_cases("avgpool"), "xopt_neon_avgpool2d_s8_s8", 2),
    "global_avgpool": (global_avgpool_cases, "xopt_neon_global_avgpool_s8_s8", 2),
    "table": (map_cases, "xopt_neon_table_s8_s8", 3),
    "mul": (mul_cases, "xopt_neon_mul_s8_s8", 2),
}


@st.composite
def batches(draw):
    """(case, expected NEON function) for a few layers of every kernel."""
    return [
        (draw(strategy()), function)
        for strategy, function, count in FUNCTIONS.values()
        for _ in range(count)
    ]


def neon_call(case: KernelCase):
    return getattr(neon, case.kernel)(*case.args, **case.kwargs)


@pytest.mark.parametrize("cc, tools", NEON_COMPILERS, ids=["gcc", "clang"])
@settings(max_examples=3, deadline=None)
@given(batch=batches())
def test_neon_ops_kernels_match_quant_executor(tmp_path_factory, cc, tools, batch):
    skip_unless_tools(tools)
    calls = [neon_call(case) for case, _ in batch]
    assert [c.function for c in calls] == [f for _, f in batch]
    work = tmp_path_factory.mktemp("neon-ops")
    outputs, _ = runner.run_calls(calls, work, "aarch64", cc, ("-O3", *toolchain.NEON_FLAGS))
    for (case, function), got, call in zip(batch, outputs, calls):
        assert_output_matches(case, call, got, f"{function} {case.kwargs}")


# ---- builder contracts (no toolchain needed)

RNG = np.random.default_rng(3)
X = RNG.integers(-128, 128, (1, 8, 6, 6)).astype(np.int8)
WIDE = RNG.integers(-128, 128, (1, 64, 2, 80)).astype(np.int8)  # 80 * 64 * 4 > 16 KiB
Q1, Q2 = QParams(0.05, 3), QParams(0.1, -2)
LINEAR = ("linear", "half_pixel", "floor")


@pytest.mark.parametrize(
    "kernel, args, kwargs",
    [
        (
            "resize",
            (X, Q1, Q2, INT8, (1, 8, 12, 12), (1, 1, 2.0, 2.0), *LINEAR),
            {"rounding": "float"},
        ),
        ("resize", (WIDE, Q1, Q2, INT8, (1, 64, 4, 160), (1, 1, 2.0, 2.0), *LINEAR), {}),
        ("resize_argmax", (WIDE, Q1, Q2, INT8, (4, 160), (1, 1, 2.0, 2.0), *LINEAR), {}),
        ("concat", ([X, X], [Q1, Q2], Q2, INT8, 1), {"rounding": "float"}),
        ("avgpool", (X, Q1, Q2, INT8, (2, 2)), {"rounding": "float"}),
        ("global_avgpool", (X, Q1, Q2, INT8), {"rounding": "float"}),
        ("mul", (X, X, Q1, Q1, Q2, INT8), {"rounding": "float"}),
        ("table", (X, np.arange(16), -8), {}),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_falls_back_to_portable(kernel, args, kwargs):
    call = getattr(neon, kernel)(*args, **kwargs)
    assert not call.function.startswith("xopt_neon_"), call.function


def test_requantize_is_a_table_of_shapes_only():
    """Either rounding mode becomes the NEON table; its values do not depend on x."""
    for rounding in ("fixed_point", "float"):
        real = neon.requantize(X, Q1, Q2, (-100, 90), rounding)
        zeros = neon.requantize(0 * X, Q1, Q2, (-100, 90), rounding)
        assert real.function == zeros.function == "xopt_neon_table_s8_s8"
        assert np.array_equal(real.params["values"], zeros.params["values"])
