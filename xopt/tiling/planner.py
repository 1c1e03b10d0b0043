"""`plan_network`: layers -> per-layer tilings, residency and cascades -> SRAM and DRAM
placement -> a `Plan` with per-layer accounting, totals and lower bounds."""

from __future__ import annotations

from xdsl.dialects.builtin import ModuleOp

from xopt.errors import XoptError
from xopt.memory import activation_peak
from xopt.tiling.arena import Block, allocate, liveness_bound
from xopt.tiling.fusion import Cascade, CascadeSearch
from xopt.tiling.layers import Layer, Network, extract_network
from xopt.tiling.lower_core import core_module
from xopt.tiling.plan import (
    ROWS_OUTER,
    Buffer,
    CascadePlan,
    LayerPlan,
    MemoryLevel,
    OperandPlan,
    Plan,
    TensorPlan,
    Tile,
)
from xopt.tiling.residency import Decisions, Optimizer, Segment
from xopt.tiling.search import BufferSpec, TileSearch, TilingPolicy


def plan_module(
    module: ModuleOp,
    sram: int,
    buffers: int = 2,
    policy: TilingPolicy | None = None,
    cascades: bool = True,
) -> Plan:
    """Plan `@main` of a graph- or quant-level module for `sram` bytes of SRAM (without
    cascades when `cascades` is false). Only its integer core is planned
    (`lower_core.core_module`): the float boundary of a quantized model (quantize of its
    inputs, dequantize of its outputs) runs outside the tiled memory, as `tile-for-memory`
    leaves it, so the plan's traffic is what the tiled IR moves."""
    module = core_module(module)
    network = extract_network(module)
    bound = None if network.assumed_int8 else activation_peak(module).peak_bytes
    return plan_network(network, sram, buffers, policy or TilingPolicy(), bound, cascades)


def plan_network(
    network: Network,
    sram: int,
    buffers: int = 2,
    policy: TilingPolicy | None = None,
    arena_bound: int | None = None,
    cascades: bool = True,
) -> Plan:
    """Plan a network (see the `xopt.tiling` docstring); `arena_bound` defaults to the
    liveness bound of the network's own tensors."""
    if buffers < 1:
        raise XoptError(f"buffers must be at least 1, got {buffers}")
    policy = policy or TilingPolicy()
    tiles = TileSearch(network, buffers, policy)
    needs = [(tiles.table(i).min_sram(), -i) for i in range(len(network.layers))]
    need, position = max(needs, default=(0, 0))
    if need > sram:
        raise XoptError(
            f"does not fit: layer {network.layers[-position].name} needs at least {need} "
            f"bytes of SRAM (got {sram})"
        )
    optimizer = Optimizer(
        network, sram, tiles, CascadeSearch(network, buffers, policy.row_multiple), cascades
    )
    optimizer.improve()
    decisions = optimizer.place()
    return _assemble(network, sram, buffers, decisions, optimizer, arena_bound)


def untiled_traffic(network: Network) -> int:
    """DRAM bytes when every tensor round-trips DRAM: each layer reads all its operands,
    weights and biases and writes its output."""
    total = 0
    for layer in network.layers:
        total += sum(network.tensors[o.tensor].bytes for o in layer.operands)
        total += sum(network.constants[c] for c in (layer.weight, layer.bias) if c is not None)
        total += network.tensors[layer.output].bytes
    return total


def lower_bound(network: Network) -> int:
    """Each constant read once, the network inputs read once, the outputs written once."""
    ends = sum(t.bytes for t in network.tensors.values() if t.is_input or t.is_output)
    return sum(network.constants.values()) + ends


