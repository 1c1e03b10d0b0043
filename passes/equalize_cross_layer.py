"""`equalize-cross-layer`: balance the per-channel weight ranges of consecutive convolutions
(cross-layer equalization, Nagel et al. 2019), so that per-tensor weight quantization
loses less."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.utils.exceptions import PassFailedException

from xopt.dialects.graph import ActivationAttr, ConstantOp, Conv2dOp
from xopt.dialects.graph.shape_ops import constant_array
from xopt.onnx_import.types import dense_attr, numpy_dtype_of

CONVERGED = 1e-9
"""A sweep whose scales all lie within exp(+-CONVERGED) of 1 ends the iteration: far below
float32's resolution (6e-8 relative), further sweeps cannot change a stored weight."""


def _positively_homogeneous(act: ActivationAttr | None) -> bool:
    """Whether `act(x * s) == act(x) * s` for every s > 0: none, relu, leaky_relu, and a clip
    whose bounds are each 0 or infinite (e.g. clip(0, inf), which is relu)."""
    if act is None or act.kind.data in ("relu", "leaky_relu"):
        return True
    if act.kind.data != "clip":
        return False
    return all(bound == 0.0 or math.isinf(bound) for bound in act.values)


def _is_relu6(act: ActivationAttr | None) -> bool:
    return act is not None and act.kind.data == "clip" and act.values == (0.0, 6.0)


