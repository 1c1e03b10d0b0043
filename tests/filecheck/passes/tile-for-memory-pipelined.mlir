// RUN: xopt-opt %s -p 'tile-for-memory{sram=140}' | filecheck %s
// RUN: xopt-opt %s -p 'tile-for-memory{sram=124}' | filecheck %s --check-prefix=CHUNKS
// RUN: xopt-opt %s -p 'tile-for-memory{sram=140 buffers=1}' | filecheck %s --check-prefix=SERIAL
//
// One 3x3 conv (2 -> 4 channels, pad 1) on 8x4, tiled, its DMA overlapping its compute.
// With 140 bytes: one output row per step, rows outer; the input is a rolling 4-row ring
// (a 3-row window plus the next row). Row 0's window is loaded before the loop; step i
// waits for its rows, starts step i + 1's new row (for the last step the source's first
// coordinate is pushed past the tensor by `(d0 + 1) floordiv 8`, so it moves nothing),
// computes, starts its output DMA from slot i mod 2 and then waits for step i - 1's
// (`tile.dma_done` for the first step). With 124 bytes (CHUNKS): two output channels per
// chunk, channels outer; the weight chunk is prefetched by the outer loop (2 slots), and
// each chunk's rolling input restarts: its first window is started in the outer loop and
// the next rows are prefetched within the chunk. With one slot (SERIAL): every DMA waited
// at once, the rolling input's first stripe split off its loop.

