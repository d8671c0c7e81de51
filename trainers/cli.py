"""The `train`, `generate` and `new-model` commands (`eval` and `eval-plot` are in eval_cli.py).
torch and transformers are imported only when a command needs a model, so `eval --completions`
runs on the core install."""

from __future__ import annotations

import inspect
import typing
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from lintseq_x.core.cli.application import app, console, fail

from . import eval_cli  # noqa: F401  (registers `eval` and `eval-plot`)
from .data import DataError
from .models import ModelError
from .options import TrainOptions, flag_of

_TRAIN_HINT = "this command needs the training extra: pip install 'lintseq-x[train]' (install a torch build for your machine first)"


def _need_training_extra() -> None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        fail(_TRAIN_HINT)


def train(**values: Any) -> None:
    """Finetune a causal LM on lintseq-x edit sequences (or, --format program, the baseline)."""
    _need_training_extra()
    from .train import is_main_process
    from .train import train as run_training

    values["data"] = [str(path) for path in values["data"]]
    options = TrainOptions(**values, log=lambda line: console().print(line, highlight=False, markup=False))
    try:
        summary = run_training(options)
    except (DataError, ModelError, ValueError) as error:
        fail(str(error))
    if not options.dry_run and is_main_process():
        console().print(
            f"trained {summary['steps']} steps on {summary['tokens_seen']} tokens "
            f"({summary['tokens_per_second']} tokens/s, {100 * summary['padding_fraction']:.1f}% padding); "
            f"loss {_loss(summary['first_loss'])} → {_loss(summary['final_loss'])}"
            + (f", validation {summary['validation_loss']}" if summary["validation_loss"] is not None else "")
            + f"; model saved to {options.output}"
        )


def _loss(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _train_signature() -> inspect.Signature:
    """`train`'s parameters, derived from the `TrainOptions` fields: one declaration per option."""
    hints = typing.get_type_hints(TrainOptions)
    parameters = []
    for item in fields(TrainOptions):
        if item.metadata.get("cli") is False:
            continue
        help_text = item.metadata.get("help", "")
        if item.metadata.get("argument"):
            annotation: Any = Annotated[list[Path], typer.Argument(help=help_text, show_default=False)]
            default: Any = inspect.Parameter.empty
        else:
            flag = flag_of(item)
            names = [f"{flag}/--no-{flag[2:]}"] if hints[item.name] in (bool, Optional[bool]) else [flag]
            if item.metadata.get("short"):
                names.append(item.metadata["short"])
            required = item.name in ("model", "output")
            annotation = Annotated[hints[item.name], typer.Option(*names, help=help_text, show_default=not required and item.default is not None)]
            default = inspect.Parameter.empty if required else item.default
        parameters.append(inspect.Parameter(item.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))
    return inspect.Signature(parameters)


train.__signature__ = _train_signature()
app.command()(train)


@app.command()
def generate(
    prompt: Annotated[str, typer.Argument(help="The instruction.")],
    model: Annotated[str, typer.Option("--model", help="A model directory written by `lintseq-x train`.")],
    n: Annotated[int, typer.Option("-n", help="Samples.")] = 1,
    temperature: Annotated[float, typer.Option("--temperature")] = 1.0,
    top_p: Annotated[float, typer.Option("--top-p")] = 0.95,
    max_new_tokens: Annotated[int, typer.Option("--max-new-tokens")] = 512,
    language: Annotated[str, typer.Option("--lang", help="The language named in the prompt, for models trained with --name-language.")] = "python",
    seed: Annotated[int, typer.Option("--seed")] = 0,
    show_edits: Annotated[bool, typer.Option("--show-edits", help="Print the generated edit sequence too.")] = False,
) -> None:
    """Sample edit sequences for PROMPT and print each resolved program."""
    _need_training_extra()
    from .generate import Generator, SamplingOptions

    try:
        generator = Generator(model)
    except ModelError as error:
        fail(str(error))
    samples = generator.sample([(prompt, language)], SamplingOptions(n=n, temperature=temperature, top_p=top_p, max_new_tokens=max_new_tokens, seed=seed))[0]
    for number, sample in enumerate(samples):
        resolution = sample.resolution
        note = f"{resolution.edits} edits"
        if resolution.hunks_skipped:
            note += f", {resolution.hunks_skipped} of {resolution.hunks} hunks could not be applied"
        if not resolution.closed:
            note += ", not closed (ran out of tokens?)"
        console().rule(f"sample {number} ({note})", style="dim")
        if show_edits:
            console().print(sample.response, highlight=False, markup=False)
            console().rule(style="dim")
        console().print(sample.program, highlight=False, markup=False)


@app.command("new-model")
def new_model_command(
    directory: Annotated[Path, typer.Argument(help="Where to write the tokenizer and config.")],
    data: Annotated[list[Path], typer.Option("--from", help="lintseq-x output to train the tokenizer on.")],
    vocab_size: Annotated[int, typer.Option("--vocab-size")] = 8192,
    layers: Annotated[int, typer.Option("--layers")] = 4,
    width: Annotated[int, typer.Option("--width")] = 256,
    heads: Annotated[int, typer.Option("--heads")] = 4,
    context: Annotated[int, typer.Option("--context")] = 2048,
) -> None:
    """Start a model from scratch: a BPE tokenizer trained on the data and a small Llama config."""
    _need_training_extra()
    from .scratch import new_model

    try:
        new_model(directory, [str(path) for path in data], vocab_size, layers, width, heads, context)
    except (DataError, ValueError) as error:
        fail(str(error))
    console().print(f"wrote a {layers}-layer, {width}-wide model config and its tokenizer to {directory}; train it with `lintseq-x train --model {directory}`")
