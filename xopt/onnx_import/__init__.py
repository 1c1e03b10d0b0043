"""ONNX -> graph dialect importer."""
