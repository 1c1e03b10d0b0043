"""fuse-qdq rules for ops that move values: concat, reshapes, resize, and the data
movement of the graph decompositions (pad, insert_zeros, crop, phase_slice, interleave).
Ops that keep their input's quantization are followed by a requantize when the quantize
after them asks for other parameters."""

from __future__ import annotations

from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation

from xopt.dialects import graph, quant
from xopt.passes.fuse_qdq_rules.qdq_form import (
    Fused,
    activation_input,
    per_tensor,
    rounding_property,
    single,
    then_requantize,
    with_element,
)


def fuse_concat(op: graph.ConcatOp, out_type: TensorType, rounding: str) -> Fused | None:
    inputs = [activation_input(v) for v in op.inputs]
    if any(x is None for x in inputs) or per_tensor(out_type) is None:
        return None
    return single(
        quant.ConcatOp, inputs, out_type, {"axis": op.axis, **rounding_property(rounding)}
    )


def fuse_reshape(op: Operation, out_type: TensorType, rounding: str) -> Fused | None:
    x = activation_input(op.operands[0])
    if x is None:
        return None
    reshape = quant.ReshapeOp.create(
        operands=[x], result_types=[with_element(op.results[0], per_tensor(x))]
    )
    return then_requantize(reshape, out_type, rounding)


def fuse_resize(op: graph.ResizeOp, out_type: TensorType, rounding: str) -> Fused | None:
    x = activation_input(op.input)
    if x is None or per_tensor(out_type) is None:
        return None
    properties = {
        "mode": op.mode,
        "coordinate_transformation_mode": op.coordinate_transformation_mode,
        "nearest_mode": op.nearest_mode,
        "scales": op.scales,
    }
    if op.mode.data != "nearest":
        return single(quant.ResizeOp, [x], out_type, properties | rounding_property(rounding))
    resize = quant.ResizeOp.create(
        operands=[x],
        result_types=[with_element(op.output, per_tensor(x))],
        properties=properties,
    )
    return then_requantize(resize, out_type, rounding)


# ---- data movement of decompositions (pad, insert_zeros, crop, phase_slice, interleave)


def _is_zero_pad(op: graph.PadOp) -> bool:
    """A constant pad with the real value 0: the only pad quant.pad expresses."""
    return op.mode.data == "constant" and op.value.value.data == 0.0


def _moved(op: Operation, op_class: type[Operation], names: tuple[str, ...]):
    """`op` on the stored integers behind its one dequantized operand: the quant op
    `op_class` with `op`'s properties `names` and the input's type, or None."""
    x = activation_input(op.operands[0])
    if x is None:
        return None
    return op_class.create(
        operands=[x],
        result_types=[with_element(op.results[0], per_tensor(x))],
        properties={name: op.properties[name] for name in names},
    )


def movement_fuser(op_class: type[Operation], names: tuple[str, ...]):
    def fuse(op: Operation, out_type: TensorType, rounding: str) -> Fused | None:
        if isinstance(op, graph.PadOp) and not _is_zero_pad(op):
            return None
        moved = _moved(op, op_class, names)
        return then_requantize(moved, out_type, rounding) if moved is not None else None

    return fuse


def fuse_interleave(op: graph.InterleaveOp, out_type: TensorType, rounding: str):
    """quant.interleave when every phase is dequantized from one per-tensor type."""
    inputs = [activation_input(v) for v in op.inputs]
    if any(x is None for x in inputs) or len({x.type.get_element_type() for x in inputs}) != 1:
        return None
    interleave = quant.InterleaveOp.create(
        operands=inputs,
        result_types=[with_element(op.output, per_tensor(inputs[0]))],
        properties={"factors": op.factors},
    )
    return then_requantize(interleave, out_type, rounding)
