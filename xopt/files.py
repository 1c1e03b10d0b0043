"""Writing outputs atomically, so that a failed command never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import IO

from xopt.errors import XoptError


def atomic_write(path: str, write: Callable[[IO[bytes]], None]) -> None:
    """Call `write` on a temporary file next to `path`, then rename it into place."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise XoptError(f"{path}: output directory does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".xopt-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path: str, text: str) -> None:
    atomic_write(path, lambda f: f.write(text.encode()))
