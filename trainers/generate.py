"""Sampling edit sequences (or programs) from a model and resolving them.

Prompts are those of the reference's eval (LintSeq's src/eval/humaneval/run_eval.py with
`--diff 1`): an edit-sequence model sees the instruction and `"\\n<|diff|>"`, so that it starts
with its first diff, exactly as training continues the instruction; a program model sees the
instruction and a newline. Only our options steer sampling: a checkpoint's
generation_config.json (Qwen-Instruct ships top_k=20 and a repetition penalty) is left out
unless `use_generation_config` asks for it, and top-k is off, as in the reference's vLLM
sampling. Prompts and their samples are batched together, `batch_size` sequences a call.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .models import load_model, load_tokenizer
from .resolve import MODES, Resolution, resolve
from .serialize import PromptStyle, prompt_text
from .train import prompt_style_of

GREEDY_WITH_SAMPLES = "--temperature 0 is greedy: every sample would be the same; use -n 1"
# auto: vLLM where it is installed and a CUDA GPU is there, transformers otherwise.
BACKENDS = ("auto", "hf", "vllm")


class BackendUnavailable(ValueError):
    """The backend asked for cannot run here; the message says what to install or use."""


@dataclass(frozen=True)
class Sample:
    # The response as trained: for edit sequences the prompt's separator and the generated text
    # after it (so "\n<|diff|>" + first diff ...), for programs the generated text.
    response: str
    resolution: Resolution

    @property
    def program(self) -> str:
        return self.resolution.program


@dataclass(frozen=True)
class SamplingOptions:
    n: int = 1
    temperature: float = 1.0  # 0: greedy (n must be 1)
    top_p: float = 0.95
    max_new_tokens: int = 512
    batch_size: int = 16  # sequences per `generate` call, from any prompts
    seed: int = 0
    use_generation_config: bool = False  # apply the checkpoint's generation_config.json under ours

    def check(self) -> None:
        """Raise ValueError, with a message for the command line, on options that cannot work."""
        if self.n < 1:
            raise ValueError(f"-n must be at least 1 (got {self.n})")
        if self.temperature < 0:
            raise ValueError(f"--temperature must not be negative (got {self.temperature})")
        if self.temperature == 0 and self.n > 1:
            raise ValueError(GREEDY_WITH_SAMPLES)
        if not 0 < self.top_p <= 1:
            raise ValueError(f"--top-p must be in (0, 1] (got {self.top_p})")
        if self.max_new_tokens < 1:
            raise ValueError(f"--max-new-tokens must be at least 1 (got {self.max_new_tokens})")
        if self.batch_size < 1:
            raise ValueError(f"--batch-size must be at least 1 (got {self.batch_size})")


def generation_prompt(instruction: str, language: str, style: PromptStyle) -> str:
    """What the model is given: the training prompt, and for edit sequences the separator that
    starts the first diff (the reference eval's `prompt + "\\n<|diff|>"`)."""
    text = prompt_text(instruction, language, style)
    return text + "\n" + style.separator if style.format == "editseq" else text


def checked_prompts(instructions: Sequence[tuple[str, str]], options: SamplingOptions, resolution: str, style: PromptStyle) -> list[str]:
    """The prompts for (instruction, language) pairs, once options and resolution mode are known
    to work (ValueError with a message for the command line otherwise)."""
    options.check()
    if resolution not in MODES:
        raise ValueError(f"unknown resolution mode {resolution!r} (choose from {', '.join(MODES)})")
    return [generation_prompt(instruction, language, style) for instruction, language in instructions]


def closing_text(style: PromptStyle) -> str:
    """What ends an edit sequence: an empty diff after the last one."""
    return "\n" + style.separator + "\n" + style.separator


def sample_from_text(text: str, style: PromptStyle, mode: str = "reference") -> Sample:
    """A generated text as a sample: for edit sequences the response as trained (the prompt
    ended with the first separator, so it starts with it) and its resolution."""
    if style.format == "editseq":
        response = "\n" + style.separator + text
        return Sample(response, resolve(response, style.separator, mode=mode))
    return Sample(text, Resolution(text, 0, 0, 0, True))


def chosen_backend(requested: str) -> str:
    """The backend that runs: `requested`, or for auto the fastest one available here."""
    import importlib.util

    if requested not in BACKENDS:
        raise BackendUnavailable(f"--backend takes {', '.join(BACKENDS)}, not {requested!r}")
    installed = importlib.util.find_spec("vllm") is not None
    if requested == "hf":
        return "hf"
    import torch

    gpu = torch.cuda.is_available()
    if requested == "auto":
        return "vllm" if installed and gpu else "hf"
    if not installed:
        raise BackendUnavailable("--backend vllm needs vLLM: pip install 'lintseq-x[vllm]' (on a machine with a CUDA GPU)")
    if not gpu:
        raise BackendUnavailable("--backend vllm needs a CUDA GPU, and none is visible here; use --backend hf")
    return "vllm"


def open_generator(model_dir: str, backend: str = "auto", seed: int = 0) -> Any:
    """A generator (`Generator` or `VllmGenerator`, the same `sample` and `style`) on `backend`,
    which must be a `chosen_backend` answer."""
    if backend == "vllm":
        from .vllm_backend import VllmGenerator

        return VllmGenerator(model_dir, seed=seed)
    return Generator(model_dir)


class Generator:
    """A loaded model with the prompt style it was trained with (the transformers backend)."""

    def __init__(self, model_dir: str, device: str | None = None) -> None:
        import torch
        from transformers import GenerationConfig

        self.style: PromptStyle = prompt_style_of(model_dir)
        self.tokenizer = load_tokenizer(model_dir)
        self.tokenizer.padding_side = "left"  # prompts of a batch end where generation starts
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = torch.bfloat16 if self.device == "cuda" and torch.cuda.is_bf16_supported() else None
        self.model = load_model(model_dir, dtype=dtype).to(self.device).eval()
        # `generate` fills whatever our config leaves unset from the model's own config, so the
        # checkpoint's is kept aside and the model's replaced by the library defaults.
        self.checkpoint_generation_config = self.model.generation_config
        self.model.generation_config = GenerationConfig()

    def generation_config(self, options: SamplingOptions) -> Any:
        """The GenerationConfig a call uses: ours alone, or the checkpoint's under ours."""
        from transformers import GenerationConfig

        ours: dict[str, Any] = {
            "max_new_tokens": options.max_new_tokens,
            "num_return_sequences": 1,
            "num_beams": 1,
            "do_sample": options.temperature > 0,
            "pad_token_id": self.tokenizer.pad_token_id,
            "eos_token_id": self.tokenizer.eos_token_id,
        }
        if options.temperature > 0:
            ours.update(temperature=options.temperature, top_p=options.top_p)
        if options.use_generation_config:
            config = copy.deepcopy(self.checkpoint_generation_config)
            config.max_length = None  # max_new_tokens decides
            config.update(**ours)
            return config
        if options.temperature > 0:
            ours["top_k"] = 0  # off: the library's default is 50
        return GenerationConfig(**ours)

    def sample(
        self,
        instructions: Sequence[tuple[str, str]],
        options: SamplingOptions,
        progress: Callable[[int], None] | None = None,
        resolution: str = "reference",
    ) -> list[list[Sample]]:
        """`options.n` samples for each (instruction, language), in order. Every prompt is
        repeated n times and the copies of all prompts go `batch_size` to a call, longest prompts
        first; the same seed and batch size give the same samples. `progress(samples_done)` is
        called after each call with the number of samples finished so far. Edit sequences are
        resolved in `resolution` mode ("reference" or "strict", trainers/resolve.py)."""
        import torch

        prompts = checked_prompts(instructions, options, resolution, self.style)
        lengths = [len(ids) for ids in self.tokenizer(prompts)["input_ids"]] if prompts else []
        order = sorted(range(len(prompts)), key=lambda index: -lengths[index])
        jobs = [index for index in order for _ in range(options.n)]
        config = self.generation_config(options)
        torch.manual_seed(options.seed)
        results: list[list[Sample]] = [[] for _ in prompts]
        done = 0
        for begin in range(0, len(jobs), options.batch_size):
            batch = jobs[begin : begin + options.batch_size]
            texts = self._generate([prompts[index] for index in batch], config)
            for index, text in zip(batch, texts):
                results[index].append(self._sample(text, resolution))
            done += len(batch)
            if progress:
                progress(done)
        return results

    def _generate(self, prompts: list[str], config: Any) -> list[str]:
        import torch

        batch = self.tokenizer(prompts, return_tensors="pt", padding=True).to(self.device)
        with torch.no_grad():
            output = self.model.generate(**batch, generation_config=config, stopping_criteria=self._stop_at_close())
        new_tokens = output[:, batch["input_ids"].shape[1] :]
        return self.tokenizer.batch_decode(new_tokens, skip_special_tokens=True)

    def _stop_at_close(self) -> Any:
        """Stop a sequence once it has closed its edits, even if it never says end-of-sequence."""
        from transformers import StoppingCriteria, StoppingCriteriaList

        if self.style.format != "editseq":
            return StoppingCriteriaList()
        closing = closing_text(self.style)
        tokenizer = self.tokenizer

        class _Closed(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                import torch

                tails = tokenizer.batch_decode(input_ids[:, -8:], skip_special_tokens=True)
                return torch.tensor([tail.endswith(closing) for tail in tails], device=input_ids.device)

        return StoppingCriteriaList([_Closed()])

    def _sample(self, text: str, mode: str = "reference") -> Sample:
        return sample_from_text(text, self.style, mode)
