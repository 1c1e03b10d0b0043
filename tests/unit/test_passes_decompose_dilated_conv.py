"""decompose-dilated-conv on hand-written IR: the MAC counts behind rule=auto, and a weight
that is not a constant (auto takes the phases, which leave the weight alone)."""

from __future__ import annotations

import numpy as np

from xopt.dialects.graph import Conv2dOp, InterleaveOp, PhaseSliceOp
from xopt.dialects.graph.base import ints
from xopt.executor import graph_kernels as gk
from xopt.executor.run import run_sample
from xopt.ir_io import make_context, parse_mlir
from xopt.passes.decompose_dilated_conv import (
    DecomposeDilatedConvPass,
    conv_plans,
    dense_kernel_macs,
    phase_macs,
)

ASPP = """
func.func @main(%x: tensor<1x8x9x9xf32>, %w: tensor<4x8x3x3xf32>) -> tensor<1x4x9x9xf32> {
  %y = graph.conv2d %x, %w {
    strides = array<i64: 1, 1>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 3, 3>,
    group = 1 : i64
  } : (tensor<1x8x9x9xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x9x9xf32>
  func.return %y : tensor<1x4x9x9xf32>
}
"""
"""A DeepLab ASPP-style branch: 3x3 kernel, dilation 3, "same" padding, weight an argument."""


def _conv(module) -> Conv2dOp:
    return next(op for op in module.walk() if isinstance(op, Conv2dOp))


def test_mac_counts():
    conv = _conv(parse_mlir(ASPP, "aspp.mlir"))
    plans = conv_plans(conv, (1, 8, 9, 9), ints(conv.pads))
    assert plans is not None
    # 3 x 3 phases of 3 x 3 outputs; every tap of a 3x3 kernel: N*O*Ho*Wo*C*9.
    assert [p.outputs for p in plans[0].phases] == [3, 3, 3]
    assert phase_macs(conv, plans) == 1 * 4 * 9 * 9 * 8 * 9
    # dense kernel 7 x 7, of which 40 taps are zeros.
    assert dense_kernel_macs(conv) == 1 * 4 * 9 * 9 * 8 * 49


def test_weight_argument_takes_phases():
    module = parse_mlir(ASPP, "aspp.mlir")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 8, 9, 9)).astype(np.float32)
    w = rng.standard_normal((4, 8, 3, 3)).astype(np.float32)
    DecomposeDilatedConvPass().apply(make_context(), module)
    module.verify()
    ops = list(module.walk())
    assert sum(isinstance(op, PhaseSliceOp) for op in ops) == 9
    assert sum(isinstance(op, InterleaveOp) for op in ops) == 1
    convs = [op for op in ops if isinstance(op, Conv2dOp)]
    assert len(convs) == 9 and all(ints(op.dilations) == (1, 1) for op in convs)
    (actual,) = run_sample(module, [x, w])
    expected = gk.conv2d(x, w, None, (1, 1), (3, 3, 3, 3), (3, 3))
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)


CONSTANT_WEIGHT = """
func.func @main(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32> {
  %w = graph.constant {value = dense<0.5> : tensor<2x2x3x3xf32>} : tensor<2x2x3x3xf32>
  %y = graph.conv2d %x, %w {
    strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>,
    group = 1 : i64
  } : (tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  func.return %y : tensor<1x2x6x6xf32>
}
"""


def test_forms_not_chosen_leave_no_uses_behind():
    """rule=auto builds the dense-kernel conv to compare, then takes the phases: the unused
    conv must not stay a (detached) user of the input, or later rewrites of the input
    visit an op outside the module."""
    module = parse_mlir(CONSTANT_WEIGHT, "conv.mlir")
    DecomposeDilatedConvPass().apply(make_context(), module)
    assert any(isinstance(op, InterleaveOp) for op in module.walk())
    for op in module.walk():
        for result in op.results:
            assert all(use.operation.parent is not None for use in result.uses)
    for arg in next(op for op in module.walk() if op.name == "func.func").args:
        assert all(use.operation.parent is not None for use in arg.uses)
