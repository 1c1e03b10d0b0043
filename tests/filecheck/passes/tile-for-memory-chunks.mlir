// RUN: xopt-opt %s -p 'tile-for-memory{sram=30 buffers=1}' | filecheck %s
//
// A 1x1 conv 16 -> 2 channels on 2x2 in 30 bytes of SRAM: no tile that reads all 16 input
// channels fits (the smallest needs 37 bytes), so each output tile (2 channels x 1 x 1)
// reduces over 4 chunks of 4 input channels: per chunk the input's 4 channels and the
// [2 x 4] weights are loaded and tile.conv2d accumulates into the int32 acc buffer (%b8);
// the bias is loaded whole, once; the output tile is stored after the chunk loop.
// Traffic: input 64 + weights 4 x 32 + bias 8 bytes read, 8 written, 37 DMA commands.

func.func @main(%x: tensor<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>> {
  %w = quant.constant {value = dense<[[[[1]], [[2]], [[3]], [[4]], [[5]], [[6]], [[7]], [[8]], [[-1]], [[-2]], [[-3]], [[-4]], [[-5]], [[-6]], [[-7]], [[-8]]], [[[2]], [[2]], [[2]], [[2]], [[2]], [[2]], [[2]], [[2]], [[3]], [[3]], [[3]], [[3]], [[3]], [[3]], [[3]], [[3]]]]> : tensor<2x16x1x1xi8>} : tensor<2x16x1x1x!quant.uniform<i8:f32, 0.02>>
  %b = graph.constant {value = dense<[100, -50]> : tensor<2xi32>} : tensor<2xi32>
  %y = quant.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<2x16x1x1x!quant.uniform<i8:f32, 0.02>>, tensor<2xi32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %y : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK-LABEL: func.func @main(%x: tensor<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>> {
// CHECK-NEXT: tile.memory "dram"
// CHECK-NEXT: tile.memory "sram" size 30
// CHECK-NEXT: %b0 = tile.buffer at 72 size 32 : !tile.buffer<2x16x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: tile.constant %b0 {value = dense<[[[[1]], [[2]], [[3]], [[4]], [[5]], [[6]], [[7]], [[8]], [[-1]], [[-2]], [[-3]], [[-4]], [[-5]], [[-6]], [[-7]], [[-8]]], [[[2]], [[2]], [[2]], [[2]], [[2]], [[2]], [[2]], [[2]], [[3]], [[3]], [[3]], [[3]], [[3]], [[3]], [[3]], [[3]]]]> : tensor<2x16x1x1xi8>} : !tile.buffer<2x16x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: %b1 = tile.buffer at 104 size 8 : !tile.buffer<2xi32, "dram">
// CHECK-NEXT: tile.constant %b1 {value = dense<[100, -50]> : tensor<2xi32>} : !tile.buffer<2xi32, "dram">
// CHECK-NEXT: %b2 = tile.buffer at 0 size 64 : !tile.buffer<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: tile.to_buffer %x, %b2 : tensor<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>>, !tile.buffer<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: %b3 = tile.buffer at 24 size 4 : !tile.buffer<1x4x1x1x!quant.uniform<i8:f32, 0.05:3>, "sram">
// CHECK-NEXT: %b4 = tile.buffer at 0 size 8 : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %b5 = tile.buffer at 8 size 8 : !tile.buffer<2xi32, "sram">
// CHECK-NEXT: %b6 = tile.buffer at 28 size 2 : !tile.buffer<1x2x1x1x!quant.uniform<i8:f32, 0.1:-2>, "sram">
// CHECK-NEXT: %b7 = tile.buffer at 64 size 8 : !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// CHECK-NEXT: %b8 = tile.buffer at 16 size 8 : !tile.buffer<1x2x1x1xi32, "sram">
// CHECK-NEXT: %0 = tile.dma_start %b1, %b5 {refs = [affine_map<() -> (0, 0)>, affine_map<() -> (0, 0)>], sizes = array<i64: 2>} : !tile.buffer<2xi32, "dram">, !tile.buffer<2xi32, "sram">
// CHECK-NEXT: tile.dma_wait %0
// CHECK-NEXT: tile.for %1 = 0 to 4 step 1 {
// CHECK-NEXT: tile.for %2 = 0 to 1 step 1 {
// CHECK-NEXT: tile.for %3 = 0 to 4 step 1 {
// CHECK-NEXT: %4 = tile.dma_start %b2, %b3(%1, %2, %3) {refs = [affine_map<(d0, d1, d2) -> (0, 0, (d2 * 4), (d0 floordiv 2), (d0 mod 2))>, affine_map<(d0, d1, d2) -> (0, 0, 0, ((((d0 floordiv 2) + 1) floordiv 2) * 0), ((((d0 mod 2) + 1) floordiv 2) * 0))>], sizes = array<i64: 1, 4, 1, 1>} : !tile.buffer<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x4x1x1x!quant.uniform<i8:f32, 0.05:3>, "sram">
// CHECK-NEXT: tile.dma_wait %4
// CHECK-NEXT: %5 = tile.dma_start %b0, %b4(%1, %2, %3) {refs = [affine_map<(d0, d1, d2) -> (0, (d1 * 2), (d2 * 4), 0, 0)>, affine_map<(d0, d1, d2) -> (0, 0, 0, 0, 0)>], sizes = array<i64: 2, 4, 1, 1>} : !tile.buffer<2x16x1x1x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: tile.dma_wait %5
// CHECK-NEXT: tile.conv2d %b3, %b4, %b5 -> %b6 acc %b8(%1, %2, %3) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0, d1, d2) -> (0, 0, 0, ((((d0 floordiv 2) + 1) floordiv 2) * 0), ((((d0 mod 2) + 1) floordiv 2) * 0))>, affine_map<(d0, d1, d2) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1, d2) -> (0, (d1 * 2))>, affine_map<(d0, d1, d2) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1, d2) -> (0, 0, 0, 0, 0)>], at = affine_map<(d0, d1, d2) -> (0, (d1 * 2), (d0 floordiv 2), (d0 mod 2))>, sizes = array<i64: 1, 2, 1, 1>, layer = (tensor<1x16x2x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<2x16x1x1x!quant.uniform<i8:f32, 0.02>>, tensor<2xi32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>>, in_chunk = 4 : i64, chunk = affine_map<(d0, d1, d2) -> (d2)>} : !tile.buffer<1x4x1x1x!quant.uniform<i8:f32, 0.05:3>, "sram">, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">, !tile.buffer<2xi32, "sram"> -> !tile.buffer<1x2x1x1x!quant.uniform<i8:f32, 0.1:-2>, "sram"> acc !tile.buffer<1x2x1x1xi32, "sram">
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: %6 = tile.dma_start %b6, %b7(%1, %2) {refs = [affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, (d1 * 2), (d0 floordiv 2), (d0 mod 2))>], sizes = array<i64: 1, 2, 1, 1>} : !tile.buffer<1x2x1x1x!quant.uniform<i8:f32, 0.1:-2>, "sram">, !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// CHECK-NEXT: tile.dma_wait %6
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: %7 = tile.from_buffer %b7 : !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>, "dram"> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>>
// CHECK-NEXT: func.return %7 : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:-2>>
// CHECK-NEXT: }
// CHECK-NEXT: }
