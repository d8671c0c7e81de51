"""The `train`, `generate`, `eval` and `eval-plot` commands. torch and transformers are imported
only when a command needs a model, so `eval --completions` runs on the core install."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from lintseq_x.core.cli.application import app, console, errors, fail

from .benchmarks import BenchmarkError, load_benchmark
from .data import DataError, parse_mix
from .evaluate import EvalError, plot_pass_at_k, read_completions, read_summary, score, write_results
from .models import ModelError
from .sandbox import Limits
from .serialize import FORMATS

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


@app.command()
def train(
    data: Annotated[list[Path], typer.Argument(help="lintseq-x output files (JSONL).", show_default=False)],
    model: Annotated[str, typer.Option("--model", help="A local model directory (weights, or only config.json to train from scratch) with its tokenizer.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where checkpoints and the final model go.")],
    format: Annotated[str, typer.Option("--format", help="editseq: instruction + diffs; program: the baseline, whole programs.")] = "editseq",
    mix: Annotated[Optional[str], typer.Option("--mix", help="Language weights, e.g. python=0.6,go=0.2,rust=0.2.")] = None,
    name_language: Annotated[Optional[bool], typer.Option("--name-language/--no-name-language", help="Name the language in the prompt (default: when the data has several).")] = None,
    match: Annotated[Optional[str], typer.Option("--match", help="program: as many optimizer steps (or tokens, --match-by) as the baseline arm would take.")] = None,
    match_by: Annotated[str, typer.Option("--match-by", help="steps or tokens.")] = "steps",
    epochs: Annotated[float, typer.Option("--epochs")] = 3.0,
    max_steps: Annotated[int, typer.Option("--max-steps", help="Optimizer steps; overrides --epochs.")] = -1,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Sequences per device per step.")] = 8,
    gradient_accumulation: Annotated[int, typer.Option("--gradient-accumulation")] = 1,
    learning_rate: Annotated[float, typer.Option("--lr")] = 5e-5,
    warmup_ratio: Annotated[float, typer.Option("--warmup-ratio")] = 0.0,
    scheduler: Annotated[str, typer.Option("--scheduler", help="linear, cosine, constant, ...")] = "linear",
    max_length: Annotated[int, typer.Option("--max-length", help="Longest sequence in tokens; longer examples are left out and counted.")] = 1024,
    packing: Annotated[bool, typer.Option("--packing/--no-packing", help="Concatenate examples into --max-length blocks.")] = False,
    bf16: Annotated[Optional[bool], typer.Option("--bf16/--no-bf16", help="Default: when the GPU supports it.")] = None,
    gradient_checkpointing: Annotated[bool, typer.Option("--gradient-checkpointing")] = False,
    lora: Annotated[bool, typer.Option("--lora", help="Train LoRA adapters (needs peft); merged into the saved model.")] = False,
    lora_rank: Annotated[int, typer.Option("--lora-rank")] = 64,
    save_steps: Annotated[int, typer.Option("--save-steps")] = 500,
    logging_steps: Annotated[int, typer.Option("--logging-steps")] = 10,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from the newest checkpoint in --output.")] = False,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print a tokenised example with its labels and the plan; train nothing.")] = False,
) -> None:
    """Finetune a causal LM on lintseq-x edit sequences (or, --format program, the baseline)."""
    if format not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    if match not in (None, "program"):
        fail(f"--match takes 'program', not {match!r}")
    if match_by not in ("steps", "tokens"):
        fail(f"--match-by takes steps or tokens, not {match_by!r}")
    _need_training_extra()
    from .train import TrainOptions
    from .train import train as run_training

    try:
        weights = parse_mix(mix) if mix else None
        summary = run_training(
            TrainOptions(
                data=[str(path) for path in data], model=model, output=str(output), format=format, mix=weights,
                name_language=name_language, match=match, match_by=match_by, epochs=epochs, max_steps=max_steps,
                batch_size=batch_size, gradient_accumulation=gradient_accumulation, learning_rate=learning_rate,
                warmup_ratio=warmup_ratio, scheduler=scheduler, max_length=max_length, packing=packing, bf16=bf16,
                gradient_checkpointing=gradient_checkpointing, lora=lora, lora_rank=lora_rank, save_steps=save_steps,
                logging_steps=logging_steps, resume=resume, seed=seed, dry_run=dry_run,
                log=lambda line: console().print(line, highlight=False, markup=False),
            )
        )
    except (DataError, ModelError, ValueError) as error:
        fail(str(error))
    from .train import is_main_process

    if not dry_run and is_main_process():
        console().print(
            f"trained {summary['steps']} steps on {summary['tokens_seen']} tokens "
            f"({summary['tokens_per_second']} tokens/s); loss {summary['first_loss']} → {summary['final_loss']}; "
            f"model saved to {output}"
        )


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
