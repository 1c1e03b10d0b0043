"""Graph ops -> ONNX nodes: each graph op is the ONNX operator its docstring names, with the
properties resolved at import turned back into attributes or constant inputs (shapes, axes,
pads, scales, clip bounds). A fused `activation` becomes the activation node after the op.
"""

from __future__ import annotations

import math

import numpy as np
from onnx import TensorProto
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue

from xopt.dialects import graph
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.base import ints, shape_of
from xopt.onnx_export.exporter import Exporter, OpExporter
from xopt.onnx_import.types import array_of, numpy_dtype_of

REDUCE_AXES_INPUT_OPSET = 18
"""From this opset on ReduceMean takes `axes` as an input instead of an attribute."""


def _dtype(ctx: Exporter, value: SSAValue) -> np.dtype:
    """The numpy dtype of `value`'s elements, for scalar inputs such as clip bounds."""
    assert isinstance(value.type, TensorType)
    try:
        return numpy_dtype_of(value.type.get_element_type())
    except ValueError as e:
        ctx.fail(str(e))


def _flag(op: Operation, name: str) -> int:
    return int(op.properties.get(name) is not None)


def clip(ctx: Exporter, source: str, output: str, low: float, high: float, dtype) -> None:
    """A Clip node; infinite bounds are omitted inputs."""
    low_name = ctx.constant(np.asarray(low, dtype), f"{output}_min") if low > -math.inf else ""
    high_name = ctx.constant(np.asarray(high, dtype), f"{output}_max") if high < math.inf else ""
    inputs = [source, low_name, high_name]
    while inputs[-1] == "":
        inputs.pop()
    ctx.node("Clip", inputs, [output])


def activation(ctx: Exporter, act: ActivationAttr, source: str, output: str, dtype) -> None:
    """The node computing fused activation `act` on `source`."""
    kind = act.kind.data
    if kind == "relu":
        ctx.node("Relu", [source], [output])
    elif kind == "clip":
        clip(ctx, source, output, act.values[0], act.values[1], dtype)
    elif kind == "leaky_relu":
        ctx.node("LeakyRelu", [source], [output], alpha=act.values[0])
    else:
        ctx.node("HardSwish", [source], [output])


def _with_activation(ctx: Exporter, op: Operation, op_type: str, **attrs) -> None:
    """`op` as one `op_type` node on its operands, then its fused activation if any."""
    inputs = [ctx.tensor(v) for v in op.operands]
    output = ctx.define(op.output)
    act = op.properties.get("activation")
    if not isinstance(act, ActivationAttr):
        ctx.node(op_type, inputs, [output], **attrs)
        return
    before = ctx.fresh(f"{output}_{op_type.lower()}")
    ctx.node(op_type, inputs, [before], **attrs)
    activation(ctx, act, before, output, _dtype(ctx, op.output))


def _simple(op_type: str, attrs=None) -> OpExporter:
    """An op that is one `op_type` node on its operands, with attributes `attrs(op)`."""

    def export(ctx: Exporter, op: Operation) -> None:
        inputs = [ctx.tensor(v) for v in op.operands]
        ctx.node(op_type, inputs, [ctx.define(op.output)], **(attrs(op) if attrs else {}))

    return export


def _constant(ctx: Exporter, op: graph.ConstantOp) -> None:
    ctx.initializer(array_of(op.value), ctx.define(op.output))


def _window(op: Operation) -> dict:
    return {"strides": list(ints(op.strides)), "pads": list(ints(op.pads))}


def _conv2d(ctx: Exporter, op: graph.Conv2dOp) -> None:
    _with_activation(
        ctx,
        op,
        "Conv",
        kernel_shape=list(shape_of(op.weight)[2:]),
        dilations=list(ints(op.dilations)),
        group=op.group.value.data,
        **_window(op),
    )


