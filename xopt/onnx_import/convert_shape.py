"""Converters for data-movement ONNX operators: concat, reshapes, pad, resize, argmax,
reductions. Tensor-valued parameters (shape, axes, pads, scales) must be constants."""

from __future__ import annotations

from xdsl.dialects.builtin import DenseArrayBase, StringAttr, UnitAttr, f64

from xopt.dialects import graph
from xopt.dialects.graph.base import f32_attr, i64_array, i64_attr
from xopt.onnx_import.importer import NodeContext


def _single(ctx: NodeContext, op_class, properties=None, operands=None):
    op = op_class.create(
        operands=operands if operands is not None else [ctx.input(0)],
        result_types=[ctx.output_type()],
        properties=properties or {},
    )
    return [ctx.builder.insert(op).output]


def _axes(ctx: NodeContext, input_index: int, rank: int) -> list[int] | None:
    """Axes from the `axes` attribute (older opsets) or a constant input (newer ones)."""
    if ctx.attr("axes") is not None:
        axes = list(ctx.attr("axes"))
    elif ctx.has_input(input_index):
        axes = [int(a) for a in ctx.const(input_index, "axes").reshape(-1)]
    else:
        return None
    if any(not -rank <= a < rank for a in axes):
        ctx.fail(f"axes {axes} are out of range for rank {rank}")
    return [a % rank for a in axes]


def convert_concat(ctx: NodeContext):
    rank = len(ctx.input_shape(0))
    axis = ctx.attr("axis", 1 if ctx.opset < 4 else None)
    if axis is None or not -rank <= axis < rank:
        ctx.fail(f"axis {axis} is missing or out of range for rank {rank}")
    return _single(ctx, graph.ConcatOp, {"axis": i64_attr(axis % rank)}, ctx.inputs())


def convert_reshape(ctx: NodeContext):
    return _single(ctx, graph.ReshapeOp)


def convert_flatten(ctx: NodeContext):
    rank = len(ctx.input_shape(0))
    axis = ctx.attr("axis", 1)
    return _single(ctx, graph.FlattenOp, {"axis": i64_attr(axis + rank if axis < 0 else axis)})


def convert_transpose(ctx: NodeContext):
    rank = len(ctx.input_shape(0))
    perm = list(ctx.attr("perm", list(range(rank))[::-1]))
    return _single(ctx, graph.TransposeOp, {"perm": i64_array(perm)})


def convert_squeeze(ctx: NodeContext):
    shape = ctx.input_shape(0)
    axes = _axes(ctx, 1, len(shape))
    if axes is None:
        axes = [i for i, d in enumerate(shape) if d == 1]
    return _single(ctx, graph.SqueezeOp, {"axes": i64_array(sorted(axes))})


def convert_unsqueeze(ctx: NodeContext):
    rank = len(ctx.input_shape(0))
    axes = ctx.attr("axes")
    if axes is None:
        axes = [int(a) for a in ctx.const(1, "axes").reshape(-1)]
    out_rank = rank + len(axes)
    return _single(ctx, graph.UnsqueezeOp, {"axes": i64_array(sorted(a % out_rank for a in axes))})


def convert_pad(ctx: NodeContext):
    rank = len(ctx.input_shape(0))
    mode = ctx.attr("mode", "constant")
    if ctx.opset < 11:
        pads, value = (
            list(ctx.attr("pads", ctx.attr("paddings", []))),
            float(ctx.attr("value", 0.0)),
        )
    else:
        pads = [int(p) for p in ctx.const(1, "pads")]
        constant = ctx.optional_const(2, "constant_value")
        value = 0.0 if constant is None or constant.size == 0 else float(constant.reshape(-1)[0])
        axes = [int(a) for a in ctx.const(3, "axes")] if ctx.has_input(3) else None
        if axes is not None:
            full = [0] * (2 * rank)
            for i, a in enumerate(axes):
                full[a % rank], full[rank + a % rank] = pads[i], pads[len(axes) + i]
            pads = full
    if mode not in ("constant", "reflect", "edge"):
        ctx.fail(f"pad mode '{mode}' is not supported (constant, reflect, edge are)")
    if any(p < 0 for p in pads):
        ctx.fail(f"negative pads {pads} (cropping) are not supported")
    return _single(
        ctx,
        graph.PadOp,
        {"pads": i64_array(pads), "mode": StringAttr(mode), "value": f32_attr(value)},
    )


