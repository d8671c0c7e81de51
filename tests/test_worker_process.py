"""A worker of the local engine ends with its parent, whichever thread forked it (Linux /proc)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from helpers import alive

# A parent that forks one worker from a thread that then ends, prints the worker's id and waits.
PARENT = """
import multiprocessing, os, sys, threading, time
from concurrent.futures import ProcessPoolExecutor
from lintseq_x.core.engines.worker import start_worker

pools = []  # kept: a pool that is collected stops its workers

def fork_worker():
    forker = (os.getpid(), threading.current_thread() is threading.main_thread())
    pools.append(ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=start_worker, initargs=forker))
    print(pools[0].submit(os.getpid).result(), flush=True)

if sys.argv[1] == "thread":
    thread = threading.Thread(target=fork_worker)
    thread.start()
    thread.join()
else:
    fork_worker()
print("ready", flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("forked_from", ["main", "thread"])
def test_a_worker_outlives_the_thread_that_forked_it_but_not_its_parent(forked_from: str) -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, forked_from], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert parent.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        assert alive(worker), "the worker ended with the thread that forked it"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=60)
        deadline = time.monotonic() + 30
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker)
    finally:
        parent.kill()