@dataclass
class _Conv:
    """A conv2d's weight and bias in float64 while the pass rescales them."""

    op: Conv2dOp
    weight: np.ndarray
    bias: np.ndarray | None
    weight_changed: bool = False
    bias_changed: bool = False

    def output_ranges(self) -> np.ndarray:
        """max |W[o, ...]| per output channel o."""
        return np.abs(self.weight).reshape(self.weight.shape[0], -1).max(axis=1)

    def _by_input_channel(self, weight: np.ndarray) -> np.ndarray:
        """`weight` as (group, C_out/group, C_in/group, kH*kW): input channel
        g * C_in/group + j of the conv is `[g, :, j]`."""
        group = self.op.group.value.data
        out_channels, per_group = weight.shape[:2]
        return weight.reshape(group, out_channels // group, per_group, -1)

    def input_ranges(self) -> np.ndarray:
        """max |W[o, i, ...]| over the output channels o that read input channel i."""
        return np.abs(self._by_input_channel(self.weight)).max(axis=(1, 3)).reshape(-1)

    def scale_outputs(self, factor: np.ndarray) -> None:
        if np.all(factor == 1.0):
            return
        self.weight = self.weight * factor.reshape(-1, 1, 1, 1)
        self.weight_changed = True
        if self.bias is not None:
            self.bias = self.bias * factor
            self.bias_changed = True

    def scale_inputs(self, factor: np.ndarray) -> None:
        if np.all(factor == 1.0):
            return
        grouped = self._by_input_channel(self.weight)
        factor = factor.reshape(grouped.shape[0], 1, grouped.shape[2], 1)
        self.weight = (grouped * factor).reshape(self.weight.shape)
        self.weight_changed = True


def _layer(layers: dict[Conv2dOp, _Conv], conv: Conv2dOp) -> _Conv:
    """The float64 weights of `conv` (whose weight is a constant), loaded once."""
    if conv not in layers:
        weight = constant_array(conv.weight, np.float64)
        assert weight is not None
        layers[conv] = _Conv(conv, weight, constant_array(conv.bias, np.float64))
    return layers[conv]


def _equalizable_successor(conv: Conv2dOp) -> Conv2dOp | None:
    """The conv2d whose data input is `conv`'s result when that is its only use, `conv`'s
    activation commutes with positive per-channel scales, and the weights to rescale (and
    `conv`'s bias) are constants; None otherwise."""
    if not conv.output.has_one_use() or not _positively_homogeneous(conv.activation):
        return None
    use = next(iter(conv.output.uses))
    successor = use.operation
    if not isinstance(successor, Conv2dOp) or use.index != 0:
        return None
    if (
        constant_array(conv.weight, np.float64) is None
        or constant_array(successor.weight, np.float64) is None
    ):
        return None
    if conv.bias is not None and constant_array(conv.bias) is None:
        return None
    return successor


def equalization_scales(first: _Conv, second: _Conv) -> np.ndarray:
    """s with `first`'s output channel i divided by s_i and `second`'s input channel i
    multiplied by it: s_i = sqrt(r1_i * r2_i) / r2_i, so that both ranges become
    sqrt(r1_i * r2_i); 1 where a range is zero or not finite."""
    r1, r2 = first.output_ranges(), second.input_ranges()
    scales = np.ones_like(r1)
    usable = (r1 > 0) & (r2 > 0) & np.isfinite(r1) & np.isfinite(r2)
    scales[usable] = np.sqrt(r1[usable] / r2[usable])
    return scales


def _sweep(pairs: list[tuple[_Conv, _Conv]]) -> float:
    """Equalize every pair once, in order; the largest |log s_i| applied."""
    largest = 0.0
    for first, second in pairs:
        scales = equalization_scales(first, second)
        first.scale_outputs(1.0 / scales)
        second.scale_inputs(scales)
        largest = max(largest, float(np.abs(np.log(scales)).max()))
    return largest


def _store(conv: _Conv) -> None:
    """Give `conv.op` new constants holding its rescaled weight and bias, in their element
    type, and erase the old constants that nothing else uses."""
    for index, array, changed in (
        (1, conv.weight, conv.weight_changed),
        (2, conv.bias, conv.bias_changed),
    ):
        if array is None or not changed:
            continue
        old = conv.op.operands[index]
        assert isinstance(old.type, TensorType) and isinstance(old.owner, ConstantOp)
        new = ConstantOp(dense_attr(array.astype(numpy_dtype_of(old.type.get_element_type()))))
        new.output.name_hint = old.name_hint
        Rewriter.insert_op(new, InsertPoint.after(old.owner))
        conv.op.operands[index] = new.output
        if not old.uses:
            Rewriter.erase_op(old.owner)


@dataclass(frozen=True)
class EqualizeCrossLayerPass(ModulePass):
    """Equalize the weight ranges of consecutive conv2d pairs (cross-layer equalization).

    Per-tensor weight quantization wastes precision on channels whose weights are much
    smaller than the tensor's largest: after BN folding, the per-channel ranges of a
    depthwise convolution can differ by orders of magnitude. For a pair conv1 ->
    conv2 where conv1's result is used only as conv2's input, conv1's activation `f`
    satisfies f(x * s) = f(x) * s for s > 0 (none, relu, leaky_relu, a clip with bounds 0
    or infinite), and conv1's weight and bias and conv2's weight are `graph.constant`s,
    output channel i of conv1 (weights and bias) is divided by s_i and input channel i of
    conv2 is multiplied by it, which leaves the function unchanged. With r1_i = max|W1[i]|
    and r2_i = max|W2[:, i]| (for a grouped or depthwise conv2, over the output channels
    that read channel i), s_i = sqrt(r1_i * r2_i) / r2_i makes both ranges sqrt(r1_i *
    r2_i), which maximises the summed relative precision of the pair (Nagel et al., "Data-
    Free Quantization Through Weight Equalization and Bias Correction", ICCV 2019,
    https://arxiv.org/abs/1906.04721; as in AIMET's cross-layer scaling). s_i = 1 where a
    range is zero.

    Pairs overlap along chains (expand -> depthwise -> project): equalizing one disturbs
    its neighbours, so the pairs are swept in program order up to `iterations` times, as
    the paper iterates until convergence; the sweeps stop early once no scale differs from
    1 by more than 1e-9. Each sweep is a Gauss-Seidel step that shrinks the per-channel
    log-range differences along a chain by a constant factor: 4 for conv -> depthwise ->
    conv, where the fixed point gives all three convs of a channel the same range (AIMET's
    closed form for such triplets), about 1.3 for the six-conv chain at the start of
    MobileNetV2, which converges in 67 sweeps (0.2 s), hence the default 100. Longer plain
    chains may stop short of convergence, with their ranges still close to balanced; one
    sweep balances the last pair of each chain exactly and the others approximately.
    Computed in float64; the new weights and biases are stored as new `graph.constant`s in
    the weights' element type.

    ReLU6 (`#graph.act<clip 0, 6>`) does not commute with scaling, so pairs after it are
    skipped, unless `relu6-to-relu` is set: then, as in AIMET, every conv2d's fused ReLU6
    first becomes a ReLU. That changes the function where activations exceed 6; it is
    meant for networks (like MobileNetV2) that are then fine-tuned or that rarely saturate.
    `iterations=0` only applies `relu6-to-relu`. Runs after `fold-batchnorm,fuse-activation`,
    so that each conv carries its batch norm and activation.
    """

    name = "equalize-cross-layer"

    relu6_to_relu: bool = False
    iterations: int = 100

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.iterations < 0:
            raise PassFailedException(
                f"{self.name}: iterations must be >= 0 (the number of sweeps over the conv "
                f"pairs), got {self.iterations}"
            )
        convs = [conv for conv in op.walk() if isinstance(conv, Conv2dOp)]
        if self.relu6_to_relu:
            for conv in convs:
                if _is_relu6(conv.activation):
                    conv.properties["activation"] = ActivationAttr("relu")
        layers: dict[Conv2dOp, _Conv] = {}
        pairs: list[tuple[_Conv, _Conv]] = []
        for conv in convs:
            successor = _equalizable_successor(conv)
            if successor is not None:
                pairs.append((_layer(layers, conv), _layer(layers, successor)))
        for _ in range(self.iterations if pairs else 0):
            if _sweep(pairs) <= CONVERGED:
                break
        for layer in layers.values():
            _store(layer)
