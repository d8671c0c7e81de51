"""The tree-sitter helpers that program structure, the fallback checker and plugins share:
compiled queries, their captures, and the line of a byte offset.

Plugins reach the first two through `lintseq_x.plugins`.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

import tree_sitter

# (id of the grammar, query text) -> (the grammar, its compiled query). The grammar is kept with
# its query so that its id is never reused by another grammar while the entry lives.
_queries: dict[tuple[int, str], tuple[tree_sitter.Language, tree_sitter.Query]] = {}


def compiled_query(grammar: tree_sitter.Language, text: str) -> tree_sitter.Query:
    """`text` compiled for `grammar`, once per process and never freed: tree-sitter 0.26.1
    crashes when a Query is freed and another built (docs/decisions.md)."""
    key = (id(grammar), text)
    found = _queries.get(key)
    if found is None:
        found = _queries[key] = (grammar, tree_sitter.Query(grammar, text))
    return found[1]


def captures(query: tree_sitter.Query, node: tree_sitter.Node) -> dict[str, list[tree_sitter.Node]]:
    """The nodes under `node` that `query` captures, by capture name."""
    return tree_sitter.QueryCursor(query).captures(node)


class LineIndex:
    """The line of a byte offset. A node's `start_point` is a named tuple built on every read;
    its byte offsets are plain ints, and the structure scan reads them for every node of the tree."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.starts: list[int] = []
        offset = 0
        for line in lines:
            self.starts.append(offset)
            offset += len(line) if line.isascii() else len(line.encode("utf-8"))

    def of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def first(self, node: Any) -> int:
        return bisect_right(self.starts, node.start_byte) - 1

    def last(self, node: Any) -> int:
        """A node ending at column 0 ends on the previous line (it only swallowed a newline)."""
        start, end = node.start_byte, node.end_byte
        return bisect_right(self.starts, end - 1 if end > start else start) - 1
