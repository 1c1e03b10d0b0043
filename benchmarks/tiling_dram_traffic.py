"""DRAM traffic of planned MobileNetV2s against SRAM size; writes the plot.

Networks: the MobileNetV2-0.5@96 example (1000 classes) and a MobileNetV2-1.0@224 built in
memory by examples/mobilenet_v2/make_model.py (batch-norm statistics from 2 images; only
the shapes matter here), both planned as int8 (activations and weights int8, biases
int32). For each SRAM size: DRAM bytes against the lower bound (weights, input and output
once) and the untiled baseline (every tensor round-trips DRAM), the activation arena
against its liveness bound, DMA transfers, cascades and planning time. Goals (issue 5):
at 2.25 MiB, traffic within 1.25x of the bound and the arena within 1.05x of its bound;
MobileNetV2-1.0@224 planned in under 5 s.
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

from xopt.ir_io import load_module  # noqa: E402
from xopt.quantize.driver import prepare  # noqa: E402
from xopt.tiling.layers import Network, extract_network  # noqa: E402
from xopt.tiling.planner import plan_network  # noqa: E402
from xopt.tiling.sweep import SweepLine, plot, sweep_table  # noqa: E402

MIB = 1024 * 1024
SIZES = [MIB // 16, MIB // 8, MIB // 4, MIB // 2, MIB, int(2.25 * MIB), 4 * MIB, int(8.25 * MIB)]
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
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
