"""Why an output path cannot be written, said as the user would say it.

The operating system's own words name the wrong file and the wrong problem: `-o /proc/out.jsonl`
fails as "/proc/out.jsonl.lock: No such file or directory" (the lock file, and /proc exists), and
`-o mine.jsonl/out.jsonl` as "mine.jsonl: File exists" (it is a file, not a folder). A run checks
the path before it creates anything (`path_problem`), and explains whatever creating its folder or
first file still raises (`unwritable`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class OutputNameError(ValueError):
    """An output that cannot be written: a format whose library is missing, a bad shard size, a
    path whose folder cannot hold it. The message is one line naming the path and the reason."""


def path_problem(path: Path) -> str | None:
    """Why `-o path` cannot be written, as far as can be told without creating anything; None
    when nothing is known to be in the way."""
    if path.is_dir():
        return f"{path} is a folder; -o names the output file (for instance {path / 'out.jsonl'})"
    ancestor = _nearest_existing(path.parent)
    if ancestor is not None and not ancestor.is_dir():
        return f"cannot write {path}: {ancestor} is a file, not a folder"
    return None


def unwritable(path: Path, error: OSError) -> str:
    """One line explaining `error`, raised while creating the folder of output `path` or a file
    beside it (its lock, its shards)."""
    known = path_problem(path)
    if known is not None:
        return known
    folder = path.parent
    ancestor = _nearest_existing(folder)
    if ancestor is not None and ancestor != folder:
        where = f"cannot create the folder {folder} for {path}"
        blocked = ancestor
    else:
        where = f"cannot write {path}"
        blocked = folder
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{where}: {blocked} is not writable (permission denied)"
    if error.errno == errno.EROFS:
        return f"{where}: {blocked} is on a read-only file system"
    if error.errno == errno.ENOENT and blocked.is_dir():
        # The folder exists, yet creating a file in it says "no such file": a virtual file system.
        return f"{where}: {blocked} does not accept new files (a special file system such as /proc or /sys)"
    if error.errno == errno.ENOSPC:
        return f"{where}: no space left on the device of {blocked}"
    reason = error.strerror or str(error)
    return f"{where}: {reason[:1].lower()}{reason[1:]}"


def _nearest_existing(folder: Path) -> Path | None:
    """`folder` or its nearest ancestor that exists (as anything), or None."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate):
            return candidate
    return None
