"""xopt's QEMU instruction-count plugin: exact counts of a loop of known length, regions
switched by XOPT_REGION markers, and clear errors."""

from __future__ import annotations

import pytest

from xopt.errors import XoptError
from xopt.qemu import parse_counts, run_aarch64
from xopt.targets.c import toolchain

TOOLS = (toolchain.AARCH64_GCC, toolchain.QEMU_AARCH64, "make")
pytestmark = pytest.mark.skipif(
    not all(toolchain.has_tool(t) for t in TOOLS), reason=f"needs {', '.join(TOOLS)}"
)

# The loop is written in assembly so that one iteration is exactly 3 instructions
# (add, subs, b.ne) whatever the compiler does around it.
LOOP = r"""
#include <stdlib.h>
#include "xopt_region.h"

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], 0, 10) : 1, acc = 0;
    XOPT_REGION(7);
    __asm__ volatile("1:\n\tadd %[acc], %[acc], #1\n\tsubs %[n], %[n], #1\n\tb.ne 1b"
                     : [acc] "+r"(acc), [n] "+r"(n) : : "cc");
    XOPT_REGION(0);
    return (int)(acc & 1);
}
"""


@pytest.fixture(scope="module")
def loop_program(tmp_path_factory):
    work = tmp_path_factory.mktemp("icount")
    (work / "loop.c").write_text(LOOP)
    return toolchain.build_program([work / "loop.c"], work / "loop", "aarch64", flags=("-O2",))


def test_counts_scale_with_the_loop(loop_program):
    # Same digit count, so the program's other work (argument parsing) is identical.
    small = run_aarch64([str(loop_program), "1000"], count=True).counts
    large = run_aarch64([str(loop_program), "5000"], count=True).counts
    assert large.regions[7] - small.regions[7] == 3 * 4000
    assert large.total - small.total == 3 * 4000
    assert large.regions[0] == small.regions[0]
    assert sum(large.regions.values()) == large.total
    # Region 7: the loop, the marker closing it, and the few instructions in between.
    assert 3 * 5000 < large.regions[7] < 3 * 5000 + 16


def test_a_failing_program_is_one_clear_error(loop_program, tmp_path):
    with pytest.raises(XoptError, match="missing.*under qemu-aarch64"):
        run_aarch64([str(tmp_path / "missing")])


def test_parse_counts_rejects_a_report_without_total():
    assert parse_counts("total 12\nregion 0 10\nregion 3 2\n").regions == {0: 10, 3: 2}
    with pytest.raises(XoptError, match="no total"):
        parse_counts("region 0 10\n")
