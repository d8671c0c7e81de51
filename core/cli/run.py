"""`lintseq-x run`: turn a corpus into edit sequences. The run itself is `core.runs.run`; this
command reads its options, shows its notices and progress, and prints what it did."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..algorithm.sampler import WEIGHTINGS
from ..outcomes import Tally, counted
from ..output.resume import resume_command
from ..pipeline import DEFAULT_MAX_PROGRAM_BYTES, DEFAULT_MAX_PROGRAM_LINES
from ..runs import DEFAULT_PROMPT_FIELD, PAPER_PARITY, Notice, Progress, RunError, RunRequest, RunResult, RunStopped
from .. import runs
from ..stopping import ignore_further_stops
from .application import app, console, errors, fail


@app.command()
def run(
    lang: Annotated[
        str,
        typer.Option(
            "--lang", "-l", help="Language of the input, a comma-separated list, or auto (see `lintseq-x languages`)."
        ),
    ],
    input: Annotated[
        Optional[Path],
        typer.Argument(
            help="JSONL (also .jsonl.gz/.bz2/.xz/.zst), Parquet, a folder saved by datasets' save_to_disk, "
            "a source file or a directory. Omit to run the language's built-in corpus."
        ),
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            help="Output file; its name picks the format: .jsonl, .jsonl.gz, .jsonl.zst or .parquet "
            "(default: lintseq-out/<name>.jsonl).",
        ),
    ] = None,
    samples: Annotated[int, typer.Option("--samples", "-s", min=1, help="Edit paths sampled per program.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same output bytes.")] = 1,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = os.cpu_count() or 1,
    code_field: Annotated[str, typer.Option("--code-field", help="JSONL field holding the code.")] = "response",
    prompt_field: Annotated[str, typer.Option("--prompt-field", help="JSONL field holding the prompt ('' for none).")] = DEFAULT_PROMPT_FIELD,
    checker: Annotated[
        Optional[str],
        typer.Option(
            "--checker",
            help="auto (the language's real front end, or the pip-only fallback where it is missing), "
            "default, fallback, or a checker name.",
        ),
    ] = None,
    lang_field: Annotated[
        Optional[str], typer.Option("--lang-field", help="JSONL field naming each record's language.")
    ] = None,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Keep only fenced code blocks of the language, when present.")
    ] = True,
    weighting: Annotated[str, typer.Option("--weighting", help=f"Line choice: {' or '.join(WEIGHTINGS)}.")] = "indent",
    max_rounds: Annotated[int, typer.Option("--max-rounds", min=1, help="Deletion rounds per path.")] = 512,
    distinct_paths: Annotated[
        Optional[bool],
        typer.Option(
            "--distinct-paths/--independent-paths",
            help="Distinct: the samples of a program are distinct paths wherever it has that many (the default). "
            "Independent: each sample drawn on its own, as the paper's tool does, repeats included.",
            show_default=False,
        ),
    ] = None,
    tolerate_original_errors: Annotated[
        bool,
        typer.Option(
            "--tolerate-original-errors",
            help="Keep programs with (non-syntax) errors, ignoring those errors in every state, instead of skipping them.",
        ),
    ] = False,
    paper_parity: Annotated[
        bool,
        typer.Option(
            "--paper-parity",
            help="The reference tool's (pylintseq 0.0.2) sampling settings where lintseq-x can switch them: "
            f"--weighting {PAPER_PARITY['weighting']}, --max-rounds {PAPER_PARITY['max_rounds']}, --independent-paths, "
            "and programs with (non-syntax) errors kept. Pair it with the checker the reference used (Python: --checker pylint).",
        ),
    ] = False,
    record_timeout: Annotated[
        float,
        typer.Option(
            "--record-timeout",
            min=0,
            help="Seconds one record (all its samples) may take before it is recorded as failed and its worker "
            "replaced (a checker that hangs); 0: no limit.",
        ),
    ] = 600,
    max_program_lines: Annotated[
        int,
        typer.Option(
            "--max-program-lines", min=0, help="Skip programs longer than this, with the reason; 0: no limit."
        ),
    ] = DEFAULT_MAX_PROGRAM_LINES,
    max_program_bytes: Annotated[
        int,
        typer.Option(
            "--max-program-bytes", min=0, help="Skip programs larger than this (UTF-8), with the reason; 0: no limit."
        ),
    ] = DEFAULT_MAX_PROGRAM_BYTES,
    shard_size: Annotated[
        Optional[int],
        typer.Option(
            "--shard-size",
            min=1,
            help="Rows per output file: OUT-00000.jsonl, OUT-00001.jsonl, ... listed in OUT.shards.json.",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue an interrupted run of the same input and options into the same output "
            "(starts from the beginning when there is nothing to resume).",
        ),
    ] = False,
    allow_failed: Annotated[
        bool, typer.Option("--allow-failed", help="Exit 0 even when records failed (they are still in OUT.failed.jsonl).")
    ] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            # Help is rich markup: a bracket that is no style must be escaped, or it is swallowed.
            help="Where records are processed: local (a process pool) or ray (Ray Data tasks on a local Ray "
            "instance of -j CPUs, or the cluster of --ray-address; pip install 'lintseq-x\\[ray]').",
        ),
    ] = "local",
    ray_address: Annotated[
        Optional[str],
        typer.Option(
            "--ray-address", envvar="RAY_ADDRESS", help="Ray cluster for --engine ray: HOST:PORT, ray://HOST:PORT or auto."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Sample edit paths for every program of INPUT and write them as JSON Lines."""
    request = RunRequest(
        lang, input, output, samples=samples, seed=seed, jobs=jobs, code_field=code_field, prompt_field=prompt_field,
        checker=checker, language_field=lang_field, extract=extract, weighting=weighting, max_rounds=max_rounds,
        distinct_paths=distinct_paths, tolerate_original_errors=tolerate_original_errors, paper_parity=paper_parity,
        record_timeout=record_timeout or None, max_program_lines=max_program_lines, max_program_bytes=max_program_bytes,
        shard_size=shard_size, resume=resume, engine=engine, ray_address=ray_address, resume_command=resume_command(),
    )

    def show_notice(notice: Notice) -> None:
        if quiet and notice.kind != "checker":  # a replaced checker changes the data: said even to -q
            return
        # The line that says where a resumed run goes on is wrapped at the terminal's width.
        errors().print(f"[yellow]note:[/] {notice.message}", highlight=False, soft_wrap=notice.kind != "resuming")

    progress = None if quiet else _ProgressBar()
    try:
        if progress is None:
            result = runs.run(request, show_notice)
        else:
            with progress:
                result = runs.run(request, show_notice, progress.show)
    except RunError as error:
        fail(str(error))
    except RunStopped as stop:
        _say_stopped(stop)
    _report(result, allow_failed, quiet)


