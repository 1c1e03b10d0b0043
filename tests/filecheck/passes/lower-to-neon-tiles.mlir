// RUN: xopt-opt %s -p 'tile-for-memory{sram=400 policy=neon buffers=1},lower-to-neon' | filecheck %s
// RUN: xopt-opt %s -p 'tile-for-memory{sram=300},lower-to-neon' | filecheck %s --check-prefix=CHANNELS

// On tile IR, lower-to-neon gives the tiles of a 16-channel 3x3 depthwise conv (input 8x2
// pixels, padding 1) the layer's row kernel when they are whole rows: at 400 bytes of SRAM
// the input and output are ring buffers of row stripes (5 input rows for 3 output rows a
// tile; a prologue tile op and a steady-state one), and both tile ops point at the one
// kernel. The kernel is
// the same generator's code as the whole-tensor form, one output row of all 16 channels
// from three input rows x0, x1, x2 (a row in the padding is a row of x_zp at run time), the
// two output columns straight code: the left one reads no column -1 (padding: the x_zp
// splat), the right one no column 2. Tiles of 6 channels (300 bytes) keep the runtime tile
// kernels: no attribute, no kernel.

func.func @main(%x: tensor<1x16x8x2x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x16x8x2x!quant.uniform<i8:f32, 0.1:-2>> {
  %w = quant.constant {value = dense<1> : tensor<16x1x3x3xi8>} : tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>
  %y = quant.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 16 : i64} : (tensor<1x16x8x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<16x1x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x16x8x2x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %y : tensor<1x16x8x2x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK:      %b2 = tile.buffer at {{[0-9]+}} size 160 : !tile.buffer<1x16x5x2x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHECK:      tile.conv2d %b2, %b3 -> %b4(%{{[0-9]+}}, %{{[0-9]+}}) {neon.kernel = @neon_b4_rows, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
// CHECK-SAME: sizes = array<i64: 1, 16, 3, 2>
// CHECK:      tile.conv2d %b2, %b3 -> %b4(%{{[0-9]+}}, %{{[0-9]+}}) {neon.kernel = @neon_b4_rows, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
// CHECK-SAME: sizes = array<i64: 1, 16, 3, 2>
// CHECK:      "memref.global"() <{sym_name = "neon_b4_rows_weights", type = memref<192xi8>, initial_value = dense<"0x01010100
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_b4_rows_bias", type = memref<16xi32>, initial_value = dense<-27> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_b4_rows_multiplier", type = memref<16xi32>, initial_value = dense<1374389535> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: "memref.global"() <{sym_name = "neon_b4_rows_post", type = memref<16xi32>, initial_value = dense<-6> : memref<16xi32>, sym_visibility = "private", constant}> : () -> ()
// CHECK-NEXT: func.func private @neon_b4_rows(%x0: memref<32xi8>, %x1: memref<32xi8>, %x2: memref<32xi8>, %y: memref<32xi8>) {
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_b4_rows_weights : memref<192xi8>
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_b4_rows_bias : memref<16xi32>
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_b4_rows_multiplier : memref<16xi32>
// CHECK-NEXT:   %{{.*}} = memref.get_global @neon_b4_rows_post : memref<16xi32>
// CHECK:        %[[R0:.*]] = neon.load %x0[%{{.*}}] : memref<32xi8> -> vector<16xi8>
// CHECK-NEXT:   %{{.*}} = arith.constant 0 : index
// CHECK-NEXT:   %[[R1:.*]] = neon.load %x1[%{{.*}}] : memref<32xi8> -> vector<16xi8>
// CHECK-NEXT:   %{{.*}} = arith.constant 0 : index
// CHECK-NEXT:   %[[R2:.*]] = neon.load %x2[%{{.*}}] : memref<32xi8> -> vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vzip1q_s8 %[[R0]], %[[R1]] : vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vzip2q_s8 %[[R0]], %[[R1]] : vector<16xi8>
// CHECK-NEXT:   %{{.*}} = neon.vzip1q_s8 %[[R2]], %[[R2]] : vector<16xi8>
// CHECK:        %[[C16:.*]] = arith.constant 16 : index
// CHECK-NEXT:   %{{.*}} = neon.load %x0[%[[C16]]] : memref<32xi8> -> vector<16xi8>
// CHECK:        %[[Y0:.*]] = arith.constant 0 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[Y0]]] : vector<16xi8>, memref<32xi8>
// CHECK:        neon.vminq_s8
// CHECK-NEXT:   %[[Y1:.*]] = arith.constant 16 : index
// CHECK-NEXT:   neon.store %{{.*}}, %y[%[[Y1]]] : vector<16xi8>, memref<32xi8>
// CHECK-NEXT:   func.return
// CHECK-NEXT: }

// CHANNELS:     tile.conv2d %b2, %b3 -> %b4(%{{[0-9]+}}, %{{[0-9]+}}) {strides = array<i64: 1, 1>,
// CHANNELS-SAME: sizes = array<i64: 1, 6, 4, 2>
// CHANNELS-NOT: neon.kernel
// CHANNELS-NOT: func.func private
