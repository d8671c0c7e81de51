"""Examples → a token table (a `datasets` Arrow table, cached on disk by data and tokenizer):
token ids, labels with the prompt masked out, and what the plan needs to count."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .data import Example
from .serialize import PromptStyle, prompt_text, response_text

IGNORE = -100  # the label PyTorch's cross-entropy skips
_BATCH = 256


def texts(examples: Sequence[Example], style: PromptStyle) -> dict[str, list]:
    """The serialised prompt and response of every example, and the columns the plan groups by."""
    programs: dict[tuple, int] = {}
    return {
        "prompt": [prompt_text(example.instruction, example.language, style) for example in examples],
        "response": [response_text(example.edits, example.program, style) for example in examples],
        "language": [example.language for example in examples],
        "program": [programs.setdefault(example.program_key, len(programs)) for example in examples],
        "location": [example.location for example in examples],
    }


def tokenize(examples: Sequence[Example], tokenizer: Any, style: PromptStyle, cache: Path | None) -> Any:
    """A `datasets.Dataset` with `input_ids`, `labels`, `length` and `response_tokens` besides the
    text columns. Prompt and response are tokenised apart, so the boundary is exact and the
    prompt's ids are those `generate` feeds; the prompt gets the tokenizer's usual special tokens
    (a BOS, say) and the response ends with the end-of-sequence token. With `cache`, the table is
    written there once, named by a hash of the text and the tokenizer, and read back by later runs
    and by the other ranks of a distributed run."""
    from datasets import Dataset

    columns = texts(examples, style)
    table = Dataset.from_dict(columns)
    kwargs: dict[str, Any] = {}
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        kwargs = {"cache_file_name": str(cache / f"tokens-{_fingerprint(columns, tokenizer)}.arrow"), "load_from_cache_file": True}
    return table.map(
        _tokenize_batch,
        batched=True,
        batch_size=_BATCH,
        fn_kwargs={"tokenizer": tokenizer},
        desc="tokenising",
        **kwargs,
    )


def _tokenize_batch(batch: dict[str, list], tokenizer: Any) -> dict[str, list]:
    prompts = tokenizer(batch["prompt"]).input_ids
    responses = tokenizer(batch["response"], add_special_tokens=False).input_ids
    ids, labels = [], []
    for prompt, response in zip(prompts, responses):
        response = [*response, tokenizer.eos_token_id]
        ids.append([*prompt, *response])
        labels.append([IGNORE] * len(prompt) + response)
    return {
        "input_ids": ids,
        "labels": labels,
        "length": [len(row) for row in ids],
        "response_tokens": [len(row) - len(prompt) for row, prompt in zip(ids, prompts)],
    }


def _fingerprint(columns: dict[str, list], tokenizer: Any) -> str:
    from datasets.fingerprint import Hasher

    digest = hashlib.sha256()
    for name in ("prompt", "response", "language", "program"):
        for value in columns[name]:
            digest.update(str(value).encode("utf-8", "surrogatepass") + b"\0")
    digest.update(Hasher.hash(tokenizer).encode())
    digest.update(Hasher.hash(_tokenize_batch).encode())
    return digest.hexdigest()[:24]


def length_for_share(lengths: Sequence[int], share: float) -> int:
    """The smallest --max-length that keeps `share` of the examples whole."""
    ordered = sorted(lengths)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0


def show_example(input_ids: Sequence[int], labels: Sequence[int], tokenizer: Any) -> str:
    """A token-by-token listing for `--dry-run`: each token, and `·` where the loss ignores it."""
    rows = []
    for token_id, label in zip(input_ids, labels):
        piece = tokenizer.decode([token_id])
        rows.append(f"{token_id:>7}  {'·' if label == IGNORE else 'L'}  {piece!r}")
    return "\n".join(rows)
