"""Tree-sitter query files of plugins, with nvim-treesitter's inheritance.

A plugin keeps its queries in `.scm` files (`plugins/<lang>/queries/locals.scm`). A file whose
first lines say `; inherits: c` (or `; inherits: c, cpp`) starts with the query of the same file
name of each language named, in order, so C++ extends C's query instead of editing its text.
A name is a sibling plugin folder (`../c/queries/locals.scm`), or else an importable package, for
a plugin installed elsewhere (`; inherits: lintseq_x.plugins.c` reads that package's `queries/`).
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from pathlib import Path

_INHERITS = re.compile(r"^;+\s*inherits\s*:\s*(.+?)\s*$")


class QueryFileError(ValueError):
    """A query file, or one it inherits from, cannot be read; the message names both."""


def read_query(path: Path | str) -> str:
    """The text of the query file at `path`, with what it inherits placed before it."""
    return _read(Path(path).resolve(), ())


@cache
def _read(path: Path, seen: tuple[Path, ...]) -> str:
    if path in seen:
        raise QueryFileError(f"{path}: inherits from itself ({' -> '.join(str(p) for p in (*seen, path))})")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise QueryFileError(f"{path}: {error.strerror or error}") from error
    inherited = [_read(_inherited_file(path, name), (*seen, path)) for name in _inherited_names(text)]
    return "".join(inherited) + text


def _inherited_names(text: str) -> list[str]:
    names = []
    for line in text.splitlines():
        if not line.startswith(";"):
            break  # modelines sit at the top of the file
        found = _INHERITS.match(line)
        if found:
            names += [name.strip() for name in found.group(1).split(",") if name.strip()]
    return names


def _inherited_file(path: Path, name: str) -> Path:
    sibling = path.parents[2] / name / "queries" / path.name
    if "." not in name and sibling.exists():
        return sibling
    try:
        package = importlib.import_module(name)
    except ImportError:
        raise QueryFileError(f"{path}: inherits from {name}, which is neither {sibling} nor an importable package") from None
    return Path(package.__file__).parent / "queries" / path.name
