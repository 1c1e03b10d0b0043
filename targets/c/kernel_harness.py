"""Checking runtime_c's kernels against the quant executor: a `KernelCase` names a kernel
and the arguments of its `xopt.executor.quant_kernels` function, which the matching
`kernel_params` builder takes too, so one case gives both the reference output and the C
call. Used by the kernel tests and benchmarks.

    case = KernelCase("conv2d", (x, w, b, xq, wq, yq, (-128, 127)), {"pads": (1, 1, 1, 1)})
    assert np.array_equal(host_kernels().run(case.call()), case.reference())
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from xopt.executor import quant_kernels as qk
from xopt.executor import quant_kernels_movement as qkm
from xopt.targets.c import kernel_params, toolchain
from xopt.targets.c.host_kernels import HostKernels
from xopt.targets.c.kernel_params import KernelCall

REFERENCES = {
    "conv2d": qk.conv2d,
    "fully_connected": qk.fully_connected,
    "maxpool": qk.maxpool,
    "avgpool": qk.avgpool,
    "global_avgpool": qk.global_avgpool,
    "add": qk.add,
    "requantize": qk.requantize,
    "table": qk.table,
    "concat": qk.concat,
    "resize": qk.resize,
    "argmax": qk.argmax,
    "resize_argmax": qkm.resize_argmax,
}
"""The quant executor's function of each kernel; `kernel_params` has one of the same name."""


@dataclass(frozen=True)
class KernelCase:
    kernel: str
    args: tuple
    kwargs: dict[str, Any] = field(default_factory=dict)

    def reference(self) -> np.ndarray:
        """The quant executor's output."""
        return np.asarray(REFERENCES[self.kernel](*self.args, **self.kwargs))

    def call(self, **overrides: Any) -> KernelCall:
        """The C kernel call (`overrides` go to the builder, e.g. `function=`)."""
        builder = getattr(kernel_params, self.kernel)
        return builder(*self.args, **self.kwargs, **overrides)


@functools.cache
def host_kernels() -> HostKernels:
    """runtime_c built once per process into a temporary directory (removed at exit)."""
    build_dir = Path(tempfile.mkdtemp(prefix="xopt-runtime-c-"))
    atexit.register(shutil.rmtree, build_dir, ignore_errors=True)
    return HostKernels(toolchain.build_host_library(build_dir))
