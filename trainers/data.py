"""lintseq-x output rows → training examples, with per-language mixing weights."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from lintseq_x.core.algorithm.diffs import DiffError, apply_diffs
from lintseq_x.core.output.read import OutputReadError, iter_output
from lintseq_x.core.input.records import carried_name


class _HasLanguage(Protocol):
    @property
    def language(self) -> str: ...


T = TypeVar("T", bound=_HasLanguage)


class DataError(ValueError):
    """Training data that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Example:
    language: str
    instruction: str
    edits: tuple[str, ...]
    program: str
    location: str  # "file.jsonl:line"
    record: tuple[str, int]  # (source_file, index) in the input `lintseq-x run` read

    @property
    def program_key(self) -> tuple[str, str, int, str]:
        """The program's identity across its samples, whatever file or shard a row was written to:
        where it came from, and its text (two runs over different inputs can share a file name)."""
        return (self.language, *self.record, self.program)


def read_examples(paths: Sequence[str | Path]) -> list[Example]:
    """Every row of every lintseq-x output file, in order."""
    examples: list[Example] = []
    for path in paths:
        examples.extend(_read_file(Path(path)))
    return examples


def _read_file(path: Path) -> Iterable[Example]:
    """The rows of one `lintseq-x run` output in any of its forms: JSONL (also .gz, .zst),
    Parquet, or a shard manifest (`OUT.shards.json`)."""
    if not path.is_file():
        raise DataError(f"{path}: cannot read: {'is a directory' if path.is_dir() else 'no such file'}")
    try:
        for row in iter_output(path):
            if row.value is None:
                raise DataError(f"{row.location}: {row.problem}")
            yield _example(row.value, row.location)
    except OutputReadError as error:
        raise DataError(str(error)) from None


def _example(row: object, location: str) -> Example:
    if not isinstance(row, dict):
        raise DataError(f"{location}: expected a JSON object, got {type(row).__name__}")
    edits = row.get("edit_path")
    if not isinstance(edits, list) or not all(isinstance(edit, str) for edit in edits):
        raise DataError(f"{location}: no 'edit_path' list of diffs; is this `lintseq-x run` output?")
    try:
        program = apply_diffs(edits)[-1]
    except DiffError as error:
        raise DataError(f"{location}: the edit path does not apply: {error}") from None
    prompt_field = row.get("prompt_field")
    instruction = row.get(carried_name(prompt_field), "") if isinstance(prompt_field, str) and prompt_field else ""
    if not isinstance(instruction, str):
        raise DataError(f"{location}: field {carried_name(prompt_field)!r} is {type(instruction).__name__}, not a string")
    language = row.get("language")
    if not isinstance(language, str) or not language:
        raise DataError(f"{location}: no 'language' field")
    source = str(row.get("source_file_bytes") or row.get("source_file", ""))
    record = (source, int(row.get("index", 0)))
    return Example(language, instruction, tuple(edits), program, location, record)


def one_per_program(examples: Sequence[Example]) -> list[Example]:
    """The first sample of every program: the baseline arm trains on each program once."""
    seen: set[tuple[str, str, int, str]] = set()
    kept = []
    for example in examples:
        key = example.program_key
        if key not in seen:
            seen.add(key)
            kept.append(example)
    return kept


def parse_mix(text: str) -> dict[str, float]:
    """`python=0.6,go=0.2,rust=0.2` → weights normalised to sum to 1."""
    weights: dict[str, float] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        name, sep, value = part.partition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if not sep or not name.strip() or weight < 0:
            raise DataError(f"--mix: expected LANGUAGE=WEIGHT, got {part!r}")
        weights[name.strip()] = weight
    total = sum(weights.values())
    if not weights or total <= 0:
        raise DataError("--mix: the weights must include a positive one")
    return {name: weight / total for name, weight in weights.items()}


def check_mix(examples: Iterable[_HasLanguage], weights: dict[str, float], described: str = "the data") -> None:
    """Every language `--mix` weights has examples in `described`."""
    counts = language_counts(examples)
    missing = sorted(set(weights) - set(counts))
    if missing:
        found = ", ".join(f"{name} ({count})" for name, count in counts.items()) or "nothing"
        raise DataError(f"--mix names {', '.join(missing)}, but {described} has only: {found}")


def mix(examples: Sequence[T], weights: dict[str, float], seed: int, described: str = "the data") -> list[T]:
    """Resample to the given language shares, keeping the dataset's size: a language with too few
    examples is repeated, one with too many is subsampled, and one without a weight is left out.
    Works on anything with a `language`, so that it runs on what is left after filtering."""
    check_mix(examples, weights, described)
    by_language: dict[str, list[T]] = {}
    for example in examples:
        by_language.setdefault(example.language, []).append(example)
    total = sum(len(by_language[name]) for name in weights)
    rng = random.Random(seed)
    mixed: list[T] = []
    for name, weight in weights.items():
        pool = by_language[name]
        wanted = round(weight * total)
        whole, part = divmod(wanted, len(pool))
        mixed.extend(pool * whole)
        mixed.extend(rng.sample(pool, part))
    rng.shuffle(mixed)
    return mixed


def language_counts(examples: Iterable[_HasLanguage]) -> dict[str, int]:
    return dict(sorted(Counter(example.language for example in examples).items()))
