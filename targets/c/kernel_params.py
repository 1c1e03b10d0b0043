"""Kernel calls of the C runtime: each quant op's parameters as a `runtime_c` struct.

Every builder takes the arguments of the matching quant executor function
(`xopt.executor.quant_kernels*`: NCHW stored-integer numpy inputs, `QParams`, bounds,
geometry) and returns a `KernelCall` (`kernel_call`): the C function, its parameter struct as
a dict of field values (see `abi.STRUCTS`), the inputs in C layout (4-D NHWC) and the output's
C-layout shape and dtype. A builder depends on the inputs' shapes only, never their values, so
a model emitter may pass zero-filled activations with real weights. The compiler's work
happens here, once per layer: weight packing for the chosen C function, fixed-point
multipliers, per-count average multipliers, resize indices and weights, lookup tables.

This module holds the weight and window ops (conv2d, fully_connected, pools) and re-exports
the element-wise (`kernel_params_elementwise`), movement (`kernel_params_movement`,
`kernel_params_resize`) and float-layer (`kernel_params_float`, named `float_<op>`)
builders, so `kernel_params.<op>` names every builder. An op or mode the C kernels cannot
reproduce bit for bit raises `NotImplementedError` naming it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from xopt.dialects.graph import shapes
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import Bounds, QParams
from xopt.targets.c.kernel_call import (
    KernelCall,
    bounds_only,
    c_int8,
    channels,
    from_c_layout,
    int8,
    requant_struct,
    to_c_layout,
)
from xopt.targets.c.kernel_params_elementwise import (
    add,
    dequantize,
    mul,
    quantize,
    requantize,
    softmax,
    table,
)
from xopt.targets.c.kernel_params_float import (  # the float layers' builders
    float_add,
    float_clip,
    float_conv2d,
    float_div,
    float_gemm,
    float_global_avgpool,
    float_hard_sigmoid,
    float_hard_swish,
    float_leaky_relu,
    float_lrn,
    float_matmul,
    float_mul,
    float_pad,
    float_permute,
    float_prelu,
    float_reduce_mean,
    float_relu,
    float_sub,
    float_transpose,
)
from xopt.targets.c.kernel_params_movement import (
    argmax,
    concat,
    crop,
    insert_zeros,
    interleave,
    pad,
    phase_slice,
    transpose,
)
from xopt.targets.c.kernel_params_resize import resize, resize_argmax
from xopt.targets.c.subbyte import check_bits, pack, portable_bits

__all__ = [
    "KernelCall",
    "add",
    "argmax",
    "avgpool",
    "concat",
    "conv2d",
    "crop",
    "dequantize",
    "float_add",
    "float_clip",
    "float_conv2d",
    "float_div",
    "float_gemm",
    "float_global_avgpool",
    "float_hard_sigmoid",
    "float_hard_swish",
    "float_leaky_relu",
    "float_lrn",
    "float_matmul",
    "float_mul",
    "float_pad",
    "float_permute",
    "float_prelu",
    "float_reduce_mean",
    "float_relu",
    "float_sub",
    "float_transpose",
    "from_c_layout",
    "fully_connected",
    "global_avgpool",
    "insert_zeros",
    "interleave",
    "maxpool",
    "mul",
    "pad",
    "phase_slice",
    "quantize",
    "requant_struct",
    "requantize",
    "resize",
    "resize_argmax",
    "softmax",
    "table",
    "to_c_layout",
    "transpose",
]

CONV_AUTO = "xopt_conv2d_s8_s8"
"""`conv2d`'s default `function`: the fastest path that applies (`conv2d_function`)."""
CONV_POINTWISE = "xopt_conv2d_pointwise_s8_s8"
CONV_DEPTHWISE3X3 = "xopt_conv2d_depthwise3x3_s8_s8"
CONV_GENERAL = "xopt_conv2d_general_s8_s8"


def _applies(function: str, p: dict[str, Any]) -> bool:
    """Whether the C conv2d `function` supports the geometry `p` (xopt_kernels.h)."""
    if function == CONV_POINTWISE:
        return (
            (p["kernel_h"], p["kernel_w"], p["groups"], p["pad_top"], p["pad_left"])
            == (1, 1, 1, 0, 0)
            and (p["out_h"] - 1) * p["stride_h"] < p["in_h"]
            and (p["out_w"] - 1) * p["stride_w"] < p["in_w"]
        )
    if function == CONV_DEPTHWISE3X3:
        return (p["kernel_h"], p["kernel_w"], p["dilation_h"], p["dilation_w"]) == (
            3,
            3,
            1,
            1,
        ) and p["groups"] == p["in_c"] == p["out_c"]
    return function == CONV_GENERAL


