"""`lintseq-x run`: turn a corpus into edit sequences."""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ..checker import CheckerUnavailable
from ..checker_selection import DEFAULT, FALLBACK, choose_checker, default_name, extra_named, fallback_name
from ..discovery import walk_sources
from ..language import Language
from ..pipeline import RecordResult, RunOptions, run_local
from ..plugins import UnknownLanguage, registry
from ..records import AtomicWriter, InputError, InputSpec, dump, is_jsonl, read_inputs
from ..sampler import WEIGHTINGS, SamplerSettings
from .app import app, console, errors, fail


# The reference tool's sampling parameters (docs/algorithm.md, section 7), and what of its
# behaviour no lintseq-x setting reproduces.
PAPER_PARITY = {"weighting": "indent", "max_rounds": 512}
PAPER_PARITY_GAPS = (
    "not reproduced: lines as units of deletion with children found by indentation (here, syntax-tree "
    "units that never split a multi-line string), comment lines never chosen and left for the first edit, "
    "the ignore_global_defs rule, states stripped before diffing, and original errors deleted in the first "
    "round and written back by the last edit (here they are ignored in every state)"
)


def select_languages(value: str) -> list[Language]:
    """`auto` (every installed language), one name, or a comma-separated list of names."""
    found = registry()
    if value.strip().lower() == "auto":
        languages = [found.languages[name].language for name in sorted(found.languages)]
        if not languages:
            fail("no language plugins are installed (see `lintseq-x languages`)")
        return languages
    selected: list[Language] = []
    for name in filter(None, (part.strip() for part in value.split(","))):
        try:
            language = found.get(name)
        except UnknownLanguage as error:
            fail(str(error))
        if language not in selected:
            selected.append(language)
    if not selected:
        fail("--lang needs a language name, a comma-separated list, or auto")
    return selected


def _checker_choices(languages: list[Language], requested: str | None) -> tuple[tuple[str, str], ...]:
    """The checker each language uses; a missing toolchain is said once, here."""
    found = registry()
    generic = requested in (None, "auto", DEFAULT, FALLBACK)
    named = [
        lang
        for lang in languages
        if requested in (default_name(lang), fallback_name(lang))
        or extra_named(requested, found.extra_checkers(lang.name))
    ]
    if not generic and not named:
        fail(f"no selected language has a checker named {requested!r} (see `lintseq-x languages`)")
    choices = []
    for language in languages:
        wanted = requested if generic or language in named else None
        extras = found.extra_checkers(language.name)
        try:
            choice, notice = choose_checker(language, wanted, extras)
        except CheckerUnavailable as error:
            fail(str(error))
        except Exception as error:  # noqa: BLE001 - a checker factory's crash is its plugin's, said in one line
            which = extra_named(wanted, extras) or (FALLBACK if wanted in (FALLBACK, fallback_name(language)) else DEFAULT)
            fail(f"{found.checker_origin(language.name, which)} failed to start: {type(error).__name__}: {error}")
        if notice:
            errors.print(f"[yellow]note:[/] {notice}", highlight=False, soft_wrap=True)
        choices.append((language.name, choice))
    return tuple(choices)


def _count_inputs(spec: InputSpec) -> int | None:
    """How many records there will be, for the progress bar (cheap: bytes, not JSON)."""
    path = spec.path
    if path.is_dir():
        spec.walk = walk_sources(path, spec.languages)
        return len(spec.walk.files)
    if is_jsonl(path):
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    return 1


def _side_path(output: Path, kind: str) -> Path:
    stem = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(f"{stem}.{kind}.jsonl")


