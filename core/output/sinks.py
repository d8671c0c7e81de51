"""The files one shard of output is written to, in a way that survives being killed at any point.

Each sink appends rows (JSON lines, bytes as `records.dump` makes them) to `<file>.partial` and
can say, as a small dict of byte offsets (`state()`), how much of what it wrote is complete. A
sink reopened from such a state (`resume=`) truncates its files back to it and carries on as if it
had never stopped, so the journal (`output.OutputWriter`) only has to store those offsets.

- JSON Lines: the data file itself; any offset at a row boundary is complete.
- Compressed JSON Lines (gzip, zstd): a compressed stream cannot be reopened in the middle, so the
  data is a sequence of independent members (gzip members, zstd frames), which every reader
  concatenates. The rows of the member being written wait in a plain spool file beside it, so a
  member cut short is rebuilt from its rows. Members end after the input record that brings them
  over `MEMBER_BYTES` of text: where they end depends on the rows alone, so the same rows give the
  same bytes.
- Parquet: a Parquet file is only readable once its footer is written, so the shard's rows wait
  in the spool and become the Parquet file, row group by row group, when the shard is complete.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from .layout import GZIP, JSONL, PARQUET, ZSTD, partial, spool

# Uncompressed bytes per gzip member or zstd frame: big enough that cutting costs nothing
# measurable in size, small enough that rebuilding a member cut short is quick.
MEMBER_BYTES = 4 << 20
# JSON text per Parquet row group (the rows of one group are in memory at once as Python objects).
ROW_GROUP_BYTES = 32 << 20
GZIP_LEVEL = 6
ZSTD_LEVEL = 3
# Rows are a few KB each: with the default 8 KB buffer, writing them costs a system call every
# row or two, which at many paths per program is a quarter of the parent process's CPU time.
WRITE_BUFFER_BYTES = 256 << 10
# Parquet key-value metadata listing the columns written as JSON text (their values had types
# that no single Arrow type holds); `output_read` decodes them back.
JSON_COLUMNS_KEY = b"lintseq_x.json_columns"


class ResumeError(Exception):
    """A partial file does not match the journal that describes it; the message is one line."""


class AppendFile:
    """A binary file appended to, that knows its size and can be cut back to an earlier one."""

    def __init__(self, path: Path, size: int = 0) -> None:
        self.path = path
        if size == 0:
            self.handle: BinaryIO = path.open("wb", buffering=WRITE_BUFFER_BYTES)
        else:
            try:
                self.handle = path.open("r+b", buffering=WRITE_BUFFER_BYTES)
            except FileNotFoundError:
                raise ResumeError(f"{path} is missing, but the progress journal counts {size} bytes in it") from None
            actual = os.fstat(self.handle.fileno()).st_size
            if actual < size:
                self.handle.close()
                raise ResumeError(f"{path} has {actual} bytes, fewer than the {size} the progress journal counts")
            self.handle.truncate(size)
            self.handle.seek(size)
        self.size = size

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.size += len(data)

    def cut(self, size: int) -> None:
        self.handle.flush()
        self.handle.truncate(size)
        self.handle.seek(size)
        self.size = size

    def sync(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.close()


class Sink(Protocol):
    """One shard of output (or a side file) being written."""

    rows: int

    def write(self, row: bytes) -> None: ...

    def end_record(self) -> bool:
        """Called after each input record; True when it made part of the data final (a member
        ended), which the journal must record before `after_commit`."""
        ...

    def state(self) -> dict[str, int]: ...

    def sync(self) -> None: ...

    def after_commit(self) -> None: ...

    def close(self) -> None:
        """Complete the shard: its data file is then whole and synced. The spool stays until
        `remove_spool`, since the journal may still describe the shard as open."""
        ...

    def abandon(self) -> None:
        """Close the files as they are (interrupted: the journal's state is what counts)."""
        ...

    def remove_spool(self) -> None: ...


class JsonlSink:
    """Rows appended to `<path>.partial` as they come."""

    def __init__(self, path: Path, resume: dict[str, int] | None = None) -> None:
        self.path = path
        self.data = AppendFile(partial(path), (resume or {}).get("data", 0))
        self.rows = (resume or {}).get("rows", 0)

    def write(self, row: bytes) -> None:
        self.data.write(row)
        self.rows += 1

    def end_record(self) -> bool:
        return False

    def state(self) -> dict[str, int]:
        return {"data": self.data.size, "rows": self.rows}

    def sync(self) -> None:
        self.data.sync()

    def after_commit(self) -> None:
        return None

    def close(self) -> None:
        self.data.sync()
        self.data.close()

    def abandon(self) -> None:
        self.data.close()

    def remove_spool(self) -> None:
        return None


class _GzipMember:
    def __init__(self) -> None:
        # wbits 31: a gzip header (modification time 0, no name: the same rows give the same bytes).
        self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)

    def compress(self, data: bytes) -> bytes:
        return self.compressor.compress(data)

    def finish(self) -> bytes:
        return self.compressor.flush(zlib.Z_FINISH)


