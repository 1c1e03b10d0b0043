"""Writing a `ModelProgram` as a build directory: model.h (the documented API), model.c (the
layer parameters and weights as const data, one static arena, the kernel calls in order),
main.c (a file-to-file harness), a Makefile, a copy of the C runtime it needs, and
report.json (MACs, arena and weight bytes, the kernel of every layer).

File skeletons are jinja2 templates (`templates/`); the const data comes from
`c_program`'s initializer writer. The output is deterministic byte for byte.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import jinja2
import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import PassPipeline

from xopt.errors import XoptError
from xopt.executor.run import Port
from xopt.targets.c import c_program, toolchain
from xopt.targets.c.model_lowering import ModelProgram, Step, lower_model
from xopt.tiling.arena import Block, allocate, liveness_bound
from xopt.universe import get_all_passes

ALIGN = 16
"""Arena offsets are multiples of this (a NEON q register)."""


@dataclass(frozen=True)
class CTarget:
    """A C target: its kernel builders, compiler flags and runtime sources."""

    name: str
    builders: ModuleType
    arch_flags: str
    runtime_dirs: tuple[str, ...] = ("",)
    """Folders of runtime_c (relative to it) whose xopt_*.c / *.h the build needs."""
    extra_headers: tuple[str, ...] = ()
    """Headers model.c includes besides xopt_kernels.h."""
    passes: tuple[str, ...] = ()
    """Passes (`xopt.universe.PASSES` names) run on the quant module before it is lowered to
    kernel calls: they generate the target's own kernels (`lower-to-neon`)."""
    kernel_printer: Callable[[ModuleOp, list[str]], str] | None = None
    """Prints the generated kernel functions a program calls as C."""
    tiling_policy: str = "default"
    """The `xopt.tiling.search.POLICIES` entry `xopt compile --sram` plans with."""

    def generate(self, module: ModuleOp) -> ModuleOp:
        """A copy of a quant or tile-level module through `passes` (the module itself when
        there are none)."""
        if not self.passes:
            return module
        module = module.clone()
        PassPipeline.parse_spec(get_all_passes(), ",".join(self.passes)).apply(Context(), module)
        return module

    def lower(self, module: ModuleOp) -> ModelProgram:
        """The kernel-call program of a quant module for this target (after `passes`)."""
        return lower_model(self.generate(module), self.builders)


_C_TYPES = {
    np.dtype(np.int8): "int8_t",
    np.dtype(np.uint8): "uint8_t",
    np.dtype(np.int16): "int16_t",
    np.dtype(np.int32): "int32_t",
    np.dtype(np.int64): "int64_t",
    np.dtype(np.float32): "float",
}


def c_type(dtype: np.dtype) -> str:
    try:
        return _C_TYPES[np.dtype(dtype)]
    except KeyError:
        raise XoptError(f"the C targets have no element type for {np.dtype(dtype)}") from None


@dataclass(frozen=True)
class ArenaLayout:
    offsets: dict[str, int]
    size: int
    lower_bound: int


