// RUN: xopt-opt %s -p 'tile-for-memory{sram=160}' | filecheck %s
// RUN: xopt-opt %s -p 'tile-for-memory{sram=160 buffers=1}' | filecheck %s --check-prefix=SERIAL
//
// A 3x3 conv (2 -> 4 channels, pad 1) then a 1x1 conv (4 -> 2) on 8 rows in 160 bytes of
// SRAM: the planner cascades them. With two buffer slots (CHECK): one output row per stripe;
// the input streams into a 5-row ring (the 3-row window plus the next stripe's row), the
// intermediate lives in a 1-row ring, the output leaves by stripes from a 2-slot buffer. The
// stripe loop carries DMA tokens: stripe i waits for its input row (started before the loop
// or by stripe i - 1), starts stripe i + 1's (past the tensor's end for the last stripe, so
// it moves nothing), computes both layers, starts its output DMA and waits for stripe
// i - 1's (the first stripe waits for `tile.dma_done`). With one slot (SERIAL): two rows per
// stripe, every DMA waited at once, and the first and last stripes (offsets not affine with
// the others) emitted on their own around the loop.

func.func @main(%x: tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>> {
  %w1 = quant.constant {value = dense<1> : tensor<4x2x3x3xi8>} : tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>
  %w2 = quant.constant {value = dense<2> : tensor<2x4x1x1xi8>} : tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>
  %a = quant.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>
  %y = quant.conv2d %a, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>, tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>
  func.return %y : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>
}

// CHECK-LABEL: func.func @main(%x: tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>> {
// CHECK-NEXT: tile.memory "dram"
// CHECK-NEXT: tile.memory "sram" size 160
// CHECK-NEXT: %b0 = tile.buffer at 256 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: tile.constant %b0 {value = dense<1> : tensor<4x2x3x3xi8>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: %b1 = tile.buffer at 328 size 8 : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: tile.constant %b1 {value = dense<2> : tensor<2x4x1x1xi8>} : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// CHECK-NEXT: %b2 = tile.buffer at 128 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: tile.to_buffer %x, %b2 : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// CHECK-NEXT: %b3 = tile.buffer at 0 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %b4 = tile.buffer at 144 size 8 : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %b5 = tile.buffer at 72 size 40 : !tile.buffer<1x2x5x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHECK-NEXT: %b6 = tile.buffer at 112 size 16 : !tile.buffer<1x4x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>
// CHECK-NEXT: %b7 = tile.buffer at 128 size 16 : !tile.buffer<1x2x1x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
// CHECK-NEXT: %b8 = tile.buffer at 192 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram">
// CHECK-NEXT: %0 = tile.dma_start %b0, %b3 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 4, 2, 3, 3>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %1 = tile.dma_start %b1, %b4 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 2, 4, 1, 1>} : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: tile.dma_wait %0
// CHECK-NEXT: tile.dma_wait %1
// CHECK-NEXT: %2 = tile.dma_start %b2, %b5 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x5x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHECK-NEXT: %3 = tile.dma_done
// CHECK-NEXT: %4, %5 = tile.for %6 = 0 to 8 step 1 iter_args(%7 = %2, %8 = %3) -> (!tile.token, !tile.token) {
// CHECK-NEXT: tile.dma_wait %7
// CHECK-NEXT: %9 = tile.dma_start %b2, %b5(%6) {refs = [affine_map<(d0) -> (0, 0, 0, (d0 + 2), 0)>, affine_map<(d0) -> (0, 0, 0, (d0 + 2), 0)>], sizes = array<i64: 1, 2, 1, 4>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x5x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// CHECK-NEXT: tile.conv2d %b5, %b3 -> %b6(%6) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0) -> (0, 0, 0, (d0 + -1), -1)>, affine_map<(d0) -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0, 0, d0, 0)>], at = affine_map<(d0) -> (0, 0, d0, 0)>, sizes = array<i64: 1, 4, 1, 4>, layer = (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x5x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x4x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>
// CHECK-NEXT: tile.conv2d %b6, %b4 -> %b7(%6) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0) -> (0, 0, 0, d0, 0)>, affine_map<(d0) -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> ((d0 mod 2), 0, 0, 0, 0)>], at = affine_map<(d0) -> (0, 0, d0, 0)>, sizes = array<i64: 1, 2, 1, 4>, layer = (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>, tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x4x1x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x2x1x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
// CHECK-NEXT: %10 = tile.dma_start %b7, %b8(%6) {refs = [affine_map<(d0) -> ((d0 mod 2), 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0, 0, d0, 0)>], sizes = array<i64: 1, 2, 1, 4>} : !tile.buffer<1x2x1x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram">
// CHECK-NEXT: tile.dma_wait %8
// CHECK-NEXT: tile.yield %9, %10 : !tile.token, !tile.token
// CHECK-NEXT: }
// CHECK-NEXT: tile.dma_wait %4
// CHECK-NEXT: tile.dma_wait %5
// CHECK-NEXT: %11 = tile.from_buffer %b8 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram"> -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT: func.return %11 : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>
// CHECK-NEXT: }
// CHECK-NEXT: }

// SERIAL-LABEL: func.func @main(%x: tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>> {
// SERIAL-NEXT: tile.memory "dram"
// SERIAL-NEXT: tile.memory "sram" size 160
// SERIAL-NEXT: %b0 = tile.buffer at 256 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// SERIAL-NEXT: tile.constant %b0 {value = dense<1> : tensor<4x2x3x3xi8>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">
// SERIAL-NEXT: %b1 = tile.buffer at 328 size 8 : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// SERIAL-NEXT: tile.constant %b1 {value = dense<2> : tensor<2x4x1x1xi8>} : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">
// SERIAL-NEXT: %b2 = tile.buffer at 128 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// SERIAL-NEXT: tile.to_buffer %x, %b2 : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">
// SERIAL-NEXT: %b3 = tile.buffer at 0 size 72 : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// SERIAL-NEXT: %b4 = tile.buffer at 152 size 8 : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// SERIAL-NEXT: %b5 = tile.buffer at 72 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// SERIAL-NEXT: %b6 = tile.buffer at 104 size 32 : !tile.buffer<1x4x2x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>
// SERIAL-NEXT: %b7 = tile.buffer at 136 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.1>, "sram">
// SERIAL-NEXT: %b8 = tile.buffer at 192 size 64 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram">
// SERIAL-NEXT: %0 = tile.dma_start %b0, %b3 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 4, 2, 3, 3>} : !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram">
// SERIAL-NEXT: %1 = tile.dma_start %b1, %b4 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 2, 4, 1, 1>} : !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "dram">, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram">
// SERIAL-NEXT: tile.dma_wait %0
// SERIAL-NEXT: tile.dma_wait %1
// SERIAL-NEXT: %2 = tile.dma_start %b2, %b5 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 3, 4>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// SERIAL-NEXT: tile.dma_wait %2
// SERIAL-NEXT: tile.conv2d %b5, %b3 -> %b6 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<() -> (0, 0, 0, -1, -1)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 4, 2, 4>, layer = (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x4x2x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>
// SERIAL-NEXT: tile.conv2d %b6, %b4 -> %b7 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 2, 4>, layer = (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>, tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x4x2x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.1>, "sram">
// SERIAL-NEXT: %3 = tile.dma_start %b7, %b8 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram">
// SERIAL-NEXT: tile.dma_wait %3
// SERIAL-NEXT: tile.for %4 = 1 to 3 step 1 {
// SERIAL-NEXT: %5 = tile.dma_start %b2, %b5(%4) {refs = [affine_map<(d0) -> (0, 0, 0, ((d0 * 2) + 1), 0)>, affine_map<(d0) -> (0, 0, 0, ((d0 * 2) + 1), 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// SERIAL-NEXT: tile.dma_wait %5
// SERIAL-NEXT: tile.conv2d %b5, %b3 -> %b6(%4) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0) -> (0, 0, 0, ((d0 * 2) + -1), -1)>, affine_map<(d0) -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0, 0, (d0 * 2), 0)>], at = affine_map<(d0) -> (0, 0, (d0 * 2), 0)>, sizes = array<i64: 1, 4, 2, 4>, layer = (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x4x2x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>
// SERIAL-NEXT: tile.conv2d %b6, %b4 -> %b7(%4) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<(d0) -> (0, 0, 0, (d0 * 2), 0)>, affine_map<(d0) -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0, 0, 0, 0)>], at = affine_map<(d0) -> (0, 0, (d0 * 2), 0)>, sizes = array<i64: 1, 2, 2, 4>, layer = (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>, tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x4x2x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.1>, "sram">
// SERIAL-NEXT: %6 = tile.dma_start %b7, %b8(%4) {refs = [affine_map<(d0) -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0, 0, (d0 * 2), 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram">
// SERIAL-NEXT: tile.dma_wait %6
// SERIAL-NEXT: tile.yield
// SERIAL-NEXT: }
// SERIAL-NEXT: %7 = tile.dma_start %b2, %b5 {refs = [affine_map<() -> (0, 0, 0, 7, 0)>, affine_map<() -> (0, 0, 0, 7, 0)>], sizes = array<i64: 1, 2, 1, 4>} : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>, "dram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>
// SERIAL-NEXT: tile.dma_wait %7
// SERIAL-NEXT: tile.conv2d %b5, %b3 -> %b6 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<() -> (0, 0, 0, 5, -1)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 6, 0)>], at = affine_map<() -> (0, 0, 6, 0)>, sizes = array<i64: 1, 4, 2, 4>, layer = (tensor<1x2x8x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>, "sram", ring_axis = 2>, !tile.buffer<4x2x3x3x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x4x2x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>
// SERIAL-NEXT: tile.conv2d %b6, %b4 -> %b7 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, refs = [affine_map<() -> (0, 0, 0, 6, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 6, 0)>, sizes = array<i64: 1, 2, 2, 4>, layer = (tensor<1x4x8x4x!quant.uniform<i8:f32, 0.1:-2>>, tensor<2x4x1x1x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x4x2x4x!quant.uniform<i8:f32, 0.1:-2>, "sram", ring_axis = 2>, !tile.buffer<2x4x1x1x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.1>, "sram">
// SERIAL-NEXT: %8 = tile.dma_start %b7, %b8 {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 6, 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram">
// SERIAL-NEXT: tile.dma_wait %8
// SERIAL-NEXT: %9 = tile.from_buffer %b8 : !tile.buffer<1x2x8x4x!quant.uniform<i8:f32, 0.1>, "dram"> -> tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>
// SERIAL-NEXT: func.return %9 : tensor<1x2x8x4x!quant.uniform<i8:f32, 0.1>>
// SERIAL-NEXT: }
// SERIAL-NEXT: }
