"""A second checker for an existing language: the `register_checkers` hook, `--checker NAME`,
`lintseq-x languages`, and the pylint checker with the reference tool's error set."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from lintseq_x.core.plugin_system import registry as plugin_registry
from lintseq_x.core.algorithm.checker import Checker, CheckerUnavailable, Diagnostic, inert_lines
from lintseq_x.core.plugin_system.checker_selection import DEFAULT, build_checker, choice_for_record, choose_checker
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system.guard import _checkers
from lintseq_x.core.output.verify import verify_record
from lintseq_x.plugins.python import PYTHON

from helpers import CIRCLES, cli, ok, record_for


class NoPrintChecker:
    """The default Python judgement, plus: a call to `print` is an error (a visible difference)."""

    name = "python-no-print"
    version = "1"
    settings: dict = {}

    def __init__(self) -> None:
        self.inner = PYTHON.checker()

    def check(self, source):
        found = list(self.inner.check(source))
        for number, line in enumerate(source.split("\n"), start=1):
            if "print(" in line:
                found.append(Diagnostic(number, "NoPrint", "print() is not allowed"))
        return found


class AbleNoPrintChecker(NoPrintChecker):
    """A checker as plugin API v2 allowed (no base class), with optional abilities of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.begun: list[str] = []

    def begin(self, program):
        self.begun.append(program)

    def declaring_lines(self, program):
        return frozenset({0})

    def check_syntax(self, source):
        return ()


class NoPrintPlugin:
    @hookimpl
    def register_checkers(self, register):
        register("py", "no-print", NoPrintChecker, description="no print() calls")  # by alias


class BadCheckersPlugin:
    @hookimpl
    def register_checkers(self, register):
        register("cobol", "strict", NoPrintChecker)
        register("python", "Bad Name", NoPrintChecker)
        register("python", "default", NoPrintChecker)
        register("python", "python-pyflakes", NoPrintChecker)
        register("python", "broken", "not callable")
        register("python", "no-print", NoPrintChecker)  # taken by NoPrintPlugin
        register("python", "fine", NoPrintChecker)


class RaisingHookPlugin:
    @hookimpl
    def register_checkers(self, register):
        raise RuntimeError("checker hook exploded")


class LanguageAndCheckerPlugin:
    """Registers a checker for a language that a plugin loaded after it registers."""

    @hookimpl
    def register_checkers(self, register):
        register("late", "late-checker", NoPrintChecker)


class LatePlugin:
    @hookimpl
    def register_languages(self, register):
        register(Language(name="late", extensions=(".late",), grammar=PYTHON.grammar, checker=NoPrintChecker))


@pytest.fixture
def with_no_print(monkeypatch):
    found = plugin_registry.build_registry(extra_plugins=(("noprint", NoPrintPlugin()),))
    monkeypatch.setattr(plugin_registry, "_registry", found)
    _checkers.clear()
    yield found
    _checkers.clear()


def test_a_checker_registers_for_another_plugins_language(with_no_print):
    entry = with_no_print.checkers["python"]["no-print"]
    assert (entry.plugin, entry.distribution, entry.description) == ("noprint", "in-process", "no print() calls")
    assert not with_no_print.problems


def test_checkers_resolve_after_all_languages_whatever_the_order():
    found = plugin_registry.build_registry(extra_plugins=(("first", LanguageAndCheckerPlugin()), ("second", LatePlugin())))
    assert "late-checker" in found.checkers["late"] and not found.problems


def test_faulty_checker_registrations_are_named_and_the_rest_registers():
    found = plugin_registry.build_registry(
        extra_plugins=(("noprint", NoPrintPlugin()), ("bad", BadCheckersPlugin()), ("raising", RaisingHookPlugin()))
    )
    messages = [(problem.plugin, problem.message) for problem in found.problems]
    assert ("raising", "checker hook exploded") in messages
    bad = [message for plugin, message in messages if plugin == "bad"]
    assert len(bad) == 6, bad
    assert "language 'cobol', which no loaded plugin registers" in bad[0]
    assert "invalid checker name 'Bad Name'" in bad[1]
    assert "'default' is taken by the language's own checkers" in bad[2]
    assert "'python-pyflakes' is taken" in bad[3]
    assert "factory must be a callable" in bad[4]
    assert "'no-print' is already registered by plugin 'noprint'" in bad[5]
    assert set(found.checkers["python"]) >= {"no-print", "fine"}
    assert found.get("python") is PYTHON  # languages are untouched


def test_a_checker_without_the_base_class_keeps_its_abilities_and_gets_the_defaults():
    plain = build_checker(PYTHON, "no-print", {"no-print": NoPrintChecker})
    assert isinstance(plain, Checker)
    assert (plain.name, plain.version, plain.settings) == ("python-no-print", "1", {})
    plain.begin("x = 1\n")  # learns nothing
    assert plain.declaring_lines("x = 1\n") is None  # cannot say
    assert list(plain.dependent_lines("x = 1\ny = x\n")) == []
    assert plain.check_syntax("print(1)\n") == plain.check("print(1)\n")  # the whole check
    able = build_checker(PYTHON, "able", {"able": AbleNoPrintChecker})
    able.begin("x = 1\ny = 2\n")
    assert able.inner.begun == ["x = 1\ny = 2\n"]
    assert inert_lines(able, "x = 1\ny = 2\n") == frozenset({1, 2})  # the line after the last too
    assert able.check_syntax("print(1)\n") == ()
    assert type(build_checker(PYTHON)).__name__ == "PythonChecker"  # a subclass is used as it is


