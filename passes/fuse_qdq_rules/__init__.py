"""The rules of the `fuse-qdq` pass (`passes/fuse_qdq.py`), by op family."""
