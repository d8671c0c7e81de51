"""A worker process of the engines' pool: how it starts (the parent alone decides when a run
stops, and a worker never outlives it), the work it is sent, and the progress it sends back."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from typing import Any

from ..input.records import InputRecord
from ..pipeline import RecordResult, RunOptions, report_paths_to
from .budget import within_budget

# <linux/prctl.h>
PR_SET_PDEATHSIG = 1
# How often a worker without the Linux call looks for its parent.
PARENT_POLL_SECONDS = 1.0


def start_pool_worker(parent: int, forked_by_main_thread: bool, channel: Any, interval: float) -> None:
    """The pool's initializer: the worker's start (`start_worker`), and its progress channel
    (None: the parent shows no progress)."""
    start_worker(parent, forked_by_main_thread)
    report_paths_to(PathSender(channel, interval) if channel is not None else None)


def process_chunk(chunk: list[InputRecord], options: RunOptions, record_timeout: float | None = None) -> list[RecordResult]:
    """What the pool sends a worker: a chunk of records, each held to its own time budget."""
    return [within_budget(record, options, record_timeout) for record in chunk]


class PathSender:
    """A worker's path reporter (`pipeline.report_paths_to`) for a parent that shows progress:
    the latest count of each record, sent at most every `interval` seconds (records sampled
    between two sends go in one message; the last counts of a chunk may never be sent, as its
    result says them)."""

    def __init__(self, channel: Any, interval: float) -> None:
        self.channel, self.interval = channel, interval
        self.unsent: dict[int, int] = {}
        self.sent_at = 0.0

    def __call__(self, index: int, paths: int) -> None:
        self.unsent[index] = paths
        now = time.monotonic()
        if now - self.sent_at >= self.interval:
            self.channel.put(list(self.unsent.items()))
            self.unsent.clear()
            self.sent_at = now


def start_worker(parent: int, forked_by_main_thread: bool) -> None:
    """How each worker starts: `parent` is the parent's process id, and whether the parent's
    main thread forked the worker."""
    # Ctrl-C reaches the whole process group, and a batch system's SIGTERM or a closed
    # terminal's SIGHUP often do too. The parent stops the run, keeps the complete records and
    # stops its workers; a worker that died of the signal first would look like a crash, and
    # the parent would write its record as failed.
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    _end_with(parent, forked_by_main_thread)


def _end_with(parent: int, forked_by_main_thread: bool) -> None:
    # A forked worker holds both ends of the pool's task pipe, so when the parent is killed
    # outright (kill -9, the out-of-memory killer) no end-of-file ever reaches it: it would wait
    # for work forever, holding its memory. The kernel's parent-death signal comes when the
    # thread that forked ends, not the process: it serves only workers the main thread forked.
    if forked_by_main_thread and sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the call
                os._exit(1)
            return
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)
