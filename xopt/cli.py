"""The `xopt` command: import, run, optimize, quantize, export-onnx, plan, compile, bench."""

from __future__ import annotations

import argparse
import os
import sys

from xopt.compile_cli import add_compile_parsers, cmd_bench, cmd_compile, run_build
from xopt.errors import BAD_INPUT, UsageError, XoptError
from xopt.plan_cli import add_plan_parser, cmd_plan


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
    p.add_argument("model", help="MODEL.onnx, IR.mlir, or a BUILD directory of xopt compile")
    p.add_argument("--inputs", required=True, help="IN.npz keyed by input name")
    p.add_argument("-o", "--output", help="OUT.npz keyed by output name")
    p.add_argument(
        "--compare-onnxruntime",
        action="store_true",
        help="compare every intermediate tensor with onnxruntime (ONNX input only)",
    )
    p.add_argument("--rtol", type=float, default=1e-4, help="relative tolerance for comparisons")
    p.add_argument("--atol", type=float, default=1e-5, help="absolute tolerance near zero")
    p.add_argument("--host", action="store_true", help="BUILD: run natively (portable C only)")
    p.add_argument("--cc", help="BUILD: the compiler (default aarch64-linux-gnu-gcc; or clang)")
    _add_input_shape(p)

    p = sub.add_parser(
        "optimize", help="graph-optimize a model for accelerators and report what changed"
    )
    p.add_argument("model", help="MODEL.onnx or graph-level IR.mlir")
    p.add_argument("-o", "--output", required=True, help="OUT.mlir")
    _add_graph_optimize_options(p)
    _add_input_shape(p)

    _add_quantize(sub)
    _add_export_onnx(sub)
    add_plan_parser(sub)
    add_compile_parsers(sub, add_quantize_options)
    return parser


def _add_graph_optimize_options(p) -> None:
    p.add_argument(
        "--argmax-group",
        type=int,
        default=0,
        help="channels per ArgMax stage (0: keep ArgMax in one stage)",
    )
    p.add_argument(
        "--dilated-rule",
        choices=("auto", "phases", "dense-kernel"),
        default="auto",
        help="how dilated convs are decomposed (auto: fewest MACs)",
    )


def _check_argmax_group(command: str, group: int) -> None:
    if group < 0 or group == 1:
        raise UsageError(f"xopt {command}: --argmax-group must be 0 (one stage) or at least 2")


def _add_export_onnx(sub) -> None:
    p = sub.add_parser(
        "export-onnx", help="export graph/quant IR as an ONNX model in QDQ format (onnxruntime)"
    )
    p.add_argument("model", help="MODEL.q.mlir (graph, quant or mixed IR) or MODEL.onnx")
    p.add_argument("-o", "--output", required=True, help="MODEL.qdq.onnx")


def _add_quantize(sub) -> None:
    p = sub.add_parser(
        "quantize",
        help="post-training quantization: float model + calibration data -> quant IR",
    )
    p.add_argument("model", help="MODEL.onnx or graph-level IR.mlir")
    p.add_argument("--calib", required=True, help="CALIB.npz: a batch of inputs keyed by name")
    p.add_argument("-o", "--output", required=True, help="MODEL.q.mlir")
    add_quantize_options(p)


