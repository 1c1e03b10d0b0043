"""Building and running a build directory written by `model_emit`.

`build` runs the directory's Makefile for aarch64 (gcc, or clang with lld) or for the host
(portable C only); `run` writes the inputs in the harness's format, runs the binary (under
qemu-aarch64 for aarch64, optionally counting instructions per layer) and reads the outputs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from xopt.errors import XoptError
from xopt.executor.run import Port
from xopt.qemu import InstructionCounts, run_aarch64
from xopt.targets.c import toolchain

SANITIZE = " ".join(toolchain.SANITIZE_FLAGS)


@dataclass(frozen=True)
class Build:
    """A build directory and its report.json."""

    path: Path
    report: dict

    def _ports(self, key: str) -> list[Port]:
        return [Port(p["name"], tuple(p["shape"]), np.dtype(p["dtype"])) for p in self.report[key]]

    @property
    def inputs(self) -> list[Port]:
        return self._ports("inputs")

    @property
    def outputs(self) -> list[Port]:
        return self._ports("outputs")


def open_build(path: str | Path) -> Build:
    """The build directory at `path`, or an XoptError saying it is not one."""
    path = Path(path)
    report = path / "report.json"
    if not report.is_file():
        raise XoptError(f"{path}: not an xopt build directory (no report.json); see xopt compile")
    try:
        return Build(path, json.loads(report.read_text()))
    except json.JSONDecodeError as e:
        raise XoptError(f"{report}: not valid JSON ({e.msg})") from None


def make_variables(platform: str, cc: str | None, sanitize: bool = False) -> list[str]:
    """The make variables that build for `platform` ("aarch64" or "host") with `cc`."""
    if platform == "host":
        flags = [f"CC={toolchain.require_tool(cc or 'gcc')}", "CROSS=", "ARCH_FLAGS=", "LDFLAGS="]
        return flags + ([f"CFLAGS+={SANITIZE}", f"LDFLAGS={SANITIZE}"] if sanitize else [])
    if platform != "aarch64":
        raise XoptError(f"unknown platform {platform!r}; expected aarch64 or host")
    if cc == "clang":
        toolchain.require_tool("ld.lld")
        return [
            f"CC={toolchain.require_tool('clang')}",
            "CROSS=--target=aarch64-linux-gnu -fuse-ld=lld",
        ]
    return [f"CC={toolchain.require_tool(cc or toolchain.AARCH64_GCC)}"]


def build(
    b: Build, platform: str = "aarch64", cc: str | None = None, sanitize: bool = False
) -> Path:
    """Run the build's Makefile (always, so a changed compiler or flag takes effect) into
    `model-<platform>[-<cc>]`; the binary's path."""
    if platform == "host" and b.report["target"] != "c":
        raise XoptError(f"a {b.report['target']} build runs on aarch64 only (not --host)")
    name = "-".join(["model", platform, *([Path(cc).name] if cc else [])])
    variables = make_variables(platform, cc, sanitize)
    make = toolchain.require_tool("make")
    toolchain.run_tool(
        [make, "-s", "-B", "-C", str(b.path), *variables, "model"], f"building {b.path}"
    )
    (b.path / "model").replace(b.path / name)
    return b.path / name


def input_bytes(b: Build, samples: Sequence[Sequence[np.ndarray]]) -> bytes:
    """Samples' inputs in the harness's file format (per sample, model.h order, raw)."""
    chunks = []
    for sample in samples:
        for port, x in zip(b.inputs, sample, strict=True):
            x = np.asarray(x)
            if x.shape != port.shape:
                raise XoptError(
                    f"input {port.name}: shape {x.shape}, the build expects {port.shape}"
                )
            chunks.append(np.ascontiguousarray(x, dtype=port.dtype).tobytes())
    return b"".join(chunks)


def parse_outputs(b: Build, data: bytes, samples: int) -> list[list[np.ndarray]]:
    """Per sample, the outputs the harness wrote."""
    sizes = [int(np.prod(p.shape)) for p in b.outputs]
    expected = samples * sum(n * p.dtype.itemsize for n, p in zip(sizes, b.outputs))
    if len(data) != expected:
        raise XoptError(f"{b.path}: the model wrote {len(data)} output bytes, expected {expected}")
    results, offset = [], 0
    for _ in range(samples):
        outputs = []
        for port, count in zip(b.outputs, sizes):
            y = np.frombuffer(data, port.dtype, count, offset).reshape(port.shape)
            outputs.append(y.copy())
            offset += count * port.dtype.itemsize
        results.append(outputs)
    return results


def run(
    b: Build, binary: Path, sample: Sequence[np.ndarray], platform: str, count: bool = False
) -> tuple[list[np.ndarray], InstructionCounts | None]:
    """Run `binary` of build `b` on one sample; the outputs and (aarch64 with `count`) the
    executed instructions, region n being layer n (report.json's `region`)."""
    results, counts = run_samples(b, binary, [sample], platform, count)
    return results[0], counts


def run_samples(
    b: Build,
    binary: Path,
    samples: Sequence[Sequence[np.ndarray]],
    platform: str,
    count: bool = False,
) -> tuple[list[list[np.ndarray]], InstructionCounts | None]:
    """Run `binary` once on all `samples` (one process); per sample its outputs."""
    inputs, outputs = b.path / "inputs.bin", b.path / "outputs.bin"
    inputs.write_bytes(input_bytes(b, samples))
    command = [str(binary), str(inputs), str(outputs)]
    counts = None
    if platform == "aarch64":
        counts = run_aarch64(command, count=count).counts
    else:
        toolchain.run_tool(command, f"running {binary.name}", timeout=600)
    try:
        return parse_outputs(b, outputs.read_bytes(), len(samples)), counts
    finally:
        inputs.unlink(missing_ok=True)
        outputs.unlink(missing_ok=True)
