"""Refuse a tokenizer that cannot reproduce the training text exactly.

Training encodes the prompt (with the tokenizer's special tokens) and the response (without them)
separately and concatenates the ids. If decoding those ids does not give back prompt + response,
the model learns something other than the data: with a legacy SentencePiece-style tokenizer every
hunk after a `<|diff|>` gains a leading space, and the model then writes diffs that do not apply.
Nothing fails during training, so this is checked before it starts."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from typing import Any

from .models import ModelError

_EXCERPT = 30  # characters shown of each text, the first difference in the middle where it can be

# Verified with transformers 5.25: `legacy=False` only moves a Metaspace tokenizer to
# prepend_scheme "first", which still puts a space at the start of the separately encoded response;
# "never" is what round-trips. `add_prefix_space=False` is what makes classes that rebuild their
# pre-tokenizer on load (LlamaTokenizer) keep "never"; setting the backend's prepend_scheme is what
# fixes tokenizers loaded verbatim from tokenizer.json (TokenizersBackend), which ignore that argument.
# No double quotes, $ or backslashes in it: the message shows it inside a shell's double quotes.
_FIX = (
    "import shutil, sys; from transformers import AutoTokenizer; shutil.copytree(sys.argv[1], sys.argv[2]); "
    "t = AutoTokenizer.from_pretrained(sys.argv[2], add_prefix_space=False); "
    "t.backend_tokenizer.pre_tokenizer.prepend_scheme = 'never'; t.save_pretrained(sys.argv[2])"
)


class TokenizerError(ModelError):
    """A tokenizer that would corrupt the training text; the message names the sample and the fix."""


def check_round_trip(
    tokenizer: Any, samples: Iterable[tuple[str, str, str]], separator: str, name: str
) -> None:
    """Raise TokenizerError unless `separator` is one token and every (location, prompt, response)
    in `samples` decodes back to itself, the way training encodes it and generation decodes it."""
    separator_id = _separator_id(tokenizer, separator, name)
    for location, prompt, response in samples:
        prompt_ids = tokenizer(prompt).input_ids
        response_ids = tokenizer(response, add_special_tokens=False).input_ids
        found, expected = response_ids.count(separator_id), response.count(separator)
        if found != expected:
            raise TokenizerError(
                f"{name}: in {location}, the response holds {separator!r} {expected} times but its tokens "
                f"hold that token {found} times: the tokenizer splits or merges the separator inside text, "
                "so the model would not learn where hunks start."
            )
        # skip_special_tokens=True as generation decodes: it drops BOS/EOS, and `_separator_id`
        # made sure it keeps the separator.
        for what, text, ids in (
            ("prompt + response", prompt + response, prompt_ids + response_ids),
            ("response", response, response_ids),
        ):
            decoded = tokenizer.decode(ids, skip_special_tokens=True)
            if decoded != text:
                raise TokenizerError(_mismatch(tokenizer, name, location, what, text, decoded))


def _separator_id(tokenizer: Any, separator: str, name: str) -> int:
    ids = tokenizer(separator, add_special_tokens=False).input_ids
    if len(ids) != 1:
        pieces = tokenizer.convert_ids_to_tokens(ids)
        raise TokenizerError(
            f"{name}: the separator {separator!r} is {len(ids)} tokens {pieces!r} for this tokenizer, "
            f"not one; add it as a single token (tokenizer.add_tokens([{separator!r}])) before training."
        )
    # Decoded rather than looked up in `all_special_ids`, which in transformers 5 misses tokens
    # added with special_tokens=True.
    decoded = tokenizer.decode(ids, skip_special_tokens=True)
    if decoded == "":
        raise TokenizerError(
            f"{name}: the separator {separator!r} is a special token of this tokenizer, so decoding with "
            "skip_special_tokens=True (as generation does) drops it; it must be an ordinary added token "
            f"(tokenizer.add_tokens([{separator!r}]), not special_tokens=True)."
        )
    if decoded != separator:
        raise TokenizerError(f"{name}: the separator {separator!r} decodes as {decoded!r} with this tokenizer.")
    return ids[0]


def _mismatch(tokenizer: Any, name: str, location: str, what: str, expected: str, got: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
    start = max(0, at - _EXCERPT // 2)
    window = slice(start, start + _EXCERPT)
    message = (
        f"{name}: the tokenizer does not give back the training text of {location}: decoding the encoded "
        f"{what} differs from it at character {at}: expected {expected[window]!r}, got {got[window]!r}. "
        "A model trained on these tokens would learn text that is not in the data (diffs that do not apply)."
    )
    return message + " " + _advice(tokenizer, name)


def _advice(tokenizer: Any, name: str) -> str:
    backend = getattr(tokenizer, "backend_tokenizer", None)
    scheme = getattr(getattr(backend, "pre_tokenizer", None), "prepend_scheme", None)
    if scheme is None or scheme == "never":
        return "Use a model whose tokenizer encodes text losslessly (a byte-level BPE, for instance)."
    fixed = os.path.abspath(name).rstrip(os.sep) + "-fixed"
    where = " and after every added token such as the separator" if scheme == "always" else ""
    return (
        f"Its Metaspace pre-tokenizer (prepend_scheme {scheme!r}) adds a space at the start of the "
        f"separately encoded response{where}. Make a copy of the model whose tokenizer does not, "
        f"and train that (--model {shlex.quote(fixed)}): "
        f'python -c "{_FIX}" {shlex.quote(str(name))} {shlex.quote(fixed)}'
    )
