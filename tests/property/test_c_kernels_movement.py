"""Property tests: runtime_c's movement kernels (transpose, pad, crop, phase_slice,
insert_zeros, interleave) equal the quant executor bit for bit on hypothesis-drawn shapes:
the quant executor on NCHW, the C kernels on NHWC (transpose on plain arrays)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xopt.dialects.graph.phase_ops import interleave_shapes
from xopt.targets.c import toolchain
from xopt.targets.c.kernel_harness import KernelCase, assert_matches
from xopt.testing_strategies import int8s, zero_points

pytestmark = pytest.mark.skipif(not toolchain.has_tool("gcc"), reason="no host C compiler (gcc)")
SETTINGS = settings(max_examples=60, deadline=None)


def nchw(draw, max_size: int = 5) -> np.ndarray:
    shape = (1, *(draw(st.integers(1, max_size)) for _ in range(3)))
    return int8s(draw, shape)


@SETTINGS
@given(st.data())
def test_transpose(data):
    shape = tuple(data.draw(st.integers(1, 4)) for _ in range(data.draw(st.integers(0, 4))))
    perm = data.draw(st.permutations(range(len(shape))))
    assert_matches(KernelCase("transpose", (int8s(data.draw, shape), perm)))


def test_transpose_is_the_nchw_nhwc_conversion():
    x = np.arange(24, dtype=np.int8).reshape(1, 2, 3, 4)
    call = KernelCase("transpose", (x, (0, 2, 3, 1))).call()
    assert call.output_shape == (1, 3, 4, 2) and not call.output_in_c_layout


@SETTINGS
@given(st.data())
def test_pad_and_crop(data):
    rank = data.draw(st.sampled_from([2, 3, 4]))
    x = nchw(data.draw) if rank == 4 else int8s(data.draw, (3, 4, 2)[:rank])
    pads = [data.draw(st.integers(0, 2)) for _ in range(2 * rank)]
    assert_matches(KernelCase("pad", (x, pads, data.draw(zero_points))))
    crops = [data.draw(st.integers(0, d // 2)) for d in x.shape]
    crops += [data.draw(st.integers(0, d - b - 1)) for d, b in zip(x.shape, crops)]
    assert_matches(KernelCase("crop", (x, crops)))


@SETTINGS
@given(st.data())
def test_insert_zeros(data):
    strides = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    assert_matches(KernelCase("insert_zeros", (nchw(data.draw), strides, data.draw(zero_points))))


@SETTINGS
@given(st.data())
def test_phase_slice_and_interleave(data):
    x = nchw(data.draw, 7)
    _, c, h, w = x.shape
    factors = (data.draw(st.integers(1, min(h, 3))), data.draw(st.integers(1, min(w, 3))))
    phases = [int8s(data.draw, shape) for shape in interleave_shapes(x.shape, factors)]
    assert_matches(KernelCase("interleave", (phases, factors, x.shape)))
    offsets = (data.draw(st.integers(0, h - 1)), data.draw(st.integers(0, w - 1)))
    size = tuple(-(-(n - a) // f) for n, a, f in zip((h, w), offsets, factors))
    assert_matches(KernelCase("phase_slice", (x, offsets, factors, size)))
