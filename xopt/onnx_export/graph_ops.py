"""Graph ops -> ONNX nodes: each graph op is the ONNX operator its docstring names, with the
properties resolved at import turned back into attributes or constant inputs (shapes, axes,
pads, scales, clip bounds). A fused `activation` becomes the activation node after the op.
"""

from __future__ import annotations

import math

import numpy as np
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
    graph.DivOp: _simple("Div"),
    graph.FlattenOp: _simple("Flatten", lambda op: {"axis": op.axis.value.data}),
    graph.GemmOp: _gemm,
    graph.GlobalAvgPoolOp: _simple("GlobalAveragePool"),
    graph.HardSigmoidOp: _simple(
        "HardSigmoid", lambda op: {"alpha": op.alpha.value.data, "beta": op.beta.value.data}
    ),
    graph.HardSwishOp: _simple("HardSwish"),
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
"""How each graph op is exported (all 36 have an ONNX equivalent)."""
