"""Where plugins keep what their checkers need (npm packages, a compiled helper), and the lock
that lets several workers set it up at once without tripping over each other."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def cache_dir(name: str) -> Path:
    """`$XDG_CACHE_HOME/lintseq-x/<name>` (by default ~/.cache/lintseq-x/<name>)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lintseq-x" / name


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` (created if missing) for the block.

    Where the platform has no flock the block runs unlocked: setups are written to be
    idempotent, so a race costs time, not correctness.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock
