"""`fuse-resize-argmax`: take the ArgMax over channels while resizing, so the resized
N x C x H' x W' float tensor of a segmentation head is never materialised."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    Float32Type,
    FunctionType,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    TensorType,
    i64,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects import quant
from xopt.dialects.graph import ArgMaxOp, ResizeArgmaxOp, ResizeOp, shapes
from xopt.dialects.graph.argmax_ops import index_width
from xopt.dialects.graph.base import shape_of
from xopt.memory import format_bytes, tensor_bytes

SAVED_BYTES_ATTR = "saved_bytes"
"""Attribute the pass sets on each fused op: the bytes of the resized tensor and the i64
class map the two ops wrote, minus the bytes of the class map the fused op writes."""


def _returned_from(value: SSAValue) -> func.FuncOp | None:
    """The function that only returns `value` (no other use), when no `func.call` calls it
    (changing its result type changes nothing else); None otherwise."""
    if not value.uses or any(not isinstance(u.operation, func.ReturnOp) for u in value.uses):
        return None
    fn = next(iter(value.uses)).operation.parent_op()
    if not isinstance(fn, func.FuncOp):
        return None
    module = fn.parent_op()
    if module is not None and any(
        isinstance(op, func.CallOp) and op.callee.string_value() == fn.sym_name.data
        for op in module.walk()
    ):
        return None
    return fn


def _retype_results(fn: func.FuncOp, value: SSAValue, typ: Attribute) -> None:
    """Give `fn`'s results that return `value` the type `typ`."""
    outputs = list(fn.function_type.outputs.data)
    for use in value.uses:
        outputs[use.index] = typ
    fn.function_type = FunctionType.from_lists(fn.function_type.inputs.data, outputs)


def _where(op: ResizeOp | ArgMaxOp) -> str:
    hint = op.output.name_hint
    return f"{op.name} %{hint}" if hint is not None else op.name


def _refuse(resize: ResizeOp, argmax: ArgMaxOp, why: str) -> PassFailedException:
    return PassFailedException(
        f"{FuseResizeArgmaxPass.name}: {_where(resize)} -> {_where(argmax)}: {why}"
    )


def _fusable_resize(argmax: ArgMaxOp | quant.ArgMaxOp, resize_class=ResizeOp):
    """The resize (a `resize_class`) producing `argmax`'s input, when the argmax is over
    its channels (NCHW), it resizes only H and W, and the argmax is its only use."""
    resize = argmax.input.owner
    if not isinstance(resize, resize_class) or not resize.output.has_one_use():
        return None
    x, y = shape_of(resize.input), shape_of(resize.output)
    if len(x) != 4 or shapes.normalize_axis(argmax.axis.value.data, 4) != 1:
        return None
    scales = tuple(resize.scales.get_values())
    if scales[:2] != (1.0, 1.0) or x[:2] != y[:2]:
        return None
    return resize


class FuseResizeIntoArgMax(RewritePattern):
    """`argmax(resize(x), axis=1)` -> `resize_argmax(x)`, with an i16 (or i32) class map
    where the argmax is only returned from its function, else the argmax's i64."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, argmax: ArgMaxOp, rewriter: PatternRewriter, /) -> None:
        resize = _fusable_resize(argmax)
        if resize is None:
            return
        element = resize.input.type.get_element_type()
        if resize.mode.data == "linear" and not isinstance(element, Float32Type):
            raise _refuse(
                resize,
                argmax,
                f"a linear resize of {element} cannot be fused exactly (the fused kernel "
                "interpolates in float32, as onnxruntime does); leave this pass out",
            )
        properties = {
            name: resize.properties[name]
            for name in ("mode", "coordinate_transformation_mode", "nearest_mode", "scales")
        }
        _fuse(resize, argmax, ResizeArgmaxOp, properties, rewriter)


class FuseQuantResizeIntoArgMax(RewritePattern):
    """`quant.argmax(quant.resize(x), axis=1)` -> `quant.resize_argmax(x)` with the resize's
    rounding and, in linear mode, its result type as `resized`, so the class map is the
    same, ties included; the class map type is chosen as for the graph ops."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, argmax: quant.ArgMaxOp, rewriter: PatternRewriter, /) -> None:
        resize = _fusable_resize(argmax, quant.ResizeOp)
        if resize is None:
            return
        names = ("mode", "coordinate_transformation_mode", "nearest_mode", "scales", "rounding")
        properties = {n: resize.properties[n] for n in names if n in resize.properties}
        if resize.mode.data != "nearest":
            properties["resized"] = resize.output.type.get_element_type()
        _fuse(resize, argmax, quant.ResizeArgmaxOp, properties, rewriter)


