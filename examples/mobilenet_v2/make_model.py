"""Generate the MobileNetV2-0.35 example: model.onnx, calib.npz and test.npz.

A torchvision-style MobileNetV2 (width multiplier 0.35, 96x96 RGB input, 100 classes) built
with onnx.helper from seeded Kaiming-normal weights (the depthwise kernels with a positive
mean, see DEPTHWISE_MEAN), no torch needed. Random weights alone make a
network whose activations explode or vanish layer by layer; a trained network's batch norms
keep them well scaled. So each batch norm's running mean and variance are set, in network
order, to the per-channel mean and variance of its actual input on the calibration images
(onnxruntime runs the graph built so far), with gamma ~ U(0.5, 1.5) and beta ~ N(0, 0.25):
the batch norm then standardises its input exactly as a trained one does on its data.
The classifier's bias likewise centres each logit over the calibration images.

The images are synthetic but natural-looking: a "dead leaves" picture (occluding disks of
random colours and power-law radii, which has the 1/f spectrum and the sharp edges of real
photographs) plus smooth 1/f texture, as RGB pixels in [0, 1], then normalised with the
ImageNet mean and std. Run once (the outputs are committed):
    python examples/mobilenet_v2/make_model.py
Other widths, input sizes and class counts (e.g. examples/mobilenet_v2_050):
    python examples/mobilenet_v2/make_model.py --width 0.5 --size 96 --classes 1000 \
        --calib-count 16 --test-count 8 --out-dir examples/mobilenet_v2_050
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17
WIDTH = 0.35
SIZE = 96
CLASSES = 100
INPUT = "input"
OUTPUT = "logits"
# (expand ratio t, output channels c, repeats n, first stride s), torchvision's table
SETTINGS = [
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
]
DEPTHWISE_MEAN = 1.0
"""Mean of the depthwise kernels' weights, in units of their Kaiming std. Zero-mean random
3x3 kernels are high-pass filters whose gain on smooth image content varies wildly between
channels; after the batch norms rescale every channel to unit variance, each depthwise
layer multiplies small perturbations by ~1.3 relative to the signal, ~90x over the 17 of
them, so that even per-channel int8 weights leave ~7 dB SQNR at the logits. A positive mean
makes the kernels low-pass, as many trained depthwise kernels are; the network then
amplifies input perturbations ~5x. 0 gives plain Kaiming-normal kernels."""
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406])
IMAGENET_STD = np.array([0.229, 0.224, 0.225])


def make_divisible(v: float, divisor: int = 8) -> int:
    """torchvision's `_make_divisible`: round to a multiple of 8, never below 90% of v."""
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


# ---------------------------------------------------------------------------- images


def _power_law_field(
    rng: np.random.Generator, channels: int, exponent: float, size: int = SIZE
) -> np.ndarray:
    """Gaussian random fields with amplitude spectrum 1/f^exponent, unit std per channel."""
    fy = np.fft.fftfreq(size)[:, None]
    fx = np.fft.rfftfreq(size)[None, :]
    f = np.sqrt(fx**2 + fy**2)
    f[0, 0] = 1.0
    spectrum = np.fft.rfft2(rng.standard_normal((channels, size, size))) / f**exponent
    spectrum[:, 0, 0] = 0.0
    field = np.fft.irfft2(spectrum, s=(size, size))
    return field / field.std(axis=(1, 2), keepdims=True)


def _colour(rng: np.random.Generator) -> np.ndarray:
    """An RGB colour whose channels are correlated, as in photographs."""
    return np.clip(rng.uniform(0, 1) + rng.normal(0, 0.15, 3), 0, 1)


