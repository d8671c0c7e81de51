"""Generated edit sequences → programs, tolerating what a model gets wrong, in one of two modes.

`reference` (the default of the evaluation paths in `generate`): LintSeq's own resolution, rule
for rule (`resolve_edit_path` in src/utils.py of github.com/upiterbarg/lintseq), so that the same
generations score the same pass@k as there:

- R1 the response is split on `"\\n" + separator`; every part is an edit, the text before the
  first separator included (the reference's eval prompt ends with the separator, so a response
  starts with its first diff) and edits after an empty one included (nothing stops at the close);
- R2 a part without `@@` is ignored; the others are cut before each `"\\n@@"` into hunks; a piece
  without `@@` (text before the first header) is ignored;
- R3 a hunk is malformed, and skipped, unless it holds exactly two `@@`, the text between them is
  two fields separated by one space, and the second field's number before any `,` (leading `+`
  signs stripped) is an integer; the old-file field and every count are never read;
- R4 the body is everything after the second `@@` with leading whitespace stripped; every row of
  it is a program line after stripping its leading `-` signs and then its leading `+` signs:
  `-` rows, context rows (kept with their space), blank rows and rows of garbage are inserted too;
- R5 the rows go in before line c-1 of the program so far (c the new-file start), appended when
  c-1 is past the end, with Python's slicing for a negative c-1 (`+0` inserts before the last line);
- R6 the program is the lines joined by `"\\n"`.

Three additions that change nothing when the program runs: every line ends with a newline (R6
leaves the last without), except a last line that a `\\ No newline at end of file` row follows
(lintseq-x's diffs carry one for a program without a final newline; the reference's never do),
and that row is not a program line; a trailing end-of-sequence text
`<|endoftext|>` is cut off as a string (the reference's `rstrip(EOS_TOKEN)` strips a character
set, which also eats trailing letters of an unclosed response such as `count` → `cou`).
`start` is a program to begin from (the reference always begins from nothing).

`strict`: lintseq-x's own, patch-like resolution. The edits are the parts up to the first empty
one (the close); text before the first separator is an edit only when it starts with a hunk
header. Each edit's hunks are applied to the program so far: an insertion goes after its
old-file line, shifted by what earlier hunks of the same edit added or removed, clamped to the
file. A hunk that cannot be parsed, or whose context or deleted lines do not match, is skipped
and counted; the rest still apply. Lines keep their newlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lintseq_x.core.algorithm.diffs import NO_NEWLINE
from lintseq_x.core.algorithm.structure import split_lines

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


MODES = ("reference", "strict")
# What `resolve` does when not told: the reference's rules, so that pass@k compares with the
# paper's on the same generations (`eval --resolve strict` for hunks that apply exactly).
DEFAULT_MODE = "reference"
END_OF_SEQUENCE = "<|endoftext|>"  # the reference's EOS_TOKEN


def split_edits(response: str, separator: str = DIFF_SEPARATOR) -> tuple[list[str], bool]:
    """The edits of a response, up to the first empty one, and whether there was one. Text
    before the first separator is an edit only if it starts with a hunk header (a response to a
    prompt that ended with the separator, as the reference's eval prompts do)."""
    parts = response.split(separator)
    if not parts[0].startswith("@@"):
        parts = parts[1:]  # text before the first separator is not an edit
    edits = []
    for part in parts:
        edit = part[:-1] if part.endswith("\n") else part
        if not edit.strip():
            return edits, True
        edits.append(edit)
    return edits, False


def resolve(response: str, separator: str = DIFF_SEPARATOR, start: str = "", mode: str = DEFAULT_MODE) -> Resolution:
    """Apply a generated edit sequence to `start` (an empty file by default), in `mode`
    ("reference" or "strict"; the module docstring says what each does)."""
    if mode == "reference":
        return _resolve_like_the_reference(response, separator, start)
    if mode != "strict":
        raise ValueError(f"unknown resolution mode {mode!r} (choose from {', '.join(MODES)})")
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


def _resolve_like_the_reference(response: str, separator: str, start: str) -> Resolution:
    """R1–R6 of the module docstring; `hunks_skipped` counts the malformed hunks (R3)."""
    while response.endswith(END_OF_SEQUENCE):
        response = response[: -len(END_OF_SEQUENCE)]
    parts = response.split("\n" + separator)  # R1
    # Closed: an empty edit that a separator follows (the first part is the text before any
    # separator, which is empty when the response carries its leading separator).
    closed = any(not part.strip() for part in parts[1:-1])
    # (text, ends without a newline): the flag only counts for the program's last line.
    lines = [(line.rstrip("\n"), not line.endswith("\n")) for line in split_lines(start)]
    edits = hunks = skipped = 0
    for part in parts:
        if "@@" not in part:  # R2
            continue
        edits += 1
        pieces = part.split("\n@@")
        for piece in [pieces[0], *("\n@@" + rest for rest in pieces[1:])]:
            if "@@" not in piece:
                continue
            hunks += 1
            location = _reference_location(piece)
            if location is None:
                skipped += 1
                continue
            body = piece.split("@@")[2].lstrip()  # R4
            rows: list[tuple[str, bool]] = []
            for row in body.split("\n"):
                if row == NO_NEWLINE:
                    if rows:
                        rows[-1] = (rows[-1][0], True)
                    continue
                rows.append((row.lstrip("-").lstrip("+"), False))
            if location >= len(lines):  # R5
                lines = lines + rows
            else:
                lines = lines[:location] + rows + lines[location:]
    text = "".join(line + "\n" for line, _ in lines)  # R6, every line ending with a newline
    if lines and lines[-1][1]:
        text = text[:-1]
    return Resolution(text, edits, hunks, skipped, closed)


def _reference_location(hunk: str) -> int | None:
    """R3: where a hunk's rows go (its new-file start less one), or None if it is malformed."""
    pieces = hunk.split("@@")
    if len(pieces) != 3:
        return None
    fields = pieces[1].strip().split(" ")
    if len(fields) != 2:
        return None
    new = fields[1]
    try:
        return int(new.split(",")[0].lstrip("+") if "," in new else new.lstrip("+")) - 1
    except ValueError:
        return None


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
