"""The worker pool both engines sample on: the local engine's pool of `jobs` processes, and in
each Ray worker a pool of one. A worker that dies or hangs costs only the record it held: that
record comes back failed with the reason, the pool is replaced, and the run goes on."""

from __future__ import annotations

import gc
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..input.records import InputRecord
from ..pipeline import PathsCallback, RecordResult, RunOptions, failed_result
from .base import chunks
from .budget import timed_out
from .worker import process_chunk, start_pool_worker

# How much longer than its records' budgets a chunk may take before its worker is killed: the
# alarm inside the worker normally stops a record in time, and this covers its reply's way back.
BACKSTOP_GRACE_SECONDS = 5.0

# A worker process sends the paths it sampled at most this often (see `worker.PathSender`), so
# the messages cost nothing next to the sampling.
PROGRESS_INTERVAL_SECONDS = 0.1

# Chunks waiting for their results: submitted futures, in input order.
InFlight = deque[tuple[list[InputRecord], Future[list[RecordResult]]]]


class PathReader:
    """The parent's end of a pool's progress channel: a thread that hands what the workers send
    to `on_paths`."""

    def __init__(self, channel: Any, on_paths: PathsCallback) -> None:
        self.channel, self.on_paths = channel, on_paths
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._read, name="path-progress", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self.stopping.is_set():
            try:
                batch = self.channel.get(timeout=PROGRESS_INTERVAL_SECONDS)
            except queue.Empty:
                continue
            except (EOFError, OSError):
                return  # the channel was closed under it
            self._hand_on(batch)

    def _hand_on(self, batch: list[tuple[int, int]]) -> None:
        for index, paths in batch:
            self.on_paths(index, paths)

    def stop(self, drain: bool) -> None:
        """Stop reading; with `drain` (the workers have exited), hand on what is still queued.
        A killed worker may have left half a message, so the thread is not waited for long."""
        self.stopping.set()
        self.thread.join(timeout=1.0)
        while drain and not self.thread.is_alive():
            try:
                self._hand_on(self.channel.get(timeout=0.05))
            except (queue.Empty, EOFError, OSError):
                break


class WorkerPool:
    """A process pool that can be replaced when one of its workers dies or hangs."""

    def __init__(
        self,
        jobs: int,
        context: Any,
        options: RunOptions,
        record_timeout: float | None = None,
        on_paths: PathsCallback | None = None,
        progress_interval: float = PROGRESS_INTERVAL_SECONDS,
    ) -> None:
        self.jobs, self.context, self.options, self.record_timeout = jobs, context, options, record_timeout
        self.on_paths, self.progress_interval = on_paths, progress_interval
        self.reader: PathReader | None = None
        self.executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        self.forked = False
        # A new channel for every executor: a worker killed while sending may have left the old
        # one's lock held, or half a message in it.
        channel = self.context.Queue() if self.on_paths is not None else None
        if channel is not None:
            assert self.on_paths is not None
            self.reader = PathReader(channel, self.on_paths)
        # The workers fork in this thread, at the first submit (on Ray, a task's thread).
        forker = (os.getpid(), threading.current_thread() is threading.main_thread())
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=self.context,
            initializer=start_pool_worker,
            initargs=(*forker, channel, self.progress_interval),
        )

    def submit(self, chunk: list[InputRecord]) -> Future[list[RecordResult]]:
        """Send `chunk` to a worker; its future fails with BrokenProcessPool if a worker dies."""
        # The workers fork in the pool's first submit. What they inherit (the plugins, the
        # parsers, everything imported) is frozen for them: each worker's full collections
        # would otherwise walk it again and again, and copy its pages on the way (a tenth of a
        # short run's time at -j 2). The parent thaws it again at once.
        forking = not self.forked
        if forking:
            gc.freeze()
        try:
            return self.executor.submit(process_chunk, chunk, self.options, self.record_timeout)
        except BrokenProcessPool as broken:
            # A worker died before this chunk could be queued (records are still being read,
            # or resubmitted after a death): the chunk fails like those in flight, and
            # `_deliver` recovers it with them.
            failed: Future[list[RecordResult]] = Future()
            failed.set_exception(broken)
            return failed
        finally:
            if forking:
                gc.unfreeze()
                self.forked = True

    def budget(self, records: int) -> float | None:
        """How long to wait for a chunk before its worker is deemed stuck where no alarm reaches
        (native code) and killed. Each record is held to its own budget inside the worker
        (`budget.within_budget`); this is the backstop. Chunks are waited for in submission
        order, and the pool starts them in that order, so the wait starts no earlier than the
        chunk's work."""
        if self.record_timeout is None:
            return None
        return self.record_timeout * records + BACKSTOP_GRACE_SECONDS

    def run_in_order(
        self,
        records: Iterable[InputRecord],
        on_result: Callable[[RecordResult], None],
        chunk_size: int,
        most_in_flight: int | None = None,
    ) -> None:
        """Process `records` in chunks of `chunk_size`, calling `on_result` in input order; with
        `most_in_flight`, no more chunks than that wait at once (memory stays flat on any input)."""
        in_flight: InFlight = deque()
        for chunk in chunks(records, chunk_size):
            in_flight.append((chunk, self.submit(chunk)))
            while most_in_flight is not None and len(in_flight) >= most_in_flight:
                _deliver(in_flight, self, on_result)
        while in_flight:
            _deliver(in_flight, self, on_result)

    def kill(self) -> None:
        """Stop every worker now, whatever it is doing."""
        # A hung worker never returns, so it is killed (Python 3.14 has kill_workers(); before
        # it, the executor's process table is the only handle on its workers).
        kill_workers = getattr(self.executor, "kill_workers", None)
        if kill_workers is not None:
            kill_workers()
        else:
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.reader is not None:
            self.reader.stop(drain=False)
            self.reader = None

    def renew(self) -> None:
        """Replace every worker (one died or hangs)."""
        self.kill()
        self.executor = self._new_executor()

    def shutdown(self) -> None:
        """Wait for the workers to finish what they hold, and end them."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        if self.reader is not None:
            self.reader.stop(drain=True)
            self.reader = None


def _deliver(in_flight: InFlight, pool: WorkerPool, on_result: Callable[[RecordResult], None]) -> None:
    """Wait for the oldest chunk in flight and hand its results on; when its worker died or hung,
    find the record that did it and resubmit the rest."""
    chunk, future = in_flight.popleft()
    try:
        results = future.result(timeout=pool.budget(len(chunk)))
    except (BrokenProcessPool, FutureTimeout):
        # A dead worker fails every future of the pool; a hung one holds only its own chunk,
        # but its pool is replaced to stop it. Only one record did it: run this chunk's
        # records one at a time to find it, then resubmit everything else still in flight.
        pool.renew()
        results = [_alone(record, pool) for record in chunk]
        for position, (waiting, _) in enumerate(in_flight):
            in_flight[position] = (waiting, pool.submit(waiting))
    for result in results:
        on_result(result)


def _alone(record: InputRecord, pool: WorkerPool) -> RecordResult:
    try:
        return pool.submit([record]).result(timeout=pool.budget(1))[0]
    except BrokenProcessPool:
        pool.renew()
        return failed_result(
            record,
            "a worker process died while processing this record (killed, out of memory, or a crash in native code)",
        )
    except FutureTimeout:
        pool.renew()
        assert pool.record_timeout is not None
        return timed_out(record, pool.options, pool.record_timeout)
