"""The code-generation targets `xopt compile --target` knows, by name."""

from __future__ import annotations

from xopt.errors import UsageError
from xopt.targets.c import kernel_params
from xopt.targets.c.model_emit import CTarget
from xopt.targets.c.toolchain import NEON_FLAGS
from xopt.targets.neon import kernel_params as neon_kernel_params
from xopt.targets.neon.c_printer import print_kernels

PORTABLE_C = CTarget("c", kernel_params, arch_flags="")
"""Portable C99 kernels (runtime_c/): the baseline, and hosts without a cross toolchain."""

NEON = CTarget(
    "neon",
    neon_kernel_params,
    arch_flags=" ".join(NEON_FLAGS),
    runtime_dirs=("", "neon"),
    extra_headers=("xopt_neon.h",),
    passes=("lower-to-neon",),
    kernel_printer=print_kernels,
    tiling_policy="neon",
)
"""Arm NEON with the dot-product extension (armv8.2-a+dotprod): kernels generated per layer
from NEON-level IR (`lower-to-neon`) where there is a lowering, runtime_c/neon/'s kernels
elsewhere, and the portable kernels where a NEON kernel's contract does not hold. Tiled
builds plan channel tiles and chunks in whole 16-channel blocks (the `neon` tiling policy)."""

TARGETS: dict[str, CTarget] = {"c": PORTABLE_C, "neon": NEON}


def target_named(name: str) -> CTarget:
    try:
        return TARGETS[name]
    except KeyError:
        known = ", ".join(sorted(TARGETS))
        raise UsageError(f"unknown target {name!r}; the targets are: {known}") from None
