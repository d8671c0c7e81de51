"""Getting the program out of a dataset's code field."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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
        words = opening["info"].split()
        yield FencedBlock(words[0].lower() if words else "", tuple(body))


def extract_fenced_code(text: str, fence_names: Sequence[str]) -> str:
    """Keep only the fenced code blocks tagged with one of `fence_names` (in any case), as the
    reference does.

    Prose around ```python blocks (chain of thought, explanations) is dropped and the blocks
    are joined with a newline, then stripped. Text without such a block is returned unchanged.
    """
    names = {name.lower() for name in fence_names}
    # Each block as the text between its fence lines, newlines included, as the reference cuts it.
    chunks = ["\n" + "\n".join(block.lines) + "\n" for block in fenced_blocks(text) if block.language in names]
    if not chunks:
        return text
    return "\n".join(chunks).strip()


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
