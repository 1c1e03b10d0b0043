"""The quant executor's quantize/dequantize equal onnxruntime's QuantizeLinear and
DequantizeLinear bit for bit, per tensor and per axis, signed and unsigned."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import TensorProto

from xopt.dialects.quant import format_scale
from xopt.executor.run import run_sample
from xopt.ir_io import parse_mlir
from xopt.testing import run_onnx


def _module(shape, qtype: str):
    dims = "x".join(map(str, shape))
    text = f"""
func.func @main(%x: tensor<{dims}xf32>) -> (tensor<{dims}x{qtype}>, tensor<{dims}xf32>) {{
  %q = quant.quantize %x : tensor<{dims}xf32> -> tensor<{dims}x{qtype}>
  %y = quant.dequantize %q : tensor<{dims}x{qtype}> -> tensor<{dims}xf32>
  func.return %q, %y : tensor<{dims}x{qtype}>, tensor<{dims}xf32>
}}"""
    return parse_mlir(text, "test")


@pytest.mark.parametrize(
    "storage,dtype,onnx_type",
    [("i8", np.int8, TensorProto.INT8), ("u8", np.uint8, TensorProto.UINT8)],
)
@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(1e-3, 10.0), zp=st.integers(-20, 20))
@settings(max_examples=30, deadline=None)
def test_per_tensor_matches_onnxruntime(storage, dtype, onnx_type, seed, scale, zp):
    zp = zp + 128 if storage == "u8" else zp
    x = (np.random.default_rng(seed).standard_normal((2, 5)) * 200 * scale).astype(np.float32)
    q, y = run_sample(
        _module(x.shape, f"!quant.uniform<{storage}:f32, {format_scale(scale)}:{zp}>"), [x]
    )
    scale_arr, zp_arr = np.array(scale, np.float32), np.array(zp, dtype)
    ref_q = run_onnx("QuantizeLinear", [x, scale_arr, zp_arr], constants=(1, 2), out_type=onnx_type)
    ref_y = run_onnx("DequantizeLinear", [ref_q, scale_arr, zp_arr], constants=(1, 2))
    assert q.dtype == dtype
    np.testing.assert_array_equal(q, ref_q)
    np.testing.assert_array_equal(y, ref_y)


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_per_axis_matches_onnxruntime(seed):
    rng = np.random.default_rng(seed)
    scales = rng.uniform(0.01, 1.0, 3).astype(np.float32)
    zps = rng.integers(-10, 10, 3).astype(np.int8)
    x = (rng.standard_normal((2, 3, 4)) * 50).astype(np.float32)
    body = ", ".join(f"{format_scale(float(s))}:{z}" for s, z in zip(scales, zps))
    q, y = run_sample(_module(x.shape, f"!quant.uniform<i8:f32:1, {{{body}}}>"), [x])
    attrs = {"axis": 1}
    ref_q = run_onnx(
        "QuantizeLinear", [x, scales, zps], attrs, constants=(1, 2), out_type=TensorProto.INT8
    )
    ref_y = run_onnx("DequantizeLinear", [ref_q, scales, zps], attrs, constants=(1, 2))
    np.testing.assert_array_equal(q, ref_q)
    np.testing.assert_array_equal(y, ref_y)


def test_sub_byte_storage_saturates_to_its_range():
    x = np.array([[-100.0, -8.4, -0.2, 0.3, 7.6, 100.0]], np.float32)
    q, y = run_sample(_module(x.shape, "!quant.uniform<i4:f32, 1.0>"), [x])
    np.testing.assert_array_equal(q, [[-8, -8, 0, 0, 7, 7]])
    np.testing.assert_array_equal(y, [[-8.0, -8.0, 0.0, 0.0, 7.0, 7.0]])
