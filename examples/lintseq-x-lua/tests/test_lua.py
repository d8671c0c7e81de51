"""The Lua plugin's own tests: the lintseq-x conformance kit, the checker, and `luac -p` on every
state of the corpus."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

import lintseq_x_lua
from lintseq_x.plugins import assert_conforms, registered
from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system.guard import checker_for
from lintseq_x.core.input.records import InputRecord


def test_conforms():
    report = assert_conforms("lua", plugin=lintseq_x_lua, samples=2)
    assert report.paths > 40 and report.states > 300


def test_fallback_checker_conforms():
    assert_conforms("lua", plugin=lintseq_x_lua, samples=1, checker="fallback")


def _diagnostics(program: str, state: str) -> list[str]:
    with registered(lintseq_x_lua):
        checker = checker_for(lintseq_x_lua.LUA)
        checker.begin(program)
        return [f"{d.line}:{d.code}:{d.fatal}" for d in checker.check(state)]


PROGRAM = """local total = 0
for i = 1, 3 do
  total = total + i
end
print(total)
"""


def test_deleted_local_is_an_error():
    assert _diagnostics(PROGRAM, PROGRAM) == []
    state = "".join(line for line in PROGRAM.splitlines(keepends=True) if not line.startswith("local total"))
    # `total = total + i` (line 2 of the state, twice) and `print(total)` (line 4).
    assert _diagnostics(PROGRAM, state) == ["2:UnresolvedName:False"] * 2 + ["4:UnresolvedName:False"]


def test_compile_errors_come_from_lua():
    pytest.importorskip("lupa")
    assert _diagnostics("", "while true do\n  x = 1\nend\nbreak\n") == ["4:LuaCompileError:True"]  # not 5, where Lua noticed
    assert _diagnostics("", "goto done\n") == ["1:LuaCompileError:True"]


LUAC = shutil.which("luac5.4") or shutil.which("luac")


@pytest.mark.skipif(LUAC is None, reason="luac is not installed (apt-get install lua5.4)")
def test_every_state_of_the_corpus_passes_luac(tmp_path):
    with registered(lintseq_x_lua):
        states = 0
        for index, path in enumerate(sorted(lintseq_x_lua.LUA.corpus.glob("*.lua"))):
            record = InputRecord(index, path.name, "lua", {"response": path.read_text()}, "response", None, False, path.name)
            result = process_record(record, RunOptions(samples=1, seed=7))
            assert result.rows, result.reason
            for row in map(json.loads, result.rows):
                for number, state in enumerate(apply_diffs(row["edit_path"]), start=1):
                    file = tmp_path / "state.lua"
                    file.write_text(state)
                    done = subprocess.run([LUAC, "-p", str(file)], capture_output=True, text=True)
                    assert done.returncode == 0, f"{path.name} state {number}: {done.stderr}\n{state}"
                    states += 1
    assert states > 150
