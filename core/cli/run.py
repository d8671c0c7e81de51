"""`lintseq-x run`: turn a corpus into edit sequences."""

from __future__ import annotations

import itertools
import json
import os
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..algorithm.checker import CheckerUnavailable
from ..plugin_system.checker_selection import DEFAULT, FALLBACK, choose_checker, default_name, extra_named, fallback_name
from ..engines import ENGINES, EngineError, EngineSettings, run_records
from ..algorithm.language import Language
from ..pipeline import DEFAULT_MAX_PROGRAM_BYTES, DEFAULT_MAX_PROGRAM_LINES, RecordResult, RunOptions
from ..plugin_system.registry import UnknownLanguage, registry
from ..output.writer import AtomicWriter, OutputWriter, ResumeRefused
from ..output.layout import OutputLayout, OutputNameError, input_overlap
from ..output.lock import OutputBusy, OutputLock
from ..input.records import InputError, InputSpec, count_inputs, dump, missing_field_names, read_inputs, source_file_fields
from ..output.resume import resume_command, run_fingerprint
from ..algorithm.sampler import WEIGHTINGS, SamplerSettings
from .application import app, console, errors, fail
from .stopping import describe, exit_status, ignore_further_stops, stopping_on_termination


DEFAULT_PROMPT_FIELD = "instruction"

# The reference tool's sampling parameters (docs/algorithm.md, section 7), and what of its
# behaviour no lintseq-x setting reproduces.
PAPER_PARITY = {"weighting": "indent", "max_rounds": 512, "distinct_paths": False}
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
            errors().print(f"[yellow]note:[/] {notice}", highlight=False, soft_wrap=True)
        choices.append((language.name, choice))
    return tuple(choices)


