"""How an instruction and its edit sequence (or whole program) become training text.

Byte for byte the reference implementation's (LintSeq's released finetuning scripts):

- edit sequence: `instruction + "\\n<|diff|>" + e1 + "\\n<|diff|>" + e2 ... + "\\n<|diff|>" +
  "\\n<|diff|>"`, i.e. every diff after a newline and the separator, closed by two empty edits;
- program (the baseline arm): `instruction + "\\n" + program`;

each followed by the tokenizer's end-of-sequence token. The prompt is the instruction alone for
edit sequences (the response starts with the first `\\n<|diff|>`) and the instruction and its
newline for programs. docs/training.md shows both.
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
    """The prompt the model sees; the response follows it directly. Naming the language is
    lintseq-x's own addition for mixed-language data (the reference trains one language)."""
    text = f"{instruction.rstrip()}\nLanguage: {language}" if style.name_language else instruction
    if style.format == "program":
        return text + "\n"
    if style.format == "editseq":
        return text
    raise ValueError(f"unknown format {style.format!r} (choose from {', '.join(FORMATS)})")


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
