"""Engines: where the per-record work (`pipeline.process_record`) runs.

Every engine maps the same pure function over the records and hands the results to `on_result`
in input order, so the output does not depend on the engine: `local` (a process pool on this
machine) and `ray` (Ray Data tasks, on a local Ray instance or a cluster). The `ray` engine is
imported only when it is asked for, so Ray is an optional dependency (`lintseq-x[ray]`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the local pool's worker module is imported by pipeline itself
    from ..input.records import InputRecord
    from ..pipeline import PathsCallback, RecordResult, RunOptions

ENGINES = ("local", "ray")


class EngineError(RuntimeError):
    """An engine cannot run at all (Ray missing, a cluster out of reach, a job that failed);
    the message is one line for the user."""


@dataclass(frozen=True)
class EngineSettings:
    """Where and how wide to run.

    jobs: worker processes (local), or CPUs of the local Ray instance the `ray` engine starts.
    record_timeout: seconds one record may take before it is recorded as failed; None: no limit.
    ray_address: a Ray cluster to connect to (`ray` engine); None: RAY_ADDRESS, else a local instance.
    """

    engine: str = "local"
    jobs: int = 1
    record_timeout: float | None = None
    ray_address: str | None = None


def run_records(
    records: Iterable[InputRecord],
    options: RunOptions,
    settings: EngineSettings,
    on_result: Callable[[RecordResult], None],
    on_paths: PathsCallback | None = None,
) -> None:
    """Process `records` on the engine `settings` names, calling `on_result` in input order.

    `on_paths(index, paths)`, where given, hears of paths as they are sampled, before their
    record's result (see `pipeline.PathsCallback`): the local engine reports every path, from
    its worker processes on a thread of its own; the ray engine reports nothing before a
    record's result (its tasks' progress is not streamed back)."""
    if settings.engine == "local":
        from .local import run_on_local

        run_on_local(records, options, settings, on_result, on_paths)
    elif settings.engine == "ray":
        from .ray import run_on_ray

        run_on_ray(records, options, settings, on_result)
    else:
        raise EngineError(f"unknown engine {settings.engine!r}: choose one of {', '.join(ENGINES)}")
