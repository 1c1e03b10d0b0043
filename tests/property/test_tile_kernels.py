"""Property tests: the tiled C targets' tile kernels equal the quant executor bit for bit.

Each hypothesis example draws two independent chains (`tile_chain.py`: pointwise, 3x3
depthwise and general conv, add, max or average pool, mul, global average pool, fully
connected, with drawn channel counts, geometry, quantization and clamps), an SRAM size and
a tiling policy, so the planner cuts them into drawn tiles: row stripes, channel tiles that
are not whole 16-channel blocks, input-channel chunks summed in int32 acc buffers, rings.
The model is compiled with `xopt compile --sram` for the `c` target (run on the host under
ASan and UBSan) and the `neon` target (aarch64-linux-gnu-gcc, run under qemu-aarch64), and every
output of two random samples is compared with the quant executor.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xopt.cli import main
from xopt.executor.run import input_ports, run_sample
from xopt.ir_io import parse_mlir
from xopt.targets.c import model_build, toolchain

sys.path.insert(0, str(Path(__file__).parent))
from tile_chain import Chain, module_text  # noqa: E402

HOST = ("cc", "make")
CROSS = ("aarch64-linux-gnu-gcc", "qemu-aarch64", "make")


def _pads(draw, kernel: int) -> tuple[int, int, int, int]:
    return tuple(draw(st.integers(0, kernel - 1)) for _ in range(4))  # type: ignore[return-value]


@st.composite
def chains(draw, prefix: str):
    """A chain whose every layer has an output."""
    height, width = draw(st.integers(3, 12)), draw(st.integers(3, 12))
    dw_stride, dw_pads = draw(st.integers(1, 2)), tuple(draw(st.integers(0, 1)) for _ in range(4))
    kernel = draw(st.integers(1, 3))
    pads = _pads(draw, kernel)
    pool_kernel = draw(st.integers(1, 3))
    sizes = [height, width]
    for k, s, p in ((3, dw_stride, dw_pads), (kernel, 1, pads)):
        sizes = [(n + p[i] + p[i + 2] - k) // s + 1 for i, n in enumerate(sizes)]
        assume(min(sizes) >= 1)
    pool_stride, pool_pads = draw(st.integers(1, 2)), _pads(draw, pool_kernel)
    assume(min(n + pool_pads[i] + pool_pads[i + 2] for i, n in enumerate(sizes)) >= pool_kernel)
    return Chain(
        c0=draw(st.integers(1, 8)),
        c1=draw(st.integers(1, 40)),
        c2=draw(st.integers(1, 40)),
        n=draw(st.integers(1, 24)),
        height=height,
        width=width,
        dw_stride=dw_stride,
        dw_pads=dw_pads,  # type: ignore[arg-type]
        kernel=kernel,
        pads=pads,
        pool=draw(st.sampled_from(["maxpool", "avgpool"])),
        pool_kernel=pool_kernel,
        pool_stride=pool_stride,
        pool_pads=pool_pads,
        count_include_pad=draw(st.booleans()),
        seed=draw(st.integers(0, 2**32 - 1)),
        prefix=prefix,
    )


models = st.tuples(
    chains("u"), chains("v"), st.integers(768, 6144), st.sampled_from(["default", "neon"])
)
"""Two chains, an SRAM size and a tiling policy (`neon`: channel tiles in whole 16-channel
blocks; `default`: any channel count, so NEON constants are laid out tile by tile)."""


def _compile(
    tmp_path: Path, text: str, target: str, sram: int, policy: str
) -> model_build.Build | None:
    """The build of `text` for `target` in `sram` bytes, or None if the plan does not fit."""
    source = tmp_path / "model.q.mlir"
    source.write_text(text)
    out = tmp_path / f"build-{target}"
    sizes = ["--sram", str(sram), "--policy", policy]
    if main(["compile", str(source), "--target", target, *sizes, "-o", str(out)]):
        return None
    return model_build.open_build(out)


def _check(tmp_path: Path, case, target: str, platform: str, sanitize: bool) -> str:
    u, v, sram, policy = case
    text = module_text([u, v])
    build = _compile(tmp_path, text, target, sram, policy)
    assume(build is not None)
    assert build is not None
    module = parse_mlir(text, "quant")
    binary = model_build.build(build, platform, sanitize=sanitize)
    rng = np.random.default_rng(u.seed)
    for _ in range(2):
        sample = [rng.normal(0, 1, p.shape).astype(np.float32) for p in input_ports(module)]
        got, _ = model_build.run(build, binary, sample, platform)
        for g, w in zip(got, run_sample(module, sample), strict=True):
            np.testing.assert_array_equal(g, w)
    return (build.path / "model.c").read_text()


SETTINGS = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)


@pytest.mark.skipif(not all(map(toolchain.has_tool, HOST)), reason="needs cc and make")
@SETTINGS
@given(models)
def test_portable_tile_kernels_are_bit_exact_under_sanitizers(tmp_path_factory, case):
    text = _check(tmp_path_factory.mktemp("c"), case, "c", "host", sanitize=True)
    for function in ("reduce", "add", "mul", "pool", "global_avgpool"):
        assert f"xopt_tile_{function}(" in text


@pytest.mark.skipif(not all(map(toolchain.has_tool, CROSS)), reason="needs the aarch64 tools")
@SETTINGS
@given(models)
def test_neon_tile_kernels_are_bit_exact_under_qemu(tmp_path_factory, case):
    text = _check(tmp_path_factory.mktemp("neon"), case, "neon", "aarch64", sanitize=False)
    assert "xopt_tile_reduce(" not in text, "every conv and fully-connected tile is NEON"
    kernels = set(re.findall(r"xopt_tile_(?:add|mul|pool|global_avgpool)\((?:&\w+), (\w+)", text))
    assert kernels <= {
        "xopt_neon_add_s8_s8",
        "xopt_neon_mul_s8_s8",
        "xopt_neon_maxpool2d_s8_s8",
        "xopt_neon_avgpool2d_s8_s8",
        "xopt_neon_global_avgpool_s8_s8",
    }


def _chain(prefix: str, **geometry) -> Chain:
    fixed = dict(c0=3, c1=24, c2=20, n=10, height=12, width=8, dw_stride=1, dw_pads=(1,) * 4)
    fixed.update(kernel=3, pads=(1,) * 4, pool="maxpool", pool_kernel=2, pool_stride=2)
    fixed.update(pool_pads=(0,) * 4, count_include_pad=False, seed=1)
    return Chain(**{**fixed, **geometry, "prefix": prefix})  # type: ignore[arg-type]


@pytest.mark.skipif(not all(map(toolchain.has_tool, CROSS)), reason="needs the aarch64 tools")
def test_neon_row_kernels_on_tiles_are_bit_exact_under_qemu(tmp_path):
    """At 2600 bytes u's 24-channel depthwise tiles are 2-row stripes of ring buffers with
    padding rows, and v's general conv of 4 input channels is a row conv: both take their
    generated row kernels (lower-to-neon on tile IR), called row by row, and so do u's
    3 -> 24 pointwise conv and v's two 16 -> 16 ones (1x1, at most 16 input channels)."""
    u = _chain("u")
    v = _chain("v", c1=4, c2=16, dw_stride=2, dw_pads=(0, 0, 1, 1), seed=2, height=11, width=10)
    text = _check(tmp_path, (u, v, 2600, "default"), "neon", "aarch64", sanitize=False)
    assert len(set(re.findall(r"static void (neon_\w+_rows)\(", text))) == 5
    assert "xopt_tile_mod(" in text, "ring buffers"
