"""JavaScript's pip-only fallback: tree-sitter scopes from plugins/javascript/locals.scm. Its
paths on the corpus, judged by V8, are in the conformance suite (test_conformance.py)."""

from __future__ import annotations

from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.plugins.javascript import JAVASCRIPT


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
