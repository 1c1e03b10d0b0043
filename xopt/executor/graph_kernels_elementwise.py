"""Numpy kernels of the element-wise graph ops: broadcasting arithmetic, activations,
softmax, and the fused `#graph.act` activation (ONNX semantics).

Kernels keep the input dtype: Python float parameters are cast to it, so float32 stays
float32 as in onnxruntime. They always return arrays, also for 0-d inputs (where numpy
ufuncs return scalars).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ONNX Add with broadcasting."""
    return np.asarray(np.add(a, b))


def sub(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ONNX Sub with broadcasting."""
    return np.asarray(np.subtract(a, b))


def mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ONNX Mul with broadcasting."""
    return np.asarray(np.multiply(a, b))


def div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ONNX Div with broadcasting: IEEE division for floats; integer division truncates
    toward zero (as C does), unlike numpy's floor division."""
    dtype = np.result_type(a, b)
    if not np.issubdtype(dtype, np.integer):
        return np.asarray(np.divide(a, b))
    quotient = np.abs(a) // np.abs(b)
    return np.where((a < 0) != (b < 0), -quotient, quotient).astype(dtype)


def sum_inputs(*xs: np.ndarray) -> np.ndarray:
    """ONNX Sum: element-wise sum of all inputs with broadcasting, left to right."""
    total = np.asarray(xs[0])
    for x in xs[1:]:
        total = total + x
    return np.asarray(total)


def relu(x: np.ndarray) -> np.ndarray:
    """ONNX Relu: `max(x, 0)`."""
    return np.asarray(np.maximum(x, x.dtype.type(0)))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """ONNX Sigmoid: `1 / (1 + exp(-x))`, evaluated without overflow for large |x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def tanh(x: np.ndarray) -> np.ndarray:
    """ONNX Tanh."""
    return np.asarray(np.tanh(x))


def clip(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """ONNX Clip: `min(max(x, low), high)` (absent ONNX bounds are -inf/+inf)."""
    if np.issubdtype(x.dtype, np.integer):
        info = np.iinfo(x.dtype)
        low, high = max(low, info.min), min(high, info.max)
    t = x.dtype.type
    return np.asarray(np.minimum(np.maximum(x, t(low)), t(high)))


def hard_swish(x: np.ndarray) -> np.ndarray:
    """ONNX HardSwish: `x * max(0, min(1, x/6 + 1/2))`."""
    t = x.dtype.type
    return np.asarray(x * np.clip(x * t(1 / 6) + t(0.5), t(0), t(1)))


def hard_sigmoid(x: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    """ONNX HardSigmoid: `max(0, min(1, alpha * x + beta))`."""
    t = x.dtype.type
    return np.asarray(np.clip(x * t(alpha) + t(beta), t(0), t(1)))


def leaky_relu(x: np.ndarray, alpha: float) -> np.ndarray:
    """ONNX LeakyRelu: `x if x >= 0 else alpha * x`."""
    return np.where(x >= 0, x, x * x.dtype.type(alpha))


def prelu(x: np.ndarray, slope: np.ndarray) -> np.ndarray:
    """ONNX PRelu: `x if x >= 0 else slope * x`, `slope` broadcasting to `x`."""
    return np.where(x >= 0, x, x * slope).astype(x.dtype, copy=False)


def softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """ONNX Softmax (opset 13): `exp(x - max) / sum(exp(x - max))` along `axis`."""
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return np.asarray(e / e.sum(axis=axis, keepdims=True))


def apply_activation(x: np.ndarray, kind: str | None, params: Sequence[float] = ()) -> np.ndarray:
    """The fused activation `#graph.act<kind params>` (None: identity): `relu`,
    `clip min, max`, `leaky_relu alpha` or `hard_swish`, each as the graph op of that name."""
    if kind is None:
        return x
    if kind == "relu":
        return relu(x)
    if kind == "clip":
        return clip(x, params[0], params[1])
    if kind == "leaky_relu":
        return leaky_relu(x, params[0])
    if kind == "hard_swish":
        return hard_swish(x)
    raise ValueError(f"unknown fused activation '{kind}'")
