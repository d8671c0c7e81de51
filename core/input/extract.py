"""Getting the program out of a dataset's code field."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# An opening code fence, as CommonMark defines one: a run of three or more backticks or tildes,
# then an info string whose first word names the language (a backtick fence's info string holds
# no backtick: "```python x = 1```" in prose is inline code, not a fence). CommonMark allows 0-3
# spaces of indentation; any is accepted here, since fences in a list item of an LLM's answer
# sit deeper.
_OPENING = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\r]*)\r?")


@dataclass(frozen=True)
class FencedBlock:
    """One fenced code block: its language word (lower case; empty when untagged) and its
    lines, without the fences and without the opening fence's indentation."""

    language: str
    lines: tuple[str, ...]

    @property
    def chunk(self) -> str:
        """The text between its fence lines, newlines included, as the reference cuts it."""
        return "\n" + "\n".join(self.lines) + "\n"


def _language_word(info: str) -> str:
    """The language an info string names, in lower case: its first word, without the
    decorations LLMs and Markdown dialects add (`python:app.py`, `{.python}`, `python{x=1}`)."""
    words = info.split()
    if not words:
        return ""
    word = words[0].lower().lstrip("{.")
    return re.split(r"[:,{}]", word, maxsplit=1)[0]


def fenced_blocks(text: str) -> Iterator[FencedBlock]:
    """The fenced code blocks of a Markdown text, in order. A block ends at a closing fence of
    the same character at least as long as its opening one (so a ````` ```` ````` block may
    hold ```` ``` ```` lines), or at the end of the text."""
    lines = text.split("\n")
    row = 0
    while row < len(lines):
        opening = _OPENING.fullmatch(lines[row])
        row += 1
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            continue
        fence, indent = opening["fence"], opening["indent"]
        closing = re.compile(r"[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*\r?")
        body: list[str] = []
        while row < len(lines) and closing.fullmatch(lines[row]) is None:
            line = lines[row]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip(" \t"))
            row += 1
        row += 1  # the closing fence
        yield FencedBlock(_language_word(opening["info"]), tuple(body))


@dataclass(frozen=True)
class Extraction:
    """What a code field's fenced blocks give for one language.

    program: the blocks kept, joined as the reference joins them; None when no block fits.
    kept: how many blocks were kept; untagged: whether they are untagged blocks, kept because
    they parse as the language. blocks: how many fenced blocks the field has; other_tags: the
    tags of those that name something else (`bash`, `output`), in order of appearance.
    """

    program: str | None
    kept: int
    untagged: bool
    blocks: int
    other_tags: tuple[str, ...]

    def describe(self, language: str) -> str:
        """Which text of the field a skip reason is about (empty for a field without fences)."""
        if self.program is not None and self.untagged:
            return f"the code of its {_count(self.kept, 'untagged fenced block')}, parsing as {language}"
        if self.program is not None:
            return f"the code of its {_count(self.kept, f'fenced {language} block')}"
        if not self.blocks:
            return ""
        tagged = f" (tagged {', '.join(self.other_tags)})" if self.other_tags else ""
        return (
            f"the whole field: none of its {_count(self.blocks, 'fenced block')}{tagged} is tagged "
            f"{language} or untagged and parsing as {language}"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def extract_code(text: str, fence_names: Sequence[str], parses: Callable[[str], bool] | None = None) -> Extraction:
    """The fenced code blocks of `text` that hold the language, as the reference keeps them.

    Blocks tagged with one of `fence_names` (in any case) are kept. Without such a block,
    untagged blocks (a bare ```` ``` ````) are kept when `parses` says they are the language's
    code; a block tagged with anything else is never kept. Prose around the blocks (chain of
    thought, explanations) is dropped; the blocks are joined with a newline, then stripped.
    """
    names = {name.lower() for name in fence_names}
    blocks = list(fenced_blocks(text))
    kept = [block for block in blocks if block.language in names]
    untagged = not kept and parses is not None
    if not kept and parses is not None:
        kept = [block for block in blocks if not block.language and "".join(block.lines).strip() and parses(block.chunk)]
    other_tags = tuple(dict.fromkeys(block.language for block in blocks if block.language and block.language not in names))
    program = "\n".join(block.chunk for block in kept).strip() if kept else None
    return Extraction(program, len(kept), untagged and bool(kept), len(blocks), other_tags)


def extract_fenced_code(text: str, fence_names: Sequence[str], parses: Callable[[str], bool] | None = None) -> str:
    """The program `extract_code` finds in `text`; text without a fitting block is returned
    unchanged."""
    found = extract_code(text, fence_names, parses).program
    return text if found is None else found


def normalise_newlines(text: str) -> tuple[str, str]:
    """The text with `\\n` newlines, and the style it had: lf, crlf, cr, mixed or none."""
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lone_lf = text.count("\n") - crlf
    styles = [name for name, count in (("crlf", crlf), ("cr", lone_cr), ("lf", lone_lf)) if count]
    style = styles[0] if len(styles) == 1 else ("none" if not styles else "mixed")
    if crlf or lone_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, style


# The newline each recorded style stands for; `none` (no newline at all) and `lf` need nothing
# changed. `mixed` cannot be undone from the style alone.
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r", "none": "\n"}


class RebuildError(ValueError):
    """The recorded newline style, byte-order mark and encoding cannot give back the bytes."""


def original_bytes(program: str, newline: str, byte_order_mark: bool, encoding: str = "utf-8") -> bytes:
    """The bytes a program came from, rebuilt from its text (`\\n` newlines, no mark) and the
    `newline`, `byte_order_mark` and `encoding` recorded with it."""
    if newline not in NEWLINES:
        raise RebuildError(f"newline {newline!r} does not say which newline each line had")
    text = ("\ufeff" if byte_order_mark else "") + program.replace("\n", NEWLINES[newline])
    try:
        return text.encode(encoding)
    except LookupError:
        raise RebuildError(f"encoding {encoding!r} is not a codec Python knows") from None
    except UnicodeEncodeError as error:
        raise RebuildError(f"character {error.object[error.start]!r} at {error.start} has no byte in {encoding}") from None


def rebuild_problem(row: Mapping[str, Any], program: str, code: str) -> str | None:
    """Why an output row's recorded newline style, byte-order mark and encoding would not turn
    its rebuilt `program` back into the exact bytes of its code field `code` (as its source
    file held them), or None. Rows of extracted code, of mixed newlines, or from before the
    `encoding` column have no such bytes to give back."""
    newline, encoding = row.get("newline"), row.get("encoding")
    if row.get("code_extraction") != "none" or newline not in NEWLINES or not isinstance(encoding, str):
        return None
    recorded = f"newline {newline!r}, byte_order_mark {row.get('byte_order_mark')} and encoding {encoding!r}"
    try:
        rebuilt = original_bytes(program, newline, bool(row.get("byte_order_mark")), encoding)
        exact = rebuilt == code.encode(encoding)
    except RebuildError as error:
        return f"the recorded {recorded} cannot give back the original bytes: {error}"
    except UnicodeEncodeError:
        return f"the code field has no bytes in the recorded encoding {encoding!r}"
    return None if exact else f"the recorded {recorded} do not give back the original bytes"
