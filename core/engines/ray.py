"""The Ray engine: the per-record work as Ray Data tasks, on a local Ray instance or a cluster.

How the work is split. The driver (the process that calls `RayEngine.run`, e.g. `lintseq-x run`)
reads the input and writes the output; the workers only sample. Records go out in windows of a
few hundred per cluster CPU, and each window is one Ray Data dataset:

    from_items (the window's records, pickled, in blocks of RECORDS_PER_TASK)
      → map_batches (one task per block: `process_record` on each record)
      → iter_rows back to the driver, put back into input order and handed to `on_result`.

A window bounds the driver's memory whatever the input size; the next window starts when the
last results of the previous one are back.

Inside a Ray worker, the records of a task run in a child process pool of one — the local
engine's `WorkerPool`, kept for the worker's lifetime so that checkers and their helper
processes stay warm. A record that hangs past the time budget, or kills its process, therefore
comes back failed with exactly the reason the local engine gives, and the Ray worker, its task
and the other records go on. Everything else is `process_record`, so for the same seed the
records (and the skipped and failed ones) are the local engine's.
"""

from __future__ import annotations

import atexit
import logging
import math
import multiprocessing
import os
import pickle
import signal
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..input.records import InputRecord
from ..pipeline import PathsCallback, RecordResult, RunOptions
from .base import Engine, EngineError, EngineSettings, chunks
from .pool import WorkerPool

RECORDS_PER_TASK = 16
TASKS_PER_CPU_PER_WINDOW = 8
MAX_WINDOW = 16_384
CONNECT_TIMEOUT_S = 5.0
# Environment variables that change which plugins a worker loads: a worker must see what the
# driver sees, or the two would disagree about the languages.
FORWARDED_ENV_PREFIX = "LINTSEQ_X_"


class RayEngine(Engine):
    """Ray Data tasks on the Ray instance this process is connected to, the cluster of
    `settings.ray_address` (or RAY_ADDRESS), or a local instance of `settings.jobs` CPUs."""

    name = "ray"

    def run(
        self,
        records: Iterable[InputRecord],
        options: RunOptions,
        on_result: Callable[[RecordResult], None],
        on_paths: PathsCallback | None = None,
    ) -> None:
        """See `Engine.run`. No path is reported before its record's result: the tasks' progress
        is not streamed back, so `on_paths` hears nothing.

        Uses the Ray instance this process is already connected to if there is one; otherwise
        connects to `settings.ray_address` (or RAY_ADDRESS), or starts a local instance with
        `settings.jobs` CPUs, and shuts it down at the end.
        """
        ray = _import_ray()
        started = _connect(ray, self.settings)
        # Quiet through the shutdown too: a run stopped mid-window leaves Ray Data's executor
        # thread to find its Ray gone, and it logs that with a traceback.
        with _quiet_ray_data(ray):
            try:
                cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
                window_size = min(MAX_WINDOW, cpus * TASKS_PER_CPU_PER_WINDOW * RECORDS_PER_TASK)
                for window in chunks(records, window_size):
                    _run_window(ray, window, options, self.settings.record_timeout, cpus, on_result)
            finally:
                if started:
                    ray.shutdown()


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401 - Ray without its data library cannot run this engine
    except ImportError as error:
        raise EngineError(
            f"the ray engine needs Ray Data ({error.name or 'ray'} is not installed): pip install 'lintseq-x[ray]'"
        ) from error
    return ray


def _connect(ray: Any, settings: EngineSettings) -> bool:
    """Join a Ray instance; True when this call started the connection (and must end it)."""
    if ray.is_initialized():
        return False
    address = settings.ray_address or os.environ.get("RAY_ADDRESS") or None
    # ray.init replaces the driver's SIGTERM handler with one that exits at once; the caller's
    # own comes back (`lintseq-x run` stops on SIGTERM as on Ctrl-C, keeping what is complete).
    on_main_thread = threading.current_thread() is threading.main_thread()
    sigterm_handler = signal.getsignal(signal.SIGTERM) if on_main_thread else None
    try:
        if address:
            _check_reachable(address)
            ray.init(address=address, logging_level=logging.ERROR)
        else:
            ray.init(num_cpus=settings.jobs, include_dashboard=False, logging_level=logging.ERROR)
    except EngineError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever Ray raises, the user gets one line
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise EngineError(f"cannot connect to {where}: {_first_line(error)}") from error
    finally:
        if sigterm_handler is not None:
            signal.signal(signal.SIGTERM, sigterm_handler)
    return True


