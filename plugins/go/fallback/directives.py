"""Go's compiler directives for the pip-only fallback (a `ScopeRules.extra_check`).

cmd/compile rejects a `//go:embed` in a file that does not import "embed", and a `//go:linkname`
in one that does not import "unsafe": a directive that needs an import is a use of it, and a
state that deleted the import must not keep the directive. A `//go:linkname local target` also
uses `local`, a package-level function or variable; like every name of the fallback, it is
flagged only when the full program declares it (otherwise it lives in a sibling file). And a
function declared without a body gets one from the `//go:linkname` that names it: a state that
lost the directive but kept the function is "missing function body" to `go build`.
The default checker's helper (helper/main.go, DirectiveError) judges the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lintseq_x.plugins import Diagnostic, captures, compiled_query, read_query

QUERY = read_query(Path(__file__).parent.with_name("queries") / "directives.scm")

# The directives that need an import, and the import.
NEEDED_IMPORT = {"go:embed": "embed", "go:linkname": "unsafe"}


class DirectiveCheck:
    """`begin(root, source)` with the full program's tree; `check(root, source)` per state."""

    def __init__(self) -> None:
        self._linkable: frozenset[str] = frozenset()  # what the program's linknames may name
        self._linked: frozenset[str] = frozenset()  # what they do name

    def begin(self, root: Any, source: bytes) -> None:
        captures = _captures(root)
        self._linkable = frozenset(_texts(captures, "linkable"))
        self._linked = frozenset(_linked(captures))

    def check(self, root: Any, source: bytes) -> list[Diagnostic]:
        captures = _captures(root)
        imported = set(_texts(captures, "import"))
        linkable = set(_texts(captures, "linkable"))
        problems = []
        for comment in captures.get("directive", ()):
            name, *args = comment.text.decode("utf-8", "replace")[2:].split() or [""]
            line = comment.start_point.row + 1
            needed = NEEDED_IMPORT.get(name)
            if needed is None:
                continue
            if needed not in imported:
                slashes = "//" if name == "go:linkname" else ""  # as cmd/compile says each
                problems.append(Diagnostic(line, "DirectiveError", f'{slashes}{name} only allowed in Go files that import "{needed}"'))
            elif name == "go:linkname" and args and args[0] in self._linkable and args[0] not in linkable:
                problems.append(Diagnostic(line, "DirectiveError", f"//go:linkname must refer to declared function or variable ({args[0]})"))
        # Judged against the program: its own bodyless functions may be made in assembly.
        linked = _linked(captures)
        for name in captures.get("bodyless", ()):
            text = name.text.decode("utf-8", "replace")
            if text in self._linked and text not in linked:
                problems.append(Diagnostic(name.start_point.row + 1, "DirectiveError", f"missing function body ({text})"))
        return problems


def _captures(root: Any) -> dict[str, list[Any]]:
    from .. import GO  # the plugin's Language, whose parser made `root`

    return captures(compiled_query(GO.parser.language, QUERY), root)


def _texts(captures: dict[str, list[Any]], name: str) -> list[str]:
    return [node.text.decode("utf-8", "replace") for node in captures.get(name, ())]


def _linked(captures: dict[str, list[Any]]) -> set[str]:
    """The local names the file's `//go:linkname` directives name."""
    linked = set()
    for comment in captures.get("directive", ()):
        fields = comment.text.decode("utf-8", "replace")[2:].split()
        if len(fields) > 1 and fields[0] == "go:linkname":
            linked.add(fields[1])
    return linked
