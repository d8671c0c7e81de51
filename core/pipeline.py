"""The per-record work (pure: an input record in, serialised rows out); the engines
(`core/engines`) decide where it runs.

The random stream of each (record, sample) derives from (seed, record index, sample number)
alone, so output bytes do not depend on the number of workers or on scheduling.

A checker is plugin code: one that raises on a program fails that record, with a reason naming
the checker and its plugin, and one that hangs is stopped by the local engine's per-record time
budget (`engines/budget.py`); either way the run goes on.
"""

from __future__ import annotations

import functools
import hashlib
import random
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .algorithm.checker import Checker, describe, inert_lines
from .plugin_system.guard import CheckerFault, checker_for
from .plugin_system.checker_selection import DEFAULT
from .algorithm.diffs import write_diff
from .input.extract import Extraction, extract_code, extract_fenced_code, normalise_newlines
from .toolkit.helper_process import one_line
from .algorithm.language import Language
from .plugin_system.registry import registry
from .input.records import InputRecord, carried_name, dump, printable_name, source_file_fields
from .algorithm.sampler import CheckMemo, DistinctPaths, SamplerSettings, inert_units
from .algorithm.structure import Structure


# A path through a 5,000-line Python program takes ~15 CPU s, one through 10,000 lines ~2 minutes
# (benchmarks/big_programs.py): past this, a record's -s 5 would not fit --record-timeout's 600 s.
DEFAULT_MAX_PROGRAM_LINES = 5_000
DEFAULT_MAX_PROGRAM_BYTES = 1_000_000

# Progress per path: `on_paths(index, paths)` says that record `index` has sampled `paths` of its
# paths so far (its rows come later, with its result).
PathsCallback = Callable[[int, int], None]

# Where `_process` reports each path it samples (see `report_paths_to`).
_report_paths: PathsCallback | None = None


def report_paths_to(callback: PathsCallback | None) -> None:
    """From now on, `process_record` in this process reports each path it samples to `callback`
    (None: to nobody). An engine sets it in a worker of a run that shows progress, or in the
    caller's process while it samples there."""
    global _report_paths
    _report_paths = callback


@dataclass(frozen=True)
class RunOptions:
    """checkers: language name -> checker choice (see checker_selection); default otherwise.
    max_program_lines, max_program_bytes: larger programs are skipped with the reason (0: no
    limit); they keep a pathological input from holding a worker for hours."""

    samples: int = 1
    seed: int = 1
    sampler: SamplerSettings = SamplerSettings()
    tolerate_original_errors: bool = False
    checkers: tuple[tuple[str, str], ...] = ()
    max_program_lines: int = DEFAULT_MAX_PROGRAM_LINES
    max_program_bytes: int = DEFAULT_MAX_PROGRAM_BYTES

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


