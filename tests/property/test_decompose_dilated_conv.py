"""Property tests: `decompose-dilated-conv` on random dilated ONNX Convs.

Each example builds a one-conv ONNX model (random batch, channels, groups or depthwise,
kernel, strides, dilations, asymmetric pads, bias, optionally a Relu/LeakyRelu that
`fuse-activation` folds into the conv), imports it, runs the pass with one rule and checks
that no dilated conv is left, that the xopt executor's output matches onnxruntime on the
original model (1e-4 relative), and that the convs left execute the multiply-accumulates
the pass promises. A second test exports the rewritten module to ONNX (phase slices and
interleaves included) and runs that in onnxruntime. A third checks the phase kernels
themselves: `phase_slice` against ONNX Slice, and interleaving all the phases of a tensor
gives the tensor back.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import onnx
from hypothesis import event, given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper, numpy_helper

from xopt.dialects.graph import Conv2dOp
from xopt.dialects.graph.base import ints, shape_of
from xopt.dialects.graph.phase_ops import phase_size
from xopt.executor import graph_kernels_phase as gk_phase
from xopt.executor.run import run_sample
from xopt.ir_io import load_module, make_context
from xopt.onnx_export import export_module
from xopt.passes.decompose_dilated_conv import DecomposeDilatedConvPass
from xopt.passes.fuse_activation import FuseActivationPass
from xopt.testing import assert_close, run_model, run_onnx

OPSET = 18
SETTINGS = settings(max_examples=200, deadline=None)
seeds = st.integers(0, 2**32 - 1)
RULES = ("auto", "phases", "dense-kernel")


@st.composite
def dilated_convs(draw):
    """(model, x, macs) with `macs = (useful, dense)`: the MACs of the conv's real taps
    and of its explicitly dilated kernel."""
    if draw(st.booleans()):
        group, per_group_in = draw(st.integers(2, 4)), 1  # depthwise (or multiplier > 1)
    else:
        group, per_group_in = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    per_group_out = draw(st.integers(1, 2))
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    strides = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    dilated, other = draw(st.integers(2, 4)), draw(st.integers(1, 4))
    dilations = (dilated, other) if draw(st.booleans()) else (other, dilated)
    pads = draw(st.tuples(*[st.integers(0, 4)] * 4))
    size = []
    for i in range(2):
        span = dilations[i] * (kernel[i] - 1) + 1
        smallest = max(1, span - pads[i] - pads[2 + i])
        size.append(draw(st.integers(smallest, smallest + 7)))
    rng = np.random.default_rng(draw(seeds))
    batch = draw(st.integers(1, 2))
    x = rng.standard_normal((batch, group * per_group_in, *size)).astype(np.float32)
    w = rng.standard_normal((group * per_group_out, per_group_in, *kernel)).astype(np.float32)
    initializers = [numpy_helper.from_array(w, "w")]
    inputs = ["x", "w"]
    if draw(st.booleans()):
        b = rng.standard_normal(w.shape[0]).astype(np.float32)
        initializers.append(numpy_helper.from_array(b, "b"))
        inputs.append("b")
    attrs = dict(kernel_shape=kernel, strides=strides, pads=pads, dilations=dilations)
    activation = draw(st.sampled_from([None, "Relu", "LeakyRelu"]))
    conv_out = "y" if activation is None else "conv"
    nodes = [helper.make_node("Conv", inputs, [conv_out], group=group, **attrs)]
    if activation is not None:
        nodes.append(helper.make_node(activation, ["conv"], ["y"]))
    graph = helper.make_graph(
        nodes,
        "dilated",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)
    extent = [(kernel[i] - 1) * dilations[i] + 1 for i in range(2)]
    out = [(size[i] + pads[i] + pads[2 + i] - extent[i]) // strides[i] + 1 for i in range(2)]
    per_tap = batch * w.shape[0] * per_group_in * out[0] * out[1]
    return model, x, (per_tap * kernel[0] * kernel[1], per_tap * extent[0] * extent[1])


def decompose(model: onnx.ModelProto, rule: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.onnx")
        onnx.save(model, path)
        module = load_module(path)
    ctx = make_context()
    FuseActivationPass().apply(ctx, module)
    DecomposeDilatedConvPass(rule=rule).apply(ctx, module)
    module.verify()
    names = [op.name for op in module.walk()]
    event(f"{rule}: {names.count('graph.conv2d')} convs, {names.count('graph.pad')} pads")
    return module


def executed_macs(module) -> int:
    """MACs of every conv in `module`, each tap of its kernel counted."""
    total = 0
    for op in module.walk():
        if isinstance(op, Conv2dOp):
            n, o, oh, ow = shape_of(op.output)
            _, per_group, kh, kw = shape_of(op.weight)
            total += n * o * oh * ow * per_group * kh * kw
    return total


@SETTINGS
@given(dilated_convs(), st.sampled_from(RULES))
def test_decomposed_conv_matches_onnxruntime(case, rule):
    model, x, (useful, dense) = case
    expected = run_model(model, x)
    module = decompose(model, rule)
    convs = [op for op in module.walk() if isinstance(op, Conv2dOp)]
    assert convs and all(ints(op.dilations) == (1, 1) for op in convs)
    (actual,) = run_sample(module, [x])
    assert_close(actual, expected)
    macs = executed_macs(module)
    if rule == "phases":
        assert macs == useful  # the phases partition the output: no wasted taps
    elif rule == "dense-kernel":
        assert len(convs) == 1 and macs == dense
    else:
        assert macs == min(useful, dense)
        assert len(convs) == 1 or useful < dense  # ties take the single dense conv


@settings(max_examples=60, deadline=None)
@given(dilated_convs())
def test_exported_phases_run_in_onnxruntime(case):
    model, x, _ = case
    expected = run_model(model, x)
    module = decompose(model, "phases")
    exported = export_module(module, "decomposed.mlir").model
    assert_close(run_model(exported, x), expected)


@st.composite
def phase_grids(draw):
    """A random NCHW tensor and phase factors no larger than its H and W."""
    rng = np.random.default_rng(draw(seeds))
    shape = (
        draw(st.integers(1, 2)),
        draw(st.integers(1, 3)),
        *draw(st.tuples(*[st.integers(1, 9)] * 2)),
    )
    factors = tuple(draw(st.integers(1, shape[2 + i])) for i in range(2))
    return rng.standard_normal(shape).astype(np.float32), factors


@settings(max_examples=50, deadline=None)
@given(phase_grids())
def test_phase_slice_matches_onnx_slice_and_interleave_inverts_it(case):
    x, (fh, fw) = case
    n, c, h, w = x.shape
    phases = []
    for rh in range(fh):
        for rw in range(fw):
            size = (phase_size(h, rh, fh), phase_size(w, rw, fw))
            phase = gk_phase.phase_slice(x, (rh, rw), (fh, fw), size)
            ends = [rh + (size[0] - 1) * fh + 1, rw + (size[1] - 1) * fw + 1]
            slice_inputs = [x, *(np.array(v, np.int64) for v in ([rh, rw], ends, [2, 3], [fh, fw]))]
            assert_close(phase, run_onnx("Slice", slice_inputs, constants=(1, 2, 3, 4)))
            phases.append(phase)
    np.testing.assert_array_equal(gk_phase.interleave(phases, (fh, fw), x.shape), x)
