"""The languages under test, described once, and the fixtures that run the shared cases over them.

The shared suite (test_languages.py, and the conformance suite in test_conformance.py) is
parametrized over `LANGUAGES`: every built-in language and the example plugin
(examples/lintseq-x-lua), each with every checker it has. Each language's own test file keeps
only what is particular to it. tests/conftest.py loads this module as a pytest plugin.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from lintseq_x.core.algorithm.checker import Checker, CheckerUnavailable
from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.plugin_system.checker_selection import DEFAULT, FALLBACK, build_checker
from lintseq_x.core.plugin_system.conformance import TOOLS_CHECK, BatchJudge, registered
from lintseq_x.core.plugin_system.registry import registry

EXAMPLE_PLUGIN = Path(__file__).resolve().parents[1] / "examples" / "lintseq-x-lua"


@dataclass(frozen=True)
class KnownDeviation:
    """A conformance failure that is a known bug of a plugin, not of the test: which check fails
    on which program (a corpus file, or an edge case made from it), and why."""

    check: str
    program: str
    reason: str


@dataclass(frozen=True)
class LanguageUnderTest:
    """What the shared suite expects of one language.

    checkers: the name of each checker by choice (default, and fallback where it has one).
    executables: what its default checker needs on PATH, first named when missing.
    programs: the corpus programs the conformance suite runs, where running all is slow
        (None: all of them).
    samples: edit paths the conformance suite samples per program.
    fallback_tolerance: the share of the fallback's states its real tools may reject (it sees
        less than a compiler by design; docs/languages.md has the measured rates).
    known: conformance failures per choice that are known plugin bugs (xfail, strict).
    batch_judges: by tool name, one run of that tool over many states (see `check_language`),
        where a run per state would take minutes.
    """

    name: str
    aliases: tuple[str, ...]
    extensions: tuple[str, ...]
    fences: tuple[str, ...]
    checkers: dict[str, str]
    executables: tuple[str, ...] = ()
    programs: tuple[str, ...] | None = None
    samples: int = 2
    fallback_tolerance: float = 0.0
    known: dict[str, tuple[KnownDeviation, ...]] = field(default_factory=dict)
    batch_judges: Callable[[], dict[str, BatchJudge]] = dict
    plugin_module: str | None = None  # a plugin registered in process for the session (the example)

    def __str__(self) -> str:
        return self.name

    @property
    def language(self) -> Language:
        return registry().get(self.name)

    @contextmanager
    def registered(self) -> Iterator[Language]:
        """The process-wide registry with this language in it while the block runs."""
        plugin = None
        if self.plugin_module is not None:
            if str(EXAMPLE_PLUGIN) not in sys.path:
                sys.path.insert(0, str(EXAMPLE_PLUGIN))
            plugin = importlib.import_module(self.plugin_module)
        with registered(plugin):
            yield self.language

    def corpus_files(self) -> list[Path]:
        return sorted(path for path in Path(self.language.corpus).iterdir() if path.suffix in self.language.extensions)

    def conformance_corpus(self, folder: Path) -> Path | None:
        """The sample programs the conformance suite runs: `programs`, copied into `folder`, or
        None for the language's whole corpus."""
        if self.programs is None:
            return None
        for name in self.programs:
            shutil.copy(Path(self.language.corpus) / name, folder / name)
        return folder


# py_compile on each file named, in one interpreter: a line per file, "ok" or the error.
_PY_COMPILE_EACH = """
import py_compile, sys
for path in sys.argv[1:]:
    try:
        py_compile.compile(path, doraise=True)
    except py_compile.PyCompileError as error:
        print(" ".join(error.msg.split()))
    else:
        print("ok")
"""


def _py_compile_judges() -> dict[str, BatchJudge]:
    from lintseq_x.plugins.python import PYTHON

    (tool,) = PYTHON.tools

    def judge(states: list[str]) -> list[str | None]:
        with tempfile.TemporaryDirectory(prefix="lintseq-x-py-compile-") as folder:
            files = [str(Path(folder, f"s{number}.py")) for number in range(len(states))]
            for path, state in zip(files, states):
                Path(path).write_text(state, encoding="utf-8")
            done = subprocess.run([sys.executable, "-c", _PY_COMPILE_EACH, *files], capture_output=True, text=True, check=True)
        return [None if said == "ok" else f"{tool.name}: {said}" for said in done.stdout.splitlines()]

    return {tool.name: judge}


