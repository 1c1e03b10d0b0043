"""Hypothesis strategies shared by the kernel property tests (needs the `test` extra):
int8 ranges, zero points, power-of-two scales, seeded int8 arrays and clamp bounds."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

INT8 = (-128, 127)

zero_points = st.integers(-128, 127)
scales = st.floats(-12, 2).map(lambda e: float(np.float32(2.0**e)))
"""float32 powers of two from 2^-12 to 4 (exponents drawn as floats)."""


def int8s(draw, shape) -> np.ndarray:
    """A uniformly random int8 array of `shape` from a drawn seed."""
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).integers(-128, 128, shape).astype(np.int8)


@st.composite
def bounds(draw):
    """The int8 range, or a fused activation's narrower clamp."""
    if draw(st.booleans()):
        return INT8
    lo = draw(st.integers(-128, 0))
    return lo, draw(st.integers(lo, 127))
