// One module per exported op family (see tests/e2e/test_quant_twins.py).
func.func @main(%x: tensor<1x21x3x3x!quant.uniform<u8:f32, 0.1:128>>) -> (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x1x3x3xi64>) {
  %v, %k = quant.argmax_groups %x {axis = 1 : i64, group = 16 : i64, select_last_index} : (tensor<1x21x3x3x!quant.uniform<u8:f32, 0.1:128>>) -> (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x2x3x3xi16>)
  %y = quant.argmax_select %v, %k {axis = 1 : i64, keepdims, select_last_index} : (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x2x3x3xi16>) -> tensor<1x1x3x3xi64>
  func.return %v, %y : tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x1x3x3xi64>
}
