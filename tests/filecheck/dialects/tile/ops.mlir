// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s

// Every op, type and attribute of the tile dialect prints and parses back (also through
// the generic form): memory levels and buffers (slots, ring axis, sub-byte and i32
// elements), constants, @main's entry and exit, DMA with tokens carried by tile.for, and
// each compute op on tiles with its buffer references.

// CHECK-LABEL: func.func @memory_and_buffers(
// CHECK-SAME:  %x: tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>> {
// CHECK-NEXT:    tile.memory "dram"
// CHECK-NEXT:    tile.memory "sram" size 1024
// CHECK-NEXT:    %xd = tile.buffer at 0 size 6 : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "dram">
// CHECK-NEXT:    %w4 = tile.buffer at 8 size 3 : !tile.buffer<6x!quant.uniform<i4:f32, 0.1>, "dram">
// CHECK-NEXT:    %b = tile.buffer at 16 size 8 : !tile.buffer<2xi32, "dram">
// CHECK-NEXT:    %s = tile.buffer at 0 size 12 : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "sram", slots = 2>
// CHECK-NEXT:    %r = tile.buffer at 12 size 24 : !tile.buffer<1x2x3x4xi8, "sram", ring_axis = 2>
// CHECK-NEXT:    tile.constant %w4 {value = dense<[1, -2, 3, -8, 7, 0]> : tensor<6xi8>} : !tile.buffer<6x!quant.uniform<i4:f32, 0.1>, "dram">
// CHECK-NEXT:    tile.constant %b {value = dense<[5, -5]> : tensor<2xi32>} : !tile.buffer<2xi32, "dram">
// CHECK-NEXT:    tile.to_buffer %x, %xd : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>, !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "dram">
// CHECK-NEXT:    %y = tile.from_buffer %xd : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "dram"> -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>
// CHECK-NEXT:    func.return %y : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>
// CHECK-NEXT:  }

// CHECK-LABEL: func.func @dma_and_loops(
// CHECK-SAME:  ) {
// CHECK-NEXT:    tile.memory "dram"
// CHECK-NEXT:    tile.memory "sram" size 64
// CHECK-NEXT:    %d = tile.buffer at 0 size 48 : !tile.buffer<1x2x6x4xi8, "dram">
// CHECK-NEXT:    %s = tile.buffer at 0 size 32 : !tile.buffer<1x2x2x4xi8, "sram", slots = 2>
// CHECK-NEXT:    %t0 = tile.dma_start %d, %s {refs = [affine_map<() -> (0, 0, 0, -1, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x6x4xi8, "dram">, !tile.buffer<1x2x2x4xi8, "sram", slots = 2>
// CHECK-NEXT:    %last = tile.for %i = 0 to 3 step 1 iter_args(%t = %t0) -> (!tile.token) {
// CHECK-NEXT:      tile.dma_wait %t
// CHECK-NEXT:      %next = tile.dma_start %d, %s(%i) {refs = [affine_map<(d0) -> (0, 0, 0, ((d0 * 2) + 1), 0)>, affine_map<(d0) -> (((d0 + 1) mod 2), 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x6x4xi8, "dram">, !tile.buffer<1x2x2x4xi8, "sram", slots = 2>
// CHECK-NEXT:      tile.yield %next : !tile.token
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.dma_wait %last
// CHECK-NEXT:    %none = tile.dma_done
// CHECK-NEXT:    tile.dma_wait %none
// CHECK-NEXT:    tile.for %j = 0 to 4 step 2 {
// CHECK-NEXT:      tile.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return
// CHECK-NEXT:  }

