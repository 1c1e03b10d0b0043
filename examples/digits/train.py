"""Train the `digits` example: a small CNN on scikit-learn's 8x8 handwritten digits.

Dev-time only. It needs torch and scikit-learn, which are NOT xopt dependencies:

    pip install torch==2.13.0 scikit-learn
    python examples/digits/train.py            # writes model.onnx, calib.npz, test.npz

Data: `sklearn.datasets.load_digits` (1797 grey-scale 8x8 images, values 0..16, shipped
inside the scikit-learn package, no download). Each image is scaled to [0, 1] and upsampled
to 16x16 with bilinear interpolation (torch `interpolate`, align_corners=False) *before*
training, so the model's input is a plain 1x1x16x16 float tensor.

Split (deterministic, stratified by class, seed 0): ~60% train, ~15% calibration (same
distribution as train, never trained on; used for post-training quantization), ~25% held-out
test. The calibration and test sets are written in xopt's npz convention: a batch of
samples stacked on a new leading axis, each sample having the model's input shape, so
`calib.npz["input"]` has shape (N, 1, 1, 16, 16). The test labels go to a separate
`test_labels.npz` (key `labels`, int64) because `xopt run` rejects npz keys that are not
model inputs.

Model (BatchNorm kept as separate ops in the exported graph):
    Conv(1->16, 3x3, pad 1) + BN + ReLU               16x16
    Conv(16->32, 3x3, stride 2, pad 1) + BN + ReLU    8x8
    depthwise Conv(32, 3x3, pad 1, groups 32) + BN + ReLU6
    pointwise Conv(32->32, 1x1) + BN + ReLU
    GlobalAveragePool, Flatten, Linear(32->10)       -> logits

Exported with the legacy TorchScript exporter (opset 17, static shape, input `input`,
output `logits`, eval-mode BatchNorm, no constant folding). Training is seeded and runs
single-threaded with deterministic algorithms, so re-running reproduces the same weights
(on the same torch build).
"""

from __future__ import annotations

import argparse
import os

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import helper, numpy_helper
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0
SIZE = 16
OPSET = 17


def load_data() -> tuple[np.ndarray, np.ndarray]:
    """All 1797 digits as (N, 1, 16, 16) float32 in [0, 1] and int64 labels."""
    digits = load_digits()
    x = torch.from_numpy(digits.images.astype(np.float32) / 16.0).unsqueeze(1)  # N,1,8,8
    x = F.interpolate(x, size=(SIZE, SIZE), mode="bilinear", align_corners=False)
    x = x.clamp(0.0, 1.0)  # bilinear interpolation of [0,1] values stays in [0,1]; be exact
    return x.numpy().astype(np.float32), digits.target.astype(np.int64)


def split(x: np.ndarray, y: np.ndarray):
    """Stratified 60 / 15 / 25 split: (train, calib, test), each as (x, y)."""
    idx = np.arange(len(y))
    rest, test = train_test_split(idx, test_size=0.25, stratify=y, random_state=SEED)
    train, calib = train_test_split(
        rest, test_size=0.20, stratify=y[rest], random_state=SEED
    )  # 0.20 of 75% = 15% of all
    return [(x[np.sort(i)], y[np.sort(i)]) for i in (train, calib, test)]


class DigitsCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(32)
        self.dw = nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False)
        self.bn3 = nn.BatchNorm2d(32)
        self.pw = nn.Conv2d(32, 32, 1, bias=False)
        self.bn4 = nn.BatchNorm2d(32)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = F.relu6(self.bn3(self.dw(x)))
        x = F.relu(self.bn4(self.pw(x)))
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


