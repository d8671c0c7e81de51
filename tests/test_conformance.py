"""The conformance kit: every language conforms, judged by its real tools; broken plugins are
caught and named."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pytest

from language_kit import KnownDeviationFailed, expect_known_deviations
from lintseq_x.core.algorithm.checker import Diagnostic
from lintseq_x.core.plugin_system.conformance import (
    TOOLS_CHECK, ConformanceError, assert_conforms, check_language, registered,
)
from lintseq_x.core.toolkit.external_tools import ExternalTool
from lintseq_x.core.plugin_system.checker_selection import FALLBACK
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.algorithm.language import Language
from lintseq_x.plugins.python import PYTHON

from helpers import cli, ok


@pytest.fixture
def corpus(tmp_path):
    """Two short Python programs: enough for every check, fast enough for a unit test."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "area.py").write_text(
        "import math\n\n\n# The area of a circle.\ndef area(r):\n    return math.pi * r ** 2\n\n\nprint(area(2))\n"
    )
    (folder / "total.py").write_text(
        "def total(items):\n    result = 0\n    for item in items:\n        result += item\n    return result\n\n\n"
        "print(total([1, 2, 3]))\n"
    )
    return folder


class AcceptsEverything:
    name = "accepts-everything"
    version = "1"
    settings: dict = {}

    def check(self, source: str) -> Sequence[Diagnostic]:
        return ()


def _independent_compile(source: str) -> str | None:
    try:
        compile(source, "<state>", "exec")
    except SyntaxError as error:
        return f"SyntaxError: {error.msg}"
    return None


class LaxPlugin:
    """A language whose checker accepts everything, while an independent judge does not."""

    def __init__(self, tools: tuple[ExternalTool, ...] = ()) -> None:
        self.tools = tools

    @hookimpl
    def register_languages(self, register):
        register(
            Language(
                name="laxpy",
                extensions=(".laxpy",),
                grammar=PYTHON.grammar,
                checker=AcceptsEverything,
                structure=PYTHON.structure,
                independent_checks=(_independent_compile,),
                tools=self.tools,
            )
        )


class RaisingChecker(AcceptsEverything):
    name = "raises"

    def check(self, source: str) -> Sequence[Diagnostic]:
        if "return" in source:
            raise RuntimeError("cannot judge a return")
        return ()


class RaisingPlugin:
    @hookimpl
    def register_languages(self, register):
        register(Language(name="raisepy", extensions=(".raisepy",), grammar=PYTHON.grammar, checker=RaisingChecker))


def test_every_language_conforms_judged_by_its_real_tools(checker_run, tmp_path, request):
    """Each checker of each language (tests/language_kit.py) on its sample programs and the
    kit's edge cases, every distinct state also judged by the language's real tools."""
    language, choice = checker_run
    expect_known_deviations(request, language, choice)
    tolerance = language.fallback_tolerance if choice == FALLBACK else 0.0
    report = check_language(
        language.name, samples=language.samples, checker=choice, corpus=language.conformance_corpus(tmp_path),
        tools=True, tool_tolerance=tolerance, batch_judges=language.batch_judges(),
    )
    assert report.checker["name"] == language.checkers[choice]
    assert report.programs == len(language.programs or language.corpus_files())
    assert report.paths >= report.programs and report.states > 5 * report.programs
    known = language.known.get(choice, ())
    unknown = [f for f in report.failures if not any(f.check == k.check and k.program in f.program for k in known)]
    assert not unknown, f"{len(unknown)} failures:\n" + "\n".join(map(str, unknown[:20]))
    if report.failures:
        raise KnownDeviationFailed("\n".join(map(str, report.failures[:5])))
    verdicts = report.tool_verdicts
    if verdicts.missing:
        pytest.skip(f"the invariants hold, but states were not judged by: {verdicts.missing}")
    assert verdicts.states >= report.programs and verdicts.rejected <= tolerance * verdicts.states


def test_python_conforms_on_a_small_corpus(corpus):
    report = assert_conforms("python", samples=2, corpus=corpus)
    assert report.programs == 2 and report.edge_cases >= 12
    assert report.paths > 0 and report.states > 0
    assert report.skipped >= 3  # empty, whitespace-only and the syntax error, each with a reason
    assert report.failed("processed") == 0 and report.passed["same seed, same bytes"] == report.records
    assert "tool_verdicts" not in report.as_dict()  # plugin-check's report, unless the tools judged


