"""Every `lintseq-x train` option, declared once: the CLI is derived from `TrainOptions`
(trainers/cli.py), and `--recipe paper` fills in what the reference's released scripts use.

A field left at None was not given; `resolved()` fills it from the recipe, then from the
defaults, which suit finetuning a modern pretrained checkpoint.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .data import parse_mix
from .serialize import FORMATS

RECIPES = ("paper",)
PRECISIONS = ("auto", "bf16", "fp16", "fp32")
ATTENTION = ("eager", "sdpa", "flash_attention_2")
REPORT_TO = ("none", "tensorboard", "wandb")
LOSSES = ("mean", "sum")


def option(default: Any = None, help: str = "", flag: str | None = None, short: str | None = None, choices: tuple[str, ...] = ()) -> Any:
    """A dataclass field that is also a CLI option (`flag` defaults to --field-name)."""
    return field(default=default, metadata={"help": help, "flag": flag, "short": short, "choices": choices})


@dataclass
class TrainOptions:
    data: list[str] = field(default_factory=list, metadata={"argument": True, "help": "lintseq-x output files (JSONL, .gz/.zst, Parquet, or a shard manifest)."})
    model: str = option("", "A local model directory (weights, or only config.json to train from scratch) with its tokenizer.")
    output: str = option("", "Where checkpoints and the final model go.", short="-o")
    recipe: str | None = option(None, "paper: the reference's released recipe (see docs/training.md); explicit options override it.", choices=RECIPES)
    format: str = option("editseq", "editseq: instruction + diffs; program: the baseline, whole programs.", choices=FORMATS)
    mix: str | None = option(None, "Language weights, e.g. python=0.6,go=0.2,rust=0.2, applied to what fits --max-length.")
    name_language: bool | None = option(None, "Name the language in the prompt (default: when the data has several).")
    match: str | None = option(None, "program: as many optimizer steps (or response tokens, --match-by) as the baseline arm trains.", choices=("program",))
    match_by: str = option("steps", "steps or tokens (response tokens, the ones in the loss).", choices=("steps", "tokens"))
    epochs: float | None = option(None, "Passes over the data (default 3; paper: 10 for programs, 10/s for s edit paths per program).")
    max_steps: int = option(-1, "Optimizer steps; overrides --epochs.")
    batch_size: int = option(8, "Sequences (or, with --packing, packed rows) per device per micro-batch.")
    gradient_accumulation: int | None = option(None, "Micro-batches per optimizer step (default 1; paper: enough for 512 sequences per step).")
    learning_rate: float | None = option(None, "Peak learning rate (default 2e-5, 2e-4 with --lora; paper: by model size).", flag="--lr")
    warmup_ratio: float | None = option(None, "Share of the steps spent warming up (default 0.03; paper 0.001).")
    scheduler: str | None = option(None, "linear, cosine, constant, ... (default cosine; paper linear).")
    weight_decay: float | None = option(None, "AdamW weight decay (default 0; paper 0.01).")
    max_grad_norm: float = option(1.0, "Clip gradients to this norm (0: no clipping).")
    loss: str | None = option(None, "mean: per-token mean over the batch (default); sum: summed token loss (paper).", choices=LOSSES)
    max_length: int | None = option(None, "Longest example in tokens (default 1024); longer ones are left out and counted, never cut.")
    packing: bool = option(False, "Pack whole examples into rows; each attends only to itself (position ids restart).")
    precision: str = option("auto", "auto: bf16 autocast on GPUs with native bf16, fp16 with loss scaling on other GPUs, fp32 on CPU.", choices=PRECISIONS)
    attn_implementation: str | None = option(None, "eager, sdpa or flash_attention_2 (default: what transformers picks).", choices=ATTENTION)
    gradient_checkpointing: bool = option(False, "Recompute activations in the backward pass to save memory.")
    lora: bool = option(False, "Train LoRA adapters (needs peft); merged into the saved model.")
    lora_rank: int = option(64, "LoRA rank.")
    lora_alpha: float = option(16.0, "LoRA alpha.")
    lora_dropout: float = option(0.05, "LoRA dropout.")
    lora_targets: str = option("all-linear", "Modules to adapt: all-linear, or comma-separated names (q_proj,v_proj).")
    save_dtype: str = option("trained", "trained: the weights as trained (fp32 master weights; a LoRA base in its own dtype); checkpoint: the dtype the checkpoint shipped in (half the size, rounds the last updates).", choices=("trained", "checkpoint"))
    validation: float = option(0.0, "Share of programs held out for a validation loss (all paths of a program on one side).")
    eval_steps: int | None = option(None, "Validation loss every N steps (default: at --logging-steps × 10 and at the end).")
    save_steps: int = option(500, "Save a checkpoint every N steps (the newest two are kept).")
    logging_steps: int = option(10, "Log loss, learning rate and tokens/s every N steps.")
    report_to: str = option("none", "Also log to tensorboard or wandb.", choices=REPORT_TO)
    resume: bool = option(False, "Continue from the newest checkpoint in --output (its step, optimizer and data order).")
    seed: int = option(42, "Seed for initialisation, data order, --mix and the validation split.")
    dry_run: bool = option(False, "Print a tokenised example with its labels and the plan; train nothing.")
    log: Callable[[str], None] = field(default=print, repr=False, metadata={"cli": False})


DEFAULTS: dict[str, Any] = {
    "epochs": 3.0,
    "gradient_accumulation": 1,
    "warmup_ratio": 0.03,
    "scheduler": "cosine",
    "weight_decay": 0.0,
    "loss": "mean",
    "max_length": 1024,
}

# LintSeq's released finetuning scripts (Piterbarg et al., 2024, appendix and repository).
PAPER: dict[str, Any] = {
    "warmup_ratio": 0.001,
    "scheduler": "linear",
    "weight_decay": 0.01,
    "loss": "sum",
    "max_length": 1024,
}
PAPER_BATCH = 512  # sequences per optimizer step
PAPER_EPOCHS = 10.0  # the baseline's; edit sequences take 10/s


def paper_learning_rate(parameters: int) -> float:
    """The paper's rates: 3e-4 for its small models trained from scratch (150M, 400M), 5e-5 for the
    2-4B checkpoints (Gemma 2 2B, Phi-3 3.8B), 1e-5 for 8B (Llama 3.1); between those sizes, the
    nearer one."""
    if parameters < 1.5e9:
        return 3e-4
    if parameters < 6e9:
        return 5e-5
    return 1e-5


def resolved(options: TrainOptions, parameters: int, world_size: int, paths_per_program: float) -> TrainOptions:
    """Options with every unset field filled: from the recipe, then from the defaults."""
    chosen: dict[str, Any] = {}
    if options.recipe == "paper":
        chosen.update(PAPER)
        chosen["learning_rate"] = paper_learning_rate(parameters)
        chosen["gradient_accumulation"] = max(1, math.ceil(PAPER_BATCH / (options.batch_size * world_size)))
        chosen["epochs"] = PAPER_EPOCHS if options.format == "program" else PAPER_EPOCHS / max(1.0, paths_per_program)
    elif options.recipe is not None:
        raise ValueError(f"--recipe takes {', '.join(RECIPES)}, not {options.recipe!r}")
    chosen = {**DEFAULTS, "learning_rate": 2e-4 if options.lora else 2e-5, **chosen}
    unset = {item.name: chosen[item.name] for item in fields(options) if item.name in chosen and getattr(options, item.name) is None}
    return replace(options, **unset)


def validate(options: TrainOptions) -> None:
    """Option values that cannot work, as one message each (before anything is loaded)."""
    for item in fields(options):
        choices = item.metadata.get("choices")
        value = getattr(options, item.name)
        if choices and value is not None and value not in choices:
            raise ValueError(f"{flag_of(item)} takes {', '.join(choices)}, not {value!r}")
    if options.mix:
        parse_mix(options.mix)
    if not options.data:
        raise ValueError("give at least one lintseq-x output file to train on")
    if not 0.0 <= options.validation < 1.0:
        raise ValueError(f"--validation is a share of the programs, from 0 up to 1, not {options.validation}")
    for name in ("batch_size", "logging_steps", "save_steps"):
        if getattr(options, name) < 1:
            raise ValueError(f"--{name.replace('_', '-')} must be at least 1")
    if options.max_length is not None and options.max_length < 8:
        raise ValueError(f"--max-length {options.max_length} is too short for any example")


def flag_of(item: Any) -> str:
    """The CLI flag of a `TrainOptions` field."""
    return item.metadata.get("flag") or "--" + item.name.replace("_", "-")
