"""The signals that stop a run the way Ctrl-C does: SIGTERM (`kill`, a batch system preempting the
job, a container stopping) and SIGHUP (the terminal closed).

Each raises `Stopped`, a KeyboardInterrupt, wherever the run's main thread is. Everything that
already unwinds an interrupt cleanly (the engine stopping its workers, the writer keeping the
complete records and cutting the files back to them) does the same for these.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# Windows has no SIGHUP.
TERMINATION_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """A termination signal arrived during the run."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


def _raise_stopped(signal_number: int, frame: FrameType | None) -> None:
    raise Stopped(signal_number)


@contextmanager
def stopping_on_termination() -> Iterator[None]:
    """While inside, the termination signals raise `Stopped`; the previous handlers come back after.
    A signal that is ignored (SIGHUP under `nohup`) stays ignored: the user asked for the run to go on.
    Off the main thread, which signals never reach, nothing changes."""
    previous = {}
    for number in TERMINATION_SIGNALS if threading.current_thread() is threading.main_thread() else ():
        if signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, _raise_stopped)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def stops_ignored() -> Iterator[None]:
    """While inside, Ctrl-C and the termination signals are ignored, so that a second one cannot
    cut short the clean-up that the first one started; the previous handlers come back after.
    Off the main thread, which signals never reach, nothing changes."""
    numbers = (signal.SIGINT, *TERMINATION_SIGNALS) if threading.current_thread() is threading.main_thread() else ()
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def ignore_further_stops() -> None:
    """A second Ctrl-C or SIGTERM must not cut short the clean-up that the first one started."""
    for number in (signal.SIGINT, *TERMINATION_SIGNALS):
        signal.signal(number, signal.SIG_IGN)


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number, as a shell reports a command a signal stopped (130: Ctrl-C)."""
    return 128 + (interrupt.signal_number if isinstance(interrupt, Stopped) else signal.SIGINT)


def describe(interrupt: KeyboardInterrupt) -> str:
    """`interrupted` (Ctrl-C), or `stopped by SIGTERM`: what stopped a run, for its message."""
    return f"stopped by {interrupt}" if isinstance(interrupt, Stopped) else "interrupted"
