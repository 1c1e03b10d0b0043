"""Export of a module's `@main` (graph ops, quant ops, or both) as an ONNX model in QDQ format.

`exporter` walks `@main` and owns the naming, the opset choice and how quantized tensors are
stored; `graph_ops` turns each graph op into ONNX node(s), `quant_ops` each quant op into
DequantizeLinear of its inputs, the float ONNX operator and QuantizeLinear to its result type.
"""

from xopt.onnx_export.exporter import ExportResult, export_module, save_onnx

__all__ = ["ExportResult", "export_module", "save_onnx"]
