"""Executed aarch64 instructions per MAC of the sub-byte GEMM kernels: unpack-to-sdot against
bit-serial, at every pair of activation and weight widths.

1x1 pointwise convs of 64 to 256 channels on 12x12 and 24x24 pixels, with activations of a
signed a-bit range (stored one int8 per value) and weights of a signed w-bit range, for
(a, w) in {4, 2}^2: each built as the packed-weight sdot kernel (`_w4` / `_w2`, which reads
activations as int8 whatever their range) and as the bit-serial kernel of
`bitserial_gemm.c` (`_bitserial_aA_wW`, AND + CNT per pair of bit planes), plus the int8
sdot kernel as the reference, into one program per compiler at -O3
-march=armv8.2-a+dotprod, run under qemu-aarch64 with xopt's icount plugin (one region per
layer) and checked bit for bit against the quant executor. Prints one row per shape and
precision pair: instructions per MAC of each and which wins. Unpack-to-sdot wins
everywhere, which is why the neon target always takes it and the bit-serial kernel lives
here, not in runtime_c.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

import numpy as np

from xopt.executor.quant_kernels import QParams
from xopt.targets.c import runner, toolchain
from xopt.targets.c.kernel_harness import KernelCase
from xopt.targets.neon import kernel_params as neon
from xopt.targets.neon import packing

BITSERIAL_SOURCE = (Path(__file__).parent / "bitserial_gemm.c").read_text()
CHUNK = 128
"""Reduction entries per bit-plane vector of the bit-serial kernels."""

SHAPES = [(64, 64, 12), (64, 64, 24), (128, 128, 12), (128, 128, 24), (256, 256, 12)]
"""(in channels, out channels, pixels per side) of the pointwise layers."""
PAIRS = [(4, 4), (4, 2), (2, 4), (2, 2)]
"""(activation bits, weight bits)."""


def signed(rng, bits: int, shape) -> np.ndarray:
    half = 2 ** (bits - 1)
    return rng.integers(-half, half, shape).astype(np.int8)


def pointwise_case(rng, in_c: int, out_c: int, size: int, a: int, w: int) -> KernelCase:
    x = signed(rng, a, (1, in_c, size, size))
    weights = signed(rng, w, (out_c, in_c, 1, 1))
    wq = QParams(rng.uniform(0.01, 0.05, out_c))
    quant = (QParams(0.05, -1), wq, QParams(0.3, 2), (-128, 127))
    return KernelCase("conv2d", (x, weights, rng.integers(-500, 500, out_c), *quant))


def pack_bitserial(matrix: np.ndarray, bits: int) -> np.ndarray:
    """W[n][k] as bitserial_gemm.c's weight planes: rows padded to a multiple of 4, columns
    to chunks of 128; per row, chunk and plane j < `bits` 16 bytes whose byte b bit t is
    bit j of W[r][128 c + 16 t + b] (int8 view of the bytes)."""
    n, k = matrix.shape
    full = np.zeros((packing.round_up(n, 4), packing.round_up(k, CHUNK)), np.int64)
    full[:n, :k] = matrix
    values = full.reshape(full.shape[0], -1, 8, 16) & 0xFF  # [r][c][t][b]
    planes = (values[:, :, None] >> np.arange(bits)[:, None, None]) & 1  # [r][c][j][t][b]
    packed = (planes << np.arange(8)[:, None]).sum(axis=3)
    return packed.astype(np.uint8).view(np.int8).reshape(-1)


def call_of(case: KernelCase, a: int, w: int, method: str):
    """The neon target's call of a pointwise `case` with a-bit inputs and w-bit weights, or
    (method "bitserial") the same with bitserial_gemm.c's kernel and weights."""
    call = neon.conv2d(*case.args, weight_bits=w, input_bits=a)
    if method == "sdot":
        return call
    weights = pack_bitserial(packing.conv_matrix(case.args[1]), w)
    function = f"xopt_neon_conv2d_pointwise_bitserial_a{a}_w{w}"
    return dataclasses.replace(call, function=function, params={**call.params, "weight": weights})


def count(calls, cases, cc: str) -> dict[int, int]:
    """Instructions per region of `calls`, after checking every output."""
    flags = ("-O3", *toolchain.NEON_FLAGS)
    with tempfile.TemporaryDirectory() as tmp:
        outputs, n = runner.run_calls(
            calls, Path(tmp), "aarch64", cc, flags, count=True, kernels=BITSERIAL_SOURCE
        )
    for case, call, got in zip(cases, calls, outputs):
        if not np.array_equal(KernelCase.from_c(call, got), case.reference()):
            raise SystemExit(f"{cc} {call.function} differs from the quant executor")
    return n.regions


def plan(rng):
    """(label, case, builder overrides) of every measured kernel call."""
    rows = []
    for in_c, out_c, size in SHAPES:
        shape = f"{in_c}->{out_c}, {size}x{size}"
        rows.append((shape, "a8w8", pointwise_case(rng, in_c, out_c, size, 8, 8), "sdot", 8, 8))
        for a, w in PAIRS:
            case = pointwise_case(rng, in_c, out_c, size, a, w)
            for method in ("sdot", "bitserial"):
                rows.append((shape, f"a{a}w{w}", case, method, a, w))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cc", nargs="+", default=[toolchain.AARCH64_GCC, "clang"])
    args = parser.parse_args()
    rows = plan(np.random.default_rng(0))
    calls = [call_of(case, a, w, method) for _, _, case, method, a, w in rows]
    cases = [case for _, _, case, *_ in rows]
    counts = {cc: count(calls, cases, cc) for cc in args.cc}
    header = " | ".join(f"{cc} sdot | {cc} bit-serial | {cc} winner" for cc in args.cc)
    print(f"| shape | a/w bits | MACs | {header} |")
    print("|---|---|---:|" + "---:|---:|---|" * len(args.cc))
    for i, (shape, pair, case, method, *_) in enumerate(rows):
        if method == "bitserial":
            continue
        macs = int(np.prod(case.args[1].shape)) * int(np.prod(case.args[0].shape[2:]))
        cells = []
        for cc in args.cc:
            sdot = counts[cc][i + 1] / macs
            if pair == "a8w8":
                cells.append(f"{sdot:.3f} | - | -")
                continue
            serial = counts[cc][i + 2] / macs
            cells.append(f"{sdot:.3f} | {serial:.3f} | {'bit-serial' if serial < sdot else 'sdot'}")
        print(f"| {shape} | {pair} | {macs:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
