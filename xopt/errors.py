"""User-facing errors: one line on stderr and a fixed exit code, never a traceback."""

from __future__ import annotations

BAD_INPUT = 1
"""Exit code for input the user must fix (model, IR, npz, config)."""
BAD_USAGE = 2
"""Exit code for a wrong command line (unknown option, pass or flag value)."""


class XoptError(Exception):
    """An error caused by the user's input or usage; `str(e)` is the one-line message."""

    exit_code = BAD_INPUT

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(XoptError):
    """A wrong command line."""

    exit_code = BAD_USAGE
