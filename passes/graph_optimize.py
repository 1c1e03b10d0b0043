"""`graph-optimize`: the graph-level pipeline that prepares an imported model for small
accelerators (issue 4's rewrites plus the foundation's folds and fusions, in order)."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

DILATED_RULES = ("auto", "phases", "dense-kernel")


def rewrite_steps(dilated_rule: str) -> list[str]:
    """Steps 1-4 of `graph-optimize`: folds and decompositions, before quantization."""
    return [
        "fold-constants",
        "fold-batchnorm",
        "fuse-activation",
        "sink-transposes",
        "canonicalize",
        "fold-pad",
        "decompose-conv-transpose{pad_in_conv=true}",
        f"decompose-dilated-conv{{rule={dilated_rule}}}",
        "fuse-activation",
    ]


def fusion_steps(argmax_group: int) -> list[str]:
    """Steps 5-7 of `graph-optimize`: the Resize+ArgMax fusion and the ArgMax split. Both
    have graph and quant patterns, so `xopt quantize` runs them on the quantized IR, where
    the fused op keeps the calibrated resize type."""
    steps = ["fuse-resize-argmax"]
    if argmax_group:
        steps.append(f"decompose-argmax{{group={argmax_group}}}")
    return [*steps, "canonicalize"]


def pipeline_spec(argmax_group: int, dilated_rule: str) -> str:
    """The passes `graph-optimize` runs, as a pipeline string (see `GraphOptimizePass`)."""
    return ",".join([*rewrite_steps(dilated_rule), *fusion_steps(argmax_group)])


@dataclass(frozen=True)
class GraphOptimizePass(ModulePass):
    """Run the graph-level rewrites a small NPU or MCU needs, in this order:

    1. `fold-constants` (weight-only subgraphs become constants), `fold-batchnorm` and
       `fuse-activation` (so a dilated conv's ReLU is copied into every conv it becomes),
       `sink-transposes` and `canonicalize` (layout transposes and reshapes meet and cancel,
       identities go), and `fold-pad` (explicit Pads into the convs and pools after them);
    2. `decompose-conv-transpose{pad_in_conv=true}`: ConvTranspose as zero insertion and a
       padded convolution;
    3. `decompose-dilated-conv{rule=dilated_rule}`: dilated convs as dense ones (by MAC
       count by default);
    4. `fuse-activation` again, for the convs that replaced transposed convs;
    5. `fuse-resize-argmax`: a Resize whose only use is an ArgMax over channels becomes one
       op writing an int16 class map;
    6. with `argmax_group > 0`, `decompose-argmax{group=argmax_group}` (for hardware that
       reduces at most that many channels at once; 0, the default, keeps ArgMax whole);
    7. `canonicalize` again.

    Decompositions come before fusions so that every conv the later passes see is a plain
    dense conv, and the Resize+ArgMax fusion comes before the ArgMax decomposition, which
    would otherwise hide the ArgMax from it. `gemm-to-conv` is not part of it: only targets
    whose MAC array runs nothing but convolutions want it, and they add it.
    """

    name = "graph-optimize"

    argmax_group: int = 0
    """Channels per ArgMax stage; 0 keeps ArgMax in one stage."""
    dilated_rule: str = "auto"
    """How dilated convs are decomposed: auto, phases or dense-kernel."""

    def __post_init__(self):
        if self.dilated_rule not in DILATED_RULES:
            raise ValueError(
                f"{self.name}: unknown dilated_rule '{self.dilated_rule}'; use one of "
                f"{', '.join(DILATED_RULES)}"
            )
        if self.argmax_group == 1 or self.argmax_group < 0:
            raise ValueError(
                f"{self.name}: argmax_group must be 0 (one stage) or at least 2, "
                f"got {self.argmax_group}"
            )

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        from xopt.ir_io import apply_pipeline

        apply_pipeline(op, pipeline_spec(self.argmax_group, self.dilated_rule), ctx)
