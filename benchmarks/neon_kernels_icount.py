"""Executed aarch64 instructions of runtime_c/neon's sdot kernels against the portable ones.

The layers of `c_kernels_icount.py` (MobileNetV2-0.5 at 96x96: stem, expand and project 1x1
convs, stride-1 and stride-2 3x3 depthwise, a classifier) plus the network's 8-channel
layers, its 1280 -> 1000 classifier and a residual add (no MACs), each built into one
program per compiler: the portable kernels at -O3 (plain armv8-a, as `make
bench-c-kernels`) and the NEON kernels (`targets.neon.kernel_params`) at -O3
-march=armv8.2-a+dotprod, run under qemu-aarch64 with xopt's icount plugin (one region per
layer), checked bit for bit against the quant executor and printed as a table:
instructions, MACs per instruction, and portable / NEON. Then the layers without MACs that
have NEON kernels too (seg_net's resize_argmax head and requantizing concat, resize, argmax,
pools, table, requantize, mul); the total counts every row.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from c_kernels_icount import conv_case, layers, macs

from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_harness import KernelCase
from xopt.targets.neon import kernel_params as neon

INT8 = (-128, 127)


def network_layers(rng) -> list[tuple[str, tuple[KernelCase, str]]]:
    """MobileNetV2-0.5 layers that `layers()` leaves out: 8-channel convs, the classifier."""
    fc_x = rng.integers(-128, 128, (1, 1280)).astype(np.int8)
    fc_w = rng.integers(-127, 128, (1000, 1280)).astype(np.int8)
    quant = (QParams(0.05, 3), QParams(0.002), QParams(0.3), INT8)
    fc = KernelCase("fully_connected", (fc_x, fc_w, rng.integers(-999, 999, 1000), *quant))
    return [
        ("3x3 depthwise 16, 48x48", conv_case(rng, 16, 16, 48, 3, 1, "depthwise3x3", 16)),
        ("1x1 project 16->8, 48x48", conv_case(rng, 16, 8, 48, 1, 1, "pointwise")),
        ("1x1 expand 8->48, 48x48", conv_case(rng, 8, 48, 48, 1, 1, "pointwise")),
        ("1x1 expand 160->1280, 3x3", conv_case(rng, 160, 1280, 3, 1, 1, "pointwise")),
        ("fully connected 1280->1000", (fc, "")),
        ("residual add 16, 24x24", (add_case(rng, (1, 16, 24, 24)), "")),
    ]


def op_layers(rng) -> list[tuple[str, tuple[KernelCase, str]]]:
    """Layers of the non-conv ops with NEON kernels (no MACs)."""

    def x(*shape):
        return rng.integers(-128, 128, shape).astype(np.int8)

    q, q2, q3 = QParams(0.1, 31), QParams(0.08, 39), QParams(0.05, -128)
    linear = ("linear", "half_pixel", "round_prefer_floor")
    head = (x(1, 21, 32, 32), q, q2, INT8, (64, 64), (1.0, 1.0, 2.0, 2.0), *linear)
    up = (x(1, 32, 16, 16), q, q2, INT8, (1, 32, 32, 32), (1.0, 1.0, 2.0, 2.0), *linear)
    cases = [
        (
            "resize_argmax 21, 32x32 -> 64x64",
            KernelCase("resize_argmax", head, {"out_dtype": np.int16}),
        ),
        (
            "concat 16 + 16 (requant), 32x32",
            KernelCase("concat", ([x(1, 16, 32, 32)] * 2, [q3, q], q3, INT8, 1)),
        ),
        ("resize linear 32, 16x16 -> 32x32", KernelCase("resize", up)),
        ("argmax 21, 64x64", KernelCase("argmax", (x(1, 21, 64, 64), 1))),
        (
            "maxpool 3x3/2 32, 48x48",
            KernelCase(
                "maxpool", (x(1, 32, 48, 48), (3, 3)), {"strides": (2, 2), "pads": (1, 1, 1, 1)}
            ),
        ),
        (
            "avgpool 3x3 32, 24x24",
            KernelCase("avgpool", (x(1, 32, 24, 24), q, q2, INT8, (3, 3)), {"pads": (1, 1, 1, 1)}),
        ),
        ("global avgpool 1280, 3x3", KernelCase("global_avgpool", (x(1, 1280, 3, 3), q, q2, INT8))),
        ("table 16, 24x24", KernelCase("table", (x(1, 16, 24, 24), x(256).astype(np.int64), -128))),
        ("requantize 16, 24x24", KernelCase("requantize", (x(1, 16, 24, 24), q, q2, INT8))),
        (
            "mul per-channel 16, 24x24",
            KernelCase("mul", (x(1, 16, 24, 24), x(1, 16, 1, 1), q, q2, q3, INT8)),
        ),
    ]
    return [(name, (case, "")) for name, case in cases]


def add_case(rng, shape) -> KernelCase:
    a, b = (rng.integers(-128, 128, shape).astype(np.int8) for _ in range(2))
    return KernelCase("add", (a, b, QParams(0.05, 3), QParams(0.04, -2), QParams(0.07, 1), INT8))


def neon_call(case: KernelCase):
    return getattr(neon, case.kernel)(*case.args, **case.kwargs)


def as_reference_layout(call, output: np.ndarray) -> np.ndarray:
    """A C output in the quant executor's layout."""
    return KernelCase.from_c(call, output)


