"""Kernel calls of the float layers (`runtime_c/xopt_float.c`): each graph op the C targets
run in fp32, from the arguments of its graph executor kernel (`graph_invocations.KERNELS`:
NCHW float arrays and the op's parameters), like `kernel_params` for the quant ops.

Float tensors follow the C layout too (4-D NHWC, other ranks row-major); a builder takes
graph-layout arrays and returns a call whose inputs are in C layout. Weights (conv2d, gemm,
matmul) are packed at compile time; so are gemm's beta * C and every index table (pad,
transpose, broadcasting strides). Builders depend on shapes and weights only.
`float_permute` is the layout changes' kernel: a permutation of a plain row-major array.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from xopt.dialects.graph import shapes
from xopt.targets.c.kernel_call import NHWC_FROM_NCHW, KernelCall, c_shape, to_c_layout
from xopt.targets.c.kernel_params_movement import _strides as row_major_strides

MAX_RANK = 6
"""XOPT_F32_MAX_RANK: the largest rank of a float kernel's index space."""
ACTIVATIONS = {
    None: 0,
    "relu": 1,
    "clip": 2,
    "leaky_relu": 3,
    "hard_sigmoid": 4,
    "hard_swish": 5,
}
"""xopt_activation_f32.kind of each activation (graph_kernels' function names)."""
OPS = {"add": 0, "sub": 1, "mul": 2, "div": 3, "prelu": 4}
"""xopt_binary_f32_params.op of each binary graph op."""
F32 = np.dtype(np.float32)
f32 = np.float32


def _float(x) -> np.ndarray:
    return to_c_layout(np.asarray(x, np.float32))


def _c_axes(rank: int) -> list[int]:
    """The graph axis of each C-layout axis of a rank-`rank` tensor."""
    return list(NHWC_FROM_NCHW) if rank == 4 else list(range(rank))


def graph_strides(shape: Sequence[int]) -> list[int]:
    """Element strides, per graph axis, of a tensor of graph `shape` stored in C layout."""
    strides = row_major_strides(c_shape(shape))
    axes = _c_axes(len(shape))
    return [strides[axes.index(a)] for a in range(len(shape))]


def _int32(values) -> np.ndarray | None:
    """An int32 parameter array; None (NULL) when empty."""
    array = np.asarray(list(values), np.int32)
    return array if array.size else None


def _check_rank(rank: int, what: str) -> None:
    if not 1 <= rank <= MAX_RANK:
        raise NotImplementedError(f"the C float {what} kernel takes ranks 1 to {MAX_RANK}")


def activation_struct(activation: tuple[str, Sequence[float]] | None) -> dict[str, Any]:
    """An `xopt_activation_f32` from a fused `(kind, values)` or None; parameters are
    rounded to float32 as the graph kernels round them."""
    kind, values = activation if activation is not None else (None, ())
    if kind not in ACTIVATIONS:
        raise NotImplementedError(f"the C float kernels have no {kind} activation")
    values = [float(f32(v)) for v in values] + [0.0, 0.0]
    if kind == "hard_sigmoid" and len(values) == 2:
        raise ValueError("hard_sigmoid needs alpha and beta")
    return {"kind": ACTIVATIONS[kind], "alpha": values[0], "beta": values[1]}


# ---- element-wise


def _unary(x, activation: tuple[str, Sequence[float]]) -> KernelCall:
    x32 = _float(x)
    params = {"count": x32.size, "activation": activation_struct(activation)}
    return KernelCall("xopt_unary_f32", "xopt_unary_f32_params", params, (x32,), x32.shape, F32)


def float_relu(x) -> KernelCall:
    return _unary(x, ("relu", ()))


def float_clip(x, low: float, high: float) -> KernelCall:
    return _unary(x, ("clip", (low, high)))


def float_leaky_relu(x, alpha: float) -> KernelCall:
    return _unary(x, ("leaky_relu", (alpha,)))


