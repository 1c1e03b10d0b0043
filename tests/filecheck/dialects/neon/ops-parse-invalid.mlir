// RUN: xopt-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// An intrinsic op with the wrong number of operands is a parse error: its operand types
// come from the intrinsic's signature.

// CHECK: neon.vzip1q_s8 takes 2 operands, got 1
func.func @operand_count(%a: vector<16xi8>) {
  %z = neon.vzip1q_s8 %a : vector<16xi8>
  func.return
}
