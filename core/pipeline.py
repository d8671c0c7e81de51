"""The per-record work (pure: an input record in, serialised rows out) and the local engine.

The random stream of each (record, sample) derives from (seed, record index, sample number)
alone, so output bytes do not depend on the number of workers or on scheduling.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .checker import Checker, describe, prepare
from .checker_selection import DEFAULT, build_checker
from .diffs import write_diff
from .extract import extract_fenced_code, normalise_newlines
from .language import Language
from .plugins import registry
from .records import InputRecord, dump
from .sampler import SamplerSettings, sample_edit_path
from .structure import Structure


@dataclass(frozen=True)
class RunOptions:
    """checkers: language name -> checker choice (see checker_selection); default otherwise."""

    samples: int = 1
    seed: int = 1
    sampler: SamplerSettings = SamplerSettings()
    tolerate_original_errors: bool = False
    checkers: tuple[tuple[str, str], ...] = ()

    def checker_choice(self, language: str) -> str:
        return dict(self.checkers).get(language, DEFAULT)


@dataclass
class RecordResult:
    """What one input record became: output rows, or a skipped or failed row with its reason."""

    index: int
    language: str = ""
    rows: list[str] = field(default_factory=list)
    skipped: str | None = None
    failed: str | None = None
    reason: str | None = None
    edits_per_path: list[int] = field(default_factory=list)
    checks: int = 0


def rng_for(seed: int, index: int, sample: int) -> random.Random:
    digest = hashlib.sha256(f"lintseq-x/{seed}/{index}/{sample}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


_checkers: dict[tuple[str, str], Checker] = {}


def checker_for(language: Language, choice: str = DEFAULT) -> Checker:
    """One checker per language and choice per process: helpers and caches live as long as
    the worker."""
    key = (language.name, choice)
    checker = _checkers.get(key)
    if checker is None:
        checker = _checkers[key] = build_checker(language, choice)
    return checker


def program_of(code: str, extract: bool, language: Language) -> tuple[str, str, bool]:
    """The program a code field holds, with fenced blocks extracted, a leading byte-order mark
    removed and newlines normalised; then its original newline style and whether it had a BOM."""
    if extract:
        code = extract_fenced_code(code, language.fences)
    bom = code.startswith("\ufeff")
    program, newline = normalise_newlines(code[1:] if bom else code)
    return program, newline, bom


def diffs_of(structure: Structure, states: Iterable[frozenset[int]]) -> list[str]:
    """Forward diffs between consecutive states, given from empty to full."""
    kept = [structure.text_of_units(state)[1] for state in states]
    return [write_diff(old, new, structure.lines) for old, new in zip(kept, kept[1:])]


def process_record(record: InputRecord, options: RunOptions) -> RecordResult:
    """All samples of one record. Never raises: failures come back as a failed row."""
    try:
        return _process(record, options)
    except Exception as error:  # noqa: BLE001 - a record's failure must not end the run
        reason = f"internal error: {type(error).__name__}: {error}"
        row = _side_row(record, reason, "failed")
        row["traceback"] = traceback.format_exc(limit=6)
        return RecordResult(record.index, record.language, failed=dump(row), reason=reason)


def _side_row(record: InputRecord, reason: str, outcome: str) -> dict[str, Any]:
    row: dict[str, Any] = {"index": record.index, "source_file": record.source_file, "location": record.location}
    row["outcome"] = outcome
    row["reason"] = reason
    row["language"] = record.language
    for name, value in record.fields.items():
        row[f"source_{name}"] = value
    return row


def _skip(record: InputRecord, reason: str) -> RecordResult:
    return RecordResult(record.index, record.language, skipped=dump(_side_row(record, reason, "skipped")), reason=reason)


def _process(record: InputRecord, options: RunOptions) -> RecordResult:
    if record.problem is not None:
        return _skip(record, record.problem)
    language = registry().get(record.language)
    program, newline, bom = program_of(record.fields[record.code_field], record.extract, language)
    if not program.strip():
        return _skip(record, "no code: the code field is empty or whitespace")

    checker = checker_for(language, options.checker_choice(language.name))
    prepare(checker, program)
    original = checker.check(program)
    fatal = [d for d in original if d.fatal]
    if fatal or (original and not options.tolerate_original_errors):
        listed = "; ".join(f"line {d.line}: {d.message}" for d in (fatal or list(original))[:3])
        more = f" (and {len(original) - 3} more)" if len(original) > 3 else ""
        kind = f"is not valid {language.name}" if fatal else f"has {len(original)} error(s) before sampling"
        return _skip(record, f"the program {kind}: {listed}{more}")
    tolerated = frozenset(d.key for d in original)

    structure = language.structure_of(program)
    head = {"edit_path": None, "index": record.index, "source_file": record.source_file}
    for name, value in record.fields.items():
        head[f"source_{name}"] = value
    tail = {
        "language": language.name,
        "code_field": record.code_field,
        "prompt_field": record.prompt_field,
        "code_extraction": "markdown-fences" if record.extract else "none",
        "newline": newline,
        "byte_order_mark": bom,
        "checker": describe(checker),
        "parser": language.parser_versions,
        "sampler": options.sampler.as_record(),
        # One string, not a list: `datasets` types a column from its first chunk, and a list
        # that is almost always empty would be typed as nulls.
        "tolerated_errors": "\n".join(sorted(tolerated)),
        "lintseq_x_version": __version__,
    }
    result = RecordResult(record.index, language.name)
    for sample in range(options.samples):
        path = sample_edit_path(structure, checker, rng_for(options.seed, record.index, sample), options.sampler, tolerated)
        diffs = diffs_of(structure, reversed(path.states))
        row = dict(head)
        row["edit_path"] = diffs
        row["sample"] = sample
        row["seed"] = options.seed
        row.update(tail)
        result.rows.append(dump(row))
        result.edits_per_path.append(len(diffs))
        result.checks += path.checks
    return result


def _process_chunk(chunk: list[InputRecord], options: RunOptions) -> list[RecordResult]:
    return [process_record(record, options) for record in chunk]


def _chunks(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    chunk: list[InputRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(
    records: Iterable[InputRecord],
    options: RunOptions,
    jobs: int,
    on_result: Callable[[RecordResult], None],
    chunk_size: int = 4,
) -> None:
    """Process `records` in input order on `jobs` processes, calling `on_result` in order.

    At most a few chunks per worker are in flight, so memory stays flat on any input size.
    """
    if jobs <= 1:
        for record in records:
            on_result(process_record(record, options))
        return
    registry()  # load plugins once, before the workers fork
    # fork shares the loaded plugins with the workers; where there is none, spawned workers
    # load them on first use.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    in_flight: deque[Any] = deque()
    with context.Pool(jobs) as pool:
        try:
            for chunk in _chunks(records, chunk_size):
                in_flight.append(pool.apply_async(_process_chunk, (chunk, options)))
                while len(in_flight) >= jobs * 4:
                    for result in in_flight.popleft().get():
                        on_result(result)
            while in_flight:
                for result in in_flight.popleft().get():
                    on_result(result)
        except BaseException:
            pool.terminate()
            raise
