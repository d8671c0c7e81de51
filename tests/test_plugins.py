"""The plugin mechanism: in-process registration, and faults that stay contained."""

from __future__ import annotations

from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.algorithm.language import Language, LanguageError
from lintseq_x.core.plugin_system.registry import UnknownLanguage, build_registry
from lintseq_x.plugins.python import PYTHON

import pytest


class _TinyChecker:
    name = "tiny"
    version = "1"
    settings: dict = {}

    def check(self, source):
        return ()


def _language(name: str, **overrides) -> Language:
    fields = dict(name=name, extensions=(".tiny",), grammar=PYTHON.grammar, checker=_TinyChecker)
    fields.update(overrides)
    return Language(**fields)


class GoodPlugin:
    @hookimpl
    def register_languages(self, register):
        register(_language("tiny", aliases=("tn",)))


class DuplicatePlugin:
    @hookimpl
    def register_languages(self, register):
        register(_language("python"))  # taken by the built-in plugin
        register(_language("other", extensions=(".other",)))


class RaisingPlugin:
    @hookimpl
    def register_languages(self, register):
        raise RuntimeError("grammar wheel missing")


class WrongTypePlugin:
    @hookimpl
    def register_languages(self, register):
        register({"name": "dict-is-not-a-language"})


def test_builtin_python_comes_through_the_entry_point():
    found = build_registry()
    entry = found.languages["python"]
    assert (entry.plugin, entry.distribution) == ("python", "lintseq-x")
    assert found.get("py") is found.get("python3") is entry.language
    assert found.for_extension(".PY") is entry.language


def test_in_process_plugin_registers_a_language():
    found = build_registry(extra_plugins=(("good", GoodPlugin()),))
    assert found.get("tn").name == "tiny"
    assert found.for_extension(".tiny").name == "tiny"
    assert not found.problems


def test_faulty_plugins_are_named_and_others_keep_working():
    found = build_registry(
        extra_plugins=(("dup", DuplicatePlugin()), ("raising", RaisingPlugin()), ("wrong", WrongTypePlugin()))
    )
    messages = {problem.plugin: problem.message for problem in found.problems}
    assert "already registered by plugin 'python'" in messages["dup"]
    assert "grammar wheel missing" in messages["raising"]
    assert "expects a lintseq_x Language" in messages["wrong"]
    assert found.get("python") is PYTHON and found.get("other").name == "other"


def test_blocking_and_selecting_plugins(monkeypatch):
    monkeypatch.setenv("LINTSEQ_X_BLOCK_PLUGINS", "python")
    assert "python" not in build_registry().languages
    monkeypatch.delenv("LINTSEQ_X_BLOCK_PLUGINS")
    monkeypatch.setenv("LINTSEQ_X_DISABLE_ENTRY_POINTS", "1")
    assert build_registry().languages == {}


def test_unknown_language_lists_what_is_installed():
    with pytest.raises(UnknownLanguage, match=r"unknown language 'cobol' \(installed: [a-z, +]*\bpython\b"):
        build_registry().get("cobol")


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"name": "Bad Name"}, "invalid language name"),
        ({"extensions": ("py",)}, "must start with a dot"),
        ({"checker": "not callable"}, "must be callables"),
        ({"corpus": "/nonexistent/corpus"}, "is not a directory"),
    ],
)
def test_malformed_descriptions_are_rejected(overrides, message):
    with pytest.raises(LanguageError, match=message):
        _language(overrides.pop("name", "tiny"), **overrides)


class NoArgumentsPlugin:
    """pluggy lets an implementation take fewer arguments than the spec names."""

    @hookimpl
    def register_languages(self):
        NoArgumentsPlugin.called = True


def test_hook_implementations_may_take_a_subset_of_arguments():
    found = build_registry(extra_plugins=(("none", NoArgumentsPlugin()),))
    assert NoArgumentsPlugin.called and not found.problems


def test_registering_the_same_plugin_twice_is_reported_not_raised():
    plugin = GoodPlugin()
    found = build_registry(extra_plugins=(("first", plugin), ("second", plugin)))
    assert found.get("tiny").name == "tiny"
    assert [problem.plugin for problem in found.problems] == ["second"]
    assert "failed to load" in found.problems[0].message


def test_uppercase_alias_is_rejected():
    with pytest.raises(LanguageError, match="invalid language name or alias 'PY3'"):
        _language("tiny", aliases=("PY3",))
