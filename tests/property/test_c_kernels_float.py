"""Property tests: runtime_c's float-layer kernels (xopt_float.c) against the graph executor.

Each test draws a small float layer, runs the graph executor's kernel (NCHW, through
`graph_invocations.KERNELS`) and the C kernel (C layout, host library through ctypes) and
compares every output bit for bit (`assert_matches`), except where the graph executor sums
in BLAS (conv2d with more than one input channel per group, gemm, matmul): its order is not
defined, so those C kernels (sequential float32 sums) are checked to a stated tolerance.
A fixed case of every kernel also runs as a program under qemu-aarch64 (gcc and clang, -O3)
and on the host under ASan/UBSan, where LRN's power comes from another libm.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_harness import KernelCase, assert_matches, host_kernels
from xopt.testing import KERNEL_BUILD_IDS, KERNEL_BUILDS, skip_unless_tools

pytestmark = pytest.mark.skipif(not toolchain.has_tool("gcc"), reason="no host C compiler (gcc)")
SETTINGS = settings(max_examples=40, deadline=None)
BLAS_RTOL = 1e-5
"""Relative tolerance (of the largest |product| sum term) of the C kernels whose graph
executor reference sums in BLAS: float32 rounding of a sum of at most ~100 terms."""

activations = st.sampled_from(
    [None, ("relu", ()), ("clip", (-0.5, 1.5)), ("leaky_relu", (0.1,)), ("hard_swish", ())]
)


def floats(draw, shape, scale: float = 3.0) -> np.ndarray:
    """Random float32 values (normal, times `scale`), some exact zeros and integers."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = np.array(rng.standard_normal(shape) * scale, np.float32)
    x[rng.random(shape) < 0.1] = 0.0
    integers = rng.random(shape) < 0.1
    x[integers] = np.round(x[integers])
    return x


@st.composite
def shapes_of(draw, min_rank=1, max_rank=5):
    rank = draw(st.integers(min_rank, max_rank))
    return tuple(draw(st.integers(1, 5)) for _ in range(rank))


@st.composite
def broadcast_pairs(draw):
    """Two shapes that broadcast: the output's, and an operand's with axes dropped (leading)
    or set to 1."""
    out = draw(shapes_of())
    keep = draw(st.integers(0, len(out)))
    other = tuple(d if draw(st.booleans()) else 1 for d in out[len(out) - keep :])
    return (out, other) if draw(st.booleans()) else (other, out)


# ---- element-wise


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@SETTINGS
@given(st.data(), broadcast_pairs(), st.sampled_from(["add", "sub", "mul", "div", "prelu"]))
def test_binary(data, shapes, op):
    a, b = (floats(data.draw, s) for s in shapes)
    if op == "prelu":
        assume(np.broadcast_shapes(a.shape, b.shape) == a.shape)
    kwargs = {"activation": data.draw(activations)} if op == "add" else {}
    assert_matches(KernelCase(f"float_{op}", (a, b), kwargs))


@SETTINGS
@given(st.data(), shapes_of())
def test_unary(data, shape):
    x = floats(data.draw, shape)
    case = data.draw(
        st.sampled_from(
            [
                ("float_relu", ()),
                ("float_clip", (-1.0, 2.5)),
                ("float_leaky_relu", (0.01,)),
                ("float_hard_sigmoid", (0.2, 0.5)),
                ("float_hard_swish", ()),
            ]
        )
    )
    assert_matches(KernelCase(case[0], (x, *case[1])))


# ---- gathers, reductions


@SETTINGS
@given(st.data(), shapes_of(max_rank=6))
def test_transpose(data, shape):
    perm = data.draw(st.permutations(range(len(shape))))
    assert_matches(KernelCase("float_transpose", (floats(data.draw, shape), tuple(perm))))


@SETTINGS
@given(st.data(), shapes_of(), st.sampled_from(["constant", "reflect", "edge"]))
def test_pad(data, shape, mode):
    limit = (lambda d: d - 1) if mode == "reflect" else (lambda d: 3)
    pads = [data.draw(st.integers(0, min(3, limit(d)))) for d in shape * 2]
    value = data.draw(st.sampled_from([0.0, -1.5]))
    assert_matches(KernelCase("float_pad", (floats(data.draw, shape), pads, mode, value)))


@SETTINGS
@given(st.data(), shapes_of(max_rank=4), st.booleans())
def test_reduce_mean(data, shape, keepdims):
    axes = data.draw(st.sets(st.integers(0, len(shape) - 1)))
    x = floats(data.draw, shape, scale=100.0)
    assert_matches(
        KernelCase("float_reduce_mean", (x,), dict(axes=sorted(axes), keepdims=keepdims))
    )


@SETTINGS
@given(st.data(), shapes_of(min_rank=4, max_rank=4))
def test_global_avgpool(data, shape):
    assert_matches(KernelCase("float_global_avgpool", (floats(data.draw, shape),)))


@SETTINGS
@given(st.data(), shapes_of(min_rank=3, max_rank=4), st.integers(1, 6))
def test_lrn(data, shape, size):
    x = floats(data.draw, shape, scale=data.draw(st.sampled_from([1.0, 30.0])))
    alpha = data.draw(st.sampled_from([1e-4, 0.3]))
    beta = data.draw(st.sampled_from([0.75, 0.5, 1.3]))
    case = KernelCase("float_lrn", (x,), dict(size=size, alpha=alpha, beta=beta, bias=2.0))
    assert_matches(case)


# ---- weights