@dataclass
class Tally:
    """Counts for one language (or all): what came in and what became of it."""

    records: int = 0
    skipped: int = 0
    failed: int = 0
    edits: list[int] = field(default_factory=list)

    def add(self, result: RecordResult) -> None:
        self.records += 1
        self.skipped += result.skipped is not None
        self.failed += result.failed is not None
        self.edits.extend(result.edits_per_path)


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
            f"--weighting {PAPER_PARITY['weighting']}, --max-rounds {PAPER_PARITY['max_rounds']}, and programs with "
            "(non-syntax) errors kept. Pair it with the checker the reference used (Python: --checker pylint).",
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Sample edit paths for every program of INPUT and write them as JSON Lines."""
    languages = select_languages(lang)
    if weighting not in WEIGHTINGS:
        fail(f"--weighting must be one of {', '.join(WEIGHTINGS)}, not {weighting!r}")
    if paper_parity:
        if (weighting, max_rounds) != (PAPER_PARITY["weighting"], PAPER_PARITY["max_rounds"]):
            fail(
                f"--paper-parity uses --weighting {PAPER_PARITY['weighting']} and --max-rounds "
                f"{PAPER_PARITY['max_rounds']}; leave those options out"
            )
        # The reference never checks the original program: it keeps programs with errors. The
        # nearest switch here keeps them too, ignoring their original errors in every state.
        tolerate_original_errors = True

    if input is None:
        if len(languages) != 1:
            fail("the built-in corpus is run one language at a time: give one --lang, or an input")
        if languages[0].corpus is None:
            fail(f"language {languages[0].name!r} ships no built-in corpus; give an input file or directory")
        source = Path(languages[0].corpus)
        default_name = languages[0].name
    else:
        source = input
        default_name = input.name.split(".")[0] or "lintseq"
        if not source.exists():
            fail(f"{source}: no such file or directory")
    output = output or Path("lintseq-out") / f"{default_name}.jsonl"
    if output.is_dir():
        fail(f"{output}: is a directory; give -o a file path such as {output / (default_name + '.jsonl')}")

    spec = InputSpec(source, languages, code_field, prompt_field, extract, lang_field)
    options = RunOptions(
        samples, seed, SamplerSettings(weighting, max_rounds), tolerate_original_errors, _checker_choices(languages, checker)
    )
    if paper_parity and not quiet:
        errors.print(f"[yellow]note:[/] --paper-parity: {PAPER_PARITY_GAPS}", highlight=False, soft_wrap=True)

    tallies: defaultdict[str, Tally] = defaultdict(Tally)
    reasons: Counter[str] = Counter()
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
    )
    skipped_path, failed_path = _side_path(output, "skipped"), _side_path(output, "failed")
    try:
        with progress, AtomicWriter(output) as out, AtomicWriter(skipped_path) as skipped, AtomicWriter(
            failed_path
        ) as failed:
            total = _count_inputs(spec)
            task = progress.add_task(",".join(language.name for language in languages), total=total, paths=0)

            def collect(result: RecordResult) -> None:
                for row in result.rows:
                    out.write(row)
                if result.skipped:
                    skipped.write(result.skipped)
                if result.failed:
                    failed.write(result.failed)
                if result.reason:
                    reasons[_reason_kind(result.reason)] += 1
                tallies[result.language or "(unknown)"].add(result)
                tallies["all"].add(result)
                progress.update(task, advance=1, paths=out.count)

            run_local(read_inputs(spec), options, jobs, collect, record_timeout=record_timeout or None)
    except InputError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail("interrupted: no output was written (the partial file was removed); run the command again", 130)
    except OSError as error:
        fail(f"{error.filename or output}: {error.strerror}")
    for path in (skipped_path, failed_path):
        if path.exists() and path.stat().st_size == 0:
            path.unlink()
    excluded_path = _side_path(output, "excluded")
    excluded_path.unlink(missing_ok=True)
    if spec.walk is not None and spec.walk.left_out:
        with AtomicWriter(excluded_path) as listing:
            for relative, reason in sorted(spec.walk.left_out.items()):
                listing.write(dump({"source_file": relative, "reason": reason}))

    seconds = time.perf_counter() - started
    overall = tallies["all"]
    if not quiet:
        _print_summary(tallies, reasons, spec.walk.excluded if spec.walk else Counter(), seconds)
        if excluded_path.exists():
            console.print(f"Files and folders not read, with reasons, in [bold]{excluded_path}[/]")
        console.print(f"Wrote {len(overall.edits)} edit paths to [bold]{output}[/]")
        for path, count, kind in ((skipped_path, overall.skipped, "skipped"), (failed_path, overall.failed, "failed")):
            if path.exists():
                console.print(f"{count} {kind} records, with reasons, in [bold]{path}[/]")
        if overall.edits:
            console.print(f"Look at a record:  [bold cyan]lintseq-x show {output} 0[/]")
            console.print(f"Check every state: [bold cyan]lintseq-x verify {output}[/]")
    if overall.failed:
        errors.print(f"[bold red]error:[/] {overall.failed} record(s) failed; see {failed_path}")
        raise typer.Exit(1)


def _reason_kind(reason: str | None) -> str:
    text = reason or "unknown"
    return text.split(":")[0].split(" (")[0]


def _print_summary(tallies: dict[str, Tally], reasons: Counter[str], excluded: Counter[str], seconds: float) -> None:
    table = Table(title="lintseq-x run", title_justify="left")
    for column in ("language", "records in", "paths out", "skipped", "failed", "edits per path", "seconds", "paths/s"):
        table.add_column(column, justify="right")
    groups = sorted(group for group in tallies if group != "all")
    for group in groups + (["all"] if len(groups) > 1 else []):
        tally = tallies[group]
        paths = len(tally.edits)
        last = group == "all" or len(groups) == 1
        table.add_row(
            group,
            str(tally.records),
            str(paths),
            str(tally.skipped),
            str(tally.failed),
            f"{sum(tally.edits) / paths:.1f}" if paths else "-",
            f"{seconds:.2f}" if last else "",
            f"{paths / seconds:.1f}" if last and seconds > 0 else "",
            end_section=group != "all" and group == groups[-1] and len(groups) > 1,
        )
    if not groups:
        table.add_row("-", "0", "0", "0", "0", "-", f"{seconds:.2f}", "-")
    console.print(table)
    for reason, count in reasons.most_common(5):
        console.print(f"  {count} × {reason}")
    if excluded:
        listed = ", ".join(f"{count} {reason}" for reason, count in excluded.most_common())
        console.print(f"  not read: {listed}")