func.func @main(%x: tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>> {
  %w1 = quant.constant {value = dense<1> : tensor<4x2x3x3xi8>} : tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>
  %a = quant.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %a : tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK-LABEL: func.func @main(%x: tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>> {
// CHECK-NEXT: tile.memory "dram"
// CHECK-NEXT: tile.memory "sram" size 140
// CHECK-NEXT: %b0 = tile.buffer at 192 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: tile.constant %b0 {value = dense<1> : tensor<4x2x3x3xi8>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: %b1 = tile.buffer at 128 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: tile.to_buffer %x, %b1 : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: %b2 = tile.buffer at 72 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHECK-NEXT: %b3 = tile.buffer at 0 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %b4 = tile.buffer at 104 size 32 : !tile.buffer<1x4x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", slots = 2>
// CHECK-NEXT: %b5 = tile.buffer at 0 size 128 : !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// CHECK-NEXT: %0 = tile.dma_start %b0, %b3 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 4, 2, 3, 3>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: tile.dma_wait %0
// CHECK-NEXT: %1 = tile.dma_start %b1, %b2 {refs = [affine_map<() -> (0, 0, 0, -1, -1)>, affine_map<() -> (0, 0, 0, -1, -1)>], sizes = array<i64: 1, 2, 3, 6>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHECK-NEXT: %2 = tile.dma_done
// CHECK-NEXT: %3, %4 = tile.for %5 = 0 to 8 step 1 iter_args(%6 = %1, %7 = %2) -> (!tile.token, !tile.token) {
// CHECK-NEXT: tile.dma_wait %6
// CHECK-NEXT: %8 = tile.dma_start %b1, %b2(%5) {refs = [affine_map<(d0) -> (0, ((d0 + 1) floordiv 8), 0, (d0 + 2), -1)>, affine_map<(d0) -> (0, 0, 0, (d0 + 2), -1)>], sizes = array<i64: 1, 2, 1, 6>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHECK-NEXT: %9 = tile.for %10 = 0 to 1 step 1 iter_args(%11 = %7) -> (!tile.token) {
// CHECK-NEXT: tile.conv2d %b2, %b3 -> %b4(%5, %10) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0, d1) -> (0, 0, 0, (d0 + -1), -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (((d0 + d1) mod 2), 0, 0, 0, 0)>], at = affine_map<(d0, d1) -> (0, (d1 * 4), d0, 0)>, sizes = array<i64: 1, 4, 1, 4>, layer = (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x4x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", slots = 2>
// CHECK-NEXT: %12 = tile.dma_start %b4, %b5(%5, %10) {refs = [affine_map<(d0, d1) -> (((d0 + d1) mod 2), 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, (d1 * 4), d0, 0)>], sizes = array<i64: 1, 4, 1, 4>} : !tile.buffer<1x4x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", slots = 2>, !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// CHECK-NEXT: tile.dma_wait %11
// CHECK-NEXT: tile.yield %12 : !tile.token
// CHECK-NEXT: }
// CHECK-NEXT: tile.yield %8, %9 : !tile.token, !tile.token
// CHECK-NEXT: }
// CHECK-NEXT: tile.dma_wait %3
// CHECK-NEXT: tile.dma_wait %4
// CHECK-NEXT: %13 = tile.from_buffer %b5 : !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram"> -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
// CHECK-NEXT: func.return %13 : tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
// CHECK-NEXT: }
// CHECK-NEXT: }

// CHUNKS-LABEL: func.func @main(%x: tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>> {
// CHUNKS-NEXT: tile.memory "dram"
// CHUNKS-NEXT: tile.memory "sram" size 124
// CHUNKS-NEXT: %b0 = tile.buffer at 192 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHUNKS-NEXT: tile.constant %b0 {value = dense<1> : tensor<4x2x3x3xi8>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHUNKS-NEXT: %b1 = tile.buffer at 128 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHUNKS-NEXT: tile.to_buffer %x, %b1 : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHUNKS-NEXT: %b2 = tile.buffer at 72 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHUNKS-NEXT: %b3 = tile.buffer at 0 size 72 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram", slots = 2>
// CHUNKS-NEXT: %b4 = tile.buffer at 104 size 16 : !tile.buffer<1x2x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", slots = 2>
// CHUNKS-NEXT: %b5 = tile.buffer at 0 size 128 : !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// CHUNKS-NEXT: %0 = tile.dma_start %b0, %b3 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 2, 2, 3, 3>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram", slots = 2>
// CHUNKS-NEXT: %1 = tile.dma_done
// CHUNKS-NEXT: %2, %3 = tile.for %4 = 0 to 2 step 1 iter_args(%5 = %0, %6 = %1) -> (!tile.token, !tile.token) {
// CHUNKS-NEXT: tile.dma_wait %5
// CHUNKS-NEXT: %7 = tile.dma_start %b0, %b3(%4) {refs = [affine_map<(d0) -> (0, (((d0 * 2) + 2) + (((d0 + 1) floordiv 2) * 4)), 0, 0, 0)>, affine_map<(d0) -> (((d0 + 1) mod 2), 0, 0, 0, 0)>], sizes = array<i64: 2, 2, 3, 3>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram", slots = 2>
// CHUNKS-NEXT: %8 = tile.dma_start %b1, %b2(%4) {refs = [affine_map<(d0) -> (0, 0, 0, -1, -1)>, affine_map<(d0) -> (0, 0, 0, -1, -1)>], sizes = array<i64: 1, 2, 3, 6>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHUNKS-NEXT: %9, %10 = tile.for %11 = 0 to 8 step 1 iter_args(%12 = %8, %13 = %6) -> (!tile.token, !tile.token) {
// CHUNKS-NEXT: tile.dma_wait %12
// CHUNKS-NEXT: %14 = tile.dma_start %b1, %b2(%4, %11) {refs = [affine_map<(d0, d1) -> (0, ((d1 + 1) floordiv 8), 0, (d1 + 2), -1)>, affine_map<(d0, d1) -> (0, 0, 0, (d1 + 2), -1)>], sizes = array<i64: 1, 2, 1, 6>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHUNKS-NEXT: tile.conv2d %b2, %b3 -> %b4(%4, %11) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0, d1) -> (0, 0, 0, (d1 + -1), -1)>, affine_map<(d0, d1) -> ((d0 mod 2), 0, 0, 0, 0)>, affine_map<(d0, d1) -> ((((d0 * 8) + d1) mod 2), 0, 0, 0, 0)>], at = affine_map<(d0, d1) -> (0, (d0 * 2), d1, 0)>, sizes = array<i64: 1, 2, 1, 4>, layer = (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram", slots = 2> -> !tile.buffer<1x2x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", slots = 2>
// CHUNKS-NEXT: %15 = tile.dma_start %b4, %b5(%4, %11) {refs = [affine_map<(d0, d1) -> ((((d0 * 8) + d1) mod 2), 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, (d0 * 2), d1, 0)>], sizes = array<i64: 1, 2, 1, 4>} : !tile.buffer<1x2x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", slots = 2>, !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// CHUNKS-NEXT: tile.dma_wait %13
// CHUNKS-NEXT: tile.yield %14, %15 : !tile.token, !tile.token
// CHUNKS-NEXT: }
// CHUNKS-NEXT: tile.dma_wait %9
// CHUNKS-NEXT: tile.yield %7, %10 : !tile.token, !tile.token
// CHUNKS-NEXT: }
// CHUNKS-NEXT: tile.dma_wait %2
// CHUNKS-NEXT: tile.dma_wait %3
// CHUNKS-NEXT: %16 = tile.from_buffer %b5 : !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram"> -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
// CHUNKS-NEXT: func.return %16 : tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
// CHUNKS-NEXT: }
// CHUNKS-NEXT: }

// SERIAL-LABEL: func.func @main(%x: tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>> {
// SERIAL-NEXT: tile.memory "dram"
// SERIAL-NEXT: tile.memory "sram" size 140
// SERIAL-NEXT: %b0 = tile.buffer at 192 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// SERIAL-NEXT: tile.constant %b0 {value = dense<1> : tensor<4x2x3x3xi8>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// SERIAL-NEXT: %b1 = tile.buffer at 128 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// SERIAL-NEXT: tile.to_buffer %x, %b1 : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// SERIAL-NEXT: %b2 = tile.buffer at 0 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "sram">
// SERIAL-NEXT: %b3 = tile.buffer at 96 size 18 : !tile.buffer<1x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// SERIAL-NEXT: %b4 = tile.buffer at 64 size 32 : !tile.buffer<1x1x8x4x!quant.uniform<i8:f32, 0.1:-2>, "sram">
// SERIAL-NEXT: %b5 = tile.buffer at 0 size 128 : !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// SERIAL-NEXT: tile.for %0 = 0 to 1 step 1 {
// SERIAL-NEXT: %1 = tile.dma_start %b1, %b2(%0) {refs = [affine_map<(d0) -> (0, 0, 0, ((d0 * 8) + -1), -1)>, affine_map<(d0) -> (0, 0, 0, ((d0 floordiv 1) + -1), -1)>], sizes = array<i64: 1, 2, 10, 6>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "sram">
// SERIAL-NEXT: tile.dma_wait %1
// SERIAL-NEXT: tile.for %2 = 0 to 4 step 1 {
// SERIAL-NEXT: %3 = tile.dma_start %b0, %b3(%0, %2) {refs = [affine_map<(d0, d1) -> (0, d1, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 3, 3>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<1x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// SERIAL-NEXT: tile.dma_wait %3
// SERIAL-NEXT: tile.conv2d %b2, %b3 -> %b4(%0, %2) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0, d1) -> (0, 0, 0, ((d0 floordiv 1) + -1), -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>], at = affine_map<(d0, d1) -> (0, d1, (d0 * 8), 0)>, sizes = array<i64: 1, 1, 8, 4>, layer = (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "sram">, !tile.buffer<1x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x1x8x4x!quant.uniform<i8:f32, 0.1:-2>, "sram">
// SERIAL-NEXT: %4 = tile.dma_start %b4, %b5(%0, %2) {refs = [affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, d1, (d0 * 8), 0)>], sizes = array<i64: 1, 1, 8, 4>} : !tile.buffer<1x1x8x4x!quant.uniform<i8:f32, 0.1:-2>, "sram">, !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram">
// SERIAL-NEXT: tile.dma_wait %4
// SERIAL-NEXT: tile.yield
// SERIAL-NEXT: }
// SERIAL-NEXT: tile.yield
// SERIAL-NEXT: }
// SERIAL-NEXT: %5 = tile.from_buffer %b5 : !tile.buffer<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>, "dram"> -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
// SERIAL-NEXT: func.return %5 : tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
// SERIAL-NEXT: }
// SERIAL-NEXT: }
