"""A run as a library call: a corpus in, edit sequences out. What `lintseq-x run` does, less its
options and its printing: `run(RunRequest(...))` resolves the languages and their checkers,
reads the input, takes the output (its lock, and what an interrupted run left for `resume`),
runs the records on an engine, and returns the counts of what became of them.

What the user should know on the way comes to `on_notice`, and how far the run is to
`on_progress`. A run that cannot start or cannot go on raises `RunError` (one line for the
user); one stopped by Ctrl-C or a termination signal keeps its complete records and raises
`RunStopped`.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .algorithm.checker import CheckerUnavailable
from .algorithm.language import Language
from .algorithm.sampler import WEIGHTINGS, SamplerSettings
from .engines import ENGINES, EngineError, EngineSettings, run_records
from .input.records import InputError, InputSpec, count_inputs, dump, missing_field_names, read_inputs, source_file_fields
from .outcomes import Outcomes, PathCounter, counted
from .output.layout import OutputLayout, OutputNameError, input_overlap
from .output.lock import OutputBusy, OutputLock
from .output.resume import run_fingerprint
from .output.writer import AtomicWriter, OutputWriter, ResumeRefused
from .pipeline import DEFAULT_MAX_PROGRAM_BYTES, DEFAULT_MAX_PROGRAM_LINES, RecordResult, RunOptions
from .plugin_system.checker_selection import DEFAULT, FALLBACK, choose_checker, default_name, extra_named, fallback_name
from .plugin_system.registry import UnknownLanguage, registry
from .stopping import describe, exit_status, stopping_on_termination, stops_ignored

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


@dataclass(frozen=True)
class RunRequest:
    """One run, as `lintseq-x run`'s options say it (see `lintseq-x run --help` for each).

    languages: `auto`, a language name, or a comma-separated list (--lang).
    input: a file or folder; None runs the one language's built-in corpus.
    output: the output file; None: lintseq-out/<input name>.jsonl.
    record_timeout: seconds per record; None: no limit.
    resume_command: how the user resumes this run if it stops (said in messages and the journal).
    """

    languages: str
    input: Path | None = None
    output: Path | None = None
    samples: int = 1
    seed: int = 1
    jobs: int = 1
    code_field: str = "response"
    prompt_field: str = DEFAULT_PROMPT_FIELD
    checker: str | None = None
    language_field: str | None = None
    extract: bool = True
    weighting: str = "indent"
    max_rounds: int = 512
    distinct_paths: bool | None = None
    tolerate_original_errors: bool = False
    paper_parity: bool = False
    record_timeout: float | None = 600
    max_program_lines: int = DEFAULT_MAX_PROGRAM_LINES
    max_program_bytes: int = DEFAULT_MAX_PROGRAM_BYTES
    shard_size: int | None = None
    resume: bool = False
    engine: str = "local"
    ray_address: str | None = None
    resume_command: str = "the same run with resume=True"


# checker: a language runs another checker than the one asked for (its toolchain is missing);
# paper-parity: what --paper-parity does not reproduce; no-prompt: the records carry no prompt;
# resume: what resuming found; resuming: the record a resumed run goes on from.
NoticeKind = Literal["checker", "paper-parity", "no-prompt", "resume", "resuming"]


@dataclass(frozen=True)
class Notice:
    """A line the user should read (rich markup allowed, as the CLI prints it)."""

    kind: NoticeKind
    message: str


@dataclass(frozen=True)
class Progress:
    """How far a run is: records done (resumed ones included) of all, and paths written or being
    sampled of those it will write (fewer as records are skipped or fail)."""

    languages: tuple[str, ...]
    records: int
    records_total: int
    paths: int
    paths_expected: int


@dataclass
class RunResult:
    """A finished run: where it read and wrote, and what became of the records."""

    source: Path
    output: Path
    layout: OutputLayout
    outcomes: Outcomes
    not_read: Counter[str]  # files and folders of an input folder left out, by reason
    seconds: float
    paths_before: int  # written before a resume, by the interrupted run


class RunError(Exception):
    """A run could not start or could not go on; the message is one line for the user."""


class RunFailed(RunError):
    """A run stopped on an error partway; its complete records (`records_kept`) are kept, for
    `resume_command`."""

    def __init__(self, reason: str, records_kept: int, resume_command: str) -> None:
        kept = f"; {counted(records_kept, 'record')} kept, resume with: {resume_command}" if records_kept else ""
        super().__init__(reason + kept)
        self.records_kept, self.resume_command = records_kept, resume_command


class RunStopped(KeyboardInterrupt):
    """Ctrl-C or a termination signal stopped a run; its complete records are kept."""

    def __init__(self, interrupt: KeyboardInterrupt, records_kept: int, resume_command: str) -> None:
        super().__init__(f"{describe(interrupt)} after {counted(records_kept, 'record')}; resume with: {resume_command}")
        self.records_kept, self.resume_command = records_kept, resume_command
        self.exit_status = exit_status(interrupt)


def run(
    request: RunRequest,
    on_notice: Callable[[Notice], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> RunResult:
    """Sample edit paths for every program of `request.input` and write them; see the module."""
    tell = on_notice or (lambda notice: None)
    languages = select_languages(request.languages)
    request = _settled(request)
    source, output = _paths(request, languages)
    spec = InputSpec(source, languages, request.code_field, request.prompt_field or None, request.extract, request.language_field)
    options = RunOptions(
        request.samples,
        request.seed,
        SamplerSettings(request.weighting, request.max_rounds, request.distinct_paths is not False),
        request.tolerate_original_errors,
        checker_choices(languages, request.checker, tell),
        max_program_lines=request.max_program_lines,
        max_program_bytes=request.max_program_bytes,
    )
    if request.paper_parity:
        tell(Notice("paper-parity", f"--paper-parity: {PAPER_PARITY_GAPS}"))
    layout, total, lock = _take_output(request, spec, output, tell)
    writer = OutputWriter(layout, run_fingerprint(spec, options, layout), request.resume_command)
    started = time.perf_counter()
    with lock, stopping_on_termination():
        try:
            resumed = writer.start(request.resume)
            if resumed.note:
                tell(Notice("resume", resumed.note))
            elif resumed.records_done:
                tell(Notice("resuming", f"resuming {output} after {resumed.records_done} of {counted(total, 'record')}"))
            outcomes = Outcomes.from_journal(resumed.counts)
            paths_before = outcomes.overall.paths  # written by the interrupted run: not this run's rate
            shown = _ProgressReport(
                on_progress, tuple(language.name for language in languages), resumed.records_done, total,
                PathCounter(resumed.rows, resumed.rows + (total - resumed.records_done) * request.samples),
            )

            def collect(result: RecordResult) -> None:
                outcomes.add(result)
                writer.write_record(result.rows, result.skipped, result.failed, outcomes.as_journal())
                shown.delivered(result, request.samples)

            # A resumed run skips the records already written; they are still read, so that
            # every later record keeps its index (and with it its random stream).
            records = itertools.islice(read_inputs(spec), resumed.records_done, None)
            settings = EngineSettings(request.engine, request.jobs, request.record_timeout, request.ray_address)
            run_records(records, options, settings, collect, shown.sampled if on_progress else None)
            writer.finish(outcomes.as_journal())
        except ResumeRefused as error:
            raise RunError(str(error)) from None
        except InputError as error:
            writer.discard()
            raise RunError(str(error)) from None
        except KeyboardInterrupt as interrupt:  # Ctrl-C, or a termination signal (see stopping.py)
            with stops_ignored():  # a second one must not cut short the clean-up the first started
                kept = writer.interrupt()
                lock.release()
            raise RunStopped(interrupt, kept, request.resume_command) from None
        except EngineError as error:
            raise RunFailed(str(error), _interrupt_quietly(writer), request.resume_command) from None
        except OSError as error:
            reason = f"{error.filename or output}: {error.strerror}"
            raise RunFailed(reason, _interrupt_quietly(writer), request.resume_command) from None
        except Exception:
            _interrupt_quietly(writer)  # a bug: keep what is complete, for resume once it is fixed
            raise
        _list_not_read(spec, layout)
    walk = spec.walk
    return RunResult(
        source, output, layout, outcomes, walk.excluded if walk else Counter(), time.perf_counter() - started, paths_before
    )


def select_languages(value: str) -> list[Language]:
    """`auto` (every installed language), one name, or a comma-separated list of names."""
    found = registry()
    if value.strip().lower() == "auto":
        languages = [found.languages[name].language for name in sorted(found.languages)]
        if not languages:
            raise RunError("no language plugins are installed (see `lintseq-x languages`)")
        return languages
    selected: list[Language] = []
    for name in filter(None, (part.strip() for part in value.split(","))):
        try:
            language = found.get(name)
        except UnknownLanguage as error:
            raise RunError(str(error)) from None
        if language not in selected:
            selected.append(language)
    if not selected:
        raise RunError("--lang needs a language name, a comma-separated list, or auto")
    return selected


def checker_choices(
    languages: list[Language], requested: str | None, tell: Callable[[Notice], None]
) -> tuple[tuple[str, str], ...]:
    """The checker each language uses; a missing toolchain is told once, here."""
    found = registry()
    generic = requested in (None, "auto", DEFAULT, FALLBACK)
    named = [
        lang
        for lang in languages
        if requested in (default_name(lang), fallback_name(lang))
        or extra_named(requested, found.extra_checkers(lang.name))
    ]
    if not generic and not named:
        raise RunError(f"no selected language has a checker named {requested!r} (see `lintseq-x languages`)")
    choices = []
    for language in languages:
        wanted = requested if generic or language in named else None
        extras = found.extra_checkers(language.name)
        try:
            choice, notice = choose_checker(language, wanted, extras)
        except CheckerUnavailable as error:
            raise RunError(str(error)) from None
        except Exception as error:  # noqa: BLE001 - a checker factory's crash is its plugin's, said in one line
            which = extra_named(wanted, extras) or (FALLBACK if wanted in (FALLBACK, fallback_name(language)) else DEFAULT)
            raise RunError(
                f"{found.checker_origin(language.name, which)} failed to start: {type(error).__name__}: {error}"
            ) from None
        if notice:
            tell(Notice("checker", notice))
        choices.append((language.name, choice))
    return tuple(choices)


def _settled(request: RunRequest) -> RunRequest:
    """`request` with its settings checked, and --paper-parity's settings filled in."""
    if request.engine not in ENGINES:
        raise RunError(f"--engine must be one of {', '.join(ENGINES)}, not {request.engine!r}")
    if request.weighting not in WEIGHTINGS:
        raise RunError(f"--weighting must be one of {', '.join(WEIGHTINGS)}, not {request.weighting!r}")
    if not request.paper_parity:
        return request
    if (request.weighting, request.max_rounds) != (PAPER_PARITY["weighting"], PAPER_PARITY["max_rounds"]) or request.distinct_paths:
        raise RunError(
            f"--paper-parity uses --weighting {PAPER_PARITY['weighting']}, --max-rounds "
            f"{PAPER_PARITY['max_rounds']} and --independent-paths; leave those options out"
        )
    # The reference never checks the original program: it keeps programs with errors. The
    # nearest switch here keeps them too, ignoring their original errors in every state.
    return replace(request, distinct_paths=bool(PAPER_PARITY["distinct_paths"]), tolerate_original_errors=True)