def _v8_judges() -> dict[str, BatchJudge]:
    """`node --check` as the plugin's own judge runs it: V8's parser (JSX lowered first), in one
    node process for all states instead of two a state (test_javascript.py checks that the two
    agree; test_jsx.py runs `verify --strict` with the tool itself)."""
    from lintseq_x.plugins.javascript.checker import NODE_CHECK, node_check

    return {NODE_CHECK.name: lambda states: [said and f"{NODE_CHECK.name}: {said}" for said in map(node_check, states)]}


def _tsc_judges() -> dict[str, BatchJudge]:
    from lintseq_x.plugins.typescript.checker import TSC, tsc_errors

    def judge(states: list[str]) -> list[str | None]:
        with tempfile.TemporaryDirectory(prefix="lintseq-x-tsc-") as folder:
            files = [Path(folder, f"s{number}.ts") for number in range(len(states))]
            for path, state in zip(files, states):
                path.write_text(state, encoding="utf-8")
            said = tsc_errors(files, Path(folder))  # every file is its own module
        return [f"{TSC.name}: " + " | ".join(said[path.name][:3]) if said[path.name] else None for path in files]

    return {TSC.name: judge}


def _javac_judges() -> dict[str, BatchJudge]:
    from lintseq_x.plugins.java.checker import JAVAC, javac_batch

    return {JAVAC.name: lambda states: [said and f"{JAVAC.name}: {said}" for said in javac_batch(states)]}


# C and C++ fallbacks bind a program's own parse errors as a preprocessor's doing (a macro call
# tree-sitter cannot read), so a program with a real syntax error is processed, not skipped.
_SYNTAX_ERROR_PROCESSED = KnownDeviation(
    "processed", "syntax-error(",
    "the fallback processes a program with a syntax error (its parse errors taken for unread macros) instead of skipping it",
)

LANGUAGES = (
    LanguageUnderTest(
        "python", ("py", "python3"), (".py", ".pyi"), ("python", "py", "python3"), {DEFAULT: "python-pyflakes"},
        batch_judges=_py_compile_judges,
        # 52 programs: eight, with the edge cases made from them, hold every invariant's test.
        programs=("async_pipeline.py", "bank_account.py", "binary_search_tree.py", "expression_parser.py",
                  "json_flatten.py", "lru_cache.py", "matrix.py", "word_frequency.py"),
    ),
    LanguageUnderTest(
        "javascript", ("js",), (".js", ".mjs", ".cjs", ".jsx"), ("javascript", "js", "jsx"),
        {DEFAULT: "javascript-espree", FALLBACK: "javascript-tree-sitter-scopes"}, executables=("node",),
        batch_judges=_v8_judges,
    ),
    LanguageUnderTest(
        "typescript", ("ts",), (".ts", ".mts", ".cts"), ("typescript", "ts"),
        {DEFAULT: "typescript-estree", FALLBACK: "typescript-tree-sitter-scopes"}, executables=("node",),
        batch_judges=_tsc_judges,
    ),
    LanguageUnderTest(
        "go", ("golang",), (".go",), ("go", "golang"), {DEFAULT: "go-types", FALLBACK: "go-tree-sitter-scopes"},
        executables=("go",),
    ),
    LanguageUnderTest(
        "c", (), (".c", ".h"), ("c", "h"), {DEFAULT: "c-libclang", FALLBACK: "c-tree-sitter-scopes"},
        # gcc rejects 0.6% of the fallback's states on this corpus: what only a preprocessor sees.
        fallback_tolerance=0.01, known={FALLBACK: (_SYNTAX_ERROR_PROCESSED,)},
    ),
    LanguageUnderTest(
        "cpp", ("c++", "cxx"), (".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx"), ("cpp", "c++", "cxx"),
        {DEFAULT: "cpp-libclang", FALLBACK: "cpp-tree-sitter-scopes"},
        # libclang with the standard headers costs about 2 s a program, g++ a second a state.
        programs=("counter_class.cpp", "enum_class.cpp", "matrix_ops.cpp", "point_ops.cpp"), samples=1,
        fallback_tolerance=0.01,
        known={FALLBACK: (_SYNTAX_ERROR_PROCESSED, KnownDeviation(
            TOOLS_CHECK, "enum_class.cpp",
            "a `case` label left last in its block (its `return` deleted): g++ -std=c++17 rejects it, the fallback lets it through",
        ))},
    ),
    LanguageUnderTest(
        "rust", ("rs",), (".rs",), ("rust", "rs"), {DEFAULT: "rust-tree-sitter-resolve", FALLBACK: "rust-tree-sitter-scopes"},
        fallback_tolerance=0.01,
        known={FALLBACK: (
            KnownDeviation(
                TOOLS_CHECK, "macros.rs",
                "a name used in a macro's third argument on (`writeln!(f, \"[{}]\", row.join(\", \"))`) is no reference "
                "to the fallback: its `let` is deleted first, and rustc rejects the states after",
            ),
            KnownDeviation(TOOLS_CHECK, "matrix.rs", "the same, in `impl fmt::Display for Matrix`"),
            KnownDeviation(
                TOOLS_CHECK, "modules.rs",
                "a `use super::units::miles` or `use pace::Run` is kept after the module lost the item: the fallback "
                "does not follow paths into modules",
            ),
        )},
    ),
    LanguageUnderTest(
        "java", (), (".java",), ("java",), {DEFAULT: "java-javac", FALLBACK: "java-tree-sitter-scopes"},
        executables=("java", "javac"), batch_judges=_javac_judges,
        # javac starts a JVM for its helper and its judge: a few programs (test_java.py has javac
        # judge the whole corpus in one batch).
        programs=("LruCache.java", "Shapes.java", "TemperatureStats.java", "WordFrequency.java"), samples=1,
        # names, not types: a constructor call left with arguments a deleted constructor took
        # (1.2% of its states on the whole corpus, all in Library.java)
        fallback_tolerance=0.02,
    ),
    LanguageUnderTest(
        "lua", (), (".lua",), ("lua",), {DEFAULT: "lua-5.4-load+scopes", FALLBACK: "lua-tree-sitter-scopes"},
        plugin_module="lintseq_x_lua",
    ),
)

