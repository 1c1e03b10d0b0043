"""Checking runtime_c's kernels against the quant executor: a `KernelCase` names a kernel
and the arguments of its quant executor function (NCHW), which the matching `kernel_params`
builder takes too, so one case gives both the reference output and the C call; the C
output comes back to the quant executor's layout through `KernelCase.from_c`. Used by the
kernel tests and benchmarks.

    case = KernelCase("conv2d", (x, w, b, xq, wq, yq, (-128, 127)), {"pads": (1, 1, 1, 1)})
    call = case.call()
    assert np.array_equal(case.from_c(call, host_kernels().run(call)), case.reference())
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

from xopt.executor import graph_invocations
from xopt.executor import quant_kernels as qk
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_invocations import KERNELS
from xopt.targets.c import kernel_params, toolchain
from xopt.targets.c.host_kernels import HostKernels
from xopt.targets.c.kernel_call import KernelCall, from_c_layout


def _quantize(x, yq: qk.QParams, bounds: qk.Bounds) -> np.ndarray:
    return qn.quantize(x, yq.scale, yq.zero_point, *bounds)


def _dequantize(x, xq: qk.QParams) -> np.ndarray:
    return qn.dequantize(x, xq.scale, xq.zero_point)


REFERENCES = {
    **KERNELS,
    **graph_invocations.KERNELS,
    "quantize": _quantize,
    "dequantize": _dequantize,
    "transpose": np.transpose,
    "float_permute": np.transpose,
}
"""The quant executor's function of each kernel (numpy's for transpose, which permutes
plain arrays) and the graph executor's of each float layer (`float_<op>`); `kernel_params`
has a builder of the same name."""


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

    @staticmethod
    def from_c(call: KernelCall, output: np.ndarray) -> np.ndarray:
        """A C output of `call` in the quant executor's layout, comparable with `reference`."""
        return from_c_layout(output) if call.output_in_c_layout else np.asarray(output)


@functools.cache
def host_kernels() -> HostKernels:
    """runtime_c built once per process into a temporary directory (removed at exit)."""
    build_dir = Path(tempfile.mkdtemp(prefix="xopt-runtime-c-"))
    atexit.register(shutil.rmtree, build_dir, ignore_errors=True)
    return HostKernels(toolchain.build_host_library(build_dir))


def _bits(a: np.ndarray) -> np.ndarray:
    """Flat int64 values, float32 compared by bit pattern (-0.0 differs from 0.0)."""
    if a.dtype.kind == "f":
        return a.astype(np.float32).view(np.int32).astype(np.int64).ravel()
    return a.astype(np.int64).ravel()


def assert_output_matches(case: KernelCase, call, c_output, label: str = "") -> None:
    """AssertionError naming the first differing value unless `c_output` (what C computed
    for `call`, in the C layout) is the quant executor's output bit for bit."""
    got = KernelCase.from_c(call, c_output)
    expected = case.reference()
    label = label or call.function
    assert got.shape == expected.shape, f"{label}: shape {got.shape} != {expected.shape}"
    differ = np.flatnonzero(_bits(got) != _bits(expected))
    assert differ.size == 0, (
        f"{label}: {differ.size} of {got.size} values differ, first at flat index "
        f"{differ[0]}: C {got.ravel()[differ[0]]}, quant executor {expected.ravel()[differ[0]]}"
    )


def assert_matches(case: KernelCase, **overrides: Any) -> None:
    """`assert_output_matches` for the C kernel run in the host library."""
    call = case.call(**overrides)
    assert_output_matches(case, call, host_kernels().run(call), case.kernel)