def _check_reachable(address: str) -> None:
    """Fail fast on an address nobody listens at: Ray itself retries such an address for
    minutes before it gives up."""
    if address in ("auto", "local"):
        return  # Ray looks for a running instance on this machine and says at once if there is none
    target = address.removeprefix("ray://")
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        raise EngineError(f"--ray-address must be HOST:PORT, ray://HOST:PORT or auto, not {address!r}")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise EngineError(
            f"cannot reach the Ray cluster at {address}: {reason} (is it running? check --ray-address or RAY_ADDRESS)"
        ) from error


@contextmanager
def _quiet_ray_data(ray: Any) -> Iterator[None]:
    """No Ray Data progress bars or execution logs in the driver: the caller reports progress."""
    context = ray.data.DataContext.get_current()
    logger = logging.getLogger("ray.data")
    saved = (context.enable_progress_bars, logger.level)
    context.enable_progress_bars = False
    logger.setLevel(logging.ERROR)
    try:
        yield
    except BaseException:
        # Stopped or failed: the executor's threads may still log after this returns, about a
        # Ray that is gone; what stopped the run is reported by the caller, in one line.
        logger.setLevel(logging.CRITICAL + 1)
        raise
    context.enable_progress_bars, level = saved
    logger.setLevel(level)


def _run_window(
    ray: Any,
    window: list[InputRecord],
    options: RunOptions,
    record_timeout: float | None,
    cpus: int,
    on_result: Callable[[RecordResult], None],
) -> None:
    items = [{"position": position, "record": pickle.dumps(record)} for position, record in enumerate(window)]
    blocks = min(len(items), max(math.ceil(len(items) / RECORDS_PER_TASK), cpus))
    remote_args: dict[str, Any] = {"num_cpus": 1}
    forwarded = {name: value for name, value in os.environ.items() if name.startswith(FORWARDED_ENV_PREFIX)}
    if forwarded:
        remote_args["runtime_env"] = {"env_vars": forwarded}
    dataset = ray.data.from_items(items, override_num_blocks=blocks).map_batches(
        process_batch,
        batch_size=None,  # a block is a task's batch
        batch_format="numpy",
        fn_kwargs={"options": options, "record_timeout": record_timeout},
        **remote_args,
    )
    waiting: dict[int, RecordResult] = {}
    delivered = 0
    rows = iter(dataset.iter_rows())
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except Exception as error:  # noqa: BLE001 - a failed Ray job is reported in one line
            first = window[delivered].location if delivered < len(window) else "the end"
            raise EngineError(f"the Ray job failed at or after record {first}: {_first_line(error)}") from error
        # on_result's own errors (a full disk) are the caller's to report, not Ray's.
        waiting[int(row["position"])] = pickle.loads(row["result"])
        while delivered in waiting:
            on_result(waiting.pop(delivered))
            delivered += 1
    if delivered != len(window):
        missing = window[delivered].location
        raise EngineError(f"Ray returned {delivered + len(waiting)} of {len(window)} results; {missing} is missing")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return f"{type(error).__name__}: {line}" if line else type(error).__name__


# What runs in a Ray worker: one child process pool per worker process, built on its first
# task and kept, so that checkers (and their helper processes) start once per worker.
_worker_pool: WorkerPool | None = None


def process_batch(batch: dict[str, Any], options: RunOptions, record_timeout: float | None) -> dict[str, Any]:
    """A Ray Data batch of pickled records → their pickled results, in the batch's order."""
    import numpy

    records = [pickle.loads(data) for data in batch["record"]]
    results: list[RecordResult] = []
    _pool_for(options, record_timeout).run_in_order(records, results.append, chunk_size=4)
    encoded = numpy.empty(len(results), dtype=object)
    encoded[:] = [pickle.dumps(result) for result in results]
    return {"position": batch["position"], "result": encoded}


def _pool_for(options: RunOptions, record_timeout: float | None) -> WorkerPool:
    global _worker_pool
    pool = _worker_pool
    if pool is not None and (pool.options, pool.record_timeout) == (options, record_timeout):
        return pool
    if pool is not None:
        pool.kill()
    else:
        atexit.register(_stop_worker_pool)
    # spawn, not fork: a Ray worker runs threads of its own, and a forked child could inherit
    # one of their locks held.
    _worker_pool = WorkerPool(1, multiprocessing.get_context("spawn"), options, record_timeout)
    return _worker_pool


def _stop_worker_pool() -> None:
    if _worker_pool is not None:
        _worker_pool.kill()