@dataclass
class Tally:
    """Counts for one language (or all): what came in and what became of it. Counters only, so
    that memory stays flat however many records pass."""

    records: int = 0
    skipped: int = 0
    failed: int = 0
    paths: int = 0
    edits: int = 0

    def add(self, result: RecordResult) -> None:
        self.records += 1
        self.skipped += result.skipped is not None
        self.failed += result.failed is not None
        self.paths += len(result.edits_per_path)
        self.edits += sum(result.edits_per_path)


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
    languages = select_languages(lang)
    if engine not in ENGINES:
        fail(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if weighting not in WEIGHTINGS:
        fail(f"--weighting must be one of {', '.join(WEIGHTINGS)}, not {weighting!r}")
    if paper_parity:
        if (weighting, max_rounds) != (PAPER_PARITY["weighting"], PAPER_PARITY["max_rounds"]) or distinct_paths:
            fail(
                f"--paper-parity uses --weighting {PAPER_PARITY['weighting']}, --max-rounds "
                f"{PAPER_PARITY['max_rounds']} and --independent-paths; leave those options out"
            )
        distinct_paths = PAPER_PARITY["distinct_paths"]
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

    spec = InputSpec(source, languages, code_field, prompt_field or None, extract, lang_field)
    options = RunOptions(
        samples,
        seed,
        SamplerSettings(weighting, max_rounds, distinct_paths is not False),
        tolerate_original_errors,
        _checker_choices(languages, checker),
        max_program_lines=max_program_lines,
        max_program_bytes=max_program_bytes,
    )
    if paper_parity and not quiet:
        errors().print(f"[yellow]note:[/] --paper-parity: {PAPER_PARITY_GAPS}", highlight=False, soft_wrap=True)

    try:
        layout = OutputLayout.for_path(output, shard_size)
        total = count_inputs(spec)
        for flag, problem in missing_field_names(spec).items():
            if flag == "--prompt-field" and prompt_field == DEFAULT_PROMPT_FIELD:
                if not quiet:  # code-only data is common: the records carry no prompt, and the run says so
                    errors().print(f"[yellow]note:[/] {problem}: the records carry no prompt (name it with --prompt-field, or --prompt-field '' for none)", highlight=False, soft_wrap=True)
                continue
            hint = " (or --prompt-field '' for data without prompts)" if flag == "--prompt-field" else ""
            fail(f"{problem}; name the right one with {flag}{hint}")
        overlap = input_overlap(layout, source, spec.walk)
        if overlap:
            fail(f"{output}: refusing to write the output there: {overlap}; give -o a path outside the input")
        lock = OutputLock.acquire(layout.path)
    except (OutputNameError, InputError, OutputBusy) as error:
        fail(str(error))
    except OSError as error:
        fail(f"{error.filename or output}: {error.strerror}")
    command = resume_command()
    writer = OutputWriter(layout, run_fingerprint(spec, options, layout), command)
    tallies: defaultdict[str, Tally] = defaultdict(Tally)
    reasons: Counter[str] = Counter()
    started = time.perf_counter()
    progress = _NoProgress() if quiet else _progress_bar()
    with lock, stopping_on_termination():
        try:
            resumed = writer.start(resume)
            if resumed.note and not quiet:
                errors().print(f"[yellow]note:[/] {resumed.note}", highlight=False, soft_wrap=True)
            elif resumed.records_done and not quiet:
                errors().print(f"[yellow]note:[/] resuming {output} after {resumed.records_done} of {counted(total, 'record')}", highlight=False)
            tallies, reasons = _restored_counts(resumed.counts)
            paths_before = tallies["all"].paths  # written by the interrupted run: not this run's rate
            with progress:
                counter = PathCounter(resumed.rows, resumed.rows + (total - resumed.records_done) * samples)
                task = progress.add_task(
                    progress_label(languages), total=counter.expected, completed=resumed.rows,
                    records=f"{resumed.records_done}/{total}",
                )

                def show_paths() -> None:
                    progress.update(task, completed=counter.shown(), total=counter.expected)

                def sampled(index: int, paths: int) -> None:  # on the engine's progress thread
                    if counter.sampled(index, paths):
                        show_paths()

                def collect(result: RecordResult) -> None:
                    if result.reason:
                        reasons[_reason_kind(result.reason)] += 1
                    tallies[result.language or "(unknown)"].add(result)
                    tallies["all"].add(result)
                    writer.write_record(result.rows, result.skipped, result.failed, _counts(tallies, reasons))
                    counter.delivered(result.index, len(result.rows), samples)
                    progress.update(task, records=f"{tallies['all'].records}/{total}")
                    show_paths()

                # A resumed run skips the records already written; they are still read, so that
                # every later record keeps its index (and with it its random stream).
                records = itertools.islice(read_inputs(spec), resumed.records_done, None)
                settings = EngineSettings(engine, jobs, record_timeout or None, ray_address)
                run_records(records, options, settings, collect, None if quiet else sampled)
            writer.finish(_counts(tallies, reasons))
        except ResumeRefused as error:
            fail(str(error))
        except InputError as error:
            writer.discard()
            fail(str(error))
        except KeyboardInterrupt as interrupt:  # Ctrl-C, or a termination signal (see stopping.py)
            ignore_further_stops()
            done = writer.interrupt()
            message = f"{describe(interrupt)} after {counted(done, 'record')}; resume with: {command}"
            try:
                errors().print(message, highlight=False, soft_wrap=True, markup=False)
            except OSError:
                pass  # SIGHUP: the terminal it would go to is gone; the journal still says it
            lock.release()  # before a quick exit that would leave its file
            _exit_now_if_workers_linger(exit_status(interrupt))
            raise typer.Exit(exit_status(interrupt)) from None
        except EngineError as error:
            done = _interrupt_quietly(writer)
            fail(str(error) + (f"; {counted(done, 'record')} kept, resume with: {command}" if done else ""))
        except OSError as error:
            done = _interrupt_quietly(writer)
            fail(f"{error.filename or output}: {error.strerror}" + (f"; {counted(done, 'record')} kept, resume with: {command}" if done else ""))
        except Exception:
            _interrupt_quietly(writer)  # a bug: keep what is complete, for --resume once it is fixed
            raise
        excluded_path = layout.side("excluded")
        excluded_path.unlink(missing_ok=True)
        if spec.walk is not None and spec.walk.left_out:
            with AtomicWriter(excluded_path) as listing:
                for relative, reason in sorted(spec.walk.left_out.items()):
                    listing.write(dump({**source_file_fields(relative), "reason": reason}))
    skipped_path, failed_path = layout.side("skipped"), layout.side("failed")

    seconds = time.perf_counter() - started
    overall = tallies["all"]
    if overall.records == 0:
        errors().print(f"[yellow]warning:[/] {source}: no records to process", highlight=False, soft_wrap=True)
    if not quiet:
        _print_summary(tallies, reasons, spec.walk.excluded if spec.walk else Counter(), seconds, paths_before)
        if excluded_path.exists():
            console().print(f"Files and folders not read, with reasons, in [bold]{excluded_path}[/]")
        written = layout.manifest if shard_size is not None else output
        if shard_size is not None:
            shards = len(json.loads(layout.manifest.read_text(encoding="utf-8"))["shards"])
            console().print(
                f"Wrote {counted(overall.paths, 'edit path')} to {counted(shards, 'shard')} of "
                f"{counted(shard_size, 'row')}, listed in [bold]{written}[/]"
            )
        else:
            console().print(f"Wrote {counted(overall.paths, 'edit path')} to [bold]{output}[/]")
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


def counted(count: int, noun: str) -> str:
    """`1 record`, `2 records`: a count with its noun, in the plural where it needs one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def progress_label(languages: list[Language]) -> str:
    """The progress bar's label: the languages, when they are one or two; else how many (the names
    of every installed language, as `--lang auto` gives, would fill the line)."""
    if len(languages) <= 2:
        return ",".join(language.name for language in languages)
    return f"{len(languages)} languages"


class PathCounter:
    """What the progress bar counts: the paths written, and the paths sampled so far by records
    still in flight (their workers say so as they sample; their rows come with their result).

    `expected` is every path the run will have written when it ends: it shrinks when a record
    gives fewer paths than `samples` (skipped or failed). Records come back in input order, so a
    report that arrives after its record (the engine's thread runs late) is ignored."""

    def __init__(self, written: int, expected: int) -> None:
        self.written, self.expected = written, expected
        self.in_flight: dict[int, int] = {}
        self.last_delivered = -1
        self.lock = threading.Lock()

    def sampled(self, index: int, paths: int) -> bool:
        """Record `index` has sampled `paths` so far; False when that is old news."""
        with self.lock:
            if index <= self.last_delivered:
                return False
            self.in_flight[index] = paths
            return True

    def delivered(self, index: int, paths: int, samples: int) -> None:
        """Record `index` came back with `paths` rows, of the `samples` it was expected to give."""
        with self.lock:
            self.written += paths
            self.expected -= samples - paths
            self.last_delivered = index
            for earlier in [known for known in self.in_flight if known <= index]:
                del self.in_flight[earlier]

    def shown(self) -> int:
        with self.lock:
            return self.written + sum(self.in_flight.values())


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


class _NoProgress:
    """The progress bar of a quiet run: it shows nothing, so rich is never imported for it."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exception: object) -> None:
        return None

    def add_task(self, *arguments: Any, **fields: Any) -> int:
        return 0

    def update(self, *arguments: Any, **fields: Any) -> None:
        return None


def _counts(tallies: dict[str, Tally], reasons: Counter[str]) -> dict[str, Any]:
    """The summary's counts, as the progress journal keeps them for a resumed run."""
    return {"tallies": {group: asdict(tally) for group, tally in tallies.items()}, "reasons": dict(reasons)}


def _restored_counts(counts: dict[str, Any]) -> tuple[defaultdict[str, Tally], Counter[str]]:
    tallies: defaultdict[str, Tally] = defaultdict(Tally)
    for group, fields in counts.get("tallies", {}).items():
        tallies[group] = Tally(**fields)
    return tallies, Counter(counts.get("reasons", {}))


def _exit_now_if_workers_linger(code: int) -> None:
    """Leave at once when the process pool's threads are still alive. ProcessPoolExecutor's
    manager thread can wait forever on a worker killed in the middle of sending its result, and
    the interpreter joins that thread at exit; after an interrupt everything complete is already
    committed, so there is nothing left to wait for."""
    if threading.active_count() > 1:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _interrupt_quietly(writer: OutputWriter) -> int:
    """Keep what is complete when the run stops on an error; 0 when even that fails (disk full)."""
    try:
        return writer.interrupt()
    except Exception:  # noqa: BLE001 - already reporting the error that stopped the run
        return 0


def _reason_kind(reason: str | None) -> str:
    text = reason or "unknown"
    return text.split(":")[0].split(" (")[0]


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
