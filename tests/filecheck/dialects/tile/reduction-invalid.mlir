// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of reductions over input-channel chunks (tile.conv2d and
// tile.fully_connected with an acc buffer), one split-input-file case each.


// CHECK: Operation does not verify: tile.conv2d: acc, in_chunk and chunk go together
func.func @acc() {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
  %acc = tile.buffer at 128 size 64 : !tile.buffer<1x2x2x4xi32, "sram">
  %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %i = arith.constant 0 : index
  %j = arith.constant 1 : index
  tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> (d1 mod 2, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0, d1) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, chunk = affine_map<(d0, d1) -> (d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x6x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x4xi32, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.conv2d: acc must be a buffer of i32, got !tile.buffer<1x2x2x4xi8, "sram">
func.func @acc_must_be_a_buffer_of_i32() {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
  %acc = tile.buffer at 128 size 16 : !tile.buffer<1x2x2x4xi8, "sram">
  %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %i = arith.constant 0 : index
  %j = arith.constant 1 : index
  tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> (d1 mod 2, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0, d1) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, in_chunk = 2 : i64, chunk = affine_map<(d0, d1) -> (d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x6x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.conv2d: acc must hold the output tile [1, 2, 2, 4], got [1, 2, 2, 2]
func.func @acc_must_hold_the_output_tile__1() {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
  %acc = tile.buffer at 128 size 32 : !tile.buffer<1x2x2x2xi32, "sram">
  %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %i = arith.constant 0 : index
  %j = arith.constant 1 : index
  tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> (d1 mod 2, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0, d1) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, in_chunk = 2 : i64, chunk = affine_map<(d0, d1) -> (d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x6x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x2xi32, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.conv2d: in_chunk must be in [1, 6) (the reduced input channels), got 6
func.func @in_chunk_must_be_in__1() {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
  %acc = tile.buffer at 128 size 64 : !tile.buffer<1x2x2x4xi32, "sram">
  %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %i = arith.constant 0 : index
  %j = arith.constant 1 : index
  tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> (d1 mod 2, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0, d1) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, in_chunk = 6 : i64, chunk = affine_map<(d0, d1) -> (d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x6x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x4xi32, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.conv2d: chunk must map the 2 index operand(s) to 1 coordinates, got (d0, d1) -> (d0, d1)
func.func @chunk_must_map_the_2_index_operand_s__to() {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
  %acc = tile.buffer at 128 size 64 : !tile.buffer<1x2x2x4xi32, "sram">
  %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %i = arith.constant 0 : index
  %j = arith.constant 1 : index
  tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> (d1 mod 2, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0, d1) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, in_chunk = 2 : i64, chunk = affine_map<(d0, d1) -> (d0, d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x6x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x4xi32, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.conv2d: input-channel chunks need group = 1
func.func @input_channel_chunks_need_group___1() {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 16 : !tile.buffer<4xi32, "sram">
  %acc = tile.buffer at 128 size 64 : !tile.buffer<1x2x2x4xi32, "sram">
  %y = tile.buffer at 192 size 16 : !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %i = arith.constant 0 : index
  %j = arith.constant 1 : index
  tile.conv2d %x, %w, %b -> %y acc %acc(%i, %j) {refs = [affine_map<(d0, d1) -> (d1 mod 2, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, 0, 0)>, affine_map<(d0, d1) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0, d1) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, in_chunk = 1 : i64, chunk = affine_map<(d0, d1) -> (d1)>, layer = (tensor<1x6x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram", slots = 2>, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<4xi32, "sram"> -> !tile.buffer<1x2x2x4x!quant.uniform<i8:f32, 0.3:-4>, "sram"> acc !tile.buffer<1x2x2x4xi32, "sram">
  func.return
}
