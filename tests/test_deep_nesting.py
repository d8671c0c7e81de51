"""Programs nested 5,000 levels deep, in every language and with each of its checkers.

Nothing on the way (the structure walk, the sampler, the scope analysis, a plugin's own walks,
`verify`) may raise RecursionError or crash: each program is either processed and its record
verified, or skipped with a reason (a front end that refuses such nesting says so). Deep trees
come from nested brackets, long operator chains, nested calls and types, long paths and use
trees; deep units from thousands of nested blocks over as many lines.
"""

from __future__ import annotations

import json

import pytest

from lintseq_x.core.algorithm.checker import CheckerUnavailable
from lintseq_x.core.plugin_system.checker_selection import DEFAULT, FALLBACK, build_checker
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.algorithm.sampler import SamplerSettings
from lintseq_x.core.output.verify import verify_record

DEPTH = 5000


def _one_line_forms(n: int) -> dict[str, dict[str, str]]:
    """Deep syntax trees on a single line."""
    ones = " + ".join(["1"] * n)
    return {
        "python": {
            "brackets": "x = " + "[" * n + "1" + "]" * n + "\nprint(x)\n",
            "operators": "x = " + ones + "\nprint(x)\n",
            "calls": "x = " + "abs(" * n + "1" + ")" * n + "\nprint(x)\n",
        },
        "javascript": {
            "brackets": "const x = " + "[" * n + "1" + "]" * n + ";\nconsole.log(x);\n",
            "operators": "const x = " + ones + ";\nconsole.log(x);\n",
            "arrows": "const f = " + "(a) => " * n + "1;\nconsole.log(f);\n",
        },
        "typescript": {
            "brackets": "const x = " + "[" * n + "1" + "]" * n + ";\nconsole.log(x);\n",
            "operators": "const x: number = " + ones + ";\nconsole.log(x);\n",
            "types": "type T = " + "Array<" * n + "number" + ">" * n + ";\nconst v: T = [];\nconsole.log(v);\n",
        },
        "go": {
            "brackets": "package main\n\nfunc main() {\n\tx := " + "(" * n + "1" + ")" * n + "\n\t_ = x\n}\n",
            "operators": "package main\n\nfunc main() {\n\tx := " + ones + "\n\t_ = x\n}\n",
            # Typed selectors walk types recursively: a result type nested this deep must not stop them.
            "types": "package main\n\ntype P struct{ X int }\n\nfunc f() " + "[]" * n + "P {\n\treturn nil\n}\n\n"
                     "func main() {\n\t_ = f()\n\tp := P{}\n\t_ = p.X\n}\n",
        },
        "rust": {
            "brackets": "fn main() {\n    let x = " + "(" * n + "1" + ")" * n + ";\n    println!(\"{}\", x);\n}\n",
            "operators": "fn main() {\n    let x = " + ones + ";\n    println!(\"{}\", x);\n}\n",
            # Nested use trees cost tree-sitter's queries the square of their depth: 1,500 levels
            # are past Python's recursion limit, which is what this form is here for.
            "use-trees": "use std::{" + "a::{" * min(n, 1500) + "b" + "}" * min(n, 1500) + "};\n\nfn main() {}\n",
            "paths": "fn main() {\n    let x = " + "::".join(["m"] * n) + "::f();\n    println!(\"{:?}\", x);\n}\n",
        },
        "java": {
            "brackets": "class Deep {\n    int x = " + "(" * n + "1" + ")" * n + ";\n}\n",
            "operators": "class Deep {\n    int x = " + ones + ";\n}\n",
            "generics": "import java.util.List;\n\nclass Deep {\n    " + "List<" * n + "String" + ">" * n + " x = null;\n}\n",
        },
        "c": {
            "brackets": "int main(void) {\n    int x = " + "(" * n + "1" + ")" * n + ";\n    return x;\n}\n",
            "operators": "int main(void) {\n    int x = " + ones + ";\n    return x;\n}\n",
            "pointers": "int main(void) {\n    int " + "*" * n + "p = 0;\n    return p == 0;\n}\n",
        },
        "cpp": {
            "brackets": "int main() {\n    int x = " + "(" * n + "1" + ")" * n + ";\n    return x;\n}\n",
            "operators": "int main() {\n    int x = " + ones + ";\n    return x;\n}\n",
            "templates": "#include <vector>\nint main() {\n    " + "std::vector<" * n + "int" + ">" * n
                         + " v;\n    return (int) v.size();\n}\n",
        },
    }


