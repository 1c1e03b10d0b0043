"""A quantized module's `@main` as a straight-line program of C kernel calls.

`lower_model(module, builders)` walks `@main` in order. Constants become compile-time data;
every other op becomes one `Step`: a kernel call built by `builders` (a module with one
builder per `quant_invocations` and `graph_invocations` kernel name, plus `quantize`,
`dequantize`, `transpose` and `float_permute`: `targets.c.kernel_params` for the portable
target) from the op's invocation, with zero-filled activations standing in for the values the
program computes. graph ops are float layers (graph.sum: one float_add step per operand
after the first). A reshape (quant.reshape, graph.reshape and its kin) whose bytes do not
move in the C layout is a view of its input; one out of a 4-D tensor with more than one
pixel first transposes it to NCHW, one into such a tensor transposes the result to NHWC.

Every tensor is in the C layout (4-D NHWC) except the model's ports, which keep the IR's
NCHW, and a dequantize result that is only returned: quantize reads a 4-D input port NCHW
and writes NHWC, dequantize writes such an output NCHW; a 4-D float input that a float
layer reads is transposed once, and a 4-D output in C layout is transposed back.

Tensors live in three places: the caller's input and output buffers, one arena (placed by
`arena_layout`), and const data for constant operands of element-wise ops.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from types import ModuleType

import numpy as np
from xdsl.dialects import func, memref
from xdsl.dialects.builtin import ModuleOp, SymbolRefAttr, TensorType
from xdsl.ir import Operation, SSAValue

from xopt.dialects import graph, quant
from xopt.dialects.graph.base import shape_of
from xopt.errors import XoptError
from xopt.executor import graph_invocations
from xopt.executor.quant_interpreter import storage_dtype
from xopt.executor.quant_invocations import BUILDERS, invocation, qparams, quantized_element
from xopt.executor.run import Port, input_ports, main_function, output_ports
from xopt.onnx_import.types import array_of, numpy_dtype_of
from xopt.targets.c import subbyte
from xopt.targets.c.kernel_call import NHWC_FROM_NCHW, KernelCall, c_shape, to_c_layout

NCHW_FROM_NHWC = (0, 3, 1, 2)

GENERATED_KERNEL_ATTR = "neon.kernel"
"""An op with this attribute (a symbol) is computed by that generated kernel function of the
module, `void kernel(const x *, y *)` on the C layout (see `passes/lower_to_neon.py`)."""

WEIGHT_OPERANDS = {
    "conv2d": 1,
    "fully_connected": 1,
    "float_conv2d": 1,
    "float_gemm": 1,
    "float_matmul": 1,
}
"""Kernels whose operands from this index on (weights, bias) are compiled into the call's
parameters; every other operand of every kernel is a tensor argument."""
RESHAPES = (quant.ReshapeOp, *graph_invocations.VIEWS)


@dataclass
class Tensor:
    """A tensor of the program, in the C layout (`shape`)."""

    key: str
    shape: tuple[int, ...]
    dtype: np.dtype
    place: str
    """"input" / "output" (the caller's buffer `port`), "arena" or "const" (`data`)."""
    port: int = -1
    data: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64)) * self.dtype.itemsize


@dataclass
class Step:
    """One kernel call: `call.function(&params, inputs..., output)`."""

    name: str
    op: str
    call: KernelCall
    inputs: list[str]
    output: str
    macs: int = 0


@dataclass
class ModelProgram:
    inputs: list[Port]
    outputs: list[Port]
    tensors: dict[str, Tensor] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    module: ModuleOp | None = None
    """The lowered module, which holds the generated kernels the steps call."""
    generated: list[str] = field(default_factory=list)
    """The generated kernel functions (of `module`) that steps call, in order."""

    @property
    def macs(self) -> int:
        return sum(s.macs for s in self.steps)

    @property
    def weight_bytes(self) -> int:
        """Bytes of the const arrays the kernel parameters point to."""
        return (
            sum(_param_bytes(s.call.params) for s in self.steps)
            + sum(t.nbytes for t in self.tensors.values() if t.place == "const")
            + generated_global_bytes(self.module, self.generated)
        )


def generated_global_bytes(module: ModuleOp | None, functions: list[str]) -> int:
    """Bytes of the `memref.global`s the generated kernel `functions` read."""
    if module is None or not functions:
        return 0
    symbols = {op.sym_name.data: op for op in module.ops if hasattr(op, "sym_name")}
    read = {
        op.name_.string_value()
        for name in functions
        for op in symbols[name].walk()
        if isinstance(op, memref.GetGlobalOp)
    }
    total = 0
    for name in sorted(read):
        typ = symbols[name].type
        total += int(np.prod(typ.get_shape())) * typ.element_type.width.data // 8
    return total


