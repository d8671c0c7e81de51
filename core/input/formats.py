"""Table-like inputs, each read as a stream of rows: JSON Lines (plain or compressed), Parquet,
and a dataset saved by `datasets.save_to_disk`.

A reader holds one line (JSON Lines) or one record batch (Parquet, Arrow) at a time, so memory
stays flat whatever the input's size. A row that cannot be used still comes out, with the
reason, so that every row of the input ends up somewhere. Each row carries its `location`:
`data.jsonl:12` (the 1-based line), `data.parquet:row 12` (the 0-based row, as pandas and
`datasets` number them), `saved:row 12` or, for a `DatasetDict`, `saved/train:row 12`.

pyarrow (Parquet, saved datasets) and zstandard (`.zst`) are optional: a reader that needs a
missing one raises `FormatUnavailable`, naming the extra to install.
"""

from __future__ import annotations

import base64
import bz2
import datetime
import decimal
import gzip
import io
import json
import math
import lzma
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

JSONL_SUFFIXES = (".jsonl", ".jsonlines", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
# Compressed JSON Lines: `data.jsonl.gz` and the like. gzip, bzip2 and xz come with Python.
COMPRESSION_SUFFIXES = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}
# Rows per Arrow record batch read from Parquet (a saved dataset keeps the batches it was written
# in): 64 rows of long instruction data are a few MB at most once they are Python objects.
PARQUET_BATCH_ROWS = 64
PARQUET_READ_BUFFER = 1 << 20  # bytes read at a time from a column chunk, however large its row group
# The state file `save_to_disk` writes next to a dataset's .arrow files, and the one it writes
# above the splits of a DatasetDict.
DATASET_STATE = "state.json"
DATASET_DICT = "dataset_dict.json"


class FormatError(ValueError):
    """The input as a whole cannot be read (corrupt, truncated, not the format its name says)."""


class FormatUnavailable(FormatError):
    """Reading this format needs an optional package that is not installed."""


@dataclass(frozen=True)
class Row:
    """One row of an input: its object, or why there is none (with its raw text when it had some)."""

    location: str
    value: dict[str, Any] | None
    problem: str | None = None
    raw: str | None = None
    binary_columns: tuple[str, ...] = ()  # columns of bytes that are not UTF-8, carried as "base64:..."


@dataclass(frozen=True)
class JsonlRow:
    """One non-blank line of a JSONL file: the object, or why there is none (with the raw text)."""

    line_number: int
    value: dict[str, Any] | None
    problem: str | None = None
    raw: str | None = None


def compression_of(path: Path) -> str | None:
    return COMPRESSION_SUFFIXES.get(path.suffix.lower())


