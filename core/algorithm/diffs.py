"""Insertion diffs: written from known insertions, parsed and applied strictly or leniently.

A diff is zero-context unified-diff hunks without a file header, `@@ -a,0 +b,n @@` followed by
n `+` lines, joined by `\\n`. A `\\ No newline at end of file` line after a `+` line marks that
line as the program's last, without a newline, so applying the diffs rebuilds the text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .structure import split_lines

NO_NEWLINE = "\\ No newline at end of file"
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class DiffError(ValueError):
    """A diff that cannot be parsed or does not apply."""


@dataclass(frozen=True)
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: tuple[str, ...]  # each with its "+", "-" or " " marker; "\n" restored where present

    @property
    def is_insertion(self) -> bool:
        return self.old_count == 0 and all(line.startswith("+") for line in self.lines)


def write_diff(old_lines: Sequence[int], new_lines: Sequence[int], text: Sequence[str]) -> str:
    """The diff that inserts `new_lines - old_lines`; both are sorted indices into `text`.

    Hunk positions come from the known insertion, never from aligning the two texts, so a
    repeated line can never turn into a deletion.
    """
    old_set = set(old_lines)
    hunks: list[str] = []
    old_seen = 0
    run: list[int] = []
    run_start = 0
    for position, line in enumerate(new_lines):
        if line in old_set:
            if run:
                hunks.append(_hunk(old_seen, run_start, run, text))
                run = []
            old_seen += 1
        else:
            if not run:
                run_start = position + 1
            run.append(line)
    if run:
        hunks.append(_hunk(old_seen, run_start, run, text))
    if len(old_set) != old_seen:
        raise ValueError("old state is not a subset of the new state")
    return "\n".join(hunks)


def _hunk(old_position: int, new_start: int, run: Sequence[int], text: Sequence[str]) -> str:
    parts = [f"@@ -{old_position},0 +{new_start},{len(run)} @@"]
    for line in run:
        content = text[line]
        if content.endswith("\n"):
            parts.append("+" + content[:-1])
        else:
            parts.append("+" + content)
            parts.append(NO_NEWLINE)
    return "\n".join(parts)


def parse_diff(diff: str) -> list[Hunk]:
    """Parse a diff into hunks; raise `DiffError` on anything malformed."""
    hunks: list[Hunk] = []
    rows = diff.split("\n")
    index = 0
    while index < len(rows):
        header = _HUNK.match(rows[index])
        if header is None:
            if rows[index] == "" and index == len(rows) - 1:
                break
            raise DiffError(f"expected a hunk header, got {rows[index]!r}")
        old_start, old_count, new_start, new_count = (
            int(header.group(1)),
            int(header.group(2) if header.group(2) is not None else 1),
            int(header.group(3)),
            int(header.group(4) if header.group(4) is not None else 1),
        )
        index += 1
        body: list[str] = []
        while index < len(rows) and not _HUNK.match(rows[index]):
            row = rows[index]
            if row == NO_NEWLINE:
                if not body:
                    raise DiffError("'No newline' marker before any line")
                body[-1] = body[-1][:-1]
            elif row[:1] in ("+", "-", " "):
                body.append(row + "\n")
            elif row == "" and index == len(rows) - 1:
                pass
            else:
                raise DiffError(f"line without +, - or space marker: {row!r}")
            index += 1
        added = sum(1 for line in body if line[0] in "+ ")
        removed = sum(1 for line in body if line[0] in "- ")
        if added != new_count or removed != old_count:
            raise DiffError(
                f"hunk @@ -{old_start},{old_count} +{new_start},{new_count} @@ holds {removed} old and {added} new lines"
            )
        hunks.append(Hunk(old_start, old_count, new_start, new_count, tuple(body)))
    return hunks


def apply_diff(lines: list[str], diff: str) -> list[str]:
    """Apply `diff` to `lines` (each keeping its newline); return the new lines.

    Context and deletion lines must match exactly. Hunks refer to old-file positions, as
    unified diffs do.
    """
    result: list[str] = []
    cursor = 0
    for hunk in parse_diff(diff):
        # An empty old range sits *after* line old_start; a non-empty one starts *at* it.
        start = hunk.old_start if hunk.old_count == 0 else hunk.old_start - 1
        if start < cursor or start > len(lines):
            raise DiffError(f"hunk at old line {hunk.old_start} is out of order or past the end")
        result.extend(lines[cursor:start])
        cursor = start
        for line in hunk.lines:
            marker, content = line[0], line[1:]
            if marker == "+":
                result.append(content)
                continue
            if cursor >= len(lines) or lines[cursor].rstrip("\n") != content.rstrip("\n"):
                raise DiffError(f"line {cursor + 1} does not match the hunk's {content.rstrip()!r}")
            if marker == " ":
                result.append(lines[cursor])
            cursor += 1
    result.extend(lines[cursor:])
    return result


def apply_diffs(diffs: Sequence[str], start: str = "") -> list[str]:
    """Every state from `start` through each diff in order (the first is `start` itself)."""
    lines = list(split_lines(start))
    states = ["".join(lines)]
    for diff in diffs:
        lines = apply_diff(lines, diff)
        states.append("".join(lines))
    return states

