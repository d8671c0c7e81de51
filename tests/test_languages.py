"""What every language offers, checked once for all of them (tests/language_kit.py): its
registration, its sample programs, and a clear road to the fallback where its toolchain is
missing. The conformance suite over the same languages is in test_conformance.py."""

from __future__ import annotations

import pytest

from language_kit import LANGUAGES, checker_of, hide_executables
from lintseq_x.core.algorithm.checker import CheckerUnavailable
from lintseq_x.core.plugin_system.checker_selection import (
    DEFAULT, FALLBACK, choose_checker, default_name, fallback_name,
)
from lintseq_x.core.plugin_system.registry import registry


def test_registration(language_under_test):
    expected = language_under_test
    language = expected.language
    found = registry()
    assert (language.name, language.aliases, language.extensions, language.fences) == (
        expected.name, expected.aliases, expected.extensions, expected.fences,
    )
    for name in (expected.name, *expected.aliases):
        assert found.get(name) is language
    for suffix in expected.extensions:
        assert found.for_extension(suffix) is language
    assert (default_name(language), fallback_name(language)) == (expected.checkers[DEFAULT], expected.checkers.get(FALLBACK))
    entry = found.languages[language.name]
    if expected.plugin_module is None:  # a built-in: through its entry point, as a third party's
        assert (entry.plugin, entry.distribution) == (expected.name, "lintseq-x")
    else:
        assert entry.plugin == expected.plugin_module


def test_sample_programs(language_under_test):
    """Enough of them (the conformance kit runs them), each a realistic size."""
    files = language_under_test.corpus_files()
    assert len(files) >= 20
    for path in files:
        assert 10 <= len(path.read_text(encoding="utf-8").splitlines()) <= 150, path.name


def test_sample_programs_are_clean_under_each_checker(checker_run):
    """The real checker finds nothing in them on its own; a fallback, which judges states by what
    they add to their program, nothing bound to each (as the pipeline binds it)."""
    language, choice = checker_run
    with checker_of(language.language, choice) as checker:
        for path in language.corpus_files():
            program = path.read_text(encoding="utf-8")
            if choice == FALLBACK:
                checker.begin(program)
            assert checker.check(program) == (), path.name


@pytest.mark.parametrize("expected", [language for language in LANGUAGES if language.executables], ids=str)
def test_a_missing_toolchain_is_named_and_the_fallback_stands_in(expected, monkeypatch):
    language = expected.language
    needed = expected.executables[0]
    hide_executables(monkeypatch, expected.executables)
    with pytest.raises(CheckerUnavailable, match=f"'{needed}'"):
        language.checker()
    choice, notice = choose_checker(language, None)
    assert choice == FALLBACK
    assert f"'{needed}'" in notice and f"using the pip-only fallback checker {expected.checkers[FALLBACK]} instead" in notice
    with pytest.raises(CheckerUnavailable, match=f"'{needed}'.*; or run with `--checker fallback`"):
        choose_checker(language, DEFAULT)
