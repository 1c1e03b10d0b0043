"""Train the `seg_net` example: a small segmentation network exported from PyTorch.

Dev-time only. It needs torch, which is NOT an xopt dependency:

    pip install torch==2.13.0
    python examples/seg_net/make_model.py  # model.onnx, calib.npz, test.npz, test_labels.npz

Task: synthetic but natural-looking 21-class semantic segmentation of 64x64 RGB images.
Class 0 is the background, a "dead leaves" picture of occluding low-saturation disks with
1/f texture. Classes 1..20 are objects: one of 5 shapes (disk, square, triangle, ring,
cross; random size and rotation) times one of 4 colour families (red, yellow, green, blue;
random hue, saturation and brightness within the family), with shading and texture. Each
image holds 1 to 4 objects drawn back to front, so they occlude each other; the label of a
pixel is the class of the front-most object covering its centre. Every image then gets a
random exposure, contrast and sensor noise, is quantised to 8 bits and normalised with
ImageNet's mean and std. The colour family is visible in every pixel; the shape needs
context (a ring's pixels look like a disk's; a square's like a cross's), which is what the
strided encoder and the dilated conv provide.

Model (`SegNet`), NCHW, 1x3x64x64 in, 1x64x64 class map (int64) out:
    enc1  Conv 3->16 3x3 s2 + BN + ReLU                       16x32x32
    enc2  Conv 16->32 3x3 s2 + BN + ReLU                      32x16x16
    enc3  Conv 32->64 3x3 s2 + BN + ReLU                      64x8x8
    ctx   Conv 64->64 3x3 dilation 2 + BN + ReLU              64x8x8
    up1   ConvTranspose 64->32 4x4 s2 p1 + BN + ReLU, + enc2  32x16x16 (Add skip)
    up2   ConvTranspose 32->16 2x2 s2 + BN + ReLU, ++ enc1    32x32x32 (Concat skip)
    head  Conv 32->32 3x3 + BN + ReLU, Conv 32->21 1x1        21x32x32 (logits at 1/2)
    interpolate x2 (bilinear, align_corners=False)            21x64x64
    argmax over the 21 classes                                64x64

Trained with cross-entropy on the upsampled logits; the exported graph ends in ArgMax.
Seeded and deterministic (torch.use_deterministic_algorithms, fixed thread count).
Exported with the legacy TorchScript exporter (opset 17, eval mode, constant folding on):
the exporter folds every BatchNormalization that follows a Conv into the Conv; the ones
after the ConvTranspose layers it leaves, so this script folds those into the
ConvTranspose weights itself (`fold_bn_into_transpose`) before exporting. The graph holds
only Conv, ConvTranspose, Relu, Add, Concat, Resize and ArgMax.
"""

from __future__ import annotations

import argparse
import colorsys
import os
import sys
import tempfile
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper, shape_inference

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0
SIZE = 64
CLASSES = 21
OPSET = 17
THREADS = 2
INPUT = "input"
OUTPUT = "classes"

SHAPES = ("disk", "square", "triangle", "ring", "cross")
FAMILIES = {"red": 0.0, "yellow": 55.0, "green": 120.0, "blue": 225.0}  # hue centres, degrees
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406])
IMAGENET_STD = np.array([0.229, 0.224, 0.225])


def class_name(index: int) -> str:
    if index == 0:
        return "background"
    shape, family = divmod(index - 1, len(FAMILIES))
    return f"{list(FAMILIES)[family]} {SHAPES[shape]}"


# ---------------------------------------------------------------------------- images
def _power_law_field(rng: np.random.Generator, channels: int, exponent: float) -> np.ndarray:
    """Gaussian random fields with amplitude spectrum 1/f^exponent, unit std per channel."""
    fy = np.fft.fftfreq(SIZE)[:, None]
    fx = np.fft.rfftfreq(SIZE)[None, :]
    f = np.sqrt(fx**2 + fy**2)
    f[0, 0] = 1.0
    spectrum = np.fft.rfft2(rng.standard_normal((channels, SIZE, SIZE))) / f**exponent
    spectrum[:, 0, 0] = 0.0
    field = np.fft.irfft2(spectrum, s=(SIZE, SIZE))
    return field / field.std(axis=(1, 2), keepdims=True)


