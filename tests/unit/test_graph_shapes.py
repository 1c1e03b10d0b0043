"""Shape rules of the graph dialect (dialects/graph/shapes.py) against their references:
onnx's shape inference on single-node models, onnxruntime where onnx's inference is
known to differ (pooling with ceil_mode), and numpy for broadcasting, matmul and the
data-movement ops."""

from __future__ import annotations

import math

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper, numpy_helper, shape_inference

from xopt.dialects.graph import shapes

OPSET = 19
SETTINGS = settings(max_examples=50, deadline=None)

dims = st.integers(1, 5)
shape = st.lists(dims, min_size=0, max_size=4).map(tuple)
pair = st.tuples(st.integers(1, 3), st.integers(1, 3))
pads4 = st.tuples(*[st.integers(0, 2)] * 4)


def _model(op_type: str, x: tuple[int, ...], attrs: dict, initializers=()) -> onnx.ModelProto:
    names = ["x", *[i.name if i is not None else "" for i in initializers]]
    node = helper.make_node(op_type, names, ["y"], **attrs)
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializer=[i for i in initializers if i is not None],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=9)


def onnx_shape(op_type: str, x: tuple[int, ...], attrs: dict, initializers=()) -> tuple:
    """The output shape onnx's shape inference gives a single `op_type` node."""
    model = shape_inference.infer_shapes(_model(op_type, x, attrs, initializers), strict_mode=True)
    return tuple(d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim)


def ort_shape(op_type: str, x: tuple[int, ...], attrs: dict) -> tuple:
    """The output shape onnxruntime computes for a single `op_type` node."""
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(_model(op_type, x, attrs).SerializeToString(), options)
    return session.run(None, {"x": np.zeros(x, np.float32)})[0].shape


def weight(w: tuple[int, ...]) -> onnx.TensorProto:
    return numpy_helper.from_array(np.zeros(w, np.float32), "w")


# ---- windows: conv, conv_transpose, pooling ------------------------------------------


@SETTINGS
@given(
    n=st.integers(1, 2),
    group=st.integers(1, 3),
    cin=st.integers(1, 3),
    cout=st.integers(1, 3),
    hw=pair.map(lambda p: (p[0] + 3, p[1] + 3)),
    kernel=pair,
    strides=pair,
    dilations=pair,
    pads=pads4,
)
def test_conv2d_matches_onnx(n, group, cin, cout, hw, kernel, strides, dilations, pads):
    x = (n, cin * group, *hw)
    w = (cout * group, cin, *kernel)
    assume(
        all(hw[i] + pads[i] + pads[2 + i] >= dilations[i] * (kernel[i] - 1) + 1 for i in range(2))
    )
    ours = shapes.conv2d(x, w, strides, pads, dilations, group)
    attrs = dict(strides=strides, pads=pads, dilations=dilations, group=group, kernel_shape=kernel)
    assert ours == onnx_shape("Conv", x, attrs, [weight(w)])


@SETTINGS
@given(
    group=st.integers(1, 3),
    cin=st.integers(1, 3),
    cout=st.integers(1, 3),
    hw=pair,
    kernel=pair,
    strides=pair,
    dilations=pair,
    pads=pads4,
    output_padding=pair.map(lambda p: (p[0] - 1, p[1] - 1)),
)
def test_conv_transpose2d_matches_onnx(
    group, cin, cout, hw, kernel, strides, dilations, pads, output_padding
):
    assume(all(output_padding[i] < max(strides[i], dilations[i]) for i in range(2)))
    x = (1, cin * group, *hw)
    w = (cin * group, cout, *kernel)
    try:
        ours = shapes.conv_transpose2d(x, w, strides, pads, dilations, output_padding, group)
    except ValueError as e:
        assert "not positive" in str(e)
        return
    attrs = dict(
        strides=strides,
        pads=pads,
        dilations=dilations,
        group=group,
        output_padding=output_padding,
        kernel_shape=kernel,
    )
    assert ours == onnx_shape("ConvTranspose", x, attrs, [weight(w)])


@st.composite
def pool_cases(draw):
    """(input shape, kernel, strides, pads, dilations): pads smaller than the kernel (as
    onnxruntime requires) and the dilated window fitting in the padded input."""
    kernel, strides, dilations = draw(pair), draw(pair), draw(pair)
    pads = tuple(draw(st.integers(0, kernel[i % 2] - 1)) for i in range(4))
    spans = [dilations[i] * (kernel[i] - 1) + 1 for i in range(2)]
    hw = [max(1, spans[i] - pads[i] - pads[2 + i]) + draw(st.integers(0, 4)) for i in range(2)]
    return (1, 2, *hw), kernel, strides, pads, dilations


def _pool_attrs(kernel, strides, pads, dilations) -> dict:
    return dict(kernel_shape=kernel, strides=strides, pads=pads, dilations=dilations)


