"""A build directory from tile IR (after the target's passes, which may generate row kernels
for conv tiles): model.c is `tiled_emit`'s C in `model_tiled.c.j2`; model.h,
main.c and the Makefile are the untiled build's (`model_emit`), so `xopt run` and
`xopt bench` treat both alike. The arena that model.h reports is every memory level plus
the gather scratch."""

from __future__ import annotations

from pathlib import Path

from xdsl.dialects.builtin import ModuleOp

from xopt.executor.run import input_ports, output_ports
from xopt.targets.c.model_emit import (
    CTarget,
    build_context,
    generated_kernels,
    port_context,
    report_ports,
    templates,
    write_build,
)
from xopt.targets.c.model_lowering import generated_global_bytes
from xopt.targets.c.tiled_emit import emit_tiled


def render_tiled(module: ModuleOp, target: CTarget, model_name: str, macs: int | None = None):
    """(files by name, report) of the build of tile-level `module` (`macs`: the plan's
    MACs; by default those of the layers its compute ops tile)."""
    module = target.generate(module)
    inputs = port_context(input_ports(module), "input")
    outputs = port_context(output_ports(module), "output")
    neon = target.name == "neon"
    ports = [p["buffer"] for p in inputs], [p["buffer"] for p in outputs]
    tiled = emit_tiled(module, *ports, target.builders, neon)
    levels = [
        dict(name=n, bytes=b, words=max(1, -(-b // 8))) for n, b in sorted(tiled.levels.items())
    ]
    if macs is None:
        macs = sum(region.macs for region in tiled.regions)
    arena = sum(level["bytes"] for level in levels) + tiled.scratch_bytes + tiled.staging_bytes
    weight_bytes = tiled.weight_bytes + generated_global_bytes(module, tiled.generated)
    context = dict(
        build_context(target, model_name, inputs, outputs),
        levels=levels,
        neon=neon,
        sram_bytes=tiled.levels.get("sram", 0),
        scratch_bytes=max(1, tiled.scratch_bytes),
        data="\n".join(tiled.data.lines),
        body=tiled.body,
        kernels=generated_kernels(target, module, tiled.generated),
        arena_bytes=arena,
        weight_bytes=weight_bytes,
        macs=macs,
    )
    env = templates()
    shared = ("model.h", "main.c", "Makefile")
    files = {name: env.get_template(f"{name}.j2").render(context) for name in shared}
    files["model.c"] = env.get_template("model_tiled.c.j2").render(context)
    report = dict(
        model=model_name,
        target=target.name,
        arch_flags=target.arch_flags,
        tiled=True,
        macs=macs,
        arena_bytes=arena,
        arena_lower_bound_bytes=arena,
        level_bytes={level["name"]: level["bytes"] for level in levels},
        scratch_bytes=tiled.scratch_bytes,
        staging_bytes=tiled.staging_bytes,
        weight_bytes=weight_bytes,
        inputs=report_ports(input_ports(module)),
        outputs=report_ports(output_ports(module)),
        layers=[
            dict(
                region=n + 1,
                name=f"tiles{n + 1}",
                op=", ".join(region.ops),
                kernel=", ".join(dict.fromkeys(region.kernels)),
                generated=region.generated,
                macs=region.macs,
            )
            for n, region in enumerate(tiled.regions)
        ],
    )
    return files, report


def emit_tiled_build(
    module: ModuleOp, target: CTarget, model_name: str, macs: int, out_dir: Path
) -> dict:
    """Write the build directory of tile-level `module`; returns its report.json."""
    files, report = render_tiled(module, target, model_name, macs)
    write_build(out_dir, files, target, report)
    return report
