"""A quant.conv2d with few input channels per kernel row as a NEON-level kernel specialised
to its layer: an image's first layer (3 channels, 3x3 kernel), and 1x1 convs of up to 16
input channels (MobileNet's expansions of narrow layers), where a small reduction leaves the
runtime GEMM's generic tails and per-call overhead as its main cost (features.2.conv.0.2 of
MobileNetV2-0.5, 8 -> 48 channels: 236 K instructions against the GEMM's 376 K).

Layout: NHWC input `x` [in_h][in_w][C] and output `y` [out_h][out_w][O], int8, O >= 16,
groups 1, width dilation 1 and kernel_w * C <= 16. In NHWC, the taps of one kernel row at
one output pixel (kernel_w pixels x C channels) are one contiguous *row segment* of
S = kernel_w * C bytes, so:

- A pixel loads each kernel row's segment with one 16-byte load (no im2col copy); the
  bytes past S belong to the next pixels and meet zero weights.
- Weights are packed per block of 16 output channels, kernel row ky and 4-byte group g of
  the segment (G = ceil(S / 4) groups): register (ky, g, q) holds, in 32-bit lane i, the
  4 weights of output channel 4q + i for segment bytes 4g .. 4g + 3 (0 past S).
- An output pixel is the folded bias plus kernel_h * G * 4 `vdotq_laneq_s32`, lane g of
  the row segment against register (ky, g, q); then `lower_requant`'s output stage.
  PIXELS pixels of a row share each weight load.

Padding is resolved at compile time, never per pixel: a kernel row in the top or bottom
padding is a splat of x_zp; a segment that starts left of its input row is loaded from the
row's start and shifted right with `vextq_s8` against the x_zp splat; one that comes
within 16 bytes of the row's end is loaded from the row's last 16 bytes and shifted left
the same way (padding on the right reads x_zp, and no load leaves the input). The input
zero point is folded into the bias, so taps in the padding contribute 0 as in the quant
executor. Every load stays inside the input because a row holds at least 16 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.ir import Operation, SSAValue

from xopt.targets.neon import packing
from xopt.targets.neon.conv_kernels import (
    ConvEmitter,
    Row,
    kernel_ops,
    lowerable_conv,
    row_kernel_ops,
)
from xopt.targets.neon.kernel_builder import Index, KernelBuilder
from xopt.targets.neon.lower_requant import (
    LANES,
    BlockRegisters,
    OutputStage,
    block_registers,
    requantize,
)

PIXELS = 2
"""Output pixels computed together (sharing weight loads)."""


@dataclass(frozen=True)
class RowConvLayer:
    """What the kernel is specialised to."""

    in_hwc: tuple[int, int, int]
    out_hw: tuple[int, int]
    kernel: tuple[int, int]
    strides: tuple[int, int]
    dilation_h: int
    pads: tuple[int, int]
    """Top and left (the far sides follow from the output size)."""
    x_zero_point: int
    weight: np.ndarray
    """[O][C][kh][kw] int8."""
    out: OutputStage

    @classmethod
    def from_params(cls, p: dict, w: np.ndarray, bias) -> RowConvLayer:
        """From a portable `xopt_conv2d_params` dict and the OIHW weights."""
        w = np.asarray(w, np.int8)
        folded = packing.fold_bias(bias, w.reshape(w.shape[0], -1), p["x_zero_point"])
        return cls(
            in_hwc=(p["in_h"], p["in_w"], p["in_c"]),
            out_hw=(p["out_h"], p["out_w"]),
            kernel=(p["kernel_h"], p["kernel_w"]),
            strides=(p["stride_h"], p["stride_w"]),
            dilation_h=p["dilation_h"],
            pads=(p["pad_top"], p["pad_left"]),
            x_zero_point=p["x_zero_point"],
            weight=w,
            out=OutputStage.from_params(p, folded),
        )

    @property
    def segment(self) -> int:
        return self.kernel[1] * self.in_hwc[2]

    @property
    def groups(self) -> int:
        return -(-self.segment // 4)

    @property
    def row_bytes(self) -> int:
        return self.in_hwc[1] * self.in_hwc[2]


def applies(p: dict, w_shape, dilations, group: int, rounding: str) -> bool:
    """Whether a conv2d (portable params `p`) is one this kernel computes (module
    docstring), 1x1 convs of up to 16 input channels included."""
    out_c, in_cg, kh, kw = w_shape
    return (
        group == 1
        and dilations[1] == 1
        and kw * in_cg <= LANES
        and p["in_w"] * in_cg >= LANES
        and out_c >= LANES
        and rounding == "fixed_point"
        and not np.any(p["w_zero_point"])
        and p["requant"].get("real") is None
    )


def _packed_weights(layer: RowConvLayer) -> np.ndarray:
    """Per output block, kernel row, group and register: 16 bytes (module docstring)."""
    kh, kw = layer.kernel
    segment_bytes = layer.groups * 4
    # [O][kh][segment]: byte t of row ky is tap kx = t // C of channel t % C
    rows = np.zeros((layer.weight.shape[0], kh, segment_bytes), np.int8)
    rows[:, :, : layer.segment] = layer.weight.transpose(0, 2, 3, 1).reshape(-1, kh, layer.segment)
    blocks = []
    for start in layer.out.block_starts:
        block = rows[start : start + LANES].reshape(4, 4, kh, layer.groups, 4)  # [q][i][ky][g][j]
        blocks.append(block.transpose(2, 3, 0, 1, 4).reshape(-1))  # [ky][g][q][i][j]
    return np.concatenate(blocks)


# ---- compile-time geometry


def _row_ranges(layer: RowConvLayer) -> list[tuple[int, int, tuple[bool, ...]]]:
    """[lo, hi) runs of output rows whose kernel rows inside the input are the same."""
    (h, _, _), (out_h, _) = layer.in_hwc, layer.out_hw
    runs: list[tuple[int, int, tuple[bool, ...]]] = []
    for oy in range(out_h):
        first = oy * layer.strides[0] - layer.pads[0]
        inside = tuple(0 <= first + ky * layer.dilation_h < h for ky in range(layer.kernel[0]))
        if runs and runs[-1][2] == inside:
            runs[-1] = (runs[-1][0], oy + 1, inside)
        else:
            runs.append((oy, oy + 1, inside))
    return runs


def _segment_start(layer: RowConvLayer, ox: int) -> int:
    """Byte offset of output column ox's row segment in its input row (may be < 0)."""
    return (ox * layer.strides[1] - layer.pads[1]) * layer.in_hwc[2]


