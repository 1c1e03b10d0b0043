"""The C toolchains xopt drives: where runtime_c is, which compilers and emulators exist,
and building the kernels into a host library or a program (host or aarch64).

Missing tools and failed builds raise `XoptError` with one line saying what to install or
what failed; `scripts/setup_toolchains.sh` installs everything on Debian.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from xopt.errors import XoptError

RUNTIME_C = Path(__file__).resolve().parents[2] / "runtime_c"
"""The C runtime's sources (a checkout's `runtime_c/`; xopt is installed editable)."""
KERNEL_SOURCES = tuple(sorted(RUNTIME_C.glob("xopt_*.c")))
NEON_DIR = RUNTIME_C / "neon"
NEON_SOURCES = tuple(sorted(NEON_DIR.glob("xopt_neon_*.c")))
NEON_FLAGS = ("-march=armv8.2-a+dotprod",)
"""Flags of a NEON build; aarch64 builds whose -march has +dotprod also compile runtime_c/neon
and force-include its header (xopt_neon.h), so generated programs may call its kernels."""
STRICT_FLAGS = ("-std=c99", "-Wall", "-Wextra", "-Werror")
"""What every runtime_c build uses: generated code must build warning-free."""
SANITIZE_FLAGS = ("-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-g")
AARCH64_GCC = "aarch64-linux-gnu-gcc"
QEMU_AARCH64 = "qemu-aarch64"
PACKAGES = {
    "gcc": "gcc",
    "clang": "clang",
    AARCH64_GCC: "gcc-aarch64-linux-gnu",
    QEMU_AARCH64: "qemu-user",
    "make": "make",
}
"""The Debian package that provides each tool."""


def has_tool(name: str) -> bool:
    return shutil.which(name) is not None


def require_tool(name: str) -> str:
    """The path of `name`, or an XoptError saying how to install it."""
    path = shutil.which(name)
    if path is None:
        package = PACKAGES.get(name, name)
        raise XoptError(
            f"{name} not found: run scripts/setup_toolchains.sh (or apt-get install {package})"
        )
    return path


def run_tool(command: Sequence[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    """Run `command`; on failure an XoptError naming `what` with the tool's first error line."""
    done = subprocess.run(list(command), capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        detail = next(
            (line for line in lines if "error" in line.lower()), lines[0] if lines else ""
        )
        raise XoptError(f"{what} failed (exit {done.returncode}): {detail}")
    return done


def compiler_command(target: str, cc: str | None = None) -> list[str]:
    """The compiler invocation for `target`: "host" (gcc unless `cc`), "aarch64" (the Debian
    cross gcc, or `cc="clang"` with --target and lld), both linking statically for aarch64."""
    if target == "host":
        return [require_tool(cc or "gcc")]
    if target != "aarch64":
        raise ValueError(f"unknown C target {target!r}; expected host or aarch64")
    if cc == "clang":
        return [require_tool("clang"), "--target=aarch64-linux-gnu", "-fuse-ld=lld", "-static"]
    return [require_tool(cc or AARCH64_GCC), "-static"]


def build_host_library(out_dir: Path, cc: str = "gcc") -> Path:
    """runtime_c's kernels as a host shared library (-O2) for ctypes."""
    out = Path(out_dir) / "libxopt_kernels.so"
    command = [*compiler_command("host", cc), *STRICT_FLAGS, "-O2", "-fPIC", "-shared"]
    run_tool([*command, "-o", str(out), *map(str, KERNEL_SOURCES), "-lm"], "building runtime_c")
    return out


def build_program(
    sources: Sequence[Path],
    output: Path,
    target: str,
    cc: str | None = None,
    flags: Sequence[str] = ("-O3",),
) -> Path:
    """`sources` plus runtime_c's kernels (and runtime_c/neon's with +dotprod, see
    NEON_FLAGS) as one executable for `target`."""
    command = [*compiler_command(target, cc), *STRICT_FLAGS, *flags, f"-I{RUNTIME_C}"]
    files = [*map(str, sources), *map(str, KERNEL_SOURCES)]
    if target == "aarch64" and any(f.startswith("-march=") and "+dotprod" in f for f in flags):
        command += [f"-I{NEON_DIR}", "-include", "xopt_neon.h"]
        files += map(str, NEON_SOURCES)
    run_tool([*command, "-o", str(output), *files, "-lm"], f"building {Path(output).name}")
    return Path(output)
