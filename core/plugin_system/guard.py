"""Plugin code runs guarded: a checker that raises fails its record with a reason naming the
checker and its plugin, instead of failing the run (a raising checker is a plugin's bug, not the
record's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from ..algorithm.checker import Checker, CheckerUnavailable, Diagnostic
from ..algorithm.language import Language
from .checker_selection import DEFAULT, build_checker
from .registry import registry


_Answer = TypeVar("_Answer")


class CheckerFault(RuntimeError):
    """A checker raised where it must return diagnostics; the message names it and its plugin."""


class _Guarded(Checker):
    """A checker whose exceptions become a `CheckerFault` naming the checker and its plugin
    (any exception of plugin code is its plugin's bug, not the record's)."""

    def __init__(self, checker: Checker, origin: str) -> None:
        self.inner, self.origin = checker, origin
        self.name, self.version, self.settings = checker.name, checker.version, checker.settings

    # `check` and `check_syntax` run once per state: each calls the checker with no helper between.
    def check(self, source: str) -> Sequence[Diagnostic]:
        try:
            return self.inner.check(source)
        except Exception as error:  # noqa: BLE001
            raise self._fault(error) from error

    def check_syntax(self, source: str) -> Sequence[Diagnostic]:
        try:
            return self.inner.check_syntax(source)
        except Exception as error:  # noqa: BLE001
            raise self._fault(error, "check_syntax") from error

    # The others run once per program.
    def begin(self, program: str) -> None:
        self._call(self.inner.begin, program, "begin")

    def declaring_lines(self, program: str) -> frozenset[int] | None:
        return self._call(self.inner.declaring_lines, program, "declaring_lines")

    def dependent_lines(self, program: str) -> Iterable[tuple[int, int]]:
        return self._call(self.inner.dependent_lines, program, "dependent_lines")

    def _call(self, ability: Callable[[str], _Answer], program: str, name: str) -> _Answer:
        try:
            return ability(program)
        except Exception as error:  # noqa: BLE001
            raise self._fault(error, name) from error

    def _fault(self, error: Exception, ability: str | None = None) -> CheckerFault:
        where = "" if ability is None else f" in {ability}()"
        return CheckerFault(f"{self.origin} raised {type(error).__name__}{where}: {error}")


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