def add_quantize_options(p: argparse.ArgumentParser) -> None:
    """The options of `xopt quantize` other than the model, --calib and -o."""
    p.add_argument("--config", help="per-layer precision config (.toml or .json)")
    p.add_argument("--weight-bits", type=int, choices=(2, 4, 8), help="default weight bits (8)")
    p.add_argument("--act-bits", type=int, choices=(2, 4, 8), help="default activation bits (8)")
    p.add_argument(
        "--layer",
        action="append",
        default=[],
        metavar="NAME=PRECISION",
        help="precision of one layer: w4a8, w2, a4 or fp32 (repeatable)",
    )
    p.add_argument(
        "--range-method",
        choices=("auto", "minmax", "percentile", "mse"),
        default="auto",
        help="activation clipping ranges (auto: per tensor, the best for the output)",
    )
    p.add_argument(
        "--percentile", type=float, default=99.999, help="percentile of the percentile ranges"
    )
    p.add_argument("--symmetric-activations", action="store_true")
    p.add_argument("--unsigned-activations", action="store_true", help="u8 instead of i8")
    p.add_argument("--weight-method", choices=("mse", "minmax"), default="mse")
    p.add_argument("--per-tensor-weights", action="store_true", help="one scale per weight")
    p.add_argument("--no-bias-correction", action="store_true")
    p.add_argument(
        "--equalize", action="store_true", help="cross-layer equalization (ReLU6 becomes ReLU)"
    )
    p.add_argument(
        "--rounding",
        choices=("fixed_point", "float"),
        default="fixed_point",
        help="requantization: integer fixed-point, or onnxruntime's float arithmetic",
    )
    p.add_argument("--fallback", choices=("none", "auto"), default="none")
    p.add_argument("--max-fallback-layers", type=int, default=2)
    p.add_argument("--target-sqnr", type=float, help="stop falling back at this output SQNR (dB)")
    p.add_argument("--sensitivity-json", help="write the sensitivity table here")
    p.add_argument(
        "--samples", type=int, default=32, help="calibration samples for sensitivity and report"
    )
    p.add_argument("--cache-dir", help="calibration statistics cache (default: .xopt-cache/)")
    p.add_argument(
        "--no-graph-optimize",
        action="store_true",
        help="skip graph-optimize's decompositions and fusions (ConvTranspose stays fp32)",
    )
    _add_graph_optimize_options(p)
    _add_input_shape(p)


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

    if os.path.isdir(args.model):
        return run_build(args)
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


def cmd_optimize(args) -> int:
    from xopt.files import write_text
    from xopt.ir_io import load_module, module_text
    from xopt.onnx_import.loader import parse_input_shapes
    from xopt.optimize_report import optimize

    _check_argmax_group("optimize", args.argmax_group)
    module = load_module(args.model, parse_input_shapes(args.input_shape))
    report = optimize(module, args.argmax_group, args.dilated_rule)
    write_text(args.output, module_text(module))
    for line in report.lines():
        print(line)
    return 0


def quantize_options(args, output_stem: str):
    """`QuantizeOptions` and `FallbackOptions` from the parsed `add_quantize_options`."""
    from xopt.quantize.annotate import ActivationOptions
    from xopt.quantize.driver import FallbackOptions, GraphRewrites, QuantizeOptions
    from xopt.quantize.precision import PrecisionConfig, load_config

    if args.max_fallback_layers < 0 or args.samples < 1:
        raise UsageError(
            f"xopt {args.command}: --max-fallback-layers must be >= 0 and --samples >= 1"
        )
    _check_argmax_group(args.command, args.argmax_group)
    config = load_config(args.config) if args.config else PrecisionConfig()
    config = config.with_defaults(args.weight_bits, args.act_bits)
    config = config.with_layer_options(args.layer)
    options = QuantizeOptions(
        config=config,
        activations=ActivationOptions(
            args.range_method,
            args.symmetric_activations,
            not args.unsigned_activations,
            args.percentile,
        ),
        weight_method=args.weight_method,
        per_channel=not args.per_tensor_weights,
        bias_correction=not args.no_bias_correction,
        equalize=args.equalize,
        rounding=args.rounding,
        rewrites=GraphRewrites(not args.no_graph_optimize, args.argmax_group, args.dilated_rule),
    )
    json_path = args.sensitivity_json
    if args.fallback == "auto" and json_path is None:
        json_path = output_stem + ".sensitivity.json"
    fallback = FallbackOptions(
        args.fallback, args.max_fallback_layers, args.target_sqnr, args.samples, json_path
    )
    return options, fallback


def cmd_quantize(args) -> int:
    from xopt.files import write_text
    from xopt.ir_io import load_module, module_text
    from xopt.onnx_import.loader import parse_input_shapes
    from xopt.quantize.driver import quantize_model

    options, fallback = quantize_options(args, args.output.removesuffix(".mlir"))
    module = load_module(args.model, parse_input_shapes(args.input_shape))
    quantized = quantize_model(module, args.calib, options, fallback, args.cache_dir)
    write_text(args.output, module_text(quantized))
    return 0


def cmd_export_onnx(args) -> int:
    from xopt.ir_io import load_module
    from xopt.onnx_export import export_module, save_onnx

    result = export_module(load_module(args.model), args.model)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    save_onnx(args.output, result.model)
    return 0


COMMANDS = {
    "import": cmd_import,
    "run": cmd_run,
    "optimize": cmd_optimize,
    "quantize": cmd_quantize,
    "export-onnx": cmd_export_onnx,
    "plan": cmd_plan,
    "compile": lambda args: cmd_compile(args, quantize_options),
    "bench": cmd_bench,
}


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
