// RUN: xopt-opt %s -p 'tile-for-memory{sram=200}' | filecheck %s
//
// A 3x3 conv (2 -> 4 channels, pad 1) then a 1x1 conv (4 -> 2) in 200 bytes of SRAM: the
// intermediate stays resident in SRAM (no DMA), weights after the activation arena in DRAM.

func.func @main(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>> {
  %w1 = quant.constant {value = dense<1> : tensor<4x2x3x3xi8>} : tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>
  %w2 = quant.constant {value = dense<2> : tensor<2x4x1x1xi8>} : tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>
  %a = quant.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>>
  %y = quant.conv2d %a, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>>, tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>
  func.return %y : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>
}

// CHECK-LABEL: func.func @main(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>> {
// CHECK-NEXT: tile.memory "dram"
// CHECK-NEXT: tile.memory "sram" size 200
// CHECK-NEXT: %b0 = tile.buffer at 96 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: tile.constant %b0 {value = dense<1> : tensor<4x2x3x3xi8>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: %b1 = tile.buffer at 168 size 8 : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: tile.constant %b1 {value = dense<2> : tensor<2x4x1x1xi8>} : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: %b2 = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: tile.to_buffer %x, %b2 : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: %b3 = tile.buffer at 136 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram">
// CHECK-NEXT: %b4 = tile.buffer at 0 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %b5 = tile.buffer at 72 size 64 : !tile.buffer<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>, "sram">
// CHECK-NEXT: %0 = tile.dma_start %b0, %b4 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 4, 2, 3, 3>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: tile.dma_wait %0
// CHECK-NEXT: tile.for %1 = 0 to 1 step 1 {
// CHECK-NEXT: %2 = tile.dma_start %b2, %b3(%1) {refs = [affine_map<(d0) -> (0, 0, 0, ((d0 * 4) + -1), -1)>, affine_map<(d0) -> (0, 0, 0, ((d0 floordiv 1) + -1), -1)>], sizes = array<i64: 1, 2, 6, 6>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram">
// CHECK-NEXT: tile.dma_wait %2
// CHECK-NEXT: tile.for %3 = 0 to 1 step 1 {
// CHECK-NEXT: tile.conv2d %b3, %b4 -> %b5(%1, %3) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0, d1) -> (0, 0, 0, ((d0 floordiv 1) + -1), -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, (d1 * 4), (d0 * 4), 0)>], at = affine_map<(d0, d1) -> (0, (d1 * 4), (d0 * 4), 0)>, sizes = array<i64: 1, 4, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram">, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>, "sram">
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: %b6 = tile.buffer at 32 size 8 : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %b7 = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT: %b8 = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "dram">
// CHECK-NEXT: %4 = tile.dma_start %b1, %b6 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 2, 4, 1, 1>} : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: tile.dma_wait %4
// CHECK-NEXT: tile.for %5 = 0 to 1 step 1 {
// CHECK-NEXT: tile.for %6 = 0 to 1 step 1 {
// CHECK-NEXT: tile.conv2d %b5, %b6 -> %b7(%5, %6) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0, d1) -> (0, 0, 0, (d0 * 4), 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>], at = affine_map<(d0, d1) -> (0, (d1 * 2), (d0 * 4), 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>>, tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>, "sram">, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT: %7 = tile.dma_start %b7, %b8(%5, %6) {refs = [affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, (d1 * 2), (d0 * 4), 0)>], sizes = array<i64: 1, 2, 4, 4>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "dram">
// CHECK-NEXT: tile.dma_wait %7
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: %8 = tile.from_buffer %b8 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "dram"> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT: func.return %8 : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT: }
// CHECK-NEXT: }
