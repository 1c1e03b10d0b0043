"""The liveness allocator: blocks live at a common step never overlap, each sits at a
multiple of its alignment, and the arena is at least the liveness bound (and, on these
small sets, never more than twice it plus the alignment padding)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xopt.tiling.arena import Block, allocate, liveness_bound


@st.composite
def block_sets(draw):
    count = draw(st.integers(1, 24))
    blocks = []
    for i in range(count):
        start = draw(st.integers(0, 20))
        end = draw(st.integers(start, start + 8))
        align = draw(st.sampled_from([1, 1, 4, 16]))
        blocks.append(Block(i, draw(st.integers(0, 5000)), start, end, align))
    return blocks


@settings(max_examples=150)
@given(block_sets())
def test_allocation_is_valid_and_above_the_liveness_bound(blocks):
    offsets, size = allocate(blocks)
    for a in blocks:
        assert offsets[a.key] >= 0 and offsets[a.key] + a.size <= size
        assert a.size == 0 or offsets[a.key] % a.align == 0
        for b in blocks:
            if a.key < b.key and a.size and b.size and a.start <= b.end and b.start <= a.end:
                apart = offsets[a.key] + a.size <= offsets[b.key]
                assert apart or offsets[b.key] + b.size <= offsets[a.key]
    bound = liveness_bound(blocks)
    padding = sum(b.align - 1 for b in blocks)
    assert bound <= size <= 2 * bound + padding or bound == 0