def _paths(request: RunRequest, languages: list[Language]) -> tuple[Path, Path]:
    """What the run reads (the input, or the one language's built-in corpus) and writes."""
    if request.input is None:
        if len(languages) != 1:
            raise RunError("the built-in corpus is run one language at a time: give one --lang, or an input")
        if languages[0].corpus is None:
            raise RunError(f"language {languages[0].name!r} ships no built-in corpus; give an input file or directory")
        source = Path(languages[0].corpus)
        default_name = languages[0].name
    else:
        source = request.input
        default_name = request.input.name.split(".")[0] or "lintseq"
        if not source.exists():
            raise RunError(f"{source}: no such file or directory")
    output = request.output or Path("lintseq-out") / f"{default_name}.jsonl"
    if output.is_dir():
        raise RunError(f"{output}: is a directory; give -o a file path such as {output / (default_name + '.jsonl')}")
    return source, output


def _take_output(
    request: RunRequest, spec: InputSpec, output: Path, tell: Callable[[Notice], None]
) -> tuple[OutputLayout, int, OutputLock]:
    """The output's layout, the number of input records, and the output's lock, once the input's
    fields are found and the output is known not to overwrite it."""
    try:
        layout = OutputLayout.for_path(output, request.shard_size)
        total = count_inputs(spec)
        for flag, problem in missing_field_names(spec).items():
            if flag == "--prompt-field" and request.prompt_field == DEFAULT_PROMPT_FIELD:
                # Code-only data is common: the records carry no prompt, and the run says so.
                tell(Notice("no-prompt", f"{problem}: the records carry no prompt (name it with --prompt-field, or --prompt-field '' for none)"))
                continue
            hint = " (or --prompt-field '' for data without prompts)" if flag == "--prompt-field" else ""
            raise RunError(f"{problem}; name the right one with {flag}{hint}")
        overlap = input_overlap(layout, spec.path, spec.walk)
        if overlap:
            raise RunError(f"{output}: refusing to write the output there: {overlap}; give -o a path outside the input")
        return layout, total, OutputLock.acquire(layout.path)
    except (OutputNameError, InputError, OutputBusy) as error:
        raise RunError(str(error)) from None
    except OSError as error:
        raise RunError(f"{error.filename or output}: {error.strerror}") from None