// CHECK-LABEL: func.func @compute(
// CHECK-SAME:  %arg: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) {
// CHECK-NEXT:    tile.memory "sram" size 4096
// CHECK-NEXT:    %x = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT:    %x2 = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram">
// CHECK-NEXT:    %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
// CHECK-NEXT:    %b = tile.buffer at 100 size 8 : !tile.buffer<2xi32, "sram">
// CHECK-NEXT:    %y = tile.buffer at 128 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
// CHECK-NEXT:    %p = tile.buffer at 160 size 8 : !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT:    %g = tile.buffer at 168 size 2 : !tile.buffer<1x2x1x1x!quant.uniform<i8:f32, 0.05>, "sram">
// CHECK-NEXT:    %fx = tile.buffer at 176 size 8 : !tile.buffer<2x4x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT:    %fw = tile.buffer at 184 size 12 : !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram">
// CHECK-NEXT:    %fy = tile.buffer at 196 size 6 : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.3>, "sram">
// CHECK-NEXT:    tile.for %i = 0 to 2 step 1 {
// CHECK-NEXT:      tile.conv2d %x, %w, %b -> %y(%i) {refs = [affine_map<(d0) -> (0, 0, 0, ((d0 * 2) + -1), -1)>, affine_map<(d0) -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0)>, affine_map<(d0) -> (0, 0, 0, (d0 * 2), 0)>], at = affine_map<(d0) -> (0, 0, (d0 * 2), 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, clamp = array<i64: 0, 127>, rounding = "float", layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<2xi32, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
// CHECK-NEXT:      tile.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.conv2d %x, %w -> %y {refs = [affine_map<() -> (0, 0, 0, -1, -1)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
// CHECK-NEXT:    tile.maxpool %x -> %p {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 2, 2>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT:    tile.avgpool %x -> %p {refs = [affine_map<() -> (0, 0, 0, -1, -1)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 2, 2>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1>, "sram">
// CHECK-NEXT:    tile.global_avgpool %x -> %g {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 1, 1>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.05>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x1x1x!quant.uniform<i8:f32, 0.05>, "sram">
// CHECK-NEXT:    tile.fully_connected %fx, %fw -> %fy {refs = [affine_map<() -> (0, 0, 0)>, affine_map<() -> (0, 0, 0)>, affine_map<() -> (0, 0, 0)>], at = affine_map<() -> (0, 0)>, sizes = array<i64: 2, 3>, layer = (tensor<2x4x!quant.uniform<i8:f32, 0.1>>, tensor<3x4x!quant.uniform<i8:f32, 0.02>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<2x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<2x3x!quant.uniform<i8:f32, 0.3>, "sram">
// CHECK-NEXT:    tile.add %x, %x2 -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
// CHECK-NEXT:    tile.mul %x, %x2 -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
// CHECK-NEXT:    tile.apply ins(%x : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">) outs(%x2 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram">) {
// CHECK-NEXT:    ^bb0(%t: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>):
// CHECK-NEXT:      %r = quant.requantize %t : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>
// CHECK-NEXT:      tile.yield %r : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return
// CHECK-NEXT:  }

