#!/usr/bin/env bash
# The README's main job on the example classifiers: import ONNX into graph IR, optimise it
# with xopt-opt, run the IR on the reference executor, and check every intermediate tensor
# against onnxruntime; then quantize the trained digits CNN to int8 and W4A8 (with FP32
# fallback), run the integer IR on the held-out split, and export it as QDQ ONNX; finally
# compile the int8 model to NEON C, run it under qemu-aarch64 (bit-exact check) and count
# its instructions.
# Outputs go to out/demo/.
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
digits=examples/digits
echo "== 5. quantize the digits CNN to int8 (calibration, ranges, per-channel weights)"
xopt quantize "$digits/model.onnx" --calib "$digits/calib.npz" -o "$out/digits.int8.mlir"
grep -E 'quant\.conv2d' "$out/digits.int8.mlir" | head -1 | cut -c 1-200
echo "== 6. W4A8 with automatic FP32 fallback of at most 2 layers"
xopt quantize "$digits/model.onnx" --calib "$digits/calib.npz" --weight-bits 4 \
    --fallback auto --max-fallback-layers 2 -o "$out/digits.w4a8.mlir"
echo "== 7. accuracy on the 450 held-out digits: fp32, int8, W4A8+fallback (integer executor)"
xopt run "$digits/model.onnx" --inputs "$digits/test.npz" -o "$out/digits.fp32.npz"
xopt run "$out/digits.int8.mlir" --inputs "$digits/test.npz" -o "$out/digits.int8.npz"
xopt run "$out/digits.w4a8.mlir" --inputs "$digits/test.npz" -o "$out/digits.w4a8.npz"
for variant in fp32 int8 w4a8; do
    printf '   %s: ' "$variant"
    python "$digits/evaluate.py" "$out/digits.$variant.npz"
done
echo "== 8. export the int8 model as QDQ ONNX for onnxruntime"
xopt export-onnx "$out/digits.int8.mlir" -o "$out/digits.int8.qdq.onnx"
if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null; then
    echo "== 9. compile the int8 digits CNN to C with NEON intrinsics (aarch64, +dotprod)"
    xopt compile "$out/digits.int8.mlir" --target neon -o "$out/digits-neon"
    echo "== 10. run the build under qemu-aarch64 on the held-out digits: bit-exact?"
    xopt run "$out/digits-neon" --inputs "$digits/test.npz" -o "$out/digits.neon.npz"
    python - "$out/digits.neon.npz" "$out/digits.int8.npz" <<'PY'
import sys, numpy as np
c, ref = np.load(sys.argv[1]), np.load(sys.argv[2])
for k in ref.files:
    assert np.array_equal(c[k], ref[k]), f"{k}: the NEON build differs from the quant executor"
    print(f"   {k}: {c[k].shape[0]} samples, identical to the integer executor")
PY
    printf '   int8 NEON: '
    python "$digits/evaluate.py" "$out/digits.neon.npz"
    echo "== 11. executed instructions per inference (icount plugin), per layer"
    xopt bench "$out/digits-neon" | tail -4
else
    echo "== 9-11 skipped: no aarch64 cross compiler or qemu-aarch64 (scripts/setup_toolchains.sh)"
fi
echo "demo OK: outputs in $out/"
