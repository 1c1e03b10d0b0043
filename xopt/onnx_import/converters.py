"""Per-operator ONNX -> graph converters.

Each converter takes a `NodeContext` and returns the SSA values of the node's outputs.
Inputs that ONNX passes as tensors but the graph dialect needs at compile time (pads,
scales, axes, clip bounds) must be constants; `auto_pad` and `output_shape` are resolved
into explicit pads here, and opset differences are absorbed here, so graph ops have one
meaning. Converters are grouped by op family in sibling modules.
"""

from __future__ import annotations

from collections.abc import Callable

from xdsl.ir import SSAValue

from xopt.onnx_import.convert_elementwise import ELEMENTWISE_CONVERTERS
from xopt.onnx_import.convert_nn import NN_CONVERTERS
from xopt.onnx_import.convert_quant import QUANT_CONVERTERS
from xopt.onnx_import.convert_shape import SHAPE_CONVERTERS

Converter = Callable[["NodeContext"], list[SSAValue]]  # noqa: F821

CONVERTERS: dict[str, Converter] = {
    **ELEMENTWISE_CONVERTERS,
    **NN_CONVERTERS,
    **QUANT_CONVERTERS,
    **SHAPE_CONVERTERS,
}
