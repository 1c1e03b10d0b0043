"""A minimal progress line on stderr for long steps (batches, calibration, builds)."""

from __future__ import annotations

import sys
import time


class Progress:
    """`Progress("running", total)(done, total)` redraws `running: done/total (x s)`."""

    def __init__(self, label: str, total: int, stream=None):
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.interactive = self.stream.isatty()

    def __call__(self, done: int, total: int | None = None) -> None:
        total = total or self.total
        elapsed = time.monotonic() - self.start
        if self.total <= 1 or (elapsed < 1.0 and done < total):
            return  # quick steps stay quiet
        line = f"{self.label}: {done}/{total} ({time.monotonic() - self.start:.1f} s)"
        if self.interactive:
            self.stream.write("\r" + line + ("\n" if done == total else ""))
        elif elapsed >= 1.0 and (done == total or done % max(1, total // 10) == 0):
            self.stream.write(line + "\n")
        self.stream.flush()