def test_choosing_an_extra_checker(with_no_print):
    extras = with_no_print.extra_checkers("python")
    assert choose_checker(PYTHON, "no-print", extras) == ("no-print", None)
    assert choose_checker(PYTHON, "python-no-print", extras) == ("no-print", None)  # by its own name too
    with pytest.raises(CheckerUnavailable, match=r"has no checker 'nope' \(it has: python-pyflakes, pylint, no-print, "):
        choose_checker(PYTHON, "nope", extras)
    assert choice_for_record(PYTHON, {"name": "python-no-print"}, extras) == "no-print"
    assert choice_for_record(PYTHON, {"name": "python-pyflakes"}, extras) == DEFAULT


def test_records_carry_the_extra_checker_and_obey_it(with_no_print):
    options = RunOptions(samples=3, checkers=(("python", "no-print"),))
    result = process_record(record_for(CIRCLES.replace("print(name, round(value, 2))", "pass")), options)
    rows = [json.loads(row) for row in result.rows]
    assert rows and all(row["checker"]["name"] == "python-no-print" for row in rows)
    # The same program with a print() is rejected by this checker, not by the default one.
    assert process_record(record_for(CIRCLES), options).skipped is not None
    assert process_record(record_for(CIRCLES), RunOptions()).skipped is None


def test_records_made_with_an_extra_checker_verify(with_no_print):
    options = RunOptions(samples=2, checkers=(("python", "no-print"),))
    rows = [json.loads(row) for row in process_record(record_for("x = 1\ny = x\n"), options).rows]
    assert len(rows) == 2 and not verify_record(rows[0], 0, with_no_print).violations


def test_a_missing_dependency_is_one_line_saying_how_to_install_it(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from lintseq_x.core.cli import app

    monkeypatch.setitem(sys.modules, "pylint", None)  # as if pylint were not installed
    source = tmp_path / "in.py"
    source.write_text("x = 1\n")
    result = CliRunner().invoke(app, ["run", str(source), "--lang", "python", "--checker", "pylint", "-q"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: the pylint checker needs pylint, which is not installed: pip install 'lintseq-x[pylint]'"
    )


def test_cli_lists_other_checkers_and_names_a_missing_one(tmp_path):
    listed = json.loads(ok(cli(tmp_path, "languages", "--json")).stdout)
    python = next(entry for entry in listed["languages"] if entry["name"] == "python")
    pylint = next(extra for extra in python["other_checkers"] if extra["name"] == "pylint")
    assert (pylint["plugin"], pylint["distribution"]) == ("python", "lintseq-x")
    result = cli(tmp_path, "run", "--lang", "python", "--checker", "nope", "-q")
    assert result.returncode == 2 and "no selected language has a checker named 'nope'" in result.stderr


needs_pylint = pytest.mark.skipif(
    importlib.util.find_spec("pylint") is None, reason="pylint is not installed (pip install 'lintseq-x[pylint]')"
)


@pytest.fixture(scope="module")
def pylint_checker():
    from lintseq_x.plugins.python.pylint_checker import PylintChecker

    return PylintChecker()


@needs_pylint
def test_pylint_checker_has_the_reference_error_set(pylint_checker):
    def codes(source):
        return [(d.line, d.code, d.fatal) for d in pylint_checker.check(source)]

    assert codes("x = 1\nprint(x)\n") == []
    assert codes("import os\ndef f(a):\n    unused = 1\n") == []  # warnings W0611/W0612 do not count
    assert codes("def f():\n    return y\n") == [(2, "E0602", False)]
    assert codes("if True:\n      y = 2\n") == [(2, "W0311", False)]  # bad indentation counts
    base = "class B:\n    def __init__(self):\n        self.x = 1\n"
    assert codes(base + "class A(B):\n    def __init__(self):\n        pass\n") == [(5, "W0231", False)]
    # A syntax error saying "on line N" blames line N, as the reference does.
    assert codes("def f():\n\nx = 1\n") == [(1, "E0001", True)]


@needs_pylint
def test_pylint_checker_answers_the_same_whatever_it_checked_before(pylint_checker):
    program = "import math\n\ndef area(r):\n    return math.pi * r ** 2\n\nprint(area(2), z)\n"
    first = pylint_checker.check(program)
    for other in ("def f(:\n", "class A:\n    pass\n", "import math\nmath.floor(1)\n"):
        pylint_checker.check(other)
    assert pylint_checker.check(program) == first and [d.code for d in first] == ["E0602"]


@needs_pylint
def test_paper_parity_run_with_pylint(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"instruction": "circles", "response": CIRCLES}) + "\n")
    ok(cli(tmp_path, "run", source, "--lang", "python", "--checker", "pylint", "--paper-parity", "-s", "2", "-j", "1",
           "-o", tmp_path / "out.jsonl", "-q"))
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(rows) == 2 and {row["checker"]["name"] for row in rows} == {"python-pylint"}
    assert rows[0]["sampler"] == {"weighting": "indent", "max_rounds": 512, "distinct_paths": False}
    conflicting = cli(tmp_path, "run", source, "--lang", "python", "--paper-parity", "--weighting", "uniform", "-q")
    assert conflicting.returncode == 2 and "--paper-parity uses --weighting indent, --max-rounds 512 and --independent-paths" in conflicting.stderr
