"""The language standard C and C++ programs are judged by: one setting per language, read by the
libclang checker (and written into its `settings`, so every record names it) and by the gcc/g++
that `lintseq-x verify --strict` runs, so that both judge by the same rules.

    LINTSEQ_X_C_STD=gnu11 LINTSEQ_X_CPP_STD=c++20 lintseq-x run --lang cpp ...

Values are what `-std=` takes (`c++20`, `gnu++17`, `c17`, `gnu2x`, ...). The variables start
with `LINTSEQ_X_`, so the Ray engine forwards them to its workers.

Clang accepts many constructs of a later standard with only a warning ("use of function template
name with no prior declaration in function call with explicit template arguments is a C++20
extension"), where gcc, at the same `-std`, rejects some of them. A state must be valid under the
configured standard, so the checker turns clang's warning groups for every later standard into
errors. Its GNU extensions stay warnings: gcc accepts them too (in its gnu modes, and in the ISO
modes without `-pedantic`, which `verify --strict` does not pass).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from collections.abc import Mapping
from typing import Any, NamedTuple

from lintseq_x.plugins import ExternalTool


class Edition(NamedTuple):
    """One standard of a language: the names `-std=` takes for it (ISO and GNU dialects, gcc's
    and clang's spellings), and clang's warning groups for its features used under an older one."""

    names: tuple[str, ...]
    extension_groups: tuple[str, ...]


# Oldest first, as libclang 18 knows them (a group it does not know is a warning that libclang
# prints on every parse). C17 only fixed defects: clang has no group for it.
EDITIONS: dict[str, tuple[Edition, ...]] = {
    "c": (
        Edition(("c89", "c90", "gnu89", "gnu90", "iso9899:1990", "iso9899:199409"), ()),
        Edition(("c99", "c9x", "gnu99", "gnu9x", "iso9899:1999"), ("c99-extensions",)),
        Edition(("c11", "c1x", "gnu11", "gnu1x", "iso9899:2011"), ("c11-extensions",)),
        Edition(("c17", "c18", "gnu17", "gnu18", "iso9899:2017", "iso9899:2018"), ()),
        Edition(("c23", "c2x", "gnu23", "gnu2x"), ("c23-extensions",)),
    ),
    "c++": (
        Edition(("c++98", "c++03", "gnu++98", "gnu++03"), ()),
        Edition(("c++11", "c++0x", "gnu++11", "gnu++0x"), ("c++11-extensions",)),
        Edition(("c++14", "c++1y", "gnu++14", "gnu++1y"), ("c++14-extensions",)),
        Edition(("c++17", "c++1z", "gnu++17", "gnu++1z"), ("c++17-extensions",)),
        Edition(("c++20", "c++2a", "gnu++20", "gnu++2a"), ("c++20-extensions",)),
        Edition(("c++23", "c++2b", "gnu++23", "gnu++2b"), ("c++23-extensions",)),
        Edition(("c++26", "c++2c", "gnu++26", "gnu++2c"), ("c++26-extensions",)),
    ),
}

# What the checker used before the standard was configurable: gcc 12's default for C, ISO C++17 for
# C++. Named on gcc's command line too, so that a gcc with a newer default (gcc 15: gnu23) judges alike.
DEFAULTS = {"c": "gnu17", "c++": "c++17"}
VARIABLES = {"c": "LINTSEQ_X_C_STD", "c++": "LINTSEQ_X_CPP_STD"}


class UnknownStandard(ValueError):
    """The configured standard is not one of the language's."""


def configured_standard(language: str) -> str:
    """The `-std=` value `language` ("c" or "c++") is judged by: its variable, else the default."""
    return os.environ.get(VARIABLES[language], "").strip() or DEFAULTS[language]


def later_extension_groups(language: str, standard: str) -> tuple[str, ...]:
    """Clang's warning groups for constructs of the standards after `standard`."""
    editions = EDITIONS[language]
    for position, edition in enumerate(editions):
        if standard in edition.names:
            return tuple(group for later in editions[position + 1:] for group in later.extension_groups)
    known = ", ".join(edition.names[0] for edition in editions)
    raise UnknownStandard(
        f"{VARIABLES[language]}={standard!r} is not a {language.upper()} standard (one of {known}, or a GNU dialect)"
    )


@dataclass(frozen=True)
class StandardTool(ExternalTool):
    """A compiler run by `verify --strict` with the standard `language` is judged by: "{std}" in
    argv stands for it. That is the record's (`for_checker`, from the settings the checker wrote
    into it), else the one configured, read at each run as the checker reads it when built."""

    language: str = "c"
    standard: str | None = None

    def for_checker(self, settings: Mapping[str, Any]) -> StandardTool:
        recorded = settings.get("standard")
        if not isinstance(recorded, str):
            return self
        try:
            later_extension_groups(self.language, recorded)
        except UnknownStandard:
            return self  # not a standard of this language: the configured one judges
        return replace(self, standard=recorded)

    def check(self, source: str) -> str | None:
        standard = self.standard or configured_standard(self.language)
        argv = tuple(part.replace("{std}", standard) for part in self.argv)
        return ExternalTool.check(replace(self, name=f"{self.name} -std={standard}", argv=argv), source)
