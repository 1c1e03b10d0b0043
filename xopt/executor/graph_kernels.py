"""The numpy reference kernels of the `graph` dialect, one function per op.

Each kernel takes numpy arrays plus plain Python parameters and returns a new numpy array
with ONNX semantics; together they are the graph level's definition of "correct", checked
against onnxruntime (to 1e-4 relative / 1e-5 absolute on float32) by
`tests/property/test_graph_kernels*.py`. They live in three files by op family; this module
gathers them so that callers import one name:

    from xopt.executor import graph_kernels as gk
    y = gk.conv2d(x, w, b, strides=(2, 2), pads=(1, 1, 1, 1))
"""

from xopt.executor.graph_kernels_elementwise import (
    add,
    apply_activation,
    clip,
    div,
    hard_sigmoid,
    hard_swish,
    leaky_relu,
    mul,
    prelu,
    relu,
    sigmoid,
    softmax,
    sub,
    sum_inputs,
    tanh,
)
from xopt.executor.graph_kernels_nn import (
    avgpool,
    batch_norm,
    conv2d,
    conv_transpose2d,
    gemm,
    global_avgpool,
    lrn,
    matmul,
    maxpool,
)
from xopt.executor.graph_kernels_shape import (
    argmax,
    concat,
    flatten,
    pad,
    reduce_mean,
    reshape,
    resize,
    squeeze,
    transpose,
    unsqueeze,
)

__all__ = [
    "add",
    "apply_activation",
    "argmax",
    "avgpool",
    "batch_norm",
    "clip",
    "concat",
    "conv2d",
    "conv_transpose2d",
    "div",
    "flatten",
    "gemm",
    "global_avgpool",
    "hard_sigmoid",
    "hard_swish",
    "leaky_relu",
    "lrn",
    "matmul",
    "maxpool",
    "mul",
    "pad",
    "prelu",
    "reduce_mean",
    "relu",
    "reshape",
    "resize",
    "sigmoid",
    "softmax",
    "squeeze",
    "sub",
    "sum_inputs",
    "tanh",
    "transpose",
    "unsqueeze",
]
