"""Writing a run's output so that it can be interrupted, killed and resumed.

`OutputWriter` takes each input record's result in input order (rows, or a skipped or failed
line), writes it to the data files (`output_sinks`), and every second or so commits: it syncs the
data to disk and then replaces a small JSON journal, `<output>.progress`, that says how many input
records are complete and how many bytes of each file hold them. Nothing is ever taken as complete
unless the journal says so, so:

- killed at any point (`kill -9`, a power cut), the files are cut back to the journal's offsets by
  the next `--resume`, which then skips the records the journal counts. Each record's random
  stream depends only on the seed and its position, so the rows equal those of a run never
  interrupted;
- interrupted (Ctrl-C), the writer commits the last complete record and cuts the files back to it,
  so no half-written record remains;
- until the run finishes, everything is written under `.partial` names; a finished run renames
  them into place and deletes the journal and the spools.

The journal also holds what must not change between an interrupted run and its resumption (the
input, the options that shape the rows: the "fingerprint"), the command to resume with, and the
counts the summary reports.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .layout import OutputLayout, partial, spool
from .sinks import JsonlSink, ResumeError, Sink, open_sink

JOURNAL_VERSION = 1
# Seconds between commits: what a kill can cost at most, against one fsync per file per commit.
COMMIT_SECONDS = 1.0
SIDE_KINDS = ("skipped", "failed")

__all__ = ["AtomicWriter", "OutputWriter", "Resumed", "ResumeError", "ResumeRefused"]


class ResumeRefused(Exception):
    """`--resume` cannot continue this output (different options, a journal from another version);
    the message is one line that says why and what to do."""


@dataclass
class Resumed:
    """Where a run starts: after `records_done` input records, with the counts they gave.

    note: a line to tell the user, when `--resume` found nothing to resume.
    """

    records_done: int = 0
    rows: int = 0
    counts: dict[str, Any] = field(default_factory=dict)
    note: str | None = None


def fingerprint_differences(recorded: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """`name was A, now B` for every entry of the fingerprint that differs."""
    differences = []
    for name in sorted(set(recorded) | set(current)):
        if recorded.get(name) != current.get(name):
            differences.append(f"{name} was {_shown(recorded.get(name))}, now {_shown(current.get(name))}")
    return differences


def _shown(value: Any) -> str:
    return "(not set)" if value is None else json.dumps(value, ensure_ascii=False)


class OutputWriter:
    """The output of one run: its data shards, its skipped and failed side files, its journal."""

    def __init__(
        self, layout: OutputLayout, fingerprint: dict[str, Any], command: str, commit_seconds: float = COMMIT_SECONDS
    ) -> None:
        self.layout = layout
        self.fingerprint = fingerprint
        self.command = command
        self.commit_seconds = commit_seconds
        self.records_done = 0
        self.rows = 0
        self.shard = 0
        self.shard_rows: list[int] = []  # rows of each completed shard
        self.sink: Sink | None = None
        self.sides: dict[str, JsonlSink] = {}
        self.closed_spools: list[Sink] = []  # completed shards whose spools wait for a commit
        self.finishing = False
        self.snapshot: dict[str, Any] | None = None  # the journal of the last complete record
        self.last_commit = 0.0

    # -- starting ---------------------------------------------------------------------------

    def start(self, resume: bool) -> Resumed:
        """Open the files: fresh, or (with `resume` and a journal) where the journal left them."""
        self.layout.path.parent.mkdir(parents=True, exist_ok=True)
        journal = self._read_journal() if resume else None
        if journal is None:
            self._remove_leftovers()
            self.sink = open_sink(self.layout.shard(0), self.layout.format)
            self.sides = {kind: JsonlSink(self.layout.side(kind)) for kind in SIDE_KINDS}
            self.snapshot = self._state({})
            self._commit()
            note = None
            if resume:
                note = f"nothing to resume for {self.layout.path} (no {self.layout.journal.name}): starting from the first record"
            return Resumed(note=note)
        differences = fingerprint_differences(journal["fingerprint"], self.fingerprint)
        if differences:
            raise ResumeRefused(
                f"cannot resume {self.layout.path}: {'; '.join(differences)} (resume with the interrupted run's "
                f"input and options: {journal['command']}), or run without --resume to start over"
            )
        self._restore(journal)
        return Resumed(journal["records_done"], journal["rows"], journal["counts"])

    def _read_journal(self) -> dict[str, Any] | None:
        path = self.layout.journal
        if not path.exists():
            return None
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ResumeRefused(f"cannot resume {self.layout.path}: {path} is unreadable ({error}); run without --resume") from None
        if not isinstance(journal, dict) or journal.get("journal_version") != JOURNAL_VERSION:
            raise ResumeRefused(
                f"cannot resume {self.layout.path}: {path} was written by another version of lintseq-x; run without --resume"
            )
        return journal

    def _restore(self, journal: dict[str, Any]) -> None:
        self.records_done, self.rows = journal["records_done"], journal["rows"]
        self.shard, self.shard_rows = journal["shard"], list(journal["shard_rows"])
        self.finishing = journal["phase"] == "finishing"
        self.snapshot = journal
        if self.finishing:
            return  # every file is complete; `finish` only has renames and clean-up left
        for number in range(self.shard):
            if not partial(self.layout.shard(number)).exists():
                raise ResumeRefused(f"cannot resume {self.layout.path}: {partial(self.layout.shard(number))} is missing; run without --resume")
        self._remove_shards_after(self.shard)
        try:
            self.sink = open_sink(self.layout.shard(self.shard), self.layout.format, journal["output"])
            self.sides = {kind: JsonlSink(self.layout.side(kind), journal[kind]) for kind in SIDE_KINDS}
        except ResumeError as error:
            raise ResumeRefused(f"cannot resume {self.layout.path}: {error}; run without --resume to start over") from None
        for number in range(self.shard):
            self._remove_spool_of(number)

    def _remove_leftovers(self) -> None:
        """What an earlier, unfinished run of this output left: it is started over."""
        self.layout.journal.unlink(missing_ok=True)
        self._remove_shards_after(-1)
        for kind in SIDE_KINDS:
            partial(self.layout.side(kind)).unlink(missing_ok=True)

    def _remove_shards_after(self, last: int) -> None:
        """The partial files and spools of every shard numbered above `last`."""
        if self.layout.shard_size is None:
            numbers = [0] if last < 0 else []
        else:
            numbers = [number for number in self.layout.partial_shard_numbers() if number > last]
        for number in numbers:
            partial(self.layout.shard(number)).unlink(missing_ok=True)
            spool(self.layout.shard(number)).unlink(missing_ok=True)

    def _remove_spool_of(self, number: int) -> None:
        spool(self.layout.shard(number)).unlink(missing_ok=True)

    # -- writing ----------------------------------------------------------------------------

    def write_record(self, rows: Sequence[str], skipped: str | None, failed: str | None, counts: dict[str, Any]) -> None:
        """All that one input record became, and the summary counts including it."""
        assert self.sink is not None
        for row in rows:
            if self.layout.shard_size is not None and self.sink.rows >= self.layout.shard_size:
                self._next_shard()
            self.sink.write(row.encode("utf-8"))
            self.rows += 1
        for kind, line in (("skipped", skipped), ("failed", failed)):
            if line is not None:
                self.sides[kind].write(line.encode("utf-8"))
        self.records_done += 1
        member_ended = self.sink.end_record()
        self.snapshot = self._state(counts)
        if member_ended or self.closed_spools or time.monotonic() - self.last_commit >= self.commit_seconds:
            self._commit()

    def _next_shard(self) -> None:
        assert self.sink is not None
        self.sink.close()
        self.closed_spools.append(self.sink)
        self.shard_rows.append(self.sink.rows)
        self.shard += 1
        self.sink = open_sink(self.layout.shard(self.shard), self.layout.format)

    def _state(self, counts: dict[str, Any]) -> dict[str, Any]:
        assert self.sink is not None
        return {
            "journal_version": JOURNAL_VERSION,
            "phase": "running",
            "command": self.command,
            "fingerprint": self.fingerprint,
            "records_done": self.records_done,
            "rows": self.rows,
            "shard": self.shard,
            "shard_rows": list(self.shard_rows),
            "output": self.sink.state(),
            **{kind: sink.state() for kind, sink in self.sides.items()},
            "counts": counts,
        }

    def _commit(self) -> None:
        """Data first, then the journal that points into it: a crash in between loses nothing."""
        for sink in self._open_sinks():
            sink.sync()
        assert self.snapshot is not None
        self._write_journal(self.snapshot)
        for sink in self._open_sinks():
            sink.after_commit()
        for closed in self.closed_spools:
            closed.remove_spool()
        self.closed_spools.clear()
        self.last_commit = time.monotonic()

    def _open_sinks(self) -> list[Sink]:
        return ([self.sink] if self.sink is not None else []) + list(self.sides.values())

    def _write_journal(self, journal: dict[str, Any]) -> None:
        path = self.layout.journal
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(journal, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _sync_directory(path.parent)

    # -- stopping ---------------------------------------------------------------------------

    def interrupt(self) -> int:
        """Stop after the last complete record: commit it, cut every file back to it, and return
        how many input records are done. Safe to call however the run was interrupted."""
        journal = self.snapshot
        if journal is None:
            return 0
        for sink in self._open_sinks():
            try:
                sink.sync()
            except (OSError, ValueError):
                pass  # the journal below only points at data that was synced at its commit
        if journal["phase"] == "running":
            self._write_journal(journal)
        for sink in self._open_sinks():
            sink.abandon()
        if journal["phase"] == "running":
            # Reopening at the journal's state cuts each file back to it; then close again.
            try:
                self._restore(journal)
            except ResumeRefused:
                return journal["records_done"]
            for sink in self._open_sinks():
                sink.abandon()
        return journal["records_done"]

    def finish(self, counts: dict[str, Any]) -> list[Path]:
        """Complete every file, rename it into place, and remove the journal and the spools.

        Returns the data files written, in order. Empty side files are removed (with any earlier
        run's). With shards, the manifest lists them, and shards of an earlier run of the same
        output numbered beyond the last are removed.
        """
        if not self.finishing:
            assert self.sink is not None
            self.sink.close()
            self.shard_rows.append(self.sink.rows)
            for sink in self.sides.values():
                sink.close()
            self.snapshot = {**self._state(counts), "phase": "finishing", "output": {}, "skipped": {}, "failed": {}}
            self.snapshot["side_rows"] = {kind: sink.rows for kind, sink in self.sides.items()}
            self._write_journal(self.snapshot)
            self.finishing = True
        assert self.snapshot is not None
        shards = [self.layout.shard(number) for number in range(len(self.shard_rows))]
        for path in shards:
            if partial(path).exists():
                os.replace(partial(path), path)
            spool(path).unlink(missing_ok=True)
        for kind in SIDE_KINDS:
            final = self.layout.side(kind)
            if partial(final).exists():
                if partial(final).stat().st_size:
                    os.replace(partial(final), final)
                else:
                    partial(final).unlink()
                    final.unlink(missing_ok=True)
        if self.layout.shard_size is not None:
            self._write_manifest(shards)
            for number in self.layout.shard_numbers_on_disk():
                if number >= len(shards):
                    self.layout.shard(number).unlink(missing_ok=True)
        _sync_directory(self.layout.path.parent)
        self.layout.journal.unlink(missing_ok=True)
        return shards

    def _write_manifest(self, shards: list[Path]) -> None:
        manifest = {
            "format": self.layout.format,
            "shard_size": self.layout.shard_size,
            "rows": sum(self.shard_rows),
            "shards": [{"file": path.name, "rows": rows} for path, rows in zip(shards, self.shard_rows)],
        }
        temporary = self.layout.manifest.with_name(self.layout.manifest.name + ".tmp")
        temporary.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, self.layout.manifest)

    def discard(self) -> None:
        """Remove everything this run wrote (it failed before any record was done)."""
        for sink in self._open_sinks():
            sink.abandon()
        self._remove_shards_after(-1)
        for kind in SIDE_KINDS:
            partial(self.layout.side(kind)).unlink(missing_ok=True)
        self.layout.journal.unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    """Make renames in `directory` durable (where the platform allows opening a directory)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class AtomicWriter:
    """Writes a small file to `path.partial` and renames it into place on success, so a reader
    never sees it half-written (used for listings written in one go, such as OUT.excluded.jsonl)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = partial(path)
        self.handle: TextIO | None = None
        self.count = 0

    def __enter__(self) -> AtomicWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.partial.open("w", encoding="utf-8", newline="\n")
        return self

    def write(self, row: str) -> None:
        assert self.handle is not None
        self.handle.write(row)
        self.count += 1

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        assert self.handle is not None
        self.handle.close()
        if exc_type is None:
            try:
                os.replace(self.partial, self.path)
            except OSError:
                self.partial.unlink(missing_ok=True)
                raise
        else:
            self.partial.unlink(missing_ok=True)
