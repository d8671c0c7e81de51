"""C: tree-sitter-c for structure, clang's front end (libclang, in process) for judgement."""

from __future__ import annotations

from collections.abc import Callable

from lintseq_x.plugins import Language, hookimpl

from .clang_checker import ClangChecker
from .rules import C_FALLBACK, C_STRUCTURE
from .standards import StandardTool


class CChecker(ClangChecker):
    name = "c-libclang"

    def __init__(self) -> None:
        super().__init__("c")


# Judges by the standard the checker is configured with (LINTSEQ_X_C_STD, see standards.py).
GCC = StandardTool(
    "gcc -fsyntax-only", ("gcc", "-fsyntax-only", "-std={std}", "-x", "c", "{file}"), file_name="state.c", language="c"
)

C = Language(
    name="c",
    extensions=(".c", ".h"),
    grammar="tree_sitter_c",
    checker=CChecker,
    structure=C_STRUCTURE,
    fence_names=("c", "h"),
    lexer="c",
    fallback=C_FALLBACK,
    tools=(GCC,),
)

__all__ = ["C", "CChecker", "GCC"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(C)
