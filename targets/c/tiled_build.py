"""A build directory from tile IR: model.c is `tiled_emit`'s C in `model_tiled.c.j2`; model.h,
main.c and the Makefile are the untiled build's (`model_emit`), so `xopt run` and
`xopt bench` treat both alike. The arena that model.h reports is every memory level plus
the gather scratch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jinja2
from xdsl.dialects.builtin import ModuleOp

from xopt.executor.run import input_ports, output_ports
from xopt.targets.c.model_emit import CTarget, _ports, _runtime_files, _signature
from xopt.targets.c.tiled_emit import emit_tiled

TEMPLATES = Path(__file__).parent / "templates"


def render_tiled(module: ModuleOp, target: CTarget, model_name: str, macs: int):
    """(files by name, report) of the build of tile-level `module`."""
    inputs = _ports(input_ports(module), "input")
    outputs = _ports(output_ports(module), "output")
    tiled = emit_tiled(module, [p["buffer"] for p in inputs], [p["buffer"] for p in outputs])
    levels = [
        dict(name=n, bytes=b, words=max(1, -(-b // 8))) for n, b in sorted(tiled.levels.items())
    ]
    arena = sum(level["bytes"] for level in levels) + tiled.scratch_bytes
    relative = list(_runtime_files(target))
    context = dict(
        model=model_name,
        target=target.name,
        levels=levels,
        sram_bytes=tiled.levels.get("sram", 0),
        scratch_bytes=max(1, tiled.scratch_bytes),
        data="\n".join(tiled.data.lines),
        body=tiled.body,
        arena_bytes=arena,
        weight_bytes=tiled.weight_bytes,
        macs=macs,
        inputs=inputs,
        outputs=outputs,
        signature=_signature(inputs, outputs),
        call_args=[p["buffer"] for p in inputs + outputs],
        arch_flags=target.arch_flags,
        runtime_sources=[r for r in relative if r.endswith(".c")],
        runtime_headers=[r for r in relative if r.endswith(".h")],
        include_flags=" ".join(f"-I runtime_c/{d}".rstrip("/") for d in target.runtime_dirs),
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    files = {
        name: env.get_template(f"{name}.j2").render(context)
        for name in ("model.h", "main.c", "Makefile")
    }
    files["model.c"] = env.get_template("model_tiled.c.j2").render(context)
    ports = lambda ps: [dict(name=p.name, shape=list(p.shape), dtype=str(p.dtype)) for p in ps]  # noqa: E731
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
        weight_bytes=tiled.weight_bytes,
        inputs=ports(input_ports(module)),
        outputs=ports(output_ports(module)),
        layers=[
            dict(
                region=n + 1,
                name=f"tiles{n + 1}",
                op=", ".join(ops),
                kernel="xopt_tile",
                generated=False,
                macs=0,
            )
            for n, ops in enumerate(tiled.regions)
        ],
    )
    return files, report


def emit_tiled_build(
    module: ModuleOp, target: CTarget, model_name: str, macs: int, out_dir: Path
) -> dict:
    """Write the build directory of tile-level `module`; returns its report.json."""
    files, report = render_tiled(module, target, model_name, macs)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text)
    for rel, source in _runtime_files(target).items():
        (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out_dir / rel)
    (out_dir / "report.json").write_text(json.dumps(report, indent=1) + "\n")
    return report
