"""C++: tree-sitter-cpp for structure, clang's front end (libclang, in process; the checker is
shared with the C plugin) for judgement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import Language, StructureRules, closed_by, hookimpl, read_query
from lintseq_x.plugins.c.clang_checker import ClangChecker
from lintseq_x.plugins.c.rules import C_ATOMIC, C_BODIES, C_CLOSERS, CLOSED_BY
from lintseq_x.plugins.c.standards import StandardTool

from .fallback import FALLBACK


class CppChecker(ClangChecker):
    name = "cpp-libclang"

    def __init__(self) -> None:
        super().__init__("c++")


STRUCTURE = StructureRules(
    atomic_types=C_ATOMIC | {"raw_string_literal", "concatenated_string"},
    comment_types=frozenset({"comment"}),
    body_types=C_BODIES,
    required_children={
        **closed_by({
            **CLOSED_BY,
            "}": (*CLOSED_BY["}"], "initializer_list", "requirement_seq"),
            ")": (*CLOSED_BY[")"], "template_argument_list"),
            ">": ("template_parameter_list",),
        }),
        "try_statement": frozenset({"catch_clause"}),
        # `template <typename T>` goes with what it templates
        "template_declaration": frozenset({
            "function_definition", "declaration", "class_specifier", "struct_specifier",
            "union_specifier", "alias_declaration", "concept_definition", "template_declaration",
            "field_declaration", "friend_declaration", "requires_clause",
        }),
    },
    # `} catch (...) {` is a unit of its own (the try requires a catch); a line that only holds
    # an access specifier (`public:`) goes with its class: deleting it alone would change what
    # the class lets others use.
    closing_tokens=C_CLOSERS | {"public", "private", "protected", ":"},
    requirement_query=read_query(Path(__file__).with_name("queries") / "requirements.scm"),
)

# Judges by the standard the checker is configured with (LINTSEQ_X_CPP_STD, see the C plugin's
# standards.py).
GXX = StandardTool(
    "g++ -fsyntax-only", ("g++", "-fsyntax-only", "-std={std}", "-x", "c++", "{file}"), file_name="state.cpp",
    language="c++",
)

CPP = Language(
    name="cpp",
    aliases=("c++", "cxx"),
    extensions=(".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx"),
    grammar="tree_sitter_cpp",
    checker=CppChecker,
    structure=STRUCTURE,
    fence_names=("cpp", "c++", "cxx"),
    lexer="cpp",
    fallback=FALLBACK,
    tools=(GXX,),
)

__all__ = ["CPP", "CppChecker", "GXX", "STRUCTURE"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(CPP)
