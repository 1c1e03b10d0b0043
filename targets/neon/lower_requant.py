"""The output stage of the generated conv kernels, at the NEON level: int32 accumulators of
16 output channels (4 registers) to int8, exactly as runtime_c/neon's kernels do
(`xopt_neon.h`: SQSHL by max(s + 1, 0) only when some shift s >= 0, SQDMULH, SRSHL by
min(s, -1) (or s), saturating narrowing to int16, + y_zp saturating, narrowing to int8,
clamp).

Output channels go in blocks of 16; when the count is not a multiple of 16 the last block
starts at channels - 16 and overlaps the one before it (it recomputes identical bytes).
The per-channel constants (the folded bias, multiplier, shifts) are `memref.global`s laid
out block after block, 16 entries each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.dialects import memref
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    IntegerType,
    MemRefType,
    StringAttr,
    UnitAttr,
)
from xdsl.ir import SSAValue

from xopt.targets.neon.kernel_builder import Index, KernelBuilder

LANES = 16


@dataclass(frozen=True)
class OutputStage:
    """What a kernel's requantization is specialised to (per output channel)."""

    channels: int
    bias: np.ndarray
    """[channels] int32, the input zero point folded in (wrapped to int32)."""
    multiplier: np.ndarray
    shift: np.ndarray
    y_zero_point: int
    lo: int
    hi: int

    @classmethod
    def from_params(cls, p: dict, folded_bias: np.ndarray) -> OutputStage:
        """From a portable `xopt_conv2d_params` dict (fixed_point requant)."""
        c, rq = p["out_c"], p["requant"]
        return cls(
            channels=c,
            bias=np.asarray(folded_bias[:c], np.int64),
            multiplier=np.broadcast_to(np.asarray(rq["multiplier"], np.int64), c),
            shift=np.broadcast_to(np.asarray(rq["shift"], np.int64), c),
            y_zero_point=int(rq["zero_point"]),
            lo=int(rq["lo"]),
            hi=int(rq["hi"]),
        )

    @property
    def block_starts(self) -> list[int]:
        c = self.channels
        return [min(start, c - LANES) for start in range(0, c, LANES)]

    @property
    def pre_shift(self) -> bool:
        """Whether some channel's shift is >= 0 (requantization then starts with SQSHL)."""
        return bool(np.any(self.shift >= 0))

    def per_block(self, values) -> np.ndarray:
        """`values` [channels] laid out block after block (module docstring)."""
        values = np.asarray(values, np.int64)
        return np.concatenate([values[s : s + LANES] for s in self.block_starts]).astype(np.int32)

    def globals(self, prefix: str) -> list[memref.GlobalOp]:
        """`<prefix>_bias`, `_multiplier`, `_post` and (with a pre-shift) `_pre`."""
        shift = np.asarray(self.shift, np.int64)
        if self.pre_shift:
            pre, post = np.maximum(shift + 1, 0), np.minimum(shift, -1)
        else:
            pre, post = None, shift
        arrays = {"bias": self.bias, "multiplier": self.multiplier, "post": post, "pre": pre}
        return [
            global_array(f"{prefix}_{key}", self.per_block(values), 32)
            for key, values in arrays.items()
            if values is not None
        ]


def global_array(name: str, data: np.ndarray, bits: int) -> memref.GlobalOp:
    """A constant `memref.global @name` of `data` as a flat i<bits> array."""
    typ = MemRefType(IntegerType(bits), [data.size])
    value = DenseIntOrFPElementsAttr.from_list(typ, data.tolist())
    return memref.GlobalOp.get(StringAttr(name), typ, value, constant=UnitAttr())


def global_values(b: KernelBuilder, globals_: list[memref.GlobalOp], prefix: str) -> dict:
    """`memref.get_global` of each of `globals_`, by name without `<prefix>_`."""
    return {
        g.sym_name.data.removeprefix(f"{prefix}_"): b.get_global(g.sym_name.data, g.type)
        for g in globals_
    }


@dataclass
class BlockRegisters:
    """One output block's requantization constants, 4 registers each (pre: None when the
    stage has no pre-shift)."""

    bias: list[SSAValue]
    multiplier: list[SSAValue]
    pre: list[SSAValue] | None
    post: list[SSAValue]


@dataclass
class OutputSplats:
    y_zero_point: SSAValue
    lo: SSAValue
    hi: SSAValue


def splats(b: KernelBuilder, stage: OutputStage) -> OutputSplats:
    return OutputSplats(
        b.call("vdupq_n_s16", b.scalar(stage.y_zero_point, 16)),
        b.call("vdupq_n_s8", b.scalar(stage.lo, 8)),
        b.call("vdupq_n_s8", b.scalar(stage.hi, 8)),
    )


def block_registers(b: KernelBuilder, data: dict, block: Index) -> BlockRegisters:
    """Loads block `block`'s constants from the globals `data` (`global_values`)."""

    def four(key: str) -> list[SSAValue]:
        base = b.mul(block, LANES)
        return [b.load(data[key], b.add(base, 4 * i), "s32x4") for i in range(4)]

    pre = four("pre") if "pre" in data else None
    return BlockRegisters(four("bias"), four("multiplier"), pre, four("post"))


def requantize(
    b: KernelBuilder, acc: list[SSAValue], regs: BlockRegisters, out: OutputSplats
) -> SSAValue:
    """The int8 16-channel result of the 4 accumulators `acc` (module docstring)."""
    scaled = []
    for q in range(4):
        v = acc[q]
        if regs.pre is not None:
            v = b.call("vqshlq_s32", v, regs.pre[q])
        v = b.call("vqdmulhq_s32", v, regs.multiplier[q])
        scaled.append(b.call("vrshlq_s32", v, regs.post[q]))
    halves = []
    for lo, hi in ((scaled[0], scaled[1]), (scaled[2], scaled[3])):
        narrow = b.call("vqmovn_high_s32", b.call("vqmovn_s32", lo), hi)
        halves.append(b.call("vqaddq_s16", narrow, out.y_zero_point))
    y = b.call("vqmovn_high_s16", b.call("vqmovn_s16", halves[0]), halves[1])
    return b.call("vminq_s8", b.call("vmaxq_s8", y, out.lo), out.hi)
