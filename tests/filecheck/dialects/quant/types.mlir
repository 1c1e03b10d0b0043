// RUN: xopt-opt %s | xopt-opt | filecheck %s
// RUN: xopt-opt %s --print-op-generic | xopt-opt | filecheck %s
// RUN: xdsl-opt %s | filecheck %s

// Round trip of !quant.uniform types (MLIR's quant type syntax) as tensor element types:
// signed and unsigned storage of every width, narrow storage ranges, every expressed type,
// zero points (omitted when 0), per-axis scales. Scales print as the shortest decimal that
// reads back to the same f64, with a dot always (1e-05 prints as 1.0e-05, 3 as 3.0).

// CHECK-LABEL: func.func @per_tensor(
// CHECK-SAME:    %{{[^:]+}}: tensor<1x3x!quant.uniform<i8:f32, 0.0123:-5>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<i8:f32, 0.5>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<u8:f32, 0.25:128>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<i4:f16, 1.0e-05:-8>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<u4:bf16, 3.0:15>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<i2:f64, 0.1:1>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<i16:f32, 0.30000000000000004>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<u32:f32, 1.0e+20:4294967295>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<!quant.uniform<i32:f32, 6.103515625e-05>>) {
// CHECK-NEXT:    func.return
// CHECK-NEXT:  }
func.func @per_tensor(
    %a: tensor<1x3x!quant.uniform<i8:f32, 0.0123:-5>>,
    %b: tensor<4x!quant.uniform<i8:f32, 0.5:0>>,
    %c: tensor<4x!quant.uniform<u8:f32, 0.25:128>>,
    %d: tensor<4x!quant.uniform<i4:f16, 0.00001:-8>>,
    %e: tensor<4x!quant.uniform<u4:bf16, 3:15>>,
    %f: tensor<4x!quant.uniform<i2:f64, 1.0e-1:1>>,
    %g: tensor<4x!quant.uniform<i16:f32, 0.30000000000000004>>,
    %h: tensor<4x!quant.uniform<u32:f32, 1.0e20:4294967295>>,
    %i: tensor<!quant.uniform<i32:f32, 6.103515625e-05>>) {
  func.return
}

// CHECK-LABEL: func.func @storage_range(
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<i8<-127:127>:f32, 0.5>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<u8<0:254>:f32, 0.5:127>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<i4<-7:7>:f32, 2.0:-7>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
// CHECK-NEXT:    func.return
// CHECK-NEXT:  }
func.func @storage_range(
    %a: tensor<4x!quant.uniform<i8<-127:127>:f32, 0.5>>,
    %b: tensor<4x!quant.uniform<u8<0:254>:f32, 0.5:127>>,
    %c: tensor<4x!quant.uniform<i4<-7:7>:f32, 2.0:-7>>,
    %d: tensor<4x!quant.uniform<i8<-128:127>:f32, 0.5>>) {
  func.return
}

// CHECK-LABEL: func.func @per_axis(
// CHECK-SAME:    %{{[^:]+}}: tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02:3}>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<8x4x3x3x!quant.uniform<i4<-7:7>:f32:0, {0.5, 0.25, 0.125, 0.0625, 1.0, 2.0, 4.0, 8.0}>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<2x3x!quant.uniform<u8:f16:1, {0.1:128, 0.2, 1.0e-07:255}>>,
// CHECK-SAME:    %{{[^:]+}}: tensor<1x1x1x5x!quant.uniform<i2:f32:3, {1.0, 1.0:-2, 1.0:1, 1.0, 1.0}>>) -> tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02:3}>> {
// CHECK-NEXT:    func.return %{{.*}} : tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02:3}>>
// CHECK-NEXT:  }
func.func @per_axis(
    %a: tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02:3}>>,
    %b: tensor<8x4x3x3x!quant.uniform<i4<-7:7>:f32:0, {0.5, 0.25, 0.125, 0.0625, 1.0, 2.0, 4.0, 8.0}>>,
    %c: tensor<2x3x!quant.uniform<u8:f16:1, {0.1:128, 0.2:0, 0.0000001:255}>>,
    %d: tensor<1x1x1x5x!quant.uniform<i2:f32:3, {1,1:-2,1:1,1,1}>>) -> tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02:3}>> {
  func.return %a : tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02:3}>>
}
