"""Getting the program out of a dataset's code field."""

from __future__ import annotations

from collections.abc import Sequence

def extract_fenced_code(text: str, fence_names: Sequence[str]) -> str:
    """Keep only the fenced code blocks tagged with one of `fence_names`, as the reference does.

    Prose around ```python blocks (chain of thought, explanations) is dropped and the blocks
    are joined with a newline, then stripped. Text without such a block is returned unchanged.
    """
    chunks: list[str] = []
    rest = text
    while True:
        start, tag = _next_fence(rest, fence_names)
        if start < 0:
            break
        body = rest[start + 3 + len(tag) :]
        end = body.find("```")
        if end < 0:
            chunks.append(body)
            break
        chunks.append(body[:end])
        rest = body[end + 3 :]
    if not chunks:
        return text
    return "\n".join(chunks).strip()


def _next_fence(text: str, fence_names: Sequence[str]) -> tuple[int, str]:
    best, best_tag = -1, ""
    for name in fence_names:
        position = text.find("```" + name)
        while position >= 0:
            # "```py" must not match the start of "```python": the tag ends at a line end or space.
            after = text[position + 3 + len(name) : position + 4 + len(name)]
            if after in ("", "\n", "\r", " ", "\t"):
                break
            position = text.find("```" + name, position + 1)
        if position >= 0 and (best < 0 or position < best or (position == best and len(name) > len(best_tag))):
            best, best_tag = position, name
    return best, best_tag


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
