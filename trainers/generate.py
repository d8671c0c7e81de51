"""Sampling edit sequences (or programs) from a model and resolving them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .models import load_model, load_tokenizer
from .resolve import Resolution, resolve
from .serialize import PromptStyle, prompt_text
from .train import prompt_style_of


@dataclass(frozen=True)
class Sample:
    response: str  # the generated text after the prompt
    resolution: Resolution

    @property
    def program(self) -> str:
        return self.resolution.program


@dataclass(frozen=True)
class SamplingOptions:
    n: int = 1
    temperature: float = 1.0
    top_p: float = 0.95
    max_new_tokens: int = 512
    batch_size: int = 16  # sequences per `generate` call
    seed: int = 0


class Generator:
    """A loaded model with the prompt style it was trained with."""

    def __init__(self, model_dir: str, device: str | None = None) -> None:
        import torch

        self.style: PromptStyle = prompt_style_of(model_dir)
        self.tokenizer = load_tokenizer(model_dir)
        self.tokenizer.padding_side = "left"  # prompts of a batch end where generation starts
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = torch.bfloat16 if self.device == "cuda" and torch.cuda.is_bf16_supported() else None
        self.model = load_model(model_dir, dtype=dtype).to(self.device).eval()

    def sample(self, instructions: Sequence[tuple[str, str]], options: SamplingOptions) -> list[list[Sample]]:
        """`options.n` samples for each (instruction, language)."""
        import torch

        torch.manual_seed(options.seed)
        prompts = [prompt_text(instruction, language, self.style) for instruction, language in instructions]
        per_call = max(1, options.batch_size // options.n)
        results: list[list[Sample]] = []
        for start in range(0, len(prompts), per_call):
            chunk = prompts[start : start + per_call]
            for count in _split(options.n, max(1, options.batch_size)):
                texts = self._generate(chunk, count, options)
                for index in range(len(chunk)):
                    if len(results) <= start + index:
                        results.append([])
                    results[start + index].extend(self._sample(text) for text in texts[index * count : (index + 1) * count])
        return results

    def _generate(self, prompts: list[str], count: int, options: SamplingOptions) -> list[str]:
        import torch

        batch = self.tokenizer(prompts, return_tensors="pt", padding=True).to(self.device)
        sampling = options.temperature > 0
        with torch.no_grad():
            output = self.model.generate(
                **batch,
                do_sample=sampling,
                temperature=options.temperature if sampling else None,
                top_p=options.top_p if sampling else None,
                num_return_sequences=count,
                max_new_tokens=options.max_new_tokens,
                pad_token_id=self.tokenizer.pad_token_id,
                eos_token_id=self.tokenizer.eos_token_id,
                stopping_criteria=self._stop_at_close(),
            )
        new_tokens = output[:, batch["input_ids"].shape[1] :]
        return self.tokenizer.batch_decode(new_tokens, skip_special_tokens=True)

    def _stop_at_close(self) -> Any:
        """Stop a sequence once it has closed its edits, even if it never says end-of-sequence."""
        from transformers import StoppingCriteria, StoppingCriteriaList

        if self.style.format != "editseq":
            return StoppingCriteriaList()
        closing = "\n" + self.style.separator + "\n" + self.style.separator
        tokenizer = self.tokenizer

        class _Closed(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                import torch

                tails = tokenizer.batch_decode(input_ids[:, -8:], skip_special_tokens=True)
                return torch.tensor([tail.endswith(closing) for tail in tails], device=input_ids.device)

        return StoppingCriteriaList([_Closed()])

    def _sample(self, text: str) -> Sample:
        if self.style.format == "editseq":
            return Sample(text, resolve(text, self.style.separator))
        return Sample(text, Resolution(text, 0, 0, 0, True))


def _split(total: int, size: int) -> list[int]:
    return [min(size, total - start) for start in range(0, total, size)]
