"""`xopt compile` (model -> C build directory), `xopt run BUILD` and `xopt bench BUILD`."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from xopt.errors import UsageError, XoptError

INSTRUCTION_NOTE = "instructions executed under qemu-aarch64 (icount plugin)"


def add_compile_parsers(sub, add_quantize_options) -> None:
    p = sub.add_parser(
        "compile", help="compile a model to a C build directory (model.c, model.h, Makefile)"
    )
    p.add_argument("model", help="MODEL.onnx, graph-level IR.mlir, or quantized IR.mlir")
    p.add_argument("--target", default="c", help="c (portable C99) or neon (default: c)")
    p.add_argument("--calib", help="CALIB.npz to quantize a float model with")
    p.add_argument("-o", "--output", required=True, help="BUILD directory to write")
    p.add_argument(
        "--sram",
        help="tile for an SRAM of this size (e.g. 64KiB) and emit the tiled schedule: memory "
        "levels as static arrays, DMA as box copies, per-tile kernels",
    )
    p.add_argument(
        "--policy",
        choices=("default", "neon", "pulp", "npu"),
        help="with --sram: the tiling policy (default: the target's; neon plans channel "
        "tiles in whole 16-channel blocks)",
    )
    add_quantize_options(p)

    p = sub.add_parser("bench", help="instructions per inference of a build, per layer")
    p.add_argument("build", help="BUILD directory written by xopt compile")
    p.add_argument("--inputs", help="IN.npz (default: a seeded random sample)")
    p.add_argument("--cc", help="aarch64 compiler: aarch64-linux-gnu-gcc (default) or clang")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _is_quantized(module) -> bool:
    return any(op.name.startswith("quant.") for op in module.walk())


def _check_output(out: Path) -> None:
    """A build may replace an empty directory or an earlier build, nothing else."""
    if out.exists() and not (out / "report.json").is_file() and any(out.iterdir()):
        raise XoptError(f"{out}: exists and is not an xopt build directory; choose another -o")
    if not out.resolve().parent.is_dir():
        raise XoptError(f"{out}: its parent directory does not exist")


def _write_build_dir(output: str, write) -> None:
    """Write a build directory through a temporary sibling, replacing an earlier build."""
    out = Path(output)
    _check_output(out)
    parent = out.resolve().parent
    tmp = Path(tempfile.mkdtemp(prefix=".xopt-build-", dir=parent))
    try:
        write(tmp)
        if out.exists():
            shutil.rmtree(out)
        tmp.replace(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cmd_compile(args, quantize_options) -> int:
    from xopt.ir_io import load_module
    from xopt.onnx_import.loader import parse_input_shapes
    from xopt.quantize.driver import quantize_model
    from xopt.targets.c.model_emit import emit
    from xopt.targets.c.tiled_build import emit_tiled_build
    from xopt.targets.registry import target_named

    target = target_named(args.target)
    if args.policy is not None and args.sram is None:
        raise UsageError("xopt compile: --policy needs --sram")
    _check_output(Path(args.output))
    options, fallback = quantize_options(args, args.output.rstrip("/"))
    module = load_module(args.model, parse_input_shapes(args.input_shape))
    if not _is_quantized(module):
        if args.calib is None:
            raise UsageError(
                f"xopt compile: {args.model} is a float model; give --calib CALIB.npz to "
                "quantize it (or compile the output of xopt quantize)"
            )
        module = quantize_model(module, args.calib, options, fallback, args.cache_dir)
    name = Path(args.model).name.split(".")[0]
    reports = []
    if args.sram is not None:
        tiled, macs = _tile_module(module, args.sram, args.policy or target.tiling_policy)
        write = lambda d: reports.append(emit_tiled_build(tiled, target, name, macs, d))  # noqa: E731
    else:
        program = target.lower(module)
        write = lambda d: reports.append(emit(program, target, name, d))  # noqa: E731
    _write_build_dir(args.output, write)
    report = reports[0]
    print(
        f"{args.output}: {len(report['layers'])} layers, {report['macs']:,} MACs, "
        f"arena {report['arena_bytes']:,} B (liveness bound {report['arena_lower_bound_bytes']:,}"
        f" B), weights {report['weight_bytes']:,} B ({target.name} target)"
    )
    return 0


def _tile_module(module, sram: str, policy: str = "default"):
    """A tile-level copy of quant `module` for an SRAM of `sram` bytes (`tile-for-memory`
    with the target's tiling `policy`) and the MACs of its plan."""
    from xdsl.utils.exceptions import PassFailedException

    from xopt.passes.tile_for_memory import lower_module
    from xopt.plan_cli import parse_size
    from xopt.tiling.planner import plan_module
    from xopt.tiling.search import POLICIES

    size = parse_size(sram)
    tiled = module.clone()
    try:
        plan = lower_module(tiled, lambda core: plan_module(core, size, 2, POLICIES[policy]))
    except PassFailedException as error:
        raise XoptError(f"xopt compile --sram {sram}: {error.args[0]}") from None
    return tiled, plan.macs


def run_build(args) -> int:
    """`xopt run BUILD --inputs IN.npz -o OUT.npz`: build if needed, run every sample."""
    from xopt.npz_io import load_npz, samples_from, save_npz
    from xopt.targets.c import model_build

    if args.output is None or args.compare_onnxruntime:
        raise UsageError("xopt run BUILD: give -o OUT.npz (no --compare-onnxruntime)")
    build = model_build.open_build(args.model)
    platform = "host" if args.host else "aarch64"
    print(f"building {build.path} for {platform}", file=sys.stderr)
    binary = model_build.build(build, platform, args.cc)
    samples, batched = samples_from(args.inputs, load_npz(args.inputs), build.inputs)
    where = "under qemu-aarch64" if platform == "aarch64" else "on the host"
    print(f"running {len(samples)} sample(s) {where}", file=sys.stderr)
    results = model_build.run_samples(build, binary, samples, platform)[0]
    outputs = {
        port.name: np.stack([r[i] for r in results]) if batched else results[0][i]
        for i, port in enumerate(build.outputs)
    }
    save_npz(args.output, outputs)
    return 0


def _bench_sample(build, inputs: str | None) -> list[np.ndarray]:
    from xopt.npz_io import load_npz, samples_from

    if inputs is not None:
        return samples_from(inputs, load_npz(inputs), build.inputs)[0][0]
    rng = np.random.default_rng(0)
    return [
        rng.normal(size=p.shape).astype(p.dtype)
        if p.dtype.kind == "f"
        else rng.integers(-128, 128, p.shape).astype(p.dtype)
        for p in build.inputs
    ]


def bench_build(path: str, inputs: str | None = None, cc: str | None = None) -> dict:
    """Instructions per inference of a build, in total and per layer (see `cmd_bench`)."""
    from xopt.targets.c import model_build

    build = model_build.open_build(path)
    print(f"building {build.path} for aarch64, then counting under qemu-aarch64", file=sys.stderr)
    binary = model_build.build(build, "aarch64", cc)
    _, counts = model_build.run(build, binary, _bench_sample(build, inputs), "aarch64", True)
    assert counts is not None
    layers = []
    for layer in build.report["layers"]:
        n = counts.regions.get(layer["region"], 0)
        ratio = layer["macs"] / n if n else 0.0
        layers.append(dict(layer, instructions=n, macs_per_instruction=ratio))
    macs = build.report["macs"]
    inference = sum(x["instructions"] for x in layers)
    return dict(
        build=str(build.path),
        target=build.report["target"],
        compiler=cc or "aarch64-linux-gnu-gcc",
        instructions=inference,
        program_instructions=counts.total,
        macs=macs,
        macs_per_instruction=macs / inference if inference else 0.0,
        layers=layers,
    )


def cmd_bench(args) -> int:
    result = bench_build(args.build, args.inputs, args.cc)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    where = f"{result['build']} ({result['target']} target, {result['compiler']})"
    print(f"{where}: {INSTRUCTION_NOTE}")
    print("| # | layer | op | kernel | MACs | instructions | MACs/instr |")
    print("|---:|---|---|---|---:|---:|---:|")
    for layer in result["layers"]:
        print(
            f"| {layer['region']} | {layer['name']} | {layer['op']} | {layer['kernel']} | "
            f"{layer['macs']:,} | {layer['instructions']:,} | {layer['macs_per_instruction']:.2f} |"
        )
    print(
        f"per inference: {result['instructions']:,} instructions, {result['macs']:,} MACs, "
        f"{result['macs_per_instruction']:.2f} MACs/instruction (the whole program, with start-up"
        f" and file I/O: {result['program_instructions']:,})"
    )
    sys.stdout.flush()
    return 0
