/* Instruction-count regions for runtime_c/qemu_plugin/icount.c.
 *
 * XOPT_REGION(N) switches the plugin's current region to N (an integer literal or constant
 * expression in [0, 65535]): on aarch64 it is the single instruction `movz xzr, #N`, which
 * does nothing; elsewhere it expands to nothing. Instructions before it count in the old
 * region, those after it in region N. */
#ifndef XOPT_REGION_H
#define XOPT_REGION_H

#if defined(__aarch64__)
#define XOPT_REGION_STR_(x) #x
#define XOPT_REGION(n) \
    __asm__ volatile(".inst (0xd280001f | ((" XOPT_REGION_STR_(n) ") << 5))" ::: "memory")
#else
#define XOPT_REGION(n) ((void)0)
#endif

#endif /* XOPT_REGION_H */
