"""Executed aarch64 instructions per MAC of runtime_c's portable kernels: the baseline the
NEON kernels must beat.

Layers of a MobileNetV2-0.5 at 96x96 (stem, expand and project 1x1 convs, stride-1 and
stride-2 3x3 depthwise, the classifier) are built into one program per compiler at -O3
(plain armv8-a: the portable C with the compiler's own auto-vectorisation), run under
qemu-aarch64 with xopt's icount plugin (one region per layer), checked bit for bit
against the quant executor, and printed as a table. Activations are NHWC (the C runtime's
layout), weights packed for each kernel.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_harness import KernelCase

INT8 = (-128, 127)


def conv_case(rng, in_c, out_c, size, kernel, stride, path, group=1) -> tuple[KernelCase, str]:
    """A conv layer and the C function of its path (general, pointwise or depthwise3x3)."""
    pad = kernel // 2
    x = rng.integers(-128, 128, (1, in_c, size, size)).astype(np.int8)
    w = rng.integers(-127, 128, (out_c, in_c // group, kernel, kernel)).astype(np.int8)
    bias = rng.integers(-5000, 5000, out_c)
    wq = QParams(rng.uniform(1e-3, 4e-3, out_c))
    quant = (QParams(0.05, -3), wq, QParams(0.5, 2), (-128, 127))
    kwargs = dict(strides=(stride, stride), pads=(pad,) * 4, group=group)
    return KernelCase("conv2d", (x, w, bias, *quant), kwargs), f"xopt_conv2d_{path}_s8_s8"


def layers(rng) -> list[tuple[str, tuple[KernelCase, str]]]:
    """(name, (case, C function)) of each benchmarked layer."""
    fc_x = rng.integers(-128, 128, (1, 640)).astype(np.int8)
    fc_w = rng.integers(-127, 128, (10, 640)).astype(np.int8)
    fc = (fc_x, fc_w, None, QParams(0.05), QParams(0.002), QParams(0.3), INT8)
    return [
        ("stem 3x3 s2, 3->16, 96x96", conv_case(rng, 3, 16, 96, 3, 2, "general")),
        ("1x1 expand 16->96, 24x24", conv_case(rng, 16, 96, 24, 1, 1, "pointwise")),
        ("3x3 depthwise 96, 24x24", conv_case(rng, 96, 96, 24, 3, 1, "depthwise3x3", 96)),
        ("3x3 depthwise s2 96, 24x24", conv_case(rng, 96, 96, 24, 3, 2, "depthwise3x3", 96)),
        ("1x1 project 96->24, 24x24", conv_case(rng, 96, 24, 24, 1, 1, "pointwise")),
        ("1x1 expand 48->288, 6x6", conv_case(rng, 48, 288, 6, 1, 1, "pointwise")),
        ("fully connected 640->10", (KernelCase("fully_connected", fc), "")),
    ]


def macs(case: KernelCase, output_shape) -> int:
    w = case.args[1]
    return int(np.prod(output_shape)) * int(np.prod(w.shape[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cc", nargs="+", default=[toolchain.AARCH64_GCC, "clang"])
    args = parser.parse_args()
    named = layers(np.random.default_rng(0))
    cases = [(name, case) for name, (case, _) in named]
    calls = [case.call(**({"function": f} if f else {})) for _, (case, f) in named]
    counts = {}
    for cc in args.cc:
        with tempfile.TemporaryDirectory() as tmp:
            outputs, n = runner.run_calls(calls, Path(tmp), "aarch64", cc, ("-O3",), count=True)
        for (name, case), call, got in zip(cases, calls, outputs):
            if not np.array_equal(case.from_c(call, got), case.reference()):
                raise SystemExit(f"{cc}: {name} differs from the quant executor")
        counts[cc] = n
    header = "| layer | kernel | MACs | " + " | ".join(
        f"{cc} instr | {cc} MAC/instr" for cc in args.cc
    )
    print(header + " |")
    print("|---|---|---:|" + "---:|---:|" * len(args.cc))
    total_macs = 0
    for i, ((name, case), call) in enumerate(zip(cases, calls)):
        m = macs(case, call.output_shape)
        total_macs += m
        cells = [
            f"{counts[cc].regions[i + 1]:,} | {m / counts[cc].regions[i + 1]:.3f}" for cc in args.cc
        ]
        print(
            f"| {name} | {call.function.removeprefix('xopt_')} | {m:,} | "
            + " | ".join(cells)
            + " |"
        )
    totals = []
    for cc in args.cc:
        instr = sum(counts[cc].regions[i + 1] for i in range(len(calls)))
        totals.append(f"{instr:,} | {total_macs / instr:.3f}")
    print(f"| total | | {total_macs:,} | " + " | ".join(totals) + " |")


if __name__ == "__main__":
    main()
