"""Walking a directory tree for source files, the way a repository should be read.

A file is kept when one of the selected languages claims its extension and nothing excludes
it: `.gitignore` rules (every `.gitignore` in the tree, deeper ones overriding), hidden and
vendored folders, generated or minified files, and binary files. Every exclusion is counted by
reason, so a run can say exactly what it left out.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from .language import Language

VENDORED_FOLDERS = frozenset(
    {"node_modules", "vendor", "third_party", "third-party", "bower_components", "site-packages", "__pycache__"}
)
# Markers tools write at the top of files nobody should edit by hand.
_GENERATED = re.compile(r"code generated .* do not edit|@generated\b|\bauto-?generated\b|\bdo not edit\b", re.I)
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class SourceFile:
    path: Path
    relative: str  # POSIX path relative to the walked root
    language: Language


@dataclass
class Walk:
    """The files kept, in a stable order, and how many were left out for each reason."""

    files: list[SourceFile] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)


def _ignore_spec(folder: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())


def _ignored(specs: list[tuple[Path, pathspec.GitIgnoreSpec]], path: Path, is_dir: bool) -> bool:
    """Whether `path` is ignored; the deepest `.gitignore` with an opinion decides."""
    ignored = False
    for base, spec in specs:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        verdict = spec.check_file(relative).include
        if verdict is not None:
            ignored = verdict
    return ignored


def exclusion_reason(path: Path) -> str | None:
    """Why a code file should not be processed (binary, generated, minified), or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as error:
        return f"unreadable ({error.strerror})"
    if b"\0" in head:
        return "binary"
    if ".min." in path.name:
        return "minified"
    first_lines = head.decode("utf-8", "replace").splitlines()[:5]
    if any(_GENERATED.search(line) for line in first_lines):
        return "generated"
    lines = head.decode("utf-8", "replace").splitlines()
    if lines and len(head) >= 2000 and max(len(line) for line in lines) > 1000 and len(head) / len(lines) > 300:
        return "minified"
    return None


def walk_sources(root: Path, languages: Sequence[Language]) -> Walk:
    """The source files under `root` in the given languages, by file extension."""
    by_extension = {ext.lower(): language for language in reversed(languages) for ext in language.extensions}
    walk = Walk()
    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        specs = [(base, spec) for base, spec in specs if here == base or base in here.parents]
        spec = _ignore_spec(here)
        if spec is not None:
            specs.append((here, spec))
        kept_folders = []
        for name in sorted(subfolders):
            if name.startswith("."):
                walk.excluded["hidden folder"] += 1
            elif name in VENDORED_FOLDERS:
                walk.excluded["vendored folder"] += 1
            elif _ignored(specs, here / name, is_dir=True):
                walk.excluded["gitignored"] += 1
            else:
                kept_folders.append(name)
        subfolders[:] = kept_folders
        for name in files:
            path = here / name
            language = by_extension.get(_extension(name))
            if language is None:
                continue
            if _ignored(specs, path, is_dir=False):
                walk.excluded["gitignored"] += 1
                continue
            reason = exclusion_reason(path)
            if reason is not None:
                walk.excluded[reason] += 1
                continue
            walk.files.append(SourceFile(path, path.relative_to(root).as_posix(), language))
    walk.files.sort(key=lambda source: source.relative)
    return walk


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""
