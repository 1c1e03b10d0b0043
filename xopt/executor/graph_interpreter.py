"""xDSL interpreter functions for the `graph` dialect: each op reads its properties and
calls its numpy kernel from `xopt.executor.graph_kernels`.

Values are numpy arrays. `make_interpreter` registers them together with `func`'s:

    interpreter = make_interpreter(module)
    (y,) = interpreter.call_op("main", (x,))
"""

from __future__ import annotations

from typing import Any

import numpy as np
from xdsl.dialects.builtin import ModuleOp
from xdsl.interpreter import Interpreter, InterpreterFunctions, impl, register_impls
from xdsl.interpreters.func import FuncFunctions

from xopt.dialects import graph
from xopt.dialects.graph.attrs import ActivationAttr
from xopt.dialects.graph.base import ints, shape_of
from xopt.executor import graph_kernels as gk
from xopt.executor import graph_kernels_argmax as gk_argmax
from xopt.executor import graph_kernels_phase as gk_phase
from xopt.executor import graph_kernels_upsample as gku
from xopt.onnx_import.types import array_of, numpy_dtype_of

Args = tuple[Any, ...]


def _activate(y: np.ndarray, act: ActivationAttr | None) -> np.ndarray:
    """Apply an op's optional fused `activation` property."""
    if act is None:
        return y
    return gk.apply_activation(y, act.kind.data, act.values)


def _optional(args: Args, index: int) -> np.ndarray | None:
    """The optional operand at `index` (absent optional operands are not in `args`)."""
    return args[index] if len(args) > index else None


