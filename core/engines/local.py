"""The local engine: a process pool on this machine (`pipeline.run_local`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..pipeline import PathsCallback, RecordResult, RunOptions, run_local
from ..input.records import InputRecord

if TYPE_CHECKING:
    from . import EngineSettings


def run_on_local(
    records: Iterable[InputRecord],
    options: RunOptions,
    settings: EngineSettings,
    on_result: Callable[[RecordResult], None],
    on_paths: PathsCallback | None = None,
) -> None:
    run_local(records, options, settings.jobs, on_result, record_timeout=settings.record_timeout, on_paths=on_paths)
