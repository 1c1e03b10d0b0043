"""A 3x3 depthwise quant.conv2d as a NEON-level kernel specialised to its layer.

Layout: NHWC input `x` [in_h][in_w][C] and output `y` [out_h][out_w][C], int8, C >= 16.
The kernel works on blocks of 16 channels (the last block starts at C - 16 and may overlap
the one before it, recomputing identical bytes). For one block:

- An input *column* (3 vertically adjacent pixels at one input column) is zipped so that
  every 32-bit lane holds one channel's 3 taps plus a 4th byte whose weight is 0:
  4 registers, channels 4q .. 4q + 3 in register q (`vzip1q_s8` / `vzip2q_s8`, then
  `vzip1q_s16` / `vzip2q_s16`).
- An output pixel is bias + 12 `vdotq_s32` (3 columns x 4 registers) against weights packed
  the same way at compile time, then requantized (`lower_requant`) and stored.
- Along an output row, consecutive pixels share columns: with stride 1 (2) a pixel zips
  1 (2) new columns and takes the rest from the pixel before, carried in registers.
  (Unrolling 3 (2) times to spare the register moves measured slower: more spills.)

The input zero point is folded into the bias (bias - x_zp * sum of the 9 weights) and a tap
in the padding reads x_zp, so it contributes 0 as in the quant executor. Rows and columns
are split at compile time into ranges whose taps are all inside, or all in the padding for
a given tap row / column: no bounds test runs per pixel.
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


@dataclass(frozen=True)
class DepthwiseLayer:
    """What the kernel is specialised to (pads: top, left, bottom, right)."""

    channels: int
    in_hw: tuple[int, int]
    out_hw: tuple[int, int]
    strides: tuple[int, int]
    pads: tuple[int, int, int, int]
    x_zero_point: int
    weight: np.ndarray
    """[C][3][3] int8."""
    out: OutputStage

    @classmethod
    def from_params(cls, p: dict, w: np.ndarray, bias) -> DepthwiseLayer:
        """From a portable `xopt_conv2d_params` dict and the OIHW [C][1][3][3] weights."""
        c = p["out_c"]
        w = np.asarray(w, np.int8).reshape(c, 3, 3)
        return cls(
            channels=c,
            in_hw=(p["in_h"], p["in_w"]),
            out_hw=(p["out_h"], p["out_w"]),
            strides=(p["stride_h"], p["stride_w"]),
            pads=(p["pad_top"], p["pad_left"], *_far_pads(p)),
            x_zero_point=p["x_zero_point"],
            weight=w,
            out=OutputStage.from_params(
                p, packing.fold_bias(bias, w.reshape(c, 9), p["x_zero_point"])
            ),
        )


def _far_pads(p: dict) -> tuple[int, int]:
    """The bottom and right padding the output size implies (what the window reaches)."""
    bottom = (p["out_h"] - 1) * p["stride_h"] + 3 - p["in_h"] - p["pad_top"]
    right = (p["out_w"] - 1) * p["stride_w"] + 3 - p["in_w"] - p["pad_left"]
    return max(bottom, 0), max(right, 0)


def applies(p: dict, w_shape, dilations, group: int, rounding: str) -> bool:
    """Whether a conv2d (portable params `p`) is a 3x3 depthwise this kernel computes."""
    out_c, in_cg, kh, kw = w_shape
    return (
        in_cg == 1
        and group == out_c
        and p["in_c"] == out_c
        and (kh, kw) == (3, 3)
        and tuple(dilations) == (1, 1)
        and out_c >= LANES
        and rounding == "fixed_point"
        and not np.any(p["w_zero_point"])
        and p["requant"].get("real") is None
    )


# ---- compile-time data


def _packed_weights(layer: DepthwiseLayer) -> np.ndarray:
    """Per block, per kernel column kx, per register q: channel 4q + j's taps
    w[.][0..2][kx] and a 0 at bytes 4j .. 4j + 3 (192 bytes a block)."""
    blocks = []
    for start in layer.out.block_starts:
        w = layer.weight[start : start + LANES].astype(np.int8)  # [16][3][3]
        taps = np.zeros((3, LANES, 4), np.int8)  # [kx][channel][tap row + 0]
        taps[:, :, :3] = w.transpose(2, 0, 1)
        blocks.append(taps.reshape(-1))
    return np.concatenate(blocks)


# ---- the kernel


@dataclass
class _Block:
    """The registers one channel block keeps across the whole layer."""

    start: Index
    weights: list[list[SSAValue]]  # [kx][q]
    requant: BlockRegisters


class _DepthwiseEmitter(ConvEmitter):
    def __init__(self, layer: DepthwiseLayer, name: str):
        super().__init__(layer, name)
        self.row_bytes = layer.in_hw[1] * layer.channels
        self.y_row_bytes = layer.out_hw[1] * layer.channels

    def packed_weights(self) -> np.ndarray:
        return _packed_weights(self.layer)

    def body(self, b: KernelBuilder, args: list[SSAValue], globals_) -> None:
        layer = self.layer
        self.x, self.y = args
        self.prologue(b, globals_)
        data = self.data
        blocks = len(layer.out.block_starts)

        def block_body(b: KernelBuilder, k: Index, carried):
            start = b.min(b.mul(k, LANES), layer.channels - LANES)
            self._block(b, self._load_block(b, data, k, start))
            return []

        b.loop(0, blocks, [], block_body)

    def _load_block(self, b: KernelBuilder, data, k: Index, start: Index) -> _Block:
        base = b.mul(k, 192)
        flat = [b.load(data["weights"], b.add(base, 16 * i), "s8x16") for i in range(12)]
        weights = [flat[4 * kx : 4 * kx + 4] for kx in range(3)]
        return _Block(start, weights, block_registers(b, data, k))

    # ---- geometry: ranges of output rows (columns) with the same taps inside

    @staticmethod
    def _ranges(out: int, size: int, stride: int, pad: int) -> list[tuple[int, int, tuple]]:
        """[lo, hi) runs of outputs whose inside taps (a tuple of flags) are the same."""
        runs: list[tuple[int, int, tuple]] = []
        for o in range(out):
            inside = tuple(0 <= o * stride - pad + t < size for t in range(3))
            if runs and runs[-1][2] == inside:
                runs[-1] = (runs[-1][0], o + 1, inside)
            else:
                runs.append((o, o + 1, inside))
        return runs

    def _block(self, b: KernelBuilder, block: _Block) -> None:
        layer = self.layer
        sh, pad_top = layer.strides[0], layer.pads[0]
        for lo, hi, rows_inside in self._ranges(layer.out_hw[0], layer.in_hw[0], sh, pad_top):

            def row_body(b: KernelBuilder, oy: Index, carried, rows_inside=rows_inside):
                iy = b.add(b.mul(oy, sh), -pad_top)
                row_base = b.add(b.mul(iy, self.row_bytes), block.start)
                rows: list[Row] = [
                    (self.x, b.add(row_base, ky * self.row_bytes)) if inside else None
                    for ky, inside in enumerate(rows_inside)
                ]
                self._row(b, block, rows, b.add(b.mul(oy, self.y_row_bytes), block.start))
                return []

            b.loop(lo, hi, [], row_body)

    def row_body(self, b: KernelBuilder, args: list[SSAValue], globals_) -> None:
        """One output row of every channel from the 3 input rows `args[:3]` (padding rows
        read a row of x_zp) into `args[3]` (`row_kernel_ops`)."""
        *xs, self.y = args
        self.prologue(b, globals_)

        def block_body(b: KernelBuilder, k: Index, carried):
            start = b.min(b.mul(k, LANES), self.layer.channels - LANES)
            block = self._load_block(b, self.data, k, start)
            self._row(b, block, [(x, start) for x in xs], start)
            return []

        b.loop(0, len(self.layer.out.block_starts), [], block_body)

    def _row(self, b: KernelBuilder, block: _Block, rows: list[Row], y_base: Index) -> None:
        """One output row of one channel block: input rows `rows` (a memref and the offset
        of the block's first channel at input column 0; None: padding), output at
        `y_base` of y."""
        layer = self.layer
        w, ow, sw = layer.in_hw[1], layer.out_hw[1], layer.strides[1]
        for c_lo, c_hi, cols_inside in self._ranges(ow, w, sw, layer.pads[1]):
            self._columns(b, block, rows, y_base, (c_lo, c_hi, cols_inside))

    def _columns(self, b: KernelBuilder, block: _Block, rows, y_base, span) -> None:
        c_lo, c_hi, cols_inside = span
        sw, pl = self.layer.strides[1], self.layer.pads[1]
        c = self.layer.channels

        def column(b: KernelBuilder, ox: Index, kx: int) -> list[SSAValue]:
            if not cols_inside[kx]:
                return [self.x_zp] * 4
            return self._zipped_column(b, rows, b.mul(b.add(b.mul(ox, sw), kx - pl), c))

        def store(b: KernelBuilder, ox: Index, columns) -> None:
            b.store(self._pixel(b, block, columns), self.y, b.add(y_base, b.mul(ox, c)))

        keep = 3 - sw
        if all(cols_inside) and c_hi - c_lo >= 2 and keep > 0:
            first = [v for kx in range(keep) for v in column(b, c_lo, kx)]

            def carried_body(b: KernelBuilder, ox: Index, carried):
                new = [v for kx in range(keep, 3) for v in column(b, ox, kx)]
                columns = [*carried, *new]
                store(b, ox, columns)
                return columns[4 * sw :]

            b.loop(c_lo, c_hi, first, carried_body)
        else:

            def plain_body(b: KernelBuilder, ox: Index, carried):
                store(b, ox, [v for kx in range(3) for v in column(b, ox, kx)])
                return []

            b.loop(c_lo, c_hi, [], plain_body)

    def _zipped_column(self, b: KernelBuilder, rows: list[Row], column: Index) -> list[SSAValue]:
        """The 4 registers of one input column at byte `column` of the rows (module
        docstring); a row in the padding reads x_zp."""
        a, bb, cc = (
            self.x_zp if row is None else b.load(row[0], b.add(row[1], column), "s8x16")
            for row in rows
        )
        pairs = [b.call(z, a, bb) for z in ("vzip1q_s8", "vzip2q_s8")]
        thirds = [b.call(z, cc, cc) for z in ("vzip1q_s8", "vzip2q_s8")]
        out = []
        for ab, cd in zip(pairs, thirds):
            ab16, cd16 = (b.call("vreinterpretq_s16_s8", v) for v in (ab, cd))
            for z in ("vzip1q_s16", "vzip2q_s16"):
                out.append(b.call("vreinterpretq_s8_s16", b.call(z, ab16, cd16)))
        return out

    def _pixel(self, b: KernelBuilder, block: _Block, columns: list[SSAValue]) -> SSAValue:
        """One output pixel's 16 channels from its 3 zipped columns (12 registers)."""
        acc = list(block.requant.bias)
        for kx in range(3):
            for q in range(4):
                acc[q] = b.call("vdotq_s32", acc[q], columns[4 * kx + q], block.weights[kx][q])
        return requantize(b, acc, block.requant, self.splats)


def depthwise3x3_kernel(layer: DepthwiseLayer, name: str, rows: bool = False) -> list[Operation]:
    """The layer's kernel: its constant `memref.global`s and `func.func @name(x, y)`, or
    with `rows` `@name(x0, x1, x2, y)`, one output row (`conv_kernels.row_kernel_ops`)."""
    (h, w), (oh, ow), c = layer.in_hw, layer.out_hw, layer.channels
    emitter = _DepthwiseEmitter(layer, name)
    if rows:
        return row_kernel_ops(emitter, 3, w * c, ow * c)
    return kernel_ops(emitter, h * w * c, oh * ow * c)


def conv2d_kernel(args, kwargs, name: str, rows: bool = False) -> list[Operation] | None:
    """The kernel `@name` (`rows`: its row form) of a quant.conv2d given by the quant
    executor's `conv2d` arguments, or None where this lowering does not apply."""
    if np.asarray(args[1]).shape[1:] != (1, 3, 3):
        return None
    if (conv := lowerable_conv(args, kwargs, applies)) is None:
        return None
    return depthwise3x3_kernel(DepthwiseLayer.from_params(*conv), name, rows)
