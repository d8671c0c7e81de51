"""Reading input records and writing output records.

Inputs are tables of instruction+code records (JSON Lines, plain or compressed; Parquet; a
dataset saved by `datasets.save_to_disk`: see `input_formats`), single source files, or
directories of them. Every input row becomes an `InputRecord`, including rows that cannot be
used (invalid JSON, a missing field): those carry a `problem` and end up as skipped records, so
the counts always reconcile.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .formats import JSONL_SUFFIXES, FormatError, JsonlRow, Row, count_rows, format_of, iter_jsonl, read_rows
from ..algorithm.language import Language, SourceDecodeError, decode_source_file, spellings

if TYPE_CHECKING:
    from .discovery import Walk

# JSONL_SUFFIXES, JsonlRow and iter_jsonl live in input_formats; verify and others import them from here.
__all__ = [
    "JSONL_SUFFIXES", "InputError", "InputRecord", "InputSpec", "JsonlRow",
    "carried_name", "count_inputs", "dump", "is_jsonl", "iter_jsonl", "missing_field_names", "printable_name",
    "read_inputs", "source_file_fields",
]


class InputError(ValueError):
    """An input the user gave cannot be read at all (as opposed to one bad record in it)."""


@dataclass(frozen=True)
class InputRecord:
    """One row of input, as handed to the per-record work.

    fields: the row's fields as read (carried into output as `source_<field>`).
    code_field / prompt_field: which fields hold the code and the prompt.
    extract: whether fenced code blocks are pulled out of the code field.
    problem: why the row cannot be processed, when it can't (then `fields` may be empty).
    encoding: the codec that turns the program's text back into its original bytes: a source
        file's encoding as its language reads it; `utf-8` for a table's text.
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
    encoding: str = "utf-8"


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
        """The selected language a record's language field names, however the dataset spells
        it (see `spellings`): an exact name or alias wins over a spelled-out one."""
        if not isinstance(name, str):
            return None
        for spelling in spellings(name):
            for language in self.languages:
                if spelling == language.name or spelling in language.aliases:
                    return language
        return None


def is_jsonl(path: Path) -> bool:
    """JSON Lines, compressed or not (`data.jsonl`, `data.jsonl.gz`)."""
    return format_of(path) == "jsonl"


def read_inputs(spec: InputSpec) -> Iterator[InputRecord]:
    """Every record of the input, in a stable order."""
    try:
        yield from _read_inputs(spec)
    except FormatError as error:
        raise InputError(str(error)) from None


def count_inputs(spec: InputSpec) -> int:
    """How many records `read_inputs` will yield (for a progress bar), without parsing them."""
    path = spec.path
    try:
        if format_of(path) is not None:
            _check_readable(path)
            return count_rows(path)
    except FormatError as error:
        raise InputError(str(error)) from None
    if path.is_dir():
        if spec.walk is None:
            spec.walk = _walk_sources(path, spec.languages)
        return len(spec.walk.files)
    return 1


def _read_inputs(spec: InputSpec) -> Iterator[InputRecord]:
    path = spec.path
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if format_of(path) is not None:
        if len(spec.languages) > 1 and spec.language_field is None:
            raise InputError(f"{path}: with several languages, say which field names each record's language (--lang-field)")
        _check_readable(path)
        yield from _read_table(spec)
    elif path.is_dir():
        if spec.walk is None:
            spec.walk = _walk_sources(path, spec.languages)
        for index, source in enumerate(spec.walk.files):
            yield _read_source_file(source.path, index, source.relative, source.language)
    else:
        if not path.is_file():
            raise InputError(f"{path}: not a regular file (a pipe, socket or device cannot be an input)")
        language = spec.languages[0] if len(spec.languages) == 1 else _by_extension(spec, path)
        yield _read_source_file(path, 0, path.name, language)


FIELD_CHECK_ROWS = 100


def missing_field_names(spec: InputSpec, rows: int = FIELD_CHECK_ROWS) -> dict[str, str]:
    """The named fields (code, prompt, language; by their flags) that none of the first `rows`
    objects of a table input has, each with a message naming the fields they do have. Empty for
    other inputs. A field missing from only some records is those records' problem (they are
    skipped with the reason)."""
    if format_of(spec.path) is None:
        return {}
    seen: dict[str, int] = {}
    objects = 0
    try:
        for row in itertools.islice(read_rows(spec.path), rows):
            if row.value is not None:
                objects += 1
                for name in row.value:
                    seen[name] = seen.get(name, 0) + 1
    except FormatError as error:
        raise InputError(str(error)) from None
    present = ", ".join(sorted(seen, key=lambda field: (-seen[field], field))[:12])
    named = {"--code-field": spec.code_field, "--prompt-field": spec.prompt_field, "--lang-field": spec.language_field}
    return {
        flag: f"{spec.path}: none of the first {objects} records has the field {name!r} ({flag}); their fields: {present}"
        for flag, name in named.items()
        if objects and name is not None and name not in seen
    }


def _check_readable(path: Path) -> None:
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: cannot read (permission denied)")
    if not path.is_dir() and not path.is_file():
        raise InputError(f"{path}: not a regular file (a pipe, socket or device cannot be an input)")


