"""Small quant models that run every compute op the tiled C targets have a tile kernel for,
as IR text, for the tile kernel property tests (`test_tile_kernels.py`). A chain is

    x -> quantize -> pointwise conv -> 3x3 depthwise -> general conv = c
    c + pointwise(c) = e -> max or average pool = f
    f * pointwise(f) = h -> global average pool -> reshape -> fully connected = k
    outputs: dequantize(e), dequantize(h), dequantize(k)

`Chain` holds one chain's drawn geometry and quantization; `module_text(chains)` is a
module running independent chains side by side (an input and three outputs each), so one
build checks several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from xopt.dialects.graph import shapes


@dataclass
class Chain:
    """Channels (c0 in, c1 after the pointwise conv, c2 after the general conv, n
    features), input height and width, the depthwise stride and pads, the general conv's
    kernel and pads, the pool (kind, kernel, stride, pads, whether an average counts
    padding), a seed for weights, biases, scales, zero points and clamps, and the prefix of
    the chain's value names."""

    c0: int
    c1: int
    c2: int
    n: int
    height: int
    width: int
    dw_stride: int
    dw_pads: tuple[int, int, int, int]
    kernel: int
    pads: tuple[int, int, int, int]
    pool: str
    pool_kernel: int
    pool_stride: int
    pool_pads: tuple[int, int, int, int]
    count_include_pad: bool
    seed: int
    prefix: str = ""
    lines: list[str] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    elements: dict[str, str] = field(default_factory=dict)
    shape: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self):
        self.rng = np.random.default_rng(self.seed)

    # ---- types
    def _activation(self) -> str:
        scale = float(np.float32(2.0 ** self.rng.uniform(-7, -2)))
        return f"!quant.uniform<i8:f32, {scale!r}:{int(self.rng.integers(-128, 128))}>"

    def _tensor(self, shape, element: str) -> str:
        return f"tensor<{'x'.join(map(str, shape))}x{element}>"

    def _value(self, name: str, shape, element: str | None = None) -> str:
        self.shape[name] = tuple(shape)
        self.elements[name] = element or self._activation()
        self.types[name] = self._tensor(shape, self.elements[name])
        return self.types[name]

    def _clamp(self) -> str:
        """A fused activation's clamp attribute (with its leading comma), or nothing."""
        if self.rng.integers(2):
            return ""
        lo = int(self.rng.integers(-128, 0))
        return f", clamp = array<i64: {lo}, {int(self.rng.integers(lo + 1, 128))}>"

    # ---- layers
    def _constant(self, name: str, out: int, shape) -> str:
        """Int8 weights of `shape` with symmetric per-channel scales, and an i32 bias."""
        weight = self.rng.integers(-127, 128, shape).astype(np.int8)
        scales = ", ".join(repr(float(np.float32(s))) for s in self.rng.uniform(2e-3, 3e-2, out))
        element = f"!quant.uniform<i8<-127:127>:f32:0, {{{scales}}}>"
        data = weight.tobytes().hex().upper()
        w_type = self._tensor(shape, element)
        dims = "x".join(map(str, shape))
        self.lines.append(
            f'  %{name}_w = quant.constant {{value = dense<"0x{data}"> : tensor<{dims}xi8>}}'
            f" : {w_type}"
        )
        bias = self.rng.integers(-3000, 3000, out).astype("<i4").tobytes().hex().upper()
        self.lines.append(
            f'  %{name}_b = graph.constant {{value = dense<"0x{bias}"> : tensor<{out}xi32>}}'
            f" : tensor<{out}xi32>"
        )
        return w_type

    def _conv(self, name: str, x: str, out: int, kernel: int, stride: int, pads, group: int):
        n, c, h, w = self.shape[x]
        w_type = self._constant(name, out, (out, c // group, kernel, kernel))
        y_shape = shapes.conv2d(
            (n, c, h, w), (out, c // group, kernel, kernel), (stride,) * 2, pads, (1, 1), group
        )
        y_type = self._value(name, y_shape)
        attrs = (
            f"strides = array<i64: {stride}, {stride}>, pads = array<i64: "
            f"{', '.join(map(str, pads))}>, dilations = array<i64: 1, 1>, group = {group} : i64"
            f"{self._clamp()}"
        )
        self.lines.append(
            f"  %{name} = quant.conv2d %{x}, %{name}_w, %{name}_b {{{attrs}}} : "
            f"({self.types[x]}, {w_type}, tensor<{out}xi32>) -> {y_type}"
        )

    def _binary(self, name: str, op: str, a: str, b: str):
        y_type = self._value(name, self.shape[a])
        self.lines.append(
            f"  %{name} = quant.{op} %{a}, %{b} : ({self.types[a]}, {self.types[b]}) -> {y_type}"
        )

    def _pool(self, name: str, x: str):
        n, c, h, w = self.shape[x]
        k, s, p = self.pool_kernel, self.pool_stride, self.pool_pads
        out = [(size + p[i] + p[i + 2] - k) // s + 1 for i, size in enumerate((h, w))]
        same = self.pool == "maxpool"  # keeps its input's quantization
        y_type = self._value(name, (n, c, *out), self.elements[x] if same else None)
        attrs = (
            f"kernel_shape = array<i64: {k}, {k}>, strides = array<i64: {s}, {s}>, "
            f"pads = array<i64: {', '.join(map(str, p))}>"
        )
        if not same:
            attrs += ", count_include_pad" if self.count_include_pad else ""
            attrs += ', rounding = "fixed_point"'
        self.lines.append(
            f"  %{name} = quant.{self.pool} %{x} {{{attrs}}} : ({self.types[x]}) -> {y_type}"
        )

    def _head(self, x: str):
        n, c, _, _ = self.shape[x]
        g_type = self._value("g", (n, c, 1, 1))
        self.lines.append(f"  %g = quant.global_avgpool %{x} : ({self.types[x]}) -> {g_type}")
        r_type = self._value("r", (n, c), self.elements["g"])
        self.lines.append(f"  %r = quant.reshape %g : ({g_type}) -> {r_type}")
        w_type = self._constant("k", self.n, (self.n, c))
        k_type = self._value("k", (n, self.n))
        clamp = self._clamp()
        attrs = f" {{{clamp[2:]}}}" if clamp else ""
        self.lines.append(
            f"  %k = quant.fully_connected %r, %k_w, %k_b{attrs} : "
            f"({r_type}, {w_type}, tensor<{self.n}xi32>) -> {k_type}"
        )

    def build(self) -> tuple[str, list[str], list[tuple[str, str]]]:
        """(input type, body lines, (result, type) per output), names prefixed."""
        shape = (1, self.c0, self.height, self.width)
        x_type = self._value("q", shape)
        body = self.lines
        body.append(f"  %q = quant.quantize %x : {self._tensor(shape, 'f32')} -> {x_type}")
        self._conv("a", "q", self.c1, 1, 1, (0, 0, 0, 0), 1)
        self._conv("b", "a", self.c1, 3, self.dw_stride, self.dw_pads, self.c1)
        self._conv("c", "b", self.c2, self.kernel, 1, self.pads, 1)
        self._conv("d", "c", self.c2, 1, 1, (0, 0, 0, 0), 1)
        self._binary("e", "add", "c", "d")
        self._pool("f", "e")
        self._conv("p", "f", self.c2, 1, 1, (0, 0, 0, 0), 1)
        self._binary("h", "mul", "f", "p")
        self._head("h")
        outputs = []
        for name in ("e", "h", "k"):
            f32 = self._tensor(self.shape[name], "f32")
            body.append(f"  %{name}_f = quant.dequantize %{name} : {self.types[name]} -> {f32}")
            outputs.append((f"%{self.prefix}{name}_f", f32))
        named = [re.sub(r"%(\w+)", rf"%{self.prefix}\1", line) for line in body]
        return self._tensor(shape, "f32"), named, outputs


def module_text(chains: list[Chain]) -> str:
    """A module running `chains` side by side (their prefixes must differ)."""
    args, body, results = [], [], []
    for chain in chains:
        x_type, lines, outputs = chain.build()
        args.append(f"%{chain.prefix}x: {x_type}")
        body += lines
        results += outputs
    types = ", ".join(t for _, t in results)
    values = ", ".join(v for v, _ in results)
    head = f"func.func @main({', '.join(args)}) -> ({types}) {{"
    return "\n".join(
        ["builtin.module {", head, *body, f"  func.return {values} : {types}", "}", "}"]
    )
