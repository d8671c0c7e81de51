"""What a language plugin hands to lintseq-x: everything the core needs, nothing it must know."""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .checker import Checker
from .external_tools import ExternalTool
from .scope_checker import ScopeRules
from .structure import Structure, StructureRules, build_structure, split_lines

_NAME = re.compile(r"^[a-z][a-z0-9_+-]*$")


def is_valid_name(name: object) -> bool:
    """Language names, aliases and checker names: lowercase letters, digits, _+-."""
    return isinstance(name, str) and _NAME.match(name) is not None


def _installed_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class LanguageError(ValueError):
    """A language description is malformed."""


@dataclass(frozen=True, eq=False)
class Language:
    """A language as registered by a plugin.

    name: the id used on the command line and in records (`python`).
    extensions: file name endings, with the dot (`.py`).
    grammar: returns the tree-sitter `Language` (called once per process, lazily).
    checker: returns a new `Checker`; each worker process builds its own.
    structure: the tree-sitter node types that shape units and dependents.
    aliases: other names accepted by `--lang`.
    fence_names: markdown fence tags whose blocks hold this language's code
        (default: the name and aliases).
    corpus: a directory of sample programs, run when no input is given.
    independent_checks: extra judges that `lintseq-x verify` applies to every state, each
        returning an error message or None; they must not share code with `checker`.
    lexer: the Pygments lexer name for `lintseq-x show` (default: the name).
    grammar_package: the distribution that ships the grammar (`tree-sitter-python`), whose
        version is recorded in every output record: units depend on the grammar.
    fallback: scope rules for the pip-only fallback checker, used where `checker` raises
        `CheckerUnavailable` (a toolchain is missing) or when asked for with `--checker`.
    tools: the language's real command-line tools, run on every state by `verify --strict`.
    setup: installs what the checker needs (npm packages into a user cache, say); run by
        `lintseq-x setup <language>`.
    """

    name: str
    extensions: tuple[str, ...]
    grammar: Callable[[], Any]
    checker: Callable[[], Checker]
    structure: StructureRules = field(default_factory=StructureRules)
    aliases: tuple[str, ...] = ()
    fence_names: tuple[str, ...] = ()
    corpus: Path | None = None
    independent_checks: tuple[Callable[[str], str | None], ...] = ()
    lexer: str | None = None
    grammar_package: str | None = None
    fallback: ScopeRules | None = None
    tools: tuple[ExternalTool, ...] = ()
    setup: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        for name in (self.name, *self.aliases):
            if not is_valid_name(name):
                raise LanguageError(f"invalid language name or alias {name!r} (lowercase letters, digits, _+-)")
        for ext in self.extensions:
            if not isinstance(ext, str) or not ext.startswith("."):
                raise LanguageError(f"{self.name}: extension {ext!r} must start with a dot")
        if not callable(self.grammar) or not callable(self.checker):
            raise LanguageError(f"{self.name}: grammar and checker must be callables")
        if not isinstance(self.structure, StructureRules):
            raise LanguageError(f"{self.name}: structure must be a StructureRules")
        if self.corpus is not None and not Path(self.corpus).is_dir():
            raise LanguageError(f"{self.name}: corpus {self.corpus} is not a directory")

    @property
    def fences(self) -> tuple[str, ...]:
        return self.fence_names or (self.name, *self.aliases)

    @cached_property
    def parser_versions(self) -> dict[str, str]:
        """The tree-sitter and grammar versions that shaped this language's units."""
        versions = {"tree_sitter": _installed_version("tree-sitter")}
        if self.grammar_package:
            versions["grammar"] = f"{self.grammar_package} {_installed_version(self.grammar_package)}"
        return versions

    @cached_property
    def parser(self) -> Any:
        import tree_sitter

        grammar = self.grammar()
        if not isinstance(grammar, tree_sitter.Language):
            grammar = tree_sitter.Language(grammar)
        return tree_sitter.Parser(grammar)

    def structure_of(self, source: str) -> Structure:
        """Parse `source` (newlines already normalised to `\\n`) into units and dependents."""
        lines = split_lines(source)
        tree = self.parser.parse(source.encode("utf-8"))
        return build_structure(lines, tree, self.structure)
