"""The `quant` dialect: integer tensors with a scale and a zero point per tensor or per
channel, and the ops that compute on them (see `types` for the type syntax, `ops` for ops,
and `xopt.executor.quant_numerics` for the integer semantics)."""

from xdsl.ir import Dialect

from xopt.dialects.quant.ops import DequantizeOp, QuantizeOp
from xopt.dialects.quant.types import (
    QuantizedType,
    UniformQuantizedPerAxisType,
    UniformQuantizedType,
    format_scale,
    storage_range,
)

Quant = Dialect("quant", [DequantizeOp, QuantizeOp], [UniformQuantizedType])
"""Registers the one `quant.uniform` mnemonic; `UniformQuantizedPerAxisType` shares it (see
`UniformQuantizedType`), so it is not listed: a context cannot load two types of one name."""

__all__ = [
    "DequantizeOp",
    "Quant",
    "QuantizeOp",
    "QuantizedType",
    "UniformQuantizedPerAxisType",
    "UniformQuantizedType",
    "format_scale",
    "storage_range",
]