def float_hard_sigmoid(x, alpha: float, beta: float) -> KernelCall:
    return _unary(x, ("hard_sigmoid", (alpha, beta)))


def float_hard_swish(x) -> KernelCall:
    return _unary(x, ("hard_swish", ()))


def _broadcast_strides(shape: Sequence[int], out: Sequence[int]) -> list[int]:
    """Per C-layout axis of `out`, the stride of a C-layout tensor of `shape` broadcast to
    `out` (0 along the axes it is repeated on)."""
    full = (1,) * (len(out) - len(shape)) + tuple(shape)
    strides = [0] * (len(out) - len(shape)) + graph_strides(shape)
    graph = [0 if d == 1 else s for d, s in zip(full, strides)]
    return [graph[a] for a in _c_axes(len(out))]


def _binary(op: str, a, b, activation=None) -> KernelCall:
    a32, b32 = np.asarray(a, np.float32), np.asarray(b, np.float32)
    out = np.broadcast_shapes(a32.shape, b32.shape) or (1,)
    if a32.ndim == 0 or b32.ndim == 0:
        a32, b32 = (x.reshape(x.shape or (1,)) for x in (a32, b32))
    _check_rank(len(out), op)
    params = {
        "op": OPS[op],
        "rank": len(out),
        "shape": _int32(c_shape(out)),
        "a_strides": _int32(_broadcast_strides(a32.shape, out)),
        "b_strides": _int32(_broadcast_strides(b32.shape, out)),
        "activation": activation_struct(activation),
    }
    inputs = (to_c_layout(a32), to_c_layout(b32))
    return KernelCall(
        "xopt_binary_f32", "xopt_binary_f32_params", params, inputs, c_shape(out), F32
    )


def float_add(a, b, activation=None) -> KernelCall:
    """graph.add (with its fused activation); graph.sum is a chain of these."""
    return _binary("add", a, b, activation)


def float_sub(a, b) -> KernelCall:
    return _binary("sub", a, b)


def float_mul(a, b) -> KernelCall:
    return _binary("mul", a, b)


def float_div(a, b) -> KernelCall:
    return _binary("div", a, b)


def float_prelu(x, slope) -> KernelCall:
    return _binary("prelu", x, slope)


# ---- gathers: transpose, pad, layout changes


def _gather(x32: np.ndarray, out_shape, tables, fill=0.0, in_c_layout=True) -> KernelCall:
    """An xopt_gather_f32 call: output `out_shape` (C layout), one offset table per axis."""
    _check_rank(len(out_shape), "gather")
    params = {
        "rank": len(out_shape),
        "shape": _int32(out_shape),
        "offsets": np.concatenate([np.asarray(t, np.int32) for t in tables]),
        "fill": float(f32(fill)),
    }
    return KernelCall(
        "xopt_gather_f32",
        "xopt_gather_f32_params",
        params,
        (x32,),
        tuple(int(d) for d in out_shape),
        F32,
        output_in_c_layout=in_c_layout,
    )


def float_permute(x, perm: Sequence[int]) -> KernelCall:
    """y = np.transpose(x, perm) of a plain row-major float array (no layout on either side:
    the model emitter's NCHW <-> NHWC changes)."""
    x32 = np.ascontiguousarray(x, np.float32)
    strides = row_major_strides(x32.shape)
    out = [x32.shape[p] for p in perm]
    tables = [np.arange(out[k]) * strides[p] for k, p in enumerate(perm)]
    return _gather(x32, out, tables, in_c_layout=False)


def float_transpose(x, perm: Sequence[int]) -> KernelCall:
    """graph.transpose: y.shape[i] = x.shape[perm[i]], both in C layout."""
    x32 = np.asarray(x, np.float32)
    perm = [int(p) % x32.ndim for p in perm]
    strides = graph_strides(x32.shape)
    out = [x32.shape[p] for p in perm]
    tables = [np.arange(out[a]) * strides[perm[a]] for a in _c_axes(len(out))]
    return _gather(to_c_layout(x32), c_shape(out), tables)


