"""The local engine: a process pool on this machine (the embedded default)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable

from ..input.records import InputRecord
from ..pipeline import PathsCallback, RecordResult, RunOptions, process_record, report_paths_to
from ..plugin_system.registry import registry
from .base import Engine
from .pool import PROGRESS_INTERVAL_SECONDS, WorkerPool


class LocalEngine(Engine):
    """`settings.jobs` worker processes; each record held to `settings.record_timeout`."""

    name = "local"

    def run(
        self,
        records: Iterable[InputRecord],
        options: RunOptions,
        on_result: Callable[[RecordResult], None],
        on_paths: PathsCallback | None = None,
    ) -> None:
        """See `Engine.run`; every path is reported, from the worker processes, on a thread of
        this process."""
        run_local(records, options, self.settings.jobs, on_result, record_timeout=self.settings.record_timeout, on_paths=on_paths)


def run_local(
    records: Iterable[InputRecord],
    options: RunOptions,
    jobs: int,
    on_result: Callable[[RecordResult], None],
    chunk_size: int = 4,
    record_timeout: float | None = None,
    on_paths: PathsCallback | None = None,
    progress_interval: float = PROGRESS_INTERVAL_SECONDS,
) -> None:
    """Process `records` in input order on `jobs` processes, calling `on_result` in order.

    At most a few chunks per worker are in flight, so memory stays flat on any input size. A
    worker that dies (killed for memory, a crash in native code) costs only the record it held:
    that record comes back failed, with the reason, and the run goes on.

    With `record_timeout` (seconds for all samples of one record), a record that takes longer (a
    checker that hangs) comes back failed with the reason, its worker is killed and replaced,
    and the run goes on. Records then run in worker processes even with `jobs` 1: only a
    process can be stopped from outside whatever it is stuck in.

    With `on_paths`, each path sampled is reported as it is (see `pipeline.PathsCallback`): from
    worker processes, in batches at most every `progress_interval` seconds, on a thread of this
    process.
    """
    if jobs <= 1 and record_timeout is None:
        _sample_here(records, options, on_result, on_paths)
        return
    jobs = max(jobs, 1)
    registry()  # load plugins once, before the workers fork
    # fork shares the loaded plugins with the workers; where there is none, spawned workers
    # load them on first use.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = WorkerPool(jobs, multiprocessing.get_context(method), options, record_timeout, on_paths, progress_interval)
    try:
        pool.run_in_order(records, on_result, chunk_size, most_in_flight=jobs * 4)
    except BaseException:
        pool.kill()  # interrupted or failed: a worker may be stuck, and nobody wants its result
        raise
    finally:
        pool.shutdown()


def _sample_here(
    records: Iterable[InputRecord],
    options: RunOptions,
    on_result: Callable[[RecordResult], None],
    on_paths: PathsCallback | None,
) -> None:
    report_paths_to(on_paths)
    try:
        for record in records:
            on_result(process_record(record, options))
    finally:
        report_paths_to(None)
