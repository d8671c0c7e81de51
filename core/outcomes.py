"""What became of a run's records, counted as they come back: per language (and all), the paths
and edits written, the records skipped or failed and why; and the paths the progress shows.
Counters only, so that memory stays flat however many records pass."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from .pipeline import RecordResult


@dataclass
class Tally:
    """Counts for one language (or all): what came in and what became of it."""

    records: int = 0
    skipped: int = 0
    failed: int = 0
    paths: int = 0
    edits: int = 0

    def add(self, result: RecordResult) -> None:
        self.records += 1
        self.skipped += result.skipped is not None
        self.failed += result.failed is not None
        self.paths += len(result.edits_per_path)
        self.edits += sum(result.edits_per_path)


class Outcomes:
    """A run's tallies, by language and "all", and its skip and failure reasons by kind."""

    def __init__(self, tallies: dict[str, Tally] | None = None, reasons: Counter[str] | None = None) -> None:
        self.tallies: defaultdict[str, Tally] = defaultdict(Tally, tallies or {})
        self.reasons: Counter[str] = reasons if reasons is not None else Counter()

    @property
    def overall(self) -> Tally:
        """The tally of every language together."""
        return self.tallies["all"]

    def add(self, result: RecordResult) -> None:
        if result.reason:
            self.reasons[reason_kind(result.reason)] += 1
        self.tallies[result.language or "(unknown)"].add(result)
        self.tallies["all"].add(result)

    def as_journal(self) -> dict[str, Any]:
        """The counts as the progress journal keeps them for a resumed run."""
        return {"tallies": {group: asdict(tally) for group, tally in self.tallies.items()}, "reasons": dict(self.reasons)}

    @classmethod
    def from_journal(cls, counts: dict[str, Any]) -> Outcomes:
        """The counts an interrupted run's journal kept (`as_journal`); none for a fresh run."""
        tallies = {group: Tally(**fields) for group, fields in counts.get("tallies", {}).items()}
        return cls(tallies, Counter(counts.get("reasons", {})))


def counted(count: int, noun: str) -> str:
    """`1 record`, `2 records`: a count with its noun, in the plural where it needs one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def reason_kind(reason: str | None) -> str:
    """A skip or failure reason without its particulars: what the summary counts."""
    text = reason or "unknown"
    return text.split(":")[0].split(" (")[0]


class PathCounter:
    """What the progress bar counts: the paths written, and the paths sampled so far by records
    still in flight (their workers say so as they sample; their rows come with their result).

    `expected` is every path the run will have written when it ends: it shrinks when a record
    gives fewer paths than `samples` (skipped or failed). Records come back in input order, so a
    report that arrives after its record (the engine's thread runs late) is ignored."""

    def __init__(self, written: int, expected: int) -> None:
        self.written, self.expected = written, expected
        self.in_flight: dict[int, int] = {}
        self.last_delivered = -1
        self.lock = threading.Lock()

    def sampled(self, index: int, paths: int) -> bool:
        """Record `index` has sampled `paths` so far; False when that is old news."""
        with self.lock:
            if index <= self.last_delivered:
                return False
            self.in_flight[index] = paths
            return True

    def delivered(self, index: int, paths: int, samples: int) -> None:
        """Record `index` came back with `paths` rows, of the `samples` it was expected to give."""
        with self.lock:
            self.written += paths
            self.expected -= samples - paths
            self.last_delivered = index
            for earlier in [known for known in self.in_flight if known <= index]:
                del self.in_flight[earlier]

    def shown(self) -> int:
        with self.lock:
            return self.written + sum(self.in_flight.values())
