"""The NEON C printer: loops with carried values, index arithmetic and the errors."""

from __future__ import annotations

import pytest
from xdsl.context import Context
from xdsl.dialects import arith, func, memref, scf
from xdsl.dialects.builtin import Builtin, ModuleOp
from xdsl.parser import Parser

from xopt.dialects.neon import Neon
from xopt.errors import XoptError
from xopt.targets.neon.c_printer import print_function, print_kernels


def parse(text: str) -> ModuleOp:
    ctx = Context()
    for dialect in (Builtin, func.Func, arith.Arith, scf.Scf, memref.MemRef, Neon):
        ctx.load_dialect(dialect)
    return Parser(ctx, text).parse_module()


SWAP = """
func.func private @k(%x: memref<64xi8>, %y: memref<64xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c16 = arith.constant 16 : index
  %a = neon.load %x[%c0] : memref<64xi8> -> vector<16xi8>
  %b = neon.load %x[%c16] : memref<64xi8> -> vector<16xi8>
  %r:2 = scf.for %i = %c0 to %c3 step %c1 iter_args(%p = %a, %q = %b)
      -> (vector<16xi8>, vector<16xi8>) {
    %o = arith.muli %i, %c16 : index
    %m = arith.minsi %o, %c16 : index
    %s = neon.vmaxq_s8 %p, %q : vector<16xi8>
    neon.store %s, %y[%m] : vector<16xi8>, memref<64xi8>
    scf.yield %q, %p : vector<16xi8>, vector<16xi8>
  }
  neon.store %r#1, %y[%c0] : vector<16xi8>, memref<64xi8>
  func.return
}
"""


def test_loop_carried_values_are_swapped_through_temporaries():
    function = next(iter(parse(SWAP).ops))
    assert print_function(function).splitlines() == [
        "static void k(const int8_t *restrict x_1, int8_t *restrict y_2)",
        "{",
        "    const int8x16_t a_3 = vld1q_s8(x_1 + 0);",
        "    const int8x16_t b_4 = vld1q_s8(x_1 + 16);",
        "    int8x16_t p_5 = a_3;",
        "    int8x16_t q_6 = b_4;",
        "    for (int64_t i_7 = 0; i_7 < 3; i_7 += 1) {",
        "        const int64_t o_8 = i_7 * 16;",
        "        const int64_t m_9 = o_8 < 16 ? o_8 : 16;",
        "        const int8x16_t s_10 = vmaxq_s8(p_5, q_6);",
        "        vst1q_s8(y_2 + m_9, s_10);",
        "        const int8x16_t next_p_5 = q_6;",
        "        const int8x16_t next_q_6 = p_5;",
        "        p_5 = next_p_5;",
        "        q_6 = next_q_6;",
        "    }",
        "    vst1q_s8(y_2 + 0, q_6);",
        "}",
    ]


def test_unknown_op_and_missing_kernel_are_errors():
    module = parse(SWAP.replace("arith.muli", "arith.divsi"))
    with pytest.raises(XoptError, match="cannot print 'arith.divsi'"):
        print_kernels(module, ["k"])
    with pytest.raises(XoptError, match="no kernel function @nope"):
        print_kernels(module, ["nope"])
