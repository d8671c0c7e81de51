"""Which checker judges a language's states: its real front end, the pip-only fallback, or a
checker another plugin registered for it (`extras`: name -> factory, from the plugin registry).

The choice is made once, in the main process, before a run (so that a missing toolchain is
reported once, not per worker); workers then build the chosen checker for themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..algorithm.checker import Checker, CheckerUnavailable, Diagnostic
from ..algorithm.language import Language
from ..toolkit.scope_checker import ScopeChecker

DEFAULT = "default"
FALLBACK = "fallback"


def fallback_name(language: Language) -> str | None:
    return f"{language.name}-tree-sitter-scopes" if language.fallback is not None else None


def default_name(language: Language) -> str | None:
    return getattr(language.checker, "name", None)


Extras = Mapping[str, Callable[[], Checker]]


def extra_named(requested: str | None, extras: Extras | None) -> str | None:
    """The registered name of the extra checker `requested` names (by its registered name or by
    the `name` its factory declares), or None."""
    for name, factory in (extras or {}).items():
        if requested in (name, getattr(factory, "name", None)):
            return name
    return None


def build_checker(language: Language, choice: str = DEFAULT, extras: Extras | None = None) -> Checker:
    if choice == FALLBACK:
        if language.fallback is None:
            raise CheckerUnavailable(f"{language.name} has no fallback checker")
        return ScopeChecker(language.name, language.parser, language.fallback)
    if choice != DEFAULT:
        if choice not in (extras or {}):
            raise CheckerUnavailable(f"{language.name} has no checker {choice!r}")
        return as_checker(extras[choice]())  # type: ignore[index]
    return as_checker(language.checker())


def as_checker(built: Any) -> Checker:
    """`built` as a `Checker`: itself when it subclasses one, else a `DuckTypedChecker`."""
    return built if isinstance(built, Checker) else DuckTypedChecker(built)


class DuckTypedChecker(Checker):
    """A checker of plugin API v2, which asked for the members of a `Checker` but not its base
    class: the abilities the object has are found once, here, and the defaults of `Checker`
    stand in for those it lacks."""

    def __init__(self, checker: Any) -> None:
        self.inner = checker
        default = super()
        self._begin = getattr(checker, "begin", None) or default.begin
        self._declaring_lines = getattr(checker, "declaring_lines", None) or default.declaring_lines
        self._check_syntax = getattr(checker, "check_syntax", None) or default.check_syntax
        self._dependent_lines = getattr(checker, "dependent_lines", None) or default.dependent_lines

    # Read from the object when asked, not here: one that lacks them fails where it always did.
    @property
    def name(self) -> str:  # type: ignore[override]
        return self.inner.name

    @property
    def version(self) -> str:  # type: ignore[override]
        return self.inner.version

    @property
    def settings(self) -> Mapping[str, Any]:  # type: ignore[override]
        return self.inner.settings

    def check(self, source: str) -> Sequence[Diagnostic]:
        return self.inner.check(source)

    def begin(self, program: str) -> None:
        self._begin(program)

    def declaring_lines(self, program: str) -> frozenset[int] | None:
        return self._declaring_lines(program)

    def check_syntax(self, source: str) -> Sequence[Diagnostic]:
        return self._check_syntax(source)

    def dependent_lines(self, program: str) -> Iterable[tuple[int, int]]:
        return self._dependent_lines(program)


def choice_for_record(language: Language, produced_by: Any, extras: Extras | None = None) -> str:
    """The choice that rebuilds the checker a record names (its `checker` field), so that
    `verify` judges each record with the checker that produced it."""
    name = produced_by.get("name") if isinstance(produced_by, dict) else None
    if name is not None and name == fallback_name(language):
        return FALLBACK
    return extra_named(name, extras) or DEFAULT


def choose_checker(
    language: Language, requested: str | None = None, extras: Extras | None = None
) -> tuple[str, str | None]:
    """The choice for `language` given `--checker` (None, auto, default, fallback or a checker
    name), and a notice to print when the fallback replaces a missing real checker.

    Raises CheckerUnavailable when the request cannot be met.
    """
    if requested in (FALLBACK, fallback_name(language)) and requested is not None:
        build_checker(language, FALLBACK)
        return FALLBACK, None
    extra = extra_named(requested, extras)
    if extra is not None:
        build_checker(language, extra, extras)  # a missing dependency is said here, once
        return extra, None
    if requested not in (None, "auto", DEFAULT, default_name(language)):
        names = ", ".join(filter(None, (default_name(language), fallback_name(language), *(extras or {}))))
        raise CheckerUnavailable(f"{language.name} has no checker {requested!r} (it has: {names}, default, fallback)")
    try:
        language.checker()
    except CheckerUnavailable as missing:
        if language.fallback is None:
            raise
        if requested not in (None, "auto"):
            raise CheckerUnavailable(f"{missing}; or run with `--checker fallback` ({fallback_name(language)}, pip-only)") from None
        return FALLBACK, fallback_notice(language, missing)
    return DEFAULT, None


def fallback_notice(language: Language, missing: CheckerUnavailable) -> str:
    """The note a run prints when the fallback stands in for `language`'s missing checker: what
    is missing, and the option that chooses the fallback outright (and so goes without the note)."""
    return (
        f"{language.name}: {missing}; using the pip-only fallback checker {fallback_name(language)} instead "
        "(`--checker fallback` chooses it without this note)"
    )
