"""Static shape rules of the graph dialect, shared by verifiers, importer and executor.

Every function takes and returns plain tuples of ints and raises `ValueError` with a
message that names the problem; callers turn that into a verifier or import error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Shape = tuple[int, ...]


def broadcast(*shapes: Sequence[int]) -> Shape:
    """Numpy/ONNX multidirectional broadcasting of `shapes`."""
    rank = max(len(s) for s in shapes)
    out: list[int] = []
    for axis in range(rank):
        dims = {s[axis - rank + len(s)] for s in shapes if axis - rank + len(s) >= 0}
        dims.discard(1)
        if len(dims) > 1:
            raise ValueError(f"shapes {', '.join(str(tuple(s)) for s in shapes)} do not broadcast")
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def sliding_window(
    size: int, kernel: int, stride: int, pad_begin: int, pad_end: int, dilation: int, ceil: bool
) -> int:
    """Number of window positions along one spatial axis (ONNX Conv/Pool formula)."""
    span = dilation * (kernel - 1) + 1
    padded = size + pad_begin + pad_end
    if padded < span:
        raise ValueError(f"window of extent {span} is larger than the padded input ({padded})")
    if not ceil:
        return (padded - span) // stride + 1
    out = -(-(padded - span) // stride) + 1
    # ONNX/PyTorch: the last window must start inside the input or the begin padding.
    if (out - 1) * stride >= size + pad_begin:
        out -= 1
    return out


def check_spatial(name: str, values: Sequence[int], count: int, minimum: int) -> None:
    if len(values) != count:
        raise ValueError(f"{name} must have {count} values, got {len(values)}")
    if any(v < minimum for v in values):
        raise ValueError(f"{name} must be >= {minimum}, got {list(values)}")


def conv2d(
    x: Sequence[int],
    w: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    group: int,
) -> Shape:
    """Output shape of an NCHW Conv with OIHW weights (ONNX Conv)."""
    if len(x) != 4 or len(w) != 4:
        raise ValueError(
            f"input and weight must be 4-D (NCHW, OIHW), got {len(x)}-D and {len(w)}-D"
        )
    check_spatial("strides", strides, 2, 1)
    check_spatial("dilations", dilations, 2, 1)
    check_spatial("pads", pads, 4, 0)
    check_spatial("kernel size", w[2:], 2, 1)
    if group < 1 or x[1] % group or w[0] % group:
        raise ValueError(
            f"group {group} must divide input channels {x[1]} and output channels {w[0]}"
        )
    if w[1] * group != x[1]:
        raise ValueError(
            f"weight {tuple(w)} with group {group} expects {w[1] * group} input channels, "
            f"input has {x[1]}"
        )
    spatial = tuple(
        sliding_window(x[2 + i], w[2 + i], strides[i], pads[i], pads[2 + i], dilations[i], False)
        for i in range(2)
    )
    return (x[0], w[0], *spatial)


def conv_transpose2d(
    x: Sequence[int],
    w: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    output_padding: Sequence[int],
    group: int,
) -> Shape:
    """Output shape of ONNX ConvTranspose (weights C_in x C_out/group x kH x kW)."""
    if len(x) != 4 or len(w) != 4:
        raise ValueError(f"input and weight must be 4-D, got {len(x)}-D and {len(w)}-D")
    check_spatial("strides", strides, 2, 1)
    check_spatial("dilations", dilations, 2, 1)
    check_spatial("pads", pads, 4, 0)
    check_spatial("output_padding", output_padding, 2, 0)
    check_spatial("kernel size", w[2:], 2, 1)
    if group < 1 or x[1] % group:
        raise ValueError(f"group {group} must divide input channels {x[1]}")
    if w[0] != x[1]:
        raise ValueError(f"weight {tuple(w)} expects {w[0]} input channels, input has {x[1]}")
    for i in range(2):
        if output_padding[i] >= max(strides[i], dilations[i]):
            raise ValueError(
                f"output_padding {list(output_padding)} must be smaller than max(stride, "
                f"dilation) on each axis (strides {list(strides)}, dilations {list(dilations)})"
            )
    spatial = tuple(
        strides[i] * (x[2 + i] - 1)
        + output_padding[i]
        + (w[2 + i] - 1) * dilations[i]
        + 1
        - pads[i]
        - pads[2 + i]
        for i in range(2)
    )
    if any(s < 1 for s in spatial):
        raise ValueError(f"output spatial size {spatial} is not positive")
    return (x[0], w[1] * group, *spatial)


def pool2d(
    x: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    ceil_mode: bool,
) -> Shape:
    """Output shape of ONNX MaxPool/AveragePool on NCHW input.

    Pads must be smaller than the kernel, and with `ceil_mode` a last window that would
    start in the end padding is dropped: both as onnxruntime (and PyTorch) do; onnx's
    shape inference checks neither.
    """
    if len(x) != 4:
        raise ValueError(f"input must be 4-D (NCHW), got {len(x)}-D")
    check_spatial("kernel_shape", kernel, 2, 1)
    check_spatial("strides", strides, 2, 1)
    check_spatial("dilations", dilations, 2, 1)
    check_spatial("pads", pads, 4, 0)
    for i in range(2):
        if pads[i] >= kernel[i] or pads[2 + i] >= kernel[i]:
            raise ValueError(f"pads {list(pads)} must be smaller than kernel_shape {list(kernel)}")
    spatial = tuple(
        sliding_window(
            x[2 + i], kernel[i], strides[i], pads[i], pads[2 + i], dilations[i], ceil_mode
        )
        for i in range(2)
    )
    return (x[0], x[1], *spatial)


def normalize_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        raise ValueError(f"axis {axis} is out of range for rank {rank}")
    return axis % rank


def normalize_axes(axes: Sequence[int], rank: int) -> tuple[int, ...]:
    out = tuple(normalize_axis(a, rank) for a in axes)
    if len(set(out)) != len(out):
        raise ValueError(f"axes {list(axes)} repeat an axis")
    return out


def reduce(x: Sequence[int], axes: Sequence[int], keepdims: bool) -> Shape:
    """Output shape of a reduction over `axes` (all axes when empty)."""
    axes = normalize_axes(axes, len(x)) if axes else tuple(range(len(x)))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(x))
    return tuple(d for i, d in enumerate(x) if i not in axes)


def concat(shapes: Sequence[Sequence[int]], axis: int) -> Shape:
    if not shapes:
        raise ValueError("needs at least one input")
    rank = len(shapes[0])
    axis = normalize_axis(axis, rank)
    for s in shapes:
        if len(s) != rank or any(a != b for i, (a, b) in enumerate(zip(s, shapes[0])) if i != axis):
            raise ValueError(f"inputs {[tuple(s) for s in shapes]} differ outside axis {axis}")
    out = list(shapes[0])
    out[axis] = sum(s[axis] for s in shapes)
    return tuple(out)


def transpose(x: Sequence[int], perm: Sequence[int]) -> Shape:
    if sorted(perm) != list(range(len(x))):
        raise ValueError(f"perm {list(perm)} is not a permutation of {len(x)} axes")
    return tuple(x[p] for p in perm)


def squeeze(x: Sequence[int], axes: Sequence[int]) -> Shape:
    axes = normalize_axes(axes, len(x))
    if any(x[a] != 1 for a in axes):
        raise ValueError(f"cannot squeeze axes {list(axes)} of shape {tuple(x)}: size is not 1")
    return tuple(d for i, d in enumerate(x) if i not in axes)


def unsqueeze(x: Sequence[int], axes: Sequence[int]) -> Shape:
    rank = len(x) + len(axes)
    axes = normalize_axes(axes, rank)
    it = iter(x)
    return tuple(1 if i in axes else next(it) for i in range(rank))


def flatten(x: Sequence[int], axis: int) -> Shape:
    """ONNX Flatten: axis in [-rank, rank], a negative one counting from the end (-1 is
    rank - 1, as for every other ONNX axis)."""
    if not -len(x) <= axis <= len(x):
        raise ValueError(f"axis {axis} is out of range for rank {len(x)}")
    if axis < 0:
        axis += len(x)
    outer = 1
    for d in x[:axis]:
        outer *= d
    inner = 1
    for d in x[axis:]:
        inner *= d
    return (outer, inner)


def pad(x: Sequence[int], pads: Sequence[int]) -> Shape:
    rank = len(x)
    if len(pads) != 2 * rank:
        raise ValueError(f"pads must have {2 * rank} values for rank {rank}, got {len(pads)}")
    if any(p < 0 for p in pads):
        raise ValueError(f"pads must be >= 0 (cropping is not supported), got {list(pads)}")
    out = tuple(d + pads[i] + pads[rank + i] for i, d in enumerate(x))
    if any(d < 1 for d in out):
        raise ValueError(f"pads {list(pads)} leave an empty output {out}")
    return out


def gemm(a: Sequence[int], b: Sequence[int], trans_a: bool, trans_b: bool) -> Shape:
    if len(a) != 2 or len(b) != 2:
        raise ValueError(f"operands must be 2-D, got {len(a)}-D and {len(b)}-D")
    m, k = (a[1], a[0]) if trans_a else (a[0], a[1])
    k2, n = (b[1], b[0]) if trans_b else (b[0], b[1])
    if k != k2:
        raise ValueError(f"inner dimensions differ: {k} and {k2}")
    return (m, n)


def matmul(a: Sequence[int], b: Sequence[int]) -> Shape:
    """numpy.matmul shape rule (ONNX MatMul)."""
    if not a or not b:
        raise ValueError(f"operands must be at least 1-D, got {len(a)}-D and {len(b)}-D")
    a2 = (1, *a) if len(a) == 1 else tuple(a)
    b2 = (*b, 1) if len(b) == 1 else tuple(b)
    if a2[-1] != b2[-2]:
        raise ValueError(f"inner dimensions differ: {a2[-1]} and {b2[-2]}")
    batch = broadcast(a2[:-2], b2[:-2])
    out = (*batch, a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return out


RESIZE_TOLERANCE = 1e-6
"""Relative slack on `size * scale` before it is floored (see `resize_range`)."""


def resize_range(size: int, scale: float) -> tuple[int, int]:
    """The output sizes ONNX Resize allows on one axis: `floor(size * scale)`.

    Implementations round that product differently (onnx's shape inference in double,
    onnxruntime in float32, which gives floor(10 * 0.7f) = 6 and 7), and scales derived
    from a `sizes` input as `out / in` can land just below `out`; so every floor of a value
    within a relative 1e-6 of the product is accepted: the range is `(low, high)`.
    """
    product = size * scale
    slack = RESIZE_TOLERANCE * max(product, 1.0)
    return math.floor(product - slack), math.floor(product + slack)


def resize(x: Sequence[int], scales: Sequence[float]) -> Shape:
    """Output shape of ONNX Resize with `scales` (the largest size `resize_range` allows)."""
    if len(scales) != len(x):
        raise ValueError(f"scales must have {len(x)} values for rank {len(x)}, got {len(scales)}")
    if any(not s > 0 for s in scales):
        raise ValueError(f"scales must be > 0, got {list(scales)}")
    return tuple(resize_range(d, s)[1] for d, s in zip(x, scales))


def check_resize(x: Sequence[int], scales: Sequence[float], y: Sequence[int]) -> None:
    """Raise unless `y` is a valid ONNX Resize output shape for input `x` and `scales`."""
    expected = resize(x, scales)
    if len(y) != len(x):
        raise ValueError(f"result rank {len(y)} differs from input rank {len(x)}")
    for axis, (d, s, out) in enumerate(zip(x, scales, y)):
        low, high = resize_range(d, s)
        if not low <= out <= high:
            raise ValueError(
                f"result size {out} on axis {axis} must be floor({d} * {s:g}) = {expected[axis]}"
            )


def num_elements(shape: Sequence[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n