def arena_layout(program: ModelProgram) -> ArenaLayout:
    """Offsets of the arena tensors by liveness over the steps (`xopt.tiling.arena`)."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for n, step in enumerate(program.steps):
        for key in [*step.inputs, step.output]:
            first.setdefault(key, n)
            last[key] = n
    blocks = [
        Block(key, -(-t.nbytes // ALIGN) * ALIGN, first[key], last[key])
        for key, t in program.tensors.items()
        if t.place == "arena" and key in first
    ]
    offsets, size = allocate(blocks)
    return ArenaLayout(offsets, size, liveness_bound(blocks))


def port_context(ports: list[Port], direction: str) -> list[dict]:
    out = []
    for i, port in enumerate(ports):
        macro = f"{direction.upper()}_{i}"
        out.append(
            dict(
                name=port.name,
                direction=direction,
                shape=list(port.shape),
                ctype=c_type(port.dtype),
                macro=macro,
                elements=int(np.prod(port.shape, dtype=np.int64)),
                buffer=f"{direction}_{i}",
            )
        )
    return out


class _Renderer:
    def __init__(self, program: ModelProgram, layout: ArenaLayout):
        self.program, self.layout = program, layout
        self.data = c_program.ConstData()

    def pointer(self, key: str, const: bool) -> str:
        tensor = self.program.tensors[key]
        ctype = c_type(tensor.dtype)
        if tensor.place in ("input", "output"):
            return f"{tensor.place}_{tensor.port}"
        if tensor.place == "const":
            return key
        qualifier = "const " if const else ""
        return f"({qualifier}{ctype} *)(ARENA + {self.layout.offsets[key]})"

    def step(self, n: int, step: Step) -> dict:
        call = step.call
        name = f"layer{n}"
        inputs = [self.pointer(k, True) for k in step.inputs]
        args = ["inputs"] if call.input_array else inputs
        if call.params_type:
            init = self.data.initializer(call.params_type, call.params, name)
            self.data.lines.append(f"static const {call.params_type} {name} = {init};")
            args = [f"&{name}", *args]
        args.append(self.pointer(step.output, False))
        return dict(
            name=step.name,
            op=step.op,
            shape="x".join(map(str, call.output_shape)),
            function=call.function,
            args=args,
            array=inputs if call.input_array else None,
        )

    def const_tensors(self) -> None:
        for key, tensor in self.program.tensors.items():
            if tensor.place == "const":
                kind = c_program.CONST_KINDS.get(tensor.dtype)
                if kind is None:
                    raise XoptError(
                        f"constant {key}: the C targets need int8, int32 or float32 data"
                    )
                self.data.array(key, tensor.data, kind)


def generated_kernels(target: CTarget, module: ModuleOp | None, names: list[str]) -> str:
    """The C of the generated kernel functions `names` of `module` ("" when none)."""
    if not names:
        return ""
    if target.kernel_printer is None or module is None:
        raise XoptError(f"the {target.name} target cannot print generated kernels")
    return target.kernel_printer(module, names)


def _signature(inputs: list[dict], outputs: list[dict]) -> str:
    params = [f"const {p['ctype']} *{p['buffer']}" for p in inputs]
    params += [f"{p['ctype']} *{p['buffer']}" for p in outputs]
    return f"void xopt_model_run({', '.join(params)})"


def _runtime_files(target: CTarget) -> dict[str, Path]:
    """The runtime_c sources a build of `target` copies, by their path in the build."""
    files = {}
    for folder in target.runtime_dirs:
        root = toolchain.RUNTIME_C / folder
        for path in sorted(root.glob("xopt_*.c")) + sorted(root.glob("xopt_*.h")):
            files[path.relative_to(toolchain.RUNTIME_C.parent).as_posix()] = path
    return files


def render(
    program: ModelProgram, target: CTarget, model_name: str, layout: ArenaLayout | None = None
) -> dict[str, str]:
    """The generated files' texts by name: model.h, model.c, main.c, Makefile (`layout`:
    the program's `arena_layout`, computed when not given)."""
    layout = layout or arena_layout(program)
    renderer = _Renderer(program, layout)
    renderer.const_tensors()
    steps = [renderer.step(n, s) for n, s in enumerate(program.steps)]
    inputs, outputs = port_context(program.inputs, "input"), port_context(program.outputs, "output")
    context = dict(
        build_context(target, model_name, inputs, outputs),
        steps=steps,
        data="\n".join(renderer.data.lines),
        kernels=generated_kernels(target, program.module, program.generated),
        arena_bytes=layout.size,
        arena_words=max(1, -(-layout.size // 8)),
        weight_bytes=program.weight_bytes,
        macs=program.macs,
        headers=list(target.extra_headers),
    )
    names = ("model.h", "model.c", "main.c", "Makefile")
    return {name: templates().get_template(f"{name}.j2").render(context) for name in names}


def build_context(target: CTarget, model_name: str, inputs, outputs) -> dict:
    """The template variables every build shares: names, ports (`ports`), the run function's
    signature, compiler flags and runtime files."""
    relative = list(_runtime_files(target))
    return dict(
        model=model_name,
        target=target.name,
        inputs=inputs,
        outputs=outputs,
        signature=_signature(inputs, outputs),
        call_args=[p["buffer"] for p in inputs + outputs],
        arch_flags=target.arch_flags,
        runtime_sources=[r for r in relative if r.endswith(".c")],
        runtime_headers=[r for r in relative if r.endswith(".h")],
        include_flags=" ".join(f"-I runtime_c/{d}".rstrip("/") for d in target.runtime_dirs),
    )


def templates() -> jinja2.Environment:
    """The jinja2 environment of `templates/`."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def write_build(out_dir: Path, files: dict[str, str], target: CTarget, report: dict) -> None:
    """Write a build directory: the generated files, the runtime_c copy and report.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text)
    for rel, source in _runtime_files(target).items():
        (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out_dir / rel)
    (out_dir / "report.json").write_text(json.dumps(report, indent=1) + "\n")


def report_ports(ports: list[Port]) -> list[dict]:
    """Ports as report.json lists them."""
    return [dict(name=p.name, shape=list(p.shape), dtype=str(p.dtype)) for p in ports]


def emit(program: ModelProgram, target: CTarget, model_name: str, out_dir: Path) -> dict:
    """Write the build directory `out_dir` (created; replaced files only) and return the
    report it holds as report.json."""
    layout = arena_layout(program)
    report = _report(program, target, model_name, layout)
    write_build(out_dir, render(program, target, model_name, layout), target, report)
    return report


def _report(program: ModelProgram, target: CTarget, model: str, layout: ArenaLayout) -> dict:
    return dict(
        model=model,
        target=target.name,
        arch_flags=target.arch_flags,
        macs=program.macs,
        arena_bytes=layout.size,
        arena_lower_bound_bytes=layout.lower_bound,
        weight_bytes=program.weight_bytes,
        inputs=report_ports(program.inputs),
        outputs=report_ports(program.outputs),
        layers=[
            dict(
                region=n + 1,
                name=s.name,
                op=s.op,
                kernel=s.call.function,
                generated=not s.call.params_type,
                macs=s.macs,
                output_shape=list(s.call.output_shape),
            )
            for n, s in enumerate(program.steps)
        ],
    )