def _base_suffix(path: Path) -> str:
    """The suffix that names the format, under any compression suffix (`.jsonl` of `a.jsonl.gz`)."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSION_SUFFIXES:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def is_saved_dataset(path: Path) -> bool:
    """A folder written by `Dataset.save_to_disk` or `DatasetDict.save_to_disk`."""
    return path.is_dir() and ((path / DATASET_STATE).is_file() or (path / DATASET_DICT).is_file())


def format_of(path: Path) -> str | None:
    """`jsonl`, `parquet`, `saved-dataset`, or None for anything else (a source file or tree)."""
    if path.is_dir():
        return "saved-dataset" if is_saved_dataset(path) else None
    suffix = _base_suffix(path)
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES and compression_of(path) is None:
        return "parquet"
    return None


def read_rows(path: Path) -> Iterator[Row]:
    """Every row of a table-like input, in order (see `format_of`)."""
    kind = format_of(path)
    if kind == "jsonl":
        for row in iter_jsonl(path):
            yield Row(f"{path}:{row.line_number}", row.value, row.problem, row.raw)
    elif kind == "parquet":
        yield from _parquet_rows(path)
    elif kind == "saved-dataset":
        for split, folder in _dataset_splits(path):
            yield from _arrow_rows(folder, split)
    else:
        raise FormatError(f"{path}: not JSON Lines, Parquet or a saved dataset")


def count_rows(path: Path) -> int:
    """How many rows `read_rows` yields, cheaply: metadata where there is some, else a pass over
    the bytes (no JSON is parsed)."""
    kind = format_of(path)
    if kind == "parquet":
        pq = _pyarrow_module("pyarrow.parquet", path)
        with _arrow_errors(path):
            return pq.ParquetFile(path).metadata.num_rows
    if kind == "saved-dataset":
        pa = _pyarrow_module("pyarrow", path)
        total = 0
        for _, folder in _dataset_splits(path):
            for arrow_file in _arrow_files(folder):
                # Memory-mapped, only the batch headers are touched: no column data is read.
                with _arrow_errors(arrow_file), pa.memory_map(str(arrow_file)) as source:
                    total += sum(batch.num_rows for batch in _open_arrow(pa, source))
        return total
    with _text_lines(path) as lines:
        return sum(1 for line in _checked(lines, path) if _without_bom(line).strip())


# ---------------------------------------------------------------------------------------------
# JSON Lines
# ---------------------------------------------------------------------------------------------


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed on the fly when its name ends in a compression suffix."""
    compression = compression_of(path)
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "bzip2":
        return bz2.open(path, "rb")
    if compression == "xz":
        return lzma.open(path, "rb")
    if compression == "zstd":
        try:
            import zstandard
        except ImportError:
            raise FormatUnavailable(
                f"{path}: reading .zst files needs the zstandard package: pip install 'lintseq-x[zstd]'"
            ) from None
        return io.BufferedReader(_ZstdFrames(path.open("rb"), zstandard), buffer_size=1 << 16)
    return path.open("rb")


class _ZstdFrames(io.RawIOBase):
    """The decompressed bytes of a .zst file, frame after frame. zstandard's own stream_reader
    ends quietly where a truncated file ends; this reader raises EOFError instead, like gzip,
    bz2 and lzma do, so that no truncated input passes for a complete one."""

    def __init__(self, compressed: IO[bytes], zstandard: Any) -> None:
        super().__init__()
        self.compressed, self.zstandard = compressed, zstandard
        self.frame: Any = None  # the decompressor of the current frame
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = self.compressed.read(1 << 16)
            if not chunk:
                if self.frame is not None and not self.frame.eof:
                    raise EOFError("the last zstd frame is incomplete")
                return 0
            self.pending = memoryview(self._decompress(chunk))
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _decompress(self, chunk: bytes) -> bytes:
        out = []
        while chunk:
            if self.frame is None or self.frame.eof:
                self.frame = self.zstandard.ZstdDecompressor().decompressobj()
            out.append(self.frame.decompress(chunk))
            chunk = self.frame.unused_data if self.frame.eof else b""
        return b"".join(out)

    def close(self) -> None:
        self.compressed.close()
        super().close()


@contextmanager
def _text_lines(path: Path) -> Iterator[io.TextIOWrapper]:
    """The file's lines as text. Universal newlines: `\\n`, `\\r\\n` and a lone `\\r` each end a
    line (JSON text cannot hold a raw CR inside a string, so this never splits a record). A
    leading byte-order mark is dropped; bytes that are not UTF-8 come through as surrogate
    escapes, for `_parse_line` to report."""
    text = io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", errors="surrogateescape", newline=None)
    try:
        yield text
    finally:
        text.close()


# What the decompressors raise on corrupt or truncated data (BadGzipFile is an OSError; so is a
# failing disk, which is reported with its own message).
_STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, lzma.LZMAError, zlib.error, OSError)


def _checked(lines: io.TextIOWrapper, path: Path) -> Iterator[str]:
    """The lines, with a file that cannot be read to its end reported as a `FormatError`."""
    line_number = 0
    try:
        for line_number, line in enumerate(lines, start=1):  # noqa: B007 - read in the except clauses
            yield line
    except _STREAM_ERRORS as error:
        raise FormatError(f"{path}: cannot read past line {line_number}: {_describe(error, path)}") from None
    except Exception as error:  # zstandard.ZstdError derives from Exception only
        if type(error).__module__.startswith("zstandard"):
            raise FormatError(f"{path}: cannot read past line {line_number}: {_describe(error, path)}") from None
        raise


