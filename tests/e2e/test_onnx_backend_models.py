"""The PyTorch-exported models of ONNX's own backend test data, imported and run by xopt.

Every model directory under the onnx wheel's `backend/test/data/pytorch-converted/` and
`pytorch-operator/` is one case: import with `import_onnx`, run `@main` with the graph
executor on `test_data_set_0/input_*.pb`, compare with onnxruntime running the original
file and with the stored `output_*.pb` (rtol 1e-4, atol 1e-5). Most of these models are
opset 6, so they also exercise the loader's upgrade to opset 9.

Models whose operators the graph dialect does not have are listed in SKIP with the reason,
which is also the text the import error must contain: for them the test checks that
import fails with a one-line `XoptError` naming the operator or the unsupported rank.
"""

from __future__ import annotations

import glob
import os

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import numpy_helper

from xopt.errors import XoptError
from xopt.executor.run import run_sample
from xopt.onnx_import.importer import import_onnx

DATA = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")
MODEL_DIRS = {
    os.path.basename(d): d
    for suite in ("pytorch-converted", "pytorch-operator")
    for d in sorted(glob.glob(os.path.join(DATA, suite, "test_*")))
}

RTOL, ATOL = 1e-4, 1e-5

_CONV1D = "only 2-D convolution (4-D NCHW input) is supported, input has rank 3"
_CONV3D = "only 2-D convolution (4-D NCHW input) is supported, input has rank 5"
_POOL1D = "only 2-D pooling (4-D NCHW input) is supported, input has rank 3"
_POOL3D = "only 2-D pooling (4-D NCHW input) is supported, input has rank 5"

SKIP = {
    # 1-D and 3-D convolution and pooling: the graph dialect is 2-D (NCHW) only.
    "test_AvgPool3d": _POOL3D,
    "test_AvgPool3d_stride": _POOL3D,
    "test_AvgPool3d_stride1_pad0_gpu_input": _POOL3D,
    "test_Conv1d": _CONV1D,
    "test_Conv1d_dilated": _CONV1D,
    "test_Conv1d_groups": _CONV1D,
    "test_Conv1d_pad1": _CONV1D,
    "test_Conv1d_pad1size1": _CONV1D,
    "test_Conv1d_pad2": _CONV1D,
    "test_Conv1d_pad2size1": _CONV1D,
    "test_Conv1d_stride": _CONV1D,
    "test_Conv3d": _CONV3D,
    "test_Conv3d_dilated": _CONV3D,
    "test_Conv3d_dilated_strided": _CONV3D,
    "test_Conv3d_groups": _CONV3D,
    "test_Conv3d_no_bias": _CONV3D,
    "test_Conv3d_stride": _CONV3D,
    "test_Conv3d_stride_padding": _CONV3D,
    "test_MaxPool1d": _POOL1D,
    "test_MaxPool1d_stride": _POOL1D,
    "test_MaxPool1d_stride_padding_dilation": _POOL1D,
    "test_MaxPool3d": _POOL3D,
    "test_MaxPool3d_stride": _POOL3D,
    "test_MaxPool3d_stride_padding": _POOL3D,
    "test_operator_maxpool": _POOL1D,
    # Operators the graph dialect does not have.
    "test_ELU": "unsupported operator Elu",
    "test_Embedding": "unsupported operator Gather",
    "test_Embedding_sparse": "unsupported operator Gather",
    "test_GLU": "unsupported operator Split",
    "test_GLU_dim": "unsupported operator Split",
    "test_LogSoftmax": "unsupported operator LogSoftmax",
    "test_log_softmax_dim3": "unsupported operator LogSoftmax",
    "test_log_softmax_lastdim": "unsupported operator LogSoftmax",
    "test_PoissonNLLLLoss_no_reduce": "unsupported operator Exp",
    "test_SELU": "unsupported operator Selu",
    "test_Softmin": "unsupported operator Neg",
    "test_Softplus": "unsupported operator Softplus",
    "test_Softsign": "unsupported operator Abs",
    "test_operator_basic": "unsupported operator Neg",
    "test_operator_chunk": "unsupported operator Split",
    "test_operator_exp": "unsupported operator Exp",
    "test_operator_index": "unsupported operator Slice",
    "test_operator_max": "unsupported operator Max",
    "test_operator_min": "unsupported operator Min",
    "test_operator_params": "unsupported operator Neg",
    "test_operator_pow": "unsupported operator Pow",
    "test_operator_reduced_sum": "unsupported operator ReduceSum",
    "test_operator_reduced_sum_keepdim": "unsupported operator ReduceSum",
    "test_operator_repeat": "unsupported operator Tile",
    "test_operator_repeat_dim_overflow": "unsupported operator Tile",
    "test_operator_selu": "unsupported operator Selu",
    "test_operator_sqrt": "unsupported operator Sqrt",
    "test_operator_symbolic_override": "unsupported operator InstanceNormalization",
    "test_operator_symbolic_override_nested": "unsupported operator Neg",
}


def _tensors(model_dir: str, kind: str) -> list[np.ndarray]:
    arrays = []
    for path in sorted(glob.glob(os.path.join(model_dir, "test_data_set_0", f"{kind}_*.pb"))):
        tensor = onnx.TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        arrays.append(numpy_helper.to_array(tensor))
    return arrays


def _onnxruntime(model_dir: str, inputs: list[np.ndarray]) -> list[np.ndarray] | None:
    """onnxruntime's outputs for the original model file, or None when it cannot load it:
    onnxruntime has no kernels for several opset-6 operators (AveragePool-1,
    BatchNormalization-6, Add/Mul-6, Gemm-6, PRelu-6) and refuses those 24 models. For them
    the only reference is the expected output stored next to the model (PyTorch's result
    at export), which every model is compared with anyway."""
    options = ort.SessionOptions()
    options.log_severity_level = 3
    try:
        session = ort.InferenceSession(
            os.path.join(model_dir, "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
    except (
        ort.capi.onnxruntime_pybind11_state.NotImplemented,
        ort.capi.onnxruntime_pybind11_state.Fail,
    ):
        return None
    feeds = {i.name: x for i, x in zip(session.get_inputs(), inputs)}
    return session.run(None, feeds)


def _check(outputs: list[np.ndarray], expected: list[np.ndarray], source: str) -> None:
    assert len(outputs) == len(expected), source
    for got, want in zip(outputs, expected):
        assert got.shape == want.shape, source
        assert got.dtype == want.dtype, source
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL, err_msg=source)


def test_skip_list_names_existing_models():
    assert len(MODEL_DIRS) > 100
    assert set(SKIP) <= set(MODEL_DIRS)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.skip(reason=SKIP[n])) if n in SKIP else n
        for n in MODEL_DIRS
    ],
)
def test_model_matches_reference(name):
    model_dir = MODEL_DIRS[name]
    inputs = _tensors(model_dir, "input")
    result = import_onnx(os.path.join(model_dir, "model.onnx"))
    outputs = run_sample(result.module, inputs)
    reference = _onnxruntime(model_dir, inputs)
    if reference is not None:
        _check(outputs, reference, "onnxruntime")
    _check(outputs, _tensors(model_dir, "output"), "stored output_*.pb")


@pytest.mark.parametrize("name", sorted(SKIP))
def test_unsupported_model_fails_with_one_line(name):
    with pytest.raises(XoptError) as info:
        import_onnx(os.path.join(MODEL_DIRS[name], "model.onnx"))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(os.path.join(MODEL_DIRS[name], "model.onnx") + ": node ")
    assert SKIP[name] in message
