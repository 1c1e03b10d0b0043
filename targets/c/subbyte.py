"""Sub-byte (int4 / int2) weights in the C targets: which layers get packed weights.

A quant.conv2d or quant.fully_connected whose weight type stores signed 4- or 2-bit integers
(`!quant.uniform<i4:...>`, `i2`) gets its weights packed into const arrays, 2 or 4 values a
byte, for a kernel that unpacks them (`_w4` / `_w2` functions of runtime_c and runtime_c/neon).
Unsigned sub-byte weights (u4, u2) and every activation stay one int8 per value (in range).
`subbyte_kwargs(op)` gives the builders' `weight_bits` and `input_bits` arguments, read from
the IR types; the builders' default of 8 keeps every call of the quant executor's signature.
"""

from __future__ import annotations

import re

import numpy as np
from xdsl.ir import Operation

from xopt.dialects import quant
from xopt.executor import quant_numerics as qn
from xopt.executor.quant_invocations import quantized_element
from xopt.targets.c.toolchain import RUNTIME_C

PACKED_BITS = (4, 2)
"""Weight widths stored packed."""
KERNELS = ("conv2d", "fully_connected")
"""The builders that take `weight_bits` and `input_bits`."""


def storage_bits(value) -> int:
    """The bits a kernel may rely on for `value`'s stored integers: 4 or 2 for signed i4 / i2
    storage, else 8 (unsigned sub-byte values fit int8 too)."""
    element = quantized_element(value.type)
    bits = element.storage_bits
    return bits if element.signed and bits in PACKED_BITS else 8


def subbyte_kwargs(op: Operation) -> dict[str, int]:
    """`weight_bits` and `input_bits` of a quant.conv2d / quant.fully_connected."""
    assert isinstance(op, quant.Conv2dOp | quant.FullyConnectedOp)
    return {"weight_bits": storage_bits(op.weight), "input_bits": storage_bits(op.input)}


def check_bits(bits: int, values: np.ndarray | None = None) -> None:
    """ValueError unless `bits` is 8, 4 or 2 and the `values` fit signed `bits` bits."""
    if bits not in (8, *PACKED_BITS):
        raise ValueError(f"weight_bits must be 8, 4 or 2, got {bits}")
    if values is not None and bits < 8 and values.size:
        lo, hi = qn.qrange(bits, signed=True)
        if values.min() < lo or values.max() > hi:
            raise ValueError(f"weights outside the int{bits} range [{lo}, {hi}]")


UNPACK_BYTES = int(
    re.search(r"#define XOPT_UNPACK_BYTES (\d+)", (RUNTIME_C / "xopt_kernels.h").read_text())[1]
)
"""The portable packed kernels' stack scratch: one output channel's weights must fit."""


def portable_bits(weight_bits: int, row: int) -> int:
    """The weight width the portable kernels take for `row` weights per output channel:
    `weight_bits`, or 8 (int8 weights) where the row exceeds their scratch."""
    return weight_bits if row <= UNPACK_BYTES else 8


def pack(values: np.ndarray, bits: int) -> np.ndarray:
    """`values` (flattened) packed in quant_numerics' sub-byte order, as int8 bytes."""
    return qn.pack(values, bits).view(np.int8)