def _describe(error: BaseException, path: Path) -> str:
    if isinstance(error, EOFError):
        return "the compressed data is truncated"
    if compression_of(path) is None or (isinstance(error, OSError) and error.errno is not None):
        return str(getattr(error, "strerror", None) or error)
    return f"the compressed data is corrupt ({error or type(error).__name__})"


def iter_jsonl(path: Path) -> Iterator[JsonlRow]:
    """Each non-blank line of a JSONL file (compressed or not), parsed; a bad line keeps its text
    so that nothing is lost."""
    with _text_lines(path) as lines:
        for line_number, line in enumerate(_checked(lines, path), start=1):
            line = _without_bom(line)
            if line.strip():
                yield _parse_line(line_number, line.rstrip("\n"))


def _without_bom(line: str) -> str:
    """A line without the byte-order mark it starts with, if any. Concatenated JSONL files
    (`cat a.jsonl b.jsonl`) carry each file's mark to the start of a line mid-file: it belongs to
    the file boundary, not to the record, just as the one at the start of the file does."""
    return line[1:] if line.startswith("\ufeff") else line


def _parse_line(line_number: int, line: str) -> JsonlRow:
    undecodable = _first_surrogate_escape(line)
    if undecodable is not None:
        raw = line.encode("utf-8", "surrogateescape")
        byte = ord(line[undecodable]) - 0xDC00
        problem = f"not UTF-8 text: byte 0x{byte:02x} at column {undecodable + 1} cannot be decoded"
        return JsonlRow(line_number, None, problem, raw.decode("utf-8", "replace"))
    try:
        value = json.loads(line, parse_float=_number, parse_constant=_number)
    except json.JSONDecodeError as error:
        return JsonlRow(line_number, None, f"invalid JSON: {error}", line)
    except RecursionError:
        return JsonlRow(line_number, None, "invalid JSON: nested too deeply to parse", line)
    if not isinstance(value, dict):
        return JsonlRow(line_number, None, f"expected a JSON object, got {type(value).__name__}", line)
    return JsonlRow(line_number, value)


def _number(text: str) -> float | str:
    """A JSON number, or its text when no double holds it (`1e400`) or when it is one of the
    non-standard literals Python's reader accepts (`NaN`, `Infinity`): written back as a
    number, it would be `Infinity` or `NaN`, which is not JSON."""
    value = float(text)
    return value if math.isfinite(value) else text


# Only `surrogateescape` puts U+DC80..U+DCFF into decoded text: each stands for a byte that
# was not UTF-8.
_SURROGATE_ESCAPE = re.compile("[\udc80-\udcff]")


def _first_surrogate_escape(line: str) -> int | None:
    """Where the first byte that was not UTF-8 is (as a surrogate escape), or None."""
    if line.isascii():
        return None
    found = _SURROGATE_ESCAPE.search(line)
    return found.start() if found else None


# ---------------------------------------------------------------------------------------------
# Parquet and Arrow (pyarrow)
# ---------------------------------------------------------------------------------------------


def _pyarrow_module(name: str, path: Path) -> Any:
    try:
        module = __import__(name, fromlist=["_"])
        pyarrow = __import__("pyarrow")
    except ImportError:
        raise FormatUnavailable(f"{path}: reading Parquet and saved datasets needs pyarrow: pip install 'lintseq-x[parquet]'") from None
    _use_the_system_allocator(pyarrow)
    return module


_allocator_chosen = False


def _use_the_system_allocator(pyarrow: Any) -> None:
    """pyarrow's default allocator (mimalloc) keeps the pages of freed batches: streaming a 1 GB
    input through it held ~70 MB more than the system allocator does. Chosen once per process,
    before the first batch is read (buffers already allocated stay with their own pool)."""
    global _allocator_chosen
    if not _allocator_chosen:
        _allocator_chosen = True
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())


@contextmanager
def _arrow_errors(path: Path) -> Iterator[None]:
    """pyarrow's errors (a file that is not Parquet or Arrow, a truncated one) as a `FormatError`."""
    try:
        yield
    except FormatError:
        raise
    except Exception as error:
        if type(error).__module__.startswith("pyarrow"):
            text = str(error).strip()
            raise FormatError(f"{path}: cannot read: {text.splitlines()[0] if text else type(error).__name__}") from None
        if isinstance(error, OSError):
            raise FormatError(f"{path}: cannot read: {error.strerror or error}") from None
        raise