class _ProgressReport:
    """What `on_progress` hears: once at the start, then at every path sampled (on the engine's
    thread) and every record delivered."""

    def __init__(
        self,
        on_progress: Callable[[Progress], None] | None,
        languages: tuple[str, ...],
        records: int,
        total: int,
        counter: PathCounter,
    ) -> None:
        self.on_progress, self.languages, self.records, self.total, self.counter = on_progress, languages, records, total, counter
        self._report()

    def sampled(self, index: int, paths: int) -> None:
        if self.counter.sampled(index, paths):
            self._report()

    def delivered(self, result: RecordResult, samples: int) -> None:
        self.counter.delivered(result.index, len(result.rows), samples)
        self.records += 1
        self._report()

    def _report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(Progress(self.languages, self.records, self.total, self.counter.shown(), self.counter.expected))


def _list_not_read(spec: InputSpec, layout: OutputLayout) -> None:
    """The files and folders an input folder's walk left out, with reasons, beside the output."""
    listing = layout.side("excluded")
    listing.unlink(missing_ok=True)
    if spec.walk is not None and spec.walk.left_out:
        with AtomicWriter(listing) as rows:
            for relative, reason in sorted(spec.walk.left_out.items()):
                rows.write(dump({**source_file_fields(relative), "reason": reason}))


def _interrupt_quietly(writer: OutputWriter) -> int:
    """Keep what is complete when the run stops on an error; 0 when even that fails (disk full)."""
    try:
        return writer.interrupt()
    except Exception:  # noqa: BLE001 - already reporting the error that stopped the run
        return 0
