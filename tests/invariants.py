"""An invariant check written independently of lintseq_x.core (whose verify is under test too):
a small insertion-diff applier, CPython's compile() and pyflakes."""

from __future__ import annotations

import io
import re
import tokenize

from pyflakes import checker as pyflakes_checker
from pyflakes import messages as pyflakes_messages


_HUNK = re.compile(r"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$")
NO_NEWLINE = "\\ No newline at end of file"


def parse_insertions(diff: str) -> list[tuple[int, int, list[str]]]:
    """(after old line, new start, inserted lines with their newlines) for each hunk.

    Fails the test on anything that is not a zero-context, insertion-only hunk.
    """
    hunks: list[tuple[int, int, list[str]]] = []
    counts: list[int] = []
    for row in diff.split("\n"):
        header = _HUNK.match(row)
        if header:
            old_start, old_count, new_start, new_count = map(int, header.groups())
            assert old_count == 0, f"hunk {row!r} does not only insert"
            hunks.append((old_start, new_start, []))
            counts.append(new_count)
        elif row == NO_NEWLINE:
            assert hunks and hunks[-1][2], "'No newline' marker before any line"
            hunks[-1][2][-1] = hunks[-1][2][-1][:-1]
        else:
            assert hunks, f"diff does not start with a hunk header: {diff!r}"
            assert row.startswith("+"), f"line {row!r} is not an insertion"
            hunks[-1][2].append(row[1:] + "\n")
    assert hunks, "empty diff"
    for (_, _, added), count in zip(hunks, counts):
        assert len(added) == count
    return hunks


def apply_insertions(lines: list[str], diff: str) -> list[str]:
    """Apply an insertion-only diff (old-file positions, as unified diffs use) to `lines`."""
    hunks = parse_insertions(diff)
    shift = 0
    for old_start, new_start, added in hunks:
        assert 0 <= old_start <= len(lines), f"hunk after old line {old_start} is past the end"
        assert new_start == old_start + shift + 1, f"inconsistent hunk header in {diff!r}"
        shift += len(added)
    result = list(lines)
    for old_start, _, added in reversed(hunks):
        result[old_start:old_start] = added
    return result


def states_of(diffs: list[str]) -> list[str]:
    """Every state the diffs write, from the empty program to the last one."""
    lines: list[str] = []
    states = [""]
    for diff in diffs:
        lines = apply_insertions(lines, diff)
        states.append("".join(lines))
    return states


def inserted_line_count(diff: str) -> int:
    return sum(len(added) for _, _, added in parse_insertions(diff))


def independent_problems(source: str) -> list[str]:
    """Syntax/compile errors and unresolvable names, judged by CPython and pyflakes directly."""
    try:
        tree = compile(source, "<state>", "exec", flags=0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
        compile(tree, "<state>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return [f"{type(error).__name__}: {error}"]
    bad = (pyflakes_messages.UndefinedName, pyflakes_messages.UndefinedLocal, pyflakes_messages.UndefinedExport)
    found = pyflakes_checker.Checker(tree, filename="<state>").messages
    return [str(message) for message in found if isinstance(message, bad)]


def string_tokens(source: str) -> list[str]:
    return [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.STRING]


def assert_invariants(diffs: list[str], program: str) -> None:
    """Insertion-only, every state compiles with no unresolved names, no string token is cut,
    and the last state is the program, exactly."""
    allowed_strings = set(string_tokens(program))
    states = states_of(diffs)
    for number, state in enumerate(states[1:], start=1):
        problems = independent_problems(state)
        assert not problems, f"state {number}: {problems}\n{state}"
        cut = set(string_tokens(state)) - allowed_strings
        assert not cut, f"state {number} has string tokens that are not in the program: {cut}"
    assert states[-1] == program
