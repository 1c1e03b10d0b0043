"""xopt: a multi-level compiler for edge AI on xDSL (ONNX -> graph -> quant -> tile -> ISA)."""

__version__ = "0.1.0"
