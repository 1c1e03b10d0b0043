"""Executed aarch64 instructions of runtime_c/neon's sdot kernels against the portable ones.

The layers of `c_kernels_icount.py` (MobileNetV2-0.5 at 96x96: stem, expand and project 1x1
convs, stride-1 and stride-2 3x3 depthwise, a classifier) plus the network's 8-channel
layers, its 1280 -> 1000 classifier and a residual add (no MACs), each built into one
program per compiler: the portable kernels at -O3 (plain armv8-a, as `make
bench-c-kernels`) and the NEON kernels (`targets.neon.kernel_params`) at -O3
-march=armv8.2-a+dotprod, run under qemu-aarch64 with xopt's icount plugin (one region per
layer), checked bit for bit against the quant executor and printed as a table:
instructions, MACs per instruction, and portable / NEON.
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
    named = layers(rng) + network_layers(rng)
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
        m = macs(case, call.output_shape) if case.kernel != "add" else 0
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
