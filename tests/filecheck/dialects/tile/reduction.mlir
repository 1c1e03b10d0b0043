// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// Reductions over input-channel chunks print and parse back (also through the generic
// form): tile.conv2d and tile.fully_connected with an i32 acc buffer, in_chunk and the
// chunk map (a conv reducing 6 input channels in chunks of 2, an fc 8 in chunks of 4).

func.func @reduction() {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
  %acc = tile.buffer at 128 size 64 : !tile.buffer<1x2x2x4xi32, "sram">
  %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %fx = tile.buffer at 256 size 4 : !tile.buffer<1x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %fw = tile.buffer at 260 size 12 : !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram">
  %facc = tile.buffer at 272 size 12 : !tile.buffer<1x3xi32, "sram">
  %fy = tile.buffer at 284 size 3 : !tile.buffer<1x3x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.for %i = 0 to 2 step 1 {
    tile.for %j = 0 to 3 step 1 {
      tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> (d1 mod 2, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0, d1) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, in_chunk = 2 : i64, chunk = affine_map<(d0, d1) -> (d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x6x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x4xi32, "sram">
      tile.yield
    }
    tile.fully_connected %fx, %fw -> %fy acc %facc(%i) {refs = [affine_map<(d0) -> (0, 0, 0)>, affine_map<(d0) -> (0, 0, 0)>, affine_map<(d0) -> (0, 0, 0)>, affine_map<(d0) -> (0, 0, 0)>], at = affine_map<(d0) -> (0, 0)>, sizes = array<i64: 1, 3>, in_chunk = 4 : i64, chunk = affine_map<(d0) -> (d0)>, layer = (tensor<1x8x!quant.uniform<i8:f32, 0.1>>, tensor<3x8x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x3x!quant.uniform<i8:f32, 0.3>, "sram"> acc !tile.buffer<1x3xi32, "sram">
    tile.yield
  }
  func.return
}

// CHECK-LABEL: func.func @reduction() {
// CHECK-NEXT: tile.memory "sram" size 4096
// CHECK-NEXT: %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
// CHECK-NEXT: %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
// CHECK-NEXT: %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
// CHECK-NEXT: %acc = tile.buffer at 128 size 64 : !tile.buffer<1x2x2x4xi32, "sram">
// CHECK-NEXT: %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
// CHECK-NEXT: %fx = tile.buffer at 256 size 4 : !tile.buffer<1x4x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT: %fw = tile.buffer at 260 size 12 : !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT: %facc = tile.buffer at 272 size 12 : !tile.buffer<1x3xi32, "sram">
// CHECK-NEXT: %fy = tile.buffer at 284 size 3 : !tile.buffer<1x3x!quant.uniform<i8:f32, 0.3>, "sram">
// CHECK-NEXT: tile.for %i = 0 to 2 step 1 {
// CHECK-NEXT: tile.for %j = 0 to 3 step 1 {
// CHECK-NEXT: tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> ((d1 mod 2), 0, 0, ((d0 * 2) + -1), -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, (d0 * 2), 0)>], at = affine_map<(d0, d1) -> (0, 0, (d0 * 2), 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, in_chunk = 2 : i64, chunk = affine_map<(d0, d1) -> (d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x6x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x4xi32, "sram">
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: tile.fully_connected %fx, %fw -> %fy acc %facc(%i) {refs = [affine_map<(d0) -> (0, 0, 0)>, affine_map<(d0) -> (0, 0, 0)>, affine_map<(d0) -> (0, 0, 0)>, affine_map<(d0) -> (0, 0, 0)>], at = affine_map<(d0) -> (0, 0)>, sizes = array<i64: 1, 3>, in_chunk = 4 : i64, chunk = affine_map<(d0) -> (d0)>, layer = (tensor<1x8x!quant.uniform<i8:f32, 0.1>>, tensor<3x8x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<1x3x!quant.uniform<i8:f32, 0.3>, "sram"> acc !tile.buffer<1x3xi32, "sram">
// CHECK-NEXT: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: func.return
// CHECK-NEXT: }
// CHECK-NEXT: }