def _by_extension(spec: InputSpec, path: Path) -> Language:
    for language in spec.languages:
        if path.suffix.lower() in language.extensions:
            return language
    names = ", ".join(language.name for language in spec.languages)
    raise InputError(f"{path}: no selected language ({names}) has the extension {path.suffix or '(none)'!r}")


def _read_table(spec: InputSpec) -> Iterator[InputRecord]:
    name = str(spec.path)
    for index, row in enumerate(read_rows(spec.path)):
        yield _table_record(spec, name, index, row)


def _table_record(spec: InputSpec, name: str, index: int, row: Row) -> InputRecord:
    """The record of one table row, with the reason it cannot be used when it cannot."""
    fields = row.value if row.value is not None else {"raw_line": row.raw}
    problem = row.problem
    language: Language | None = spec.languages[0]
    if problem is None and spec.language_field is not None:
        named = fields.get(spec.language_field)
        language = spec.language_named(named)
        if language is None:
            selected = ", ".join(language.name for language in spec.languages)
            if spec.language_field not in fields:
                problem = f"no {spec.language_field!r} field"
            elif named is None:
                problem = f"field {spec.language_field!r} is null"
            else:
                problem = f"language {named!r} is not among the selected languages ({selected})"
    if problem is None:
        code = fields.get(spec.code_field)
        if spec.code_field not in fields:
            problem = f"no {spec.code_field!r} field (fields: {', '.join(sorted(fields)) or 'none'})"
        elif spec.code_field in row.binary_columns:
            problem = f"field {spec.code_field!r} holds bytes that are not UTF-8 text (carried as base64)"
        elif code is None:
            problem = f"field {spec.code_field!r} is null"
        elif not isinstance(code, str):
            problem = f"field {spec.code_field!r} is {_json_type(code)}, not a string"
    return InputRecord(
        index=index,
        source_file=name,
        language=language.name if language is not None else "",
        fields=fields,
        code_field=spec.code_field,
        prompt_field=spec.prompt_field,
        extract=spec.extract,
        location=row.location,
        problem=problem,
    )


def _json_type(value: Any) -> str:
    """A value's type as JSON names it (a number, not `int`), for messages about input rows."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"a number ({type(value).__name__})"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _read_source_file(path: Path, index: int, relative: str, language: Language) -> InputRecord:
    """A source file as one record, its bytes decoded as its language reads its files."""
    problem = None
    text, encoding = "", "utf-8"
    try:
        decoded = decode_source_file(language, path.read_bytes())
        text, encoding = decoded.text, decoded.encoding
    except SourceDecodeError as error:
        problem = f"{error.what}: {printable_name(relative)}: {error.detail}"
    except OSError as error:
        problem = f"cannot read: {error.strerror}"
    return InputRecord(
        index=index,
        source_file=relative,
        language=language.name,
        fields={"code": text} if problem is None else {},
        code_field="code",
        prompt_field=None,
        extract=False,
        location=str(path),
        problem=problem,
        encoding=encoding,
    )


def carried_name(field_name: str) -> str:
    """The output key of an input field: `source_<field>`. A field named `file`, or one whose
    name starts with `file_` or `field_`, gets `field_` before its name, so that no field can
    overwrite `source_file` or `source_file_bytes` (where the record came from) and no two
    fields share a key: `file` -> `source_field_file`, `field_file` -> `source_field_field_file`."""
    if field_name == "file" or field_name.startswith(("file_", "field_")):
        return f"source_field_{field_name}"
    return f"source_{field_name}"


def printable_name(name: str) -> str:
    """A file name as UTF-8 text: bytes of a POSIX name that are not UTF-8 (which Python reads
    as surrogate escapes) are written `\\xNN`, as `ls -b` shows them."""
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def source_file_fields(name: str) -> dict[str, str]:
    """The output fields naming where a record came from: `source_file`, printable, and for a
    name that is not UTF-8 also `source_file_bytes`, its exact bytes in base64. JSON text
    cannot hold such bytes, and JSON readers such as Arrow's reject the lone surrogates that
    would stand for them."""
    shown = printable_name(name)
    if shown == name:
        return {"source_file": name}
    try:
        return {"source_file": shown, "source_file_bytes": base64.b64encode(os.fsencode(name)).decode("ascii")}
    except UnicodeEncodeError:
        return {"source_file": shown}


def dump(record: dict[str, Any]) -> str:
    """One JSON Lines row. Key order is the record's, so equal inputs give equal bytes.

    Text is written as UTF-8, except in a row holding a lone UTF-16 surrogate (common in
    scraped data), which cannot be UTF-8: that row is written with JSON escapes instead.
    """
    try:
        row = json.dumps(record, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)
    except ValueError:  # NaN or an infinity (from Parquet, or a caller): JSON has no such number
        return dump(_finite(record))
    try:
        row.encode("utf-8")
    except UnicodeEncodeError:
        row = json.dumps(record, ensure_ascii=True, separators=(", ", ": "))
    return row + "\n"


def _finite(value: Any) -> Any:
    """`value` with every NaN or infinite float replaced by its name as a string ("NaN",
    "Infinity", "-Infinity"), as JavaScript and Python's reader spell them."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _walk_sources(path: Path, languages: Sequence[Language]) -> Walk:
    # Imported here: only directory inputs need .gitignore matching (pathspec).
    from .discovery import walk_sources

    return walk_sources(path, languages)
