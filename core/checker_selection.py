"""Which checker judges a language's states: its real front end, or the pip-only fallback.

The choice is made once, in the main process, before a run (so that a missing toolchain is
reported once, not per worker); workers then build the chosen checker for themselves.
"""

from __future__ import annotations

from .checker import Checker, CheckerUnavailable
from .language import Language
from .scope_checker import ScopeChecker

DEFAULT = "default"
FALLBACK = "fallback"


def fallback_name(language: Language) -> str | None:
    return f"{language.name}-tree-sitter-scopes" if language.fallback is not None else None


def default_name(language: Language) -> str | None:
    return getattr(language.checker, "name", None)


def build_checker(language: Language, choice: str = DEFAULT) -> Checker:
    if choice == FALLBACK:
        if language.fallback is None:
            raise CheckerUnavailable(f"{language.name} has no fallback checker")
        return ScopeChecker(language.name, language.parser, language.fallback)
    return language.checker()


def choose_checker(language: Language, requested: str | None = None) -> tuple[str, str | None]:
    """The choice for `language` given `--checker` (None, auto, default, fallback or a checker
    name), and a notice to print when the fallback replaces a missing real checker.

    Raises CheckerUnavailable when the request cannot be met.
    """
    if requested in (FALLBACK, fallback_name(language)) and requested is not None:
        build_checker(language, FALLBACK)
        return FALLBACK, None
    if requested not in (None, "auto", DEFAULT, default_name(language)):
        names = ", ".join(filter(None, (default_name(language), fallback_name(language))))
        raise CheckerUnavailable(f"{language.name} has no checker {requested!r} (it has: {names}, default, fallback)")
    try:
        language.checker()
    except CheckerUnavailable as missing:
        if requested not in (None, "auto") or language.fallback is None:
            raise
        return FALLBACK, f"{language.name}: {missing}; using the pip-only fallback checker {fallback_name(language)}"
    return DEFAULT, None