def _conv_transpose2d(ctx: Exporter, op: graph.ConvTranspose2dOp) -> None:
    _simple(
        "ConvTranspose",
        lambda op: {
            "kernel_shape": list(shape_of(op.weight)[2:]),
            "dilations": list(ints(op.dilations)),
            "output_padding": list(ints(op.output_padding)),
            "group": op.group.value.data,
            **_window(op),
        },
    )(ctx, op)


def _gemm(ctx: Exporter, op: graph.GemmOp) -> None:
    _with_activation(
        ctx,
        op,
        "Gemm",
        alpha=op.alpha.value.data,
        beta=op.beta.value.data,
        transA=_flag(op, "trans_a"),
        transB=_flag(op, "trans_b"),
    )


def pool_attrs(op: Operation) -> dict:
    attrs = {"kernel_shape": list(ints(op.kernel_shape)), "ceil_mode": _flag(op, "ceil_mode")}
    if op.properties.get("dilations") is not None:
        attrs["dilations"] = list(ints(op.properties["dilations"]))
    if op.name.endswith("avgpool"):
        attrs["count_include_pad"] = _flag(op, "count_include_pad")
    return {**attrs, **_window(op)}


def _clip_op(ctx: Exporter, op: graph.ClipOp) -> None:
    low, high = op.min.value.data, op.max.value.data
    clip(ctx, ctx.tensor(op.input), ctx.define(op.output), low, high, _dtype(ctx, op.output))


def _axes_input(op_type: str) -> OpExporter:
    def export(ctx: Exporter, op: Operation) -> None:
        output = ctx.define(op.output)
        axes = ctx.i64(list(ints(op.axes)), f"{output}_axes")
        ctx.node(op_type, [ctx.tensor(op.input), axes], [output])

    return export


def _reshape(ctx: Exporter, op: Operation) -> None:
    output = ctx.define(op.output)
    shape = ctx.i64(list(shape_of(op.output)), f"{output}_shape")
    ctx.node("Reshape", [ctx.tensor(op.input), shape], [output])


def _pad(ctx: Exporter, op: graph.PadOp) -> None:
    output = ctx.define(op.output)
    inputs = [ctx.tensor(op.input), ctx.i64(list(ints(op.pads)), f"{output}_pads")]
    if op.mode.data == "constant":
        value = np.asarray(op.value.value.data, _dtype(ctx, op.output))
        inputs.append(ctx.constant(value, f"{output}_value"))
    ctx.node("Pad", inputs, [output], mode=op.mode.data)


def resize_attrs(op: Operation) -> dict:
    return {
        "mode": op.mode.data,
        "coordinate_transformation_mode": op.coordinate_transformation_mode.data,
        "nearest_mode": op.nearest_mode.data,
    }


def resize_scales(ctx: Exporter, op: Operation, output: str) -> str:
    scales = np.asarray(list(op.scales.get_values()), np.float32)
    return ctx.constant(scales, f"{output}_scales")


def _resize(ctx: Exporter, op: graph.ResizeOp) -> None:
    output = ctx.define(op.output)
    scales = resize_scales(ctx, op, output)
    ctx.node("Resize", [ctx.tensor(op.input), "", scales], [output], **resize_attrs(op))


def argmax_attrs(op: Operation) -> dict:
    return {
        "axis": op.axis.value.data,
        "keepdims": _flag(op, "keepdims"),
        "select_last_index": _flag(op, "select_last_index"),
    }


def _reduce_mean(ctx: Exporter, op: graph.ReduceMeanOp) -> None:
    output = ctx.define(op.output)
    axes = list(ints(op.axes))
    keepdims = _flag(op, "keepdims")
    if ctx.opset < REDUCE_AXES_INPUT_OPSET:
        inputs = [ctx.tensor(op.input)]
        ctx.node("ReduceMean", inputs, [output], axes=axes or None, keepdims=keepdims)
        return
    inputs = [ctx.tensor(op.input)] + ([ctx.i64(axes, f"{output}_axes")] if axes else [])
    ctx.node("ReduceMean", inputs, [output], keepdims=keepdims)


# ---- spatial phases (graph.phase_slice, graph.interleave)


