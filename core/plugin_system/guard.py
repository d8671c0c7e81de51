"""Plugin code runs guarded: a checker that raises fails its record with a reason naming the
checker and its plugin, instead of failing the run (a raising checker is a plugin's bug, not the
record's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..algorithm.checker import Checker, CheckerUnavailable, Diagnostic
from ..algorithm.language import Language
from .checker_selection import DEFAULT, build_checker
from .registry import registry


class CheckerFault(RuntimeError):
    """A checker raised where it must return diagnostics; the message names it and its plugin."""


class _Guarded:
    """A checker whose exceptions become a `CheckerFault` naming the checker and its plugin
    (a raising checker is a plugin's bug, not the record's)."""

    def __init__(self, checker: Checker, origin: str) -> None:
        self.inner, self.origin = checker, origin
        self.name, self.version, self.settings = checker.name, checker.version, checker.settings
        for optional in ("check_syntax", "declaring_lines", "dependent_lines"):  # see checker.py
            method = getattr(checker, optional, None)
            if method is not None:
                setattr(self, optional, self._guarded(method, optional))

    def _guarded(self, method: Callable[[str], Any], name: str) -> Callable[[str], Any]:
        def call(source: str) -> Any:
            try:
                return method(source)
            except Exception as error:  # noqa: BLE001
                raise CheckerFault(f"{self.origin} raised {type(error).__name__} in {name}(): {error}") from error

        return call

    def check(self, source: str) -> Sequence[Diagnostic]:
        try:
            return self.inner.check(source)
        except Exception as error:  # noqa: BLE001 - any exception of plugin code is its fault
            raise CheckerFault(f"{self.origin} raised {type(error).__name__}: {error}") from error

    def begin(self, program: str) -> None:
        begin = getattr(self.inner, "begin", None)
        if begin is None:
            return
        try:
            begin(program)
        except Exception as error:  # noqa: BLE001
            raise CheckerFault(f"{self.origin} raised {type(error).__name__} in begin(): {error}") from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # whatever else a plugin's checker offers


_checkers: dict[tuple[str, str], Checker] = {}


def checker_for(language: Language, choice: str = DEFAULT) -> Checker:
    """One checker per language and choice per process: helpers and caches live as long as
    the worker."""
    key = (language.name, choice)
    checker = _checkers.get(key)
    if checker is None:
        found = registry()
        origin = found.checker_origin(language.name, choice)
        try:
            built = build_checker(language, choice, found.extra_checkers(language.name))
        except CheckerUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - a factory's crash is its plugin's fault
            raise CheckerFault(f"{origin} failed to start: {type(error).__name__}: {error}") from error
        checker = _checkers[key] = _Guarded(built, origin)
    return checker
