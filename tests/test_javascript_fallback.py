"""JavaScript's pip-only fallback: tree-sitter scopes from plugins/javascript/locals.scm."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
from lintseq_x.plugins.javascript import JAVASCRIPT
from lintseq_x.plugins.javascript.checker import node_check

CORPUS = sorted(Path(JAVASCRIPT.corpus).iterdir())


def judge(program: str, state: str):
    checker = build_checker(JAVASCRIPT, FALLBACK)
    checker.begin(program)
    return [(d.line, d.code) for d in checker.check(state)]


def test_destructuring_private_members_and_hoisted_functions():
    program = (
        "class Counter {\n  #count = 0;\n  #bump() { this.#count += 1; }\n  tick() { this.#bump(); return this.#count; }\n}\n"
        "for (const [key, { value }] of Object.entries({ a: { value: 1 } })) console.log(key, value);\n"
        "console.log(twice(2));\nfunction twice(x) { return 2 * x; }\n"
    )
    assert judge(program, program) == []
    assert judge(program, program.replace("  #count = 0;\n", "")) == [(2, "UnresolvedName"), (3, "UnresolvedName")]
    assert judge(program, program.replace("function twice(x) { return 2 * x; }\n", "")) == [(7, "UnresolvedName")]
    assert judge(program, "for (const [key] of []) console.log(key, value);\n") == [(1, "UnresolvedName")]


def test_every_corpus_program_is_clean_under_the_fallback():
    for path in CORPUS:
        source = path.read_text()
        assert judge(source, source) == [], path.name


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: no independent JavaScript judge")
def test_fallback_paths_are_accepted_by_v8():
    rejected, states = [], set()
    for index, path in enumerate(CORPUS):
        record = InputRecord(index, path.name, "javascript", {"code": path.read_text()}, "code", None, False, path.name)
        result = process_record(record, RunOptions(samples=1, seed=4, checkers=(("javascript", FALLBACK),)))
        assert result.failed is None and result.skipped is None, (path.name, result.reason)
        (row,) = [json.loads(line) for line in result.rows]
        assert row["checker"]["name"] == "javascript-tree-sitter-scopes"
        states.update(apply_diffs(row["edit_path"])[1:])
    rejected = [state for state in states if node_check(state)]
    assert len(states) > 300 and rejected == []