def _fuse(resize, argmax, fused_class, properties: dict, rewriter: PatternRewriter) -> None:
    """Replace `argmax(resize(x))` by `fused_class(x)` with the resize's `properties` and the
    argmax's flags: an int16/int32 class map when the argmax is only returned (the function's
    result type follows), else i64; `saved_bytes` records what is no longer written."""
    classes = shape_of(resize.input)[1]
    fn = _returned_from(argmax.output)
    index_type = IntegerType(index_width(classes)) if fn is not None else i64
    result_type = TensorType(index_type, shape_of(argmax.output))
    for flag in ("keepdims", "select_last_index"):
        if argmax.properties.get(flag) is not None:
            properties[flag] = argmax.properties[flag]
    saved = (
        tensor_bytes(resize.output.type)
        + tensor_bytes(argmax.output.type)
        - tensor_bytes(result_type)
    )
    fused = fused_class(
        operands=[resize.input],
        result_types=[result_type],
        properties=properties,
        attributes={SAVED_BYTES_ATTR: IntegerAttr(saved, i64)},
    )
    fused.output.name_hint = argmax.output.name_hint
    if fn is not None and index_type != i64:
        _retype_results(fn, argmax.output, result_type)
    rewriter.replace(argmax, fused)
    rewriter.erase(resize)


def memory_report(module: ModuleOp) -> list[str]:
    """One line per `graph.resize_argmax` / `quant.resize_argmax` in `module`: the resized
    tensor it does not materialise, the class map it writes instead, and the bytes saved."""
    lines = []
    for op in module.walk():
        if isinstance(op, quant.ResizeArgmaxOp):
            resized = op.resized_type()
        elif isinstance(op, ResizeArgmaxOp):
            resized = TensorType(op.input.type.get_element_type(), op.resized_shape())
        else:
            continue
        name = f" %{op.output.name_hint}" if op.output.name_hint else ""
        saved = op.attributes.get(SAVED_BYTES_ATTR)
        saved_text = f"; {saved.value.data} bytes saved" if isinstance(saved, IntegerAttr) else ""
        resized_size = format_bytes(tensor_bytes(resized))
        lines.append(
            f"{op.name}{name}: resize {_type_text(resized)} ({resized_size}) "
            f"not materialised, class map {_type_text(op.output.type)} "
            f"({format_bytes(tensor_bytes(op.output.type))}){saved_text}"
        )
    return lines


def _type_text(typ: TensorType) -> str:
    return "x".join(str(d) for d in typ.get_shape()) + f"x{typ.get_element_type()}"


@dataclass(frozen=True)
class FuseResizeArgmaxPass(ModulePass):
    """Fuse a Resize followed by an ArgMax over its channels into `graph.resize_argmax`.

    A `graph.argmax` over axis 1 of a rank-4 (NCHW) `graph.resize` that scales only H and
    W, and is that resize's only use, becomes one `graph.resize_argmax` with the resize's
    mode, coordinate transformation, nearest mode and scales and the argmax's `keepdims` and
    `select_last_index`: the resized N x C x H' x W' tensor is never materialised, and the
    result equals onnxruntime's ArgMax of its Resize exactly.

    The class map is i16 (i32 from 32769 classes on) when the argmax is only returned from
    its function and no `func.call` calls that function: the function's result type changes
    to it (`@main`'s output becomes the i16 map an NPU writes). Where other ops read the
    argmax it stays i64, since graph ops see ArgMax's i64. Each fused op gets a
    `saved_bytes` attribute (the resized tensor plus the i64 map, minus the fused op's map);
    `memory_report` describes them. Fails for a linear resize of a non-f32 tensor, which
    the float32 kernel cannot reproduce exactly.

    On quant IR (a QDQ-imported or quantized model), `quant.argmax` of a `quant.resize`
    fuses the same way into `quant.resize_argmax`, which takes the resize's `rounding` and,
    in linear mode, its result type as `resized`: the class map equals the unfused one
    exactly, including the ties that the resize's requantization creates.
    """

    name = "fuse-resize-argmax"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        patterns = GreedyRewritePatternApplier(
            [FuseResizeIntoArgMax(), FuseQuantResizeIntoArgMax()]
        )
        PatternRewriteWalker(patterns).rewrite_module(op)
