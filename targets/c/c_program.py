"""Kernel calls as a standalone C program: the parameter structs and weights as const data
(as a generated model.c holds them), the activations read from a file.

`render(calls)` gives a C99 program that reads every call's inputs, concatenated in order,
from the file argv[1], runs the calls in order and writes their outputs, concatenated, to
argv[2]. All buffers are one static arena (8-byte aligned slots); no malloc. Call n runs in
instruction-count region n + 1 (`xopt_region.h`), reading and writing files in region 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from xopt.targets.c import abi
from xopt.targets.c.kernel_params import KernelCall

_C_TYPES = {"*i8": "int8_t", "*i32": "int32_t", "*f32": "float"}
CONST_KINDS = {np.dtype(np.int8): "*i8", np.dtype(np.int32): "*i32", np.dtype(np.float32): "*f32"}
"""The `ConstData.array` kind of each dtype of const tensor data."""
_ELEMENT_TYPES = {np.dtype(np.int8): "int8_t", np.dtype(np.float32): "float"}
"""C element type of each input dtype."""
_OUTPUT_TYPES = {np.dtype(np.int8): "int8_t *", np.dtype(np.float32): "float *"}
"""The output pointer type of the kernels; argmax indices of any width are `void *`."""


def _literal(value, kind: str) -> str:
    if kind in ("*f32", "f32"):
        return _float_literal(value)
    return str(int(value))


def _float_literal(value) -> str:
    """A float32 value as an exact C literal (hex; INFINITY / NAN where not finite)."""
    v = float(np.float32(value))
    if np.isnan(v):
        return "NAN"
    if np.isinf(v):
        return "INFINITY" if v > 0 else "-INFINITY"
    return f"{v.hex()}f"


class ConstData:
    """Collects the const arrays and structs that initializers refer to, as C lines (arrays
    wrapped at `PER_LINE` values a line); a generated program or model.c prints `lines`."""

    PER_LINE = 24

    def __init__(self) -> None:
        self.lines: list[str] = []

    def array(self, name: str, values: np.ndarray, kind: str) -> str:
        flat = np.asarray(values).reshape(-1)
        literals = [_literal(v, kind) for v in flat]
        rows = [
            "    " + ", ".join(literals[i : i + self.PER_LINE])
            for i in range(0, len(literals), self.PER_LINE)
        ]
        body = ",\n".join(rows)
        self.lines.append(f"static const {_C_TYPES[kind]} {name}[{flat.size}] = {{\n{body}\n}};")
        return name

    def initializer(self, struct: str, values: dict[str, Any], name: str) -> str:
        """The `{.field = ...}` initializer of `struct`; arrays become named globals."""
        abi.check_fields(struct, values)
        fields = []
        for field, kind in abi.STRUCTS[struct]:
            value, sub = values[field], f"{name}_{field}"
            if kind in ("i32", "f32"):
                text = _literal(value, kind)
            elif value is None:
                text = "0"
            elif kind in _C_TYPES:
                text = self.array(sub, value, kind)
            elif kind == "**xopt_requant":
                text = self._requant_pointers(sub, value)
            elif kind == "**i8":
                text = self._array_pointers(sub, value)
            else:
                text = self.initializer(kind, value, sub)
            fields.append(f".{field} = {text}")
        return "{" + ", ".join(fields) + "}"

    def _array_pointers(self, name: str, entries: Sequence[np.ndarray | None]) -> str:
        pointers = [
            "0" if entry is None else self.array(f"{name}{i}", entry, "*i8")
            for i, entry in enumerate(entries)
        ]
        body = ", ".join(pointers)
        self.lines.append(f"static const int8_t *const {name}[{len(entries)}] = {{{body}}};")
        return name

    def _requant_pointers(self, name: str, entries: Sequence[dict | None]) -> str:
        pointers = []
        for i, entry in enumerate(entries):
            if entry is None:
                pointers.append("0")
                continue
            init = self.initializer("xopt_requant", entry, f"{name}{i}")
            self.lines.append(f"static const xopt_requant {name}{i} = {init};")
            pointers.append(f"&{name}{i}")
        body = ", ".join(pointers)
        self.lines.append(f"static const xopt_requant *const {name}[{len(entries)}] = {{{body}}};")
        return name


def _slot(nbytes: int) -> int:
    return -(-nbytes // 8) * 8


def io_sizes(calls: Sequence[KernelCall]) -> tuple[int, int]:
    """Bytes of the input file and of the output file of `render(calls)`."""
    inputs = sum(x.nbytes for c in calls for x in c.inputs)
    outputs = sum(int(np.prod(c.output_shape)) * c.output_dtype.itemsize for c in calls)
    return inputs, outputs


def render(calls: Sequence[KernelCall], kernels: str = "") -> str:
    """The C program (module docstring); `kernels` is C source of generated kernel functions
    that calls without a params type (`function(inputs..., output)`) call."""
    data, body, offset = ConstData(), [], 0
    if kernels:
        data.lines.append(kernels)
    for n, call in enumerate(calls):
        if call.params_type:
            init = data.initializer(call.params_type, call.params, f"call{n}")
            data.lines.append(f"static const {call.params_type} call{n} = {init};")
        args = [f"&call{n}"] if call.params_type else []
        inputs = []
        for x in call.inputs:
            body.append(f"    read_exact(in, arena + {offset}, {x.nbytes});")
            inputs.append(f"(const {_ELEMENT_TYPES[x.dtype]} *)(arena + {offset})")
            offset += _slot(x.nbytes)
        out_bytes = int(np.prod(call.output_shape)) * call.output_dtype.itemsize
        if call.input_array:
            body.append(f"    const int8_t *const inputs{n}[] = {{{', '.join(inputs)}}};")
            inputs = [f"inputs{n}"]
        out_type = _OUTPUT_TYPES.get(call.output_dtype, "void *")
        call_args = ", ".join([*args, *inputs, f"({out_type})(arena + {offset})"])
        body.append(f"    XOPT_REGION({n + 1});")
        body.append(f"    {call.function}({call_args});")
        body.append("    XOPT_REGION(0);")
        body.append(f"    write_exact(out, arena + {offset}, {out_bytes});")
        offset += _slot(out_bytes)
    return _PROGRAM.format(
        data="\n".join(data.lines), arena=max(offset, 8) // 8, body="\n".join(body)
    )


_PROGRAM = """\
/* Generated by xopt.targets.c.c_program: kernel calls on inputs read from a file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "xopt_kernels.h"
#include "xopt_region.h"

{data}

static int64_t arena_words[{arena}];
#define arena ((unsigned char *)arena_words)

static void read_exact(FILE *f, void *dst, size_t bytes)
{{
    if (fread(dst, 1, bytes, f) != bytes) {{
        fputs("input file too short\\n", stderr);
        exit(1);
    }}
}}

static void write_exact(FILE *f, const void *src, size_t bytes)
{{
    if (fwrite(src, 1, bytes, f) != bytes) {{
        fputs("cannot write the output file\\n", stderr);
        exit(1);
    }}
}}

int main(int argc, char **argv)
{{
    if (argc != 3) {{
        fputs("usage: program INPUTS.bin OUTPUTS.bin\\n", stderr);
        return 2;
    }}
    FILE *in = fopen(argv[1], "rb");
    FILE *out = fopen(argv[2], "wb");
    if (in == NULL || out == NULL) {{
        fputs("cannot open the input or output file\\n", stderr);
        return 1;
    }}
{body}
    fclose(in);
    return fclose(out) == 0 ? 0 : 1;
}}
"""