def count(calls, cases, cc: str, flags) -> dict[int, int]:
    """Instructions per region of `calls`, after checking every output."""
    with tempfile.TemporaryDirectory() as tmp:
        outputs, n = runner.run_calls(calls, Path(tmp), "aarch64", cc, flags, count=True)
    for (name, case), call, got in zip(cases, calls, outputs):
        if not np.array_equal(as_reference_layout(call, got), case.reference()):
            raise SystemExit(f"{cc} {call.function}: {name} differs from the quant executor")
    return n.regions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cc", nargs="+", default=[toolchain.AARCH64_GCC, "clang"])
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    named = layers(rng) + network_layers(rng) + op_layers(rng)
    cases = [(name, case) for name, (case, _) in named]
    portable_calls = [case.call(**({"function": f} if f else {})) for _, (case, f) in named]
    neon_calls = [neon_call(case) for _, case in cases]
    rows = {}
    for cc in args.cc:
        portable = count(portable_calls, cases, cc, ("-O3",))
        fast = count(neon_calls, cases, cc, ("-O3", *toolchain.NEON_FLAGS))
        rows[cc] = [(portable[i + 1], fast[i + 1]) for i in range(len(cases))]
    print(
        "| layer | NEON kernel | MACs | "
        + " | ".join(
            f"{cc} portable | {cc} NEON | NEON MAC/instr | portable/NEON" for cc in args.cc
        )
        + " |"
    )
    print("|---|---|---:|" + "---:|---:|---:|---:|" * len(args.cc))
    total_macs = 0
    totals = {cc: [0, 0] for cc in args.cc}
    for i, ((name, case), call) in enumerate(zip(cases, neon_calls)):
        m = macs(case, call.output_shape) if case.kernel in ("conv2d", "fully_connected") else 0
        total_macs += m
        cells = []
        for cc in args.cc:
            slow, fast = rows[cc][i]
            totals[cc][0] += slow
            totals[cc][1] += fast
            rate = f"{m / fast:.2f}" if m else "-"
            cells.append(f"{slow:,} | {fast:,} | {rate} | {slow / fast:.1f}x")
        kernel = call.function.removeprefix("xopt_neon_").removesuffix("_s8_s8")
        print(f"| {name} | {kernel} | {m:,} | " + " | ".join(cells) + " |")
    cells = [
        f"{slow:,} | {fast:,} | {total_macs / fast:.2f} | {slow / fast:.1f}x"
        for slow, fast in totals.values()
    ]
    print(f"| total | | {total_macs:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