def _resize_scales(ctx: NodeContext, scales_index: int, sizes_index: int) -> list[float]:
    in_shape = ctx.input_shape(0)
    out_shape = ctx.output_type().get_shape()
    scales = ctx.optional_const(scales_index, "scales") if ctx.has_input(scales_index) else None
    if scales is not None and scales.size:
        if ctx.attr("axes") is not None:
            full = [1.0] * len(in_shape)
            for a, s in zip(ctx.attr("axes"), scales):
                full[a % len(in_shape)] = float(s)
            return full
        return [float(s) for s in scales]
    if sizes_index >= 0 and ctx.has_input(sizes_index):
        ctx.const(sizes_index, "sizes")
    return [o / i for o, i in zip(out_shape, in_shape)]


def _resize_props(mode: str, coord: str, nearest: str, scales: list[float]) -> dict:
    return {
        "mode": StringAttr(mode),
        "coordinate_transformation_mode": StringAttr(coord),
        "nearest_mode": StringAttr(nearest),
        "scales": DenseArrayBase.from_list(f64, scales),
    }


def _nearest_10(ctx: NodeContext, scales: list[float]) -> str:
    """Resize-10 leaves rounding unspecified; onnxruntime (the reference) takes the floor of
    the asymmetric coordinate when an axis is upsampled and the ceiling when it is
    downsampled. One graph op has one rounding rule, so mixing both is not supported."""
    if ctx.attr("mode", "nearest") != "nearest" or all(s >= 1 for s in scales):
        return "floor"
    if any(s > 1 for s in scales):
        ctx.fail(
            "nearest Resize-10 that upsamples some axes and downsamples others is not supported"
        )
    return "ceil"


def convert_resize(ctx: NodeContext):
    mode = ctx.attr("mode", "nearest")
    if mode not in ("nearest", "linear"):
        ctx.fail(f"resize mode '{mode}' is not supported (nearest and linear are)")
    if ctx.opset < 11:
        scales = [float(s) for s in ctx.const(1, "scales")]
        return _single(
            ctx, graph.ResizeOp, _resize_props(mode, "asymmetric", _nearest_10(ctx, scales), scales)
        )
    coord = ctx.attr("coordinate_transformation_mode", "half_pixel")
    if coord not in ("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"):
        ctx.fail(f"coordinate_transformation_mode '{coord}' is not supported")
    if ctx.attr("exclude_outside", 0) or ctx.attr("antialias", 0):
        ctx.fail("exclude_outside and antialias are not supported")
    if ctx.attr("keep_aspect_ratio_policy", "stretch") != "stretch":
        ctx.fail("keep_aspect_ratio_policy other than 'stretch' is not supported")
    nearest = ctx.attr("nearest_mode", "round_prefer_floor")
    scales = _resize_scales(ctx, 2, 3)
    return _single(ctx, graph.ResizeOp, _resize_props(mode, coord, nearest, scales))


def convert_upsample(ctx: NodeContext):
    mode = ctx.attr("mode", "nearest")
    if mode not in ("nearest", "linear", "bilinear"):
        ctx.fail(f"upsample mode '{mode}' is not supported")
    scales = [float(s) for s in (ctx.attr("scales") or ctx.const(1, "scales"))]
    return _single(
        ctx,
        graph.ResizeOp,
        _resize_props("nearest" if mode == "nearest" else "linear", "asymmetric", "floor", scales),
    )


def convert_argmax(ctx: NodeContext):
    rank = len(ctx.input_shape(0))
    axis = ctx.attr("axis", 0)
    if not -rank <= axis < rank:
        ctx.fail(f"axis {axis} is out of range for rank {rank}")
    properties = {"axis": i64_attr(axis % rank)}
    if ctx.attr("keepdims", 1):
        properties["keepdims"] = UnitAttr()
    if ctx.attr("select_last_index", 0):
        properties["select_last_index"] = UnitAttr()
    return _single(ctx, graph.ArgMaxOp, properties)


def convert_reduce_mean(ctx: NodeContext):
    rank = len(ctx.input_shape(0))
    axes = _axes(ctx, 1, rank)
    if axes is None or not axes:
        if ctx.attr("noop_with_empty_axes", 0):
            return [ctx.input(0)]
        axes = list(range(rank))
    properties = {"axes": i64_array(sorted(axes))}
    if ctx.attr("keepdims", 1):
        properties["keepdims"] = UnitAttr()
    return _single(ctx, graph.ReduceMeanOp, properties)


SHAPE_CONVERTERS = {
    "Concat": convert_concat,
    "Reshape": convert_reshape,
    "Flatten": convert_flatten,
    "Transpose": convert_transpose,
    "Squeeze": convert_squeeze,
    "Unsqueeze": convert_unsqueeze,
    "Pad": convert_pad,
    "Resize": convert_resize,
    "Upsample": convert_upsample,
    "ArgMax": convert_argmax,
    "ReduceMean": convert_reduce_mean,
}
