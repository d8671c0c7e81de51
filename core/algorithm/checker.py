"""The interface every language's checker implements.

The sampler calls `check` thousands of times per program, so implementations run in process
(or talk to one long-lived helper) and never spawn a process or write a file per call.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


class Checker(ABC):
    """Judges whether a program is error-free. Subclass it and implement `check`.

    `name`, `version` and `settings` are written into every output record so that a dataset
    says exactly which judge approved its states.

    The other methods are optional abilities: a checker overrides those it has, and each
    default means that it has not got it, so the sampler calls them all without asking first.
    """

    name: str
    version: str
    settings: Mapping[str, Any]

    @abstractmethod
    def check(self, source: str) -> Sequence[Diagnostic]:
        """Return the errors in `source` (empty when clean). Must not raise on bad input."""

    def begin(self, program: str) -> None:
        """Learn the full program before its states are judged; the default learns nothing.

        The scope-analysis fallback learns which names the full program declares."""

    def declaring_lines(self, program: str) -> frozenset[int] | None:
        """The 0-based lines of `program` on which a name is declared or bound; the default,
        None, cannot say.

        A checker that says them promises, with `check_syntax`: deleting only lines that declare
        nothing from a state it found clean cannot leave a name unresolved, so such a state needs
        `check_syntax` alone. Python's checker does; checkers that count other kinds of errors
        (a bound clang counts type errors) must keep the default."""
        return None

    def check_syntax(self, source: str) -> Sequence[Diagnostic]:
        """The part of `check` that does not resolve names (see `declaring_lines`); the
        default is the whole `check`, which is never wrong."""
        return self.check(source)

    def dependent_lines(self, program: str) -> Iterable[tuple[int, int]]:
        """(declaring line, using line) pairs of `program`, 0-based; the default knows none.

        It promises: in a state that lost the declaring line and kept the using line, `check`
        flags the using line (the one declaration of a name it uses is gone). The sampler then
        deletes both in one step, one call instead of two; the scope-analysis fallback pairs
        them from its own analysis of the program."""
        return ()


class CheckerUnavailable(RuntimeError):
    """A checker factory cannot work here (a toolchain is missing); the message says what."""


def inert_lines(checker: Checker, program: str) -> frozenset[int] | None:
    """The 0-based lines of `program` that declare no name, when the checker can say so (see
    `Checker.declaring_lines`)."""
    declared = checker.declaring_lines(program)
    if declared is None:
        return None
    return frozenset(range(program.count("\n") + 1)) - declared


def describe(checker: Checker) -> dict[str, Any]:
    """The checker's identity as stored in output records."""
    return {"name": checker.name, "version": checker.version, "settings": dict(checker.settings)}
