"""Examples → token ids with labels: loss on the response only, optional packing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .data import Example
from .serialize import PromptStyle, prompt_text, response_text

IGNORE = -100  # the label PyTorch's cross-entropy skips


@dataclass(frozen=True)
class Encoded:
    input_ids: list[int]
    labels: list[int]


def encode(example: Example, tokenizer: Any, style: PromptStyle) -> Encoded:
    """Prompt and response are tokenised apart, so the boundary is exact and the prompt's ids are
    those `generate` feeds; the prompt gets the tokenizer's usual special tokens (a BOS, say)."""
    prompt = tokenizer(prompt_text(example.instruction, example.language, style)).input_ids
    response = tokenizer(response_text(example.edits, example.program, style), add_special_tokens=False).input_ids
    response = [*response, tokenizer.eos_token_id]
    return Encoded([*prompt, *response], [IGNORE] * len(prompt) + response)


def encode_all(
    examples: Sequence[Example], tokenizer: Any, style: PromptStyle, max_length: int
) -> tuple[list[Encoded], list[Example]]:
    """The encoded examples that fit in `max_length` tokens, and the ones that do not (a cut edit
    sequence would teach the model to stop mid-program, so they are left out and counted)."""
    kept, too_long = [], []
    for example in examples:
        encoded = encode(example, tokenizer, style)
        if len(encoded.input_ids) > max_length:
            too_long.append(example)
        else:
            kept.append(encoded)
    return kept, too_long


def pack(encoded: Iterable[Encoded], block: int) -> list[Encoded]:
    """Concatenate examples and cut into blocks of `block` tokens; labels keep their masks."""
    ids: list[int] = []
    labels: list[int] = []
    for item in encoded:
        ids.extend(item.input_ids)
        labels.extend(item.labels)
    return [Encoded(ids[start : start + block], labels[start : start + block]) for start in range(0, len(ids), block)]


def show_example(encoded: Encoded, tokenizer: Any) -> str:
    """A token-by-token listing for `--dry-run`: each token, and `·` where the loss ignores it."""
    rows = []
    for token_id, label in zip(encoded.input_ids, encoded.labels):
        piece = tokenizer.decode([token_id])
        rows.append(f"{token_id:>7}  {'·' if label == IGNORE else 'L'}  {piece!r}")
    return "\n".join(rows)
