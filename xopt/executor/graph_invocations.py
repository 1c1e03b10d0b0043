"""The graph ops the C targets run in fp32, each as one call of a graph executor kernel:
`invocation(op, operands)`, the graph-level twin of `quant_invocations`.

An invocation names an entry of `KERNELS` (prefixed `float_`, apart from the quant kernels'
names: the C targets' builders of both live in one namespace) and the arguments it takes
for `op`, read from the op's properties as `graph_interpreter` reads them, a fused
activation as `activation=(kind, values)`. `KERNELS` are the graph executor's kernels
(`graph_kernels`), so `invocation(op, values).run()` is what the graph executor computes;
the C targets' builders (`targets.c.kernel_params_float`) take the same arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from xdsl.ir import Operation

from xopt.dialects import graph
from xopt.dialects.graph.base import ints
from xopt.executor import graph_kernels as gk
from xopt.executor.quant_invocations import Invocation


@dataclass(frozen=True)
class GraphInvocation(Invocation):
    """`KERNELS[kernel](*args, **kwargs)` computes the graph op's result."""

    def run(self) -> np.ndarray:
        return np.asarray(KERNELS[self.kernel](*self.args, **self.kwargs))


def _activated(kernel: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """`kernel` followed by an optional fused `activation=(kind, values)`."""

    def run(*args, activation: tuple[str, Sequence[float]] | None = None, **kwargs):
        y = kernel(*args, **kwargs)
        return y if activation is None else gk.apply_activation(y, *activation)

    return run


def _activation(op: Operation) -> dict[str, Any]:
    act = op.properties.get("activation")
    return {} if act is None else {"activation": (act.kind.data, tuple(act.values))}


def _value(attr) -> float:
    return attr.value.data


def _conv2d(op: graph.Conv2dOp, a: Sequence[Any]) -> GraphInvocation:
    kwargs = dict(
        strides=ints(op.strides),
        pads=ints(op.pads),
        dilations=ints(op.dilations),
        group=op.group.value.data,
        **_activation(op),
    )
    return GraphInvocation("float_conv2d", (a[0], a[1], a[2] if len(a) > 2 else None), kwargs)


def _gemm(op: graph.GemmOp, a: Sequence[Any]) -> GraphInvocation:
    kwargs = dict(
        alpha=_value(op.alpha),
        beta=_value(op.beta),
        trans_a=op.trans_a is not None,
        trans_b=op.trans_b is not None,
        **_activation(op),
    )
    return GraphInvocation("float_gemm", (a[0], a[1], a[2] if len(a) > 2 else None), kwargs)


def _plain(kernel: str, read: Callable[[Any], dict[str, Any]] = lambda op: {}):
    """An op whose operands are the kernel's arguments, plus keyword arguments `read(op)`."""

    def build(op, a: Sequence[Any]) -> GraphInvocation:
        return GraphInvocation(kernel, tuple(a), read(op))

    return build


BUILDERS: dict[type[Operation], Callable[[Any, Sequence[Any]], GraphInvocation]] = {
    graph.Conv2dOp: _conv2d,
    graph.GemmOp: _gemm,
    graph.MatMulOp: _plain("float_matmul"),
    graph.AddOp: _plain("float_add", _activation),
    graph.SubOp: _plain("float_sub"),
    graph.MulOp: _plain("float_mul"),
    graph.DivOp: _plain("float_div"),
    graph.SumOp: _plain("float_sum"),
    graph.PReluOp: _plain("float_prelu"),
    graph.ReluOp: _plain("float_relu"),
    graph.ClipOp: _plain("float_clip", lambda op: dict(low=_value(op.min), high=_value(op.max))),
    graph.LeakyReluOp: _plain("float_leaky_relu", lambda op: dict(alpha=_value(op.alpha))),
    graph.HardSigmoidOp: _plain(
        "float_hard_sigmoid", lambda op: dict(alpha=_value(op.alpha), beta=_value(op.beta))
    ),
    graph.HardSwishOp: _plain("float_hard_swish"),
    graph.LrnOp: _plain(
        "float_lrn",
        lambda op: dict(
            size=op.size.value.data,
            alpha=_value(op.alpha),
            beta=_value(op.beta),
            bias=_value(op.bias),
        ),
    ),
    graph.ReduceMeanOp: _plain(
        "float_reduce_mean", lambda op: dict(axes=ints(op.axes), keepdims=op.keepdims is not None)
    ),
    graph.GlobalAvgPoolOp: _plain("float_global_avgpool"),
    graph.PadOp: _plain(
        "float_pad", lambda op: dict(pads=ints(op.pads), mode=op.mode.data, value=_value(op.value))
    ),
    graph.TransposeOp: _plain("float_transpose", lambda op: dict(perm=ints(op.perm))),
}
"""The graph ops the C targets run in fp32, and how to read their call from the op."""

KERNELS: dict[str, Callable[..., Any]] = {
    "float_conv2d": _activated(gk.conv2d),
    "float_gemm": _activated(gk.gemm),
    "float_matmul": gk.matmul,
    "float_add": _activated(gk.add),
    "float_sub": gk.sub,
    "float_mul": gk.mul,
    "float_div": gk.div,
    "float_sum": gk.sum_inputs,
    "float_prelu": gk.prelu,
    "float_relu": gk.relu,
    "float_clip": gk.clip,
    "float_leaky_relu": gk.leaky_relu,
    "float_hard_sigmoid": gk.hard_sigmoid,
    "float_hard_swish": gk.hard_swish,
    "float_lrn": gk.lrn,
    "float_reduce_mean": gk.reduce_mean,
    "float_global_avgpool": gk.global_avgpool,
    "float_pad": gk.pad,
    "float_transpose": gk.transpose,
}
"""The graph executor's kernel of each invocation name."""

VIEWS = (graph.ReshapeOp, graph.FlattenOp, graph.SqueezeOp, graph.UnsqueezeOp)
"""Graph ops that only reshape: the same row-major values under another shape."""


def invocation(op: Operation, operands: Sequence[Any]) -> GraphInvocation:
    """The graph executor's kernel call computing `op` from `operands` (in operand order)."""
    return BUILDERS[type(op)](op, operands)