def augment(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Random shifts of up to 1 pixel (zero fill), drawn from `gen`."""
    n = x.shape[0]
    padded = F.pad(x, (1, 1, 1, 1))
    dy = torch.randint(0, 3, (n,), generator=gen)
    dx = torch.randint(0, 3, (n,), generator=gen)
    out = torch.empty_like(x)
    for i in range(n):
        out[i] = padded[i, :, dy[i] : dy[i] + SIZE, dx[i] : dx[i] + SIZE]
    return out


def accuracy(model: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    model.eval()
    with torch.no_grad():
        pred = model(torch.from_numpy(x)).argmax(1).numpy()
    return float((pred == y).mean())


def train(model, xtr, ytr, epochs: int, log) -> None:
    gen = torch.Generator().manual_seed(SEED)
    xt, yt = torch.from_numpy(xtr), torch.from_numpy(ytr)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    steps_per_epoch = (len(yt) + 31) // 32
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=3e-3, total_steps=epochs * steps_per_epoch
    )
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(yt), generator=gen)
        total = 0.0
        for s in range(steps_per_epoch):
            b = perm[s * 32 : (s + 1) * 32]
            xb = augment(xt[b], gen)
            loss = F.cross_entropy(model(xb), yt[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(b)
        if (epoch + 1) % 10 == 0 or epoch == 0:
            log(
                f"epoch {epoch + 1:3d}  loss {total / len(yt):.4f}  "
                f"train acc {accuracy(model, xtr, ytr):.4f}"
            )


def export(model: nn.Module, path: str) -> None:
    model.eval()
    torch.onnx.export(
        model,
        (torch.zeros(1, 1, SIZE, SIZE),),
        path,
        input_names=["input"],
        output_names=["logits"],
        opset_version=OPSET,
        do_constant_folding=False,
        training=torch.onnx.TrainingMode.PRESERVE,  # eval-mode BN, not fused into Conv
        dynamo=False,
    )
    tidy(path)


def tidy(path: str) -> None:
    """Turn the exporter's Constant -> Cast chains (ReLU6's Clip bounds) into initializers.

    With constant folding off, the exporter writes Clip's min/max as Constant nodes followed
    by Cast to float; a plain float initializer is what every consumer expects.
    """
    m = onnx.load(path)
    g = m.graph
    consts = {n.output[0]: n for n in g.node if n.op_type == "Constant"}
    folded, drop = {}, set()
    for n in g.node:
        if n.op_type == "Cast" and n.input[0] in consts:
            const = consts[n.input[0]]
            to = next(a.i for a in n.attribute if a.name == "to")
            value = numpy_helper.to_array(const.attribute[0].t)
            dtype = helper.tensor_dtype_to_np_dtype(to)
            folded[n.output[0]] = value.astype(dtype)
            drop.update({n.output[0], const.output[0]})
    renames = {}
    for n in g.node:
        if n.op_type == "Clip":
            for i, suffix in ((1, "min"), (2, "max")):
                if len(n.input) > i and n.input[i] in folded:
                    renames[n.input[i]] = f"{n.name.strip('/').replace('/', '.')}.{suffix}"
    keep = [
        onnx.NodeProto.FromString(n.SerializeToString()) for n in g.node if n.output[0] not in drop
    ]
    del g.node[:]
    g.node.extend(keep)
    for old, value in folded.items():
        new = renames.get(old, old)
        g.initializer.append(numpy_helper.from_array(value, new))
        for n in g.node:
            for i, name in enumerate(n.input):
                if name == old:
                    n.input[i] = new
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, path)


def onnxruntime_accuracy(out_dir: str, x: np.ndarray, y: np.ndarray) -> float:
    """Accuracy of the exported model.onnx in onnxruntime, one sample at a time."""
    import onnxruntime

    sess = onnxruntime.InferenceSession(
        os.path.join(out_dir, "model.onnx"), providers=["CPUExecutionProvider"]
    )
    pred = [int(sess.run(None, {"input": xi[None]})[0].argmax()) for xi in x]
    return float((np.array(pred) == y).mean())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--out-dir", default=HERE)
    args = ap.parse_args()

    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    x, y = load_data()
    (xtr, ytr), (xca, yca), (xte, yte) = split(x, y)
    print(f"split: train {len(ytr)}, calib {len(yca)}, test {len(yte)}")

    model = DigitsCNN()
    train(model, xtr, ytr, args.epochs, print)
    print(
        f"torch FP32 accuracy: calib {accuracy(model, xca, yca):.4f}  "
        f"test {accuracy(model, xte, yte):.4f}"
    )

    os.makedirs(args.out_dir, exist_ok=True)
    export(model, os.path.join(args.out_dir, "model.onnx"))
    # xopt's npz convention: batch axis in front of the model's 1x1x16x16 input shape.
    np.savez_compressed(os.path.join(args.out_dir, "calib.npz"), input=xca[:, None])
    np.savez_compressed(os.path.join(args.out_dir, "test.npz"), input=xte[:, None])
    np.savez_compressed(os.path.join(args.out_dir, "test_labels.npz"), labels=yte)
    print(f"onnxruntime FP32 test accuracy: {onnxruntime_accuracy(args.out_dir, xte, yte):.4f}")
    print(f"wrote model.onnx, calib.npz, test.npz, test_labels.npz to {args.out_dir}")


if __name__ == "__main__":
    main()
