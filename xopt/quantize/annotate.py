"""From calibration statistics and per-layer precision to the annotations `insert-qdq` reads.

A value is quantized when its producer or one of its users is a layer computed in integers
(quantizable and not FP32 fallback); so an FP32 layer between integer layers gets quantize/
dequantize at its borders, and two adjacent FP32 layers pass float between them. A value is
quantized to its producer's activation bits (`@main` arguments: the default activation bits).
Ops that only move values (maxpool, reshapes, nearest resize, a constant pad with 0, and
the data movement of decompositions: insert_zeros, crop, phase_slice, interleave) keep their
input's type; the phases an interleave puts together get the type calibrated for the
interleave's result (they are pieces of that one tensor, and quant.interleave needs one type).
A linear `graph.resize_argmax` gets `xopt.resized_type`, the type its (no longer
materialised) resize result has at the quant level: its input's type, since a bilinear
blend stays within its input's range, and `fuse-resize-argmax` on quant IR keeps whatever
the quantized resize had.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects.builtin import (
    ArrayAttr,
    DenseArrayBase,
    DictionaryAttr,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    Signedness,
    UnitAttr,
    f32,
    f64,
    i64,
)
from xdsl.ir import Attribute, Operation, SSAValue

from xopt.dialects import graph
from xopt.dialects.quant import QuantizedType, UniformQuantizedType
from xopt.executor.run import main_function
from xopt.passes.fuse_qdq import RESIZED_TYPE
from xopt.passes.insert_qdq import FALLBACK, INPUT_MEAN, QUANT_TYPE, WEIGHT_BITS, weight_slot
from xopt.quantize.calibration import CalibrationStats, is_float_tensor, tensor_keys
from xopt.quantize.precision import Precision
from xopt.quantize.ranges import affine_params, choose_range

PASSTHROUGH = (
    graph.MaxPoolOp,
    graph.ReshapeOp,
    graph.FlattenOp,
    graph.SqueezeOp,
    graph.UnsqueezeOp,
    graph.InsertZerosOp,
    graph.CropOp,
    graph.PhaseSliceOp,
    graph.InterleaveOp,
)
"""Ops whose result keeps the input's quantization (no rescaling); also nearest
`graph.resize` and a constant `graph.pad` with 0 (see `keeps_type`)."""

COMPUTE = (
    graph.Conv2dOp,
    graph.GemmOp,
    graph.MatMulOp,
    graph.AddOp,
    graph.MulOp,
    graph.AvgPoolOp,
    graph.GlobalAvgPoolOp,
    graph.ConcatOp,
    graph.ResizeOp,
    graph.ArgMaxOp,
    graph.ReluOp,
    graph.ClipOp,
    graph.SigmoidOp,
    graph.TanhOp,
    graph.HardSwishOp,
    graph.LeakyReluOp,
    graph.HardSigmoidOp,
    graph.SoftmaxOp,
    graph.ArgMaxSelectOp,
    graph.ResizeArgmaxOp,
)
"""Ops with an integer form in the quant dialect (see `fuse-qdq`)."""

CLAMP_ACTIVATIONS = ("relu", "clip")
"""Fused activations that become saturation bounds; others keep their op in float."""


@dataclass(frozen=True)
class Layer:
    """A non-constant op of `@main`, named after its result."""

    name: str
    op_type: str
    op: Operation


def layers_of(module: ModuleOp) -> list[Layer]:
    """Every non-constant op of `@main` with one tensor result, in order."""
    keys = tensor_keys(module)
    found = []
    for op in main_function(module).body.block.ops:
        if isinstance(op, graph.ConstantOp) or len(op.results) != 1 or op.name.startswith("func."):
            continue
        result = op.results[0]
        name = keys.get(result) or result.name_hint
        if name is None:
            continue
        found.append(Layer(name, op.name.removeprefix("graph."), op))
    return found


def keeps_type(op: Operation) -> bool:
    """Whether the op's result keeps its (first) input's quantization."""
    if isinstance(op, graph.ResizeOp):
        return op.mode.data == "nearest"
    if isinstance(op, graph.PadOp):
        return op.mode.data == "constant" and op.value.value.data == 0.0
    return isinstance(op, PASSTHROUGH)


def is_quantizable(op: Operation) -> bool:
    """Whether the op has an integer form."""
    if isinstance(op, graph.ResizeOp):
        return True
    if keeps_type(op):
        return True
    if not isinstance(op, COMPUTE):
        return False
    if isinstance(op, graph.MatMulOp | graph.GemmOp) and weight_slot(op) is None:
        return False
    activation = op.properties.get("activation")
    return activation is None or activation.kind.data in CLAMP_ACTIVATIONS


@dataclass(frozen=True)
class ActivationOptions:
    range_method: str = "auto"
    symmetric: bool = False
    signed: bool = True
    percentile: float = 99.999


def probability_type(bits: int, signed: bool) -> QuantizedType:
    """The fixed type of a softmax result: the range [0, 1) in steps of 2^-bits, zero point
    qmin, as quant.softmax requires a 2^-k scale (and as onnxruntime's quantizer does)."""
    sign = Signedness.SIGNED if signed else Signedness.UNSIGNED
    zero_point = -(2 ** (bits - 1)) if signed else 0
    return UniformQuantizedType(IntegerType(bits, sign), f32, 2.0**-bits, zero_point)


def activation_type(stats, bits: int, method: str, options: ActivationOptions) -> QuantizedType:
    lo, hi = choose_range(
        stats, bits, method, symmetric=options.symmetric, percentile=options.percentile
    )
    scale, zero_point = affine_params(
        lo, hi, bits, symmetric=options.symmetric, signed=options.signed
    )
    storage = IntegerType(bits, Signedness.SIGNED if options.signed else Signedness.UNSIGNED)
    return UniformQuantizedType(storage, f32, scale, zero_point)


class _Annotator:
    def __init__(self, module, stats, precisions, options, ranges, default_act_bits):
        self.module = module
        self.stats = stats
        self.precisions = precisions
        self.options = options
        self.ranges = ranges
        self.default_act_bits = default_act_bits
        self.keys = tensor_keys(module)
        self.integer_ops: set[Operation] = set()
        self.chosen: dict[SSAValue, QuantizedType] = {}

    def mark_layers(self) -> None:
        """FP32 layers get `xopt.fallback`; integer layers with weights their bits and the
        input channel means (for bias correction)."""
        for layer in layers_of(self.module):
            precision = self.precisions.get(layer.name)
            if precision is None:
                continue
            if precision.fallback or not is_quantizable(layer.op):
                layer.op.attributes[FALLBACK] = UnitAttr()
                continue
            self.integer_ops.add(layer.op)
            if weight_slot(layer.op) is None:
                continue
            layer.op.attributes[WEIGHT_BITS] = IntegerAttr(precision.weight_bits, i64)
            source = layer.op.operands[0]
            if isinstance(source.owner, graph.PhaseSliceOp):
                # A phase conv of a decomposed dilated conv corrects its bias as the whole
                # conv did: by the mean of the tensor its phases are taken from.
                source = source.owner.input
            stats = self.stats.tensors.get(self.keys.get(source, ""))
            if stats is not None and stats.channel_mean is not None:
                layer.op.attributes[INPUT_MEAN] = DenseArrayBase.from_list(
                    f64, [float(m) for m in stats.channel_mean]
                )

    def wanted(self, value: SSAValue) -> bool:
        producer = value.owner if isinstance(value.owner, Operation) else None
        return producer in self.integer_ops or any(
            use.operation in self.integer_ops for use in value.uses
        )

    def type_for(self, value: SSAValue, bits: int, name: str) -> QuantizedType | None:
        producer = value.owner
        if isinstance(producer, Operation) and keeps_type(producer):
            source = self.chosen.get(producer.operands[0])
            if source is not None:
                self.chosen[value] = source
                return source
        if isinstance(producer, graph.SoftmaxOp):
            self.chosen[value] = probability_type(bits, self.options.signed)
            return self.chosen[value]
        interleave = next(
            (u.operation for u in value.uses if isinstance(u.operation, graph.InterleaveOp)), None
        )
        if interleave is not None:
            # A phase takes the range of the tensor its interleave rebuilds.
            name = self.keys.get(interleave.output) or interleave.output.name_hint or name
        key = self.keys.get(value if interleave is None else interleave.output)
        if key is None or key not in self.stats.tensors:
            return None
        method = self.ranges.get(name, self.options.range_method)
        qtype = activation_type(self.stats.tensors[key], bits, method, self.options)
        self.chosen[value] = qtype
        return qtype

    def annotate_arguments(self) -> None:
        fn = main_function(self.module)
        arg_attrs = list(fn.arg_attrs.data) if fn.arg_attrs is not None else []
        for i, arg in enumerate(fn.args):
            if not self.wanted(arg):
                continue
            qtype = self.type_for(arg, self.default_act_bits, self.keys.get(arg, ""))
            if qtype is None:
                continue
            while len(arg_attrs) <= i:
                arg_attrs.append(DictionaryAttr({}))
            arg_attrs[i] = _with(arg_attrs[i], QUANT_TYPE, qtype)
        if arg_attrs:
            fn.arg_attrs = ArrayAttr(arg_attrs)

    def annotate_results(self) -> None:
        for layer in layers_of(self.module):
            value = layer.op.results[0]
            if not is_float_tensor(value) or not self.wanted(value):
                continue
            precision = self.precisions.get(layer.name, Precision(act_bits=self.default_act_bits))
            qtype = self.type_for(value, precision.act_bits, layer.name)
            if qtype is not None:
                layer.op.attributes[QUANT_TYPE] = qtype

    def annotate_resized(self) -> None:
        """`xopt.resized_type` = the input's type on each integer linear resize_argmax."""
        for op in self.integer_ops:
            if isinstance(op, graph.ResizeArgmaxOp) and op.mode.data != "nearest":
                source = self.chosen.get(op.input)
                if source is not None:
                    op.attributes[RESIZED_TYPE] = source


def annotate(
    module: ModuleOp,
    stats: CalibrationStats,
    precisions: dict[str, Precision],
    options: ActivationOptions,
    ranges: dict[str, str] | None = None,
    default_act_bits: int = 8,
) -> None:
    """Write `xopt.quant_type`, `xopt.weight_bits`, `xopt.input_mean` and `xopt.fallback`
    on `module` (in place) for `insert-qdq`; `precisions` maps layer names to precisions
    and `ranges` layer names to range methods (others use `options.range_method`)."""
    annotator = _Annotator(module, stats, precisions, options, ranges or {}, default_act_bits)
    annotator.mark_layers()
    annotator.annotate_arguments()
    annotator.annotate_results()
    annotator.annotate_resized()


def _with(attrs: Attribute, name: str, value: Attribute) -> DictionaryAttr:
    data = dict(attrs.data) if isinstance(attrs, DictionaryAttr) else {}
    data[name] = value
    return DictionaryAttr(data)