def _parquet_rows(path: Path) -> Iterator[Row]:
    pq = _pyarrow_module("pyarrow.parquet", path)
    number = 0
    with _arrow_errors(path):
        # Without threads and pre-buffering, pyarrow decodes one batch at a time from buffered
        # reads; with them, it reads the following row groups ahead (the whole file, soon).
        parquet = pq.ParquetFile(path, pre_buffer=False, buffer_size=PARQUET_READ_BUFFER)
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, use_threads=False):
                for value in batch.to_pylist():
                    yield _table_row(f"{path}:row {number}", value)
                    number += 1
        finally:
            parquet.close()


def _dataset_splits(path: Path) -> list[tuple[str | None, Path]]:
    """The folders holding a saved dataset's .arrow files: the dataset itself, or each split of
    a DatasetDict in the order `dataset_dict.json` lists them."""
    if not (path / DATASET_DICT).is_file():
        return [(None, path)]
    splits = _json_file(path / DATASET_DICT).get("splits")
    if not isinstance(splits, list) or not all(isinstance(split, str) for split in splits):
        raise FormatError(f"{path / DATASET_DICT}: no list of split names under 'splits'")
    for split in splits:
        if not (path / split / DATASET_STATE).is_file():
            raise FormatError(f"{path / split}: the split listed in {DATASET_DICT} has no {DATASET_STATE}")
    return [(split, path / split) for split in splits]


def _arrow_files(folder: Path) -> list[Path]:
    state = _json_file(folder / DATASET_STATE)
    files = state.get("_data_files")
    if not isinstance(files, list) or not all(isinstance(entry, dict) and "filename" in entry for entry in files):
        raise FormatError(f"{folder / DATASET_STATE}: no list of data files under '_data_files'")
    paths = [folder / str(entry["filename"]) for entry in files]
    for arrow_file in paths:
        if not arrow_file.is_file():
            raise FormatError(f"{arrow_file}: listed in {folder / DATASET_STATE} but missing")
    return paths


def _json_file(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(f"{path}: cannot read: {error}") from None
    if not isinstance(value, dict):
        raise FormatError(f"{path}: expected a JSON object")
    return value


def _open_arrow(pa: Any, source: Any) -> Any:
    """`save_to_disk` writes the Arrow streaming format; an Arrow file (with a footer) is read too."""
    try:
        return pa.ipc.open_stream(source)
    except pa.ArrowInvalid:
        source.seek(0)
        reader = pa.ipc.open_file(source)
        return (reader.get_batch(number) for number in range(reader.num_record_batches))


def _arrow_rows(folder: Path, split: str | None) -> Iterator[Row]:
    pa = _pyarrow_module("pyarrow", folder)
    name = str(folder)  # for a split of a DatasetDict, `saved/train`: loadable as it stands
    number = 0
    for arrow_file in _arrow_files(folder):
        # Read, not memory-mapped: mapped pages stay resident (and counted) until the file is closed.
        with _arrow_errors(arrow_file), pa.OSFile(str(arrow_file)) as source:
            for batch in _open_arrow(pa, source):
                for value in batch.to_pylist():
                    yield _table_row(f"{name}:row {number}", value)
                    number += 1


def _table_row(location: str, value: dict[str, Any]) -> Row:
    """A row of a table, its values made JSON-ready (output rows are JSON). Bytes that are UTF-8
    become text; other bytes cannot, and are carried as "base64:..." with the column named."""
    binary: list[str] = []
    fields = {str(name): _json_ready(item, str(name), binary) for name, item in value.items()}
    return Row(location, fields, binary_columns=tuple(dict.fromkeys(binary)))


def _json_ready(value: Any, column: str, binary: list[str]) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            binary.append(column)
            return "base64:" + base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {str(key): _json_ready(item, column, binary) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(item, column, binary) for item in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, datetime.timedelta)):
        return str(value)
    return str(value)
