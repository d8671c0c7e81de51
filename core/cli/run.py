"""`lintseq-x run`: turn a corpus into edit sequences."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ..language import Language
from ..pipeline import RecordResult, RunOptions, run_local
from ..plugins import UnknownLanguage, registry
from ..records import AtomicWriter, InputError, InputSpec, is_jsonl, read_inputs, source_files
from ..sampler import WEIGHTINGS, SamplerSettings
from .app import app, console, errors, fail


def _count_inputs(path: Path, language: Language) -> int | None:
    """How many records there will be, for the progress bar (cheap: bytes, not JSON)."""
    if path.is_dir():
        return len(source_files(path, language.extensions))
    if is_jsonl(path):
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    return 1


def _side_path(output: Path, kind: str) -> Path:
    stem = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(f"{stem}.{kind}.jsonl")


@app.command()
def run(
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the input (see `lintseq-x languages`).")],
    input: Annotated[
        Optional[Path],
        typer.Argument(help="JSONL file, source file or directory. Omit to run the language's built-in corpus."),
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Output JSONL (default: lintseq-out/<name>.jsonl).")
    ] = None,
    samples: Annotated[int, typer.Option("--samples", "-s", min=1, help="Edit paths sampled per program.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same output bytes.")] = 1,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = os.cpu_count() or 1,
    code_field: Annotated[str, typer.Option("--code-field", help="JSONL field holding the code.")] = "response",
    prompt_field: Annotated[str, typer.Option("--prompt-field", help="JSONL field holding the prompt.")] = "instruction",
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Keep only fenced code blocks of the language, when present.")
    ] = True,
    weighting: Annotated[str, typer.Option("--weighting", help=f"Line choice: {' or '.join(WEIGHTINGS)}.")] = "indent",
    max_rounds: Annotated[int, typer.Option("--max-rounds", min=1, help="Deletion rounds per path.")] = 512,
    tolerate_original_errors: Annotated[
        bool,
        typer.Option(
            "--tolerate-original-errors",
            help="Keep programs with (non-syntax) errors, ignoring those errors in every state, instead of skipping them.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Sample edit paths for every program of INPUT and write them as JSON Lines."""
    try:
        language = registry().get(lang)
    except UnknownLanguage as error:
        fail(str(error))
    if weighting not in WEIGHTINGS:
        fail(f"--weighting must be one of {', '.join(WEIGHTINGS)}, not {weighting!r}")

    if input is None:
        if language.corpus is None:
            fail(f"language {language.name!r} ships no built-in corpus; give an input file or directory")
        source = Path(language.corpus)
        default_name = language.name
    else:
        source = input
        default_name = input.name.split(".")[0] or language.name
        if not source.exists():
            fail(f"{source}: no such file or directory")
    output = output or Path("lintseq-out") / f"{default_name}.jsonl"
    if output.is_dir():
        fail(f"{output}: is a directory; give -o a file path such as {output / (default_name + '.jsonl')}")

    spec = InputSpec(source, language.name, language.extensions, code_field, prompt_field, extract)
    options = RunOptions(samples, seed, SamplerSettings(weighting, max_rounds), tolerate_original_errors)
    total = _count_inputs(source, language)

    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    edits: list[int] = []
    started = time.perf_counter()
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("records · {task.fields[paths]} paths"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=quiet,
        transient=False,
    )
    skipped_path, failed_path = _side_path(output, "skipped"), _side_path(output, "failed")
    try:
        with progress, AtomicWriter(output) as out, AtomicWriter(skipped_path) as skipped, AtomicWriter(
            failed_path
        ) as failed:
            task = progress.add_task(f"{language.name}", total=total, paths=0)

            def collect(result: RecordResult) -> None:
                counts["records"] += 1
                for row in result.rows:
                    out.write(row)
                edits.extend(result.edits_per_path)
                if result.skipped:
                    skipped.write(result.skipped)
                    counts["skipped"] += 1
                    reasons[_reason_kind(result.reason)] += 1
                if result.failed:
                    failed.write(result.failed)
                    counts["failed"] += 1
                    reasons[_reason_kind(result.reason)] += 1
                progress.update(task, advance=1, paths=out.count)

            run_local(read_inputs(spec), options, jobs, collect)
    except InputError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail("interrupted: no output was written (the partial file was removed); run the command again", 130)
    except OSError as error:
        fail(f"{error.filename or output}: {error.strerror}")
    for path in (skipped_path, failed_path):
        if path.exists() and path.stat().st_size == 0:
            path.unlink()

    seconds = time.perf_counter() - started
    paths = len(edits)
    if not quiet:
        _print_summary(counts, reasons, paths, edits, seconds)
        console.print(f"Wrote {paths} edit paths to [bold]{output}[/]")
        for path, kind in ((skipped_path, "skipped"), (failed_path, "failed")):
            if path.exists():
                console.print(f"{counts[kind]} {kind} records, with reasons, in [bold]{path}[/]")
        if paths:
            console.print(f"Look at a record:  [bold cyan]lintseq-x show {output} 0[/]")
            console.print(f"Check every state: [bold cyan]lintseq-x verify {output}[/]")
    if counts["failed"]:
        errors.print(f"[bold red]error:[/] {counts['failed']} record(s) failed; see {failed_path}")
        raise typer.Exit(1)


def _reason_kind(reason: str | None) -> str:
    text = reason or "unknown"
    return text.split(":")[0].split(" (")[0]


def _print_summary(counts: Counter[str], reasons: Counter[str], paths: int, edits: list[int], seconds: float) -> None:
    table = Table(title="lintseq-x run", title_justify="left")
    for column in ("records in", "paths out", "skipped", "failed", "edits per path", "seconds", "paths/s"):
        table.add_column(column, justify="right")
    table.add_row(
        str(counts["records"]),
        str(paths),
        str(counts["skipped"]),
        str(counts["failed"]),
        f"{sum(edits) / paths:.1f}" if paths else "-",
        f"{seconds:.2f}",
        f"{paths / seconds:.1f}" if seconds > 0 else "-",
    )
    console.print(table)
    for reason, count in reasons.most_common(5):
        console.print(f"  {count} × {reason}")