@st.composite
def conv_cases(draw, depthwise: bool):
    groups = draw(st.integers(1, 3))
    cg, og = (1, draw(st.integers(1, 2))) if depthwise else (draw(st.integers(1, 4)), 2)
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    assume(not depthwise or kh * kw > 1)
    pads = tuple(draw(st.integers(0, 2)) for _ in range(4))
    strides = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    dil = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    assume(h + pads[0] + pads[2] >= dil[0] * (kh - 1) + 1)
    assume(w + pads[1] + pads[3] >= dil[1] * (kw - 1) + 1)
    x = floats(draw, (1, groups * cg, h, w))
    weight = floats(draw, (groups * og, cg, kh, kw), scale=0.5)
    bias = None if draw(st.booleans()) else floats(draw, groups * og)
    kwargs = dict(strides=strides, pads=pads, dilations=dil, group=groups)
    return KernelCase("float_conv2d", (x, weight, bias), dict(kwargs, activation=draw(activations)))


@SETTINGS
@given(conv_cases(depthwise=True))
def test_depthwise_conv2d_is_bit_exact(case):
    """One input channel per group: the graph executor sums tap by tap, as C does."""
    assert_matches(case)


def assert_close_to_blas(case: KernelCase, magnitude: np.ndarray) -> None:
    """The C output within BLAS_RTOL * `magnitude` (per output: the sum of |terms|)."""
    call = case.call()
    got = case.from_c(call, host_kernels().run(call))
    expected = case.reference()
    assert got.shape == expected.shape
    np.testing.assert_array_less(np.abs(got - expected), BLAS_RTOL * magnitude + 1e-30)


@SETTINGS
@given(conv_cases(depthwise=False))
def test_conv2d_is_close_to_blas(case):
    x, w, _ = case.args
    geometry = {k: v for k, v in case.kwargs.items() if k != "activation"}
    magnitude = KernelCase("float_conv2d", (np.abs(x), np.abs(w), None), geometry).reference()
    assert_close_to_blas(case, magnitude + 1.0)


@SETTINGS
@given(st.data(), st.integers(1, 4), st.integers(1, 40), st.integers(1, 9), st.booleans())
def test_gemm_and_matmul_are_close_to_blas(data, rows, inner, cols, trans_b):
    a, b = floats(data.draw, (rows, inner)), floats(data.draw, (inner, cols))
    magnitude = np.abs(a) @ np.abs(b) + 1.0
    assert_close_to_blas(KernelCase("float_matmul", (a, b)), magnitude)
    c = floats(data.draw, data.draw(st.sampled_from([(cols,), (rows, cols), (1, cols)])))
    kwargs = dict(alpha=0.5, beta=data.draw(st.sampled_from([0.0, 1.0, 2.0])), trans_b=trans_b)
    args = (a, b.T.copy() if trans_b else b, c)
    case = KernelCase("float_gemm", args, dict(kwargs, activation=data.draw(activations)))
    assert_close_to_blas(case, magnitude * 0.5 + 2.0 * np.abs(c) + 1.0)


def test_unsupported_forms_are_refused():
    x = np.zeros((1, 2, 3, 3), np.float32)
    with pytest.raises(NotImplementedError, match="rank 1 to 3 activation"):
        KernelCase("float_matmul", (x, np.zeros((3, 2), np.float32))).call()
    with pytest.raises(NotImplementedError, match="no sigmoid activation"):
        KernelCase("float_add", (x, x), dict(activation=("sigmoid", ()))).call()
    with pytest.raises(NotImplementedError, match="batch of 1"):
        KernelCase("float_conv2d", (np.zeros((2, 2, 3, 3)), np.zeros((1, 2, 1, 1)))).call()


# ---- as programs: aarch64 (gcc, clang) under QEMU, host sanitizers


def program_cases() -> list[KernelCase]:
    """One case of every bit-exact float kernel, LRN over many values (its power)."""
    rng = np.random.default_rng(12)

    def f(*shape, scale=3.0):
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    x = f(1, 6, 5, 7)
    x[0, 0, 0, :3] = [np.nan, np.inf, -0.0]
    lrn = dict(size=5, alpha=1e-2, beta=0.75, bias=1.0)
    return [
        KernelCase("float_add", (x, f(6, 1, 1)), dict(activation=("hard_swish", ()))),
        KernelCase("float_prelu", (x, f(6, 1, 1))),
        KernelCase("float_div", (f(3, 4), f(4))),
        KernelCase("float_clip", (x, -1.0, 1.0)),
        KernelCase("float_transpose", (f(1, 2, 3, 4, 5), (0, 2, 1, 4, 3))),
        KernelCase("float_pad", (x, (0, 0, 2, 1, 0, 0, 1, 3), "reflect")),
        KernelCase("float_reduce_mean", (f(1, 16, 16, 16, scale=50.0),), dict(axes=(2, 3))),
        KernelCase("float_lrn", (f(1, 16, 24, 24, scale=20.0),), lrn),
        KernelCase(
            "float_conv2d",
            (x, f(12, 1, 3, 3), f(12)),
            dict(pads=(1, 1, 1, 1), strides=(2, 1), group=6, activation=("relu", ())),
        ),
    ]


@pytest.mark.parametrize("target, cc, flags, tools", KERNEL_BUILDS, ids=KERNEL_BUILD_IDS)
def test_float_kernel_program(tmp_path, target, cc, flags, tools):
    skip_unless_tools(tools)
    cases = program_cases()
    calls = [c.call() for c in cases]
    outputs, _ = runner.run_calls(calls, tmp_path, target, cc, flags)
    for case, call, got in zip(cases, calls, outputs):
        got, expected = case.from_c(call, got), case.reference()
        same_bits = got.view(np.int32) == expected.view(np.int32)
        assert np.all(same_bits | (np.isnan(got) & np.isnan(expected))), case.kernel
