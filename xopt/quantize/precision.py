"""Per-layer precision: weight and activation bits, or FP32 fallback, from defaults, a config
file and `--layer NAME=w4a8` options.

A layer is a non-constant graph op, named after its result (the name `xopt` prints for it,
an ONNX tensor name). `aN` is the width of the layer's output activations; `wN` the width of
its weights (conv2d, gemm, matmul). A precision is written `w4a8`, `w8a8`, `a4` (activation
only) or `fp32` (keep the layer in float). A config file is TOML or JSON:

    weight_bits = 8            # defaults, overridden by --weight-bits / --act-bits
    act_bits = 8
    [op_types]                 # by op type: graph op name (conv2d, gemm) or ONNX (Conv, Gemm)
    gemm = "w8a8"
    [layers]                   # by layer name; layers beat op types, --layer beats both
    "features.3.conv" = "w4a8"
    "logits" = "fp32"
    [ranges]                   # clipping-range method per tensor (minmax, percentile, mse)
    "features.3.conv" = "percentile"
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import tomllib

from xopt.errors import UsageError, XoptError

BIT_WIDTHS = (2, 4, 8)
"""Weight and activation widths xopt quantizes to."""

RANGE_METHODS = ("auto", "minmax", "percentile", "mse")

ONNX_OP_TYPES = {
    "Conv": "conv2d",
    "Gemm": "gemm",
    "MatMul": "matmul",
    "Add": "add",
    "Mul": "mul",
    "Concat": "concat",
    "MaxPool": "maxpool",
    "AveragePool": "avgpool",
    "GlobalAveragePool": "global_avgpool",
    "Resize": "resize",
    "Relu": "relu",
    "Clip": "clip",
    "Sigmoid": "sigmoid",
    "Tanh": "tanh",
    "HardSwish": "hard_swish",
}
"""ONNX op types a config may name, and the graph op each imports as."""

_PRECISION_RE = re.compile(r"(?:w(\d+))?(?:a(\d+))?")


@dataclass(frozen=True)
class Precision:
    """How one layer is quantized."""

    weight_bits: int = 8
    act_bits: int = 8
    fallback: bool = False

    def __str__(self) -> str:
        return "fp32" if self.fallback else f"w{self.weight_bits}a{self.act_bits}"


def check_bits(bits: int, what: str) -> int:
    if bits not in BIT_WIDTHS:
        raise XoptError(
            f"unsupported {what} bit width {bits}; use one of {', '.join(map(str, BIT_WIDTHS))}"
        )
    return bits


@dataclass(frozen=True)
class Override:
    """A partial precision: the fields a config entry or option sets."""

    weight_bits: int | None = None
    act_bits: int | None = None
    fallback: bool | None = None

    def apply(self, base: Precision) -> Precision:
        return Precision(
            self.weight_bits if self.weight_bits is not None else base.weight_bits,
            self.act_bits if self.act_bits is not None else base.act_bits,
            self.fallback if self.fallback is not None else base.fallback,
        )


def parse_precision(text: str, where: str) -> Override:
    """`w4a8`, `w2`, `a4`, `fp32` (or `float`) as an Override."""
    spec = text.strip().lower()
    if spec in ("fp32", "float"):
        return Override(fallback=True)
    match = _PRECISION_RE.fullmatch(spec)
    if not spec or match is None:
        raise XoptError(f"{where}: bad precision '{text}'; write e.g. w4a8, w8, a4 or fp32")
    w, a = (int(g) if g else None for g in match.groups())
    if w is not None:
        check_bits(w, f"{where}: weight")
    if a is not None:
        check_bits(a, f"{where}: activation")
    return Override(w, a, False)


@dataclass
class PrecisionConfig:
    """Defaults plus overrides by op type and by layer name, and range methods per tensor."""

    default: Precision = Precision()
    op_types: dict[str, Override] = field(default_factory=dict)
    layers: dict[str, Override] = field(default_factory=dict)
    ranges: dict[str, str] = field(default_factory=dict)

    def with_defaults(self, weight_bits: int | None, act_bits: int | None) -> PrecisionConfig:
        return replace(self, default=Override(weight_bits, act_bits).apply(self.default))

    def with_layer_options(self, options: Sequence[str]) -> PrecisionConfig:
        """Apply `--layer NAME=PRECISION` options (they beat the config file)."""
        layers = dict(self.layers)
        for option in options:
            name, sep, spec = option.rpartition("=")
            if not sep or not name:
                raise UsageError(f"--layer {option}: expected NAME=PRECISION, e.g. conv1=w4a8")
            layers[name] = parse_precision(spec, f"--layer {option}")
        return replace(self, layers=layers)

    def resolve(self, layers: Iterable[tuple[str, str]]) -> dict[str, Precision]:
        """Precision of each `(name, op_type)` layer; names or op types that match nothing
        in the model are errors."""
        layers = list(layers)
        names = {name for name, _ in layers}
        types = {op_type for _, op_type in layers}
        for name in [*self.layers, *self.ranges]:
            if name not in names:
                raise XoptError(
                    f"the precision config names layer '{name}', which the model does not "
                    f"have; layers are: {_listing(sorted(names))}"
                )
        for op_type in self.op_types:
            if op_type not in types:
                raise XoptError(
                    f"the precision config names op type '{op_type}', which the model does not "
                    f"have; op types are: {', '.join(sorted(types))}"
                )
        result = {}
        for name, op_type in layers:
            precision = self.default
            if op_type in self.op_types:
                precision = self.op_types[op_type].apply(precision)
            if name in self.layers:
                precision = self.layers[name].apply(precision)
            result[name] = precision
        return result


def _listing(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


def _op_type(name: str) -> str:
    return ONNX_OP_TYPES.get(name, name.removeprefix("graph."))


def load_config(path: str) -> PrecisionConfig:
    """Read a TOML (`.toml`) or JSON config; see the module docstring."""
    file = Path(path)
    try:
        text = file.read_text()
    except OSError as e:
        raise XoptError(f"cannot read precision config {path}: {e.strerror}") from None
    try:
        data = tomllib.loads(text) if file.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as e:
        kind = "TOML" if file.suffix == ".toml" else "JSON"
        raise XoptError(f"{path}: not valid {kind}: {e}") from None
    if not isinstance(data, dict):
        raise XoptError(f"{path}: expected a table of settings at the top level")
    known = {"weight_bits", "act_bits", "op_types", "layers", "ranges"}
    for key in data:
        if key not in known:
            raise XoptError(f"{path}: unknown setting '{key}'; expected {', '.join(sorted(known))}")
    default = Precision(
        check_bits(int(data.get("weight_bits", 8)), f"{path}: weight"),
        check_bits(int(data.get("act_bits", 8)), f"{path}: activation"),
    )
    op_types = {
        _op_type(k): parse_precision(str(v), f"{path}: op type {k}")
        for k, v in _table(data, "op_types", path).items()
    }
    layers = {
        k: parse_precision(str(v), f"{path}: layer {k}")
        for k, v in _table(data, "layers", path).items()
    }
    ranges = {}
    for name, method in _table(data, "ranges", path).items():
        if method not in RANGE_METHODS:
            raise XoptError(
                f"{path}: range method '{method}' for {name}; use one of {', '.join(RANGE_METHODS)}"
            )
        ranges[name] = method
    return PrecisionConfig(default, op_types, layers, ranges)


def _table(data: dict, key: str, path: str) -> dict:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise XoptError(f"{path}: '{key}' must be a table of name = value entries")
    return table