def conv2d_function(p: dict[str, Any]) -> str:
    """The C function `conv2d` picks for the geometry `p`: pointwise, depthwise or general."""
    return next(f for f in (CONV_POINTWISE, CONV_DEPTHWISE3X3, CONV_GENERAL) if _applies(f, p))


def _pack_conv_weights(w8: np.ndarray, function: str) -> np.ndarray:
    """OIHW weights in the layout of `function`: OHWI, [out][in] or [3][3][channels]; a
    packed general function (`_w4` / `_w2`) takes OHWI packed."""
    if function == CONV_DEPTHWISE3X3:
        return np.ascontiguousarray(w8[:, 0].transpose(1, 2, 0))
    ohwi = np.ascontiguousarray(w8.transpose(0, 2, 3, 1))
    if function.startswith(CONV_GENERAL + "_w"):
        return pack(ohwi, int(function.removeprefix(CONV_GENERAL + "_w")))
    return ohwi


def _packed_function(function: str, weight_bits: int) -> str:
    """The function of a layer with `weight_bits`-bit weights: sub-byte weights other than a
    depthwise layer's (which stay int8) take the packed general kernel."""
    if weight_bits == 8 or function == CONV_DEPTHWISE3X3:
        return function
    return f"{CONV_GENERAL}_w{weight_bits}"


def conv2d(
    x,
    w,
    bias,
    xq: QParams,
    wq: QParams,
    yq: QParams,
    bounds: Bounds,
    strides=(1, 1),
    pads=(0, 0, 0, 0),
    dilations=(1, 1),
    group: int = 1,
    rounding: qn.Mode = "fixed_point",
    function: str = CONV_AUTO,
    weight_bits: int = 8,
    input_bits: int = 8,
) -> KernelCall:
    """quant.conv2d on a batch-1 NCHW input with OIHW weights; `function` may force a path
    (ValueError where it does not apply). `weight_bits` 4 or 2 (signed weights in that
    range) packs the weights (`_packed_function`) where one output channel's weights fit
    the kernel's scratch (`subbyte.portable_bits`); `input_bits` (the input's storage bits)
    changes nothing: activations are one int8 per value."""
    x8, w8 = int8(x), int8(w)
    check_bits(weight_bits, w8)
    weight_bits = portable_bits(weight_bits, int(np.prod(w8.shape[1:])))
    _, c, h, wd = x8.shape
    o, _, kh, kw = w8.shape
    out_h = shapes.sliding_window(h, kh, strides[0], pads[0], pads[2], dilations[0], False)
    out_w = shapes.sliding_window(wd, kw, strides[1], pads[1], pads[3], dilations[1], False)
    rq = qn.Requant.from_scales(xq.scale, wq.scale, yq.scale, rounding)
    params = {
        "in_c": c,
        "in_h": h,
        "in_w": wd,
        "out_c": o,
        "out_h": out_h,
        "out_w": out_w,
        "kernel_h": kh,
        "kernel_w": kw,
        "stride_h": strides[0],
        "stride_w": strides[1],
        "dilation_h": dilations[0],
        "dilation_w": dilations[1],
        "pad_top": pads[0],
        "pad_left": pads[1],
        "groups": group,
        "x_zero_point": int(xq.zero_point),
        "w_zero_point": channels(wq.zero_point, o, np.int32),
        "weight": None,
        "bias": None if bias is None else np.asarray(bias, np.int32),
        "requant": requant_struct(rq, yq.zero_point, bounds, o, rounding),
    }
    if function == CONV_AUTO:
        function = conv2d_function(params)
    elif not _applies(function, params):
        raise ValueError(f"{function} does not support this conv2d geometry")
    function = _packed_function(function, weight_bits)
    params["weight"] = _pack_conv_weights(w8, function)
    return KernelCall(
        function,
        "xopt_conv2d_params",
        params,
        (to_c_layout(x8),),
        (1, out_h, out_w, o),
        np.dtype(np.int8),
    )


def fully_connected(
    x,
    w,
    bias,
    xq: QParams,
    wq: QParams,
    yq: QParams,
    bounds: Bounds,
    rounding: qn.Mode = "fixed_point",
    weight_bits: int = 8,
    input_bits: int = 8,
) -> KernelCall:
    """quant.fully_connected: rows x K input, N x K weights (packed for `weight_bits` 4 or 2
    where K <= UNPACK_BYTES, as `conv2d`)."""
    x8, w8 = int8(x), int8(w)
    check_bits(weight_bits, w8)
    weight_bits = portable_bits(weight_bits, w8.shape[1])
    n = w8.shape[0]
    rq = qn.Requant.from_scales(xq.scale, wq.scale, yq.scale, rounding)
    params = {
        "rows": x8.shape[0],
        "in_features": x8.shape[1],
        "out_features": n,
        "x_zero_point": int(xq.zero_point),
        "w_zero_point": channels(wq.zero_point, n, np.int32),
        "weight": w8 if weight_bits == 8 else pack(w8, weight_bits),
        "bias": None if bias is None else np.asarray(bias, np.int32),
        "requant": requant_struct(rq, yq.zero_point, bounds, n, rounding),
    }
    suffix = "" if weight_bits == 8 else f"_w{weight_bits}"
    return KernelCall(
        f"xopt_fully_connected_s8_s8{suffix}",
        "xopt_fully_connected_params",
        params,
        (x8,),
        (x8.shape[0], n),
        np.dtype(np.int8),
    )


