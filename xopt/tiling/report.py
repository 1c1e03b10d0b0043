"""The per-layer table `xopt plan` prints: MACs, DRAM bytes read and written, SRAM peak,
DMA transfers and the tile, then totals against the lower bounds."""

from __future__ import annotations

from xopt.memory import format_bytes
from xopt.tiling.plan import ROWS_OUTER, LayerPlan, Plan

HEADER = ("layer", "op", "tile CxHxW", "MACs", "DRAM read", "DRAM write", "SRAM peak", "DMA")


def _tile(layer: LayerPlan) -> str:
    t = layer.tile
    text = f"{t.channels}x{t.rows}x{t.cols}"
    if layer.cascade is not None:
        return text + f" c{layer.cascade}"
    order = "R" if layer.loop_order == ROWS_OUTER else "C"
    chunks = f" k{t.in_channels}x{t.in_chunks}" if t.in_chunks > 1 else ""
    return text + f" {order}{'r' if layer.rolling_input else ''}{chunks}"


def _row(layer: LayerPlan) -> tuple[str, ...]:
    return (
        layer.name,
        layer.op.split(".", 1)[1],
        _tile(layer),
        f"{layer.macs:,}",
        f"{layer.dram_read_bytes:,}",
        f"{layer.dram_write_bytes:,}",
        f"{layer.sram_peak_bytes:,}",
        f"{layer.dma_transfers:,}",
    )


def format_table(plan: Plan, title: str = "") -> str:
    """The table and summary lines of a plan."""
    rows = [HEADER, *(_row(layer) for layer in plan.layers)]
    rows.append(
        (
            "total",
            "",
            "",
            f"{plan.macs:,}",
            f"{plan.dram_read_bytes:,}",
            f"{plan.dram_write_bytes:,}",
            f"{max((p.sram_peak_bytes for p in plan.layers), default=0):,}",
            f"{plan.dma_transfers:,}",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = [title] if title else []
    for i, row in enumerate(rows):
        cells = [c.ljust(w) if k < 3 else c.rjust(w) for k, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if i == 0 or i == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines + summary_lines(plan))


def summary_lines(plan: Plan) -> list[str]:
    bound = plan.dram_lower_bound_bytes
    lines = [
        f"SRAM {format_bytes(plan.sram_bytes)} ({plan.sram_bytes:,} B), "
        f"{plan.buffers} buffer slot(s): "
        f"{plan.sram_used_bytes:,} B used, {sum(t.home == 'sram' for t in plan.tensors)} "
        f"tensors resident, {len(plan.cascades)} cascades",
        f"DRAM traffic {plan.dram_bytes:,} B = {plan.dram_bytes / max(bound, 1):.3f} x the lower "
        f"bound {bound:,} B (weights, input and output once)",
        f"activation arena {plan.arena_bytes:,} B = "
        f"{plan.arena_bytes / max(plan.arena_lower_bound_bytes, 1):.3f} x the liveness bound "
        f"{plan.arena_lower_bound_bytes:,} B",
    ]
    lines += [f"note: {note}" for note in plan.notes]
    lines.append(
        "tile: R rows outer, C channels outer, r rolling input, kIxN N input-channel chunks "
        "of I (int32 partial sums), cN cascade N"
    )
    return lines
