// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// The neon dialect's verifier rules: an intrinsic's result type and immediate, a load's
// vector type, the memref's rank and element type (operand counts at parse time:
// ops-parse-invalid.mlir).

// CHECK: Operation does not verify: neon.vdotq_laneq_s32 needs an immediate in [0, 3]
func.func @lane_out_of_range(%acc: vector<4xi32>, %a: vector<16xi8>) {
  %d = neon.vdotq_laneq_s32 %acc, %a, %a, 4 : vector<4xi32>
  func.return
}

// -----

// CHECK: Operation does not verify: neon.vextq_s8 needs an immediate in [0, 15]
func.func @missing_immediate(%a: vector<16xi8>) {
  %e = neon.vextq_s8 %a, %a : vector<16xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: neon.vzip1q_s8 takes no immediate
func.func @unexpected_immediate(%a: vector<16xi8>) {
  %z = neon.vzip1q_s8 %a, %a, 1 : vector<16xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: neon.vdotq_s32 returns vector<4xi32>, not vector<8xi16>
func.func @wrong_result(%acc: vector<4xi32>, %a: vector<16xi8>) {
  %d = neon.vdotq_s32 %acc, %a, %a : vector<8xi16>
  func.return
}

// -----

// CHECK: Operation does not verify: neon.load: vector<3xi8> is not a NEON register type
func.func @not_a_register(%x: memref<64xi8>) {
  %c0 = arith.constant 0 : index
  %v = neon.load %x[%c0] : memref<64xi8> -> vector<3xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: neon.load: element types differ: i32 and i8
func.func @element_types_differ(%x: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %v = neon.load %x[%c0] : memref<16xi32> -> vector<16xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: neon.store: the memref must be flat (rank 1), got memref<4x16xi8>
func.func @not_flat(%x: memref<4x16xi8>, %v: vector<16xi8>) {
  %c0 = arith.constant 0 : index
  neon.store %v, %x[%c0] : vector<16xi8>, memref<4x16xi8>
  func.return
}