def _column_kind(layer: RowConvLayer, ox: int) -> tuple[str, int]:
    """How column ox's segment is read: ("inside", 0), ("zp", 0), ("left", shift) or
    ("right", shift) (module docstring)."""
    start, row = _segment_start(layer, ox), layer.row_bytes
    if start + layer.segment <= 0 or start >= row:
        return "zp", 0
    if start < 0:
        return "left", LANES + start
    if start + LANES > row:
        return "right", start - (row - LANES)
    return "inside", 0


def _interior(layer: RowConvLayer) -> tuple[int, int]:
    """The [lo, hi) output columns whose segments are plain loads."""
    inside = [ox for ox in range(layer.out_hw[1]) if _column_kind(layer, ox)[0] == "inside"]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


# ---- the kernel


class _RowConvEmitter(ConvEmitter):
    def __init__(self, layer: RowConvLayer, name: str):
        super().__init__(layer, name)
        self.block_bytes = layer.kernel[0] * layer.groups * 4 * LANES

    def packed_weights(self) -> np.ndarray:
        return _packed_weights(self.layer)

    def body(self, b: KernelBuilder, args: list[SSAValue], globals_) -> None:
        layer = self.layer
        self.x, self.y = args
        self.prologue(b, globals_)

        def block_body(b: KernelBuilder, k: Index, carried):
            start = b.min(b.mul(k, LANES), layer.out.channels - LANES)
            regs = block_registers(b, self.data, k)
            for lo, hi, inside in _row_ranges(layer):

                def row_body(b: KernelBuilder, oy: Index, carried, inside=inside):
                    first = b.add(b.mul(oy, layer.strides[0]), -layer.pads[0])
                    rows: list[Row] = [
                        (self.x, b.mul(b.add(first, ky * layer.dilation_h), layer.row_bytes))
                        if flag
                        else None
                        for ky, flag in enumerate(inside)
                    ]
                    y_row = b.add(b.mul(oy, layer.out_hw[1] * layer.out.channels), start)
                    self._row(b, rows, y_row, (k, start, regs))
                    return []

                b.loop(lo, hi, [], row_body)
            return []

        b.loop(0, len(layer.out.block_starts), [], block_body)

    def row_body(self, b: KernelBuilder, args: list[SSAValue], globals_) -> None:
        """One output row of every channel from the kernel_h input rows `args[:-1]`
        (padding rows read a row of x_zp) into `args[-1]` (`row_kernel_ops`)."""
        *xs, self.y = args
        self.prologue(b, globals_)

        def block_body(b: KernelBuilder, k: Index, carried):
            start = b.min(b.mul(k, LANES), self.layer.out.channels - LANES)
            regs = block_registers(b, self.data, k)
            self._row(b, [(x, 0) for x in xs], start, (k, start, regs))
            return []

        b.loop(0, len(self.layer.out.block_starts), [], block_body)

    def _row(self, b: KernelBuilder, rows: list[Row], y_row: Index, block) -> None:
        """One output row of one output block: kernel row ky reads `rows[ky]` (module
        docstring; None: padding), the row's output at `y_row` of y."""
        layer = self.layer
        lo, hi = _interior(layer)
        for ox in [*range(lo), *range(hi, layer.out_hw[1])]:
            self._pixels(b, rows, y_row, [ox], block)
        runs = (hi - lo) // PIXELS

        def run_body(b: KernelBuilder, j: Index, carried):
            first_ox = b.add(b.mul(j, PIXELS), lo)
            oxs = [b.add(first_ox, i) for i in range(PIXELS)]
            self._pixels(b, rows, y_row, oxs, block)
            return []

        b.loop(0, runs, [], run_body)
        for ox in range(lo + runs * PIXELS, hi):
            self._pixels(b, rows, y_row, [ox], block)

    def _segment(self, b: KernelBuilder, row: Row, ox: Index) -> SSAValue:
        """Kernel row `row`'s segment at output column ox (module docstring)."""
        layer = self.layer
        if row is None:
            return self.x_zp
        x, base = row
        if not isinstance(ox, int):  # an interior column
            return b.load(x, b.add(base, _segment_offset(b, layer, ox)), "s8x16")
        kind, shift = _column_kind(layer, ox)
        if kind == "zp":
            return self.x_zp
        if kind == "inside":
            return b.load(x, b.add(base, _segment_start(layer, ox)), "s8x16")
        if kind == "left":
            v = b.load(x, base, "s8x16")
            return b.call("vextq_s8", self.x_zp, v, immediate=shift)
        v = b.load(x, b.add(base, layer.row_bytes - LANES), "s8x16")
        return v if shift == 0 else b.call("vextq_s8", v, self.x_zp, immediate=shift)

    def _pixels(self, b: KernelBuilder, rows, y_row: Index, oxs: list[Index], block) -> None:
        """Output pixels `oxs` of one row and output block."""
        layer = self.layer
        k, _, regs = block
        regs: BlockRegisters
        acc = [list(regs.bias) for _ in oxs]
        base = b.mul(k, self.block_bytes)
        for ky, row in enumerate(rows):
            segments = [self._segment(b, row, ox) for ox in oxs]
            for g in range(layer.groups):
                at = b.add(base, (ky * layer.groups + g) * 4 * LANES)
                weights = [
                    b.load(self.data["weights"], b.add(at, LANES * q), "s8x16") for q in range(4)
                ]
                for p, segment in enumerate(segments):
                    for q in range(4):
                        acc[p][q] = b.call(
                            "vdotq_laneq_s32", acc[p][q], weights[q], segment, immediate=g
                        )
        for ox, pixel_acc in zip(oxs, acc):
            y = requantize(b, pixel_acc, regs, self.splats)
            b.store(y, self.y, b.add(y_row, b.mul(ox, layer.out.channels)))