def _dead_leaves(rng: np.random.Generator, disks: int = 600, size: int = SIZE) -> np.ndarray:
    """RGB dead-leaves image: disks with radii ~ r^-3 in [1.5, 40] px drawn back to front."""
    image = np.empty((3, size, size))
    image[:] = _colour(rng)[:, None, None]
    r_min, r_max = 1.5, 40.0
    u = rng.uniform(0, 1, disks)
    radii = (r_min**-2 - u * (r_min**-2 - r_max**-2)) ** -0.5  # density ~ r^-3
    for r in radii:
        cy, cx = rng.uniform(-r / 2, size + r / 2, 2)
        y0, y1 = max(0, int(cy - r)), min(size, int(cy + r) + 1)
        x0, x1 = max(0, int(cx - r)), min(size, int(cx + r) + 1)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        mask = (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
        image[:, y0:y1, x0:x1][:, mask] = _colour(rng)[:, None]
    return image


def make_images(seed: int, count: int, size: int = SIZE) -> np.ndarray:
    """`count` normalised images, shape (count, 1, 3, size, size), float32."""
    rng = np.random.default_rng(seed)
    images = []
    for _ in range(count):
        leaves = _dead_leaves(rng, size=size)
        texture = (
            _power_law_field(rng, 1, 1.2, size) * 0.08 + _power_law_field(rng, 3, 1.5, size) * 0.03
        )
        pixels = leaves + texture
        # random exposure and contrast around ImageNet's mean colour, 8-bit like a photo
        contrast = rng.uniform(0.5, 0.9)
        pixels = IMAGENET_MEAN[:, None, None] + contrast * (pixels - 0.5) + rng.normal(0, 0.08)
        pixels = np.round(np.clip(pixels, 0, 1) * 255) / 255
        normalised = (pixels - IMAGENET_MEAN[:, None, None]) / IMAGENET_STD[:, None, None]
        images.append(normalised[None])
    return np.stack(images).astype(np.float32)


# ---------------------------------------------------------------------------- network


class Builder:
    """Adds nodes and initializers; batch-norm statistics are measured on `calib` as the
    graph grows (onnxruntime runs the graph built so far, with a free batch axis)."""

    def __init__(self, calib: np.ndarray, seed: int = 0, classes: int = CLASSES):
        self.rng = np.random.default_rng(seed)
        self.calib = calib
        self.size = calib.shape[-1]
        self.classes = classes
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self.inits.append(numpy_helper.from_array(np.array(0.0, np.float32), "relu6.min"))
        self.inits.append(numpy_helper.from_array(np.array(6.0, np.float32), "relu6.max"))

    def add_init(self, name: str, array: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(np.asarray(array, np.float32), name))
        return name

    def node(self, op: str, inputs: list[str], name: str, **attrs) -> str:
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def run_partial(self, output: str) -> np.ndarray:
        """`output` on every calibration image, shape (N, C, H, W)."""
        x = helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, ["N", 3, self.size, self.size])
        y = helper.make_tensor_value_info(output, TensorProto.FLOAT, None)
        graph = helper.make_graph(self.nodes, "partial", [x], [y], self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 8
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # the shared Clip bounds are unused in early prefixes
        session = onnxruntime.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
        return session.run(None, {INPUT: self.calib[:, 0]})[0]

    def conv(self, x: str, name: str, cin: int, cout: int, k: int, stride: int, group: int):
        """Conv without bias, weights Kaiming-normal in torchvision's fan_out mode; depthwise
        kernels get a mean of DEPTHWISE_MEAN standard deviations."""
        fan_out = cout // group * k * k
        z = self.rng.standard_normal((cout, cin // group, k, k))
        if group > 1 and group == cin:
            z += DEPTHWISE_MEAN
        w = z * np.sqrt(2.0 / fan_out)
        weight = self.add_init(f"{name}.weight", w)
        pad = (k - 1) // 2
        attrs = {"kernel_shape": [k, k], "strides": [stride, stride], "group": group}
        return self.node("Conv", [x, weight], name, pads=[pad] * 4, **attrs)

    def bn(self, x: str, name: str, channels: int) -> str:
        """Batch norm whose statistics are those of its input on the calibration images."""
        data = self.run_partial(x).astype(np.float64)
        mean, var = data.mean(axis=(0, 2, 3)), data.var(axis=(0, 2, 3))
        gamma = self.rng.uniform(0.5, 1.5, channels)
        beta = self.rng.normal(0.0, 0.25, channels)
        params = [
            self.add_init(f"{name}.{key}", value)
            for key, value in [
                ("weight", gamma),
                ("bias", beta),
                ("running_mean", mean),
                ("running_var", var),
            ]
        ]
        return self.node("BatchNormalization", [x, *params], name, epsilon=1e-5)

    def conv_bn(self, x, prefix, cin, cout, k=1, stride=1, group=1, relu6=True) -> str:
        """Conv + BN (+ ReLU6 as Clip 0..6), named `prefix.0`, `prefix.1`, `prefix.2`."""
        x = self.conv(x, f"{prefix}.0", cin, cout, k, stride, group)
        x = self.bn(x, f"{prefix}.1", cout)
        if relu6:
            x = self.node("Clip", [x, "relu6.min", "relu6.max"], f"{prefix}.2")
        return x

    def inverted_residual(self, x, prefix, cin, cout, stride, t) -> str:
        """torchvision's InvertedResidual: [expand 1x1], depthwise 3x3, project 1x1 + BN."""
        hidden = round(cin * t)
        y, i = x, 0
        if t != 1:
            y = self.conv_bn(y, f"{prefix}.conv.{i}", cin, hidden)
            i += 1
        y = self.conv_bn(y, f"{prefix}.conv.{i}", hidden, hidden, 3, stride, group=hidden)
        y = self.conv(y, f"{prefix}.conv.{i + 1}", hidden, cout, 1, 1, 1)
        y = self.bn(y, f"{prefix}.conv.{i + 2}", cout)
        if stride == 1 and cin == cout:
            y = self.node("Add", [x, y], f"{prefix}.add")
        return y

    def classifier(self, x: str, features: int) -> str:
        """Gemm to `classes`, He-normal weights; the bias centres each logit on the calib set."""
        w = self.rng.standard_normal((self.classes, features)) * np.sqrt(2.0 / features)
        pooled = self.run_partial(x).astype(np.float64)
        bias = -pooled @ w.T
        weight = self.add_init("classifier.1.weight", w)
        bias_name = self.add_init("classifier.1.bias", bias.mean(axis=0))
        return self.node("Gemm", [x, weight, bias_name], OUTPUT, transB=1)


def build(
    calib: np.ndarray, width: float = WIDTH, classes: int = CLASSES
) -> tuple[onnx.ModelProto, list[str]]:
    """The model (input size that of the `calib` images), and its feature blocks' outputs."""
    b = Builder(calib, classes=classes)
    size = calib.shape[-1]
    blocks = []
    channels = make_divisible(32 * width)
    last = make_divisible(1280 * max(1.0, width))
    x = b.conv_bn(INPUT, "features.0", 3, channels, 3, 2)
    blocks.append(x)
    index = 1
    for t, c, n, s in SETTINGS:
        out = make_divisible(c * width)
        for i in range(n):
            x = b.inverted_residual(x, f"features.{index}", channels, out, s if i == 0 else 1, t)
            blocks.append(x)
            channels = out
            index += 1
    x = b.conv_bn(x, f"features.{index}", channels, last)
    blocks.append(x)
    x = b.node("GlobalAveragePool", [x], "pool")
    x = b.node("Flatten", [x], "flatten", axis=1)
    b.classifier(x, last)
    graph = helper.make_graph(
        b.nodes,
        f"mobilenet_v2_{width:g}",
        [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, [1, classes])],
        b.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    model.producer_name = "xopt examples/mobilenet_v2/make_model.py"
    onnx.checker.check_model(model, full_check=True)
    return model, blocks


# ---------------------------------------------------------------------------- checks


def summarise(model: onnx.ModelProto, blocks: list[str], test: np.ndarray, out_dir: str) -> None:
    """Print parameter count, size, and activation statistics on the test images."""
    params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
    size = os.path.getsize(os.path.join(out_dir, "model.onnx"))
    print(f"parameters: {params:,} ({size:,} bytes)")
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    probe.graph.input[0].type.tensor_type.shape.dim[0].dim_param = "N"
    probe.graph.output[0].type.tensor_type.shape.dim[0].dim_param = "N"
    for name in blocks:
        probe.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    session = onnxruntime.InferenceSession(
        probe.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    outputs = session.run(None, {INPUT: test[:, 0]})
    print(f"input: mean {test.mean():+.3f} std {test.std():.3f}")
    for name, value in zip(blocks, outputs[1:], strict=True):
        print(f"  {name:22s} mean {value.mean():+.3f} std {value.std():.3f}")
    logits = outputs[0]
    noise = np.random.default_rng(3).normal(0, 1e-3, test[:, 0].shape).astype(np.float32)
    noisy = session.run([OUTPUT], {INPUT: test[:, 0] + noise})[0]
    change = np.sqrt(((noisy - logits) ** 2).mean()) / logits.std(axis=0).mean()
    print(f"input noise of std 1e-3 changes the logits by {change:.1e} of their std over images")
    print(
        f"logits: std {logits.std():.3f}, std over images per class "
        f"{logits.std(axis=0).mean():.3f}, distinct top-1 classes "
        f"{len(set(logits.argmax(axis=1)))} of {len(logits)}"
    )
    assert 0.1 < logits.std() < 100, logits.std()


def check_xopt(test: np.ndarray, out_dir: str) -> None:
    """xopt's reference executor agrees with onnxruntime: every tensor of one image (atol
    1e-4: 53 layers of float32 summation-order differences), and the logits of all test
    images at the tolerances of tests/e2e (rtol 1e-4, atol 1e-5)."""
    sys.path.insert(0, os.path.join(HERE, "..", ".."))
    from xopt.cli import main as xopt

    model = os.path.join(out_dir, "model.onnx")
    inputs = os.path.join(out_dir, "test.npz")
    assert xopt(["run", model, "--inputs", inputs, "--compare-onnxruntime", "--atol", "1e-4"]) == 0
    name = os.path.basename(os.path.normpath(out_dir))
    out = os.path.join(HERE, "..", "..", "build", f"{name}_test_out.npz")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    start = time.perf_counter()
    assert xopt(["run", model, "--inputs", inputs, "-o", out]) == 0
    seconds = time.perf_counter() - start
    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    reference = np.stack([session.run(None, {INPUT: x})[0] for x in test])
    with np.load(out) as ours:
        error = float(np.abs(ours[OUTPUT] - reference).max())
        np.testing.assert_allclose(ours[OUTPUT], reference, rtol=1e-4, atol=1e-5)
    print(
        f"xopt run on {len(test)} test images: {seconds:.2f} s with import "
        f"({seconds / len(test) * 1000:.0f} ms a sample); logits max abs err {error:.1e}"
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="generate a MobileNetV2 example")
    p.add_argument("--width", type=float, default=WIDTH, help="width multiplier")
    p.add_argument("--size", type=int, default=SIZE, help="input height and width")
    p.add_argument("--classes", type=int, default=CLASSES)
    p.add_argument("--calib-count", type=int, default=64, help="calibration images")
    p.add_argument("--test-count", type=int, default=32, help="test images")
    p.add_argument("--out-dir", default=HERE, help="where model.onnx and the npz files go")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    calib = make_images(seed=1, count=args.calib_count, size=args.size)
    test = make_images(seed=2, count=args.test_count, size=args.size)
    model, blocks = build(calib, args.width, args.classes)
    onnx.save(model, os.path.join(args.out_dir, "model.onnx"))
    np.savez_compressed(os.path.join(args.out_dir, "calib.npz"), **{INPUT: calib})
    np.savez_compressed(os.path.join(args.out_dir, "test.npz"), **{INPUT: test})
    summarise(model, blocks, test, args.out_dir)
    check_xopt(test, args.out_dir)


if __name__ == "__main__":
    main()
