// RUN: xopt-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier rule of graph.phase_slice and graph.interleave, one case each.

// CHECK: Operation does not verify: graph.phase_slice: input and result must be 4-D (NCHW), got 3-D and 4-D
func.func @phase_slice_rank(%x: tensor<3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<3x7x5xf32>) -> tensor<1x3x4x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.phase_slice: offsets must have 2 values, got 1
func.func @phase_slice_offsets_count(%x: tensor<1x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 0>, steps = array<i64: 2, 2>} : (tensor<1x3x7x5xf32>) -> tensor<1x3x4x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.phase_slice: offsets must be >= 0, got [-1, 0]
func.func @phase_slice_negative_offset(%x: tensor<1x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: -1, 0>, steps = array<i64: 2, 2>} : (tensor<1x3x7x5xf32>) -> tensor<1x3x4x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.phase_slice: steps must be >= 1, got [2, 0]
func.func @phase_slice_zero_step(%x: tensor<1x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 2, 0>} : (tensor<1x3x7x5xf32>) -> tensor<1x3x4x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.phase_slice: 4 pixels from offset 1 in steps of 2 on axis 2 reach index 7, past the input size 7
func.func @phase_slice_past_end(%x: tensor<1x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 1, 0>, steps = array<i64: 2, 2>} : (tensor<1x3x7x5xf32>) -> tensor<1x3x4x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.phase_slice: result size 0 on axis 3 must be >= 1
func.func @phase_slice_empty(%x: tensor<1x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<1x3x7x5xf32>) -> tensor<1x3x4x0xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.phase_slice: result shape (1, 2, 4, 3) does not match the inferred shape (1, 3, 4, 3)
func.func @phase_slice_channels(%x: tensor<1x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<1x3x7x5xf32>) -> tensor<1x2x4x3xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.phase_slice: result element type f16 differs from input element type f32
func.func @phase_slice_element_type(%x: tensor<1x3x7x5xf32>) {
  %0 = graph.phase_slice %x {offsets = array<i64: 0, 0>, steps = array<i64: 2, 2>} : (tensor<1x3x7x5xf32>) -> tensor<1x3x4x3xf16>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.interleave: factors must be >= 1, got [0, 2]
func.func @interleave_zero_factor(%a: tensor<1x2x2x2xf32>) {
  %0 = graph.interleave %a {factors = array<i64: 0, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.interleave: factors [2, 2] need 4 inputs (one per phase), got 2
func.func @interleave_input_count(%a: tensor<1x2x2x2xf32>) {
  %0 = graph.interleave %a, %a {factors = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.interleave: inputs #3 (phase 1, 1) must have shape (1, 2, 2, 2) for a result of shape (1, 2, 5, 4) with factors [2, 2], got (1, 2, 3, 2)
func.func @interleave_phase_shape(%a: tensor<1x2x3x2xf32>, %b: tensor<1x2x2x2xf32>) {
  %0 = graph.interleave %a, %a, %b, %a {factors = array<i64: 2, 2>} : (tensor<1x2x3x2xf32>, tensor<1x2x3x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x5x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.interleave: factors [3, 1] need a result of at least 3x1 pixels (one per phase), got 2x4
func.func @interleave_too_small(%a: tensor<1x2x1x4xf32>) {
  %0 = graph.interleave %a, %a, %a {factors = array<i64: 3, 1>} : (tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>) -> tensor<1x2x2x4xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.interleave: result must be 4-D (NCHW), got 3-D
func.func @interleave_rank(%a: tensor<2x2x2xf32>) {
  %0 = graph.interleave %a {factors = array<i64: 1, 1>} : (tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  func.return
}

// -----

// CHECK: Operation does not verify: graph.interleave: inputs #1 element type f16 differs from inputs #0 element type f32
func.func @interleave_element_type(%a: tensor<1x2x1x2xf32>, %b: tensor<1x2x1x2xf16>) {
  %0 = graph.interleave %a, %b {factors = array<i64: 2, 1>} : (tensor<1x2x1x2xf32>, tensor<1x2x1x2xf16>) -> tensor<1x2x2x2xf32>
  func.return
}
