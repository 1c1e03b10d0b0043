"""`xopt plan`: plan models for an SRAM size and print the table (or JSON), or sweep sizes
and plot DRAM traffic against SRAM size. A quantized model's integer core is planned (its
float boundary runs outside the tiled memory, `xopt.tiling.planner.plan_module`), so the
table's traffic is what `--emit-tile`'s IR moves."""

from __future__ import annotations

import argparse
import os
import re
import sys

from xopt.errors import UsageError, XoptError

UNITS = {"": 1, "b": 1, "kib": 1024, "mib": 1024**2, "gib": 1024**3, "kb": 1000, "mb": 1000**2}


def parse_size(text: str) -> int:
    """Bytes from `1048576`, `512KiB`, `2.25MiB` (KiB/MiB/GiB binary, KB/MB decimal)."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*", text)
    unit = match.group(2).lower() if match else None
    if match is None or unit not in UNITS:
        raise UsageError(f"xopt plan: bad size '{text}', expected e.g. 1048576, 512KiB or 2.25MiB")
    size = int(float(match.group(1)) * UNITS[unit])
    if size <= 0:
        raise UsageError(f"xopt plan: size '{text}' must be positive")
    return size


def add_plan_parser(sub) -> None:
    p = sub.add_parser(
        "plan", help="plan tiles, on-chip residency and DRAM traffic for an SRAM size"
    )
    p.add_argument("model", nargs="+", help="MODEL.onnx or IR.mlir (graph or quant level)")
    p.add_argument("--calib", help="CALIB.npz: quantize an ONNX model first (else int8 assumed)")
    p.add_argument("--sram", help="SRAM size, e.g. 2.25MiB, 512KiB or 1048576")
    p.add_argument("--buffers", type=int, default=2, help="slots per DMA buffer (2: double)")
    p.add_argument("--policy", choices=("default", "neon", "pulp", "npu"), default="default")
    p.add_argument("--json", action="store_true", help="print the plan as one JSON object")
    p.add_argument("--sweep", help="comma-separated SRAM sizes, e.g. 1MiB,2.25MiB,4MiB,8.25MiB")
    p.add_argument("--plot", help="with --sweep: write DRAM traffic against SRAM size here (PNG)")
    p.add_argument(
        "--emit-tile",
        metavar="OUT.mlir",
        help="with --sram: also write the tiled IR (tile-for-memory) here",
    )


def _load(path: str, calib: str | None):
    from xopt.ir_io import load_module
    from xopt.quantize.driver import FallbackOptions, QuantizeOptions, prepare, quantize_model
    from xopt.tiling.layers import extract_network

    module = load_module(path)
    network = extract_network(module)
    if calib is not None:
        if not network.assumed_int8:
            raise UsageError(f"xopt plan: {path} is already quantized; drop --calib")
        options, fallback = QuantizeOptions(), FallbackOptions()
        module = quantize_model(module, calib, options, fallback, out=sys.stderr)
    elif network.assumed_int8:
        prepare(module)
    return module


def _check_usage(args) -> None:
    if args.buffers < 1:
        raise UsageError("xopt plan: --buffers must be at least 1")
    if (args.sram is None) == (args.sweep is None):
        raise UsageError("xopt plan: give either --sram SIZE or --sweep SIZE,SIZE,...")
    if len(args.model) > 1 and args.sweep is None:
        raise UsageError("xopt plan: several models need --sweep (one table or JSON per run)")
    if args.plot is not None and args.sweep is None:
        raise UsageError("xopt plan: --plot needs --sweep")
    if args.emit_tile is not None and args.sram is None:
        raise UsageError("xopt plan: --emit-tile needs --sram")
    if args.plot is not None and not os.path.isdir(os.path.dirname(os.path.abspath(args.plot))):
        raise XoptError(f"{args.plot}: output directory does not exist")


def cmd_plan(args: argparse.Namespace) -> int:
    from xopt.memory import activation_peak
    from xopt.progress import Progress
    from xopt.tiling.layers import extract_network
    from xopt.tiling.lower_core import core_module
    from xopt.tiling.planner import plan_network
    from xopt.tiling.report import format_table
    from xopt.tiling.search import POLICIES
    from xopt.tiling.sweep import plot, sweep, sweep_table

    _check_usage(args)
    policy = POLICIES[args.policy]
    sizes = [parse_size(s) for s in (args.sweep or args.sram).split(",") if s.strip()]
    modules = {path: _load(path, args.calib) for path in args.model}
    cores = {path: core_module(m) for path, m in modules.items()}
    networks = {_label(path): extract_network(c) for path, c in cores.items()}
    if args.sweep is not None:
        progress = Progress("planning", len(sizes) * len(networks))
        lines = sweep(networks, sizes, args.buffers, policy, progress)
        if args.plot is not None:
            plot(lines, args.plot)
        print(sweep_table(lines))
        return 0
    (module,), ((label, network),) = modules.values(), networks.items()
    if args.emit_tile is not None:
        return _emit_tile(module, label, sizes[0], args)
    bound = None if network.assumed_int8 else activation_peak(cores[args.model[0]]).peak_bytes
    plan = plan_network(network, sizes[0], args.buffers, policy, bound)
    print(plan.to_json() if args.json else format_table(plan, f"{label}:"))
    return 0


def _emit_tile(module, label: str, sram: int, args) -> int:
    """Plan, lower to tile IR (`tile-for-memory`), print the plan and write the IR to
    `args.emit_tile`."""
    from xdsl.utils.exceptions import PassFailedException

    from xopt.files import write_text
    from xopt.ir_io import module_text
    from xopt.passes.tile_for_memory import lower_module
    from xopt.tiling.planner import plan_module
    from xopt.tiling.report import format_table
    from xopt.tiling.search import POLICIES

    policy = POLICIES[args.policy]
    try:
        plan = lower_module(module, lambda core: plan_module(core, sram, args.buffers, policy))
    except PassFailedException as error:
        raise XoptError(f"xopt plan: {error.args[0]}") from None
    write_text(args.emit_tile, module_text(module))
    print(plan.to_json() if args.json else format_table(plan, f"{label}:"))
    return 0


def _label(path: str) -> str:
    base = os.path.basename(path)
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return f"{parent}/{base}" if base.startswith("model") else base
