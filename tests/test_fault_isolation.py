"""Fault isolation in the local engine: hostile plugin code among many good records.

A test-only checker kills its own worker on marked programs in each of the ways native code
dies (a null-pointer dereference, an abort, native code out of memory under an address-space
limit, the SIGKILL of the kernel's out-of-memory killer), runs out of memory in Python code on
another, and spins forever on a third. Every record must come back, in input order, exactly
once: output rows, or a failed row naming the record and what happened to it; and the good
records' output must be the output of a run without the bad ones.
"""

from __future__ import annotations

import ctypes
import faulthandler
import json
import os
import resource
import signal
import time

import pytest
from typer.testing import CliRunner

from lintseq_x.core.plugin_system import registry as plugin_registry
from lintseq_x.core.cli import app
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.engines.local import run_local
from lintseq_x.core.pipeline import RecordResult, RunOptions
from lintseq_x.core.plugin_system.guard import _checkers
from lintseq_x.core.input.records import InputRecord
from lintseq_x.plugins.python import PYTHON

from helpers import read_jsonl, write_jsonl

DIED = "a worker process died while processing this record"
TIMED_OUT = "time budget exceeded"
RECORD_TIMEOUT = 2.0


def _quiet_crash() -> None:
    """No core file and no faulthandler dump (pytest enables it) for a crash on purpose."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    faulthandler.disable()


def _segfault() -> None:
    _quiet_crash()
    ctypes.string_at(0)  # reads address 0: SIGSEGV, as a bug in a native parser would


def _abort() -> None:
    _quiet_crash()
    os.abort()  # SIGABRT, as a failed assertion in native code


def _limit_address_space() -> tuple[int, int]:
    """Cap this process's address space 16 MiB above what it maps now; returns the old limits.

    Allocations of 64 MiB cannot then succeed: blocks that large are always mapped afresh
    (glibc's mmap threshold is at most 32 MiB), never carved from memory the heap already has.
    """
    with open("/proc/self/statm", encoding="ascii") as statm:
        mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    old = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (mapped + 16 * 2**20, old[1]))
    return old


BIG = 64 * 2**20


def _native_out_of_memory() -> None:
    """Native code that does not check what malloc returns: out of memory, it writes through
    a null pointer and the process dies."""
    _quiet_crash()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    _limit_address_space()
    block = libc.malloc(BIG)  # None (NULL): no room
    ctypes.memset(block or 0, 1, BIG)


def _python_out_of_memory() -> None:
    """Python code that allocates until it cannot: MemoryError, and the worker lives on."""
    old = _limit_address_space()
    try:
        hoard = []
        while True:
            hoard.append(bytearray(BIG))
    finally:
        resource.setrlimit(resource.RLIMIT_AS, old)


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's out-of-memory killer sends


def _spin() -> None:
    while True:  # a hang that holds the CPU and never reaches a point that could time out
        pass


_stalled_once: set[int] = set()


def _stall_once() -> None:
    """One slow check (1.5 budgets) per process, then quick ones: a record slower than its
    budget, among records that would fit in the budget of their chunk."""
    if os.getpid() not in _stalled_once:
        _stalled_once.add(os.getpid())
        time.sleep(1.5 * RECORD_TIMEOUT)


# A program holding one of these names makes the checker behave that way on it.
HOSTILE = {
    "segfault_here": _segfault,
    "abort_here": _abort,
    "out_of_memory_here": _native_out_of_memory,
    "memory_error_here": _python_out_of_memory,
    "oom_killed_here": _killed,
    "hang_here": _spin,
    "stall_here": _stall_once,
}


class HostileChecker:
    """Python's judgement, except on the programs that name one of the `HOSTILE` faults."""

    name = "python-hostile"
    version = "1"
    settings: dict = {}

    def __init__(self) -> None:
        self.inner = PYTHON.checker()

    def check(self, source):
        for marker, fault in HOSTILE.items():
            if marker in source:
                fault()
        return self.inner.check(source)


class HostilePlugin:
    @hookimpl
    def register_checkers(self, register):
        register("python", "hostile", HostileChecker)


@pytest.fixture
def hostile(monkeypatch):
    monkeypatch.setattr(plugin_registry, "_registry", plugin_registry.build_registry(extra_plugins=(("hostile", HostilePlugin()),)))
    _checkers.clear()  # checkers are cached per process; forked workers inherit this cache
    yield
    _checkers.clear()


def _good_program(number: int) -> str:
    lines = [f"value_{number} = {number}", f"def twice_{number}(x):", "    return x * 2"]
    if number % 3 == 0:
        lines += [f"for item in range(value_{number}):", f"    print(twice_{number}(item))"]
    if number % 4 == 1:
        lines += ['"""A note', f"spanning lines {number}", '"""']
    lines.append(f"print(twice_{number}(value_{number}))")
    return "\n".join(lines) + "\n"


def _bad_program(marker: str) -> str:
    return f"{marker} = 1\nprint({marker})\n"


# Positions chosen to put faults first, last, two in one chunk of 4 and in neighbouring chunks.
BAD = {
    0: "segfault_here", 5: "hang_here", 9: "abort_here", 10: "oom_killed_here", 14: "out_of_memory_here",
    22: "memory_error_here", 39: "segfault_here",
}
COUNT = 40


def _records(skip_bad: bool = False) -> list[InputRecord]:
    records = []
    for index in range(COUNT):
        if skip_bad and index in BAD:
            continue
        code = _bad_program(BAD[index]) if index in BAD else _good_program(index)
        records.append(InputRecord(index, "faults.jsonl", "python", {"code": code}, "code", None, False, f"faults.jsonl:{index + 1}"))
    return records


def _run(records: list[InputRecord], jobs: int, record_timeout: float | None) -> list[RecordResult]:
    results: list[RecordResult] = []
    options = RunOptions(samples=2, seed=11, checkers=(("python", "hostile"),))
    run_local(records, options, jobs, results.append, record_timeout=record_timeout)
    return results


def _outcome(result: RecordResult) -> str:
    outcomes = [name for name, present in (("output", result.rows), ("skipped", result.skipped), ("failed", result.failed)) if present]
    assert len(outcomes) == 1, f"record {result.index} has outcomes {outcomes}"
    return outcomes[0]


@pytest.mark.parametrize("jobs", [2, 1])
def test_crashing_and_hanging_records_cost_only_themselves(hostile, jobs):
    results = _run(_records(), jobs, RECORD_TIMEOUT)

    assert [result.index for result in results] == list(range(COUNT))  # none lost, none twice, in order
    outcomes = [_outcome(result) for result in results]
    assert outcomes.count("output") + outcomes.count("skipped") + outcomes.count("failed") == COUNT
    assert {result.index for result in results if result.failed} == set(BAD)
    for index, marker in BAD.items():
        row = json.loads(results[index].failed)
        assert (row["outcome"], row["index"], row["location"]) == ("failed", index, f"faults.jsonl:{index + 1}")
        assert row["source_code"] == _bad_program(marker)
        if marker == "memory_error_here":  # an exception: the worker survives it
            assert row["reason"] == "checker fault: checker 'hostile' of plugin 'hostile' (in-process) raised MemoryError: "
        elif marker == "hang_here":
            assert row["reason"].startswith(f"{TIMED_OUT}: the record took longer than {RECORD_TIMEOUT:g} s")
            assert "checker 'hostile' of plugin 'hostile' (in-process) may hang on this program" in row["reason"]
        else:
            assert row["reason"].startswith(DIED), (marker, row["reason"])

    clean = _run(_records(skip_bad=True), 1, None)
    assert all(result.rows for result in clean)
    assert {result.index: result.rows for result in results if not result.failed} == {
        result.index: result.rows for result in clean
    }


def test_a_record_is_held_to_its_own_budget_not_its_chunks(hostile):
    # Four records in one chunk: the first takes 1.5 budgets, which the chunk's four would cover.
    records = _records(skip_bad=True)[:4]
    records[0] = InputRecord(0, "faults.jsonl", "python", {"code": _bad_program("stall_here")}, "code", None, False, "faults.jsonl:1")
    results = _run(records, 1, RECORD_TIMEOUT)
    assert [_outcome(result) for result in results] == ["failed", "output", "output", "output"]
    assert json.loads(results[0].failed)["reason"].startswith(f"{TIMED_OUT}: the record took longer than {RECORD_TIMEOUT:g} s")


def test_a_worker_that_dies_while_records_are_still_being_read(hostile):
    """The pool breaks before the next chunk is submitted (input read slowly, as from a big
    file): the chunks submitted after the death are recovered like those in flight."""

    records = [record for record in _records(skip_bad=True) if record.index < 16]
    records[3] = InputRecord(3, "faults.jsonl", "python", {"code": _bad_program("segfault_here")}, "code", None, False, "faults.jsonl:4")

    def slowly():
        for record in records:
            yield record
            if record.index == 3:
                time.sleep(1.5)  # the worker holding record 3 is dead by now

    results: list[RecordResult] = []
    run_local(slowly(), RunOptions(checkers=(("python", "hostile"),)), 2, results.append, chunk_size=1, record_timeout=RECORD_TIMEOUT)
    assert [result.index for result in results] == [record.index for record in records]
    assert [result.index for result in results if result.failed] == [3]
    assert results[3].reason.startswith(DIED)


def test_a_run_with_hostile_records_writes_every_record_somewhere(hostile, tmp_path, monkeypatch):
    """Through `lintseq-x run`: the output, skipped and failed files reconcile with the input."""
    monkeypatch.chdir(tmp_path)
    rows = [{"response": record.fields["code"]} for record in _records()]
    rows[20] = {"response": "def broken(:\n"}  # and one record that is skipped, not failed
    write_jsonl(tmp_path / "faults.jsonl", rows)
    result = CliRunner().invoke(
        app,
        ["run", "faults.jsonl", "--lang", "python", "--checker", "hostile", "-j", "2", "-q",
         "--record-timeout", str(RECORD_TIMEOUT), "-o", "out.jsonl"],
    )
    assert result.exit_code == 1, result.output  # records failed: the run says so
    output = read_jsonl(tmp_path / "out.jsonl")
    skipped = read_jsonl(tmp_path / "out.skipped.jsonl")
    failed = read_jsonl(tmp_path / "out.failed.jsonl")
    assert sorted({row["index"] for row in output} | {row["index"] for row in skipped} | {row["index"] for row in failed}) == list(range(COUNT))
    assert len(output) == COUNT - len(BAD) - 1  # one sample each
    assert [row["index"] for row in skipped] == [20]
    assert [row["index"] for row in failed] == sorted(BAD)
