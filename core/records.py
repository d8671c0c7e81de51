"""Reading input records and writing output records.

Inputs are JSON Lines files (one instruction+code record per line), single source files, or
directories of them. Every input row becomes an `InputRecord`, including rows that cannot be
used (invalid JSON, a missing field): those carry a `problem` and end up as skipped records, so
the counts always reconcile.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .discovery import Walk, walk_sources
from .language import Language

JSONL_SUFFIXES = (".jsonl", ".jsonlines", ".ndjson")


class InputError(ValueError):
    """An input the user gave cannot be read at all (as opposed to one bad record in it)."""


@dataclass(frozen=True)
class InputRecord:
    """One row of input, as handed to the per-record work.

    fields: the row's fields as read (carried into output as `source_<field>`).
    code_field / prompt_field: which fields hold the code and the prompt.
    extract: whether fenced code blocks are pulled out of the code field.
    problem: why the row cannot be processed, when it can't (then `fields` may be empty).
    """

    index: int
    source_file: str
    language: str
    fields: dict[str, Any]
    code_field: str
    prompt_field: str | None
    extract: bool
    location: str  # "data.jsonl:12" or a file path, for messages
    problem: str | None = None


@dataclass
class InputSpec:
    """How to read an input: its path, the languages it may hold, and the field names.

    With one language, every record is in it. With several, a directory's files are matched by
    extension, and a JSONL file names each record's language in `language_field`.
    """

    path: Path
    languages: Sequence[Language]
    code_field: str = "response"
    prompt_field: str | None = "instruction"
    extract: bool = True
    language_field: str | None = None
    walk: Walk | None = None  # a directory's walk, made once (by whoever needs it first)

    def language_named(self, name: object) -> Language | None:
        for language in self.languages:
            if name == language.name or name in language.aliases:
                return language
        return None


def is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def read_inputs(spec: InputSpec) -> Iterator[InputRecord]:
    """Every record of the input, in a stable order."""
    path = spec.path
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.is_dir():
        if spec.walk is None:
            spec.walk = walk_sources(path, spec.languages)
        for index, source in enumerate(spec.walk.files):
            yield _read_source_file(spec, source.path, index, source.relative, source.language.name)
    elif is_jsonl(path):
        if len(spec.languages) > 1 and spec.language_field is None:
            raise InputError(f"{path}: with several languages, say which field names each record's language (--lang-field)")
        yield from _read_jsonl(spec)
    else:
        language = spec.languages[0] if len(spec.languages) == 1 else _by_extension(spec, path)
        yield _read_source_file(spec, path, 0, path.name, language.name)


def _by_extension(spec: InputSpec, path: Path) -> Language:
    for language in spec.languages:
        if path.suffix.lower() in language.extensions:
            return language
    names = ", ".join(language.name for language in spec.languages)
    raise InputError(f"{path}: no selected language ({names}) has the extension {path.suffix or '(none)'!r}")


def _read_jsonl(spec: InputSpec) -> Iterator[InputRecord]:
    name = str(spec.path)
    if not os.access(spec.path, os.R_OK):
        raise InputError(f"{spec.path}: cannot read (permission denied)")
    for index, row in enumerate(iter_jsonl(spec.path)):
        fields = row.value if row.value is not None else {"raw_line": row.raw}
        problem = row.problem
        language: Language | None = spec.languages[0]
        if problem is None and spec.language_field is not None:
            named = fields.get(spec.language_field)
            language = spec.language_named(named)
            if language is None:
                selected = ", ".join(language.name for language in spec.languages)
                problem = (
                    f"no {spec.language_field!r} field"
                    if spec.language_field not in fields
                    else f"language {named!r} is not among the selected languages ({selected})"
                )
        if problem is None:
            code = fields.get(spec.code_field)
            if spec.code_field not in fields:
                problem = f"no {spec.code_field!r} field (fields: {', '.join(sorted(fields)) or 'none'})"
            elif not isinstance(code, str):
                problem = f"field {spec.code_field!r} is {type(code).__name__}, not a string"
        yield InputRecord(
            index=index,
            source_file=name,
            language=language.name if language is not None else "",
            fields=fields,
            code_field=spec.code_field,
            prompt_field=spec.prompt_field,
            extract=spec.extract,
            location=f"{name}:{row.line_number}",
            problem=problem,
        )


def _read_source_file(spec: InputSpec, path: Path, index: int, relative: str, language: str) -> InputRecord:
    problem = None
    text = ""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        problem = f"not UTF-8 text: {error.reason} at byte {error.start}"
    except OSError as error:
        problem = f"cannot read: {error.strerror}"
    return InputRecord(
        index=index,
        source_file=relative,
        language=language,
        fields={"code": text} if problem is None else {},
        code_field="code",
        prompt_field=None,
        extract=False,
        location=str(path),
        problem=problem,
    )


def dump(record: dict[str, Any]) -> str:
    """One JSON Lines row. Key order is the record's, so equal inputs give equal bytes.

    Text is written as UTF-8, except in a row holding a lone UTF-16 surrogate (common in
    scraped data), which cannot be UTF-8: that row is written with JSON escapes instead.
    """
    row = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    try:
        row.encode("utf-8")
    except UnicodeEncodeError:
        row = json.dumps(record, ensure_ascii=True, separators=(", ", ": "))
    return row + "\n"


@dataclass(frozen=True)
class JsonlRow:
    """One non-empty line of a JSONL file: the object, or why there is none (with the raw text)."""

    line_number: int
    value: dict[str, Any] | None
    problem: str | None = None
    raw: str | None = None


def iter_jsonl(path: Path) -> Iterator[JsonlRow]:
    """Each non-empty line of a JSONL file, parsed; bad lines keep their text so nothing is lost."""
    with path.open("rb") as handle:
        for line_number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                yield JsonlRow(line_number, None, f"invalid JSON: {error}", raw.decode("utf-8", "replace").rstrip("\r\n"))
                continue
            if not isinstance(value, dict):
                problem = f"expected a JSON object, got {type(value).__name__}"
                yield JsonlRow(line_number, None, problem, raw.decode("utf-8", "replace").rstrip("\r\n"))
                continue
            yield JsonlRow(line_number, value)


class AtomicWriter:
    """Writes to `path.partial` and renames into place on success, so a reader never sees a
    half-written output file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
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
