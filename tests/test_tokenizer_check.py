"""The tokenizer round-trip check: a legacy SentencePiece-style tokenizer (a space after every added
token) is refused with a fix that works when run as written; a byte-level BPE passes on realistic
diffs; a separator that is not one ordinary token is refused. Tokenizers are trained here."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors, trainers  # noqa: E402
from transformers import LlamaTokenizerFast, PreTrainedTokenizerFast  # noqa: E402

from lintseq_x.trainers.models import load_tokenizer  # noqa: E402
from lintseq_x.trainers.tokenizer_check import TokenizerError, check_round_trip  # noqa: E402

SEP = "<|diff|>"
PROMPT = "Write f."
RESPONSE = f"\n{SEP}@@ -0,0 +1,2 @@\n+def f():\n+    return 1\n{SEP}\n{SEP}"
# Tabs, trailing spaces, blank lines, unicode outside the training text, a CRLF line.
REALISTIC = (
    "Write `greet(name)`: return «Grüße, name» — then log 🙂.\n",
    f"\n{SEP}@@ -0,0 +1,3 @@\n+def greet(name):\t# 挨拶 \n+\n+    return f'Grüße, {{name}} 🙂'  \n"
    f"{SEP}@@ -3,0 +4,3 @@\n+\n+\tprint(greet('Zoë'))\r\n+# ends with spaces   \n{SEP}\n{SEP}",
)
CORPUS = [PROMPT, RESPONSE.replace(SEP, ""), "def greet(name):\n    return name\n", "hello world\tand tabs  "] * 5


def _samples() -> list[tuple[str, str, str]]:
    return [("py.jsonl:3", "Write g.", f"\n{SEP}@@ -0,0 +1 @@\n+g = 2\n{SEP}"), ("py.jsonl:12", PROMPT, RESPONSE)]


def _legacy(directory: Path, llama_class: bool) -> Path:
    """A Llama-2-style tokenizer: BPE with byte fallback, Metaspace prepending "▁" to every piece."""
    tok = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>", fuse_unk=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Sequence(
        [decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)]
    )
    tok.train_from_iterator(
        CORPUS, trainer=trainers.BpeTrainer(vocab_size=200, special_tokens=["<unk>", "<s>", "</s>"], show_progress=False)
    )
    # Byte-fallback pieces are ordinary vocabulary (as in Llama's), so characters never seen in
    # training survive decoding with skip_special_tokens=True.
    state = json.loads(tok.to_str())
    vocab = state["model"]["vocab"]
    vocab.update({f"<0x{i:02X}>": len(vocab) + i for i in range(256) if f"<0x{i:02X}>" not in vocab})
    tok = Tokenizer.from_str(json.dumps(state))
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", tok.token_to_id("<s>"))])
    cls = LlamaTokenizerFast if llama_class else PreTrainedTokenizerFast
    wrapped = cls(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>")
    wrapped.add_tokens([SEP])
    wrapped.save_pretrained(directory)
    if llama_class:  # as a legacy Llama-2 checkpoint declares it; LlamaTokenizer rebuilds its pre-tokenizer from it
        config_path = directory / "tokenizer_config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["legacy"] = True
        config_path.write_text(json.dumps(config), encoding="utf-8")
    (directory / "config.json").write_text(json.dumps({"model_type": "llama", "vocab_size": 400}), encoding="utf-8")
    return directory


def _byte_level(separator: str | AddedToken | None = SEP, special: bool = False) -> PreTrainedTokenizerFast:
    """As trainers/scratch.py builds one."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=["<|endoftext|>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    tok.train_from_iterator(CORPUS, trainer=trainer)
    end = "<|endoftext|>"
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token=end, pad_token=end, bos_token=end)
    if separator is not None:
        wrapped.add_tokens([separator], special_tokens=special)
    return wrapped