@SETTINGS
@given(pool_cases())
def test_pool2d_matches_onnx(case):
    x, kernel, strides, pads, dilations = case
    ours = shapes.pool2d(x, kernel, strides, pads, dilations, ceil_mode=False)
    assert ours == onnx_shape("MaxPool", x, _pool_attrs(kernel, strides, pads, dilations))
    assert ours == onnx_shape("AveragePool", x, _pool_attrs(kernel, strides, pads, dilations))


@SETTINGS
@given(pool_cases())
def test_pool2d_ceil_mode_matches_onnxruntime(case):
    """onnx's shape inference keeps a last window that starts in the end padding;
    onnxruntime (and PyTorch) drop it, and so do we."""
    x, kernel, strides, pads, dilations = case
    ours = shapes.pool2d(x, kernel, strides, pads, dilations, ceil_mode=True)
    attrs = {**_pool_attrs(kernel, strides, pads, dilations), "ceil_mode": 1}
    assert ours == ort_shape("MaxPool", x, attrs)


def test_pool2d_ceil_mode_drops_a_window_in_the_end_padding():
    # 5 + 1 + 1 padded, kernel 2, stride 2: ceil gives 4 windows, the 4th starts at 6 >= 5 + 1.
    assert shapes.pool2d((1, 1, 5, 5), (2, 2), (2, 2), (1, 1, 1, 1), (1, 1), True) == (1, 1, 3, 3)
    assert onnx_shape(
        "MaxPool",
        (1, 1, 5, 5),
        dict(kernel_shape=[2, 2], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1),
    ) == (1, 1, 4, 4)


@pytest.mark.parametrize(
    "rule, message",
    [
        (
            lambda: shapes.pool2d((1, 1, 5, 5), (2, 2), (1, 1), (2, 0, 0, 0), (1, 1), False),
            "smaller",
        ),
        (lambda: shapes.conv2d((1, 4, 5, 5), (8, 4, 3, 3), (1, 1), (0,) * 4, (1, 1), 3), "group 3"),
        (
            lambda: shapes.conv2d((1, 4, 2, 2), (8, 4, 3, 3), (1, 1), (0,) * 4, (1, 1), 1),
            "extent 3",
        ),
        (lambda: shapes.conv2d((1, 4, 5, 5), (8, 4, 0, 3), (1, 1), (0,) * 4, (1, 1), 1), "kernel"),
        (
            lambda: shapes.conv_transpose2d(
                (1, 4, 5, 5), (4, 3, 3, 3), (1, 1), (0,) * 4, (1, 1), (1, 1), 1
            ),
            "output_padding",
        ),
    ],
)
def test_window_rules_reject(rule, message):
    with pytest.raises(ValueError, match=message):
        rule()


# ---- broadcasting and products --------------------------------------------------------


@SETTINGS
@given(st.lists(shape, min_size=1, max_size=3))
def test_broadcast_matches_numpy(operands):
    try:
        expected = np.broadcast_shapes(*operands)
    except ValueError:
        with pytest.raises(ValueError, match="do not broadcast"):
            shapes.broadcast(*operands)
        return
    assert shapes.broadcast(*operands) == expected


small = st.lists(st.integers(1, 3), min_size=1, max_size=4).map(tuple)


@SETTINGS
@given(a=small, b=small)
def test_matmul_matches_numpy(a, b):
    try:
        expected = np.matmul(np.zeros(a), np.zeros(b)).shape
    except ValueError:
        with pytest.raises(ValueError):
            shapes.matmul(a, b)
        return
    assert shapes.matmul(a, b) == expected


@SETTINGS
@given(
    a=st.tuples(dims, dims), b=st.tuples(dims, dims), trans_a=st.booleans(), trans_b=st.booleans()
)
def test_gemm_matches_numpy(a, b, trans_a, trans_b):
    lhs, rhs = np.zeros(a), np.zeros(b)
    try:
        expected = ((lhs.T if trans_a else lhs) @ (rhs.T if trans_b else rhs)).shape
    except ValueError:
        with pytest.raises(ValueError, match="inner dimensions"):
            shapes.gemm(a, b, trans_a, trans_b)
        return
    assert shapes.gemm(a, b, trans_a, trans_b) == expected


def test_matmul_rejects_scalars():
    with pytest.raises(ValueError, match="at least 1-D"):
        shapes.matmul((), (3,))


# ---- data movement --------------------------------------------------------------------

nonscalar = st.lists(dims, min_size=1, max_size=4).map(tuple)


@SETTINGS
@given(x=nonscalar, data=st.data())
def test_reduce_matches_numpy(x, data):
    axes = data.draw(
        st.lists(st.integers(-len(x), len(x) - 1), max_size=len(x), unique_by=lambda a: a % len(x))
    )
    keepdims = data.draw(st.booleans())
    expected = np.zeros(x).mean(axis=tuple(axes) if axes else None, keepdims=keepdims).shape
    assert shapes.reduce(x, axes, keepdims) == expected


