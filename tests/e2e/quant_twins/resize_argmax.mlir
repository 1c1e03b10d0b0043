// One module per exported op family (see tests/e2e/test_quant_twins.py).
func.func @main(%x: tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> (tensor<1x8x8xi16>, tensor<1x1x8x12xi32>) {
  %l = quant.resize_argmax %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>, resized = !quant.uniform<i8:f32, 0.1:-2>, rounding = "float"} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x8x8xi16>
  %n = quant.resize_argmax %x {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", scales = array<f64: 1.0, 1.0, 2.0, 3.0>, keepdims, select_last_index} : (tensor<1x19x4x4x!quant.uniform<i8:f32, 0.05:3>>) -> tensor<1x1x8x12xi32>
  func.return %l, %n : tensor<1x8x8xi16>, tensor<1x1x8x12xi32>
}