def _param_bytes(value) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(_param_bytes(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(_param_bytes(v) for v in value)
    return 0


def constant_array(op: Operation) -> np.ndarray | None:
    """The stored integers of a `quant.constant`, the values of a `graph.constant`; None for
    any other op."""
    if isinstance(op, quant.ConstantOp):
        return array_of(op.value).astype(storage_dtype(quantized_element(op.output.type)))
    if isinstance(op, graph.ConstantOp):
        return array_of(op.value)
    return None


def zeros_of(value: SSAValue) -> np.ndarray:
    """A zero-filled array of a tensor value's shape and stored dtype (the stand-in the
    kernel builders get for an activation: they read only its shape and dtype)."""
    typ = value.type
    assert isinstance(typ, TensorType)
    element = typ.get_element_type()
    dtype = storage_dtype(element) if isinstance(element, quant.QuantizedType) else None
    return np.zeros(shape_of(value), dtype or numpy_dtype_of(element))


def kernel_call(op: Operation, builders: ModuleType, operands: list[np.ndarray]):
    """The `builders` call of quant op `op` on `operands` (constants or `zeros_of`
    stand-ins), and how many of the op's operands it takes as C inputs (the rest are
    weights folded into its parameters)."""
    inv = invocation(op, operands)
    builder = getattr(builders, inv.kernel, None)
    if builder is None:
        raise XoptError(f"{op.name}: the C target has no {inv.kernel} kernel")
    kwargs = inv.kwargs
    if inv.kernel in subbyte.KERNELS:
        kwargs = {**kwargs, **subbyte.subbyte_kwargs(op)}
    try:
        call = builder(*inv.args, **kwargs)
    except (NotImplementedError, ValueError) as e:
        name = op.results[0].name_hint if op.results else None
        raise XoptError(f"{op.name} ({name}): {e}" if name else f"{op.name}: {e}") from None
    return call, WEIGHT_OPERANDS.get(inv.kernel, len(op.operands))


def c_identifier(name: str, taken: set[str]) -> str:
    """`name` as a C identifier not in `taken` (to which it is added)."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", name) or "t"
    if base[0].isdigit():
        base = f"t_{base}"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    taken.add(key)
    return key


def _macs(op: Operation) -> int:
    out = int(np.prod(shape_of(op.results[0])))
    if isinstance(op, quant.Conv2dOp | graph.Conv2dOp):
        return out * int(np.prod(shape_of(op.operands[1])[1:]))
    if isinstance(op, quant.FullyConnectedOp):
        return out * shape_of(op.weight)[1]
    if isinstance(op, graph.GemmOp):
        return out * shape_of(op.operands[0])[0 if op.trans_a is not None else 1]
    if isinstance(op, graph.MatMulOp):
        return out * shape_of(op.operands[0])[-1]
    return 0


def _pixels(shape) -> bool:
    """Whether a tensor of `shape` is 4-D with more than one pixel (NHWC differs from NCHW)."""
    return len(shape) == 4 and shape[2] * shape[3] > 1


class _Lowering:
    def __init__(self, module: ModuleOp, builders: ModuleType):
        self.builders = builders
        self.program = ModelProgram(input_ports(module), output_ports(module), module=module)
        self.fn = main_function(module)
        self.names: set[str] = set()
        self.value_tensor: dict[SSAValue, str] = {}
        self.constants: dict[SSAValue, np.ndarray] = {}
        self.nchw: set[str] = set()
        """Keys of the 4-D tensors stored NCHW (ports, returned dequantize results)."""
        self.in_c_layout: dict[str, str] = {}
        """The C-layout copy of each NCHW tensor that needed one."""

    # ---- tensors

    def _add(self, name: str, shape, dtype, place: str, **kw) -> str:
        key = c_identifier(name, self.names)
        self.program.tensors[key] = Tensor(key, tuple(shape), np.dtype(dtype), place, **kw)
        return key

    def _value_name(self, value: SSAValue) -> str:
        return value.name_hint or f"v{len(self.names)}"

    def _tensor_of(self, value: SSAValue) -> str:
        """The tensor holding `value` (a constant operand becomes const data)."""
        if value in self.value_tensor:
            return self.value_tensor[value]
        if value in self.constants:
            data = self.constants[value]
            c_data = to_c_layout(data)
            key = self._add(self._value_name(value), c_data.shape, c_data.dtype, "const")
            self.program.tensors[key].data = c_data
            self.value_tensor[value] = key
            return key
        raise XoptError(f"{self._value_name(value)}: not computed before its use")

    def _placeholder(self, value: SSAValue) -> np.ndarray:
        if value in self.constants:
            return self.constants[value]
        return zeros_of(value)

    # ---- ops

    def lower(self) -> ModelProgram:
        for i, arg in enumerate(self.fn.body.block.args):
            port = self.program.inputs[i]
            key = self._add(port.name, port.shape, port.dtype, "input", port=i)
            self.value_tensor[arg] = key
            if len(port.shape) == 4:
                self.nchw.add(key)
        for op in self.fn.body.block.ops:
            self._lower_op(op)
        return self.program

    def _lower_op(self, op: Operation) -> None:
        if (data := constant_array(op)) is not None:
            self.constants[op.results[0]] = data
        elif isinstance(op, func.ReturnOp):
            self._lower_return(op)
        elif isinstance(op, RESHAPES):
            self._lower_reshape(op)
        elif isinstance(op, quant.QuantizeOp):
            self._lower_quantize(op)
        elif isinstance(op, quant.DequantizeOp):
            self._lower_dequantize(op)
        elif type(op) in BUILDERS:
            self._lower_kernel(op)
        elif type(op) in graph_invocations.BUILDERS:
            self._lower_float(op)
        else:
            raise XoptError(
                f"{op.name} ({self._value_name(op.results[0])}) is a float layer (it has no "
                "integer form, or fell back to fp32) that the C targets have no kernel for"
            )

    def _emit(self, op: Operation, call: KernelCall, operands, keys=None) -> None:
        """A step computing `op`'s result by `call` from `operands` (their tensors, or
        `keys`)."""
        result = op.results[0]
        inputs = keys or [self._tensor_of(v) for v in operands]
        label = self._value_name(result)
        out = self._add(label, call.output_shape, call.output_dtype, "arena")
        self.value_tensor[result] = out
        self.program.steps.append(Step(label, op.name, call, inputs, out, _macs(op)))

    def _lower_generated(self, op: Operation, symbol: str) -> None:
        """A call `symbol(x, y)` of the generated kernel an op points to (`neon.kernel`)."""
        x, y = op.operands[0], op.results[0]
        inputs = (to_c_layout(self._placeholder(x)),)
        shape, dtype = c_shape(shape_of(y)), self._placeholder(y).dtype
        call = KernelCall(symbol, "", {}, inputs, shape, dtype)
        self.program.generated.append(symbol)
        self._emit(op, call, [x])

    def _lower_kernel(self, op: Operation) -> None:
        kernel = op.attributes.get(GENERATED_KERNEL_ATTR)
        if isinstance(kernel, SymbolRefAttr):
            self._lower_generated(op, kernel.string_value())
            return
        placeholders = [self._placeholder(v) for v in op.operands]
        call, count = kernel_call(op, self.builders, placeholders)
        self._emit(op, call, list(op.operands)[:count])

    def _lower_float(self, op: Operation) -> None:
        """A float layer: its operands in C layout, its weights constants."""
        inv = graph_invocations.invocation(op, [self._placeholder(v) for v in op.operands])
        if inv.kernel == "float_sum":
            return self._lower_sum(op)
        tensors = list(op.operands)[: WEIGHT_OPERANDS.get(inv.kernel, len(op.operands))]
        for weight in list(op.operands)[len(tensors) :]:
            if weight not in self.constants:
                raise XoptError(
                    f"{op.name} ({self._value_name(op.results[0])}): the C targets take its "
                    f"weight {self._value_name(weight)} as a constant, not a computed tensor"
                )
        builder = getattr(self.builders, inv.kernel)
        call = self._call(op, lambda: builder(*inv.args, **inv.kwargs))
        self._emit(op, call, tensors, [self._c_layout_key(op, v) for v in tensors])

    def _lower_sum(self, op: Operation) -> None:
        """graph.sum as float_add steps, left to right (graph_kernels.sum_inputs' order)."""
        label = self._value_name(op.results[0])
        total, shape = self._c_layout_key(op, op.operands[0]), shape_of(op.operands[0])
        for n, value in enumerate(op.operands[1:], 1):
            shape = np.broadcast_shapes(shape, shape_of(value))
            zeros = (np.zeros(shape, np.float32), self._placeholder(value))
            call = self._call(op, self.builders.float_add, *zeros)
            key = self._add(
                label if n == len(op.operands) - 1 else f"{label}_{n}",
                call.output_shape,
                call.output_dtype,
                "arena",
            )
            self.program.steps.append(
                Step(label, op.name, call, [total, self._c_layout_key(op, value)], key)
            )
            total = key
        self.value_tensor[op.results[0]] = total

    def _call(self, op: Operation, build, *args) -> KernelCall:
        try:
            return build(*args)
        except (NotImplementedError, ValueError) as e:
            what = f"{op.name} ({self._value_name(op.results[0])})" if op.results else op.name
            raise XoptError(f"{what}: {e}") from None

    # ---- layouts

    def _permute(self, op: Operation, key: str, perm, label: str, shape=None) -> str:
        """A step permuting the row-major tensor `key` (read as `shape`, by default its
        own) by `perm`; the result's key."""
        tensor = self.program.tensors[key]
        build = self.builders.transpose
        if tensor.dtype == np.float32:
            build = self.builders.float_permute
        x = np.zeros(shape or tensor.shape, tensor.dtype)
        call = self._call(op, build, x, perm)
        out = self._add(label, call.output_shape, call.output_dtype, "arena")
        self.program.steps.append(Step(label, f"transpose {perm}", call, [key], out))
        return out

    def _to_nchw(self, op: Operation, value: SSAValue, label: str) -> str:
        """The tensor of 4-D `value` in NCHW (a transposing step unless it is already)."""
        key = self._tensor_of(value)
        return key if key in self.nchw else self._permute(op, key, NCHW_FROM_NHWC, label)

    def _c_layout_key(self, op: Operation, value: SSAValue) -> str:
        """The tensor of `value` in C layout (an NCHW port is transposed once)."""
        key = self._tensor_of(value)
        if key not in self.nchw:
            return key
        if key not in self.in_c_layout:
            label = f"{self._value_name(value)}_nhwc"
            self.in_c_layout[key] = self._permute(op, key, NHWC_FROM_NCHW, label)
        return self.in_c_layout[key]

    def _quantize_call(self, op: Operation, build, x: np.ndarray, *args) -> KernelCall:
        """quantize / dequantize of 4-D data in C layout on both sides: the kernel on the
        flat data (one channel keeps the order), its output in C layout."""
        call = self._call(op, build, x.reshape(-1), *args)
        return dataclasses.replace(call, output_shape=c_shape(x.shape))

    def _lower_quantize(self, op: quant.QuantizeOp) -> None:
        element = quantized_element(op.output.type)
        args = (qparams(op.output), (element.qmin, element.qmax))
        x = self._placeholder(op.input)
        source = self._tensor_of(op.input)
        if x.ndim == 4 and source not in self.nchw:
            call = self._quantize_call(op, self.builders.quantize, x, *args)
        else:
            call = self._call(op, self.builders.quantize, x, *args)
        self._emit(op, call, [op.input], [source])

    def _lower_dequantize(self, op: quant.DequantizeOp) -> None:
        """NCHW where the result is only returned, else C layout."""
        x = self._placeholder(op.input)
        returned = all(isinstance(use.operation, func.ReturnOp) for use in op.output.uses)
        if x.ndim == 4 and not returned:
            call = self._quantize_call(op, self.builders.dequantize, x, qparams(op.input))
        else:
            call = self._call(op, self.builders.dequantize, x, qparams(op.input))
        self._emit(op, call, [op.input])
        if x.ndim == 4 and returned:
            self.nchw.add(self.value_tensor[op.output])

    def _lower_reshape(self, op: Operation) -> None:
        """A view when the bytes stay in place; out of a 4-D tensor with pixels, its NCHW
        bytes (a transpose unless stored so); into one, a transpose of the row-major result
        to NHWC."""
        source, result = op.operands[0], op.results[0]
        in_shape, out_shape = shape_of(source), shape_of(result)
        label = self._value_name(result)
        if in_shape == out_shape:
            key = self._tensor_of(source)
        elif _pixels(in_shape):
            key = self._to_nchw(op, source, f"{label}_nchw" if _pixels(out_shape) else label)
        else:
            key = self._tensor_of(source)
        if in_shape != out_shape and _pixels(out_shape):
            key = self._permute(op, key, NHWC_FROM_NCHW, label, out_shape)
        self.value_tensor[result] = key

    def _lower_return(self, op: func.ReturnOp) -> None:
        for i, value in enumerate(op.operands):
            port = self.program.outputs[i]
            key = self._tensor_of(value)
            if len(port.shape) == 4:
                key = self._to_nchw(op, value, f"{port.name}_nchw")
            tensor = self.program.tensors[key]
            if tensor.place != "arena":
                raise XoptError(
                    f"output {port.name}: the C targets return tensors computed by a kernel "
                    "(not an input, a constant or another output)"
                )
            tensor.place, tensor.port = "output", i


def lower_model(module: ModuleOp, builders: ModuleType) -> ModelProgram:
    """The kernel-call program of `module`'s `@main` (see the module docstring)."""
    return _Lowering(module, builders).lower()
