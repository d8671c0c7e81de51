"""Reading a run's output back, in every form `lintseq-x run` writes it (for verify, show, stats).

A path is one output file (JSON Lines, `.jsonl.gz`, `.jsonl.zst`, Parquet) or the manifest of a
sharded output (`out.shards.json`), whose shards are read in order as one sequence of rows.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..input.formats import FormatError, JsonlRow, _parse_line
from .layout import GZIP, MANIFEST_SUFFIX, PARQUET, ZSTD, format_of
from .sinks import JSON_COLUMNS_KEY

PARQUET_BATCH_ROWS = 256


class OutputReadError(ValueError):
    """An output that cannot be read (a missing shard, a corrupt file); the message is one line."""


@dataclass(frozen=True)
class OutputRow(JsonlRow):
    """One row of an output: as `JsonlRow`, with where it is (`out-00001.jsonl:12`, `out.parquet:row 3`)."""

    location: str = ""


def output_files(path: Path) -> list[Path]:
    """The data files of an output: the shards its manifest lists, or the file itself."""
    if not path.name.endswith(MANIFEST_SUFFIX):
        return [path]
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        shards = [path.with_name(str(entry["file"])) for entry in manifest["shards"]]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise OutputReadError(f"{path}: not a lintseq-x shard manifest ({type(error).__name__}: {error})") from None
    for shard in shards:
        if not shard.is_file():
            raise OutputReadError(f"{shard}: listed in {path} but missing")
    return shards


def iter_output(path: Path, on_error: Callable[[str], Any] | None = None) -> Iterator[OutputRow]:
    """Every row of an output, in order; a line that is not a JSON object keeps its text and the reason.

    An output that cannot be read raises `OutputReadError`, or, with `on_error`, is handed to it
    as one line (a command's `fail`) and the rows end.
    """
    try:
        for file in output_files(path):
            if format_of(file) == PARQUET:
                yield from _parquet_rows(file)
            else:
                yield from _line_rows(file)
    except OutputReadError as error:
        if on_error is None:
            raise
        on_error(str(error))


def _line_rows(path: Path) -> Iterator[OutputRow]:
    line_number = 0
    try:
        with io.TextIOWrapper(_open_lines(path), encoding="utf-8", errors="surrogateescape", newline="\n") as lines:
            for line_number, line in enumerate(lines, start=1):  # noqa: B007 - read in the except clause
                if line.strip():
                    row = _parse_line(line_number, line.rstrip("\n"))
                    yield OutputRow(row.line_number, row.value, row.problem, row.raw, f"{path}:{line_number}")
    except OSError as error:  # gzip's BadGzipFile is an OSError
        raise OutputReadError(f"{path}: cannot read past line {line_number}: {error.strerror or error}") from None
    except EOFError:
        raise OutputReadError(f"{path}: cannot read past line {line_number}: the compressed data is truncated") from None
    except Exception as error:
        if type(error).__module__.startswith("zstandard"):
            raise OutputReadError(f"{path}: cannot read past line {line_number}: {error}") from None
        raise


def _open_lines(path: Path) -> IO[bytes]:
    kind = format_of(path)
    if kind == GZIP:
        return gzip.open(path, "rb")  # reads every member
    if kind == ZSTD:
        try:
            import zstandard
        except ImportError:
            raise OutputReadError(f"{path}: reading .zst needs zstandard: pip install 'lintseq-x[zstd]'") from None
        # The output is a sequence of frames (output_sinks): read across all of them.
        return zstandard.ZstdDecompressor().stream_reader(path.open("rb"), read_across_frames=True, closefd=True)
    return path.open("rb")


def _parquet_rows(path: Path) -> Iterator[OutputRow]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise OutputReadError(f"{path}: reading Parquet needs pyarrow: pip install 'lintseq-x[parquet]'") from None
    number = 0
    try:
        parquet = pq.ParquetFile(path)
        metadata = parquet.schema_arrow.metadata or {}
        as_json = json.loads(metadata.get(JSON_COLUMNS_KEY, b"[]"))
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for value in batch.to_pylist():
                yield OutputRow(number + 1, _decoded(value, as_json), location=f"{path}:row {number}")
                number += 1
    except (OSError, FormatError) as error:
        raise OutputReadError(f"{path}: cannot read: {error}") from None
    except Exception as error:
        if type(error).__module__.startswith("pyarrow"):
            raise OutputReadError(f"{path}: cannot read: {str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}") from None
        raise


def _decoded(value: dict[str, Any], as_json: list[str]) -> dict[str, Any]:
    for name in as_json:
        if value.get(name) is not None:
            value[name] = json.loads(value[name])
    return value
