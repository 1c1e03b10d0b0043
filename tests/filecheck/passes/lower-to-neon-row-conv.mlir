// RUN: xopt-opt %s -p lower-to-neon | filecheck %s

// lower-to-neon gives a 3-channel 3x3 conv (an image's first layer; 2x10 input, padding 1,
// 16 output channels) a kernel of row segments: per kernel row one 16-byte load of the
// 9 bytes under the window, and 9 lane-indexed dot products (3 rows x 3 groups of 4 bytes)
// per register of 4 output channels. Padding is decided at compile time: the kernel row
// above the first output row and below the last are splats of the input zero point (5);
// output column 0's segments start 3 bytes left of the row and are shifted right by
// vextq_s8(zp, row, 13); columns 6 to 9 come within 16 bytes of the row's end (30 bytes)
// and load its last 16 bytes, shifted left by vextq_s8(row, zp, n) with n = 1, 4, 7, 10.
// Columns 1 to 5 are a loop of two pixels per iteration (sharing weight loads) and a last
// single pixel.

func.func @main(%x: tensor<1x3x2x10x!quant.uniform<i8:f32, 0.05:5>>) -> tensor<1x16x2x10x!quant.uniform<i8:f32, 0.1:-2>> {
  %w = quant.constant {value = dense<1> : tensor<16x3x3x3xi8>} : tensor<16x3x3x3x!quant.uniform<i8:f32, 0.02>>
  %y = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x2x10x!quant.uniform<i8:f32, 0.05:5>>, tensor<16x3x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x16x2x10x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %y : tensor<1x16x2x10x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK:      %y = quant.conv2d %x, %w {neon.kernel = @neon_y, strides = array<i64: 1, 1>,
// CHECK:      "memref.global"() <{sym_name = "neon_y_weights", type = memref<576xi8>, initial_value = dense<"0x01010101010101010101010101010101
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_y_bias", type = memref<16xi32>, initial_value = dense<-135> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_y_multiplier", type = memref<16xi32>, initial_value = dense<1374389535> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_y_post", type = memref<16xi32>, initial_value = dense<-6> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: func.func private @neon_y(%x: memref<60xi8>, %y: memref<320xi8>) {
// CHECK-NEXT:   %[[W:.*]] = memref.get_global @neon_y_weights : memref<576xi8>
// CHECK-NEXT:   %[[B:.*]] = memref.get_global @neon_y_bias : memref<16xi32>
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_y_multiplier : memref<16xi32>
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_y_post : memref<16xi32>
// CHECK-NEXT:   %[[XZP:.*]] = arith.constant 5 : i8
// CHECK-NEXT:   %[[PAD:.*]] = neon.vdupq_n_s8 %[[XZP]] : vector<16xi8>
//
// Output row 0, column 0: kernel row 0 is padding, rows 1 and 2 are input rows 0 and 1
// (at bytes 0 and 30), shifted right by 3 bytes.
// CHECK:        %[[B0:.*]] = neon.load %[[B]][%{{.*}}] : memref<16xi32> -> vector<4xi32>
// CHECK:        %[[W0:.*]] = neon.load %[[W]][%{{.*}}] : memref<576xi8> -> vector<16xi8>
// CHECK:        %[[P0:.*]] = neon.vdotq_laneq_s32 %[[B0]], %[[W0]], %[[PAD]], 0 : vector<4xi32>
// CHECK:        %[[R0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[X0:.*]] = neon.load %x[%[[R0]]] : memref<60xi8> -> vector<16xi8>
// CHECK-NEXT:   %[[S0:.*]] = neon.vextq_s8 %[[PAD]], %[[X0]], 13 : vector<16xi8>
// CHECK:        neon.vdotq_laneq_s32 %{{.*}}, %{{.*}}, %[[S0]], 0 : vector<4xi32>
// CHECK:        %[[R1:.*]] = arith.constant 30 : index
// CHECK-NEXT:   %[[X1:.*]] = neon.load %x[%[[R1]]] : memref<60xi8> -> vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vextq_s8 %[[PAD]], %[[X1]], 13 : vector<16xi8>
// CHECK:        neon.vqdmulhq_s32
// CHECK:        neon.vminq_s8
// CHECK-NEXT:   %[[O0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[O0]]] : vector<16xi8>, memref<320xi8>
//
// Columns 6 to 9 read each row's last 16 bytes (at 14) and shift them left.
// CHECK:        %[[E6:.*]] = arith.constant 14 : index
// CHECK-NEXT:   %[[X6:.*]] = neon.load %x[%[[E6]]] : memref<60xi8> -> vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vextq_s8 %[[X6]], %[[PAD]], 1 : vector<16xi8>
// CHECK:        neon.vminq_s8
// CHECK-NEXT:   %[[O6:.*]] = arith.constant 96 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[O6]]] : vector<16xi8>, memref<320xi8>
// CHECK:        neon.vextq_s8 %{{.*}}, %[[PAD]], 4 : vector<16xi8>
// CHECK:        neon.vextq_s8 %{{.*}}, %[[PAD]], 7 : vector<16xi8>
// CHECK:        neon.vextq_s8 %{{.*}}, %[[PAD]], 10 : vector<16xi8>
// CHECK:        neon.vminq_s8
// CHECK-NEXT:   %[[O9:.*]] = arith.constant 144 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[O9]]] : vector<16xi8>, memref<320xi8>
//
// Columns 1 to 4 in pairs; each weight register serves both pixels.
// CHECK-NEXT:   %[[LB:.*]] = arith.constant 0 : index
// CHECK-NEXT:   %[[UB:.*]] = arith.constant 2 : index
// CHECK-NEXT:   %[[ST:.*]] = arith.constant 1 : index
// CHECK-NEXT:   scf.for %[[J:.*]] = %[[LB]] to %[[UB]] step %[[ST]] {
// CHECK:          %[[WL:.*]] = neon.load %[[W]][%{{.*}}] : memref<576xi8> -> vector<16xi8>
// CHECK:          neon.vdotq_laneq_s32 %{{.*}}, %[[WL]], %[[PAD]], 0 : vector<4xi32>
// CHECK-COUNT-3:  neon.vdotq_laneq_s32
// CHECK-NEXT:     neon.vdotq_laneq_s32 %{{.*}}, %[[WL]], %[[PAD]], 0 : vector<4xi32>
// CHECK:          neon.store
// CHECK:          neon.store %{{.*}}, %y[%{{.*}}] : vector<16xi8>, memref<320xi8>
// CHECK-NEXT:   }
//
// Column 5 alone, then output row 1 (kernel row 2 in the padding) the same way, ending
// with its column 5 (byte 240).
// CHECK:        neon.vminq_s8
// CHECK-NEXT:   %[[O5:.*]] = arith.constant 80 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[O5]]] : vector<16xi8>, memref<320xi8>
// CHECK:        scf.for
// CHECK:          neon.store
// CHECK:          neon.store
// CHECK-NEXT:   }
// CHECK:        neon.vminq_s8
// CHECK-NEXT:   %[[OL:.*]] = arith.constant 240 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[OL]]] : vector<16xi8>, memref<320xi8>
// CHECK-NEXT:   func.return
// CHECK-NEXT: }
