"""Discovering plugins and the registry of languages (and extra checkers) they provide.

Every language, the built-in ones included, arrives through the `lintseq_x` entry-point group,
so built-ins and third-party plugins travel the same road. A plugin that fails to import, whose
hook raises, or that registers something invalid is recorded as a `PluginProblem` naming its
distribution; it never takes the other languages down.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pluggy

from . import hookspecs
from ..algorithm.checker import Checker
from .checker_selection import DEFAULT, FALLBACK, default_name, fallback_name
from ..algorithm.language import Language, LanguageError, is_valid_name, spellings

ENTRY_POINT_GROUP = "lintseq_x"


@dataclass(frozen=True)
class PluginProblem:
    plugin: str
    distribution: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.distribution}): {self.message}"


@dataclass(frozen=True)
class RegisteredLanguage:
    language: Language
    plugin: str
    distribution: str
    version: str


@dataclass(frozen=True)
class RegisteredChecker:
    """A checker a plugin added to a language (its own or another plugin's)."""

    language: str
    name: str
    factory: Callable[[], Checker]
    description: str
    plugin: str
    distribution: str
    version: str


class UnknownLanguage(LookupError):
    pass


class Registry:
    """The languages that the loaded plugins registered, by name and alias."""

    def __init__(self) -> None:
        self.languages: dict[str, RegisteredLanguage] = {}
        self._names: dict[str, str] = {}
        # language name -> checker name -> the checker: what `--checker NAME` can select
        self.checkers: dict[str, dict[str, RegisteredChecker]] = {}
        self.problems: list[PluginProblem] = []

    def add(self, language: Any, plugin: str, distribution: str, version: str) -> None:
        if not isinstance(language, Language):
            raise LanguageError(f"register() expects a lintseq_x Language, got {type(language).__name__}")
        for name in (language.name, *language.aliases):
            if name in self._names:
                owner = self.languages[self._names[name]]
                raise LanguageError(
                    f"language name {name!r} is already registered by plugin {owner.plugin!r} ({owner.distribution})"
                )
        self.languages[language.name] = RegisteredLanguage(language, plugin, distribution, version)
        for name in (language.name, *language.aliases):
            self._names[name] = language.name

    def add_checker(
        self, language: Any, name: Any, factory: Any, description: Any, plugin: str, distribution: str, version: str
    ) -> None:
        key = self._names.get(str(language).lower())
        if key is None:
            raise LanguageError(f"checker {name!r} is for language {language!r}, which no loaded plugin registers")
        if not is_valid_name(name):
            raise LanguageError(f"{key}: invalid checker name {name!r} (lowercase letters, digits, _+-)")
        if not callable(factory):
            raise LanguageError(f"{key}: checker {name!r}: the factory must be a callable returning a Checker")
        if not isinstance(description, str):
            raise LanguageError(f"{key}: checker {name!r}: the description must be a string")
        owner = self.languages[key]
        if name in ("auto", DEFAULT, FALLBACK, default_name(owner.language), fallback_name(owner.language)):
            raise LanguageError(f"{key}: checker name {name!r} is taken by the language's own checkers")
        for taken in self.checkers.get(key, {}).values():
            if name in (taken.name, getattr(taken.factory, "name", None)):
                raise LanguageError(
                    f"{key}: checker name {name!r} is already registered by plugin {taken.plugin!r} ({taken.distribution})"
                )
        entry = RegisteredChecker(key, name, factory, description, plugin, distribution, version)
        self.checkers.setdefault(key, {})[name] = entry

    def extra_checkers(self, language: str) -> dict[str, Callable[[], Checker]]:
        """The checkers other than the default and the fallback, by name, for `language`."""
        return {name: entry.factory for name, entry in self.checkers.get(language, {}).items()}

    def checker_origin(self, language: str, choice: str) -> str:
        """Which checker a choice is and which plugin provides it, for messages about faults."""
        extra = self.checkers.get(language, {}).get(choice)
        if extra is not None:
            return f"checker {choice!r} of plugin {extra.plugin!r} ({f'{extra.distribution} {extra.version}'.strip()})"
        entry = self.languages.get(language)
        if entry is None:
            return f"the {choice} checker of {language}"
        name = fallback_name(entry.language) if choice == FALLBACK else default_name(entry.language)
        said = f"checker {name!r}" if name else f"the {choice} {language} checker"
        return f"{said} of plugin {entry.plugin!r} ({f'{entry.distribution} {entry.version}'.strip()})"

    def find(self, name: str) -> Language | None:
        """The language `name` stands for, however a user or a dataset spells it (see
        `spellings`: `Python`, ` python `, `C++`, `C#`), or None."""
        for spelling in spellings(name):
            if spelling in self._names:
                return self.languages[self._names[spelling]].language
        return None

    def get(self, name: str) -> Language:
        language = self.find(name)
        if language is None:
            known = ", ".join(sorted(self.languages)) or "none"
            raise UnknownLanguage(f"unknown language {name!r} (installed: {known}; see `lintseq-x languages`)")
        return language

    def for_extension(self, suffix: str) -> Language | None:
        for entry in self.languages.values():
            if suffix.lower() in entry.language.extensions:
                return entry.language
        return None


def _distribution_of(entry_point: importlib.metadata.EntryPoint, known: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """Name and version of the distribution an entry point comes from. Each read parses the
    distribution's METADATA file, and one distribution (lintseq-x) brings 8 plugins: `known`
    keeps the answer per distribution object."""
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "unknown distribution", ""
    if id(dist) not in known:
        metadata = dist.metadata
        known[id(dist)] = (metadata["Name"], metadata["Version"])
    return known[id(dist)]


def _names_from_env(variable: str) -> set[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _selected_entry_points() -> list[importlib.metadata.EntryPoint]:
    """The `lintseq_x` entry points the environment variables allow, by name."""
    if os.environ.get("LINTSEQ_X_DISABLE_ENTRY_POINTS") == "1":
        return []
    only = _names_from_env("LINTSEQ_X_PLUGINS")
    blocked = _names_from_env("LINTSEQ_X_BLOCK_PLUGINS") or set()
    return sorted(
        (
            entry_point
            for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
            if entry_point.name not in blocked and (only is None or entry_point.name in only)
        ),
        key=lambda entry_point: entry_point.name,
    )


def build_registry(extra_plugins: tuple[tuple[str, object], ...] = ()) -> Registry:
    """Load entry-point plugins (and `extra_plugins`, for tests) and collect their languages.

    LINTSEQ_X_PLUGINS (comma-separated entry-point names) loads only those plugins;
    LINTSEQ_X_BLOCK_PLUGINS skips the ones named; LINTSEQ_X_DISABLE_ENTRY_POINTS=1 skips all.
    """
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    registry = Registry()
    origins: dict[str, tuple[str, str]] = {}

    def add_plugin(name: str, load: Callable[[], object], origin: tuple[str, str]) -> None:
        try:
            manager.register(load(), name=name)
        except Exception as error:  # noqa: BLE001 - any failure of a plugin is reported, not raised
            registry.problems.append(PluginProblem(name, " ".join(origin).strip(), f"failed to load: {error!r}"))
        else:
            origins[name] = origin

    distributions: dict[int, tuple[str, str]] = {}
    for entry_point in _selected_entry_points():
        add_plugin(entry_point.name, entry_point.load, _distribution_of(entry_point, distributions))
    for name, plugin in extra_plugins:
        add_plugin(name, lambda plugin=plugin: plugin, ("in-process", ""))

    for impl in manager.hook.register_languages.get_hookimpls():
        _collect_languages(impl, registry, *origins.get(impl.plugin_name, ("unknown distribution", "")))
    # Checkers after every language, so that a plugin may add one to a language that a plugin
    # loaded after it registers.
    for impl in manager.hook.register_checkers.get_hookimpls():
        _collect_checkers(impl, registry, *origins.get(impl.plugin_name, ("unknown distribution", "")))
    return registry


def _collect_languages(impl: Any, registry: Registry, distribution: str, version: str) -> None:
    """Call one plugin's `register_languages`, containing whatever goes wrong in it."""

    def register(language: Any) -> None:
        registry.add(language, impl.plugin_name, distribution, version)

    _call_contained(impl, registry, register, f"{distribution} {version}".strip())


def _collect_checkers(impl: Any, registry: Registry, distribution: str, version: str) -> None:
    """Call one plugin's `register_checkers`, containing whatever goes wrong in it."""

    def register(language: Any, name: Any, factory: Any, description: Any = "") -> None:
        registry.add_checker(language, name, factory, description, impl.plugin_name, distribution, version)

    _call_contained(impl, registry, register, f"{distribution} {version}".strip())


def _call_contained(impl: Any, registry: Registry, register: Callable[..., None], origin: str) -> None:
    def contained(*args: Any, **kwargs: Any) -> None:
        # A bad description is reported, and the plugin's other registrations still happen.
        try:
            register(*args, **kwargs)
        except (LanguageError, TypeError) as error:  # TypeError: register() called with wrong arguments
            registry.problems.append(PluginProblem(impl.plugin_name, origin, str(error)))

    # Called one plugin at a time (not through the hook caller) so that one failing plugin
    # cannot stop the others; passing only the arguments the plugin declares keeps pluggy's
    # promise that new hook arguments never break existing plugins.
    available = {"register": contained}
    try:
        impl.function(**{name: available[name] for name in impl.argnames})
    except Exception as error:  # noqa: BLE001
        registry.problems.append(PluginProblem(impl.plugin_name, origin, str(error) or repr(error)))


_registry: Registry | None = None


def registry() -> Registry:
    """The process-wide registry, built on first use."""
    global _registry
    if _registry is None:
        _registry = build_registry()
    return _registry
