"""The local engine: input order kept, a worker that dies costs only its record, and the engine
named by its settings keeps the engines' contract."""

from __future__ import annotations

import json
import os

import pytest

from lintseq_x.core.engines import EngineError, EngineSettings, engine_for
from lintseq_x.core.plugin_system import registry as plugin_registry
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.engines.local import LocalEngine, run_local
from lintseq_x.core.pipeline import RunOptions
from lintseq_x.core.input.records import InputRecord
from lintseq_x.plugins.python import PYTHON
from lintseq_x.plugins.python.checker import PythonChecker


class CrashingChecker(PythonChecker):
    """Kills its process on one program, as an out-of-memory kill or a native crash would."""

    name = "python-crashing"

    def check(self, source):
        if "CRASH_HERE" in source:
            os._exit(9)
        return super().check(source)


class CrashingPlugin:
    @hookimpl
    def register_languages(self, register):
        register(Language(name="crashy", extensions=(".crashy",), grammar=PYTHON.grammar, checker=CrashingChecker, structure=PYTHON.structure))


def test_a_dying_worker_costs_only_its_record(monkeypatch):
    monkeypatch.setattr(plugin_registry, "_registry", plugin_registry.build_registry(extra_plugins=(("crashy", CrashingPlugin()),)))
    programs = [f"value_{i} = {i}\nprint(value_{i})\n" for i in range(30)]
    programs[11] = "CRASH_HERE = 1\nprint(CRASH_HERE)\n"
    records = [InputRecord(i, "t", "crashy", {"code": code}, "code", None, False, f"t:{i}") for i, code in enumerate(programs)]
    results = []
    run_local(records, RunOptions(samples=2), jobs=2, on_result=results.append)
    assert [result.index for result in results] == list(range(30))
    failed = [result for result in results if result.failed]
    assert [result.index for result in failed] == [11]
    assert "worker process died" in json.loads(failed[0].failed)["reason"]
    assert all(len(result.rows) == 2 for result in results if result.index != 11)


def test_results_arrive_in_input_order_whatever_the_workers():
    records = [InputRecord(i, "t", "python", {"code": f"x{i} = {i}\n" * (30 - i)}, "code", None, False, "t") for i in range(24)]
    one, two = [], []
    run_local(records, RunOptions(samples=2, seed=5), jobs=1, on_result=one.append)
    run_local(records, RunOptions(samples=2, seed=5), jobs=2, on_result=two.append)
    assert [r.rows for r in one] == [r.rows for r in two]
    assert [r.index for r in two] == list(range(24))


def test_the_engine_named_by_settings_keeps_the_contract():
    records = [InputRecord(i, "t", "python", {"code": f"y{i} = {i}\nprint(y{i})\n"}, "code", None, False, "t") for i in range(9)]
    options = RunOptions(samples=2, seed=7)
    engine = engine_for(EngineSettings("local", jobs=2, record_timeout=60))
    assert isinstance(engine, LocalEngine) and engine.name == "local"
    results = engine.results(records, options)
    alone = []
    run_local(records, options, 1, alone.append)
    assert [r.index for r in results] == list(range(9))
    assert [r.rows for r in results] == [r.rows for r in alone]
    with pytest.raises(EngineError, match="unknown engine 'spark'"):
        engine_for(EngineSettings("spark"))
