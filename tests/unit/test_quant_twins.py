"""Unit tests of the quant twins' pass plumbing that the golden tests cannot show: the
memory report of a fused quant op, and the types the quantizer gives decomposed ops."""

from __future__ import annotations

from xopt.dialects import graph, quant
from xopt.ir_io import make_context, parse_mlir
from xopt.passes.fuse_resize_argmax import FuseResizeArgmaxPass, memory_report

Q = "!quant.uniform<i8:f32, 0.05:3>"
R = "!quant.uniform<i8:f32, 0.1:-1>"
HEAD = f"""
func.func @main(%x: tensor<1x19x4x4x{Q}>) -> tensor<1x8x8xi64> {{
  %up = quant.resize %x {{mode = "linear", coordinate_transformation_mode = "half_pixel",
    nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>}}
    : (tensor<1x19x4x4x{Q}>) -> tensor<1x19x8x8x{R}>
  %seg = quant.argmax %up {{axis = 1 : i64}} : (tensor<1x19x8x8x{R}>) -> tensor<1x8x8xi64>
  func.return %seg : tensor<1x8x8xi64>
}}
"""


def test_memory_report_of_a_quant_resize_argmax():
    module = parse_mlir(HEAD, "head")
    FuseResizeArgmaxPass().apply(make_context(), module)
    # 19x8x8 int8 resize + 8x8 i64 map - 8x8 i16 map = 1216 + 512 - 128 bytes.
    assert memory_report(module) == [
        f"quant.resize_argmax %seg: resize 1x19x8x8x{R} (1.2 KiB) not materialised, "
        "class map 1x8x8xi16 (128 B); 1600 bytes saved"
    ]


def test_quantizer_types_of_decomposed_ops(tmp_path):
    """Through `xopt quantize`'s flow (a conv without bias, whose bias correction adds
    one): insert_zeros -> pad -> crop keep one type, the phases of a dilated conv take their
    interleave's type, and a linear resize_argmax becomes quant.resize_argmax into its
    input's type."""
    import numpy as np

    from xopt.quantize.annotate import ActivationOptions
    from xopt.quantize.calibration import collect
    from xopt.quantize.driver import (
        QuantizeOptions,
        apply_passes,
        precisions_of,
        quantize_prepared,
    )
    from xopt.quantize.precision import PrecisionConfig

    text = """
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x14x14xi16> {
  %w = graph.constant {value = dense<0.25> : tensor<3x2x3x3xf32>} : tensor<3x2x3x3xf32>
  %c = graph.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>,
    dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>)
    -> tensor<1x3x4x4xf32>
  %z = graph.insert_zeros %c {strides = array<i64: 2, 2>}
    : (tensor<1x3x4x4xf32>) -> tensor<1x3x7x7xf32>
  %p = graph.pad %z {pads = array<i64: 0, 0, 1, 1, 0, 0, 0, 0>, mode = "constant",
    value = 0.0 : f32}
    : (tensor<1x3x7x7xf32>) -> tensor<1x3x8x8xf32>
  %o = graph.crop %p {crops = array<i64: 0, 0, 1, 1, 0, 0, 0, 0>}
    : (tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32>
  %s = graph.resize_argmax %o {mode = "linear", coordinate_transformation_mode = "half_pixel",
    nearest_mode = "round_prefer_floor", scales = array<f64: 1.0, 1.0, 2.0, 2.0>}
    : (tensor<1x3x7x7xf32>) -> tensor<1x14x14xi16>
  func.return %s : tensor<1x14x14xi16>
}
"""
    module = parse_mlir(text, "model")
    apply_passes(module, "decompose-dilated-conv{rule=phases}")
    rng = np.random.default_rng(0)
    stats = collect(module, [[rng.normal(0, 1, (1, 2, 4, 4)).astype(np.float32)] for _ in range(4)])
    options = QuantizeOptions(activations=ActivationOptions(range_method="minmax"))
    quantized = quantize_prepared(module, stats, precisions_of(module, PrecisionConfig()), options)
    ops = {op.name: op for op in quantized.walk()}
    assert "graph.resize_argmax" not in ops and not any(
        isinstance(op, graph.InterleaveOp | graph.PadOp) for op in quantized.walk()
    )
    interleave, fused = ops["quant.interleave"], ops["quant.resize_argmax"]
    phase_types = {v.type.get_element_type() for v in interleave.inputs}
    assert phase_types == {interleave.output.type.get_element_type()}
    moved = [ops[n] for n in ("quant.insert_zeros", "quant.pad", "quant.crop")]
    elements = {v.type.get_element_type() for op in moved for v in (op.input, op.output)}
    assert elements == {interleave.output.type.get_element_type()}
    assert fused.resized == fused.input.type.get_element_type()
    assert isinstance(fused, quant.ResizeArgmaxOp)
