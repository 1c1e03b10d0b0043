// RUN: xopt-opt %s | filecheck %s
// RUN: xopt-opt %s | xopt-opt | filecheck %s

// The neon dialect's ops round-trip: vector loads and stores on flat memrefs, splats, the
// dot product, widening multiply-accumulate, the requantization steps, narrowing, zips,
// table lookup and register views; each intrinsic op writes only its result type, and the
// intrinsics with a compile-time lane or byte index take it after their operands.

func.func @kernel(%x: memref<64xi8>, %y: memref<64xi8>, %q: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %zp = arith.constant -3 : i8
  %a = neon.load %x[%c0] : memref<64xi8> -> vector<16xi8>
  %h = neon.load %x[%c0] : memref<64xi8> -> vector<8xi8>
  %acc = neon.load %q[%c0] : memref<16xi32> -> vector<4xi32>
  %z = neon.vdupq_n_s8 %zp : vector<16xi8>
  %d = neon.vdotq_s32 %acc, %a, %z : vector<4xi32>
  %m = neon.vmull_s8 %h, %h : vector<8xi16>
  %w = neon.vaddw_high_s16 %d, %m : vector<4xi32>
  %r = neon.vqdmulhq_s32 %w, %acc : vector<4xi32>
  %s = neon.vrshlq_s32 %r, %acc : vector<4xi32>
  %n = neon.vqmovn_s32 %s : vector<4xi16>
  %n2 = neon.vqmovn_high_s32 %n, %s : vector<8xi16>
  %b = neon.vqmovn_s16 %n2 : vector<8xi8>
  %b2 = neon.vqmovn_high_s16 %b, %n2 : vector<16xi8>
  %zip = neon.vzip1q_s8 %b2, %a : vector<16xi8>
  %i = neon.vreinterpretq_u8_s8 %zip : vector<16xui8>
  %t = neon.vqtbl1q_s8 %a, %i : vector<16xi8>
  %l = neon.vdotq_laneq_s32 %acc, %a, %t, 3 : vector<4xi32>
  %e = neon.vextq_s8 %t, %a, 15 : vector<16xi8>
  neon.store %t, %y[%c0] : vector<16xi8>, memref<64xi8>
  func.return
}

// CHECK:      func.func @kernel(%x: memref<64xi8>, %y: memref<64xi8>, %q: memref<16xi32>) {
// CHECK-NEXT:   %c0 = arith.constant 0 : index
// CHECK-NEXT:   %zp = arith.constant -3 : i8
// CHECK-NEXT:   %a = neon.load %x[%c0] : memref<64xi8> -> vector<16xi8>
// CHECK-NEXT:   %h = neon.load %x[%c0] : memref<64xi8> -> vector<8xi8>
// CHECK-NEXT:   %acc = neon.load %q[%c0] : memref<16xi32> -> vector<4xi32>
// CHECK-NEXT:   %z = neon.vdupq_n_s8 %zp : vector<16xi8>
// CHECK-NEXT:   %d = neon.vdotq_s32 %acc, %a, %z : vector<4xi32>
// CHECK-NEXT:   %m = neon.vmull_s8 %h, %h : vector<8xi16>
// CHECK-NEXT:   %w = neon.vaddw_high_s16 %d, %m : vector<4xi32>
// CHECK-NEXT:   %r = neon.vqdmulhq_s32 %w, %acc : vector<4xi32>
// CHECK-NEXT:   %s = neon.vrshlq_s32 %r, %acc : vector<4xi32>
// CHECK-NEXT:   %n = neon.vqmovn_s32 %s : vector<4xi16>
// CHECK-NEXT:   %n2 = neon.vqmovn_high_s32 %n, %s : vector<8xi16>
// CHECK-NEXT:   %b = neon.vqmovn_s16 %n2 : vector<8xi8>
// CHECK-NEXT:   %b2 = neon.vqmovn_high_s16 %b, %n2 : vector<16xi8>
// CHECK-NEXT:   %zip = neon.vzip1q_s8 %b2, %a : vector<16xi8>
// CHECK-NEXT:   %i = neon.vreinterpretq_u8_s8 %zip : vector<16xui8>
// CHECK-NEXT:   %t = neon.vqtbl1q_s8 %a, %i : vector<16xi8>
// CHECK-NEXT:   %l = neon.vdotq_laneq_s32 %acc, %a, %t, 3 : vector<4xi32>
// CHECK-NEXT:   %e = neon.vextq_s8 %t, %a, 15 : vector<16xi8>
// CHECK-NEXT:   neon.store %t, %y[%c0] : vector<16xi8>, memref<64xi8>
// CHECK-NEXT:   func.return
// CHECK-NEXT: }
