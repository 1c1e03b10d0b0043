// RUN: xopt-opt %s -p lower-to-neon | filecheck %s

// lower-to-neon gives a 16-channel 3x3 depthwise conv (input 1x2 pixels, padding 1) a
// kernel specialised to it: the packed weights and requantization constants as globals,
// and a function of flat NHWC memrefs that loads them once, zips each input column's
// three rows (rows in the padding are the input zero point, 3), runs 12 dot products per
// output pixel from the bias, requantizes and stores. Its two output pixels are straight
// code: every loop of the layer has a single iteration. The 8-channel conv is left to the
// runtime's kernels (no attribute, no kernel).

func.func @main(%x: tensor<1x16x1x2x!quant.uniform<i8:f32, 0.05:3>>, %s: tensor<1x8x1x2x!quant.uniform<i8:f32, 0.1:-2>>) -> (tensor<1x16x1x2x!quant.uniform<i8:f32, 0.1:-2>>, tensor<1x8x1x2x!quant.uniform<i8:f32, 0.1:-2>>) {
  %w = quant.constant {value = dense<1> : tensor<16x1x3x3xi8>} : tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>
  %y = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 16 : i64} : (tensor<1x16x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x16x1x2x!quant.uniform<i8:f32, 0.1:-2>>
  %w8 = quant.constant {value = dense<2> : tensor<8x1x3x3xi8>} : tensor<8x1x3x3x!quant.uniform<i8:f32, 0.02>>
  %z = quant.conv2d %s, %w8 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8 : i64} : (tensor<1x8x1x2x!quant.uniform<i8:f32, 0.1:-2>>, tensor<8x1x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x8x1x2x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %y, %z : tensor<1x16x1x2x!quant.uniform<i8:f32, 0.1:-2>>, tensor<1x8x1x2x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK:      %y = quant.conv2d %x, %w {neon.kernel = @neon_y, strides = array<i64: 1, 1>,
// CHECK:      %z = quant.conv2d %s, %w8 {strides = array<i64: 1, 1>,
// CHECK:      "memref.global"() <{sym_name = "neon_y_weights", type = memref<192xi8>, initial_value = dense<"0x01010100
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_y_bias", type = memref<16xi32>, initial_value = dense<-27> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_y_multiplier", type = memref<16xi32>, initial_value = dense<1374389535> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_y_post", type = memref<16xi32>, initial_value = dense<-6> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: func.func private @neon_y(%x: memref<32xi8>, %y: memref<32xi8>) {
// CHECK-NEXT:   %[[W:.*]] = memref.get_global @neon_y_weights : memref<192xi8>
// CHECK-NEXT:   %[[B:.*]] = memref.get_global @neon_y_bias : memref<16xi32>
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_y_multiplier : memref<16xi32>
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_y_post : memref<16xi32>
// CHECK-NEXT:   %[[XZP:.*]] = arith.constant 3 : i8
// CHECK-NEXT:   %[[PAD:.*]] = neon.vdupq_n_s8 %[[XZP]] : vector<16xi8>
// CHECK:        %[[W0:.*]] = neon.load %[[W]][%{{.*}}] : memref<192xi8> -> vector<16xi8>
// CHECK:        %[[B0:.*]] = neon.load %[[B]][%{{.*}}] : memref<16xi32> -> vector<4xi32>
// CHECK:        %[[X0:.*]] = neon.load %x[%{{.*}}] : memref<32xi8> -> vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vzip1q_s8 %[[PAD]], %[[X0]] : vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vzip2q_s8 %[[PAD]], %[[X0]] : vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vzip1q_s8 %[[PAD]], %[[PAD]] : vector<16xi8>
// CHECK:        %[[D0:.*]] = neon.vdotq_s32 %[[B0]], %[[PAD]], %[[W0]] : vector<4xi32>
// CHECK-COUNT-11: neon.vdotq_s32
// CHECK-NEXT:   %[[M0:.*]] = neon.vqdmulhq_s32
// CHECK-NEXT:   %{{.*}} = neon.vrshlq_s32 %[[M0]]
// CHECK:        %[[N:.*]] = neon.vqmovn_high_s16
// CHECK-NEXT:   %[[LO:.*]] = neon.vmaxq_s8 %[[N]]
// CHECK-NEXT:   %[[Y:.*]] = neon.vminq_s8 %[[LO]]
// CHECK-NEXT:   %[[O0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   neon.store %[[Y]], %y[%[[O0]]] : vector<16xi8>, memref<32xi8>
// CHECK:        neon.vdotq_s32 %{{.*}}, %[[PAD]], %{{.*}} : vector<4xi32>
// CHECK:        %[[O1:.*]] = arith.constant 16 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[O1]]] : vector<16xi8>, memref<32xi8>
// CHECK-NEXT:   func.return
// CHECK-NEXT: }
// CHECK-NOT:  func.func
