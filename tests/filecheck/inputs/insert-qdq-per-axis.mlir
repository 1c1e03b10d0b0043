func.func @f(%a: tensor<1x2xf32> {xopt.quant_type = !quant.uniform<i8:f32:1, {0.5, 0.25}>}) -> tensor<1x2xf32> {
  %y = graph.relu %a : (tensor<1x2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
