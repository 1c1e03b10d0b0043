"""The `quant` dialect: integer tensors with a scale and a zero point per tensor or per
channel, and the ops that compute on them.

`types` has the type syntax, `ops` the float <-> integer conversions, `nn_ops`,
`elementwise_ops` and `data_ops` the integer compute ops, `movement_ops` the copies of
stored integers that decompositions create, `argmax_ops` the grouped and fused ArgMax, and
`xopt.executor.quant_numerics` the integer semantics they all refer to.
"""

from xdsl.ir import Dialect

from xopt.dialects.quant.argmax_ops import ArgMaxGroupsOp, ArgMaxSelectOp, ResizeArgmaxOp
from xopt.dialects.quant.data_ops import ArgMaxOp, ConcatOp, ConstantOp, ReshapeOp, ResizeOp
from xopt.dialects.quant.elementwise_ops import AddOp, MulOp, RequantizeOp, SoftmaxOp, TableOp
from xopt.dialects.quant.movement_ops import (
    CropOp,
    InsertZerosOp,
    InterleaveOp,
    PadOp,
    PhaseSliceOp,
)
from xopt.dialects.quant.nn_ops import (
    AvgPoolOp,
    Conv2dOp,
    FullyConnectedOp,
    GlobalAvgPoolOp,
    MaxPoolOp,
)
from xopt.dialects.quant.ops import DequantizeOp, QuantizeOp
from xopt.dialects.quant.types import (
    QuantizedType,
    UniformQuantizedPerAxisType,
    UniformQuantizedType,
    format_scale,
    storage_range,
)

QUANT_OPS = [
    AddOp,
    ArgMaxGroupsOp,
    ArgMaxOp,
    ArgMaxSelectOp,
    AvgPoolOp,
    ConcatOp,
    ConstantOp,
    Conv2dOp,
    CropOp,
    DequantizeOp,
    FullyConnectedOp,
    GlobalAvgPoolOp,
    InsertZerosOp,
    InterleaveOp,
    MaxPoolOp,
    MulOp,
    PadOp,
    PhaseSliceOp,
    QuantizeOp,
    RequantizeOp,
    ReshapeOp,
    ResizeArgmaxOp,
    ResizeOp,
    SoftmaxOp,
    TableOp,
]

Quant = Dialect("quant", QUANT_OPS, [UniformQuantizedType])
"""Registers the one `quant.uniform` mnemonic; `UniformQuantizedPerAxisType` shares it (see
`UniformQuantizedType`), so it is not listed: a context cannot load two types of one name."""

__all__ = [
    "AddOp",
    "ArgMaxGroupsOp",
    "ArgMaxOp",
    "ArgMaxSelectOp",
    "AvgPoolOp",
    "ConcatOp",
    "ConstantOp",
    "Conv2dOp",
    "CropOp",
    "DequantizeOp",
    "FullyConnectedOp",
    "GlobalAvgPoolOp",
    "InsertZerosOp",
    "InterleaveOp",
    "MaxPoolOp",
    "MulOp",
    "PadOp",
    "PhaseSliceOp",
    "Quant",
    "QuantizeOp",
    "QuantizedType",
    "RequantizeOp",
    "ReshapeOp",
    "ResizeArgmaxOp",
    "ResizeOp",
    "SoftmaxOp",
    "TableOp",
    "UniformQuantizedPerAxisType",
    "UniformQuantizedType",
    "format_scale",
    "storage_range",
]
