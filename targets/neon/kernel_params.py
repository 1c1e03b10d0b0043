"""Kernel calls of the `neon` target: each quant op as a runtime_c/neon kernel where its
contract holds (`runtime_c/neon/xopt_neon.h`), else as the portable kernel.

Every builder takes the arguments of the matching `xopt.executor.quant_kernels` function,
like `targets.c.kernel_params`, so the model emitter can call `<op>(...)` here for every
op. A NEON call's inputs and output shape are in the C runtime's layout (4-D: NHWC); its
weights are packed, the input zero point folded into the bias and the per-channel arrays
padded, all at compile time and from shapes and weights only (never activation values).
The portable builder supplies the derived numbers (fixed-point multipliers, output size).
conv2d and fully_connected use NEON kernels for fixed_point rounding with zero weight
points (xopt's quantizer's symmetric weights), add for fixed_point rounding; concat, resize,
resize_argmax and argmax come from `kernel_params_movement`, the pools, table, requantize
and mul from `kernel_params_map`; every other op is the portable kernel (a name this module
does not define resolves to `targets.c.kernel_params`'s builder). Sub-byte weights
(`weight_bits` 4 or 2, `targets.c.subbyte`) take the packed-weight GEMM kernels (`_w4` /
`_w2`) for pointwise, general and fully connected layers; a depthwise layer keeps int8
weights (its 9 taps a channel are few bytes).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from xopt.executor import quant_numerics as qn
from xopt.executor.quant_kernels import Bounds, QParams
from xopt.targets.c import kernel_params as portable
from xopt.targets.c.kernel_call import KernelCall, to_c_layout
from xopt.targets.neon import packing
from xopt.targets.neon.kernel_params_map import (  # noqa: F401 (re-exported builders)
    avgpool,
    global_avgpool,
    maxpool,
    mul,
    requantize,
    table,
)
from xopt.targets.neon.kernel_params_movement import (  # noqa: F401 (re-exported builders)
    argmax,
    concat,
    header_constant,
    resize,
    resize_argmax,
)

IM2COL_BYTES = header_constant("XOPT_NEON_IM2COL_BYTES")
DEPTHWISE_MAX_CHANNELS = header_constant("XOPT_NEON_DEPTHWISE_MAX_CHANNELS")


def _neon_applies(call: KernelCall, rounding: str) -> bool:
    """The shared contract: fixed_point rounding and zero weight points."""
    return rounding == "fixed_point" and not np.any(call.params["w_zero_point"])


def _suffix(weight_bits: int) -> str:
    """The function name suffix of the packed-weight kernels."""
    return "" if weight_bits == 8 else f"_w{weight_bits}"


def conv2d_function(w_shape, strides, pads, dilations, group: int) -> str | None:
    """The NEON conv2d kernel for this geometry (fixed_point, zero weight points), or None."""
    out_c, in_cg, kh, kw = w_shape
    if group == 1 and (kh, kw) == (1, 1) and not any(pads):
        return "xopt_neon_conv2d_pointwise_s8_s8"
    depthwise = in_cg == 1 and group == out_c and (kh, kw) == (3, 3)
    if depthwise and tuple(dilations) == (1, 1) and out_c <= DEPTHWISE_MAX_CHANNELS:
        return "xopt_neon_conv2d_depthwise3x3_s8_s8"
    if group == 1 and 4 * packing.round_up(in_cg * kh * kw, 4) <= IM2COL_BYTES:
        return "xopt_neon_conv2d_general_s8_s8"
    return None


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
    weight_bits: int = 8,
    input_bits: int = 8,
) -> KernelCall:
    """quant.conv2d of a batch-1 NCHW input (OIHW weights) as a NEON or portable call;
    `weight_bits` 4 or 2 packs the weights (module docstring)."""
    bits = dict(weight_bits=weight_bits, input_bits=input_bits)
    call = portable.conv2d(
        x, w, bias, xq, wq, yq, bounds, strides, pads, dilations, group, rounding, **bits
    )
    w = np.asarray(w, np.int8)
    function = conv2d_function(w.shape, strides, pads, dilations, group)
    if function is None or not _neon_applies(call, rounding):
        return call
    p = call.params
    if function == "xopt_neon_conv2d_depthwise3x3_s8_s8":
        weight = packing.pack_depthwise3x3(w)
    else:
        weight = packing.pack_gemm(packing.conv_matrix(w), weight_bits)
        function += _suffix(weight_bits)
    params = {
        **p,
        "weight": weight,
        "bias": packing.fold_bias(bias, w.reshape(w.shape[0], -1), p["x_zero_point"]),
        "requant": packing.padded_requant(p["requant"], p["out_c"]),
    }
    x_c = to_c_layout(np.asarray(x).astype(np.int8))
    shape = (1, p["out_h"], p["out_w"], p["out_c"])
    return KernelCall(function, call.params_type, params, (x_c,), shape, np.dtype(np.int8))


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
    """quant.fully_connected (rows x K input, N x K weights) as a NEON or portable call."""
    bits = dict(weight_bits=weight_bits, input_bits=input_bits)
    call = portable.fully_connected(x, w, bias, xq, wq, yq, bounds, rounding, **bits)
    if not _neon_applies(call, rounding):
        return call
    p, w = call.params, np.asarray(w, np.int8)
    params = {
        **p,
        "weight": packing.pack_gemm(w, weight_bits),
        "bias": packing.fold_bias(bias, w, p["x_zero_point"]),
        "requant": packing.padded_requant(p["requant"], p["out_features"]),
    }
    x_c = np.ascontiguousarray(np.asarray(x).astype(np.int8))
    return KernelCall(
        "xopt_neon_fully_connected_s8_s8" + _suffix(weight_bits),
        call.params_type,
        params,
        (x_c,),
        call.output_shape,
        np.dtype(np.int8),
    )


def add(a, b, aq: QParams, bq: QParams, yq: QParams, bounds: Bounds, rounding="fixed_point"):
    """quant.add (fixed_point) of two tensors of one shape: the portable kernel's parameters,
    element-wise, so any layout; float rounding stays portable."""
    call = portable.add(a, b, aq, bq, yq, bounds, rounding)
    if rounding != "fixed_point":
        return call
    inputs = tuple(to_c_layout(np.asarray(v).astype(np.int8)) for v in (a, b))
    return KernelCall(
        "xopt_neon_add_s8_s8",
        call.params_type,
        call.params,
        inputs,
        inputs[0].shape,
        np.dtype(np.int8),
    )


def quantize(x, yq: QParams, bounds: Bounds) -> KernelCall:
    """quant.quantize (float NCHW -> int8 NHWC): the portable call's parameters."""
    call = portable.quantize(x, yq, bounds)
    return dataclasses.replace(call, function="xopt_neon_quantize_f32_s8")


def __getattr__(name: str):
    """The portable builder of every op without a NEON kernel (PEP 562)."""
    try:
        return getattr(portable, name)
    except AttributeError:
        raise AttributeError(f"no kernel builder {name!r} in targets.neon") from None
