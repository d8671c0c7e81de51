"""The Python checker judges a program's states piece by piece (plugins/python/incremental.py):
the answers must be those of a whole check, and a state must cost what it changed."""

from __future__ import annotations

import random
import sysconfig
from pathlib import Path

import pytest

from lintseq_x.core.pipeline import rng_for
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.algorithm.sampler import CheckMemo, sample_edit_path
from lintseq_x.plugins.python import incremental
from lintseq_x.plugins.python.checker import PythonChecker

STDLIB = Path(sysconfig.get_paths()["stdlib"])

# What a chunk cannot see alone, and what a function's analysis reads from around it.
EDGE_CASES = '''\
import typing
from typing import Literal
__all__ = ["Foo", "helper", "late"]
counter = 0


class Foo:
    kind: "typing.Optional[int]" = None
    x = 1

    def method(self, value: "\\x46oo") -> Literal["a"]:
        return helper(value) + self.x

    def shadow(self):
        print(counter)
        counter = 2
        return counter


def helper(value):
    global late
    late = value
    return [item for item in typing.cast("list[Foo]", value)]


def outer():
    total = 0

    def inner():
        nonlocal total
        total += 1
        return missing_later

    return inner


def uses_late():
    return late


missing_later = 3
'''


def _judged(program: str, states: list[str]) -> None:
    """Each state judged after `begin` (in pieces) and by a checker never told the program
    (whole) gives the same lines and errors."""
    pieces, whole = PythonChecker(), PythonChecker()
    pieces.incremental_from_lines = 0  # in pieces however short the program
    pieces.begin(program)
    for state in states:
        expected = [(d.line, d.key, d.fatal) for d in whole.check(state)]
        assert [(d.line, d.key, d.fatal) for d in pieces.check(state)] == expected, state
        assert [(d.line, d.key) for d in pieces.check_syntax(state)] == [(d.line, d.key) for d in whole.check_syntax(state)]


def _random_states(program: str, count: int, seed: int) -> list[str]:
    """States less random lines (many do not compile) and less random units."""
    lines = program.splitlines(keepends=True)
    structure = registry().get("python").structure_of(program)
    rng = random.Random(seed)
    states = []
    for _ in range(count):
        if rng.random() < 0.5:
            kept = [line for line in lines if rng.random() > 0.05]
        else:
            gone = {unit for unit in range(structure.unit_count) if rng.random() < 0.1}
            kept = [line for row, line in enumerate(lines) if structure.unit_of_line[row] not in gone]
        states.append("".join(kept))
    return states


def _path_states(program: str, samples: int) -> list[str]:
    """The states the sampler judges on its paths through `program`."""
    seen: list[str] = []

    class Recording(PythonChecker):
        def check(self, source: str):  # type: ignore[no-untyped-def]
            seen.append(source)
            return super().check(source)

    structure = registry().get("python").structure_of(program)
    memo = CheckMemo()
    for sample in range(samples):
        sample_edit_path(structure, Recording(), rng_for(1, 0, sample), memo=memo)
    return seen


def test_edge_cases_are_judged_as_whole() -> None:
    _judged(EDGE_CASES, [EDGE_CASES, *_random_states(EDGE_CASES, 300, 1), *_path_states(EDGE_CASES, 3)])


def test_future_imports_and_module_globals_are_judged_whole() -> None:
    program = 'from __future__ import annotations\nx = 1\n\n\ndef f() -> "Undefined":\n    return x\n'
    _judged(program, [program, program.replace("x = 1\n", "")])
    module_global = "x = 1\nglobal x\n"
    _judged(module_global, [module_global, "global x\n"])


def test_a_star_import_that_goes_brings_back_the_undefined_names_it_covered() -> None:
    # pyflakes reports a name a `from m import *` may define as ImportStarUsage, not an error:
    # the body's earlier analysis, made under the star, must not answer for the state without it.
    program = "import os\nfrom os.path import *\n\n\ndef f():\n    return join('a', 'b')\n\n\nprint(f(), os.sep)\n"
    _judged(program, [program, program.replace("from os.path import *\n", ""), program])


@pytest.mark.parametrize("name", ["functools.py", "enum.py"])
def test_stdlib_states_are_judged_as_whole(name: str) -> None:
    program = (STDLIB / name).read_text(encoding="utf-8")
    _judged(program, _random_states(program, 40, 2) + _path_states(program, 1)[:150])


def test_short_programs_are_judged_whole() -> None:
    checker = PythonChecker()
    checker.begin("x = 1\nprint(x)\n")
    assert checker._state("x = 1\n") is None
    checker.begin((STDLIB / "functools.py").read_text(encoding="utf-8"))
    assert checker._state("") is not None


def test_a_state_compiles_only_the_statement_it_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    program = (STDLIB / "functools.py").read_text(encoding="utf-8")
    compiled: list[str] = []
    real = incremental._compile_chunk
    monkeypatch.setattr(incremental, "_compile_chunk", lambda text: compiled.append(text) or real(text))
    checker = PythonChecker()
    checker.begin(program)
    assert checker.check(program) == ()
    before = len(compiled)
    # one line out of one method of a class: the class is compiled again, nothing else
    line = "            keywords = {**func.keywords, **keywords}\n"
    assert program.count(line) == 1
    assert checker.check(program.replace(line, "", 1)) == ()
    assert len(compiled) == before + 1
    assert compiled[-1].startswith("class partial:") and line not in compiled[-1]