def _say_stopped(stop: RunStopped) -> None:
    """A run stopped by Ctrl-C or a signal: say so (its records are kept) and exit 128 + the signal."""
    ignore_further_stops()  # the process is ending: nothing may cut its last words short
    try:
        errors().print(str(stop), highlight=False, soft_wrap=True, markup=False)
    except OSError:
        pass  # SIGHUP: the terminal it would go to is gone; the journal still says it
    _exit_now_if_workers_linger(stop.exit_status)
    raise typer.Exit(stop.exit_status) from None


def _report(result: RunResult, allow_failed: bool, quiet: bool) -> None:
    """The summary of a finished run; exit 1 when records failed (unless allowed) or none gave a path."""
    layout, overall, reasons = result.layout, result.outcomes.overall, result.outcomes.reasons
    skipped_path, failed_path, excluded_path = layout.side("skipped"), layout.side("failed"), layout.side("excluded")
    if overall.records == 0:
        errors().print(f"[yellow]warning:[/] {result.source}: no records to process", highlight=False, soft_wrap=True)
    if not quiet:
        _print_summary(result.outcomes.tallies, reasons, result.not_read, result.seconds, result.paths_before)
        if excluded_path.exists():
            console().print(f"Files and folders not read, with reasons, in [bold]{excluded_path}[/]")
        shard_size = layout.shard_size
        written = layout.manifest if shard_size is not None else result.output
        if shard_size is not None:
            shards = len(json.loads(layout.manifest.read_text(encoding="utf-8"))["shards"])
            console().print(
                f"Wrote {counted(overall.paths, 'edit path')} to {counted(shards, 'shard')} of "
                f"{counted(shard_size, 'row')}, listed in [bold]{written}[/]"
            )
        else:
            console().print(f"Wrote {counted(overall.paths, 'edit path')} to [bold]{result.output}[/]")
        for path, count, kind in ((skipped_path, overall.skipped, "skipped"), (failed_path, overall.failed, "failed")):
            if path.exists():
                console().print(f"{counted(count, kind + ' record')}, with reasons, in [bold]{path}[/]")
        if overall.paths:
            console().print(f"Look at a record:  [bold cyan]lintseq-x show {written} 0[/]")
            console().print(f"Check every state: [bold cyan]lintseq-x verify {written}[/]")
    if overall.failed and not allow_failed:
        errors().print(f"[bold red]error:[/] {counted(overall.failed, 'record')} failed; see {failed_path} (--allow-failed: exit 0)")
    if overall.records and not overall.paths:
        # Every record skipped or failed: an empty output is no success, whatever the cause.
        common = "; ".join(f"{count} × {reason}" for reason, count in reasons.most_common(2))
        where = " and ".join(str(path) for path in (skipped_path, failed_path) if path.exists())
        errors().print(
            f"[bold red]error:[/] no edit paths from {counted(overall.records, 'record')}: {common}; see {where}",
            highlight=False, soft_wrap=True,
        )
    if (overall.failed and not allow_failed) or (overall.records and not overall.paths):
        raise typer.Exit(1)


