"""Loading IR from `.mlir` or `.onnx` files and printing it."""

from __future__ import annotations

import os
from io import StringIO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.universe import Universe
from xdsl.utils.exceptions import DiagnosticException, ParseError, VerifyException

from xopt.errors import UsageError, XoptError


def make_context() -> Context:
    """A context with every registered dialect (xDSL's and xopt's), loaded lazily."""
    ctx = Context()
    for name, factory in Universe.get_multiverse().all_dialects.items():
        ctx.register_dialect(name, factory)
    return ctx


def apply_pipeline(module: ModuleOp, spec: str, ctx: Context | None = None) -> None:
    """Apply a textual pass pipeline (`fold-batchnorm,fuse-activation`) to `module` in place,
    with every registered pass."""
    from xdsl.passes import PassPipeline

    passes = Universe.get_multiverse().all_passes
    PassPipeline.parse_spec(passes, spec).apply(ctx or make_context(), module)


def parse_mlir(text: str, source: str, ctx: Context | None = None) -> ModuleOp:
    try:
        module = Parser(ctx or make_context(), text, source).parse_module()
        module.verify()
    except ParseError as e:
        raise XoptError(f"{source}: parse error: {_first_line(e)}") from None
    except (VerifyException, DiagnosticException) as e:
        raise XoptError(f"{source}: invalid IR: {_first_line(e)}") from None
    return module


def _first_line(e: Exception) -> str:
    lines = [line for line in str(e).splitlines() if line.strip()]
    for line in lines:
        if "error" in line.lower() or "expected" in line.lower():
            return line.strip()
    return lines[0].strip() if lines else type(e).__name__


def load_module(path: str, input_shapes=None) -> ModuleOp:
    """The module in `path`: parsed `.mlir`, or an imported `.onnx` model."""
    extension = os.path.splitext(path)[1]
    if extension == ".onnx":
        from xopt.onnx_import.importer import import_onnx

        return import_onnx(path, input_shapes).module
    if extension != ".mlir":
        raise UsageError(f"{path}: unknown file type '{extension}', expected .mlir or .onnx")
    if not os.path.isfile(path):
        raise XoptError(f"{path}: no such file")
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse_mlir(f.read(), path)


def module_text(module: ModuleOp) -> str:
    out = StringIO()
    Printer(stream=out).print_op(module)
    out.write("\n")
    return out.getvalue()
