"""Sampling with vLLM on a GPU (`eval --backend vllm`, extra `lintseq-x[vllm]`).

The same contract as the transformers backend (generate.py): the same prompt token ids (our
tokenizer makes them, vLLM only receives ids), the same options, top-k off, the checkpoint's
generation_config.json left out unless asked for, edit sequences stopped once they close and
resolved alike. vLLM schedules the sequences of a call itself (continuous batching), so a call
here holds many more sequences than a transformers batch; calls are split only to report progress.

Seeds are per prompt, derived from `seed` and the prompt's position, so a prompt's samples do not
depend on which prompts share its call.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .generate import Sample, SamplingOptions, checked_prompts, closing_text, sample_from_text
from .models import ModelError, has_weights, load_tokenizer
from .serialize import PromptStyle
from .train import prompt_style_of

DEFAULT_BATCH_SIZE = 1024  # sequences per call: progress granularity only (see the module doc)
# What a checkpoint's generation_config.json may set beyond ours (temperature, top_p, lengths),
# by its transformers name and vLLM's; applied only with `use_generation_config`.
_INHERITED = {"top_k": "top_k", "repetition_penalty": "repetition_penalty", "min_p": "min_p"}


def prompt_seed(seed: int, index: int) -> int:
    digest = hashlib.sha256(f"lintseq-x/vllm/{seed}/{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def checkpoint_sampling_defaults(model_dir: str | Path) -> dict[str, Any]:
    """The sampling settings a checkpoint's generation_config.json asks for, in vLLM's names
    (only those of `_INHERITED` that differ from the library defaults)."""
    path = Path(model_dir) / "generation_config.json"
    if not path.is_file():
        return {}
    config = json.loads(path.read_text(encoding="utf-8"))
    neutral = {"top_k": (0, -1), "repetition_penalty": (1.0,), "min_p": (0.0,)}
    found = {ours: config[theirs] for theirs, ours in _INHERITED.items() if config.get(theirs) is not None}
    return {key: value for key, value in found.items() if value not in neutral[key]}


class VllmGenerator:
    """A model loaded by vLLM, with the prompt style it was trained with."""

    def __init__(self, model_dir: str, seed: int = 0) -> None:
        from vllm import LLM

        path = Path(model_dir)
        if not has_weights(path) or (path / "adapter_config.json").exists():
            raise ModelError(f"{model_dir}: vLLM needs a directory with full model weights (a LoRA run writes them merged next to its adapter/)")
        self.style: PromptStyle = prompt_style_of(model_dir)
        self.tokenizer = load_tokenizer(model_dir)
        self.checkpoint_defaults = checkpoint_sampling_defaults(model_dir)
        # "vllm": the engine's own defaults, not the checkpoint's (eos ids included), as the
        # transformers backend replaces the model's generation config by the library defaults.
        self.llm = LLM(model=str(path), tokenizer=str(path), generation_config="vllm", seed=seed, dtype="auto")

    def sampling_params(self, options: SamplingOptions, prompt_index: int) -> Any:
        from vllm import SamplingParams

        settings: dict[str, Any] = dict(self.checkpoint_defaults) if options.use_generation_config else {}
        settings.update(
            n=options.n,
            temperature=options.temperature,  # 0 is greedy in vLLM too
            top_p=options.top_p if options.temperature > 0 else 1.0,
            max_tokens=options.max_new_tokens,
            seed=prompt_seed(options.seed, prompt_index),
            skip_special_tokens=True,
        )
        if not options.use_generation_config:
            settings["top_k"] = -1  # all tokens, as the reference samples (-1: every vLLM version)
        if self.style.format == "editseq":
            settings.update(stop=[closing_text(self.style)], include_stop_str_in_output=True)
        return SamplingParams(**settings)

    def sample(
        self,
        instructions: Sequence[tuple[str, str]],
        options: SamplingOptions,
        progress: Callable[[int], None] | None = None,
        resolution: str = "reference",
    ) -> list[list[Sample]]:
        """`options.n` samples for each (instruction, language), in order (see Generator.sample)."""
        prompts = checked_prompts(instructions, options, resolution, self.style)
        ids = self.tokenizer(prompts)["input_ids"] if prompts else []
        per_call = max(1, options.batch_size // options.n)
        results: list[list[Sample]] = []
        for begin in range(0, len(prompts), per_call):
            indices = range(begin, min(begin + per_call, len(prompts)))
            outputs = self.llm.generate(
                [{"prompt_token_ids": list(ids[index])} for index in indices],
                [self.sampling_params(options, index) for index in indices],
                use_tqdm=False,
            )
            for output in outputs:
                results.append([sample_from_text(completion.text, self.style, resolution) for completion in output.outputs])
            if progress:
                progress(len(results) * options.n)
        return results

