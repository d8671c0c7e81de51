"""An invariant check written independently of lintseq_x.core.verify (which is under test too)."""

from __future__ import annotations

import ast
import io
import re
import tokenize

from pyflakes import checker as pyflakes_checker
from pyflakes import messages

HEADER = re.compile(r"^@@ -(\d+),0 \+(\d+),(\d+) @@$")
UNRESOLVED = (messages.UndefinedName, messages.UndefinedLocal, messages.UndefinedExport)


def apply_insertions(lines: list[str], diff: str) -> list[str]:
    """Apply an insertion-only diff; fail on anything else."""
    rows = diff.split("\n")
    out = list(lines)
    shift = 0
    i = 0
    while i < len(rows):
        header = HEADER.match(rows[i])
        assert header, f"not an insertion hunk header: {rows[i]!r}"
        after, count = int(header.group(1)), int(header.group(3))
        i += 1
        added = []
        while i < len(rows) and not rows[i].startswith("@@"):
            if rows[i] == "\\ No newline at end of file":
                added[-1] = added[-1][:-1]
            else:
                assert rows[i].startswith("+"), f"non-insertion line {rows[i]!r}"
                added.append(rows[i][1:] + "\n")
            i += 1
        assert len(added) == count
        out[after + shift : after + shift] = added
        shift += count
    return out


def string_tokens(source: str) -> list[str]:
    return [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.STRING]


def assert_invariants(diffs: list[str], program: str) -> None:
    """Insertion-only, every state compiles with no unresolved names, no string token is cut,
    and the last state is the program, exactly."""
    allowed_strings = set(string_tokens(program))
    lines: list[str] = []
    for number, diff in enumerate(diffs, start=1):
        lines = apply_insertions(lines, diff)
        state = "".join(lines)
        tree = ast.parse(state)
        compile(state, f"<state {number}>", "exec")
        unresolved = [m for m in pyflakes_checker.Checker(tree).messages if isinstance(m, UNRESOLVED)]
        assert not unresolved, f"state {number}: {unresolved}\n{state}"
        cut = set(string_tokens(state)) - allowed_strings
        assert not cut, f"state {number} has string tokens that are not in the program: {cut}"
    assert "".join(lines) == program
