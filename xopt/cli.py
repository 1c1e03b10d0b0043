"""The `xopt` command: import, run (and, as the levels land, quantize, compile, plan)."""

from __future__ import annotations

import argparse
import sys

from xopt.errors import BAD_INPUT, UsageError, XoptError


class OneLineParser(argparse.ArgumentParser):
    """argparse with single-line usage errors (exit 2)."""

    def error(self, message: str):
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _add_input_shape(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--input-shape",
        action="append",
        default=[],
        metavar="NAME=D0xD1x...",
        help="fix a dynamic input dimension, e.g. --input-shape input=1x3x224x224",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="xopt", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    p = sub.add_parser("import", help="import an ONNX model into graph-dialect IR")
    p.add_argument("model", help="MODEL.onnx")
    p.add_argument("-o", "--output", required=True, help="MODEL.mlir")
    _add_input_shape(p)

    p = sub.add_parser("run", help="run a model or IR file on inputs from an .npz file")
    p.add_argument("model", help="MODEL.onnx or IR.mlir")
    p.add_argument("--inputs", required=True, help="IN.npz keyed by input name")
    p.add_argument("-o", "--output", help="OUT.npz keyed by output name")
    p.add_argument(
        "--compare-onnxruntime",
        action="store_true",
        help="compare every intermediate tensor with onnxruntime (ONNX input only)",
    )
    p.add_argument("--rtol", type=float, default=1e-4, help="relative tolerance for comparisons")
    p.add_argument("--atol", type=float, default=1e-5, help="absolute tolerance near zero")
    _add_input_shape(p)
    return parser


def cmd_import(args) -> int:
    from xopt.files import write_text
    from xopt.ir_io import module_text
    from xopt.onnx_import.importer import import_onnx
    from xopt.onnx_import.loader import parse_input_shapes

    result = import_onnx(args.model, parse_input_shapes(args.input_shape))
    write_text(args.output, module_text(result.module))
    return 0


def cmd_run(args) -> int:
    from xopt.executor.run import input_ports, output_ports, run_batch
    from xopt.ir_io import load_module
    from xopt.npz_io import load_npz, samples_from, save_npz
    from xopt.onnx_import.loader import parse_input_shapes
    from xopt.progress import Progress

    if args.output is None and not args.compare_onnxruntime:
        raise UsageError("xopt run: give -o OUT.npz, --compare-onnxruntime, or both")
    shapes = parse_input_shapes(args.input_shape)
    if args.compare_onnxruntime:
        from xopt.compare import compare_with_onnxruntime

        if not args.model.endswith(".onnx"):
            raise UsageError("xopt run: --compare-onnxruntime needs an .onnx model")
        ok = compare_with_onnxruntime(args.model, args.inputs, shapes, args.rtol, args.atol)
        if args.output is None:
            return 0 if ok else BAD_INPUT
    module = load_module(args.model, shapes)
    samples, batched = samples_from(args.inputs, load_npz(args.inputs), input_ports(module))
    outputs = run_batch(module, samples, Progress("running samples", len(samples)))
    if not batched:
        outputs = [o[0] for o in outputs]
    save_npz(args.output, {p.name: o for p, o in zip(output_ports(module), outputs)})
    return 0


COMMANDS = {"import": cmd_import, "run": cmd_run}


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except XoptError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
