// RUN: xopt-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Malformed !tile.buffer types, one split-input-file case each; types are verified when
// they are parsed, so each error points at the type.

// CHECK: !tile.buffer: dimensions must be >= 1, got (0, 4)
func.func @zero_dim(%a: !tile.buffer<0x4xi8, "sram">) {
  func.return
}

// -----

// CHECK: !tile.buffer: element type must be !quant.uniform or an integer type, got f32
func.func @float_element(%a: !tile.buffer<4xf32, "sram">) {
  func.return
}

// -----

// CHECK: !tile.buffer: slots must be >= 1, got 0
func.func @zero_slots(%a: !tile.buffer<4xi8, "sram", slots = 0>) {
  func.return
}

// -----

// CHECK: !tile.buffer: ring_axis 2 is out of range for rank 2
func.func @ring_axis_range(%a: !tile.buffer<4x4xi8, "sram", ring_axis = 2>) {
  func.return
}

// -----

// CHECK: !tile.buffer: a ring buffer needs elements of 8 bits or more
func.func @ring_sub_byte(%a: !tile.buffer<4x4x!quant.uniform<i4:f32, 0.5>, "sram", ring_axis = 0>) {
  func.return
}

// -----

// CHECK: Expected one of 'ring_axis', 'slots' (a buffer option)
func.func @unknown_option(%a: !tile.buffer<4xi8, "sram", banks = 2>) {
  func.return
}
