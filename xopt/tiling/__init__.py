"""Planning a network for a small on-chip memory: tiles, residency, cascades, arena, traffic.

`layers` extracts the layers and activations of `@main` (graph or quant IR) through
`MainReader`, which also names values for the lowering; `search`
picks each layer's tile shape and loop order by exact search; `fusion` evaluates cascades
of consecutive layers run stripe by stripe; `residency` decides which activations stay in
SRAM and which layers cascade; `arena` places buffers by liveness; `planner` assembles the
`plan.Plan` (the contract of the `tile-for-memory` lowering); `report` and `sweep` print
and plot it; `validate` re-checks a plan independently.
"""

from xopt.tiling.layers import MainReader, extract_network
from xopt.tiling.plan import Plan
from xopt.tiling.planner import plan_module, plan_network
from xopt.tiling.search import POLICIES, TilingPolicy

__all__ = [
    "POLICIES",
    "MainReader",
    "Plan",
    "TilingPolicy",
    "extract_network",
    "plan_module",
    "plan_network",
]
