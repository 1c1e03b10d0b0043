"""The ctypes mirror of runtime_c's parameter structs (`xopt.targets.c.abi`) has the header's
layout: a C program prints every field's offset and every struct's size."""

from __future__ import annotations

import ctypes
import subprocess

import pytest

from xopt.targets.c import abi, toolchain

pytestmark = pytest.mark.skipif(not toolchain.has_tool("gcc"), reason="no host C compiler (gcc)")


def test_ctypes_layout_matches_header(tmp_path):
    lines = []
    for struct, fields in abi.STRUCTS.items():
        lines.append(f'printf("{struct} size %zu\\n", sizeof({struct}));')
        for field, _ in fields:
            lines.append(f'printf("{struct} {field} %zu\\n", offsetof({struct}, {field}));')
    source = tmp_path / "layout.c"
    source.write_text(
        "#include <stddef.h>\n#include <stdio.h>\n"
        '#include "xopt_kernels.h"\n#include "xopt_tile.h"\n'
        "int main(void) {\n" + "\n".join(lines) + "\nreturn 0;\n}\n"
    )
    program = tmp_path / "layout"
    command = ["gcc", *toolchain.STRICT_FLAGS, f"-I{toolchain.RUNTIME_C}", "-o", str(program)]
    toolchain.run_tool([*command, str(source)], "building layout.c")
    printed = subprocess.run([str(program)], capture_output=True, text=True, check=True).stdout

    expected = []
    for struct, fields in abi.STRUCTS.items():
        ctype = abi.CTYPES_STRUCTS[struct]
        expected.append(f"{struct} size {ctypes.sizeof(ctype)}")
        expected += [f"{struct} {field} {getattr(ctype, field).offset}" for field, _ in fields]
    assert printed.splitlines() == expected


def test_unknown_and_missing_fields_are_named():
    with pytest.raises(ValueError, match=r"missing fields \['hi'\], unknown fields \['high'\]"):
        abi.check_fields(
            "xopt_requant",
            {f: 0 for f in ["multiplier", "shift", "real", "zero_point", "lo", "high"]},
        )
