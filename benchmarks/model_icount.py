"""Executed aarch64 instructions per inference of whole example models: xopt's NEON build, its
portable C build (the same program structure without intrinsics, -O3) and onnxruntime's
aarch64 build (MLAS kernels) running onnxruntime's own int8 QDQ quantization of the model,
all under the same qemu-aarch64 -cpu max.

The xopt builds come from `xopt compile` (minmax ranges), are checked bit for bit against the
quant executor on the sample they are measured on, and are counted with xopt's icount plugin
per layer. onnxruntime is counted by `../shared/tools/ort-aarch64-icount` (per inference, start-
up cancelled), which the script runs when it exists (`--no-ort` skips it; its first run builds
an arm64 userland cache, about 2 minutes). Prints the per-layer table and the totals.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ORT_TOOL = ROOT.parent / "shared" / "tools" / "ort-aarch64-icount"
sys.path.insert(0, str(ROOT / "benchmarks"))


def quantized(name: str):
    from xopt.ir_io import load_module
    from xopt.quantize.driver import (
        ActivationOptions,
        FallbackOptions,
        QuantizeOptions,
        quantize_model,
    )

    options = QuantizeOptions(activations=ActivationOptions(range_method="minmax"))
    folder = ROOT / "examples" / name
    model = load_module(str(folder / "model.onnx"))
    return quantize_model(model, str(folder / "calib.npz"), options, FallbackOptions())


def sample(name: str) -> np.ndarray:
    with np.load(ROOT / "examples" / name / "test.npz") as data:
        return data[data.files[0]][0]


def xopt_counts(module, target: str, x: np.ndarray, out: Path, cc: str | None) -> dict:
    from xopt.compile_cli import bench_build
    from xopt.executor.run import run_sample
    from xopt.targets.c import model_build
    from xopt.targets.c.model_emit import emit
    from xopt.targets.registry import target_named

    spec = target_named(target)
    emit(spec.lower(module), spec, "model", out)
    build = model_build.open_build(out)
    binary = model_build.build(build, "aarch64", cc)
    got, _ = model_build.run(build, binary, [x], "aarch64")
    for g, w in zip(got, run_sample(module, [x])):
        if not np.array_equal(g, w):
            raise SystemExit(f"{target}: the build differs from the quant executor")
    npz = out / "sample.npz"
    np.savez(npz, **{build.inputs[0].name: x})
    return bench_build(str(out), str(npz), cc)


def ort_counts(name: str, x: np.ndarray, tmp: Path) -> int | None:
    """onnxruntime's instructions per inference on its own QDQ int8 quantization."""
    import quantization_vs_onnxruntime as qvo

    if not ORT_TOOL.exists():
        return None
    model = qvo.Model(name, name, False)
    qdq = qvo.quantize_with_onnxruntime(model, "QInt8", "MinMax", str(tmp))
    npy = tmp / "input.npy"
    np.save(npy, x)
    print(f"running {ORT_TOOL.name} on {Path(qdq).name} (first run: ~2 min set-up)", flush=True)
    done = subprocess.run(
        ["bash", str(ORT_TOOL), qdq, str(npy)], capture_output=True, text=True, check=True
    )
    match = re.search(r"instructions_per_inference\s+(\d+)", done.stdout)
    return int(match.group(1)) if match else None


def print_tables(name: str, results: dict[str, dict], ort: int | None) -> None:
    targets = list(results)
    first = results[targets[0]]
    print(f"\n{name}: instructions per inference under qemu-aarch64, per layer\n")
    header = "| # | layer | MACs | " + " | ".join(f"{t} instr | {t} MAC/instr" for t in targets)
    print(header + " |")
    print("|---:|---|---:|" + "---:|---:|" * len(targets))
    for i, layer in enumerate(first["layers"]):
        cells = []
        for t in targets:
            row = results[t]["layers"][i]
            cells += [f"{row['instructions']:,}", f"{row['macs_per_instruction']:.2f}"]
        print(f"| {layer['region']} | {layer['name']} | {layer['macs']:,} | {' | '.join(cells)} |")
    macs = first["macs"]
    print(f"\ntotals ({macs:,} MACs per inference):\n")
    print("| build | instructions | MACs/instruction |")
    print("|---|---:|---:|")
    for t in targets:
        r = results[t]
        ratio = r["macs_per_instruction"]
        print(f"| xopt {t} ({r['compiler']}) | {r['instructions']:,} | {ratio:.2f} |")
    if ort is not None:
        print(f"| onnxruntime 1.20.1 (MLAS), QDQ int8 | {ort:,} | {macs / ort:.2f} |")
    if "neon" in results and "c" in results:
        n, c = results["neon"]["instructions"], results["c"]["instructions"]
        line = f"\nNEON vs portable C: {c / n:.2f}x fewer instructions"
        if ort is not None:
            line += f"; NEON vs onnxruntime: {ort / n:.2f}x fewer"
        print(line)


def main() -> None:
    from xopt.targets.registry import TARGETS

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="mobilenet_v2_050")
    parser.add_argument("--targets", nargs="+", default=[t for t in ("neon", "c") if t in TARGETS])
    parser.add_argument("--cc", help="aarch64 compiler (default aarch64-linux-gnu-gcc)")
    parser.add_argument("--no-ort", action="store_true", help="skip onnxruntime")
    args = parser.parse_args()
    module, x = quantized(args.model), sample(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        results = {
            t: xopt_counts(module.clone(), t, x, Path(tmp) / t, args.cc) for t in args.targets
        }
        ort = (
            None
            if args.no_ort or os.environ.get("XOPT_NO_ORT")
            else ort_counts(args.model, x, Path(tmp))
        )
    print_tables(args.model, results, ort)


if __name__ == "__main__":
    main()