class _ZstdFrame:
    def __init__(self) -> None:
        import zstandard

        self.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compressobj()

    def compress(self, data: bytes) -> bytes:
        return self.compressor.compress(data)

    def finish(self) -> bytes:
        return self.compressor.flush()


class CompressedSink:
    """JSON Lines compressed as a sequence of members; the current member's rows also in a spool."""

    def __init__(self, path: Path, codec: str, resume: dict[str, int] | None = None) -> None:
        self.path = path
        self.member_type = _GzipMember if codec == GZIP else _ZstdFrame
        state = resume or {}
        self.data = AppendFile(partial(path), state.get("data", 0))
        self.spool = AppendFile(spool(path), state.get("spool", 0))
        self.rows = state.get("rows", 0)
        self.member_start = self.data.size  # the data before it is complete members
        self.member = self.member_type()
        self.member_bytes = 0
        self.spool_done = False  # the spool's rows are in a finished member, and the journal will say so
        if self.spool.size:
            # Rebuild the member cut short, row by row as it was first fed: the same bytes.
            for row in _lines_of(self.spool.path, self.spool.size):
                self._compress(row)

    def _compress(self, row: bytes) -> None:
        self.data.write(self.member.compress(row))
        self.member_bytes += len(row)

    def write(self, row: bytes) -> None:
        if self.spool_done:
            self.spool.cut(0)
            self.spool_done = False
        self.spool.write(row)
        self._compress(row)
        self.rows += 1

    def end_record(self) -> bool:
        if self.member_bytes < MEMBER_BYTES:
            return False
        self._finish_member()
        self.spool_done = True
        return True

    def _finish_member(self) -> None:
        self.data.write(self.member.finish())
        self.member = self.member_type()
        self.member_bytes = 0
        self.member_start = self.data.size

    def state(self) -> dict[str, int]:
        return {"data": self.member_start, "spool": 0 if self.spool_done else self.spool.size, "rows": self.rows}

    def sync(self) -> None:
        self.data.sync()
        self.spool.sync()

    def after_commit(self) -> None:
        if self.spool_done:
            self.spool.cut(0)
            self.spool_done = False

    def close(self) -> None:
        # An empty output is still one (empty) member: a zero-byte file is not valid gzip or zstd.
        if self.member_bytes or self.data.size == 0:
            self._finish_member()
        self.data.sync()
        self.data.close()
        self.spool.sync()
        self.spool.close()

    def abandon(self) -> None:
        self.data.close()
        self.spool.close()

    def remove_spool(self) -> None:
        self.spool.close()
        self.spool.path.unlink(missing_ok=True)


