"""`lintseq-x train`: finetune a causal LM on instruction + edit-sequence (or whole-program) data
with the transformers Trainer, which also runs it under `torchrun`/`accelerate launch` (DDP, FSDP).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .data import Example, language_counts, mix, one_per_program, read_examples
from .encode import IGNORE, Encoded, encode_all, pack, show_example
from .models import load_model, load_tokenizer
from .serialize import PromptStyle

RUN_CONFIG = "lintseq_x_train.json"


@dataclass
class TrainOptions:
    data: Sequence[str]
    model: str
    output: str
    format: str = "editseq"
    mix: dict[str, float] | None = None
    name_language: bool | None = None  # None: name it when the data has several languages
    match: str | None = None  # "program": size the run like the baseline arm on the same data
    match_by: str = "steps"  # or "tokens"
    epochs: float = 3.0
    max_steps: int = -1
    batch_size: int = 8
    gradient_accumulation: int = 1
    learning_rate: float = 5e-5
    warmup_ratio: float = 0.0
    scheduler: str = "linear"
    max_length: int = 1024
    packing: bool = False
    bf16: bool | None = None  # None: when the GPU supports it
    gradient_checkpointing: bool = False
    lora: bool = False
    lora_rank: int = 64
    lora_alpha: float = 16.0
    lora_dropout: float = 0.1
    save_steps: int = 500
    logging_steps: int = 10
    resume: bool = False
    seed: int = 42
    dry_run: bool = False
    log: Callable[[str], None] = field(default=print, repr=False)


@dataclass(frozen=True)
class Plan:
    """What a run will train on, worked out before any weights move."""

    style: PromptStyle
    examples: list[Example]
    encoded: list[Encoded]
    too_long: int
    max_steps: int  # -1: run `epochs`
    matched: dict | None

    @property
    def tokens(self) -> int:
        return sum(len(item.input_ids) for item in self.encoded)


def train(options: TrainOptions) -> dict:
    """Run the training (or, with `dry_run`, only show what it would do); return the summary."""
    if not is_main_process():
        options = replace(options, log=lambda line: None)
    tokenizer = load_tokenizer(options.model)
    examples = _training_examples(options, options.format)
    style = PromptStyle(
        format=options.format,
        name_language=options.name_language if options.name_language is not None else len(language_counts(examples)) > 1,
    )
    if style.format == "editseq" and style.separator not in tokenizer.get_vocab():
        tokenizer.add_tokens([style.separator])
    plan = _plan(options, style, examples, tokenizer)
    _report_plan(options, plan, tokenizer)
    if options.dry_run:
        return {"dry_run": True, "examples": len(plan.encoded), "tokens": plan.tokens, "max_steps": plan.max_steps}
    return _run(options, plan, tokenizer)


def _training_examples(options: TrainOptions, format: str) -> list[Example]:
    examples = read_examples(options.data)
    if format == "program":
        examples = one_per_program(examples)
    if options.mix:
        examples = mix(examples, options.mix, options.seed)
    if not examples:
        raise ValueError("no training examples in " + ", ".join(map(str, options.data)))
    return examples


def _plan(options: TrainOptions, style: PromptStyle, examples: list[Example], tokenizer: Any) -> Plan:
    encoded, too_long = encode_all(examples, tokenizer, style, options.max_length)
    if not encoded:
        raise ValueError(f"every example is longer than --max-length {options.max_length} tokens")
    if options.packing:
        encoded = pack(encoded, options.max_length)
    max_steps, matched = options.max_steps, None
    if options.match == "program" and style.format != "program":
        baseline_style = replace(style, format="program")
        baseline, _ = encode_all(_training_examples(options, "program"), tokenizer, baseline_style, options.max_length)
        if options.packing:
            baseline = pack(baseline, options.max_length)
        max_steps, matched = _matched_steps(options, baseline, encoded)
    return Plan(style, examples, encoded, len(too_long), max_steps, matched)


def _matched_steps(options: TrainOptions, baseline: list[Encoded], encoded: list[Encoded]) -> tuple[int, dict]:
    """Optimizer steps for the edit-sequence arm so that it takes as many steps, or sees as many
    tokens, as the baseline arm would with the same options."""
    per_step = options.batch_size * options.gradient_accumulation * _world_size()
    if options.max_steps > 0:
        baseline_steps = options.max_steps
    else:
        baseline_steps = math.ceil(options.epochs * math.ceil(len(baseline) / per_step))
    baseline_tokens_per_step = sum(len(item.input_ids) for item in baseline) / len(baseline) * per_step
    baseline_tokens = round(baseline_steps * baseline_tokens_per_step)
    if options.match_by == "tokens":
        tokens_per_step = sum(len(item.input_ids) for item in encoded) / len(encoded) * per_step
        steps = max(1, round(baseline_tokens / tokens_per_step))
    else:
        steps = baseline_steps
    return steps, {"arm": "program", "by": options.match_by, "baseline_steps": baseline_steps, "baseline_tokens": baseline_tokens}


def _world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def is_main_process() -> bool:
    """Rank 0 under torchrun/accelerate (which set RANK), or a single process."""
    return os.environ.get("RANK", "0") == "0"


def _report_plan(options: TrainOptions, plan: Plan, tokenizer: Any) -> None:
    counts = ", ".join(f"{name} {count}" for name, count in language_counts(plan.examples).items())
    options.log(f"{len(plan.examples)} examples ({counts}); format {plan.style.format}; {plan.tokens} tokens per epoch")
    if plan.too_long:
        options.log(f"{plan.too_long} examples longer than --max-length {options.max_length} tokens are left out")
    if plan.matched:
        options.log(
            f"matched to the program arm by {plan.matched['by']}: {plan.max_steps} steps "
            f"(baseline: {plan.matched['baseline_steps']} steps, {plan.matched['baseline_tokens']} tokens)"
        )
    if options.dry_run:
        first = plan.encoded[0]
        options.log("first example, as the model sees it:\n" + tokenizer.decode(first.input_ids))
        options.log("its tokens (L: in the loss, ·: masked):\n" + show_example(first, tokenizer))


def _run(options: TrainOptions, plan: Plan, tokenizer: Any) -> dict:
    import torch
    from transformers import Trainer, TrainingArguments

    bf16 = options.bf16 if options.bf16 is not None else bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    model = load_model(options.model)
    if len(tokenizer) > model.get_input_embeddings().weight.shape[0]:
        model.resize_token_embeddings(len(tokenizer))
    model.config.pad_token_id = tokenizer.pad_token_id
    if options.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.config.use_cache = False
    if options.lora:
        model = _with_lora(model, options)
    per_step = options.batch_size * options.gradient_accumulation * _world_size()
    total_steps = plan.max_steps if plan.max_steps > 0 else math.ceil(options.epochs * math.ceil(len(plan.encoded) / per_step))
    arguments = TrainingArguments(
        output_dir=options.output,
        per_device_train_batch_size=options.batch_size,
        gradient_accumulation_steps=options.gradient_accumulation,
        num_train_epochs=options.epochs,
        max_steps=plan.max_steps,
        learning_rate=options.learning_rate,
        lr_scheduler_type=options.scheduler,
        warmup_steps=int(options.warmup_ratio * total_steps),
        bf16=bf16,
        logging_steps=options.logging_steps,
        include_num_input_tokens_seen="non_padding",  # padding is not training data
        save_strategy="steps",
        save_steps=options.save_steps,
        save_total_limit=2,
        seed=options.seed,
        remove_unused_columns=False,
        report_to=[],
        # Without a GPU, torchrun's processes train data-parallel over gloo on the CPU.
        use_cpu=not torch.cuda.is_available(),
        ddp_backend="gloo" if not torch.cuda.is_available() and _world_size() > 1 else None,
        ddp_find_unused_parameters=False,
    )
    trainer = Trainer(
        model=model,
        args=arguments,
        train_dataset=_Dataset(plan.encoded),
        data_collator=_Collator(tokenizer.pad_token_id),
        processing_class=tokenizer,
    )
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=True if options.resume else None)
    seconds = time.perf_counter() - started
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    summary = {
        "format": plan.style.format,
        "examples": len(plan.examples),
        "sequences": len(plan.encoded),
        "left_out_too_long": plan.too_long,
        "languages": language_counts(plan.examples),
        "steps": trainer.state.global_step,
        "matched": plan.matched,
        "tokens_seen": int(trainer.state.num_input_tokens_seen),
        "seconds": round(seconds, 2),
        "tokens_per_second": round(trainer.state.num_input_tokens_seen / seconds, 1) if seconds else None,
        "first_loss": round(losses[0], 4) if losses else None,
        "final_loss": round(losses[-1], 4) if losses else None,
        "train_loss": round(result.training_loss, 4),
        "bf16": bf16,
        "world_size": _world_size(),
        "peak_gpu_memory_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if torch.cuda.is_available() else None,
    }
    _save(trainer, tokenizer, options, plan, summary)
    _leave_process_group()
    return summary


def _leave_process_group() -> None:
    # Under torchrun, every rank waits until rank 0 has saved, then leaves the process group
    # before the interpreter exits: a gloo group still alive at exit can abort a rank ("terminate
    # called without an active exception"), which fails a run that has finished.
    import torch.distributed as distributed

    if distributed.is_available() and distributed.is_initialized():
        distributed.barrier()
        distributed.destroy_process_group()


def _with_lora(model: Any, options: TrainOptions) -> Any:
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError:
        raise ValueError("--lora needs peft: pip install peft") from None
    # The separator's embedding row is new, so the embeddings train in full beside the adapters.
    embeddings = {model.get_input_embeddings(), model.get_output_embeddings()}
    saved = sorted({name.rsplit(".", 1)[-1] for name, module in model.named_modules() if module in embeddings})
    config = LoraConfig(
        r=options.lora_rank,
        lora_alpha=options.lora_alpha,
        lora_dropout=options.lora_dropout,
        target_modules="all-linear",
        modules_to_save=saved,
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, config)


def _save(trainer: Any, tokenizer: Any, options: TrainOptions, plan: Plan, summary: dict) -> None:
    """The final model (LoRA adapters merged into it), the tokenizer, and how to prompt it."""
    if not trainer.is_world_process_zero():
        return
    model = trainer.model
    if options.lora:
        model = model.merge_and_unload()
    output = Path(options.output)
    model.save_pretrained(output)
    tokenizer.save_pretrained(output)
    config = {"prompt_style": plan.style.to_json(), "data": [str(path) for path in options.data], "summary": summary}
    config["options"] = {key: value for key, value in asdict(options).items() if key not in ("log", "data")}
    (output / RUN_CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def prompt_style_of(model_dir: str | Path) -> PromptStyle:
    """How a model trained by `lintseq-x train` wants to be prompted; edit sequences, unnamed
    language, for any other model."""
    path = Path(model_dir) / RUN_CONFIG
    if path.exists():
        return PromptStyle.from_json(json.loads(path.read_text(encoding="utf-8"))["prompt_style"])
    return PromptStyle()


class _Dataset:
    def __init__(self, encoded: list[Encoded]) -> None:
        self._encoded = encoded

    def __len__(self) -> int:
        return len(self._encoded)

    def __getitem__(self, index: int) -> dict:
        item = self._encoded[index]
        return {"input_ids": item.input_ids, "labels": item.labels}


class _Collator:
    """Right-pads a batch; padding is masked out of the attention and the loss."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, batch: list[dict]) -> dict:
        import torch

        width = max(len(item["input_ids"]) for item in batch)
        ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, item in enumerate(batch):
            length = len(item["input_ids"])
            ids[row, :length] = torch.tensor(item["input_ids"])
            labels[row, :length] = torch.tensor(item["labels"])
            mask[row, :length] = 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}
