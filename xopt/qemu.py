"""Running aarch64 binaries under qemu-aarch64, optionally counting executed instructions
with xopt's TCG plugin (`runtime_c/qemu_plugin/icount.c`, built by runtime_c's Makefile).

    counts = run_aarch64(["./model", "in.bin", "out.bin"], count=True).counts
    counts.total, counts.regions[3]     # regions: runtime_c/xopt_region.h's XOPT_REGION(n)
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xopt.errors import XoptError
from xopt.targets.c import toolchain

PLUGIN_BUILD = toolchain.RUNTIME_C.parent / "build" / "runtime_c"
"""Where `make -C runtime_c plugin` puts icount.so."""
QEMU_CPU = "max"
"""`-cpu max`: every extension QEMU emulates (dotprod, i8mm) is on."""


@dataclass(frozen=True)
class InstructionCounts:
    """Executed guest instructions: the total and per region (XOPT_REGION)."""

    total: int
    regions: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QemuRun:
    returncode: int
    stdout: bytes
    stderr: bytes
    counts: InstructionCounts | None


def build_plugin(build_dir: Path = PLUGIN_BUILD) -> Path:
    """The icount plugin, (re)built by runtime_c's Makefile when its source changed."""
    toolchain.require_tool("make")
    toolchain.run_tool(
        ["make", "-s", "-C", str(toolchain.RUNTIME_C), f"BUILD={build_dir}", "plugin"],
        "building the QEMU icount plugin",
    )
    return Path(build_dir) / "icount.so"


def parse_counts(text: str) -> InstructionCounts:
    """The plugin's report (`total N`, then `region R N` lines)."""
    total, regions = None, {}
    for line in text.splitlines():
        words = line.split()
        if words[:1] == ["total"] and len(words) == 2:
            total = int(words[1])
        elif words[:1] == ["region"] and len(words) == 3:
            regions[int(words[1])] = int(words[2])
    if total is None:
        raise XoptError("the QEMU icount plugin wrote no total; did the program run?")
    return InstructionCounts(total, regions)


def run_aarch64(
    command: Sequence[str],
    count: bool = False,
    input: bytes | None = None,
    timeout: float | None = 600,
    check: bool = True,
) -> QemuRun:
    """Run an aarch64 Linux program (`command[0]`, static) under qemu-aarch64 -cpu max; with
    `count`, also return its executed instructions. `check`: a nonzero exit is an
    XoptError naming the program and its first line of stderr."""
    qemu = toolchain.require_tool(toolchain.QEMU_AARCH64)
    with tempfile.TemporaryDirectory(prefix="xopt-qemu-") as tmp:
        report = Path(tmp) / "icount.txt"
        plugin = ["-plugin", f"{build_plugin()},outfile={report}"] if count else []
        done = subprocess.run(
            [qemu, "-cpu", QEMU_CPU, *plugin, *command],
            input=input,
            capture_output=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            first = done.stderr.decode(errors="replace").strip().splitlines()[:1]
            raise XoptError(
                f"{command[0]} exited with {done.returncode} under qemu-aarch64: "
                f"{first[0] if first else 'no message'}"
            )
        counts = parse_counts(report.read_text()) if count and report.exists() else None
    return QemuRun(done.returncode, done.stdout, done.stderr, counts)
