"""A record's time budget (`--record-timeout`): a record that takes longer (a checker that hangs)
comes back failed with the reason, and the run goes on.

Inside a worker the budget is an alarm (`within_budget`); a worker stuck where no alarm reaches
(native code) is stopped from outside by the pool (`WorkerPool.budget`).
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from ..input.records import InputRecord
from ..pipeline import RecordResult, RunOptions, failed_result, process_record
from ..plugin_system.registry import registry


class RecordTimedOut(BaseException):
    """A record's time budget ran out. A BaseException, so that no `except Exception` on the
    way (a plugin's, the checker guard's) can swallow it."""


def within_budget(record: InputRecord, options: RunOptions, seconds: float | None) -> RecordResult:
    """`process_record`, stopped after `seconds` of this record's own time, from inside the worker:
    a checker looping in Python or waiting on its helper process is interrupted by the alarm. One
    stuck in native code, which no signal interrupts, is stopped from outside (`WorkerPool.budget`)."""
    # Signals reach only the main thread, and only where the platform has SIGALRM.
    if seconds is None or not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        return process_record(record, options)

    def expire(signum: int, frame: Any) -> None:
        raise RecordTimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return process_record(record, options)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except RecordTimedOut:
        return timed_out(record, options, seconds)
    finally:
        signal.signal(signal.SIGALRM, previous)


def timed_out(record: InputRecord, options: RunOptions, seconds: float) -> RecordResult:
    """`record` failed for taking longer than `seconds`, naming the checker that judged it."""
    return failed_result(
        record,
        f"time budget exceeded: the record took longer than {seconds:g} s (--record-timeout), so it was stopped "
        f"({_origin_of(record, options)} may hang on this program)",
    )


def _origin_of(record: InputRecord, options: RunOptions) -> str:
    """The checker (and its plugin) that judged `record`, for the reason of a record that hung."""
    found = registry()
    try:
        language = found.get(record.language).name
    except LookupError:
        return "the checker"
    return found.checker_origin(language, options.checker_choice(language))
