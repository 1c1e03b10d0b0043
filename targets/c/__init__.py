"""The portable `c` target: C99 int8 kernels (`runtime_c/`), their parameter structs, the
toolchains that build them and the runners that execute them (host, qemu-aarch64)."""