def _pool(x8: np.ndarray, kernel, strides, pads, ceil_mode: bool) -> dict[str, Any]:
    _, c, h, w = x8.shape
    out = [
        shapes.sliding_window(size, k, s, pads[a], pads[a + 2], 1, ceil_mode)
        for a, (size, k, s) in enumerate(zip((h, w), kernel, strides))
    ]
    return {
        "channels": c,
        "in_h": h,
        "in_w": w,
        "out_h": out[0],
        "out_w": out[1],
        "kernel_h": kernel[0],
        "kernel_w": kernel[1],
        "stride_h": strides[0],
        "stride_w": strides[1],
        "pad_top": pads[0],
        "pad_left": pads[1],
        "pad_bottom": pads[2],
        "pad_right": pads[3],
        "float_rounding": 0,
        "x_scale": 0.0,
        "y_scale": 0.0,
    }


def _pool_call(function: str, x8: np.ndarray, params: dict[str, Any]) -> KernelCall:
    shape = (1, params["out_h"], params["out_w"], x8.shape[1])
    return KernelCall(
        function, "xopt_pool2d_params", params, (to_c_layout(x8),), shape, np.dtype(np.int8)
    )


def maxpool(x, kernel, strides=(1, 1), pads=(0, 0, 0, 0), ceil_mode=False) -> KernelCall:
    """quant.maxpool."""
    x8 = int8(x)
    params = _pool(x8, kernel, strides, pads, ceil_mode)
    params.update(count_include_pad=0, x_zero_point=0, requant=bounds_only(0, (-128, 127)))
    return _pool_call("xopt_maxpool2d_s8_s8", x8, params)


def avgpool(
    x,
    xq: QParams,
    yq: QParams,
    bounds: Bounds,
    kernel,
    strides=(1, 1),
    pads=(0, 0, 0, 0),
    ceil_mode=False,
    count_include_pad=False,
    rounding: qn.Mode = "fixed_point",
) -> KernelCall:
    """quant.avgpool: fixed_point with one multiplier s_x / (s_y * count) per window count;
    float as onnxruntime (a whole-image window without padding is its global average)."""
    x8 = int8(x)
    if rounding == "float" and tuple(kernel) == x8.shape[2:] and not any(pads):
        return global_avgpool(x, xq, yq, bounds, rounding)
    params = _pool(x8, kernel, strides, pads, ceil_mode)
    (s_x, z_x), (s_y, z_y) = xq.pair, yq.pair
    params.update(count_include_pad=int(count_include_pad), x_zero_point=z_x)
    if rounding == "float":
        f32 = np.float32
        params.update(requant=bounds_only(z_y, bounds), float_rounding=1)
        params.update(x_scale=float(f32(s_x)), y_scale=float(f32(s_y)))
    else:
        counts = np.arange(kernel[0] * kernel[1] + 1)
        # Entry 0 (no tap counts) is never read with a nonzero sum; divide by 1 there.
        rq = qn.Requant.from_scales(s_x, 1.0, s_y, divisor=np.maximum(counts, 1))
        params["requant"] = requant_struct(rq, z_y, bounds, counts.size)
    return _pool_call("xopt_avgpool2d_s8_s8", x8, params)


def global_avgpool(
    x, xq: QParams, yq: QParams, bounds: Bounds, rounding: qn.Mode = "fixed_point"
) -> KernelCall:
    """quant.global_avgpool (either rounding mode)."""
    x8 = int8(x)
    (s_x, z_x), (s_y, z_y) = xq.pair, yq.pair
    _, c, h, w = x8.shape
    rq = qn.Requant.from_scales(s_x, 1.0, s_y, rounding, divisor=h * w)
    params = {
        "channels": c,
        "size": h * w,
        "x_zero_point": z_x,
        "requant": requant_struct(rq, z_y, bounds, 1, rounding),
    }
    return KernelCall(
        "xopt_global_avgpool_s8_s8",
        "xopt_global_avgpool_params",
        params,
        (c_int8(x8),),
        (1, 1, 1, c),
        np.dtype(np.int8),
    )