def _hsv(h: float, s: float, v: float) -> np.ndarray:
    return np.array(colorsys.hsv_to_rgb(h % 1.0, s, v))


def _background(rng: np.random.Generator, disks: int = 120) -> np.ndarray:
    """Dead leaves of low-saturation colours (radii ~ r^-3 in [1.5, 24] px) + 1/f texture."""
    image = np.empty((3, SIZE, SIZE))
    image[:] = _hsv(rng.uniform(), rng.uniform(0, 0.25), rng.uniform(0.2, 0.9))[:, None, None]
    r_min, r_max = 1.5, 24.0
    radii = (r_min**-2 - rng.uniform(0, 1, disks) * (r_min**-2 - r_max**-2)) ** -0.5
    for r in radii:
        cy, cx = rng.uniform(-r / 2, SIZE + r / 2, 2)
        colour = _hsv(rng.uniform(), rng.uniform(0, 0.25), rng.uniform(0.2, 0.9))
        y0, y1 = max(0, int(cy - r)), min(SIZE, int(cy + r) + 1)
        x0, x1 = max(0, int(cx - r)), min(SIZE, int(cx + r) + 1)
        yy, xx = np.mgrid[y0:y1, x0:x1] + 0.5
        mask = (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
        image[:, y0:y1, x0:x1][:, mask] = colour[:, None]
    return image + _power_law_field(rng, 1, 1.3) * 0.05


# 2x2 sub-pixel offsets: coverage for anti-aliased edges; the label uses the pixel centre
_SUB = np.array([(-0.25, -0.25), (-0.25, 0.25), (0.25, -0.25), (0.25, 0.25)])


def _inside(shape: str, u: np.ndarray, v: np.ndarray, r: float) -> np.ndarray:
    """Membership of the rotated, centred coordinates (u, v) in a shape of radius r."""
    if shape == "disk":
        return u * u + v * v <= r * r
    if shape == "square":
        return np.maximum(np.abs(u), np.abs(v)) <= 0.8 * r
    if shape == "triangle":  # equilateral, circumradius r: inradius r / 2
        inside = np.ones(u.shape, bool)
        for k in range(3):
            a = np.pi / 2 + 2 * np.pi * k / 3
            inside &= u * np.cos(a) + v * np.sin(a) <= r / 2
        return inside
    if shape == "ring":
        d2 = u * u + v * v
        return (d2 <= r * r) & (d2 >= (0.55 * r) ** 2)
    # cross: two bars of half-width 0.3 r
    au, av = np.abs(u), np.abs(v)
    return ((au <= 0.3 * r) & (av <= r)) | ((av <= 0.3 * r) & (au <= r))


def _draw_object(rng, image: np.ndarray, label: np.ndarray) -> None:
    shape_index = int(rng.integers(len(SHAPES)))
    family_index = int(rng.integers(len(FAMILIES)))
    shape = SHAPES[shape_index]
    r = rng.uniform(9.0, 17.0) * (1.15 if shape == "triangle" else 1.0)
    cy, cx = rng.uniform(r / 2, SIZE - r / 2, 2)
    theta = rng.uniform(0, 2 * np.pi)
    c, s = np.cos(theta), np.sin(theta)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5

    def membership(dy: float, dx: float) -> np.ndarray:
        y, x = yy + dy - cy, xx + dx - cx
        return _inside(shape, c * x + s * y, -s * x + c * y, r)

    coverage = np.mean([membership(dy, dx) for dy, dx in _SUB], axis=0)
    hue = (list(FAMILIES.values())[family_index] + rng.uniform(-12, 12)) / 360
    colour = _hsv(hue, rng.uniform(0.55, 1.0), rng.uniform(0.45, 1.0))
    # shading: a linear light gradient across the object, and a fine texture
    g = rng.normal(0, 0.012, 2)
    shade = 1 + g[0] * (yy - cy) + g[1] * (xx - cx)
    texture = 1 + 0.08 * _power_law_field(rng, 1, 0.8)[0]
    fill = colour[:, None, None] * (shade * texture)[None]
    image[:] = image * (1 - coverage) + fill * coverage
    label[membership(0.0, 0.0)] = 1 + shape_index * len(FAMILIES) + family_index


def make_images(seed: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` normalised images (count, 3, SIZE, SIZE) float32 and labels (count, SIZE,
    SIZE) int64."""
    rng = np.random.default_rng(seed)
    images = np.empty((count, 3, SIZE, SIZE), np.float32)
    labels = np.zeros((count, SIZE, SIZE), np.int64)
    for i in range(count):
        pixels = _background(rng)
        for _ in range(int(rng.integers(2, 6))):
            _draw_object(rng, pixels, labels[i])
        contrast = rng.uniform(0.7, 1.0)
        pixels = 0.5 + contrast * (pixels - 0.5) + rng.normal(0, 0.05)
        pixels = pixels + rng.normal(0, 0.02, pixels.shape)  # sensor noise
        pixels = np.round(np.clip(pixels, 0, 1) * 255) / 255
        images[i] = (pixels - IMAGENET_MEAN[:, None, None]) / IMAGENET_STD[:, None, None]
    return images, labels


# ---------------------------------------------------------------------------- network
def conv_bn_relu(cin: int, cout: int, stride: int = 1, dilation: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride, padding=dilation, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(),
    )


def up_bn_relu(cin: int, cout: int, kernel: int, padding: int) -> nn.Sequential:
    return nn.Sequential(
        nn.ConvTranspose2d(cin, cout, kernel, stride=2, padding=padding, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(),
    )


class SegNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = conv_bn_relu(3, 16, stride=2)
        self.enc2 = conv_bn_relu(16, 32, stride=2)
        self.enc3 = conv_bn_relu(32, 64, stride=2)
        self.ctx = conv_bn_relu(64, 64, dilation=2)
        self.up1 = up_bn_relu(64, 32, kernel=4, padding=1)
        self.up2 = up_bn_relu(32, 16, kernel=2, padding=0)
        self.head = conv_bn_relu(32, 32)
        self.classifier = nn.Conv2d(32, CLASSES, 1)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """Class scores at full resolution (what training sees)."""
        e1 = self.enc1(x)
        e2 = self.enc2(e1)
        y = self.ctx(self.enc3(e2))
        y = self.up1(y) + e2
        y = torch.cat([self.up2(y), e1], dim=1)
        y = self.classifier(self.head(y))
        return F.interpolate(y, scale_factor=2, mode="bilinear", align_corners=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.argmax(self.logits(x), dim=1)


# ---------------------------------------------------------------------------- training
def augment(x: torch.Tensor, y: torch.Tensor, gen: torch.Generator):
    """Random horizontal and vertical flips (the label maps flip with the images)."""
    flip_w = torch.rand(len(x), generator=gen) < 0.5
    flip_h = torch.rand(len(x), generator=gen) < 0.5
    x, y = x.clone(), y.clone()
    x[flip_w], y[flip_w] = x[flip_w].flip(-1), y[flip_w].flip(-1)
    x[flip_h], y[flip_h] = x[flip_h].flip(-2), y[flip_h].flip(-2)
    return x, y


def train(model: SegNet, x: np.ndarray, y: np.ndarray, epochs: int, batch: int) -> None:
    gen = torch.Generator().manual_seed(SEED)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    steps = (len(xt) + batch - 1) // batch
    opt = torch.optim.AdamW(model.parameters(), lr=4e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=4e-3, total_steps=epochs * steps)
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(xt), generator=gen)
        total = 0.0
        for s in range(steps):
            b = perm[s * batch : (s + 1) * batch]
            xb, yb = augment(xt[b], yt[b], gen)
            loss = F.cross_entropy(model.logits(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(b)
        print(
            f"epoch {epoch + 1:2d}  loss {total / len(xt):.4f}  "
            f"({time.perf_counter() - start:.0f} s)",
            flush=True,
        )


def predict(model: SegNet, x: np.ndarray) -> np.ndarray:
    model.eval()
    with torch.no_grad():
        return torch.cat([model(b) for b in torch.from_numpy(x).split(64)]).numpy()


def scores(pred: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Pixel accuracy and mean IoU over the classes present in `labels` or `pred`."""
    ious = []
    for k in range(CLASSES):
        union = np.sum((pred == k) | (labels == k))
        if union:
            ious.append(np.sum((pred == k) & (labels == k)) / union)
    return float((pred == labels).mean()), float(np.mean(ious))


# ---------------------------------------------------------------------------- export
def fold_bn_into_transpose(model: SegNet) -> None:
    """Fold each BatchNorm that follows a ConvTranspose into it (eval-mode statistics):
    w'[:, o] = w[:, o] * gamma[o] / sqrt(var[o] + eps), bias' = beta - mean * that scale.
    The legacy exporter folds Conv + BN itself but not ConvTranspose + BN."""
    for block in (model.up1, model.up2):
        up, bn = block[0], block[1]
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        with torch.no_grad():
            up.weight.mul_(scale[None, :, None, None])
            up.bias = nn.Parameter(bn.bias - bn.running_mean * scale)
        block[1] = nn.Identity()


def export(model: SegNet, path: str) -> None:
    model.eval()
    fold_bn_into_transpose(model)
    torch.onnx.export(
        model,
        (torch.zeros(1, 3, SIZE, SIZE),),
        path,
        input_names=[INPUT],
        output_names=[OUTPUT],
        opset_version=OPSET,
        do_constant_folding=True,
        training=torch.onnx.TrainingMode.EVAL,
        dynamo=False,
    )
    tidy(path)


def tidy(path: str) -> None:
    """Name the initializers after their layers and make Resize's scales one.

    With BN folded, the exporter names each Conv's new weight and bias `onnx::Conv_<n>`;
    they become `<layer>.weight` / `<layer>.bias` after the node (`/enc1/enc1.0/Conv` ->
    `enc1.0`). Resize's scales come as a Constant node; a plain initializer (`resize.scales`)
    is what every consumer expects.
    """
    m = onnx.load(path)
    g = m.graph
    renames = {}
    for n in g.node:
        if n.op_type in ("Conv", "ConvTranspose"):
            layer = n.name.strip("/").split("/")[-2]
            for i, suffix in ((1, "weight"), (2, "bias")):
                if len(n.input) > i:
                    renames[n.input[i]] = f"{layer}.{suffix}"
    for n in [n for n in g.node if n.op_type == "Constant"]:
        value = numpy_helper.to_array(n.attribute[0].t)
        g.initializer.append(numpy_helper.from_array(value, "resize.scales"))
        renames[n.output[0]] = "resize.scales"
        g.node.remove(n)
    for t in g.initializer:
        t.name = renames.get(t.name, t.name)
    for n in g.node:
        n.input[:] = [renames.get(name, name) for name in n.input]
    m.producer_name = "xopt examples/seg_net/make_model.py"
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, path)


def onnxruntime_predict(path: str, x: np.ndarray) -> np.ndarray:
    import onnxruntime

    sess = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    return np.stack([sess.run(None, {INPUT: xi[None]})[0][0] for xi in x])


def tensor_sizes(path: str) -> None:
    """Print the largest activations and the peak of live activation bytes when the nodes
    run in graph order (a tensor lives from its producer to its last consumer)."""
    g = shape_inference.infer_shapes(onnx.load(path)).graph
    itemsize = {onnx.TensorProto.FLOAT: 4, onnx.TensorProto.INT64: 8}
    sizes = {}
    for v in [*g.input, *g.value_info, *g.output]:
        t = v.type.tensor_type
        sizes[v.name] = int(np.prod([d.dim_value for d in t.shape.dim])) * itemsize[t.elem_type]
    last_use = {name: i for i, n in enumerate(g.node) for name in n.input}
    live, peak, where = {INPUT: sizes[INPUT]}, sizes[INPUT], INPUT
    for i, n in enumerate(g.node):
        live.update({out: sizes[out] for out in n.output})
        if sum(live.values()) > peak:
            peak, where = sum(live.values()), n.name
        live = {t: b for t, b in live.items() if last_use.get(t, len(g.node)) > i}
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    print("largest activations: " + ", ".join(f"{name} {b:,} B" for name, b in largest))
    print(f"peak live activations: {peak:,} B (at {where})")


def check_xopt(out_dir: str, labels: np.ndarray) -> None:
    """xopt's graph executor gives onnxruntime's class map, pixel for pixel."""
    sys.path.insert(0, os.path.join(HERE, "..", ".."))
    from xopt.cli import main as xopt

    model = os.path.join(out_dir, "model.onnx")
    inputs = os.path.join(out_dir, "test.npz")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.npz")
        start = time.perf_counter()
        assert xopt(["run", model, "--inputs", inputs, "-o", out]) == 0
        seconds = time.perf_counter() - start
        with np.load(out) as ours, np.load(inputs) as test:
            pred = ours[OUTPUT]
            reference = onnxruntime_predict(model, test[INPUT][:, 0])
    differ = int(np.sum(pred[:, 0] != reference))
    acc, miou = scores(pred[:, 0], labels)
    print(
        f"xopt run on {len(pred)} test images: {seconds:.2f} s; class map differs from "
        f"onnxruntime's at {differ} pixels; pixel accuracy {acc:.4f}  mIoU {miou:.4f}"
    )
    assert differ == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=16)
    ap.add_argument("--train-images", type=int, default=3072)
    ap.add_argument("--out-dir", default=HERE)
    args = ap.parse_args()

    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)

    start = time.perf_counter()
    xtr, ytr = make_images(seed=1, count=args.train_images)
    xval, yval = make_images(seed=2, count=512)
    xca, _ = make_images(seed=3, count=64)
    xte, yte = make_images(seed=4, count=32)
    print(f"images generated in {time.perf_counter() - start:.1f} s")

    model = SegNet()
    print(f"parameters: {sum(p.numel() for p in model.parameters()):,}")
    start = time.perf_counter()
    train(model, xtr, ytr, args.epochs, batch=32)
    print(f"trained in {time.perf_counter() - start:.1f} s")
    for name, (x, y) in {
        "train": (xtr[:512], ytr[:512]),
        "val": (xval, yval),
        "test": (xte, yte),
    }.items():
        acc, miou = scores(predict(model, x), y)
        print(f"torch {name:5s}: pixel accuracy {acc:.4f}  mIoU {miou:.4f}")

    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "model.onnx")
    export(model, path)
    np.savez_compressed(os.path.join(args.out_dir, "calib.npz"), **{INPUT: xca[:, None]})
    np.savez_compressed(os.path.join(args.out_dir, "test.npz"), **{INPUT: xte[:, None]})
    np.savez_compressed(os.path.join(args.out_dir, "test_labels.npz"), labels=yte[:, None])
    ops = sorted({n.op_type for n in onnx.load(path).graph.node})
    print(f"exported: {', '.join(ops)}")
    acc, miou = scores(onnxruntime_predict(path, xte), yte)
    print(f"onnxruntime test: pixel accuracy {acc:.4f}  mIoU {miou:.4f}")
    tensor_sizes(path)
    check_xopt(args.out_dir, yte)
    return 0


if __name__ == "__main__":
    sys.exit(main())
