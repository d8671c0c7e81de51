"""A new model to train from scratch: a byte-level BPE tokenizer trained on the data itself and a
small Llama-style config, written as a model directory that `train` initialises from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from .data import read_examples
from .serialize import DIFF_SEPARATOR

END = "<|endoftext|>"


def _texts(data: Sequence[str]) -> Iterator[str]:
    for example in read_examples(data):
        yield example.instruction
        yield example.program
        yield "\n".join(example.edits)


def new_model(
    directory: str | Path,
    data: Sequence[str],
    vocab_size: int = 8192,
    layers: int = 4,
    width: int = 256,
    heads: int = 4,
    context: int = 2048,
) -> Path:
    """Write a tokenizer trained on `data` (lintseq-x output) and a model config to `directory`."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, PreTrainedTokenizerFast

    if width % heads:
        raise ValueError(f"--width {width} must be a multiple of --heads {heads}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[END],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(_texts(data), trainer=trainer)
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tokenizer, eos_token=END, pad_token=END, bos_token=END)
    wrapped.add_tokens([DIFF_SEPARATOR])
    wrapped.save_pretrained(directory)
    config = LlamaConfig(
        vocab_size=len(wrapped),
        hidden_size=width,
        intermediate_size=width * 4,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=heads,
        max_position_embeddings=context,
        bos_token_id=wrapped.bos_token_id,
        eos_token_id=wrapped.eos_token_id,
        pad_token_id=wrapped.pad_token_id,
        tie_word_embeddings=True,
    )
    config.save_pretrained(directory)
    return directory
