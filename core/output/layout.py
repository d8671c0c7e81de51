"""Where a run's output goes: the format its name asks for, its shards and its companion files.

`-o out.jsonl` writes JSON Lines; `out.jsonl.gz` and `out.jsonl.zst` the same lines compressed;
`out.parquet` a Parquet file. With `--shard-size N` the rows are split into files of N rows
named `out-00000.jsonl`, `out-00001.jsonl`, ... listed, in order, by the manifest
`out.shards.json`. Whatever the format, the skipped and failed records go to the plain JSON Lines
files `out.skipped.jsonl` and `out.failed.jsonl`, and an unfinished run keeps its progress journal
in `out.jsonl.progress` (the output's name plus `.progress`).
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .lock import lock_path
from .paths import OutputNameError, path_problem

if TYPE_CHECKING:
    from ..input.discovery import Walk

JSONL = "jsonl"
GZIP = "jsonl.gz"
ZSTD = "jsonl.zst"
PARQUET = "parquet"
FORMATS = (JSONL, GZIP, ZSTD, PARQUET)

_COMPRESSION_SUFFIXES = {".gz": GZIP, ".zst": ZSTD}
_LINE_SUFFIXES = (".jsonl", ".jsonlines", ".ndjson")
_PARQUET_SUFFIXES = (".parquet", ".pq")
MANIFEST_SUFFIX = ".shards.json"
PARTIAL = ".partial"
SIDE_FILES = ("skipped", "failed", "excluded")



def format_of(path: Path) -> str:
    """The output format a file name asks for: by its last suffix, JSON Lines when none matches."""
    suffix = path.suffix.lower()
    if suffix in _PARQUET_SUFFIXES:
        return PARQUET
    return _COMPRESSION_SUFFIXES.get(suffix, JSONL)


def split_name(name: str) -> tuple[str, str]:
    """`out.jsonl.gz` -> (`out`, `.jsonl.gz`): the stem shared by companion files, and the format's suffix.

    A name without a known suffix (`out.data`) is all stem, with an empty suffix, so that its
    shards are `out.data-00000` and so on.
    """
    lowered = name.lower()
    rest, suffix = name, ""
    for compression in _COMPRESSION_SUFFIXES:
        if lowered.endswith(compression) and len(name) > len(compression):
            rest, suffix = name[: -len(compression)], name[-len(compression) :]
            break
    for parquet_suffix in _PARQUET_SUFFIXES:
        if lowered.endswith(parquet_suffix) and len(name) > len(parquet_suffix):
            return name[: -len(parquet_suffix)], name[-len(parquet_suffix) :]
    for line_suffix in _LINE_SUFFIXES:
        if rest.lower().endswith(line_suffix) and len(rest) > len(line_suffix):
            return rest[: -len(line_suffix)], rest[-len(line_suffix) :] + suffix
    return rest, suffix


@dataclass(frozen=True)
class OutputLayout:
    """The files of one output: its format, the shard naming and the companion files.

    shard_size: rows per shard, or None for a single file at `path`.
    """

    path: Path
    format: str
    shard_size: int | None = None

    @classmethod
    def for_path(cls, path: Path, shard_size: int | None = None) -> OutputLayout:
        """The layout `-o path` (and `--shard-size`) ask for; OutputNameError if it cannot be written here."""
        if shard_size is not None and shard_size < 1:
            raise OutputNameError(f"--shard-size must be at least 1, not {shard_size}")
        problem = path_problem(path)
        if problem is not None:
            raise OutputNameError(problem)
        chosen = format_of(path)
        if chosen == ZSTD and importlib.util.find_spec("zstandard") is None:
            raise OutputNameError(f"{path}: writing .zst needs zstandard: pip install 'lintseq-x[zstd]'")
        if chosen == PARQUET and importlib.util.find_spec("pyarrow") is None:
            raise OutputNameError(f"{path}: writing Parquet needs pyarrow: pip install 'lintseq-x[parquet]'")
        return cls(path, chosen, shard_size)

    @property
    def stem(self) -> str:
        return split_name(self.path.name)[0]

    @property
    def suffix(self) -> str:
        return split_name(self.path.name)[1]

    def shard(self, number: int) -> Path:
        """The final name of data file `number` (always `path` when the output is not sharded)."""
        if self.shard_size is None:
            return self.path
        return self.path.with_name(f"{self.stem}-{number:05d}{self.suffix}")

    def side(self, kind: str) -> Path:
        """`out.skipped.jsonl`, `out.failed.jsonl`, `out.excluded.jsonl`: always plain JSON Lines."""
        return self.path.with_name(f"{self.stem}.{kind}.jsonl")

    @property
    def manifest(self) -> Path:
        return self.path.with_name(self.stem + MANIFEST_SUFFIX)

    @property
    def journal(self) -> Path:
        return self.path.with_name(self.path.name + ".progress")

    @property
    def lock(self) -> Path:
        return lock_path(self.path)

    def named_files(self) -> list[Path]:
        """The files of this output whose names do not depend on how many rows it gets."""
        return [self.path, self.journal, self.lock, self.manifest, *(self.side(kind) for kind in SIDE_FILES)]

    def owns(self, path: Path) -> bool:
        """Whether this output may write, replace or delete a file at `path`: its data files or
        shards, side files, manifest, journal and lock, finished or partial."""
        if path.parent.resolve() != self.path.parent.resolve():
            return False
        if any(path.name in (own.name, partial(own).name, spool(own).name) for own in self.named_files()):
            return True
        if self.shard_size is None:
            return False
        shard = re.escape(self.stem) + r"-\d{5,}" + re.escape(self.suffix) + r"(?:\.partial(?:\.rows)?)?"
        return re.fullmatch(shard, path.name) is not None

    def shard_numbers_on_disk(self) -> list[int]:
        """Numbers of the finished files named like this output's shards."""
        return self._shard_numbers("")

    def partial_shard_numbers(self) -> list[int]:
        """Numbers of the shards with a partial data file or a spool on disk (an unfinished run's)."""
        return self._shard_numbers(r"\.partial(?:\.rows)?")

    def _shard_numbers(self, ending: str) -> list[int]:
        if self.shard_size is None:
            return []
        pattern = re.compile(re.escape(self.stem) + r"-(\d{5,})" + re.escape(self.suffix) + ending)
        numbers = set()
        for candidate in self.path.parent.glob(f"{glob_escape(self.stem)}-*"):
            match = pattern.fullmatch(candidate.name)
            if match:
                numbers.add(int(match.group(1)))
        return sorted(numbers)


def input_overlap(layout: OutputLayout, source: Path, walk: Walk | None = None) -> str | None:
    """Why writing `layout` would overwrite, delete or feed back into the input `source`, or
    None. A folder input is being read: no output file may lie inside it, except in a folder
    its `walk` does not enter."""
    resolved = source.resolve()
    if resolved.is_dir():
        folder = layout.path.parent.resolve()
        if folder != resolved and resolved not in folder.parents:
            return None
        if walk is not None and not walk.reads_folder(folder.relative_to(resolved).parts):
            return None
        return f"it lies inside the input folder {source}, which is being read"
    # A hard link or a symbolic link in the output's folder is the input under another name.
    if layout.owns(resolved) or any(own.exists() and os.path.samefile(own, resolved) for own in layout.named_files()):
        return f"the run would overwrite or delete the input {source}"
    return None


def partial(path: Path) -> Path:
    """Where `path` is written until the run finishes."""
    return path.with_name(path.name + PARTIAL)


def spool(path: Path) -> Path:
    """Where the rows of a compressed member or a Parquet shard wait, as JSON Lines, until it is written."""
    return path.with_name(path.name + PARTIAL + ".rows")


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
