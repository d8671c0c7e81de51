"""How a worker process of the local engine starts: the parent alone decides when a run stops,
and a worker never outlives it."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

# <linux/prctl.h>
PR_SET_PDEATHSIG = 1
# How often a worker without the Linux call looks for its parent.
PARENT_POLL_SECONDS = 1.0


def start_worker(parent: int, forked_by_main_thread: bool) -> None:
    """The pool's initializer, in each worker: `parent` is the parent's process id, and whether
    the parent's main thread forked the worker."""
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