def rng_for(seed: int, index: int, sample: int, attempt: int = 0) -> random.Random:
    """The random stream of one sample of one record; attempts after the first (a redraw of a
    path that repeated an earlier sample's, see `DistinctPaths`) get streams of their own."""
    key = f"lintseq-x/{seed}/{index}/{sample}" + (f"/{attempt}" if attempt else "")
    digest = hashlib.sha256(key.encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def program_of(code: str, extract: bool, language: Language) -> tuple[str, str, bool]:
    """The program a code field holds, with fenced blocks extracted, a leading byte-order mark
    removed and newlines normalised; then its original newline style and whether it had a BOM."""
    if extract:
        code = extract_fenced_code(code, language.fences, language.parses)
    return _normalised(code)


def _normalised(code: str) -> tuple[str, str, bool]:
    bom = code.startswith("\ufeff")
    program, newline = normalise_newlines(code[1:] if bom else code)
    return program, newline, bom


def fenced_code(code: str, language: Language) -> Extraction:
    """The fenced blocks of a code field that hold `language`'s code: those tagged with one of
    its fence names, else the untagged ones its grammar parses (see `extract_code`)."""
    return extract_code(code, language.fences, language.parses)


def needs_extraction(code: str, language: Language, checker: Checker, found: Extraction | None = None) -> bool:
    """Extract fenced blocks only from a field that holds some and is not itself a program:
    a valid program may carry a fence inside a string, and must then be kept whole."""
    if (found or fenced_code(code, language)).program is None:
        return False
    whole, _, _ = _normalised(code)
    checker.begin(whole)
    return any(diagnostic.fatal for diagnostic in checker.check(whole))


def diffs_of(structure: Structure, states: Iterable[frozenset[int]]) -> list[str]:
    """Forward diffs between consecutive states, given from empty to full."""
    kept = [structure.text_of_units(state)[1] for state in states]
    return [write_diff(old, new, structure.lines) for old, new in zip(kept, kept[1:])]


def process_record(record: InputRecord, options: RunOptions) -> RecordResult:
    """All samples of one record. Never raises: failures come back as a failed row."""
    try:
        return _process(record, options)
    except CheckerFault as fault:
        return failed_result(record, f"checker fault: {fault}")
    except Exception as error:  # noqa: BLE001 - a record's failure must not end the run
        reason = f"internal error: {type(error).__name__}: {error}"
        row = _side_row(record, reason, "failed")
        row["traceback"] = traceback.format_exc(limit=6)
        return RecordResult(record.index, record.language, failed=dump(row), reason=reason)


def _side_row(record: InputRecord, reason: str, outcome: str) -> dict[str, Any]:
    row: dict[str, Any] = {"index": record.index, **source_file_fields(record.source_file)}
    row["location"] = printable_name(record.location)
    row["outcome"] = outcome
    row["reason"] = reason
    row["language"] = record.language
    for name, value in record.fields.items():
        row[carried_name(name)] = value
    return row


def failed_result(record: InputRecord, reason: str) -> RecordResult:
    """`record` failed, for `reason`: its failed row, nothing else."""
    return RecordResult(record.index, record.language, failed=dump(_side_row(record, reason, "failed")), reason=reason)


def _skip(record: InputRecord, reason: str) -> RecordResult:
    reason = one_line(reason)  # a reason is one line in the summary, the side file and the docs
    return RecordResult(record.index, record.language, skipped=dump(_side_row(record, reason, "skipped")), reason=reason)


def oversize(program: str, options: RunOptions) -> str | None:
    """Why `program` is over the run's size limits, or None when it is within them."""
    lines = program.count("\n") + (not program.endswith("\n"))
    if options.max_program_lines and lines > options.max_program_lines:
        return (
            f"program too large: {lines:,} lines, over the limit of {options.max_program_lines:,} "
            "(--max-program-lines)"
        )
    # UTF-8 takes at most four bytes per character: a text that short is within the limit.
    if options.max_program_bytes and len(program) > options.max_program_bytes // 4:
        size = len(program.encode("utf-8", "surrogatepass"))
        if size > options.max_program_bytes:
            return (
                f"program too large: {size:,} bytes, over the limit of {options.max_program_bytes:,} "
                "(--max-program-bytes)"
            )
    return None


def _process(record: InputRecord, options: RunOptions) -> RecordResult:
    if record.problem is not None:
        return _skip(record, record.problem)
    language = registry().get(record.language)
    checker = checker_for(language, options.checker_choice(language.name))
    code = record.fields[record.code_field]
    found = fenced_code(code, language) if record.extract else None
    extracted = found.program if found is not None else None
    # A field too big to judge whole has whatever fenced blocks it holds extracted without
    # asking the checker.
    if extracted is not None and not oversize(code, options) and not needs_extraction(code, language, checker, found):
        extracted = None
    extract = extracted is not None
    program, newline, bom = _normalised(code if extracted is None else extracted)
    if not program.strip():
        return _skip(record, "no code: the code field is empty or whitespace")
    try:
        program.encode("utf-8")
    except UnicodeEncodeError as error:
        return _skip(record, f"the code is not valid Unicode text: a lone surrogate at character {error.start}")
    too_big = oversize(program, options)
    if too_big:
        return _skip(record, too_big)

    checker.begin(program)
    original = checker.check(program)
    fatal = [d for d in original if d.fatal]
    if fatal or (original and not options.tolerate_original_errors):
        listed = "; ".join(f"line {d.line}: {d.message}" for d in (fatal or list(original))[:3])
        more = f" (and {len(original) - 3} more)" if len(original) > 3 else ""
        kind = f"is not valid {language.name}" if fatal else f"has {len(original)} error(s) before sampling"
        # With fences in the field, say which text was judged: a user who sees "line 1: invalid
        # syntax" for a Markdown answer needs to know its blocks were not taken, or which were.
        judged = found.describe(language.name) if found is not None and (extract or found.program is None) else ""
        return _skip(record, f"the program {kind}: {listed}{more}" + (f" (in {judged})" if judged else ""))
    tolerated = frozenset(d.key for d in original)

    structure = language.structure_of(program)
    if not tolerated:  # a tolerated error is not flagged: its line would not go
        structure = structure.with_line_dependents(checker.dependent_lines(program))
    inert = inert_units(structure, inert_lines(checker, program))
    head = {"edit_path": None, "index": record.index, **source_file_fields(record.source_file)}
    for name, value in record.fields.items():
        head[carried_name(name)] = value
    tail = {
        "language": language.name,
        "code_field": record.code_field,
        "prompt_field": record.prompt_field,
        "code_extraction": "markdown-fences" if extract else "none",
        "newline": newline,
        "byte_order_mark": bom,
        "encoding": record.encoding,
        "checker": describe(checker),
        "parser": language.parser_versions,
        "sampler": options.sampler.as_record(),
        # One string, not a list: `datasets` types a column from its first chunk, and a list
        # that is almost always empty would be typed as nulls.
        "tolerated_errors": "\n".join(sorted(tolerated)),
        "lintseq_x_version": __version__,
    }
    result = RecordResult(record.index, language.name)
    # The samples share their states' verdicts (the memo), and are distinct paths where the
    # program admits them.
    sampler = DistinctPaths(structure, checker, options.sampler, tolerated, CheckMemo(), inert)
    for sample in range(options.samples):
        path = sampler.sample(functools.partial(rng_for, options.seed, record.index, sample))
        diffs = diffs_of(structure, reversed(path.states))
        row = dict(head)
        row["edit_path"] = diffs
        row["sample"] = sample
        row["seed"] = options.seed
        row.update(tail)
        result.rows.append(dump(row))
        result.edits_per_path.append(len(diffs))
        result.checks += path.checks
        if _report_paths is not None:
            _report_paths(record.index, sample + 1)
    return result
