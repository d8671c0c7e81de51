"""C: tree-sitter-c for structure, clang's front end (libclang, in process) for judgement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import Language, ScopeRules, hookimpl

from .clang_checker import ClangChecker
from .rules import C_FALLBACK_LOCALS, C_NONEMPTY, C_ORDERED_SCOPES, C_STRUCTURE, C_TOPLEVEL
from .standards import StandardTool


class CChecker(ClangChecker):
    name = "c-libclang"

    def __init__(self) -> None:
        super().__init__("c")


def _grammar() -> object:
    import tree_sitter_c

    return tree_sitter_c.language()


# Judges by the standard the checker is configured with (LINTSEQ_X_C_STD, see standards.py).
GCC = StandardTool(
    "gcc -fsyntax-only", ("gcc", "-fsyntax-only", "-std={std}", "-x", "c", "{file}"), file_name="state.c", language="c"
)

C = Language(
    name="c",
    extensions=(".c", ".h"),
    grammar=_grammar,
    checker=CChecker,
    structure=C_STRUCTURE,
    fence_names=("c", "h"),
    corpus=Path(__file__).with_name("corpus"),
    lexer="c",
    grammar_package="tree-sitter-c",
    fallback=ScopeRules(C_FALLBACK_LOCALS, toplevel_types=C_TOPLEVEL, ordered_scopes=C_ORDERED_SCOPES,
                        nonempty_types=C_NONEMPTY, tolerate_unexpanded_macros=True),
    tools=(GCC,),
)

__all__ = ["C", "CChecker", "GCC"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(C)
