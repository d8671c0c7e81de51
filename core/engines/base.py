"""What every engine is (as datatrove's executor/base.py is for its executors): the settings of
where and how wide to run, the contract `Engine.run` keeps, and what the engines share.

The contract: an engine maps the same pure function (`pipeline.process_record`) over the records
and hands the results to `on_result` in input order, so the output does not depend on the engine.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

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


class Engine(ABC):
    """Runs the per-record work somewhere; `name` is what `--engine` calls it."""

    name: ClassVar[str]

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings

    @abstractmethod
    def run(
        self,
        records: Iterable[InputRecord],
        options: RunOptions,
        on_result: Callable[[RecordResult], None],
        on_paths: PathsCallback | None = None,
    ) -> None:
        """Process `records`, calling `on_result` with each result in input order.

        `on_paths(index, paths)`, where given, hears of paths as they are sampled, before their
        record's result (see `pipeline.PathsCallback`), as far as the engine streams them."""

    def results(self, records: Iterable[InputRecord], options: RunOptions) -> list[RecordResult]:
        """Every record's result, in input order: for callers that hold them all (small inputs)."""
        results: list[RecordResult] = []
        self.run(records, options, results.append)
        return results


def chunks(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    """`records` in lists of `size` (the last one shorter), read as they are needed."""
    chunk: list[InputRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