def _segment_offset(b: KernelBuilder, layer: RowConvLayer, ox: Index) -> Index:
    return b.mul(b.add(b.mul(ox, layer.strides[1]), -layer.pads[1]), layer.in_hwc[2])


def row_conv_kernel(layer: RowConvLayer, name: str, rows: bool = False) -> list[Operation]:
    """The layer's kernel: its constant `memref.global`s and `func.func @name(x, y)`, or
    with `rows` `@name(x0, ..., y)`, one output row (`conv_kernels.row_kernel_ops`)."""
    (h, w, c), (oh, ow) = layer.in_hwc, layer.out_hw
    emitter = _RowConvEmitter(layer, name)
    if rows:
        return row_kernel_ops(emitter, layer.kernel[0], w * c, ow * layer.out.channels)
    return kernel_ops(emitter, h * w * c, oh * ow * layer.out.channels)


def conv2d_kernel(args, kwargs, name: str, rows: bool = False) -> list[Operation] | None:
    """The kernel `@name` (`rows`: its row form) of a quant.conv2d given by the quant
    executor's `conv2d` arguments, or None where this lowering does not apply."""
    w_shape = np.asarray(args[1]).shape
    if kwargs.get("group", 1) != 1 or w_shape[1] * w_shape[3] > LANES:
        return None
    if (conv := lowerable_conv(args, kwargs, applies)) is None:
        return None
    return row_conv_kernel(RowConvLayer.from_params(*conv), name, rows)