def test_a_checker_that_accepts_everything_is_named(corpus):
    for file in corpus.iterdir():
        file.rename(file.with_suffix(".laxpy"))
    with registered(LaxPlugin(), "lax"):
        report = check_language("laxpy", samples=3, corpus=corpus, jobs=1)
    assert not report.ok
    fatal = [failure for failure in report.failures if failure.check == "syntax error is fatal"]
    assert len(fatal) == 1 and fatal[0].program.startswith("syntax-error(") and "checker says: no diagnostics" in fatal[0].message
    # The syntax error was not skipped, and the independent judge rejects states it let through.
    assert any(f.check == "processed" and f.program.startswith("syntax-error(") for f in report.failures)
    unclean = [failure for failure in report.failures if failure.check == "every state clean"]
    assert unclean and all(f.sample is not None and f.state is not None for f in unclean)
    assert "SyntaxError" in unclean[0].message and str(unclean[0]).startswith("every state clean: ")


def test_a_checker_that_raises_is_named(corpus):
    for file in corpus.iterdir():
        file.rename(file.with_suffix(".raisepy"))
    with registered(RaisingPlugin(), "raising"):
        with pytest.raises(AssertionError, match=r"checker never raises: total.raisepy: check\(\) raised"):
            assert_conforms("raisepy", samples=1, corpus=corpus, jobs=1)


def test_real_tools_judge_the_states_a_lax_checker_lets_through(corpus):
    for file in corpus.iterdir():
        file.rename(file.with_suffix(".laxpy"))
    (corpus / "outside.laxpy").write_text("def f():\n    pass\n\n\nreturn f()\n")  # no compiler takes it
    # pyflakes rejects what the lax checker lets through: a state that uses a deleted name
    judge = ExternalTool("pyflakes", (sys.executable, "-m", "pyflakes", "{file}"), file_name="state.py")
    absent = ExternalTool("nosuch-compiler", ("nosuch-compiler-lintseq-x", "{file}"))
    with registered(LaxPlugin(tools=(judge, absent)), "lax"):
        report = check_language("laxpy", samples=2, corpus=corpus, jobs=1, tools=True)
        assert "tool_verdicts" in report.as_dict()
        verdicts = report.tool_verdicts
        assert verdicts.missing == {"nosuch-compiler": "not available: nosuch-compiler-lintseq-x is not installed"}
        assert verdicts.tools["pyflakes"] == "used"
        rejected = [failure for failure in report.failures if failure.check == TOOLS_CHECK]
        (itself,) = [failure for failure in rejected if failure.state is None]
        assert itself.program == "outside.laxpy" and itself.message.startswith("it rejects the sample program itself: pyflakes: ")
        rejected.remove(itself)
        assert len(rejected) == verdicts.rejected > 0 and verdicts.states > verdicts.rejected
        assert all(f.sample is not None and f.state is not None and f.message.startswith("pyflakes: ") for f in rejected)
        # a batch judge stands in for the tool; a tolerance forgives the states it rejects
        batches = []
        tolerant = check_language(
            "laxpy", samples=2, corpus=corpus, jobs=1, tools=True, tool_tolerance=1.0,
            batch_judges={"pyflakes": lambda states: batches.append(states) or [judge.check(state) for state in states]},
        )
    assert len(batches) == 1 and len(batches[0]) >= tolerant.tool_verdicts.states  # one call, for every state
    assert (tolerant.tool_verdicts.states, tolerant.tool_verdicts.rejected) == (verdicts.states, verdicts.rejected)
    # the sample program itself is never forgiven
    assert [failure.program for failure in tolerant.failures if failure.check == TOOLS_CHECK] == ["outside.laxpy"]


def test_unknown_language_is_one_line():
    with pytest.raises(ConformanceError, match="unknown language 'nosuch'"):
        check_language("nosuch")


def test_plugin_check_command(tmp_path):
    done = cli(tmp_path, "plugin-check", "nosuch")
    assert done.returncode == 2 and "unknown language 'nosuch'" in done.stderr and "Traceback" not in done.stderr
    # The command end to end, on a real plugin, is in test_example_plugin.py.
    assert ok(cli(tmp_path, "plugin-check", "--help"))
