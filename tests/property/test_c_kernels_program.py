"""runtime_c's kernels built as one program, as a generated model is: with
aarch64-linux-gnu-gcc -O3 and clang -O3 (run under qemu-aarch64) and with gcc under
ASan/UBSan on the host, one case of every kernel (and conv path, and float mode) with
awkward geometry, each output equal to the quant executor's."""

from __future__ import annotations

import numpy as np
import pytest

from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner
from xopt.targets.c.kernel_harness import KernelCase
from xopt.testing import KERNEL_BUILD_IDS, KERNEL_BUILDS, skip_unless_tools
from xopt.testing_strategies import INT8


def q(scale, zp=0) -> QParams:
    return QParams(scale, zp)


def fixed_cases() -> list[KernelCase]:
    """One case of every kernel and conv path, with awkward geometry."""
    rng = np.random.default_rng(6)

    def i8(*shape):
        return rng.integers(-128, 128, shape).astype(np.int8)

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


def new_kernel_cases() -> list[KernelCase]:
    """One case of each float rounding mode, of mul and softmax, of the model boundary and
    of every movement kernel."""
    rng = np.random.default_rng(7)

    def i8(*shape):
        return rng.integers(-128, 128, shape).astype(np.int8)

    x, xq, yq = i8(1, 5, 6, 7), q(0.05, 3), q(0.04, -1)
    pool = ((3, 2), (2, 2), (1, 1, 1, 0), True, True)
    real = (rng.standard_normal((1, 3, 5, 4)) * 4).astype(np.float32)
    real[0, 0, 0, :3] = [np.nan, np.inf, 2.5]
    phases = [i8(1, 5, 3, 4), i8(1, 5, 3, 3), i8(1, 5, 3, 4), i8(1, 5, 3, 3)]
    return [
        KernelCase("avgpool", (x, xq, yq, INT8, *pool), dict(rounding="float")),
        KernelCase("add", (x, i8(1, 5, 6, 7), xq, q(0.02, -7), yq, (0, 127), "float")),
        KernelCase("requantize", (x, xq, yq, INT8, "float")),
        KernelCase("concat", ([x, i8(1, 5, 2, 7)], [xq, q(0.07)], xq, INT8, 2, "float")),
        KernelCase(
            "resize",
            (x, xq, yq, INT8, (1, 5, 11, 14), (1.0, 1.0, 11 / 6, 2.0), "linear"),
            dict(rounding="float"),
        ),
        KernelCase("mul", (x, i8(1, 5, 1, 1), xq, q(0.02, 1), yq, INT8, "fixed_point")),
        KernelCase("mul", (i8(1), x, xq, q(0.02, 1), q(0.001, 2), (-50, 100), "float")),
        KernelCase("softmax", (x, q(0.125, 0), q(2.0**-8, -128), INT8, 1, 256, "fixed_point")),
        KernelCase("softmax", (i8(3, 10), q(0.1, 0), q(2.0**-8, -128), INT8, 1, 256, "float")),
        KernelCase("quantize", (real, q(0.03, 2), INT8)),
        KernelCase("dequantize", (x, q(0.03, 2))),
        KernelCase("transpose", (i8(2, 3, 4, 5), (2, 0, 3, 1))),
        KernelCase("pad", (x, (0, 1, 2, 0, 0, 0, 1, 3), -7)),
        KernelCase("crop", (x, (0, 1, 2, 0, 0, 2, 1, 3))),
        KernelCase("insert_zeros", (x, (2, 3), 5)),
        KernelCase("phase_slice", (x, (1, 0), (2, 3), (3, 3))),
        KernelCase("interleave", (phases, (2, 2), (1, 5, 6, 7))),
    ]


@pytest.mark.parametrize("target, cc, flags, tools", KERNEL_BUILDS, ids=KERNEL_BUILD_IDS)
def test_kernel_program(tmp_path, target, cc, flags, tools):
    skip_unless_tools(tools)
    cases = fixed_cases() + new_kernel_cases()
    calls = [c.call() for c in cases]
    outputs, _ = runner.run_calls(calls, tmp_path, target, cc, flags)
    for case, call, got in zip(cases, calls, outputs):
        expected = case.reference()
        assert np.array_equal(case.from_c(call, got), expected, equal_nan=True), case.kernel
