// RUN: not xopt-opt %s -p 'tile-for-memory{sram=40}' 2>&1 | filecheck %s
// RUN: not xopt-opt %s -p 'tile-for-memory{policy=foo}' 2>&1 | filecheck %s --check-prefix=POLICY
//
// The 3x3 conv's smallest tiling needs 42 bytes (one output element of one channel per tile,
// reduced over its 2 input channels one by one into an int32 partial sum): 40 do not fit it.

func.func @main(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>> {
  %w1 = quant.constant {value = dense<1> : tensor<4x2x3x3xi8>} : tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>
  %a = quant.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05:3>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>>
  func.return %a : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-2>>
}

// CHECK: tile-for-memory: does not fit: layer a needs at least 42 bytes of SRAM (got 40)
// POLICY: tile-for-memory: unknown policy 'foo', expected one of default, neon, pulp, npu
