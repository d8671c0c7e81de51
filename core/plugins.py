"""Discovering plugins and the registry of languages they provide.

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
from .language import Language, LanguageError

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


class UnknownLanguage(LookupError):
    pass


class Registry:
    """The languages that the loaded plugins registered, by name and alias."""

    def __init__(self) -> None:
        self.languages: dict[str, RegisteredLanguage] = {}
        self._names: dict[str, str] = {}
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

    def get(self, name: str) -> Language:
        key = self._names.get(name.lower())
        if key is None:
            known = ", ".join(sorted(self.languages)) or "none"
            raise UnknownLanguage(f"unknown language {name!r} (installed: {known}; see `lintseq-x languages`)")
        return self.languages[key].language

    def for_extension(self, suffix: str) -> Language | None:
        for entry in self.languages.values():
            if suffix.lower() in entry.language.extensions:
                return entry.language
        return None


def _distribution_of(entry_point: importlib.metadata.EntryPoint) -> tuple[str, str]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "unknown distribution", ""
    return dist.metadata["Name"], dist.version


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

    for entry_point in _selected_entry_points():
        add_plugin(entry_point.name, entry_point.load, _distribution_of(entry_point))
    for name, plugin in extra_plugins:
        add_plugin(name, lambda plugin=plugin: plugin, ("in-process", ""))

    for impl in manager.hook.register_languages.get_hookimpls():
        _collect_languages(impl, registry, *origins.get(impl.plugin_name, ("unknown distribution", "")))
    return registry


def _collect_languages(impl: Any, registry: Registry, distribution: str, version: str) -> None:
    """Call one plugin's `register_languages`, containing whatever goes wrong in it."""
    origin = f"{distribution} {version}".strip()

    def register(language: Any) -> None:
        # A bad description is reported, and the plugin's other languages still register.
        try:
            registry.add(language, impl.plugin_name, distribution, version)
        except LanguageError as error:
            registry.problems.append(PluginProblem(impl.plugin_name, origin, str(error)))

    # Called one plugin at a time (not through the hook caller) so that one failing plugin
    # cannot stop the others; passing only the arguments the plugin declares keeps pluggy's
    # promise that new hook arguments never break existing plugins.
    available = {"register": register}
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
