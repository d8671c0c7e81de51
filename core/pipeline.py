"""The per-record work (pure: an input record in, serialised rows out) and the local engine.

The random stream of each (record, sample) derives from (seed, record index, sample number)
alone, so output bytes do not depend on the number of workers or on scheduling.

A checker is plugin code: one that raises on a program fails that record, with a reason naming
the checker and its plugin, and one that hangs is stopped by the local engine's per-record time
budget; either way the run goes on.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import multiprocessing
import os
import queue
import random
import signal
import threading
import time
import traceback
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .algorithm.checker import Checker, describe, inert_lines, prepare
from .plugin_system.guard import CheckerFault, checker_for
from .plugin_system.checker_selection import DEFAULT
from .algorithm.diffs import write_diff
from .input.extract import Extraction, extract_code, extract_fenced_code, normalise_newlines
from .toolkit.helper_process import one_line
from .algorithm.language import Language
from .plugin_system.registry import registry
from .input.records import InputRecord, carried_name, dump, printable_name, source_file_fields
from .algorithm.sampler import CheckMemo, DistinctPaths, SamplerSettings, inert_units
from .algorithm.structure import Structure
from .engines.worker import start_worker


# How much longer than its records' budgets a chunk may take before its worker is killed: the
# alarm inside the worker normally stops a record in time, and this covers its reply's way back.
BACKSTOP_GRACE_SECONDS = 5.0

# A path through a 5,000-line Python program takes ~15 CPU s, one through 10,000 lines ~2 minutes
# (benchmarks/big_programs.py): past this, a record's -s 5 would not fit --record-timeout's 600 s.
DEFAULT_MAX_PROGRAM_LINES = 5_000
DEFAULT_MAX_PROGRAM_BYTES = 1_000_000

# Progress per path: `on_paths(index, paths)` says that record `index` has sampled `paths` of its
# paths so far (its rows come later, with its result). A worker process sends what it sampled at
# most this often, so the messages cost nothing next to the sampling.
PROGRESS_INTERVAL_SECONDS = 0.1
PathsCallback = Callable[[int, int], None]

# Where `_process` reports each path it samples: set in a worker of a run that shows progress,
# and in this process while `run_local` samples in it.
_report_paths: PathsCallback | None = None


@dataclass(frozen=True)
class RunOptions:
    """checkers: language name -> checker choice (see checker_selection); default otherwise.
    max_program_lines, max_program_bytes: larger programs are skipped with the reason (0: no
    limit); they keep a pathological input from holding a worker for hours."""

    samples: int = 1
    seed: int = 1
    sampler: SamplerSettings = SamplerSettings()
    tolerate_original_errors: bool = False
    checkers: tuple[tuple[str, str], ...] = ()
    max_program_lines: int = DEFAULT_MAX_PROGRAM_LINES
    max_program_bytes: int = DEFAULT_MAX_PROGRAM_BYTES

    def checker_choice(self, language: str) -> str:
        return dict(self.checkers).get(language, DEFAULT)


@dataclass
class RecordResult:
    """What one input record became: output rows, or a skipped or failed row with its reason."""

    index: int
    language: str = ""
    rows: list[str] = field(default_factory=list)
    skipped: str | None = None
    failed: str | None = None
    reason: str | None = None
    edits_per_path: list[int] = field(default_factory=list)
    checks: int = 0


def rng_for(seed: int, index: int, sample: int, attempt: int = 0) -> random.Random:
    """The random stream of one sample of one record; attempts after the first (a redraw of a
    path that repeated an earlier sample's, see `DistinctPaths`) get streams of their own."""
    key = f"lintseq-x/{seed}/{index}/{sample}" + (f"/{attempt}" if attempt else "")
    digest = hashlib.sha256(key.encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def program_of(code: str, extract: bool, language: Language) -> tuple[str, str, bool]:
    """The program a code field holds, with fenced blocks extracted, a leading byte-order mark
    removed and newlines normalised; then its original newline style and whether it had a BOM."""
    if extract:
        code = extract_fenced_code(code, language.fences, language.parses)
    return _normalised(code)


def _normalised(code: str) -> tuple[str, str, bool]:
    bom = code.startswith("\ufeff")
    program, newline = normalise_newlines(code[1:] if bom else code)
    return program, newline, bom


def fenced_code(code: str, language: Language) -> Extraction:
    """The fenced blocks of a code field that hold `language`'s code: those tagged with one of
    its fence names, else the untagged ones its grammar parses (see `extract_code`)."""
    return extract_code(code, language.fences, language.parses)


def needs_extraction(code: str, language: Language, checker: Checker, found: Extraction | None = None) -> bool:
    """Extract fenced blocks only from a field that holds some and is not itself a program:
    a valid program may carry a fence inside a string, and must then be kept whole."""
    if (found or fenced_code(code, language)).program is None:
        return False
    whole, _, _ = _normalised(code)
    prepare(checker, whole)
    return any(diagnostic.fatal for diagnostic in checker.check(whole))


def diffs_of(structure: Structure, states: Iterable[frozenset[int]]) -> list[str]:
    """Forward diffs between consecutive states, given from empty to full."""
    kept = [structure.text_of_units(state)[1] for state in states]
    return [write_diff(old, new, structure.lines) for old, new in zip(kept, kept[1:])]


def process_record(record: InputRecord, options: RunOptions) -> RecordResult:
    """All samples of one record. Never raises: failures come back as a failed row."""
    try:
        return _process(record, options)
    except CheckerFault as fault:
        return _fail(record, f"checker fault: {fault}")
    except Exception as error:  # noqa: BLE001 - a record's failure must not end the run
        reason = f"internal error: {type(error).__name__}: {error}"
        row = _side_row(record, reason, "failed")
        row["traceback"] = traceback.format_exc(limit=6)
        return RecordResult(record.index, record.language, failed=dump(row), reason=reason)


def _side_row(record: InputRecord, reason: str, outcome: str) -> dict[str, Any]:
    row: dict[str, Any] = {"index": record.index, **source_file_fields(record.source_file)}
    row["location"] = printable_name(record.location)
    row["outcome"] = outcome
    row["reason"] = reason
    row["language"] = record.language
    for name, value in record.fields.items():
        row[carried_name(name)] = value
    return row


def _fail(record: InputRecord, reason: str) -> RecordResult:
    return RecordResult(record.index, record.language, failed=dump(_side_row(record, reason, "failed")), reason=reason)


def _skip(record: InputRecord, reason: str) -> RecordResult:
    reason = one_line(reason)  # a reason is one line in the summary, the side file and the docs
    return RecordResult(record.index, record.language, skipped=dump(_side_row(record, reason, "skipped")), reason=reason)


def oversize(program: str, options: RunOptions) -> str | None:
    """Why `program` is over the run's size limits, or None when it is within them."""
    lines = program.count("\n") + (not program.endswith("\n"))
    if options.max_program_lines and lines > options.max_program_lines:
        return (
            f"program too large: {lines:,} lines, over the limit of {options.max_program_lines:,} "
            "(--max-program-lines)"
        )
    # UTF-8 takes at most four bytes per character: a text that short is within the limit.
    if options.max_program_bytes and len(program) > options.max_program_bytes // 4:
        size = len(program.encode("utf-8", "surrogatepass"))
        if size > options.max_program_bytes:
            return (
                f"program too large: {size:,} bytes, over the limit of {options.max_program_bytes:,} "
                "(--max-program-bytes)"
            )
    return None


def _process(record: InputRecord, options: RunOptions) -> RecordResult:
    if record.problem is not None:
        return _skip(record, record.problem)
    language = registry().get(record.language)
    checker = checker_for(language, options.checker_choice(language.name))
    code = record.fields[record.code_field]
    found = fenced_code(code, language) if record.extract else None
    extracted = found.program if found is not None else None
    # A field too big to judge whole has whatever fenced blocks it holds extracted without
    # asking the checker.
    if extracted is not None and not oversize(code, options) and not needs_extraction(code, language, checker, found):
        extracted = None
    extract = extracted is not None
    program, newline, bom = _normalised(code if extracted is None else extracted)
    if not program.strip():
        return _skip(record, "no code: the code field is empty or whitespace")
    try:
        program.encode("utf-8")
    except UnicodeEncodeError as error:
        return _skip(record, f"the code is not valid Unicode text: a lone surrogate at character {error.start}")
    too_big = oversize(program, options)
    if too_big:
        return _skip(record, too_big)

    prepare(checker, program)
    original = checker.check(program)
    fatal = [d for d in original if d.fatal]
    if fatal or (original and not options.tolerate_original_errors):
        listed = "; ".join(f"line {d.line}: {d.message}" for d in (fatal or list(original))[:3])
        more = f" (and {len(original) - 3} more)" if len(original) > 3 else ""
        kind = f"is not valid {language.name}" if fatal else f"has {len(original)} error(s) before sampling"
        # With fences in the field, say which text was judged: a user who sees "line 1: invalid
        # syntax" for a Markdown answer needs to know its blocks were not taken, or which were.
        judged = found.describe(language.name) if found is not None and (extract or found.program is None) else ""
        return _skip(record, f"the program {kind}: {listed}{more}" + (f" (in {judged})" if judged else ""))
    tolerated = frozenset(d.key for d in original)

    structure = language.structure_of(program)
    if not tolerated:  # a tolerated error is not flagged: its line would not go
        structure = structure.with_line_dependents(checker.dependent_lines(program))
    inert = inert_units(structure, inert_lines(checker, program))
    head = {"edit_path": None, "index": record.index, **source_file_fields(record.source_file)}
    for name, value in record.fields.items():
        head[carried_name(name)] = value
    tail = {
        "language": language.name,
        "code_field": record.code_field,
        "prompt_field": record.prompt_field,
        "code_extraction": "markdown-fences" if extract else "none",
        "newline": newline,
        "byte_order_mark": bom,
        "encoding": record.encoding,
        "checker": describe(checker),
        "parser": language.parser_versions,
        "sampler": options.sampler.as_record(),
        # One string, not a list: `datasets` types a column from its first chunk, and a list
        # that is almost always empty would be typed as nulls.
        "tolerated_errors": "\n".join(sorted(tolerated)),
        "lintseq_x_version": __version__,
    }
    result = RecordResult(record.index, language.name)
    # The samples share their states' verdicts (the memo), and are distinct paths where the
    # program admits them.
    sampler = DistinctPaths(structure, checker, options.sampler, tolerated, CheckMemo(), inert)
    for sample in range(options.samples):
        path = sampler.sample(functools.partial(rng_for, options.seed, record.index, sample))
        diffs = diffs_of(structure, reversed(path.states))
        row = dict(head)
        row["edit_path"] = diffs
        row["sample"] = sample
        row["seed"] = options.seed
        row.update(tail)
        result.rows.append(dump(row))
        result.edits_per_path.append(len(diffs))
        result.checks += path.checks
        if _report_paths is not None:
            _report_paths(record.index, sample + 1)
    return result


class RecordTimedOut(BaseException):
    """A record's time budget ran out. A BaseException, so that no `except Exception` on the
    way (a plugin's, the checker guard's) can swallow it."""


def _process_chunk(chunk: list[InputRecord], options: RunOptions, record_timeout: float | None = None) -> list[RecordResult]:
    return [_within_budget(record, options, record_timeout) for record in chunk]


def _within_budget(record: InputRecord, options: RunOptions, seconds: float | None) -> RecordResult:
    """`process_record`, stopped after `seconds` of this record's own time, from inside the worker:
    a checker looping in Python or waiting on its helper process is interrupted by the alarm. One
    stuck in native code, which no signal interrupts, is stopped from outside (`_Pool.budget`)."""
    # Signals reach only the main thread, and only where the platform has SIGALRM.
    if seconds is None or not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        return process_record(record, options)

    def expire(signum: int, frame: Any) -> None:
        raise RecordTimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return process_record(record, options)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except RecordTimedOut:
        return _timed_out(record, options, seconds)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _timed_out(record: InputRecord, options: RunOptions, seconds: float) -> RecordResult:
    return _fail(
        record,
        f"time budget exceeded: the record took longer than {seconds:g} s (--record-timeout), so it was stopped "
        f"({_origin_of(record, options)} may hang on this program)",
    )


def _chunks(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    chunk: list[InputRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(
    records: Iterable[InputRecord],
    options: RunOptions,
    jobs: int,
    on_result: Callable[[RecordResult], None],
    chunk_size: int = 4,
    record_timeout: float | None = None,
    on_paths: PathsCallback | None = None,
    progress_interval: float = PROGRESS_INTERVAL_SECONDS,
) -> None:
    """Process `records` in input order on `jobs` processes, calling `on_result` in order.

    At most a few chunks per worker are in flight, so memory stays flat on any input size. A
    worker that dies (killed for memory, a crash in native code) costs only the record it held:
    that record comes back failed, with the reason, and the run goes on.

    With `record_timeout` (seconds for all samples of one record), a record that takes longer (a
    checker that hangs) comes back failed with the reason, its worker is killed and replaced,
    and the run goes on. Records then run in worker processes even with `jobs` 1: only a
    process can be stopped from outside whatever it is stuck in.

    With `on_paths`, each path sampled is reported as it is (see `PathsCallback`): from worker
    processes, in batches at most every `progress_interval` seconds, on a thread of this process.
    """
    if jobs <= 1 and record_timeout is None:
        _sample_here(records, options, on_result, on_paths)
        return
    jobs = max(jobs, 1)
    registry()  # load plugins once, before the workers fork
    # fork shares the loaded plugins with the workers; where there is none, spawned workers
    # load them on first use.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = _Pool(jobs, multiprocessing.get_context(method), options, record_timeout, on_paths, progress_interval)
    in_flight: deque[tuple[list[InputRecord], Future[list[RecordResult]]]] = deque()
    try:
        for chunk in _chunks(records, chunk_size):
            in_flight.append((chunk, pool.submit(chunk)))
            while len(in_flight) >= jobs * 4:
                _deliver(in_flight, pool, on_result)
        while in_flight:
            _deliver(in_flight, pool, on_result)
    except BaseException:
        pool.kill()  # interrupted or failed: a worker may be stuck, and nobody wants its result
        raise
    finally:
        pool.shutdown()


def _sample_here(
    records: Iterable[InputRecord],
    options: RunOptions,
    on_result: Callable[[RecordResult], None],
    on_paths: PathsCallback | None,
) -> None:
    global _report_paths
    _report_paths = on_paths
    try:
        for record in records:
            on_result(process_record(record, options))
    finally:
        _report_paths = None


class _PathSender:
    """A worker's `_report_paths` for a parent that shows progress: the latest count of each
    record, sent at most every `interval` seconds (records sampled between two sends go in one
    message; the last counts of a chunk may never be sent, as its result says them)."""

    def __init__(self, channel: Any, interval: float) -> None:
        self.channel, self.interval = channel, interval
        self.unsent: dict[int, int] = {}
        self.sent_at = 0.0

    def __call__(self, index: int, paths: int) -> None:
        self.unsent[index] = paths
        now = time.monotonic()
        if now - self.sent_at >= self.interval:
            self.channel.put(list(self.unsent.items()))
            self.unsent.clear()
            self.sent_at = now


def _start_pool_worker(parent: int, forked_by_main_thread: bool, channel: Any, interval: float) -> None:
    """The pool's initializer: the worker's start (`start_worker`), and its progress channel."""
    global _report_paths
    start_worker(parent, forked_by_main_thread)
    _report_paths = _PathSender(channel, interval) if channel is not None else None


class _PathReader:
    """The parent's end of a pool's progress channel: a thread that hands what the workers send
    to `on_paths`."""

    def __init__(self, channel: Any, on_paths: PathsCallback) -> None:
        self.channel, self.on_paths = channel, on_paths
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._read, name="path-progress", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self.stopping.is_set():
            try:
                batch = self.channel.get(timeout=PROGRESS_INTERVAL_SECONDS)
            except queue.Empty:
                continue
            except (EOFError, OSError):
                return  # the channel was closed under it
            self._hand_on(batch)

    def _hand_on(self, batch: list[tuple[int, int]]) -> None:
        for index, paths in batch:
            self.on_paths(index, paths)

    def stop(self, drain: bool) -> None:
        """Stop reading; with `drain` (the workers have exited), hand on what is still queued.
        A killed worker may have left half a message, so the thread is not waited for long."""
        self.stopping.set()
        self.thread.join(timeout=1.0)
        while drain and not self.thread.is_alive():
            try:
                self._hand_on(self.channel.get(timeout=0.05))
            except (queue.Empty, EOFError, OSError):
                break


class _Pool:
    """A process pool that can be replaced when one of its workers dies or hangs."""

    def __init__(
        self,
        jobs: int,
        context: Any,
        options: RunOptions,
        record_timeout: float | None = None,
        on_paths: PathsCallback | None = None,
        progress_interval: float = PROGRESS_INTERVAL_SECONDS,
    ) -> None:
        self.jobs, self.context, self.options, self.record_timeout = jobs, context, options, record_timeout
        self.on_paths, self.progress_interval = on_paths, progress_interval
        self.reader: _PathReader | None = None
        self.executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        self.forked = False
        # A new channel for every executor: a worker killed while sending may have left the old
        # one's lock held, or half a message in it.
        channel = self.context.Queue() if self.on_paths is not None else None
        if channel is not None:
            assert self.on_paths is not None
            self.reader = _PathReader(channel, self.on_paths)
        # The workers fork in this thread, at the first submit (on Ray, a task's thread).
        forker = (os.getpid(), threading.current_thread() is threading.main_thread())
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=self.context,
            initializer=_start_pool_worker,
            initargs=(*forker, channel, self.progress_interval),
        )

    def submit(self, chunk: list[InputRecord]) -> Future[list[RecordResult]]:
        # The workers fork in the pool's first submit. What they inherit (the plugins, the
        # parsers, everything imported) is frozen for them: each worker's full collections
        # would otherwise walk it again and again, and copy its pages on the way (a tenth of a
        # short run's time at -j 2). The parent thaws it again at once.
        forking = not self.forked
        if forking:
            gc.freeze()
        try:
            return self.executor.submit(_process_chunk, chunk, self.options, self.record_timeout)
        except BrokenProcessPool as broken:
            # A worker died before this chunk could be queued (records are still being read,
            # or resubmitted after a death): the chunk fails like those in flight, and
            # `_deliver` recovers it with them.
            failed: Future[list[RecordResult]] = Future()
            failed.set_exception(broken)
            return failed
        finally:
            if forking:
                gc.unfreeze()
                self.forked = True

    def budget(self, records: int) -> float | None:
        """How long to wait for a chunk before its worker is deemed stuck where no alarm reaches
        (native code) and killed. Each record is held to its own budget inside the worker
        (`_within_budget`); this is the backstop. Chunks are waited for in submission order, and
        the pool starts them in that order, so the wait starts no earlier than the chunk's work."""
        if self.record_timeout is None:
            return None
        return self.record_timeout * records + BACKSTOP_GRACE_SECONDS

    def kill(self) -> None:
        # A hung worker never returns, so it is killed (Python 3.14 has kill_workers(); before
        # it, the executor's process table is the only handle on its workers).
        kill_workers = getattr(self.executor, "kill_workers", None)
        if kill_workers is not None:
            kill_workers()
        else:
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.reader is not None:
            self.reader.stop(drain=False)
            self.reader = None

    def renew(self) -> None:
        self.kill()
        self.executor = self._new_executor()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        if self.reader is not None:
            self.reader.stop(drain=True)
            self.reader = None


def _deliver(
    in_flight: deque[tuple[list[InputRecord], Future[list[RecordResult]]]],
    pool: _Pool,
    on_result: Callable[[RecordResult], None],
) -> None:
    chunk, future = in_flight.popleft()
    try:
        results = future.result(timeout=pool.budget(len(chunk)))
    except (BrokenProcessPool, FutureTimeout):
        # A dead worker fails every future of the pool; a hung one holds only its own chunk,
        # but its pool is replaced to stop it. Only one record did it: run this chunk's
        # records one at a time to find it, then resubmit everything else still in flight.
        pool.renew()
        results = [_alone(record, pool) for record in chunk]
        for position, (waiting, _) in enumerate(in_flight):
            in_flight[position] = (waiting, pool.submit(waiting))
    for result in results:
        on_result(result)


def _alone(record: InputRecord, pool: _Pool) -> RecordResult:
    try:
        return pool.submit([record]).result(timeout=pool.budget(1))[0]
    except BrokenProcessPool:
        pool.renew()
        return _fail(
            record,
            "a worker process died while processing this record (killed, out of memory, or a crash in native code)",
        )
    except FutureTimeout:
        pool.renew()
        assert pool.record_timeout is not None
        return _timed_out(record, pool.options, pool.record_timeout)


def _origin_of(record: InputRecord, options: RunOptions) -> str:
    """The checker (and its plugin) that judged `record`, for the reason of a record that hung."""
    found = registry()
    try:
        language = found.get(record.language).name
    except LookupError:
        return "the checker"
    return found.checker_origin(language, options.checker_choice(language))
