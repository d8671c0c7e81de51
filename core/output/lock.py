"""One run per output at a time.

Two runs writing the same output (a command started twice, two jobs of an array given the same
`-o`) would truncate and interleave each other's files and journals, and both would report
success. A run therefore holds an exclusive lock on `<output>.lock` for as long as it writes;
a second run is refused at once, naming the process that holds it.

The lock is `flock`, which the kernel releases when its holder dies however it dies, so a
killed run never leaves a stale lock: a `.lock` file left by `kill -9` is only a name, and the
next run takes it over. Where there is no `fcntl` (Windows), runs are not locked.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from .paths import OutputNameError, unwritable

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(output: Path) -> Path:
    """The file whose lock a run on `output` holds: `<output>.lock`."""
    return output.with_name(output.name + ".lock")


class OutputBusy(Exception):
    """Another run holds the output; the message is one line that says which and what to do."""


class OutputLock:
    """Held from `acquire` until `release` (or the end of a `with` block, or the process)."""

    def __init__(self, path: Path, output: Path) -> None:
        self.path = path
        self.output = output
        self.descriptor: int | None = None

    @classmethod
    def acquire(cls, output: Path) -> OutputLock:
        """Lock `output` (its `<output>.lock`, creating its folder); OutputBusy when another run
        holds it, OutputNameError (one line saying why) when its folder cannot hold it."""
        lock = cls(lock_path(output), output)
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            if fcntl is not None:
                lock._take()
        except OSError as error:  # the first file the run creates: say why the path cannot be written
            raise OutputNameError(unwritable(output, error)) from None
        return lock

    def _take(self) -> None:
        while True:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(descriptor, 64, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(descriptor)
                raise OutputBusy(
                    f"{self.output}: another lintseq-x run (process {holder}) is writing it; "
                    "wait for it to end, or write to another -o"
                ) from None
            # A holder that was releasing removed the file after this open: the lock taken is on
            # a name no one else will find. Take it again on the file now at the path.
            try:
                same = os.path.samestat(os.fstat(descriptor), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(descriptor)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        self.descriptor = descriptor

    def release(self) -> None:
        # Removed while still held, so that no other run can take a lock on it in between.
        if self.descriptor is not None:
            self.path.unlink(missing_ok=True)
            os.close(self.descriptor)
            self.descriptor = None

    def __enter__(self) -> OutputLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()
