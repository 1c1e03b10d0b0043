"""Converters for convolutions, gemm/matmul, pooling and normalisation."""

from __future__ import annotations

from xdsl.dialects.builtin import UnitAttr

from xopt.dialects import graph
from xopt.dialects.graph.base import f32_attr, i64_array, i64_attr
from xopt.onnx_import.importer import NodeContext


def _spatial_rank(ctx: NodeContext, what: str) -> None:
    rank = len(ctx.input_shape(0))
    if rank != 4:
        ctx.fail(f"only 2-D {what} (4-D NCHW input) is supported, input has rank {rank}")


def resolve_pads(ctx: NodeContext, in_hw, kernel, strides, dilations) -> list[int]:
    """Explicit [top, left, bottom, right] pads from `pads` or `auto_pad` (ONNX rules)."""
    auto_pad = ctx.attr("auto_pad", "NOTSET")
    if auto_pad in ("NOTSET", ""):
        pads = list(ctx.attr("pads", [0, 0, 0, 0]))
        if len(pads) != 4:
            ctx.fail(f"pads must have 4 values, got {pads}")
        return pads
    if auto_pad == "VALID":
        return [0, 0, 0, 0]
    if auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
        ctx.fail(f"unknown auto_pad '{auto_pad}'")
    begin, end = [], []
    for size, k, s, d in zip(in_hw, kernel, strides, dilations):
        out = -(-size // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
        small, large = total // 2, total - total // 2
        begin.append(small if auto_pad == "SAME_UPPER" else large)
        end.append(large if auto_pad == "SAME_UPPER" else small)
    return begin + end


def _window_attrs(ctx: NodeContext, kernel) -> tuple[list[int], list[int], list[int]]:
    strides = list(ctx.attr("strides", [1, 1]))
    dilations = list(ctx.attr("dilations", [1, 1]))
    pads = resolve_pads(ctx, ctx.input_shape(0)[2:], kernel, strides, dilations)
    return strides, dilations, pads


def _conv_op(ctx: NodeContext, op_class, strides, pads, dilations, **extra):
    """A conv-like op on inputs (x, w[, b]) with window properties plus `extra` ones."""
    operands = [ctx.input(0), ctx.input(1)] + ([ctx.input(2)] if ctx.has_input(2) else [])
    properties = {
        "strides": i64_array(strides),
        "pads": i64_array(pads),
        "dilations": i64_array(dilations),
        **{k: i64_array(v) for k, v in extra.items()},
        "group": i64_attr(ctx.attr("group", 1)),
    }
    op = op_class.create(operands=operands, result_types=[ctx.output_type()], properties=properties)
    return [ctx.builder.insert(op).output]


def convert_conv(ctx: NodeContext):
    _spatial_rank(ctx, "convolution")
    kernel = ctx.input_shape(1)[2:]
    strides, dilations, pads = _window_attrs(ctx, kernel)
    return _conv_op(ctx, graph.Conv2dOp, strides, pads, dilations)


def convert_conv_transpose(ctx: NodeContext):
    _spatial_rank(ctx, "transposed convolution")
    x, w = ctx.input_shape(0), ctx.input_shape(1)
    strides = list(ctx.attr("strides", [1, 1]))
    dilations = list(ctx.attr("dilations", [1, 1]))
    output_padding = list(ctx.attr("output_padding", [0, 0]))
    out_hw = ctx.output_type().get_shape()[2:]
    if ctx.attr("output_shape") is not None:
        out_hw = tuple(ctx.attr("output_shape"))[-2:]
    if len(out_hw) != 2:
        ctx.fail("the output's spatial size is unknown; give output_shape or pads")
    auto_pad = ctx.attr("auto_pad", "NOTSET")
    if ctx.attr("output_shape") is None and auto_pad in ("NOTSET", "", "VALID"):
        pads = [0, 0, 0, 0] if auto_pad == "VALID" else list(ctx.attr("pads", [0, 0, 0, 0]))
    else:
        # Pads that make the result the inferred output size (ONNX ConvTranspose rules).
        begin, end = [], []
        for i in range(2):
            full = (
                strides[i] * (x[2 + i] - 1) + output_padding[i] + (w[2 + i] - 1) * dilations[i] + 1
            )
            total = full - out_hw[i]
            if total < 0:
                ctx.fail(
                    "output_shape larger than the full transposed convolution is not supported"
                )
            upper = auto_pad == "SAME_UPPER"
            begin.append(total // 2 if upper else total - total // 2)
            end.append(total - total // 2 if upper else total // 2)
        pads = begin + end
    return _conv_op(
        ctx, graph.ConvTranspose2dOp, strides, pads, dilations, output_padding=output_padding
    )


def convert_gemm(ctx: NodeContext):
    properties = {
        "alpha": f32_attr(ctx.attr("alpha", 1.0)),
        "beta": f32_attr(ctx.attr("beta", 1.0)),
    }
    if ctx.attr("transA", 0):
        properties["trans_a"] = UnitAttr()
    if ctx.attr("transB", 0):
        properties["trans_b"] = UnitAttr()
    operands = [ctx.input(0), ctx.input(1)] + ([ctx.input(2)] if ctx.has_input(2) else [])
    op = graph.GemmOp.create(
        operands=operands, result_types=[ctx.output_type()], properties=properties
    )
    return [ctx.builder.insert(op).output]


def convert_matmul(ctx: NodeContext):
    op = graph.MatMulOp.create(
        operands=[ctx.input(0), ctx.input(1)], result_types=[ctx.output_type()]
    )
    return [ctx.builder.insert(op).output]


def _pool(ctx: NodeContext, op_class, extra: dict):
    _spatial_rank(ctx, "pooling")
    if ctx.output_used(1):
        ctx.fail("the MaxPool Indices output is not supported")
    kernel = list(ctx.attr("kernel_shape", []))
    if len(kernel) != 2:
        ctx.fail(f"kernel_shape must have 2 values, got {kernel}")
    strides, dilations, pads = _window_attrs(ctx, kernel)
    properties = {
        "kernel_shape": i64_array(kernel),
        "strides": i64_array(strides),
        "pads": i64_array(pads),
        **extra,
    }
    if ctx.attr("ceil_mode", 0):
        properties["ceil_mode"] = UnitAttr()
    if op_class is graph.MaxPoolOp and dilations != [1, 1]:
        properties["dilations"] = i64_array(dilations)
    elif dilations != [1, 1]:
        ctx.fail("dilated average pooling is not supported")
    op = op_class.create(
        operands=[ctx.input(0)], result_types=[ctx.output_type()], properties=properties
    )
    return [ctx.builder.insert(op).output]


def convert_maxpool(ctx: NodeContext):
    if ctx.attr("storage_order", 0):
        ctx.fail("storage_order=1 only affects Indices, which are not supported")
    return _pool(ctx, graph.MaxPoolOp, {})


def convert_avgpool(ctx: NodeContext):
    extra = {"count_include_pad": UnitAttr()} if ctx.attr("count_include_pad", 0) else {}
    return _pool(ctx, graph.AvgPoolOp, extra)


def convert_global_avgpool(ctx: NodeContext):
    op = graph.GlobalAvgPoolOp.create(operands=[ctx.input(0)], result_types=[ctx.output_type()])
    return [ctx.builder.insert(op).output]


def convert_batch_norm(ctx: NodeContext):
    if any(ctx.output_used(k) for k in range(1, 5)):
        ctx.fail("training-mode outputs (running mean/var) are not supported")
    if ctx.attr("training_mode", 0):
        ctx.fail("training_mode=1 is not supported (inference only)")
    op = graph.BatchNormOp.create(
        operands=[ctx.input(i) for i in range(5)],
        result_types=[ctx.output_type()],
        properties={"epsilon": f32_attr(ctx.attr("epsilon", 1e-5))},
    )
    return [ctx.builder.insert(op).output]


def convert_lrn(ctx: NodeContext):
    if ctx.attr("size") is None:
        ctx.fail("the size attribute is required")
    op = graph.LrnOp.create(
        operands=[ctx.input(0)],
        result_types=[ctx.output_type()],
        properties={
            "size": i64_attr(ctx.attr("size")),
            "alpha": f32_attr(ctx.attr("alpha", 1e-4)),
            "beta": f32_attr(ctx.attr("beta", 0.75)),
            "bias": f32_attr(ctx.attr("bias", 1.0)),
        },
    )
    return [ctx.builder.insert(op).output]


NN_CONVERTERS = {
    "Conv": convert_conv,
    "ConvTranspose": convert_conv_transpose,
    "Gemm": convert_gemm,
    "MatMul": convert_matmul,
    "MaxPool": convert_maxpool,
    "AveragePool": convert_avgpool,
    "GlobalAveragePool": convert_global_avgpool,
    "BatchNormalization": convert_batch_norm,
    "LRN": convert_lrn,
}