def _assemble(network, sram, buffers, decisions: Decisions, optimizer, arena_bound) -> Plan:
    cascades: list[CascadePlan] = []
    layer_plans: list[LayerPlan] = []
    rings = set()
    for seg in decisions.segments:
        choice = decisions.choices[seg]
        specs = _placed(seg, choice.buffers, decisions.sram_offsets)
        resident_peak = optimizer.occupied(seg, decisions.resident)
        if isinstance(choice, Cascade):
            rings |= {name for name, _ in choice.ring_rows}
            cascades.append(_cascade_plan(seg, choice, specs))
            for j in range(seg.first, seg.last + 1):
                layer_plans.append(
                    _cascade_layer(
                        network, j, choice, specs, decisions, len(cascades) - 1, resident_peak
                    )
                )
            continue
        layer = network.layers[seg.first]
        layer_plans.append(
            LayerPlan(
                layer.index,
                layer.name,
                layer.op_name,
                layer.kind,
                Tile(
                    choice.channels,
                    choice.rows,
                    choice.cols,
                    choice.in_channels,
                    choice.in_chunks,
                ),
                choice.order,
                choice.rolling,
                _operands(layer, decisions.resident, rings),
                layer.output in decisions.resident,
                specs,
                layer.macs,
                choice.read_bytes,
                choice.write_bytes,
                choice.sram_bytes + resident_peak,
                choice.transfers,
            )
        )
    tensors, arena = _tensor_plans(network, optimizer, decisions, rings)
    bound = arena_bound if arena_bound is not None else _tensor_bound(network, optimizer)
    notes = (
        ("float model planned as int8 activations/weights, int32 biases",)
        if network.assumed_int8
        else ()
    )
    return Plan(
        sram_bytes=sram,
        buffers=buffers,
        levels=(MemoryLevel("dram", None), MemoryLevel("sram", sram)),
        layers=tuple(layer_plans),
        tensors=tensors,
        cascades=tuple(cascades),
        macs=sum(p.macs for p in layer_plans),
        dram_read_bytes=sum(p.dram_read_bytes for p in layer_plans),
        dram_write_bytes=sum(p.dram_write_bytes for p in layer_plans),
        dma_transfers=sum(p.dma_transfers for p in layer_plans),
        dram_lower_bound_bytes=lower_bound(network),
        arena_bytes=arena,
        arena_lower_bound_bytes=bound,
        sram_used_bytes=decisions.sram_used,
        assumed_int8=network.assumed_int8,
        notes=notes,
    )


def _placed(seg: Segment, specs: tuple[BufferSpec, ...], offsets: dict) -> tuple[Buffer, ...]:
    return tuple(
        Buffer(s.role, s.tensor, offsets[(seg, k)], s.slot_bytes, s.slots, s.rows)
        for k, s in enumerate(specs)
    )


def _operands(layer: Layer, resident: set[str], rings: set[str]) -> tuple[OperandPlan, ...]:
    return tuple(
        OperandPlan(o.tensor, "sram" if o.tensor in resident | rings else "dram")
        for o in layer.operands
    )


def _cascade_plan(seg: Segment, choice: Cascade, specs) -> CascadePlan:
    return CascadePlan(
        tuple(range(seg.first, seg.last + 1)),
        choice.stripe_rows,
        choice.stripes,
        choice.rows_per_stripe,
        choice.ring_rows,
        specs,
    )


def _cascade_layer(network, position, choice: Cascade, specs, decisions, index, resident_peak):
    """A cascade member's plan: the buffers and traffic that belong to it (its weights,
    the operands it reads, the output if it is the last layer)."""
    layer = network.layers[position]
    last = position == choice.last
    rings = {name for name, _ in choice.ring_rows}
    mine = tuple(
        (b, s)
        for b, s in zip(specs, decisions.choices[Segment(choice.first, choice.last)].buffers)
        if b.tensor in (layer.weight, layer.bias)
        or (b.role in ("input", "side", "ring") and b.tensor in {o.tensor for o in layer.operands})
        or (b.role == "output" and last)
    )
    reads = sum(s.dram_bytes for b, s in mine if b.role != "output")
    rows = choice.rows_per_stripe[position - choice.first]
    return LayerPlan(
        layer.index,
        layer.name,
        layer.op_name,
        layer.kind,
        Tile(layer.channels, rows, layer.cols.out_size, layer.in_channels_for(layer.channels)),
        ROWS_OUTER,
        True,
        _operands(layer, decisions.resident, rings),
        not last or layer.output in decisions.resident,
        tuple(b for b, _ in mine),
        layer.macs,
        reads,
        sum(s.dram_bytes for b, s in mine if b.role == "output"),
        choice.sram_bytes + resident_peak,
        sum(s.transfers for _, s in mine),
        index,
    )


def _tensor_plans(network: Network, optimizer, decisions: Decisions, rings: set[str]):
    """Tensor plans and the arena size. The arena places each tensor over its live layers,
    widened to whole cascades: a cascade's layers run interleaved, stripe by stripe."""
    span = {p: seg for seg in decisions.segments for p in range(seg.first, seg.last + 1)}
    blocks = [
        Block(name, t.bytes, span[first].first, span[last].last)
        for name, t in network.tensors.items()
        for first, last in [optimizer.interval[name]]
    ]
    offsets, arena = allocate(blocks)
    plans = []
    for name, t in network.tensors.items():
        home = "sram" if name in decisions.resident else "ring" if name in rings else "dram"
        sram_offset = decisions.sram_offsets.get(("tensor", name))
        first, last = optimizer.interval[name]
        plans.append(
            TensorPlan(
                name,
                t.shape,
                t.bytes,
                home,
                offsets[name],
                sram_offset,
                t.producer if t.is_input else first,
                last,
            )
        )
    return tuple(plans), arena


def _tensor_bound(network: Network, optimizer) -> int:
    return liveness_bound(
        [Block(name, t.bytes, *optimizer.interval[name]) for name, t in network.tensors.items()]
    )
