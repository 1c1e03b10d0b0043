"""Kernel calls compiled into one program (`c_program`) and run: natively on the host
(optionally under ASan/UBSan) or cross-compiled for aarch64 and run under qemu-aarch64."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from xopt.errors import XoptError
from xopt.qemu import InstructionCounts, run_aarch64
from xopt.targets.c import c_program, toolchain
from xopt.targets.c.kernel_params import KernelCall


def build_calls(
    calls: Sequence[KernelCall],
    work_dir: Path,
    target: str,
    cc: str | None = None,
    flags: Sequence[str] = ("-O3",),
    kernels: str = "",
) -> Path:
    """The program of `calls` (and its input file, inputs.bin) in `work_dir`; `kernels`:
    the C source of the generated kernels calls may call."""
    work_dir = Path(work_dir)
    source = work_dir / "kernels_main.c"
    source.write_text(c_program.render(calls, kernels))
    (work_dir / "inputs.bin").write_bytes(b"".join(x.tobytes() for c in calls for x in c.inputs))
    return toolchain.build_program([source], work_dir / f"kernels_{target}", target, cc, flags)


def _outputs(calls: Sequence[KernelCall], data: bytes) -> list[np.ndarray]:
    expected = c_program.io_sizes(calls)[1]
    if len(data) != expected:
        raise XoptError(f"the kernel program wrote {len(data)} bytes, expected {expected}")
    outputs, offset = [], 0
    for call in calls:
        count = int(np.prod(call.output_shape))
        out = np.frombuffer(data, call.output_dtype, count, offset).reshape(call.output_shape)
        outputs.append(out.copy())
        offset += out.nbytes
    return outputs


def run_calls(
    calls: Sequence[KernelCall],
    work_dir: Path,
    target: str = "aarch64",
    cc: str | None = None,
    flags: Sequence[str] = ("-O3",),
    count: bool = False,
    kernels: str = "",
) -> tuple[list[np.ndarray], InstructionCounts | None]:
    """Build and run `calls`; their outputs and (aarch64 with `count`) the instruction
    counts, in which region n + 1 is call n and region 0 the program's file I/O."""
    program = build_calls(calls, work_dir, target, cc, flags, kernels)
    inputs, outputs = Path(work_dir) / "inputs.bin", Path(work_dir) / "outputs.bin"
    command = [str(program), str(inputs), str(outputs)]
    if target == "aarch64":
        counts = run_aarch64(command, count=count).counts
    else:
        toolchain.run_tool(command, f"running {program.name} on the host", timeout=600)
        counts = None
    return _outputs(calls, outputs.read_bytes()), counts
