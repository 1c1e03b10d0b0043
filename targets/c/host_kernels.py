"""runtime_c's kernels called in-process through ctypes (a host shared library)."""

from __future__ import annotations

import ctypes
from pathlib import Path

import numpy as np

from xopt.targets.c import abi
from xopt.targets.c.kernel_params import KernelCall


class HostKernels:
    """The kernels of a shared library built by `toolchain.build_host_library`."""

    def __init__(self, library: Path):
        self.library = ctypes.CDLL(str(library))

    def run(self, call: KernelCall) -> np.ndarray:
        """Execute `call` on its inputs; returns the output array."""
        keep: list = []
        params = abi.to_ctypes(call.params_type, call.params, keep)
        inputs = [np.ascontiguousarray(x) for x in call.inputs]
        pointers = [x.ctypes.data_as(ctypes.c_void_p) for x in inputs]
        out = np.zeros(call.output_shape, call.output_dtype)
        function = getattr(self.library, call.function)
        function.restype = None
        out_pointer = out.ctypes.data_as(ctypes.c_void_p)
        if call.input_array:
            function(
                ctypes.byref(params), (ctypes.c_void_p * len(pointers))(*pointers), out_pointer
            )
        else:
            function(ctypes.byref(params), *pointers, out_pointer)
        return out
