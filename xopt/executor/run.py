"""Running a module's `@main` on numpy inputs with the reference executors.

`main`'s arguments and results carry their model names as `graph.name` attributes (set by
the importer); hand-written IR without them is keyed `arg0`, `arg1`, ... / `result0`, ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, StringAttr, TensorType
from xdsl.interpreter import Interpreter
from xdsl.ir import Operation

from xopt.dialects.quant import QuantizedType
from xopt.errors import XoptError
from xopt.executor.graph_interpreter import make_interpreter
from xopt.executor.quant_interpreter import QuantFunctions, storage_dtype
from xopt.onnx_import.importer import NAME_ATTR
from xopt.onnx_import.types import numpy_dtype_of


@dataclass(frozen=True)
class Port:
    """One named input or output of a model: name, static shape and numpy dtype."""

    name: str
    shape: tuple[int, ...]
    dtype: np.dtype


def main_function(module: ModuleOp) -> func.FuncOp:
    for op in module.ops:
        if isinstance(op, func.FuncOp) and op.sym_name.data == "main":
            return op
    raise XoptError("the module has no func.func @main to run")


def element_dtype(element) -> np.dtype:
    """The numpy dtype of a tensor element: stored integers for quantized types."""
    if isinstance(element, QuantizedType):
        return storage_dtype(element)
    return numpy_dtype_of(element)


def _ports(types, attrs, prefix: str) -> list[Port]:
    ports = []
    for i, typ in enumerate(types):
        name = f"{prefix}{i}"
        if attrs is not None and isinstance(attr := attrs.data[i].data.get(NAME_ATTR), StringAttr):
            name = attr.data
        if not isinstance(typ, TensorType):
            raise XoptError(f"@main {prefix}{i} is not a tensor")
        ports.append(Port(name, tuple(typ.get_shape()), element_dtype(typ.get_element_type())))
    return ports


def input_ports(module: ModuleOp) -> list[Port]:
    fn = main_function(module)
    return _ports(fn.function_type.inputs.data, fn.arg_attrs, "arg")


def output_ports(module: ModuleOp) -> list[Port]:
    fn = main_function(module)
    return _ports(fn.function_type.outputs.data, fn.res_attrs, "result")


class _Recorder(Interpreter.Listener):
    def __init__(self, callback: Callable[[Operation, tuple], None]):
        self.callback = callback

    def did_interpret_op(self, op: Operation, results) -> None:
        self.callback(op, results)


def run_sample(
    module: ModuleOp,
    inputs: list[np.ndarray],
    on_op: Callable[[Operation, tuple], None] | None = None,
) -> list[np.ndarray]:
    """Run `@main` once on one sample (arrays in argument order); tile IR runs on the tile
    executor (`xopt.executor.tile_interpreter`)."""
    from xopt.executor.tile_interpreter import is_tile_module, run_tile_module

    if is_tile_module(module):
        return run_tile_module(module, list(inputs)).outputs
    listeners = (_Recorder(on_op),) if on_op is not None else ()
    interpreter = make_interpreter(module, listeners)
    interpreter.register_implementations(QuantFunctions())
    results = interpreter.call_op("main", tuple(inputs))
    return [np.asarray(r) for r in results]


def run_batch(module: ModuleOp, samples: list[list[np.ndarray]], progress=None) -> list[np.ndarray]:
    """Run every sample and stack each output along a new leading axis."""
    outputs: list[list[np.ndarray]] = []
    for i, sample in enumerate(samples):
        outputs.append(run_sample(module, sample))
        if progress is not None:
            progress(i + 1, len(samples))
    return [np.stack([o[k] for o in outputs]) for k in range(len(outputs[0]))]
