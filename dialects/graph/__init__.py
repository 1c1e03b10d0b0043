"""The `graph` dialect: float tensors with ONNX operator semantics and static shapes.

This is the level ONNX models import into. Each op mirrors one ONNX operator (named on
its docstring), with ONNX's optional inputs that must be constant (shapes, pads, scales,
axes) resolved into properties at import. Activations are NCHW as in ONNX (see
`nn_ops` for why the layout stays there). Values are `tensor<...xf32>`, or integer tensors
where ONNX needs them (argmax's i64 result, integer constants).
"""

from xdsl.ir import Dialect

from xopt.dialects.graph.argmax_ops import ArgMaxGroupsOp, ArgMaxSelectOp, ResizeArgmaxOp
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.elementwise_ops import (
    AddOp,
    ClipOp,
    DivOp,
    HardSigmoidOp,
    HardSwishOp,
    LeakyReluOp,
    MulOp,
    PReluOp,
    ReluOp,
    SigmoidOp,
    SoftmaxOp,
    SubOp,
    SumOp,
    TanhOp,
)
from xopt.dialects.graph.nn_ops import (
    AvgPoolOp,
    BatchNormOp,
    Conv2dOp,
    ConvTranspose2dOp,
    GemmOp,
    GlobalAvgPoolOp,
    LrnOp,
    MatMulOp,
    MaxPoolOp,
)
from xopt.dialects.graph.phase_ops import InterleaveOp, PhaseSliceOp
from xopt.dialects.graph.shape_ops import (
    ArgMaxOp,
    ConcatOp,
    ConstantOp,
    FlattenOp,
    PadOp,
    ReduceMeanOp,
    ReshapeOp,
    ResizeOp,
    SqueezeOp,
    TransposeOp,
    UnsqueezeOp,
)
from xopt.dialects.graph.upsample_ops import CropOp, InsertZerosOp

OPS = [
    AddOp,
    ArgMaxGroupsOp,
    ArgMaxOp,
    ArgMaxSelectOp,
    AvgPoolOp,
    BatchNormOp,
    ClipOp,
    ConcatOp,
    ConstantOp,
    Conv2dOp,
    ConvTranspose2dOp,
    CropOp,
    DivOp,
    FlattenOp,
    GemmOp,
    GlobalAvgPoolOp,
    HardSigmoidOp,
    HardSwishOp,
    InsertZerosOp,
    InterleaveOp,
    LeakyReluOp,
    LrnOp,
    MatMulOp,
    MaxPoolOp,
    MulOp,
    PadOp,
    PhaseSliceOp,
    PReluOp,
    ReduceMeanOp,
    ReluOp,
    ReshapeOp,
    ResizeArgmaxOp,
    ResizeOp,
    SigmoidOp,
    SoftmaxOp,
    SqueezeOp,
    SubOp,
    SumOp,
    TanhOp,
    TransposeOp,
    UnsqueezeOp,
]

Graph = Dialect("graph", OPS, [ActivationAttr])

__all__ = ["Graph", "ActivationAttr", *[op.__name__ for op in OPS]]
