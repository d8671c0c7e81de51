"""Engines: where the per-record work (`pipeline.process_record`) runs.

Every engine maps the same pure function over the records and hands the results to `on_result`
in input order, so the output does not depend on the engine (the contract is `base.Engine`):
`local` (a process pool on this machine) and `ray` (Ray Data tasks, on a local Ray instance or a
cluster). The `ray` engine is imported only when it is asked for, so Ray is an optional
dependency (`lintseq-x[ray]`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..input.records import InputRecord
from ..pipeline import PathsCallback, RecordResult, RunOptions
from .base import ENGINES, Engine, EngineError, EngineSettings

__all__ = ["ENGINES", "Engine", "EngineError", "EngineSettings", "engine_for", "run_records"]


def engine_for(settings: EngineSettings) -> Engine:
    """The engine `settings.engine` names, set up with `settings`."""
    if settings.engine == "local":
        from .local import LocalEngine

        return LocalEngine(settings)
    if settings.engine == "ray":
        from .ray import RayEngine

        return RayEngine(settings)
    raise EngineError(f"unknown engine {settings.engine!r}: choose one of {', '.join(ENGINES)}")


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
    engine_for(settings).run(records, options, on_result, on_paths)