class ParquetSink:
    """The shard's rows spooled as JSON Lines, written as Parquet row groups when it is complete."""

    def __init__(self, path: Path, resume: dict[str, int] | None = None) -> None:
        self.path = path
        state = resume or {}
        partial(path).unlink(missing_ok=True)  # written only when complete; a leftover one is stale
        self.spool = AppendFile(spool(path), state.get("spool", 0))
        self.rows = state.get("rows", 0)

    def write(self, row: bytes) -> None:
        self.spool.write(row)
        self.rows += 1

    def end_record(self) -> bool:
        return False

    def state(self) -> dict[str, int]:
        return {"data": 0, "spool": self.spool.size, "rows": self.rows}

    def sync(self) -> None:
        self.spool.sync()

    def after_commit(self) -> None:
        return None

    def close(self) -> None:
        self.spool.sync()
        self.spool.close()
        write_parquet(self.spool.path, self.spool.size, partial(self.path))

    def abandon(self) -> None:
        self.spool.close()

    def remove_spool(self) -> None:
        self.spool.close()
        self.spool.path.unlink(missing_ok=True)


def open_sink(path: Path, format: str, resume: dict[str, int] | None = None) -> Sink:
    """The sink for one data file of `format` (a format of `output_layout`)."""
    if format == JSONL:
        return JsonlSink(path, resume)
    if format in (GZIP, ZSTD):
        return CompressedSink(path, format, resume)
    if format == PARQUET:
        return ParquetSink(path, resume)
    raise ValueError(f"unknown output format {format!r}")


def _lines_of(path: Path, size: int) -> Iterator[bytes]:
    """The lines of the first `size` bytes of a spool (always whole rows)."""
    with path.open("rb") as handle:
        left = size
        for line in handle:
            if left <= 0:
                break
            yield line[:left]
            left -= len(line)


def _row_groups(path: Path, size: int) -> Iterator[list[dict[str, Any]]]:
    group: list[dict[str, Any]] = []
    text = 0
    for line in _lines_of(path, size):
        group.append(json.loads(line))
        text += len(line)
        if text >= ROW_GROUP_BYTES:
            yield group
            group, text = [], 0
    if group:
        yield group


def write_parquet(rows_path: Path, size: int, target: Path) -> None:
    """The JSON rows of `rows_path` (its first `size` bytes) as a Parquet file at `target`.

    Two passes, one row group in memory at a time: the first finds one schema for every row
    (columns in the order they first appear; structs with every key any row has; numbers widened
    where rows disagree), the second writes the row groups. A column whose values no single Arrow
    type can hold (a string in one row, a number in another) is written as JSON text and listed
    in the file's metadata, so that it reads back as it was.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    column_types: dict[str, list[Any]] = {}
    for group in _row_groups(rows_path, size):
        for name in _column_names(group):
            column_types.setdefault(name, []).append(_column_type(pa, [row.get(name) for row in group]))
    fields, as_json = [], []
    for name, types in column_types.items():
        unified = _unify(pa, types)
        if unified is None:
            as_json.append(name)
            unified = pa.string()
        fields.append(pa.field(name, unified))
    schema = pa.schema(fields, metadata={JSON_COLUMNS_KEY: json.dumps(as_json).encode()} if as_json else None)
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for group in _row_groups(rows_path, size):
            columns = []
            for field in schema:
                values = [row.get(field.name) for row in group]
                if field.name in as_json:
                    values = [None if value is None else json.dumps(value, ensure_ascii=False) for value in values]
                columns.append(pa.array(values, type=field.type))
            writer.write_table(pa.Table.from_arrays(columns, schema=schema), row_group_size=len(group))
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def _column_names(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(name for row in rows for name in row))


def _column_type(pa: Any, values: list[Any]) -> Any:
    """The Arrow type of one column of a row group, or None when its values have no common type."""
    try:
        return pa.array(values).type
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return None


def _unify(pa: Any, types: list[Any]) -> Any:
    if any(kind is None for kind in types):
        return None
    try:
        return pa.unify_schemas([pa.schema([pa.field("column", kind)]) for kind in types], promote_options="permissive").field(
            "column"
        ).type
    except (pa.ArrowInvalid, pa.ArrowTypeError, NotImplementedError):
        return None
