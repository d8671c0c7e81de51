"""The `train`, `generate`, `eval` and `eval-plot` commands. torch and transformers are imported
only when a command needs a model, so `eval --completions` runs on the core install."""

from __future__ import annotations

import inspect
import typing
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from lintseq_x.core.cli.application import app, console, errors, fail

from .benchmarks import BenchmarkError, load_benchmark
from .data import DataError
from .evaluate import EvalError, plot_pass_at_k, read_completions, read_summary, score, write_results
from .models import ModelError
from .options import TrainOptions, flag_of
from .sandbox import Limits

_TRAIN_HINT = "this command needs the training extra: pip install 'lintseq-x[train]' (install a torch build for your machine first)"


def _need_training_extra() -> None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        fail(_TRAIN_HINT)


def _ks(text: str) -> list[int]:
    try:
        ks = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        fail(f"-k takes comma-separated positive integers, got {text!r}")
    if not ks or ks[0] < 1:
        fail(f"-k takes comma-separated positive integers, got {text!r}")
    return ks


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


@app.command("eval")
def evaluate(
    model: Annotated[Optional[str], typer.Option("--model", help="Sample from this model directory.")] = None,
    completions: Annotated[Optional[Path], typer.Option("--completions", help="Score these completions instead (JSONL with task_id).")] = None,
    benchmark: Annotated[str, typer.Option("--benchmark")] = "humaneval",
    n: Annotated[int, typer.Option("-n", help="Samples per problem (with --model).")] = 20,
    ks: Annotated[str, typer.Option("-k", help="The k of pass@k, comma-separated.")] = "1,5,10",
    temperature: Annotated[float, typer.Option("--temperature")] = 1.0,
    top_p: Annotated[float, typer.Option("--top-p")] = 0.95,
    max_new_tokens: Annotated[int, typer.Option("--max-new-tokens")] = 512,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Only the first N problems.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Results directory (default: MODEL/eval-BENCHMARK, or next to the completions).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Sandboxes at once.")] = 4,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per program.")] = 10.0,
    memory_mb: Annotated[int, typer.Option("--memory-mb", help="Memory per program.")] = 1024,
    seed: Annotated[int, typer.Option("--seed")] = 0,
) -> None:
    """Measure pass@k: sample from a model (--model) or score a completions file (--completions)."""
    if (model is None) == (completions is None):
        fail("give either --model or --completions")
    wanted = _ks(ks)
    try:
        problems = load_benchmark(benchmark)
    except BenchmarkError as error:
        fail(str(error))
    if limit is not None:
        problems = dict(list(problems.items())[:limit])
    try:
        if completions is not None:
            candidates = read_completions(completions, problems)
            label = completions.stem
            output = output or completions.with_name(f"{completions.stem}-eval")
        else:
            if n < max(wanted):
                fail(f"-n {n} is smaller than the largest k ({max(wanted)})")
            candidates = _sample_candidates(model, problems, n, temperature, top_p, max_new_tokens, seed)
            label = Path(model).name
            output = output or Path(model) / f"eval-{benchmark}"
    except (EvalError, ModelError) as error:
        fail(str(error))
    from rich.progress import Progress

    with Progress(console=console(), transient=True) as progress:
        task = progress.add_task("running tests", total=len(candidates))
        rows, summary = score(candidates, problems, wanted, Limits(seconds=timeout, memory_mb=memory_mb), jobs, lambda step: progress.advance(task, step))
    summary = {"benchmark": benchmark, "source": str(model or completions), **summary}
    write_results(output, rows, summary, label)
    scores = ", ".join(f"{key} {value:.4f}" for key, value in summary.items() if key.startswith("pass@"))
    console().print(f"{benchmark}: {summary['problems']} problems, {summary['samples']} samples: {scores}")
    if summary["samples_with_skipped_hunks"]:
        console().print(f"{summary['samples_with_skipped_hunks']} samples had hunks that could not be applied ({summary['skipped_hunks']} hunks)")
    if summary["k_left_out"]:
        errors().print(f"[yellow]note:[/] k={summary['k_left_out']} left out: some problems have fewer samples", highlight=False)
    console().print(f"results in {output}/")


def _sample_candidates(model: str, problems: dict, n: int, temperature: float, top_p: float, max_new_tokens: int, seed: int) -> list:
    _need_training_extra()
    from .evaluate import Candidate, from_resolution
    from .generate import Generator, SamplingOptions

    generator = Generator(model)
    task_ids = list(problems)
    options = SamplingOptions(n=n, temperature=temperature, top_p=top_p, max_new_tokens=max_new_tokens, seed=seed)
    samples = generator.sample([(problems[t].prompt, problems[t].language) for t in task_ids], options)
    candidates = []
    for task_id, drawn in zip(task_ids, samples):
        for number, sample in enumerate(drawn):
            if generator.style.format == "editseq":
                candidates.append(from_resolution(task_id, number, "editseq", sample.resolution))
            else:
                program = problems[task_id].program_from_completion(sample.program)
                candidates.append(Candidate(task_id, number, program, "program"))
    return candidates


@app.command("eval-plot")
def eval_plot(
    runs: Annotated[list[Path], typer.Argument(help="Eval result directories (or their summary.json).", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("pass_at_k.png"),
) -> None:
    """Overlay pass@k against k for several eval runs in one plot."""
    try:
        summaries = [(str(run), read_summary(run)) for run in runs]
    except EvalError as error:
        fail(str(error))
    plot_pass_at_k(summaries, output)
    console().print(f"wrote {output}")


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
