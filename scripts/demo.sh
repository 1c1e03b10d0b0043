#!/usr/bin/env bash
# The README's main job on the example classifier: import ONNX into graph IR, optimise it
# with xopt-opt, run the IR on the reference executor, and check every intermediate tensor
# against onnxruntime. Outputs go to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
model=examples/tiny_cnn/model.onnx
inputs=examples/tiny_cnn/inputs.npz
out=out/demo
mkdir -p "$out"

echo "== 1. import $model -> $out/model.mlir"
xopt import "$model" -o "$out/model.mlir"
grep -E 'graph\.(conv2d|batch_norm|relu|clip)' "$out/model.mlir" | head -4 | cut -c 1-150

echo "== 2. fold batch norms and fuse activations"
xopt-opt "$out/model.mlir" --pass-pipeline='builtin.module(fold-batchnorm,fuse-activation,canonicalize)' -o "$out/model.opt.mlir"
grep -E 'graph\.conv2d' "$out/model.opt.mlir" | head -2 | cut -c 1-200

echo "== 3. run the optimised IR on a batch of 2 samples (reference executor)"
xopt run "$out/model.opt.mlir" --inputs "$inputs" -o "$out/outputs.npz"
python - "$out/outputs.npz" examples/tiny_cnn/outputs.npz <<'PY'
import sys, numpy as np
ours, ref = np.load(sys.argv[1]), np.load(sys.argv[2])
for k in ref.files:
    err = np.abs(ours[k] - ref[k]).max()
    print(f"   {k}: shape {ours[k].shape}, max |xopt - onnxruntime| = {err:.2e}")
    assert np.allclose(ours[k], ref[k], rtol=1e-4, atol=1e-5), "mismatch against onnxruntime"
PY

echo "== 4. compare every intermediate tensor with onnxruntime"
xopt run "$model" --inputs "$inputs" --compare-onnxruntime | tail -4
echo "demo OK: outputs in $out/"