def progress_label(languages: tuple[str, ...]) -> str:
    """The progress bar's label: the languages, when they are one or two; else how many (the names
    of every installed language, as `--lang auto` gives, would fill the line)."""
    if len(languages) <= 2:
        return ",".join(languages)
    return f"{len(languages)} languages"


class _ProgressBar:
    """The bar of a run that is not quiet: it starts at the run's first progress, after its notes."""

    def __init__(self) -> None:
        self.bar = _progress_bar()
        self.task: Any = None

    def show(self, progress: Progress) -> None:
        fields = {
            "completed": progress.paths, "total": progress.paths_expected,
            "records": f"{progress.records}/{progress.records_total}",
        }
        if self.task is None:
            self.bar.start()
            self.task = self.bar.add_task(progress_label(progress.languages), **fields)
        else:
            self.bar.update(self.task, **fields)

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exception: object) -> None:
        if self.task is not None:
            self.bar.stop()


def _progress_bar() -> Any:
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class PathRate(ProgressColumn):
        """Paths per second of this run (rich measures the bar's advances, not where it started)."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            shown = "-" if speed is None else f"{speed:,.0f}" if speed >= 100 else f"{speed:,.1f}"
            return Text(f"{shown} paths/s", style="progress.data.speed")

    # Narrow enough for 80 columns: the summary says the elapsed time.
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=12),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} paths · {task.fields[records]} records"),
        PathRate(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console(),
    )



def _exit_now_if_workers_linger(code: int) -> None:
    """Leave at once when the process pool's threads are still alive. ProcessPoolExecutor's
    manager thread can wait forever on a worker killed in the middle of sending its result, and
    the interpreter joins that thread at exit; after an interrupt everything complete is already
    committed, so there is nothing left to wait for."""
    if threading.active_count() > 1:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _print_summary(
    tallies: dict[str, Tally], reasons: Counter[str], excluded: Counter[str], seconds: float, paths_before: int = 0
) -> None:
    """The run's table, one row per language (and all), then its time and rate; `paths_before`
    were written before a `--resume`, and are not this run's rate."""
    from rich import box
    from rich.table import Table

    # Counts only, under short headers, and the time and rate on a line of their own: the
    # table reads whole at 80 columns whatever the languages' names and counts.
    table = Table(title="lintseq-x run", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("language", no_wrap=True)
    for column in ("records", "paths", "skipped", "failed", "edits/path"):
        table.add_column(column, justify="right", no_wrap=True)
    groups = sorted(group for group in tallies if group != "all")
    for group in groups + (["all"] if len(groups) > 1 else []):
        tally = tallies[group]
        table.add_row(
            group,
            f"{tally.records:,}",
            f"{tally.paths:,}",
            f"{tally.skipped:,}",
            f"{tally.failed:,}",
            f"{tally.edits / tally.paths:.1f}" if tally.paths else "-",
            end_section=group != "all" and group == groups[-1] and len(groups) > 1,
        )
    if not groups:
        table.add_row("-", "0", "0", "0", "0", "-")
    console().print(table)
    run_paths = (tallies["all"].paths if "all" in tallies else 0) - paths_before
    rate = f"{run_paths / seconds:,.1f} paths/s" if seconds > 0 else "- paths/s"
    resumed = f" ({counted(run_paths, 'path')} this run; {counted(paths_before, 'path')} before --resume)" if paths_before else ""
    console().print(f"  {seconds:,.2f} seconds, {rate}{resumed}")
    for reason, count in reasons.most_common(5):
        console().print(f"  {count} × {reason}")
    if excluded:
        listed = ", ".join(f"{count} {reason}" for reason, count in excluded.most_common())
        console().print(f"  not read: {listed}")
