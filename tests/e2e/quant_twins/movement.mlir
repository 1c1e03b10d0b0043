// One module per exported op family (see tests/e2e/test_quant_twins.py).
func.func @main(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>) {
  %p = quant.pad %x {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>
  %z = quant.insert_zeros %x {strides = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>
  %c = quant.crop %x {crops = array<i64: 0, 0, 1, 0, 0, 0, 1, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>
  %s = quant.phase_slice %x {offsets = array<i64: 0, 1>, steps = array<i64: 2, 2>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>
  %i = quant.interleave %s, %s {factors = array<i64: 1, 2>} : (tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
  func.return %p, %z, %c, %i : tensor<1x2x5x7x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x5x5x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x1x2x!quant.uniform<i8:f32, 0.05:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:3>>
}
