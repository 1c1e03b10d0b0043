// RUN: xopt-opt %s --split-input-file --verify-diagnostics -p fuse-resize-argmax | filecheck %s
// RUN: not xopt-opt %s -p fuse-resize-argmax 2>&1 | filecheck %s --check-prefix=CLI
//
// The fused kernel interpolates in float32, as onnxruntime does: a linear resize of another
// float type would give other values, so the pass fails instead of changing the result.

// CLI: error: pass failed: fuse-resize-argmax: graph.resize %up -> graph.argmax %seg: a linear resize of f16 cannot be fused exactly (the fused kernel interpolates in float32, as onnxruntime does); leave this pass out

// CHECK-LABEL: "func.func"() <{sym_name = "linear_f16"
// CHECK: Error while applying pattern: fuse-resize-argmax: graph.resize %up -> graph.argmax %seg: a linear resize of f16 cannot be fused exactly (the fused kernel interpolates in float32, as onnxruntime does); leave this pass out
func.func @linear_f16(%x: tensor<1x19x4x4xf16>) -> tensor<1x8x8xi64> {
  %up = graph.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x19x4x4xf16>) -> tensor<1x19x8x8xf16>
  %seg = graph.argmax %up {axis = 1 : i64} : (tensor<1x19x8x8xf16>) -> tensor<1x8x8xi64>
  func.return %seg : tensor<1x8x8xi64>
}

// -----

// CHECK-LABEL: "func.func"() <{sym_name = "linear_f64_unnamed"
// CHECK: Error while applying pattern: fuse-resize-argmax: graph.resize -> graph.argmax: a linear resize of f64 cannot be fused exactly (the fused kernel interpolates in float32, as onnxruntime does); leave this pass out
func.func @linear_f64_unnamed(%x: tensor<1x3x2x2xf64>) -> tensor<1x4x4xi64> {
  %0 = graph.resize %x {mode = "linear", coordinate_transformation_mode = "asymmetric", nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x2x2xf64>) -> tensor<1x3x4x4xf64>
  %1 = graph.argmax %0 {axis = 1 : i64} : (tensor<1x3x4x4xf64>) -> tensor<1x4x4xi64>
  func.return %1 : tensor<1x4x4xi64>
}