def float_pad(x, pads: Sequence[int], mode: str = "constant", value: float = 0.0) -> KernelCall:
    """graph.pad (constant, reflect or edge): each output index's source, as np.pad maps it."""
    x32 = np.asarray(x, np.float32)
    rank = x32.ndim
    if min(pads, default=0) < 0 or mode not in ("constant", "reflect", "edge"):
        raise NotImplementedError(
            f"the C float pad kernel takes pads >= 0 and modes constant, reflect, edge (got {mode})"
        )
    strides, tables = graph_strides(x32.shape), {}
    for a in range(rank):
        widths = (int(pads[a]), int(pads[rank + a]))
        if mode == "constant":
            source = np.pad(np.arange(x32.shape[a]), widths, constant_values=-1)
        else:
            source = np.pad(np.arange(x32.shape[a]), widths, mode=mode)
        tables[a] = np.where(source < 0, -1, source * strides[a])
    out = [len(tables[a]) for a in range(rank)]
    return _gather(to_c_layout(x32), c_shape(out), [tables[a] for a in _c_axes(rank)], fill=value)


# ---- reductions and normalisation


def float_reduce_mean(x, axes: Sequence[int] = (), keepdims: bool = True) -> KernelCall:
    """graph.reduce_mean in graph_kernels_shape.sequential_mean's order."""
    x32 = np.asarray(x, np.float32)
    rank = x32.ndim
    reduced = sorted(shapes.normalize_axes(axes, rank)) if len(axes) else list(range(rank))
    strides = graph_strides(x32.shape)
    kept = [a for a in range(rank) if keepdims or a not in reduced]
    out_shape = [1 if a in reduced else x32.shape[a] for a in kept]
    order = [kept[q] for q in _c_axes(len(kept))]  # input axis of each output C-layout axis
    params = {
        "kept_rank": len(order),
        "kept_shape": _int32(1 if a in reduced else x32.shape[a] for a in order),
        "kept_strides": _int32(0 if a in reduced else strides[a] for a in order),
        "reduced_rank": len(reduced),
        "reduced_shape": _int32(x32.shape[a] for a in reduced),
        "reduced_strides": _int32(strides[a] for a in reduced),
        "count": float(np.prod([x32.shape[a] for a in reduced])),
    }
    return KernelCall(
        "xopt_reduce_mean_f32",
        "xopt_reduce_mean_f32_params",
        params,
        (to_c_layout(x32),),
        c_shape(out_shape),
        F32,
    )


def float_global_avgpool(x) -> KernelCall:
    """graph.global_avgpool: the mean over the spatial axes (keepdims)."""
    return float_reduce_mean(x, tuple(range(2, np.ndim(x))), keepdims=True)


def float_lrn(x, size: int, alpha: float, beta: float, bias: float) -> KernelCall:
    """graph.lrn across the channels (graph_kernels_nn.lrn's arithmetic)."""
    x32 = np.asarray(x, np.float32)
    if x32.ndim < 3:
        raise NotImplementedError("the C float lrn kernel takes tensors of rank >= 3")
    if x32.ndim == 4:
        outer, channels, inner = x32.shape[0] * x32.shape[2] * x32.shape[3], x32.shape[1], 1
    else:
        outer, channels = x32.shape[0], x32.shape[1]
        inner = int(np.prod(x32.shape[2:]))
    params = {
        "outer": outer,
        "channels": channels,
        "inner": inner,
        "size": int(size),
        "before": (int(size) - 1) // 2,
        "bias": float(f32(bias)),
        "alpha_over_size": float(f32(alpha / size)),
        "beta": float(f32(beta)),
    }
    x_c = to_c_layout(x32)
    return KernelCall("xopt_lrn_f32", "xopt_lrn_f32_params", params, (x_c,), x_c.shape, F32)


# ---- weights


