"""How an instruction and its edit sequence (or whole program) become training text.

The edit-sequence format is the reference implementation's: the instruction, a newline, then
every diff preceded by a newline and the `<|diff|>` separator, closed by two empty edits
(`\\n<|diff|>\\n<|diff|>`), then the tokenizer's end-of-sequence token. The program format (the
baseline arm) is the instruction, a newline and the program. docs/format.md shows both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

DIFF_SEPARATOR = "<|diff|>"
FORMATS = ("editseq", "program")


@dataclass(frozen=True)
class PromptStyle:
    """What goes around an instruction; saved with a trained model so that `generate` and `eval`
    prompt it exactly as it was trained."""

    format: str = "editseq"
    name_language: bool = False
    separator: str = DIFF_SEPARATOR

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "PromptStyle":
        return cls(**{key: data[key] for key in ("format", "name_language", "separator") if key in data})


def prompt_text(instruction: str, language: str, style: PromptStyle) -> str:
    """The prompt the model sees; the response follows it directly."""
    text = instruction
    if style.name_language:
        text = f"{text.rstrip()}\nLanguage: {language}"
    if not text.endswith((" ", "\n", "\t")):
        text += "\n"
    return text


def editseq_text(edits: Sequence[str], separator: str = DIFF_SEPARATOR) -> str:
    """The response of the edit-sequence format: each diff after `\\n<|diff|>`, two empty edits
    closing the sequence."""
    return ("\n" + separator).join(["", *edits, "", ""])


def response_text(edits: Sequence[str], program: str, style: PromptStyle) -> str:
    if style.format == "editseq":
        return editseq_text(edits, style.separator)
    if style.format == "program":
        return program
    raise ValueError(f"unknown format {style.format!r} (choose from {', '.join(FORMATS)})")
