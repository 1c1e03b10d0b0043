"""DRAM traffic of planned MobileNetV2s against SRAM size; writes the plot.

Networks: the MobileNetV2-0.5@96 example (1000 classes) and a MobileNetV2-1.0@224 built in
memory by examples/mobilenet_v2/make_model.py (batch-norm statistics from 2 images; only
the shapes matter here), both planned as int8 (activations and weights int8, biases
int32). For each SRAM size: DRAM bytes against the lower bound (weights, input and output
once) and the untiled baseline (every tensor round-trips DRAM), the activation arena
against its liveness bound, DMA transfers, cascades and planning time. Goals (issue 5):
at 2.25 MiB, traffic within 1.25x of the bound and the arena within 1.05x of its bound;
MobileNetV2-1.0@224 planned in under 5 s.

Then the traffic executed: the MobileNetV2-0.5@96 example quantized (minmax ranges),
lowered by tile-for-memory at every size and run by the tile executor on one test image,
next to its plan's traffic (they must agree: DRAM bytes and DMA commands), with the
executed output checked bit for bit against the quant executor.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

import onnx

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "examples", "mobilenet_v2"))

from make_model import build, make_images  # noqa: E402

from xopt.executor.run import run_sample  # noqa: E402
from xopt.executor.tile_interpreter import run_tile_module  # noqa: E402
from xopt.ir_io import load_module  # noqa: E402
from xopt.memory import format_bytes  # noqa: E402
from xopt.passes.tile_for_memory import lower_module  # noqa: E402
from xopt.quantize.driver import prepare  # noqa: E402
from xopt.tiling.layers import Network, extract_network  # noqa: E402
from xopt.tiling.planner import plan_module, plan_network  # noqa: E402
from xopt.tiling.sweep import SweepLine, plot, sweep_table  # noqa: E402

MIB = 1024 * 1024
SMALL = [MIB // 32, MIB // 16, MIB // 8, MIB // 4, MIB // 2]
SIZES = [*SMALL, MIB, int(2.25 * MIB), 4 * MIB, int(8.25 * MIB)]
GOAL_SIZE = int(2.25 * MIB)


def network_of(path: str) -> Network:
    module = load_module(path)
    prepare(module)
    return extract_network(module)


def mobilenet_v2_224() -> Network:
    model, _ = build(make_images(seed=1, count=2, size=224), width=1.0, classes=1000)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mobilenet_v2_1.0_224.onnx")
        onnx.save(model, path)
        return network_of(path)


def timed_line(name: str, network: Network, sizes: list[int]) -> tuple[SweepLine, list[float]]:
    from xopt.tiling.planner import lower_bound, untiled_traffic

    plans, seconds = [], []
    for size in sizes:
        start = time.perf_counter()
        plans.append(plan_network(network, size))
        seconds.append(time.perf_counter() - start)
    return SweepLine(name, tuple(plans), lower_bound(network), untiled_traffic(network)), seconds


def executed_table(sizes: list[int]) -> tuple[str, bool]:
    """Planned against executed traffic of the quantized MobileNetV2-0.5@96 example (module
    docstring), and whether every size agrees and is bit-exact."""
    import numpy as np

    from xopt.quantize.driver import (
        ActivationOptions,
        FallbackOptions,
        QuantizeOptions,
        quantize_model,
    )

    example = os.path.join(ROOT, "examples", "mobilenet_v2_050")
    options = QuantizeOptions(activations=ActivationOptions(range_method="minmax"))
    with open(os.devnull, "w") as quiet:
        quantized = quantize_model(
            load_module(os.path.join(example, "model.onnx")),
            os.path.join(example, "calib.npz"),
            options,
            FallbackOptions(),
            out=quiet,
        )
    images = np.load(os.path.join(example, "test.npz"))
    x = images[images.files[0]][0].reshape(1, 3, 96, 96)
    expected = run_sample(quantized, [x])[0]
    header = ("SRAM", "planned B", "executed B", "planned DMA", "executed DMA", "bit-exact", "s")
    rows, ok = [header], True
    for size in sizes:
        module = quantized.clone()
        start = time.perf_counter()
        plan = lower_module(module, lambda core, size=size: plan_module(core, size))
        run = run_tile_module(module, [x])
        executed = run.counters.bytes["dram->sram"] + run.counters.bytes["sram->dram"]
        commands = sum(run.counters.transfers.values())
        exact = bool((run.outputs[0] == expected).all())
        ok &= exact and executed == plan.dram_bytes and commands == plan.dma_transfers
        rows.append(
            (
                format_bytes(size),
                f"{plan.dram_bytes:,}",
                f"{executed:,}",
                f"{plan.dma_transfers:,}",
                f"{commands:,}",
                "yes" if exact else "NO",
                f"{time.perf_counter() - start:.1f}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", default=os.path.join(ROOT, "build", "tiling_dram_traffic.png"))
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.plot)), exist_ok=True)
    networks = {
        "MobileNetV2-0.5@96": network_of(
            os.path.join(ROOT, "examples", "mobilenet_v2_050", "model.onnx")
        ),
        "MobileNetV2-1.0@224": mobilenet_v2_224(),
    }
    lines, ok = [], True
    for name, network in networks.items():
        line, seconds = timed_line(name, network, SIZES)
        lines.append(line)
        goal = line.plans[SIZES.index(GOAL_SIZE)]
        traffic = goal.dram_bytes / goal.dram_lower_bound_bytes
        arena = goal.arena_bytes / goal.arena_lower_bound_bytes
        passed = traffic <= 1.25 and arena <= 1.05 and max(seconds) < 5
        ok &= passed
        print(
            f"{name}: {len(network.layers)} layers, planned in {min(seconds):.2f}-"
            f"{max(seconds):.2f} s per size; at 2.25 MiB traffic {traffic:.3f} x bound, "
            f"arena {arena:.3f} x bound: {'PASS' if passed else 'FAIL'}"
        )
    print()
    print(sweep_table(lines))
    plot(lines, args.plot)
    print(f"\nplot: {os.path.relpath(args.plot)}")
    table, agree = executed_table(SIZES)
    print(
        "\nMobileNetV2-0.5@96 quantized, lowered by tile-for-memory and run by the tile executor:"
    )
    print(table)
    return 0 if ok and agree else 1


if __name__ == "__main__":
    sys.exit(main())
