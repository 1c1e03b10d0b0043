// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of the tile dialect's ops, one split-input-file case each: memory
// levels and buffer placement, constants and @main's entry and exit, loops, DMA buffer
// references and sizes, and the compute ops' layer types and geometry.

// CHECK: Operation does not verify: tile.memory: size must be >= 1 byte, got 0
func.func @size_must_be_1_byte_got_0() {
  tile.memory "sram" size 1024
  tile.memory "l2" size 0
  func.return
}

// -----

// CHECK: Operation does not verify: tile.buffer: offset must be >= 0, got -4
func.func @offset_must_be_0_got_4() {
  tile.memory "sram" size 1024
  %a = tile.buffer at -4 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.buffer: size 16 is too small: 1 slot(s) of 32 bytes need 32
func.func @size_16_is_too_small() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 16 : !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.buffer: memory level 'l2' is not declared by a tile.memory op
func.func @memory_level_l2_is_not_declared_by_a_til() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "l2">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.buffer: bytes [1000, 1032) overrun level 'sram' of 1024 bytes
func.func @bytes_1000_1032_overrun_level_sram_of_10() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 1000 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.constant: value shape (4,) differs from the buffer shape (1, 2, 4, 4)
func.func @value_shape_4_differs_from_the_buffer_sh() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  tile.constant %a {value = dense<[1, 2, 3, 4]> : tensor<4xi8>} : !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.constant: the buffer must have one slot and no ring axis
func.func @the_buffer_must_have_one_slot_and_no_rin() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 8 : !tile.buffer<4xi8, "sram", slots = 2>
  tile.constant %a {value = dense<[1, 2, 3, 4]> : tensor<4xi8>} : !tile.buffer<4xi8, "sram", slots = 2>
  func.return
}

// -----

// CHECK: Operation does not verify: tile.to_buffer: tensor tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>> and buffer !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram"> differ in shape or element type
func.func @tensor_tensor_1x2x4x4x_quant_uniform_i8(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) {
  tile.memory "sram" size 1024
  %y = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.to_buffer %x, %y : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.from_buffer: the buffer must have one slot and no ring axis
func.func @the_buffer_must_have_one_slot_and_no_rin() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 64 : !tile.buffer<1x2x4x4xi8, "sram", slots = 2>
  %t = tile.from_buffer %a : !tile.buffer<1x2x4x4xi8, "sram", slots = 2> -> tensor<1x2x4x4xi8>
  func.return
}

// -----

// CHECK: Operation does not verify: tile.for: needs step >= 1 and lower <= upper, got 4 to 2 step 1
func.func @needs_step_1_and_lower_upper_got_4_to_2() {
  tile.memory "sram" size 1024
  tile.for %i = 4 to 2 step 1 {
    tile.yield
  }
  func.return
}

// -----

// CHECK: Operation does not verify: tile.for: the body must end with tile.yield of the carried types (!tile.token)
func.func @the_body_must_end_with_tile_yield_of_the() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  %t = tile.dma_start %a, %a {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 1, 1, 1>} : !tile.buffer<1x2x4x4xi8, "sram">, !tile.buffer<1x2x4x4xi8, "sram">
  %r = tile.for %i = 0 to 2 step 1 iter_args(%c = %t) -> (!tile.token) {
    tile.yield
  }
  func.return
}

// -----

// CHECK: Operation does not verify: tile.dma_start: source and destination must have the same rank and element type
func.func @source_and_destination_must_have_the_sam() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  %b = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %t = tile.dma_start %a, %b {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 1, 1, 1>} : !tile.buffer<1x2x4x4xi8, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.dma_start: refs has 1 maps for 2 buffer operands
func.func @refs_has_1_maps_for_2_buffer_operands() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  %t = tile.dma_start %a, %a {refs = [affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 1, 1, 1>} : !tile.buffer<1x2x4x4xi8, "sram">, !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.dma_start: refs map #1 must have 0 dimensions (one per index operand) and no symbols
func.func @refs_map_1_must_have_0_dimensions_one_pe() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  %t = tile.dma_start %a, %a {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0, 0, d0, 0)>], sizes = array<i64: 1, 1, 1, 1>} : !tile.buffer<1x2x4x4xi8, "sram">, !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.dma_start: refs map #0 must give a slot and 4 offsets, got 4 results
func.func @refs_map_0_must_give_a_slot_and_4_offset() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  %t = tile.dma_start %a, %a {refs = [affine_map<() -> (0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 1, 1, 1>} : !tile.buffer<1x2x4x4xi8, "sram">, !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.dma_start: sizes must be 4 positive extents, got [1, 0, 1, 1]
func.func @sizes_must_be_4_positive_extents_got_1_0() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4xi8, "sram">
  %t = tile.dma_start %a, %a {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 0, 1, 1>} : !tile.buffer<1x2x4x4xi8, "sram">, !tile.buffer<1x2x4x4xi8, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.add: layer must have one type per buffer operand and one result
func.func @layer_must_have_one_type_per_buffer_oper() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %b = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %y = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.add %a, %b -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.add: buffer element !quant.uniform<i8:f32, 0.1> differs from the layer's !quant.uniform<i8:f32, 0.2>
func.func @buffer_element_quant_uniform_i8() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %b = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %y = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.add %a, %b -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.add: at must map the 0 index operand(s) to 4 coordinates
func.func @at_must_map_the_0_index_operand_s_to_4_c() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %b = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %y = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.add %a, %b -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.add: sizes must be 4 positive extents, got [1, 2, 4]
func.func @sizes_must_be_4_positive_extents_got_1_2() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %b = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %y = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.add %a, %b -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.add: rounding must be one of ('fixed_point', 'float')
func.func @rounding_must_be_one_of_fixed_point_floa() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %b = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %y = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.add %a, %b -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, rounding = "up", layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.add: tiles need equal shapes (no broadcasting)
func.func @tiles_need_equal_shapes_no_broadcasting() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %b = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %y = tile.buffer at 64 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.add %a, %b -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.maxpool: layer result shape (1, 2, 4, 4) differs from the pool's shape (1, 2, 2, 2)
func.func @layer_result_shape_1_2_4_4_differs_from() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  tile.maxpool %a -> %a {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 2, 2>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.conv2d: layer result shape (1, 2, 4, 4) differs from the convolution's shape (1, 2, 2, 2)
func.func @layer_result_shape_1_2_4_4_differs_from() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %w = tile.buffer at 32 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32, 0.5>, "sram">
  tile.conv2d %a, %w -> %a {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x3x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32, 0.5>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  func.return
}

// -----

// CHECK: Operation does not verify: tile.apply: the body must end with tile.yield of one tensor per output buffer
func.func @the_body_must_end_with_tile_yield_of_one() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  tile.apply ins(%a : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">) outs(%a : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">) {
  ^bb0(%t: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>):
    tile.yield
  }
  func.return
}

// -----

// CHECK: Operation does not verify: tile.apply: tensor tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>> and buffer !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> differ in shape or element type
func.func @tensor_tensor_1x2x4x4x_quant_uniform_i8() {
  tile.memory "sram" size 1024
  %a = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  tile.apply ins(%a : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">) outs(%a : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">) {
  ^bb0(%t: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>):
    %r = quant.requantize %t : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>
    tile.yield %r : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3>>
  }
  func.return
}
