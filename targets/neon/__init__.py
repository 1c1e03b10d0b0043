"""The `neon` target's kernels: runtime_c/neon's sdot int8 kernels (aarch64 +dotprod), their
compile-time weight packing and the builders that choose them over the portable kernels."""
