"""Property test of `decompose-conv-transpose`: random ONNX ConvTranspose models (shapes,
strides, pads or auto_pad or output_shape, output_padding, dilations, groups, bias),
imported, decomposed, and run by the graph executor, agree with onnxruntime on the
original model (1e-4 relative, 1e-5 absolute), with no `graph.conv_transpose2d` left.

Pads range past the kernel's reach so that the crop and the bias-only cases come up too.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import onnx
from hypothesis import event, given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper, numpy_helper

from xopt.executor.run import run_sample
from xopt.ir_io import make_context
from xopt.onnx_import.importer import import_onnx
from xopt.passes.decompose_conv_transpose import DecomposeConvTransposePass
from xopt.testing import assert_close, run_model

OPSET = 18


def _full_size(size, kernel, stride, dilation, output_padding) -> int:
    return stride * (size - 1) + output_padding + dilation * (kernel - 1) + 1


@st.composite
def conv_transpose_models(draw):
    group, per_group_in, per_group_out = (draw(st.integers(1, 3)) for _ in range(3))
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    strides = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    dilations = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    # onnxruntime wants output_padding < stride (ONNX allows < max(stride, dilation)).
    output_padding = tuple(draw(st.integers(0, strides[i] - 1)) for i in range(2))
    size = draw(st.tuples(st.integers(1, 5), st.integers(1, 5)))
    full = [
        _full_size(size[i], kernel[i], strides[i], dilations[i], output_padding[i]) for i in (0, 1)
    ]
    attrs = dict(
        kernel_shape=kernel,
        strides=strides,
        dilations=dilations,
        output_padding=output_padding,
        group=group,
    )
    how = draw(
        st.sampled_from(["pads", "pads", "pads", "SAME_UPPER", "SAME_LOWER", "output_shape"])
    )
    if how == "pads":
        begin = [draw(st.integers(0, full[a] - 1)) for a in (0, 1)]
        end = [draw(st.integers(0, full[a] - 1 - begin[a])) for a in (0, 1)]
        attrs["pads"] = (*begin, *end)
    elif how == "output_shape":
        # onnx's shape inference gives up on an output_shape smaller than the input.
        attrs["output_shape"] = tuple(draw(st.integers(size[a], full[a])) for a in (0, 1))
    else:
        # onnx's shape inference adds output_padding to the SAME_* size (in * stride), which
        # onnxruntime and onnx's reference implementation do not: the importer trusts the
        # former, so SAME_* cases keep output_padding 0.
        attrs["auto_pad"] = how
        attrs["output_padding"] = (0, 0)
    seed = draw(st.integers(0, 2**32 - 1))
    batch = draw(st.integers(1, 2))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, group * per_group_in, *size)).astype(np.float32)
    w = rng.standard_normal((group * per_group_in, per_group_out, *kernel)).astype(np.float32)
    b = rng.standard_normal(group * per_group_out).astype(np.float32)
    return x, w, b if draw(st.booleans()) else None, attrs


def _model(x, w, b, attrs) -> onnx.ModelProto:
    initializers = [numpy_helper.from_array(w, "w")]
    if b is not None:
        initializers.append(numpy_helper.from_array(b, "b"))
    node = helper.make_node(
        "ConvTranspose", ["x", "w"] + (["b"] if b is not None else []), ["y"], **attrs
    )
    graph = helper.make_graph(
        [node],
        "conv_transpose",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)


@settings(max_examples=300, deadline=None)
@given(conv_transpose_models(), st.booleans())
def test_decomposition_matchesrun_model(case, pad_in_conv):
    x, w, b, attrs = case
    model = _model(x, w, b, attrs)
    expected = run_model(model, x)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.onnx")
        onnx.save(model, path)
        module = import_onnx(path).module
    DecomposeConvTransposePass(pad_in_conv=pad_in_conv).apply(make_context(), module)
    module.verify()
    names = [op.name for op in module.walk()]
    assert "graph.conv_transpose2d" not in names
    if pad_in_conv:
        assert "graph.pad" not in names
    for name in ("graph.crop", "graph.insert_zeros", "graph.pad", "graph.conv2d"):
        event(f"{name} {'present' if name in names else 'absent'}")
    (actual,) = run_sample(module, [x])
    assert_close(actual, expected)
