"""`xopt-opt`: xDSL's `xdsl-opt` driver with xopt's conventions.

Differences from `xdsl-opt`: `.onnx` files are accepted as input (imported to the graph
level, `--input-shape` fixes dynamic dimensions), MLIR's
`--pass-pipeline='builtin.module(a{k=v},b)'` is accepted besides `-p 'a{k=v},b'`, output
files are written only when everything succeeded, and user errors are one line on stderr
with exit code 1 (bad input) or 2 (bad usage).
"""

from __future__ import annotations

import argparse
import re
import sys
from io import StringIO
from typing import IO

from xdsl.utils.exceptions import (
    DiagnosticException,
    ParseError,
    PassFailedException,
    VerifyException,
)
from xdsl.xdsl_opt_main import xDSLOptMain

from xopt.errors import BAD_INPUT, BAD_USAGE, UsageError, XoptError


def mlir_pipeline_to_xdsl(pipeline: str) -> str:
    """`builtin.module(a{k=v},b)` -> `a{k=v},b` (one level of module nesting)."""
    text = pipeline.strip()
    match = re.fullmatch(r"builtin\.module\((.*)\)", text, flags=re.S)
    if match is None:
        if text.startswith(("func.func(", "builtin.module")):
            raise UsageError(
                f"--pass-pipeline '{pipeline}': expected builtin.module(pass1,pass2{{opt=value}})"
            )
        return text
    return match.group(1).strip()


def _usage_error(message: str):
    raise UsageError(f"xopt-opt: {message} (see xopt-opt --help)")


class XoptOptMain(xDSLOptMain):
    def __init__(self, args=None):
        self._output_buffer = StringIO()
        super().__init__(description="xopt modular optimizer driver", args=args)

    def register_all_arguments(self, arg_parser: argparse.ArgumentParser):
        arg_parser.error = _usage_error  # one line, exit 2, instead of usage + message
        super().register_all_arguments(arg_parser)
        arg_parser.add_argument(
            "--pass-pipeline",
            default=None,
            help="MLIR-style pipeline, e.g. 'builtin.module(fold-batchnorm,fuse-activation)'",
        )
        arg_parser.add_argument(
            "--input-shape",
            action="append",
            default=[],
            metavar="NAME=D0xD1x...",
            help="fix a dynamic input dimension of an .onnx input",
        )

    def setup_pipeline(self):
        if self.args.pass_pipeline is not None:
            if self.args.passes:
                raise UsageError("xopt-opt: give either -p or --pass-pipeline, not both")
            self.args.passes = mlir_pipeline_to_xdsl(self.args.pass_pipeline)
        try:
            super().setup_pipeline()
        except (ValueError, KeyError, TypeError) as e:
            raise UsageError(f"xopt-opt: bad pass pipeline '{self.args.passes}': {e}") from None
        except Exception as e:
            if type(e).__name__ in ("PassPipelineParseError", "ParseError"):
                raise UsageError(
                    f"xopt-opt: bad pass pipeline '{self.args.passes}': {_first_line(e)}"
                ) from None
            raise

    def register_all_frontends(self):
        super().register_all_frontends()

        def parse_onnx(io: IO[bytes]):
            from xopt.onnx_import.importer import import_onnx
            from xopt.onnx_import.loader import parse_input_shapes

            io.close()
            if self.args.input_file is None:
                raise UsageError("xopt-opt: ONNX input must be a file, not stdin")
            shapes = parse_input_shapes(self.args.input_shape)
            return import_onnx(self.args.input_file, shapes).module

        self.available_frontends["onnx"] = parse_onnx

    def get_input_stream(self):
        path = self.args.input_file
        if path is not None:
            import os

            if not os.path.isfile(path):
                raise XoptError(f"{path}: no such file")
        return super().get_input_stream()

    def prepare_output(self) -> IO[str]:
        return sys.stdout if self.args.output_file is None else self._output_buffer

    def finish(self) -> None:
        if self.args.output_file is not None:
            from xopt.files import write_text

            write_text(self.args.output_file, self._output_buffer.getvalue())


def _first_line(e: BaseException) -> str:
    lines = [line.strip() for line in str(e).splitlines() if line.strip()]
    for line in lines:
        if (
            line.lower().startswith(("error", "verifyexception", "operation does not verify"))
            or "error:" in line.lower()
        ):
            return line
    return lines[0] if lines else type(e).__name__


def main(argv: list[str] | None = None) -> int:
    try:
        opt = XoptOptMain(args=argv)
        _run(opt)
        opt.finish()
        return 0
    except XoptError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except PassFailedException as e:
        print(f"error: pass failed: {_first_line(e)}", file=sys.stderr)
        return BAD_INPUT
    except ParseError as e:
        print(f"error: parse error: {_first_line(e)}", file=sys.stderr)
        return BAD_INPUT
    except (VerifyException, DiagnosticException) as e:
        print(f"error: invalid IR: {_first_line(e)}", file=sys.stderr)
        return BAD_INPUT
    except ValueError as e:  # xDSL reports unknown file extensions and targets this way
        print(f"error: {_first_line(e)}", file=sys.stderr)
        return BAD_USAGE


def _run(opt: XoptOptMain) -> None:
    """xDSLOptMain.run, without closing our output buffer before it is written."""
    stream = opt.prepare_output

    def keep_open():
        out = stream()
        if out is opt._output_buffer:
            out.close = lambda: None  # type: ignore[method-assign]
        return out

    opt.prepare_output = keep_open  # type: ignore[method-assign]
    opt.run()


if __name__ == "__main__":
    sys.exit(main())
