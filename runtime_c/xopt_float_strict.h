/* Strict float32 evaluation for the translation unit that includes this header first among
 * runtime_c's headers: every float operation rounds on its own (no FMA contraction: clang
 * contracts a * b + c by default, gcc outside -std=c99) and float expressions are evaluated
 * in float (FLT_EVAL_METHOD 0, as on aarch64 and x86-64). The float rounding modes of the
 * requantization and the float layers rely on it to match the reference bit for bit.
 * Internal to runtime_c. */
#ifndef XOPT_FLOAT_STRICT_H
#define XOPT_FLOAT_STRICT_H

#include <float.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#if FLT_EVAL_METHOD != 0
#error "runtime_c's float arithmetic needs FLT_EVAL_METHOD == 0"
#endif

#endif