def _phase_slice(ctx: Exporter, op: graph.PhaseSliceOp) -> None:
    """ONNX Slice on axes 2, 3 with `ends` just past the last sampled pixel."""
    output = ctx.define(op.output)
    offsets, steps = ints(op.offsets), ints(op.steps)
    ends = [a + (n - 1) * s + 1 for a, n, s in zip(offsets, shape_of(op.output)[2:], steps)]
    inputs = [ctx.tensor(op.input)]
    for name, values in (("starts", offsets), ("ends", ends), ("axes", (2, 3)), ("steps", steps)):
        inputs.append(ctx.i64(list(values), f"{output}_{name}"))
    ctx.node("Slice", inputs, [output])


def _interleave(ctx: Exporter, op: graph.InterleaveOp) -> None:
    """Each phase padded at the end to the largest phase's size, all concatenated on C,
    then DepthToSpace (DCR) written as Reshape/Transpose/Reshape so that the two factors
    may differ, and a Slice back to the result's size when padding was needed."""
    output = ctx.define(op.output)
    n, c, h, w = shape_of(op.output)
    fh, fw = ints(op.factors)
    qh, qw = -(-h // fh), -(-w // fw)
    phases = []
    for value in op.inputs:
        source = ctx.tensor(value)
        ph, pw = shape_of(value)[2:]
        if (ph, pw) != (qh, qw):
            padded = ctx.fresh(f"{source}_padded")
            pads = ctx.i64([0, 0, 0, 0, 0, 0, qh - ph, qw - pw], f"{padded}_pads")
            ctx.node("Pad", [source, pads], [padded])
            source = padded
        phases.append(source)
    stacked = ctx.fresh(f"{output}_phases")
    ctx.node("Concat", phases, [stacked], axis=1)
    split = ctx.fresh(f"{output}_split")
    ctx.node("Reshape", [stacked, ctx.i64([n, fh, fw, c, qh, qw], f"{split}_shape")], [split])
    moved = ctx.fresh(f"{output}_moved")
    ctx.node("Transpose", [split], [moved], perm=[0, 3, 4, 1, 5, 2])
    full = output if (qh * fh, qw * fw) == (h, w) else ctx.fresh(f"{output}_uncropped")
    ctx.node("Reshape", [moved, ctx.i64([n, c, qh * fh, qw * fw], f"{full}_shape")], [full])
    if full != output:
        starts, ends = ctx.i64([0, 0], f"{output}_starts"), ctx.i64([h, w], f"{output}_ends")
        axes = ctx.i64([2, 3], f"{output}_axes")
        ctx.node("Slice", [full, starts, ends, axes], [output])


def _float_attr(name: str):
    return lambda op: {name: op.properties[name].value.data}


# ---- transposed-convolution decomposition: data movement without an ONNX operator of its own


def _insert_zeros(ctx: Exporter, op: graph.InsertZerosOp) -> None:
    """Reshape to N x C x H x 1 x W x 1, zero-pad the unit axes to sh and sw, reshape to
    N x C x H*sh x W*sw and slice off the trailing sh-1 rows and sw-1 columns: copies only."""
    output = ctx.define(op.output)
    n, c, h, w = shape_of(op.input)
    sh, sw = ints(op.strides)
    split = ctx.fresh(f"{output}_split")
    ctx.node(
        "Reshape", [ctx.tensor(op.input), ctx.i64([n, c, h, 1, w, 1], f"{split}_shape")], [split]
    )
    padded = ctx.fresh(f"{output}_padded")
    pads = ctx.i64([0, 0, 0, 0, 0, 0, 0, 0, 0, sh - 1, 0, sw - 1], f"{padded}_pads")
    ctx.node("Pad", [split, pads], [padded], mode="constant")
    merged = ctx.fresh(f"{output}_merged")
    ctx.node("Reshape", [padded, ctx.i64([n, c, h * sh, w * sw], f"{merged}_shape")], [merged])
    _, _, oh, ow = shape_of(op.output)
    starts = ctx.i64([0, 0], f"{output}_starts")
    ends, axes = ctx.i64([oh, ow], f"{output}_ends"), ctx.i64([2, 3], f"{output}_axes")
    ctx.node("Slice", [merged, starts, ends, axes], [output])


def _crop(ctx: Exporter, op: graph.CropOp) -> None:
    output = ctx.define(op.output)
    x = shape_of(op.input)
    crops = ints(op.crops)
    rank = len(x)
    starts = ctx.i64(list(crops[:rank]), f"{output}_starts")
    ends = ctx.i64([d - e for d, e in zip(x, crops[rank:])], f"{output}_ends")
    ctx.node("Slice", [ctx.tensor(op.input), starts, ends], [output])


GRAPH_EXPORTERS: dict[type[Operation], OpExporter] = {
    graph.AddOp: lambda ctx, op: _with_activation(ctx, op, "Add"),
    graph.ArgMaxOp: _simple("ArgMax", argmax_attrs),
    graph.AvgPoolOp: _simple("AveragePool", pool_attrs),
    graph.BatchNormOp: _simple("BatchNormalization", _float_attr("epsilon")),
    graph.ClipOp: _clip_op,
    graph.ConcatOp: _simple("Concat", lambda op: {"axis": op.axis.value.data}),
    graph.ConstantOp: _constant,
    graph.Conv2dOp: _conv2d,
    graph.ConvTranspose2dOp: _conv_transpose2d,
    graph.CropOp: _crop,
    graph.DivOp: _simple("Div"),
    graph.FlattenOp: _simple("Flatten", lambda op: {"axis": op.axis.value.data}),
    graph.GemmOp: _gemm,
    graph.GlobalAvgPoolOp: _simple("GlobalAveragePool"),
    graph.HardSigmoidOp: _simple(
        "HardSigmoid", lambda op: {"alpha": op.alpha.value.data, "beta": op.beta.value.data}
    ),
    graph.HardSwishOp: _simple("HardSwish"),
    graph.InsertZerosOp: _insert_zeros,
    graph.InterleaveOp: _interleave,
    graph.LeakyReluOp: _simple("LeakyRelu", _float_attr("alpha")),
    graph.LrnOp: _simple(
        "LRN",
        lambda op: {
            "size": op.size.value.data,
            "alpha": op.alpha.value.data,
            "beta": op.beta.value.data,
            "bias": op.bias.value.data,
        },
    ),
    graph.MatMulOp: _simple("MatMul"),
    graph.MaxPoolOp: _simple("MaxPool", pool_attrs),
    graph.MulOp: _simple("Mul"),
    graph.PadOp: _pad,
    graph.PhaseSliceOp: _phase_slice,
    graph.PReluOp: _simple("PRelu"),
    graph.ReduceMeanOp: _reduce_mean,
    graph.ReluOp: _simple("Relu"),
    graph.ReshapeOp: _reshape,
    graph.ResizeOp: _resize,
    graph.SigmoidOp: _simple("Sigmoid"),
    graph.SoftmaxOp: _simple("Softmax", lambda op: {"axis": op.axis.value.data}),
    graph.SqueezeOp: _axes_input("Squeeze"),
    graph.SubOp: _simple("Sub"),
    graph.SumOp: _simple("Sum"),
    graph.TanhOp: _simple("Tanh"),
    graph.TransposeOp: _simple("Transpose", lambda op: {"perm": list(ints(op.perm))}),
    graph.UnsqueezeOp: _axes_input("Unsqueeze"),
}
"""How each graph op is exported: as its ONNX operator, or (insert_zeros, crop, phase_slice,
interleave and the argmax forms below) as a short chain of ONNX nodes that computes the
same values."""


# ---- accelerator forms of argmax (decompose-argmax, fuse-resize-argmax): each becomes the
# plain ONNX operators that compute it, so exported models still run in onnxruntime.

ONNX_INDEX_TYPES = {16: TensorProto.INT16, 32: TensorProto.INT32, 64: TensorProto.INT64}


def _index_cast(ctx: Exporter, source: str, value: SSAValue, output: str, source_width=64):
    """Indices `source` (of `source_width` bits) as `output` of `value`'s index type: a Cast,
    or an Identity when the widths agree."""
    width = value.type.get_element_type().width.data
    if width == source_width:
        ctx.node("Identity", [source], [output])
    else:
        ctx.node("Cast", [source], [output], to=ONNX_INDEX_TYPES[width])


def _argmax_groups(ctx: Exporter, op: graph.ArgMaxGroupsOp) -> None:
    """Per group: Slice, ArgMax (keepdims), GatherElements of the value there, and Add of
    the group's first index; then Concat of the groups and a Cast of the indices."""
    x = shape_of(op.input)
    axis = op.axis.value.data % len(x)
    group = op.group.value.data
    last = _flag(op, "select_last_index")
    values, indices = ctx.define(op.values), ctx.define(op.indices)
    value_parts, index_parts = [], []
    for start in range(0, x[axis], group):
        stop = min(start + group, x[axis])
        part = ctx.fresh(f"{values}_part")
        bounds = [ctx.i64([b], f"{part}_{n}") for b, n in ((start, "start"), (stop, "stop"))]
        ctx.node("Slice", [ctx.tensor(op.input), *bounds, ctx.i64([axis], f"{part}_axes")], [part])
        local = ctx.fresh(f"{indices}_local")
        ctx.node("ArgMax", [part], [local], axis=axis, keepdims=1, select_last_index=last)
        value_parts.append(ctx.fresh(f"{values}_{start}"))
        ctx.node("GatherElements", [part, local], [value_parts[-1]], axis=axis)
        index_parts.append(ctx.fresh(f"{indices}_{start}"))
        ctx.node("Add", [local, ctx.i64(start, f"{local}_offset")], [index_parts[-1]])
    ctx.node("Concat", value_parts, [values], axis=axis)
    wide = ctx.fresh(f"{indices}_i64")
    ctx.node("Concat", index_parts, [wide], axis=axis)
    _index_cast(ctx, wide, op.indices, indices)


def _argmax_select(ctx: Exporter, op: graph.ArgMaxSelectOp) -> None:
    """ArgMax of the values (keepdims), GatherElements of the indices there, a Reshape that
    drops the axis without keepdims, and a Cast to the result's index type."""
    axis = op.axis.value.data % len(shape_of(op.values))
    output = ctx.define(op.output)
    best = ctx.fresh(f"{output}_group")
    last = _flag(op, "select_last_index")
    ctx.node(
        "ArgMax", [ctx.tensor(op.values)], [best], axis=axis, keepdims=1, select_last_index=last
    )
    picked = ctx.fresh(f"{output}_picked")
    ctx.node("GatherElements", [ctx.tensor(op.indices), best], [picked], axis=axis)
    shaped = ctx.fresh(f"{output}_shaped")
    ctx.node("Reshape", [picked, ctx.i64(list(shape_of(op.output)), f"{output}_shape")], [shaped])
    _index_cast(ctx, shaped, op.output, output, op.indices.type.get_element_type().width.data)


def _resize_argmax(ctx: Exporter, op: graph.ResizeArgmaxOp) -> None:
    """Resize, ArgMax over the channels, and a Cast to the class map's index type."""
    output = ctx.define(op.output)
    resized = ctx.fresh(f"{output}_resized")
    scales = resize_scales(ctx, op, output)
    ctx.node("Resize", [ctx.tensor(op.input), "", scales], [resized], **resize_attrs(op))
    classes = ctx.fresh(f"{output}_i64")
    keepdims, last = _flag(op, "keepdims"), _flag(op, "select_last_index")
    ctx.node("ArgMax", [resized], [classes], axis=1, keepdims=keepdims, select_last_index=last)
    _index_cast(ctx, classes, op.output, output)


GRAPH_EXPORTERS.update(
    {
        graph.ArgMaxGroupsOp: _argmax_groups,
        graph.ArgMaxSelectOp: _argmax_select,
        graph.ResizeArgmaxOp: _resize_argmax,
    }
)