@SETTINGS
@given(x=nonscalar, data=st.data())
def test_concat_matches_numpy(x, data):
    axis = data.draw(st.integers(-len(x), len(x) - 1))
    sizes = data.draw(st.lists(dims, min_size=1, max_size=3))
    inputs = [tuple(s if i == axis % len(x) else d for i, d in enumerate(x)) for s in sizes]
    expected = np.concatenate([np.zeros(s) for s in inputs], axis=axis).shape
    assert shapes.concat(inputs, axis) == expected


@SETTINGS
@given(x=nonscalar, data=st.data())
def test_transpose_matches_numpy(x, data):
    perm = data.draw(st.permutations(range(len(x))))
    assert shapes.transpose(x, perm) == np.zeros(x).transpose(perm).shape


@SETTINGS
@given(x=st.lists(st.integers(1, 2), min_size=1, max_size=5).map(tuple), data=st.data())
def test_squeeze_and_unsqueeze_match_numpy(x, data):
    ones = [i for i, d in enumerate(x) if d == 1]
    axes = data.draw(st.lists(st.sampled_from(ones), unique=True) if ones else st.just([]))
    assert shapes.squeeze(x, axes) == np.squeeze(np.zeros(x), axis=tuple(axes)).shape
    out_rank = len(x) + len(axes)
    new = data.draw(
        st.lists(st.integers(0, out_rank - 1), min_size=len(axes), max_size=len(axes), unique=True)
    )
    assert shapes.unsqueeze(x, new) == np.expand_dims(np.zeros(x), tuple(new)).shape


@SETTINGS
@given(x=shape, data=st.data())
def test_flatten_matches_onnx(x, data):
    axis = data.draw(st.integers(-len(x), len(x)))
    assert shapes.flatten(x, axis) == onnx_shape("Flatten", x, {"axis": axis})


@SETTINGS
@given(x=nonscalar, data=st.data())
def test_pad_matches_numpy(x, data):
    pads = data.draw(st.lists(st.integers(0, 3), min_size=2 * len(x), max_size=2 * len(x)))
    widths = list(zip(pads[: len(x)], pads[len(x) :]))
    assert shapes.pad(x, pads) == np.pad(np.zeros(x), widths).shape


# ---- resize ---------------------------------------------------------------------------

scale = st.floats(0.1, 4.0, allow_nan=False).map(lambda s: float(np.float32(s)))


@SETTINGS
@given(x=st.tuples(dims, dims, st.integers(1, 40), st.integers(1, 40)), s=st.tuples(scale, scale))
def test_resize_accepts_onnx_shape_inference(x, s):
    scales = (1.0, 1.0, *s)
    inferred = onnx_shape(
        "Resize",
        x,
        {"mode": "nearest"},
        [None, numpy_helper.from_array(np.array(scales, np.float32), "scales")],
    )
    shapes.check_resize(x, scales, inferred)
    assert all(abs(a - b) <= 1 for a, b in zip(shapes.resize(x, scales), inferred))


@SETTINGS
@given(size=st.integers(1, 300), out=st.integers(1, 300))
def test_resize_scales_from_sizes_give_the_sizes(size, out):
    """The importer turns a `sizes` input into scales `out / in`; flooring `in * scale`
    must give `out` back, whether the scale is kept in f64 or was rounded to f32."""
    for s in (out / size, float(np.float32(out / size))):
        assert shapes.resize((size,), (s,)) == (out,)
        shapes.check_resize((size,), (s,), (out,))


def test_resize_floors():
    assert shapes.resize((1, 1, 5, 4), (1.0, 1.0, 0.5, 1.5)) == (1, 1, 2, 6)
    # floor(10 * 0.7f): onnx's shape inference computes 6, onnxruntime 7; both are accepted.
    s = float(np.float32(0.7))
    shapes.check_resize((10,), (s,), (6,))
    shapes.check_resize((10,), (s,), (7,))
    with pytest.raises(ValueError, match=r"result size 3 on axis 0 must be floor\(5 \* 0.5\) = 2"):
        shapes.check_resize((5,), (0.5,), (3,))


# ---- axes -----------------------------------------------------------------------------


@SETTINGS
@given(rank=st.integers(0, 5), axis=st.integers(-7, 7))
def test_normalize_axis(rank, axis):
    if -rank <= axis < rank:
        assert shapes.normalize_axis(axis, rank) == axis % rank
    else:
        with pytest.raises(ValueError, match="out of range"):
            shapes.normalize_axis(axis, rank)


def test_num_elements():
    assert shapes.num_elements(()) == 1
    assert shapes.num_elements((2, 3, 4)) == math.prod((2, 3, 4))
