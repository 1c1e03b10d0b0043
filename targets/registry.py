"""The code-generation targets `xopt compile --target` knows, by name."""

from __future__ import annotations

from xopt.errors import UsageError
from xopt.targets.c import kernel_params
from xopt.targets.c.model_emit import CTarget

PORTABLE_C = CTarget("c", kernel_params, arch_flags="")
"""Portable C99 kernels (runtime_c/): the baseline, and hosts without a cross toolchain."""

TARGETS: dict[str, CTarget] = {"c": PORTABLE_C}


def target_named(name: str) -> CTarget:
    try:
        return TARGETS[name]
    except KeyError:
        known = ", ".join(sorted(TARGETS))
        raise UsageError(f"unknown target {name!r}; the targets are: {known}") from None