@pytest.mark.parametrize("llama_class", [False, True], ids=["tokenizer.json", "LlamaTokenizer-legacy"])
def test_legacy_metaspace_is_refused_and_the_suggested_fix_works(tmp_path, llama_class):
    directory = _legacy(tmp_path / "legacy model", llama_class)
    tokenizer = load_tokenizer(directory)
    assert tokenizer.backend_tokenizer.pre_tokenizer.prepend_scheme == "always"

    with pytest.raises(TokenizerError) as refused:
        check_round_trip(tokenizer, _samples(), SEP, str(directory))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{directory}: ")
    assert "py.jsonl:3" in message and "character 8" in message
    assert "expected 'Write g.\\n<|diff|>@@ -0,0 +1 @@', got 'Write g. \\n<|diff|> @@ -0,0 +1 '" in message
    assert "prepend_scheme 'always'" in message

    command = shlex.split(message[message.index("python -c ") :])
    fixed = tmp_path / "legacy model-fixed"
    assert command[:2] == ["python", "-c"] and command[3:] == [str(directory), str(fixed)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    subprocess.run([sys.executable, *command[1:]], check=True, env=env, capture_output=True, cwd=tmp_path)

    assert (fixed / "config.json").exists()  # a whole model directory, ready for --model
    repaired = load_tokenizer(fixed)
    check_round_trip(repaired, _samples(), SEP, str(fixed))
    check_round_trip(repaired, [("x.jsonl:1", *REALISTIC)], SEP, str(fixed))
    # The original is left as it was.
    with pytest.raises(TokenizerError):
        check_round_trip(load_tokenizer(directory), _samples(), SEP, str(directory))


def test_legacy_false_alone_is_not_enough(tmp_path):
    """Why the message does not suggest `legacy=False`: prepend_scheme "first" still puts a space
    at the start of the separately encoded response."""
    from transformers import AutoTokenizer

    directory = _legacy(tmp_path / "llama", llama_class=True)
    tokenizer = AutoTokenizer.from_pretrained(directory, legacy=False)
    assert tokenizer.backend_tokenizer.pre_tokenizer.prepend_scheme == "first"
    with pytest.raises(TokenizerError, match=r"character 8: expected 'Write g.\\n<\|diff\|>@@ -0,0 \+1 @@', got 'Write g. \\n<\|diff\|>@@ -0,0 \+1 @'"):
        check_round_trip(tokenizer, _samples(), SEP, "llama")


def test_byte_level_bpe_passes_on_realistic_diffs():
    tokenizer = _byte_level()
    samples = [*_samples(), ("mixed.jsonl:7", *REALISTIC), ("empty.jsonl:1", "", f"\n{SEP}\n{SEP}")]
    check_round_trip(tokenizer, samples, SEP, "scratch-model")
    # The separator stays one ordinary token that decoding keeps.
    ids = tokenizer(REALISTIC[1], add_special_tokens=False).input_ids
    assert ids.count(tokenizer.convert_tokens_to_ids(SEP)) == REALISTIC[1].count(SEP) == 4


def test_separator_of_several_tokens_is_refused():
    with pytest.raises(TokenizerError) as refused:
        check_round_trip(_byte_level(separator=None), _samples(), SEP, "models/base")
    message = str(refused.value)
    assert message.startswith("models/base: the separator '<|diff|>' is ")
    assert "tokens" in message and "not one" in message and "add_tokens" in message


def test_separator_split_inside_text_is_refused():
    # single_word: "<|diff|>" alone is one token, but not where it touches a word character.
    tokenizer = _byte_level(separator=AddedToken(SEP, single_word=True))
    assert len(tokenizer(SEP, add_special_tokens=False).input_ids) == 1
    check_round_trip(tokenizer, _samples(), SEP, "m")
    touching = ("c.jsonl:5", "Write h.", f"\n{SEP}@@ -0,0 +1 @@\n+h{SEP}\n{SEP}")
    with pytest.raises(TokenizerError, match=r"in c\.jsonl:5, the response holds '<\|diff\|>' 3 times but its tokens hold that token 2 times"):
        check_round_trip(tokenizer, [*_samples(), touching], SEP, "m")


def test_special_separator_is_refused():
    with pytest.raises(TokenizerError, match="is a special token of this tokenizer"):
        check_round_trip(_byte_level(special=True), _samples(), SEP, "m")
