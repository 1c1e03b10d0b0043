"""Element-wise graph ops: arithmetic with broadcasting and activations (ONNX semantics)."""

from __future__ import annotations

from typing import ClassVar

from xdsl.dialects.builtin import FloatAttr, IntegerAttr, TensorType
from xdsl.irdl import (
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.utils.exceptions import VerifyException

from xopt.dialects.graph import shapes
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.base import (
    BinaryBroadcastOp,
    GraphOp,
    UnaryElementwiseOp,
    check,
    expect_elements,
    expect_result_shape,
    shape_of,
)
from xopt.dialects.graph.canonicalization import IdentityCanonicalization


@irdl_op_definition
class AddOp(BinaryBroadcastOp):
    """`act(lhs + rhs)` with broadcasting; https://onnx.ai/onnx/operators/onnx__Add.html."""

    name = "graph.add"

    activation = opt_prop_def(ActivationAttr)


@irdl_op_definition
class SubOp(BinaryBroadcastOp):
    """`lhs - rhs` with broadcasting; https://onnx.ai/onnx/operators/onnx__Sub.html."""

    name = "graph.sub"


@irdl_op_definition
class MulOp(BinaryBroadcastOp):
    """`lhs * rhs` with broadcasting; https://onnx.ai/onnx/operators/onnx__Mul.html."""

    name = "graph.mul"


@irdl_op_definition
class DivOp(BinaryBroadcastOp):
    """`lhs / rhs` with broadcasting (IEEE division for floats);
    https://onnx.ai/onnx/operators/onnx__Div.html."""

    name = "graph.div"


@irdl_op_definition
class SumOp(GraphOp):
    """Element-wise sum of one or more inputs with broadcasting;
    https://onnx.ai/onnx/operators/onnx__Sum.html."""

    name = "graph.sum"

    traits = traits_def(IdentityCanonicalization())

    inputs = var_operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        if not self.inputs:
            raise VerifyException(f"{self.name}: needs at least one input")
        expect_elements(self, "float")
        expected = check(self, lambda: shapes.broadcast(*(shape_of(v) for v in self.inputs)))
        expect_result_shape(self, expected)


@irdl_op_definition
class ReluOp(UnaryElementwiseOp):
    """`max(x, 0)`; https://onnx.ai/onnx/operators/onnx__Relu.html."""

    name = "graph.relu"

    ELEMENT_KIND: ClassVar[str] = "float or signed integer"


@irdl_op_definition
class SigmoidOp(UnaryElementwiseOp):
    """`1 / (1 + exp(-x))`; https://onnx.ai/onnx/operators/onnx__Sigmoid.html."""

    name = "graph.sigmoid"


@irdl_op_definition
class TanhOp(UnaryElementwiseOp):
    """Hyperbolic tangent; https://onnx.ai/onnx/operators/onnx__Tanh.html."""

    name = "graph.tanh"


@irdl_op_definition
class HardSwishOp(UnaryElementwiseOp):
    """`x * max(0, min(1, x/6 + 1/2))`; https://onnx.ai/onnx/operators/onnx__HardSwish.html."""

    name = "graph.hard_swish"


@irdl_op_definition
class ClipOp(UnaryElementwiseOp):
    """`min(max(x, min), max)`; bounds are constants (absent ONNX bounds become +-inf);
    https://onnx.ai/onnx/operators/onnx__Clip.html."""

    name = "graph.clip"

    traits = traits_def(IdentityCanonicalization())

    min = prop_def(FloatAttr)
    max = prop_def(FloatAttr)

    ELEMENT_KIND: ClassVar[str] = "float or integer"

    def verify_(self) -> None:
        super().verify_()
        low, high = self.min.value.data, self.max.value.data
        if not low <= high:
            raise VerifyException(f"{self.name}: min {low} must be <= max {high}")


@irdl_op_definition
class LeakyReluOp(UnaryElementwiseOp):
    """`x if x >= 0 else alpha * x`; https://onnx.ai/onnx/operators/onnx__LeakyRelu.html."""

    name = "graph.leaky_relu"

    alpha = prop_def(FloatAttr)


@irdl_op_definition
class HardSigmoidOp(UnaryElementwiseOp):
    """`max(0, min(1, alpha * x + beta))`; https://onnx.ai/onnx/operators/onnx__HardSigmoid.html."""

    name = "graph.hard_sigmoid"

    alpha = prop_def(FloatAttr)
    beta = prop_def(FloatAttr)


@irdl_op_definition
class PReluOp(GraphOp):
    """`x if x >= 0 else slope * x`, slope broadcasting to x (unidirectionally);
    https://onnx.ai/onnx/operators/onnx__PRelu.html."""

    name = "graph.prelu"

    input = operand_def(TensorType)
    slope = operand_def(TensorType)
    output = result_def(TensorType)

    def verify_(self) -> None:
        expect_elements(self, "float or 32/64-bit integer")
        x = shape_of(self.input)
        if check(self, lambda: shapes.broadcast(x, shape_of(self.slope))) != x:
            raise VerifyException(
                f"{self.name}: slope {shape_of(self.slope)} does not broadcast to input {x}"
            )
        expect_result_shape(self, x)


@irdl_op_definition
class SoftmaxOp(UnaryElementwiseOp):
    """`exp(x - max) / sum(exp(x - max))` along `axis` (opset-13 semantics; older opsets'
    2-D coercion is rewritten at import); https://onnx.ai/onnx/operators/onnx__Softmax.html."""

    name = "graph.softmax"

    axis = prop_def(IntegerAttr)

    def verify_(self) -> None:
        super().verify_()
        check(self, lambda: shapes.normalize_axis(self.axis.value.data, len(shape_of(self.input))))
