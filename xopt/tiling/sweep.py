"""DRAM traffic against SRAM size, per network: the plans of a sweep and their plot (the
shape of DEEPX's memory-optimisation figure: traffic falls towards the lower bound as the
SRAM grows; the untiled baseline is every tensor round-tripping DRAM)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from xopt.files import atomic_write
from xopt.tiling.layers import Network
from xopt.tiling.plan import Plan
from xopt.tiling.planner import lower_bound, plan_network, untiled_traffic
from xopt.tiling.search import TilingPolicy


@dataclass(frozen=True)
class SweepLine:
    """One network's plans at each SRAM size, with its bound and untiled baseline."""

    name: str
    plans: tuple[Plan, ...]
    lower_bound: int
    untiled: int


def sweep(
    networks: dict[str, Network],
    sizes: list[int],
    buffers: int = 2,
    policy: TilingPolicy | None = None,
    progress=None,
) -> list[SweepLine]:
    """Plan every network at every size (`progress(done, total)` after each plan)."""
    lines, done, total = [], 0, len(networks) * len(sizes)
    for name, network in networks.items():
        plans = []
        for size in sizes:
            plans.append(plan_network(network, size, buffers, policy))
            done += 1
            if progress is not None:
                progress(done, total)
        lines.append(SweepLine(name, tuple(plans), lower_bound(network), untiled_traffic(network)))
    return lines


def plot(lines: list[SweepLine], path: str) -> None:
    """Write a PNG of DRAM traffic (MiB) against SRAM size (MiB), one line per network."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.ticker
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(7, 4.5), dpi=100)
    mib = 1024 * 1024
    for index, line in enumerate(lines):
        colour = f"C{index}"
        sizes = [p.sram_bytes / mib for p in line.plans]
        traffic = [p.dram_bytes / mib for p in line.plans]
        axes.plot(sizes, traffic, "o-", color=colour, label=f"{line.name}: planned")
        axes.axhline(
            line.lower_bound / mib, color=colour, ls="--", lw=1, label=f"{line.name}: lower bound"
        )
        axes.axhline(line.untiled / mib, color=colour, ls=":", lw=1, label=f"{line.name}: untiled")
    axes.set_xscale("log", base=2)
    axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axes.set_xlabel("SRAM size (MiB, log scale)")
    axes.set_ylabel("DRAM traffic per inference (MiB)")
    axes.set_title("DRAM traffic against SRAM size")
    axes.set_ylim(bottom=0)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    pyplot.close(figure)
    atomic_write(path, lambda f: f.write(buffer.getvalue()))


def size_text(count: int) -> str:
    """`2.25 MiB`, `512 KiB`, `1000 B`: exact where the size is a round binary unit."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:g} {unit}"
    return f"{count} B"


def sweep_table(lines: list[SweepLine]) -> str:
    """One row per network and size: traffic, ratio to the bound, arena, DMA transfers."""
    rows = [("network", "SRAM", "DRAM bytes", "x bound", "arena x bound", "DMA", "cascades")]
    for line in lines:
        rows.append(
            (
                line.name,
                "untiled",
                f"{line.untiled:,}",
                f"{line.untiled / line.lower_bound:.3f}",
                "",
                "",
                "",
            )
        )
        for p in line.plans:
            rows.append(
                (
                    line.name,
                    size_text(p.sram_bytes),
                    f"{p.dram_bytes:,}",
                    f"{p.dram_bytes / p.dram_lower_bound_bytes:.3f}",
                    f"{p.arena_bytes / max(p.arena_lower_bound_bytes, 1):.3f}",
                    f"{p.dma_transfers:,}",
                    str(len(p.cascades)),
                )
            )
        rows.append((line.name, "bound", f"{line.lower_bound:,}", "1.000", "", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if k < 2 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths))
        ).rstrip()
        for r in rows
    )
