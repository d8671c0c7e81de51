"""Checker faults during a run: a checker that raises or hangs on a program costs only that
record, which is recorded as failed with a reason naming the checker and its plugin."""

from __future__ import annotations

import json
import time

import pytest

from lintseq_x.core.plugin_system import registry as plugin_registry
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.engines.local import run_local
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system.guard import _checkers
from lintseq_x.plugins import Checker
from lintseq_x.plugins.python import PYTHON

from helpers import record_for


class RaisingChecker:
    """Python's judgement, except that it raises on any program mentioning `boom`."""

    name = "python-raising"
    version = "1"
    settings: dict = {}

    def __init__(self) -> None:
        self.inner = PYTHON.checker()

    def check(self, source):
        if "boom" in source:
            raise ValueError("cannot judge this")
        return self.inner.check(source)


class HangingChecker(RaisingChecker):
    """Python's judgement, except that it never returns on a program mentioning `hang`."""

    name = "python-hanging"

    def check(self, source):
        if "hang" in source:
            time.sleep(3600)
        return self.inner.check(source)


class RaisingAbilityChecker(RaisingChecker, Checker):
    """A `Checker` subclass whose optional ability raises."""

    name = "python-raising-ability"

    def dependent_lines(self, program):
        raise KeyError("lost")


def _broken_factory():
    raise ImportError("libfoo.so: cannot open shared object file")


class FaultyCheckers:
    @hookimpl
    def register_checkers(self, register):
        register("python", "raising", RaisingChecker)
        register("python", "hanging", HangingChecker)
        register("python", "broken", _broken_factory)
        register("python", "raising-ability", RaisingAbilityChecker)


@pytest.fixture
def faulty(monkeypatch):
    monkeypatch.setattr(plugin_registry, "_registry", plugin_registry.build_registry(extra_plugins=(("faults", FaultyCheckers()),)))
    _checkers.clear()  # checkers are cached per process; forked workers inherit this cache
    yield
    _checkers.clear()


PROGRAMS = ["a = 1\nb = a + 1\n", "boom = 1\nprint(boom)\n", "c = 3\nd = c * 2\n"]


def _run(programs, checker, jobs, record_timeout=None):
    results = []
    records = [record_for(code, index) for index, code in enumerate(programs)]
    options = RunOptions(samples=2, checkers=(("python", checker),))
    run_local(records, options, jobs, results.append, chunk_size=2, record_timeout=record_timeout)
    return results


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_raising_checker_fails_only_its_record_and_names_the_plugin(faulty, jobs):
    results = _run(PROGRAMS, "raising", jobs)
    assert [result.index for result in results] == [0, 1, 2]
    assert [len(result.rows) for result in results] == [2, 0, 2]
    failed = results[1]
    assert failed.reason == (
        "checker fault: checker 'raising' of plugin 'faults' (in-process) raised ValueError: cannot judge this"
    )
    row = json.loads(failed.failed)
    assert (row["outcome"], row["index"], row["reason"]) == ("failed", 1, failed.reason)


def test_a_checker_that_cannot_start_fails_records_with_the_plugin_named(faulty):
    result = process_record(record_for("x = 1\n"), RunOptions(checkers=(("python", "broken"),)))
    assert result.failed is not None
    assert result.reason.startswith("checker fault: checker 'broken' of plugin 'faults' (in-process) failed to start")
    assert "libfoo.so" in result.reason


def test_an_ability_that_raises_fails_its_record_naming_the_ability(faulty):
    result = process_record(record_for("x = 1\n"), RunOptions(checkers=(("python", "raising-ability"),)))
    assert result.reason == (
        "checker fault: checker 'raising-ability' of plugin 'faults' (in-process) raised KeyError in dependent_lines(): 'lost'"
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_checker_is_stopped_and_the_run_goes_on(faulty, jobs):
    programs = ["a = 1\n", "hang = 1\n", "b = 2\n", "c = 3\n", "d = 4\n"]
    results = _run(programs, "hanging", jobs, record_timeout=2)
    assert [result.index for result in results] == [0, 1, 2, 3, 4]
    assert [len(result.rows) for result in results] == [2, 0, 2, 2, 2]
    reason = results[1].reason
    assert reason.startswith("time budget exceeded: the record took longer than 2 s")
    assert "checker 'hanging' of plugin 'faults' (in-process) may hang on this program" in reason
    assert json.loads(results[1].failed)["outcome"] == "failed"


def test_records_around_a_hang_are_the_ones_a_run_without_it_makes(faulty):
    """Killing and replacing workers changes nothing in the other records."""
    programs = ["a = 1\nb = a\n", "hang = 1\n", "c = 3\nd = c\ne = d\n", "f = 5\ng = f\n"]
    with_hang = _run(programs, "hanging", 2, record_timeout=2)
    without = _run(programs, "default", 1)  # the default checker judges the same, and never hangs

    def paths(results):
        return [[json.loads(row)["edit_path"] for row in r.rows] for r in results if r.index != 1]

    assert paths(with_hang) == paths(without) and all(paths(without))
