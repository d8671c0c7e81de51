"""The interface every language's checker implements.

The sampler calls `check` thousands of times per program, so implementations run in process
(or talk to one long-lived helper) and never spawn a process or write a file per call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

_LINE_NUMBER = re.compile(r"\b(line|lines|row)\s+\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Diagnostic:
    """One error in a program. `line` is 1-based in the text that was checked.

    `fatal` marks errors that mean the program could not be parsed at all; those can never
    be tolerated in an original program.
    """

    line: int
    code: str
    message: str
    fatal: bool = False

    @property
    def key(self) -> str:
        """Identity of the error independent of where it sits, for tolerating original errors:
        line numbers inside the message ("defined ... on line 2") are masked, since lines move."""
        return _LINE_NUMBER.sub(r"\1 N", f"{self.code}: {self.message}".replace("\n", " "))


@runtime_checkable
class Checker(Protocol):
    """Judges whether a program is error-free.

    `name`, `version` and `settings` are written into every output record so that a dataset
    says exactly which judge approved its states.
    """

    name: str
    version: str
    settings: Mapping[str, Any]

    def check(self, source: str) -> Sequence[Diagnostic]:
        """Return the errors in `source` (empty when clean). Must not raise on bad input."""
        ...


class CheckerUnavailable(RuntimeError):
    """A checker factory cannot work here (a toolchain is missing); the message says what."""


def prepare(checker: Checker, program: str) -> None:
    """Show the checker the full program before its states are judged.

    A checker may define `begin(program)`; the scope-analysis fallback uses it to learn which
    names the full program declares. Others need nothing.
    """
    begin = getattr(checker, "begin", None)
    if begin is not None:
        begin(program)


def inert_lines(checker: Checker, program: str) -> frozenset[int] | None:
    """The 0-based lines of `program` that declare no name, when the checker can say so.

    A checker may define `declaring_lines(program)` (the lines on which a name is declared or
    bound) together with `check_syntax(source)` (the part of `check` that does not resolve
    names). It promises: deleting only lines that declare nothing from a state it found clean
    cannot leave a name unresolved, so such a state needs `check_syntax` alone. Python's
    checker does; checkers that count other kinds of errors (a bound clang counts type
    errors) do not define them.
    """
    declaring = getattr(checker, "declaring_lines", None)
    if declaring is None or getattr(checker, "check_syntax", None) is None:
        return None
    declared = declaring(program)
    return frozenset(range(program.count("\n") + 1)) - declared


def dependent_lines(checker: Checker, program: str) -> list[tuple[int, int]]:
    """(declaring line, using line) pairs of `program`, 0-based, when the checker can say them.

    A checker may define `dependent_lines(program)`. It promises: in a state that lost the
    declaring line and kept the using line, `check` flags the using line (the one declaration
    of a name it uses is gone). The sampler then deletes both in one step, one call instead of
    two; the scope-analysis fallback does, from its own analysis of the program."""
    found = getattr(checker, "dependent_lines", None)
    return [] if found is None else list(found(program))


def describe(checker: Checker) -> dict[str, Any]:
    """The checker's identity as stored in output records."""
    return {"name": checker.name, "version": checker.version, "settings": dict(checker.settings)}
