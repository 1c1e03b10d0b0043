"""Import and run the light ResNet-50 (224x224) from the onnx wheel; print a timing table.

Goals (issue 2): `xopt import` + printing the IR under 10 s, `xopt run` (import + executor)
under 30 s, on a 2-core machine. Each command is timed as a user would run it, as a fresh
process, best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx

MODEL = os.path.join(os.path.dirname(onnx.__file__), "backend/test/data/light/light_resnet50.onnx")
BIN = os.path.dirname(sys.executable)


def timed(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = os.path.join(tmp, "in.npz")
        rng = np.random.default_rng(0)
        np.savez(
            inputs, **{"gpu_0/data_0": rng.standard_normal((1, 3, 224, 224)).astype(np.float32)}
        )
        rows = [
            (
                "xopt import (+ print IR)",
                10.0,
                timed(
                    [f"{BIN}/xopt", "import", MODEL, "-o", os.path.join(tmp, "m.mlir")], args.repeat
                ),
            ),
            (
                "xopt-opt (parse + print IR)",
                None,
                timed(
                    [
                        f"{BIN}/xopt-opt",
                        os.path.join(tmp, "m.mlir"),
                        "-o",
                        os.path.join(tmp, "m2.mlir"),
                    ],
                    args.repeat,
                ),
            ),
            (
                "xopt run (import + execute)",
                30.0,
                timed(
                    [
                        f"{BIN}/xopt",
                        "run",
                        MODEL,
                        "--inputs",
                        inputs,
                        "-o",
                        os.path.join(tmp, "o.npz"),
                    ],
                    args.repeat,
                ),
            ),
        ]
    print(f"light ResNet-50, 1x3x224x224, {os.cpu_count()} cores, best of {args.repeat}")
    print(f"{'step':<32} {'seconds':>8} {'goal':>8}")
    for name, goal, seconds in rows:
        print(f"{name:<32} {seconds:8.2f} {f'< {goal:.0f} s' if goal else '':>8}")


if __name__ == "__main__":
    main()