func.func @memory_and_buffers(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>> {
  tile.memory "dram"
  tile.memory "sram" size 1024
  %xd = tile.buffer at 0 size 6 : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "dram">
  %w4 = tile.buffer at 8 size 3 : !tile.buffer<6x!quant.uniform<i4:f32, 0.1>, "dram">
  %b = tile.buffer at 16 size 8 : !tile.buffer<2xi32, "dram">
  %s = tile.buffer at 0 size 12 : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "sram", slots = 2>
  %r = tile.buffer at 12 size 24 : !tile.buffer<1x2x3x4xi8, "sram", ring_axis = 2>
  tile.constant %w4 {value = dense<[1, -2, 3, -8, 7, 0]> : tensor<6xi8>} : !tile.buffer<6x!quant.uniform<i4:f32, 0.1>, "dram">
  tile.constant %b {value = dense<[5, -5]> : tensor<2xi32>} : !tile.buffer<2xi32, "dram">
  tile.to_buffer %x, %xd : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>, !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "dram">
  %y = tile.from_buffer %xd : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.5:-1>, "dram"> -> tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>
  func.return %y : tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>
}

func.func @dma_and_loops() {
  tile.memory "dram"
  tile.memory "sram" size 64
  %d = tile.buffer at 0 size 48 : !tile.buffer<1x2x6x4xi8, "dram">
  %s = tile.buffer at 0 size 32 : !tile.buffer<1x2x2x4xi8, "sram", slots = 2>
  %t0 = tile.dma_start %d, %s {refs = [affine_map<() -> (0, 0, 0, -1, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x6x4xi8, "dram">, !tile.buffer<1x2x2x4xi8, "sram", slots = 2>
  %last = tile.for %i = 0 to 3 step 1 iter_args(%t = %t0) -> (!tile.token) {
    tile.dma_wait %t
    %next = tile.dma_start %d, %s(%i) {refs = [affine_map<(d0) -> (0, 0, 0, d0 * 2 + 1, 0)>, affine_map<(d0) -> ((d0 + 1) mod 2, 0, 0, 0, 0)>], sizes = array<i64: 1, 2, 2, 4>} : !tile.buffer<1x2x6x4xi8, "dram">, !tile.buffer<1x2x2x4xi8, "sram", slots = 2>
    tile.yield %next : !tile.token
  }
  tile.dma_wait %last
  %none = tile.dma_done
  tile.dma_wait %none
  tile.for %j = 0 to 4 step 2 {
    tile.yield
  }
  func.return
}

func.func @compute(%arg: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) {
  tile.memory "sram" size 4096
  %x = tile.buffer at 0 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %x2 = tile.buffer at 32 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram">
  %w = tile.buffer at 64 size 36 : !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">
  %b = tile.buffer at 100 size 8 : !tile.buffer<2xi32, "sram">
  %y = tile.buffer at 128 size 32 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  %p = tile.buffer at 160 size 8 : !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1>, "sram">
  %g = tile.buffer at 168 size 2 : !tile.buffer<1x2x1x1x!quant.uniform<i8:f32, 0.05>, "sram">
  %fx = tile.buffer at 176 size 8 : !tile.buffer<2x4x!quant.uniform<i8:f32, 0.1>, "sram">
  %fw = tile.buffer at 184 size 12 : !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram">
  %fy = tile.buffer at 196 size 6 : !tile.buffer<2x3x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.for %i = 0 to 2 step 1 {
    tile.conv2d %x, %w, %b -> %y(%i) {refs = [affine_map<(d0) -> (0, 0, 0, d0 * 2 - 1, -1)>, affine_map<(d0) -> (0, 0, 0, 0, 0)>, affine_map<(d0) -> (0, 0)>, affine_map<(d0) -> (0, 0, 0, d0 * 2, 0)>], at = affine_map<(d0) -> (0, 0, d0 * 2, 0)>, sizes = array<i64: 1, 2, 2, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, clamp = array<i64: 0, 127>, rounding = "float", layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram">, !tile.buffer<2xi32, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
    tile.yield
  }
  tile.conv2d %x, %w -> %y {refs = [affine_map<() -> (0, 0, 0, -1, -1)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<2x2x3x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  tile.maxpool %x -> %p {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 2, 2>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1>, "sram">
  tile.avgpool %x -> %p {refs = [affine_map<() -> (0, 0, 0, -1, -1)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 2, 2>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x2x2x!quant.uniform<i8:f32, 0.1>, "sram">
  tile.global_avgpool %x -> %g {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 1, 1>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.05>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram"> -> !tile.buffer<1x2x1x1x!quant.uniform<i8:f32, 0.05>, "sram">
  tile.fully_connected %fx, %fw -> %fy {refs = [affine_map<() -> (0, 0, 0)>, affine_map<() -> (0, 0, 0)>, affine_map<() -> (0, 0, 0)>], at = affine_map<() -> (0, 0)>, sizes = array<i64: 2, 3>, layer = (tensor<2x4x!quant.uniform<i8:f32, 0.1>>, tensor<3x4x!quant.uniform<i8:f32, 0.02>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.3>>} : !tile.buffer<2x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<3x4x!quant.uniform<i8:f32, 0.02>, "sram"> -> !tile.buffer<2x3x!quant.uniform<i8:f32, 0.3>, "sram">
  tile.add %x, %x2 -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  tile.mul %x, %x2 -> %y {refs = [affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>, affine_map<() -> (0, 0, 0, 0, 0)>], at = affine_map<() -> (0, 0, 0, 0)>, sizes = array<i64: 1, 2, 4, 4>, layer = (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>>} : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">, !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram"> -> !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.3:-4>, "sram">
  tile.apply ins(%x : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.1>, "sram">) outs(%x2 : !tile.buffer<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>, "sram">) {
  ^bb0(%t: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>):
    %r = quant.requantize %t : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>
    tile.yield %r : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.2:1>>
  }
  func.return
}