def checker_runs() -> list[Any]:
    """(language, choice) for every checker of every language, named `python-default`, ..."""
    return [
        pytest.param((language, choice), id=f"{language.name}-{choice}")
        for language in LANGUAGES
        for choice in language.checkers
    ]


def expect_known_deviations(request: pytest.FixtureRequest, language: LanguageUnderTest, choice: str) -> None:
    """Mark the running test xfail (strict) where `choice` has known plugin bugs: it is to fail
    with `KnownDeviationFailed`, and fails outright on anything else or once they are fixed."""
    known = language.known.get(choice)
    if known:
        reason = "; ".join(deviation.reason for deviation in known)
        request.node.add_marker(pytest.mark.xfail(strict=True, raises=KnownDeviationFailed, reason=reason))


class KnownDeviationFailed(Exception):
    """The conformance kit found known plugin bugs and nothing else (`LanguageUnderTest.known`)."""


@contextmanager
def checker_of(language: Language, choice: str = DEFAULT) -> Iterator[Checker]:
    """A checker of its own (not the one the pipeline caches), for tests that bind it to a
    program with `begin`; its helper process, if it has one, is closed afterwards."""
    checker = build_checker(language, choice)
    try:
        yield checker
    finally:
        helper = getattr(checker, "helper", None)
        if helper is not None:
            helper.close()


def checker_missing(language: Language, choice: str = DEFAULT) -> str | None:
    """Why the checker of `choice` cannot be built here (a toolchain not installed), or None."""
    try:
        with checker_of(language, choice):
            return None
    except CheckerUnavailable as error:
        return str(error)


def requires_checker(language: Language, choice: str = DEFAULT) -> None:
    """Skip the test, saying why, where the checker cannot be built here."""
    missing = checker_missing(language, choice)
    if missing is not None:
        pytest.skip(f"the {choice} {language.name} checker is not available here: {missing}")


def needs_checker(language: Language, choice: str = DEFAULT) -> pytest.MarkDecorator:
    """A mark that skips the test, saying why, where the checker cannot be built here."""
    missing = checker_missing(language, choice)
    return pytest.mark.skipif(missing is not None, reason=f"the {choice} {language.name} checker is not available here: {missing}")


def hide_executables(monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...]) -> None:
    """`shutil.which` finds none of `names`, as on a machine without them."""
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda tool, *args, **kwargs: None if tool in names else real_which(tool, *args, **kwargs))


@pytest.fixture(params=LANGUAGES, ids=str)
def language_under_test(request: pytest.FixtureRequest) -> Iterator[LanguageUnderTest]:
    """Each language of `LANGUAGES`, registered while the test runs."""
    with request.param.registered():
        yield request.param


@pytest.fixture(params=checker_runs())
def checker_run(request: pytest.FixtureRequest) -> Iterator[tuple[LanguageUnderTest, str]]:
    """(language, checker choice) for every checker of every language, registered; skipped,
    saying why, where the checker cannot be built here."""
    language, choice = request.param
    with language.registered() as registered_language:
        requires_checker(registered_language, choice)
        yield language, choice
