"""xopt targets: one folder per target (emitter, tiling policy, templates, runner)."""