def _nested_blocks(language: str, n: int) -> str:
    """`n` nested blocks, one line each: a unit that owns thousands of dependents."""
    return {
        "python": "x = 1\n" + "".join("    " * i + "if x:\n" for i in range(n)) + "    " * n + "print(x)\n",
        "javascript": "let x = 1;\n" + "{\n" * n + "console.log(x);\n" + "}\n" * n,
        "typescript": "let x: number = 1;\n" + "{\n" * n + "console.log(x);\n" + "}\n" * n,
        "go": "package main\n\nfunc main() {\n\tx := 1\n" + "{\n" * n + "_ = x\n" + "}\n" * n + "}\n",
        "rust": "fn main() {\n    let x = 1;\n" + "{\n" * n + "println!(\"{}\", x);\n" + "}\n" * n + "}\n",
        "java": "class Deep {\n  static void f() {\n    int x = 1;\n" + "{\n" * n + "System.out.println(x);\n" + "}\n" * n + "  }\n}\n",
        "c": "int main(void) {\n    int x = 1;\n" + "{\n" * n + "x++;\n" + "}\n" * n + "    return x;\n}\n",
        "cpp": "int main() {\n    int x = 1;\n" + "{\n" * n + "x++;\n" + "}\n" * n + "    return x;\n}\n",
    }[language]


LANGUAGES = ("python", "javascript", "typescript", "go", "rust", "java", "c", "cpp")
# Thousands of nested blocks cost seconds to structure and sample; run them on the fallback
# (which refuses nothing for depth but JavaScript's and TypeScript's V8 limit), and on the
# default front end where a language has no fallback.
BLOCK_CHECKER = {language: FALLBACK for language in LANGUAGES} | {"python": DEFAULT}


def _checker_or_skip(language: str, checker: str) -> None:
    try:
        build_checker(registry().get(language), checker, registry().extra_checkers(language))
    except CheckerUnavailable as missing:
        pytest.skip(f"{language} {checker} checker unavailable here: {missing}")


def _assert_handled(language: str, checker: str, form: str, program: str) -> str:
    """Process `program`; it must be output and verified, or skipped with a reason. Returns the outcome."""
    record = InputRecord(0, f"deep.{form}", language, {"code": program}, "code", None, False, f"deep {form}")
    options = RunOptions(
        samples=1, seed=3, sampler=SamplerSettings(max_rounds=3), checkers=((language, checker),),
        max_program_lines=0, max_program_bytes=0,  # the size cap is not what is under test
    )
    result = process_record(record, options)
    assert result.failed is None, json.loads(result.failed).get("traceback", result.reason)
    if result.skipped:
        assert result.reason and "Recursion" not in result.reason, result.reason
        return "skipped"
    assert len(result.rows) == 1
    report = verify_record(json.loads(result.rows[0]), 0, registry())
    assert not report.violations, report.violations[:3]
    assert report.states >= 1
    return "output"


def _one_line_cases() -> list:
    cases = []
    for language, forms in _one_line_forms(1).items():
        for checker in (DEFAULT, FALLBACK):
            if checker == FALLBACK and registry().get(language).fallback is None:
                continue
            cases += [pytest.param(language, checker, form, id=f"{language}-{checker}-{form}") for form in forms]
    # A checker another plugin registers is plugin code too: pylint (astroid recurses).
    cases += [pytest.param("python", "pylint", form, id=f"python-pylint-{form}") for form in _one_line_forms(1)["python"]]
    return cases


@pytest.mark.parametrize(("language", "checker", "form"), _one_line_cases())
def test_deep_syntax_trees_are_processed_or_skipped_never_crash(language, checker, form):
    _checker_or_skip(language, checker)
    _assert_handled(language, checker, form, _one_line_forms(DEPTH)[language][form])


@pytest.mark.parametrize("language", LANGUAGES)
def test_thousands_of_nested_blocks_are_processed_or_skipped_never_crash(language):
    checker = BLOCK_CHECKER[language]
    _checker_or_skip(language, checker)
    outcome = _assert_handled(language, checker, "blocks", _nested_blocks(language, DEPTH))
    if checker == FALLBACK and language not in ("javascript", "typescript"):
        assert outcome == "output"  # tree-sitter and the scope analysis have no depth limit


def test_a_chain_of_go_type_aliases_longer_than_the_recursion_limit():
    """The Go fallback's typed selectors follow aliases; 1,100 of them in a row (past Python's
    recursion limit) must not stop it."""
    _checker_or_skip("go", FALLBACK)
    n = 1100
    program = ("package main\n\ntype P struct{ X int }\n\n" + "".join(f"type A{i} = A{i + 1}\n" for i in range(n))
               + f"type A{n} = P\n\nfunc main() {{\n\tvar a A0\n\t_ = a.X\n}}\n")
    assert _assert_handled("go", FALLBACK, "aliases", program) == "output"


def test_javascript_fallback_skips_what_v8_cannot_compile_for_depth():
    _checker_or_skip("javascript", FALLBACK)
    program = _one_line_forms(1200)["javascript"]["arrows"]
    record = InputRecord(0, "deep.js", "javascript", {"code": program}, "code", None, False, "deep")
    result = process_record(record, RunOptions(checkers=(("javascript", FALLBACK),)))
    assert result.skipped and "nested more than 1000 syntax levels deep" in result.reason
