"""The pipelined form of a layer's loop nest (`tile-for-memory` with 2 or more buffer
slots): the DMA of the next tile's data runs while the current tile computes.

A buffer loaded per outer iteration or per step (inner iteration) that has several slots,
or a rolling input (a ring with room for the next stripe's rows), is prefetched: its load
for the first iteration starts before the loop; iteration n waits for its own load and
starts iteration n + 1's into the next slot, the token carried in the loops' `iter_args`.
The prefetch issued by the last iteration is pushed past the end of its tensor (its first
source coordinate plus `(n + 1) floordiv count` times the tensor's first dimension), so it
moves nothing; it is waited for after the loop. A rolling input whose stripes restart with
each channel chunk (channels outer) loads a chunk's first stripe in the outer loop and
prefetches the next stripes within the chunk. An output tile's DMA to DRAM is waited for
one step later, before the next step's tile goes to the other slot (the first step waits
for `tile.dma_done`). Buffers loaded once, or with one slot, are loaded synchronously as
in the serial form (`LayerLowering.emit_serial`). A reduction over input-channel chunks
prefetches its per-chunk loads (level `reduce`) the same way one level deeper: chunk step u
waits for its own and starts u + 1's (the next tile's first chunk after the last chunk).
"""

from __future__ import annotations

from dataclasses import replace

from xopt.tiling.lower_ir import Cursor, Expr, expr


def prefetched(x) -> bool:
    """Whether the loads of buffer x overlap the compute before them."""
    planned = x.planned
    return x.level in ("outer", "inner", "reduce") and (planned.slots > 1 or x.rolling)


def guarded(box: tuple, next_count: Expr, count: int) -> tuple:
    """The DMA `box`, moved past the end of its source when `next_count` reaches `count`."""
    src, src_at, dst, dst_at, sizes = box
    past = (expr(next_count) // count) * src.type.shape[0]
    return src, [src_at[0], expr(src_at[1]) + past, *src_at[2:]], dst, dst_at, sizes


def emit_pipelined(lw, top: Cursor) -> None:
    """Emit `lw`'s (a `LayerLowering`) loop nest in the pipelined form (module docstring)."""
    n_o, n_i = lw.n_outer, lw.n_inner
    lw.emit_level(top, "pre", lw.index(0, 0))
    outer_loads = [x for x in lw.loads("outer") if prefetched(x)]
    chunk_rolling = [x for x in lw.loads("inner") if prefetched(x) and x.rolling]
    step_loads = [x for x in lw.loads("inner") if prefetched(x) and not x.rolling]
    step_loads += [x for x in lw.loads("reduce") if prefetched(x)]
    first = lw.index(0, 0)
    tokens = [top.start(*lw.load_box(x, first)) for x in (*outer_loads, *step_loads)]
    store_async = lw.output.planned is not None and lw.output.planned.slots > 1
    if store_async:
        tokens.append(top.done())

    outer = top.loop(0, n_o, tokens)
    o = outer.dim(0)
    carried = list(outer.carried)
    for k, x in enumerate(outer_loads):
        outer.wait(carried[k])
        box = lw.load_box(x, lw.index(expr(o) + 1, 0), first=False)
        carried[k] = outer.start(*guarded(box, expr(o) + 1, n_o))
    for x in lw.loads("outer"):
        if not prefetched(x):
            outer.copy(*lw.load_box(x, lw.index(o, 0)))
    chunk = [outer.start(*lw.load_box(x, lw.index(o, 0))) for x in chunk_rolling]

    inner = outer.loop(0, n_i, [*chunk, *carried[len(outer_loads) :]])
    _emit_step(lw, inner, chunk_rolling, step_loads, store_async)
    for token in inner.results[: len(chunk_rolling)]:
        outer.wait(token)
    carried[len(outer_loads) :] = inner.results[len(chunk_rolling) :]
    outer.close(carried)
    for token in outer.results:
        top.wait(token)


def _emit_step(lw, inner: Cursor, chunk_rolling, step_loads, store_async: bool) -> None:
    """The inner loop's body: its carried tokens are the chunk's rolling inputs', the step
    loads' and (last, when `store_async`) the previous output DMA's."""
    n_o, n_i = lw.n_outer, lw.n_inner
    o, i = inner.dim(0), inner.dim(1)
    here = lw.index(o, i)
    steps = list(inner.carried)
    for k, x in enumerate(chunk_rolling):
        inner.wait(steps[k])
        box = lw.load_box(x, lw.index(o, expr(i) + 1), first=False)
        steps[k] = inner.start(*guarded(box, expr(i) + 1, n_i))
    t1 = expr(here.t) + 1
    after = lw.index(t1 // n_i, t1 % n_i, step=t1)
    first = len(chunk_rolling)
    for k, x in enumerate(step_loads, start=first):
        if x.level == "inner":
            inner.wait(steps[k])
            steps[k] = inner.start(*guarded(lw.load_box(x, after), t1, n_o * n_i))
    for x in lw.loads("inner"):
        if not prefetched(x):
            inner.copy(*lw.load_box(x, here))
    if lw.reduces:
        reduced = [k for k, x in enumerate(step_loads, start=first) if x.level == "reduce"]
        _emit_reduction(
            lw, inner, here, [x for x in step_loads if x.level == "reduce"], steps, reduced
        )
    else:
        lw.compute(inner, here)
    box = lw.store_box(here)
    if box is not None and store_async:
        token = inner.start(*box)
        inner.wait(steps[-1])
        steps[-1] = token
    elif box is not None:
        inner.copy(*box)
    inner.close(steps)


def _emit_reduction(lw, inner: Cursor, here, loads, steps: list, positions: list[int]) -> None:
    """The loop over tile `here`'s input-channel chunks: chunk step u waits for its
    prefetched `loads` (tokens `steps[positions]`, replaced by the loop's results), starts
    step u + 1's, loads the rest and computes."""
    loop = inner.loop(0, lw.n_j, [steps[k] for k in positions])
    j = loop.dim(len(loop.indices) - 1)
    u = expr(here.t) * lw.n_j + j
    step = replace(here, j=j, u=u)
    after = lw.index_at(u + 1)
    carried = list(loop.carried)
    for k, x in enumerate(loads):
        loop.wait(carried[k])
        total = lw.n_outer * lw.n_inner * lw.n_j
        carried[k] = loop.start(*guarded(lw.load_box(x, after), u + 1, total))
    for x in lw.loads("reduce"):
        if not prefetched(x):
            loop.copy(*lw.load_box(x, step))
    lw.compute(loop, step)
    loop.close(carried)
    for k, token in zip(positions, loop.results):
        steps[k] = token
