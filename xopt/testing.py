"""Helpers for xopt's tests: run one ONNX node in onnxruntime, compare arrays.

Kept in the package (not under tests/) so every test directory can import it: pytest
runs with `--import-mode=importlib`, where test files cannot import each other.
"""

from __future__ import annotations

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from xopt.targets.c import toolchain

DEFAULT_OPSET = 18


def run_onnx(
    op_type, inputs, attrs=None, constants=(), out_type=TensorProto.FLOAT, opset=DEFAULT_OPSET
):
    """Run one ONNX node in onnxruntime and return its first output. `inputs` are its inputs
    in order (None: an omitted optional input); those at indices in `constants` become
    initializers."""
    names, feeds, graph_inputs, initializers = [], {}, [], []
    for i, value in enumerate(inputs):
        if value is None:
            names.append("")
            continue
        name = f"in{i}"
        names.append(name)
        if i in constants:
            initializers.append(numpy_helper.from_array(value, name))
        else:
            feeds[name] = np.asarray(value)
            elem = helper.np_dtype_to_tensor_dtype(value.dtype)
            graph_inputs.append(helper.make_tensor_value_info(name, elem, value.shape))
    node = helper.make_node(op_type, names, ["out"], **(attrs or {}))
    out = helper.make_tensor_value_info("out", out_type, None)
    graph = helper.make_graph([node], "test", graph_inputs, [out], initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=8)
    return run_model(model, feeds)


def run_model(model, feeds) -> np.ndarray:
    """The first output of an ONNX model in onnxruntime (one thread, quiet); `feeds` maps
    input names to arrays, or is the array of a model's only input."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    if not isinstance(feeds, dict):
        feeds = {session.get_inputs()[0].name: feeds}
    return session.run(None, feeds)[0]


def assert_close(actual: np.ndarray, expected: np.ndarray, rtol=1e-4, atol=1e-5) -> None:
    """Same shape and dtype, and values within the graph level's tolerance."""
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


def one_line_error(capsys) -> str:
    """The single stderr line a command printed for a user error (no traceback)."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


KERNEL_BUILDS = [
    ("aarch64", "aarch64-linux-gnu-gcc", ("-O3",), ("aarch64-linux-gnu-gcc", "qemu-aarch64")),
    ("aarch64", "clang", ("-O3",), ("clang", "ld.lld", "qemu-aarch64")),
    ("host", "gcc", ("-O1", *toolchain.SANITIZE_FLAGS), ("gcc",)),
]
"""(target, compiler, flags, tools needed) of the kernel-program tests: aarch64 gcc and clang
under qemu, and the host under ASan/UBSan."""
KERNEL_BUILD_IDS = ["aarch64-gcc", "aarch64-clang", "host-asan-ubsan"]

NEON_COMPILERS = [
    ("aarch64-linux-gnu-gcc", ("aarch64-linux-gnu-gcc", "qemu-aarch64")),
    ("clang", ("clang", "ld.lld", "qemu-aarch64")),
]
"""(compiler, tools needed) of the NEON kernel tests, run under qemu-aarch64."""


def skip_unless_tools(tools) -> None:
    """Skip the calling test, naming what is missing, unless every tool is on PATH."""
    import pytest

    missing = [t for t in tools if not toolchain.has_tool(t)]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (scripts/setup_toolchains.sh)")