@register_impls
class GraphFunctions(InterpreterFunctions):
    """Interpretation of every `graph` op on numpy arrays."""

    @impl(graph.ConstantOp)
    def run_constant(self, interpreter: Interpreter, op: graph.ConstantOp, args: Args):
        return (array_of(op.value),)

    # ---- weights and windows

    @impl(graph.Conv2dOp)
    def run_conv2d(self, interpreter: Interpreter, op: graph.Conv2dOp, args: Args):
        y = gk.conv2d(
            args[0],
            args[1],
            _optional(args, 2),
            strides=ints(op.strides),
            pads=ints(op.pads),
            dilations=ints(op.dilations),
            group=op.group.value.data,
        )
        return (_activate(y, op.activation),)

    @impl(graph.ConvTranspose2dOp)
    def run_conv_transpose2d(
        self, interpreter: Interpreter, op: graph.ConvTranspose2dOp, args: Args
    ):
        y = gk.conv_transpose2d(
            args[0],
            args[1],
            _optional(args, 2),
            strides=ints(op.strides),
            pads=ints(op.pads),
            dilations=ints(op.dilations),
            output_padding=ints(op.output_padding),
            group=op.group.value.data,
        )
        return (y,)

    @impl(graph.GemmOp)
    def run_gemm(self, interpreter: Interpreter, op: graph.GemmOp, args: Args):
        y = gk.gemm(
            args[0],
            args[1],
            _optional(args, 2),
            alpha=op.alpha.value.data,
            beta=op.beta.value.data,
            trans_a=op.trans_a is not None,
            trans_b=op.trans_b is not None,
        )
        return (_activate(y, op.activation),)

    @impl(graph.MatMulOp)
    def run_matmul(self, interpreter: Interpreter, op: graph.MatMulOp, args: Args):
        return (gk.matmul(args[0], args[1]),)

    @impl(graph.MaxPoolOp)
    def run_maxpool(self, interpreter: Interpreter, op: graph.MaxPoolOp, args: Args):
        y = gk.maxpool(
            args[0],
            ints(op.kernel_shape),
            strides=ints(op.strides),
            pads=ints(op.pads),
            dilations=ints(op.dilations, (1, 1)),
            ceil_mode=op.ceil_mode is not None,
        )
        return (y,)

    @impl(graph.AvgPoolOp)
    def run_avgpool(self, interpreter: Interpreter, op: graph.AvgPoolOp, args: Args):
        y = gk.avgpool(
            args[0],
            ints(op.kernel_shape),
            strides=ints(op.strides),
            pads=ints(op.pads),
            ceil_mode=op.ceil_mode is not None,
            count_include_pad=op.count_include_pad is not None,
        )
        return (y,)

    @impl(graph.GlobalAvgPoolOp)
    def run_global_avgpool(self, interpreter: Interpreter, op: graph.GlobalAvgPoolOp, args: Args):
        return (gk.global_avgpool(args[0]),)

    @impl(graph.BatchNormOp)
    def run_batch_norm(self, interpreter: Interpreter, op: graph.BatchNormOp, args: Args):
        return (gk.batch_norm(*args, epsilon=op.epsilon.value.data),)

    @impl(graph.LrnOp)
    def run_lrn(self, interpreter: Interpreter, op: graph.LrnOp, args: Args):
        y = gk.lrn(
            args[0],
            size=op.size.value.data,
            alpha=op.alpha.value.data,
            beta=op.beta.value.data,
            bias=op.bias.value.data,
        )
        return (y,)

    # ---- element-wise

    @impl(graph.AddOp)
    def run_add(self, interpreter: Interpreter, op: graph.AddOp, args: Args):
        return (_activate(gk.add(args[0], args[1]), op.activation),)

    @impl(graph.SubOp)
    def run_sub(self, interpreter: Interpreter, op: graph.SubOp, args: Args):
        return (gk.sub(args[0], args[1]),)

    @impl(graph.MulOp)
    def run_mul(self, interpreter: Interpreter, op: graph.MulOp, args: Args):
        return (gk.mul(args[0], args[1]),)

    @impl(graph.DivOp)
    def run_div(self, interpreter: Interpreter, op: graph.DivOp, args: Args):
        return (gk.div(args[0], args[1]),)

    @impl(graph.SumOp)
    def run_sum(self, interpreter: Interpreter, op: graph.SumOp, args: Args):
        return (gk.sum_inputs(*args),)

    @impl(graph.ReluOp)
    def run_relu(self, interpreter: Interpreter, op: graph.ReluOp, args: Args):
        return (gk.relu(args[0]),)

    @impl(graph.SigmoidOp)
    def run_sigmoid(self, interpreter: Interpreter, op: graph.SigmoidOp, args: Args):
        return (gk.sigmoid(args[0]),)

    @impl(graph.TanhOp)
    def run_tanh(self, interpreter: Interpreter, op: graph.TanhOp, args: Args):
        return (gk.tanh(args[0]),)

    @impl(graph.HardSwishOp)
    def run_hard_swish(self, interpreter: Interpreter, op: graph.HardSwishOp, args: Args):
        return (gk.hard_swish(args[0]),)

    @impl(graph.ClipOp)
    def run_clip(self, interpreter: Interpreter, op: graph.ClipOp, args: Args):
        return (gk.clip(args[0], op.min.value.data, op.max.value.data),)

    @impl(graph.LeakyReluOp)
    def run_leaky_relu(self, interpreter: Interpreter, op: graph.LeakyReluOp, args: Args):
        return (gk.leaky_relu(args[0], op.alpha.value.data),)

    @impl(graph.HardSigmoidOp)
    def run_hard_sigmoid(self, interpreter: Interpreter, op: graph.HardSigmoidOp, args: Args):
        return (gk.hard_sigmoid(args[0], op.alpha.value.data, op.beta.value.data),)

    @impl(graph.PReluOp)
    def run_prelu(self, interpreter: Interpreter, op: graph.PReluOp, args: Args):
        return (gk.prelu(args[0], args[1]),)

    @impl(graph.SoftmaxOp)
    def run_softmax(self, interpreter: Interpreter, op: graph.SoftmaxOp, args: Args):
        return (gk.softmax(args[0], op.axis.value.data),)

    # ---- data movement, selection, reduction

    @impl(graph.ConcatOp)
    def run_concat(self, interpreter: Interpreter, op: graph.ConcatOp, args: Args):
        return (gk.concat(args, op.axis.value.data),)

    @impl(graph.ReshapeOp)
    def run_reshape(self, interpreter: Interpreter, op: graph.ReshapeOp, args: Args):
        return (gk.reshape(args[0], shape_of(op.output)),)

    @impl(graph.FlattenOp)
    def run_flatten(self, interpreter: Interpreter, op: graph.FlattenOp, args: Args):
        return (gk.flatten(args[0], op.axis.value.data),)

    @impl(graph.TransposeOp)
    def run_transpose(self, interpreter: Interpreter, op: graph.TransposeOp, args: Args):
        return (gk.transpose(args[0], ints(op.perm)),)

    @impl(graph.SqueezeOp)
    def run_squeeze(self, interpreter: Interpreter, op: graph.SqueezeOp, args: Args):
        return (gk.squeeze(args[0], ints(op.axes)),)

    @impl(graph.UnsqueezeOp)
    def run_unsqueeze(self, interpreter: Interpreter, op: graph.UnsqueezeOp, args: Args):
        return (gk.unsqueeze(args[0], ints(op.axes)),)

    @impl(graph.PadOp)
    def run_pad(self, interpreter: Interpreter, op: graph.PadOp, args: Args):
        return (gk.pad(args[0], ints(op.pads), op.mode.data, op.value.value.data),)

    @impl(graph.ResizeOp)
    def run_resize(self, interpreter: Interpreter, op: graph.ResizeOp, args: Args):
        y = gk.resize(
            args[0],
            shape_of(op.output),
            tuple(op.scales.get_values()),
            mode=op.mode.data,
            coordinate_transformation_mode=op.coordinate_transformation_mode.data,
            nearest_mode=op.nearest_mode.data,
        )
        return (y,)

    @impl(graph.ArgMaxOp)
    def run_argmax(self, interpreter: Interpreter, op: graph.ArgMaxOp, args: Args):
        y = gk.argmax(
            args[0],
            op.axis.value.data,
            keepdims=op.keepdims is not None,
            select_last_index=op.select_last_index is not None,
        )
        return (y,)

    @impl(graph.ReduceMeanOp)
    def run_reduce_mean(self, interpreter: Interpreter, op: graph.ReduceMeanOp, args: Args):
        return (gk.reduce_mean(args[0], ints(op.axes), keepdims=op.keepdims is not None),)

    # ---- accelerator forms of argmax (decompose-argmax, fuse-resize-argmax)

    @impl(graph.ArgMaxGroupsOp)
    def run_argmax_groups(self, interpreter: Interpreter, op: graph.ArgMaxGroupsOp, args: Args):
        return gk_argmax.argmax_groups(
            args[0],
            op.axis.value.data,
            op.group.value.data,
            select_last_index=op.select_last_index is not None,
            index_dtype=numpy_dtype_of(op.indices.type.get_element_type()),
        )

    @impl(graph.ArgMaxSelectOp)
    def run_argmax_select(self, interpreter: Interpreter, op: graph.ArgMaxSelectOp, args: Args):
        y = gk_argmax.argmax_select(
            args[0],
            args[1],
            op.axis.value.data,
            keepdims=op.keepdims is not None,
            select_last_index=op.select_last_index is not None,
            out_dtype=numpy_dtype_of(op.output.type.get_element_type()),
        )
        return (y,)

    @impl(graph.ResizeArgmaxOp)
    def run_resize_argmax(self, interpreter: Interpreter, op: graph.ResizeArgmaxOp, args: Args):
        y = gk_argmax.resize_argmax(
            args[0],
            op.resized_shape()[2:],
            tuple(op.scales.get_values()),
            mode=op.mode.data,
            coordinate_transformation_mode=op.coordinate_transformation_mode.data,
            nearest_mode=op.nearest_mode.data,
            keepdims=op.keepdims is not None,
            select_last_index=op.select_last_index is not None,
            out_dtype=numpy_dtype_of(op.output.type.get_element_type()),
        )
        return (y,)

    # ---- transposed-convolution decomposition (graph_kernels_upsample)

    @impl(graph.InsertZerosOp)
    def run_insert_zeros(self, interpreter: Interpreter, op: graph.InsertZerosOp, args: Args):
        return (gku.insert_zeros(args[0], ints(op.strides)),)

    @impl(graph.CropOp)
    def run_crop(self, interpreter: Interpreter, op: graph.CropOp, args: Args):
        return (gku.crop(args[0], ints(op.crops)),)

    # ---- spatial phases (graph.phase_slice, graph.interleave): pure data movement

    @impl(graph.PhaseSliceOp)
    def run_phase_slice(self, interpreter: Interpreter, op: graph.PhaseSliceOp, args: Args):
        size = shape_of(op.output)[2:]
        return (gk_phase.phase_slice(args[0], ints(op.offsets), ints(op.steps), size),)

    @impl(graph.InterleaveOp)
    def run_interleave(self, interpreter: Interpreter, op: graph.InterleaveOp, args: Args):
        return (gk_phase.interleave(args, ints(op.factors), shape_of(op.output)),)


def make_interpreter(
    module: ModuleOp, listeners: tuple[Interpreter.Listener, ...] = ()
) -> Interpreter:
    """An interpreter for `module` that runs `graph` and `func` ops, reporting each
    interpreted op to `listeners`."""
    interpreter = Interpreter(module, listeners=listeners)
    interpreter.register_implementations(GraphFunctions())
    interpreter.register_implementations(FuncFunctions())
    return interpreter