def float_conv2d(
    x,
    w,
    b=None,
    strides=(1, 1),
    pads=(0, 0, 0, 0),
    dilations=(1, 1),
    group: int = 1,
    activation=None,
) -> KernelCall:
    """graph.conv2d (batch 1, OIHW weights packed OHWI) with its fused activation."""
    x32, w32 = np.asarray(x, np.float32), np.asarray(w, np.float32)
    n, c, h, wd = x32.shape
    if n != 1:
        raise NotImplementedError(f"the C float conv2d kernel takes a batch of 1, got {n}")
    o, _, kh, kw = w32.shape
    out_h = shapes.sliding_window(h, kh, strides[0], pads[0], pads[2], dilations[0], False)
    out_w = shapes.sliding_window(wd, kw, strides[1], pads[1], pads[3], dilations[1], False)
    params = {
        **dict(in_c=c, in_h=h, in_w=wd, out_c=o, out_h=out_h, out_w=out_w),
        **dict(kernel_h=kh, kernel_w=kw, stride_h=strides[0], stride_w=strides[1]),
        **dict(dilation_h=dilations[0], dilation_w=dilations[1]),
        **dict(pad_top=pads[0], pad_left=pads[1], groups=group),
        "weight": np.ascontiguousarray(w32.transpose(0, 2, 3, 1)),
        "bias": None if b is None else np.asarray(b, np.float32),
        "activation": activation_struct(activation),
    }
    return KernelCall(
        "xopt_conv2d_f32",
        "xopt_conv2d_f32_params",
        params,
        (to_c_layout(x32),),
        (1, out_h, out_w, o),
        F32,
    )


def _matmul_call(x32: np.ndarray, weight: np.ndarray, alpha, addend, activation) -> KernelCall:
    """xopt_matmul_f32 on x viewed as rows x inner; `weight` is [cols][inner]."""
    rows, cols = int(np.prod(x32.shape[:-1])), weight.shape[0]
    params = {
        "rows": rows,
        "inner": weight.shape[1],
        "cols": cols,
        "weight": np.ascontiguousarray(weight, np.float32),
        "alpha": float(f32(alpha)),
        "addend": None if addend is None else np.ascontiguousarray(addend, np.float32),
        "activation": activation_struct(activation),
    }
    out = (*x32.shape[:-1], cols)
    return KernelCall("xopt_matmul_f32", "xopt_matmul_f32_params", params, (x32,), out, F32)


def float_matmul(a, b) -> KernelCall:
    """graph.matmul of an activation (rank 1 to 3: rows, then features) by a constant
    2-D `b`."""
    a32, b32 = np.asarray(a, np.float32), np.asarray(b, np.float32)
    if b32.ndim != 2 or a32.ndim not in (1, 2, 3):
        raise NotImplementedError(
            f"the C float matmul kernel takes a rank 1 to 3 activation by a 2-D constant, "
            f"got shapes {a32.shape} and {b32.shape}"
        )
    return _matmul_call(np.ascontiguousarray(a32), b32.T, 1.0, None, None)


def float_gemm(
    a,
    b,
    c=None,
    alpha: float = 1.0,
    beta: float = 1.0,
    trans_a: bool = False,
    trans_b: bool = False,
    activation=None,
) -> KernelCall:
    """graph.gemm of a 2-D activation by constant B (and C, folded into beta * C at compile
    time, as float32 as graph_kernels_nn.gemm computes it)."""
    a32, b32 = np.asarray(a, np.float32), np.asarray(b, np.float32)
    if trans_a or a32.ndim != 2:
        raise NotImplementedError("the C float gemm kernel takes an untransposed 2-D A")
    weight = b32 if trans_b else b32.T
    addend = None
    if c is not None and beta != 0.0:
        c32 = np.asarray(c, np.float32)
        scaled = c32 if beta == 1.0 else c32 * f32(beta)
        addend = np.broadcast_to(scaled, (a32.shape[0], weight.shape[0]))
    return _matmul_call(np.ascontiguousarray(a32), weight, alpha, addend, activation)
