"""Tile geometry shared by the tile ops, their executor and the planner
(`xopt.tiling.layers.Axis`): which input a tile of a layer's output needs.

Along one spatial axis, output positions [o, o + n) of a window op (conv, pool) with stride
s, padding before p, kernel k and dilation d read input positions [o*s - p, o*s - p + span)
with span = (n - 1) * s + (k - 1) * d + 1; positions outside [0, size) are padding.
"""

from __future__ import annotations


def input_span(start: int, count: int, stride: int, pad: int, kernel: int, dilation: int = 1):
    """(first input position, extent) that output positions [start, start + count) read."""
    return start * stride - pad, (count - 1) * stride + (kernel - 1) * dilation + 1


def clip(start: int, count: int, size: int) -> tuple[int, int]:
    """[start, start + count) intersected with [0, size), as (start, count >= 0)."""
    low, high = max(start, 0), min(start + count, size)
    return low, max(high - low, 0)


def group_channels(c0: int, c1: int, out_per_group: int, in_per_group: int) -> tuple[int, int]:
    """Input channels [i0, i1) that output channels [c0, c1) of a grouped conv read; the
    channel range must start and end on group boundaries (or inside one group)."""
    g0, g1 = c0 // out_per_group, -(-c1 // out_per_group)
    return g0 * in_per_group, g1 * in_per_group
