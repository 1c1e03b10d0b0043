// Our dialects and passes reach plain xdsl-opt through the `xdsl.universe` entry point.
// RUN: xdsl-opt %s -p fold-batchnorm | filecheck %s

// CHECK-LABEL: func.func @relu
// CHECK-NEXT:    %[[Y:.*]] = graph.relu %{{.*}} : (tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT:    func.return %[[Y]] : tensor<2xf32>
func.func @relu(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = graph.relu %x : (tensor<2xf32>) -> tensor<2xf32>
  func.return %y : tensor<2xf32>
}
