"""Generated edit sequences → programs, tolerating what a model gets wrong.

A sampled response is split on the separator; an empty edit closes the sequence (the training
format ends with two). Each edit's hunks are applied to the program so far, in patch's way: an
insertion goes after its old-file line, shifted by what earlier hunks of the same edit added or
removed, clamped to the file. A hunk that cannot be parsed, or whose context or deleted lines do
not match, is skipped and counted; the rest still apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lintseq_x.core.diffs import NO_NEWLINE
from lintseq_x.core.structure import split_lines

from .serialize import DIFF_SEPARATOR

_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class Resolution:
    program: str
    edits: int  # non-empty edits read
    hunks: int
    hunks_skipped: int  # malformed or not matching the program
    closed: bool  # the sequence ended with an empty edit, as trained

    @property
    def clean(self) -> bool:
        return self.hunks_skipped == 0


def split_edits(response: str, separator: str = DIFF_SEPARATOR) -> tuple[list[str], bool]:
    """The edits of a response, up to the first empty one, and whether there was one."""
    parts = response.split(separator)[1:]  # text before the first separator is not an edit
    edits = []
    for part in parts:
        edit = part[:-1] if part.endswith("\n") else part
        if not edit.strip():
            return edits, True
        edits.append(edit)
    return edits, False


def resolve(response: str, separator: str = DIFF_SEPARATOR, start: str = "") -> Resolution:
    """Apply a generated edit sequence to `start` (an empty file by default)."""
    edits, closed = split_edits(response, separator)
    # Lines are kept with their "\n"; a line a `No newline` marker ends is remembered by
    # position-independent identity so that only the program's true last line loses it.
    lines = [_Line(text) for text in split_lines(start)]
    hunks = skipped = 0
    for edit in edits:
        lines, applied, failed = _apply_leniently(lines, edit)
        hunks += applied + failed
        skipped += failed
    text = "".join(line.text for line in lines)
    if lines and lines[-1].no_newline and text.endswith("\n"):
        text = text[:-1]
    return Resolution(text, len(edits), hunks, skipped, closed)


class _Line:
    __slots__ = ("text", "no_newline")

    def __init__(self, text: str, no_newline: bool = False) -> None:
        self.no_newline = no_newline or not text.endswith("\n")
        self.text = text if text.endswith("\n") else text + "\n"


def _apply_leniently(lines: list[_Line], edit: str) -> tuple[list[_Line], int, int]:
    result = list(lines)
    offset = applied = failed = 0
    for header, body in _hunks(edit):
        if header is None:
            failed += 1
            continue
        old_start, old_count = int(header.group(1)), int(header.group(2) or 1)
        at = (old_start if old_count == 0 else old_start - 1) + offset
        at = min(max(at, 0), len(result))
        replaced = [line.text for line in body if line.text[:1] in (" ", "-")]
        present = [line.text for line in result[at : at + len(replaced)]]
        if [row[1:] for row in replaced] != present:
            failed += 1
            continue
        new = [_Line(line.text[1:], line.no_newline) for line in body if line.text[:1] in (" ", "+")]
        result[at : at + len(replaced)] = new
        offset += len(new) - len(replaced)
        applied += 1
    return result, applied, failed


def _hunks(edit: str) -> list[tuple[re.Match | None, list[_Line]]]:
    """(header, body rows with their marker); a hunk with a row that is neither `+`, `-`, ` `
    nor the no-newline marker, or text before any header, gets header None."""
    found: list[tuple[re.Match | None, list[_Line]]] = []
    for row in edit.split("\n"):
        header = _HEADER.match(row)
        if header:
            found.append((header, []))
            continue
        if not found:
            if row.strip():
                found.append((None, []))
            continue
        current, body = found[-1]
        if row == NO_NEWLINE and body:
            body[-1].no_newline = True
        elif row[:1] in ("+", "-", " "):
            body.append(_Line(row + "\n"))
        elif row.strip() and current is not None:
            found[-1] = (None, body)
    return found
