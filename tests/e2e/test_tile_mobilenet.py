"""Acceptance of tile-for-memory on MobileNetV2-0.5 at 96x96: quantized (minmax ranges),
lowered at 2.25 MiB, 64 KiB and 32 KiB SRAM (with cascades, and at 64 KiB also without),
the tile executor equals the quant executor bit for bit and counts exactly the plan's DRAM
bytes and DMA commands; the plan meets the DRAM (1.25x the lower bound) and arena (1.05x
the liveness bound) targets at 2.25 MiB, and at small SRAM the cascades move fewer DRAM
bytes than the plan without them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from xopt.executor.run import run_sample
from xopt.executor.tile_interpreter import run_tile_module
from xopt.ir_io import load_module
from xopt.passes.tile_for_memory import lower_module
from xopt.tiling.lower_core import core_module
from xopt.tiling.planner import plan_module

from .conftest import example_samples


@pytest.fixture(scope="module")
def quantized(quantized_example, tmp_path_factory) -> Path:
    """The example quantized with minmax ranges (the session's quantization), as a file."""
    from xopt.ir_io import module_text

    path = tmp_path_factory.mktemp("mnv2") / "model.q.mlir"
    path.write_text(module_text(quantized_example("mobilenet_v2_050")))
    return path


def _images(count: int) -> list[np.ndarray]:
    return [sample[0] for sample in example_samples("mobilenet_v2_050", count)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "sram, buffers, cascades, images",
    [
        (int(2.25 * 2**20), 2, True, 2),
        (64 * 1024, 2, False, 1),
        (64 * 1024, 2, True, 1),
        (32 * 1024, 2, True, 1),
        (32 * 1024, 1, True, 1),
    ],
)
def test_mobilenet_tiled_is_bit_exact_and_counts_the_plan(
    quantized: Path, sram, buffers, cascades, images
):
    module = load_module(str(quantized))
    reference = module.clone()
    plan = lower_module(module, lambda core: plan_module(core, sram, buffers, cascades=cascades))
    module.verify()
    for x in _images(images):
        run = run_tile_module(module, [x])
        np.testing.assert_array_equal(run.outputs[0], run_sample(reference, [x])[0])
        assert run.counters.bytes["dram->sram"] == plan.dram_read_bytes
        assert run.counters.bytes["sram->dram"] == plan.dram_write_bytes
        assert sum(run.counters.transfers.values()) == plan.dma_transfers
    if sram >= 2**21:
        assert plan.dram_bytes <= 1.25 * plan.dram_lower_bound_bytes
        assert plan.arena_bytes <= 1.05 * plan.arena_lower_bound_bytes
    if cascades and sram <= 64 * 1024:
        plain = plan_module(core_module(reference), sram, buffers, cascades=False)
        print(
            f"{sram // 1024} KiB, {buffers} slot(s): executed {plan.dram_bytes:,} B with "
            f"{len(plan.cascades)} cascades, {plain.dram_bytes:,} B without "
            f"(lower bound {plan.dram_lower_bound_bytes:,} B)"
        )
        assert plan.cascades
        assert plan.dram_bytes < plain.dram_bytes
