"""TypeScript (and TSX): tree-sitter-typescript for structure, typescript-estree + scope-manager
(in node) for judgement, `tsc --noEmit` as the independent judge.

The grammar wheel ships two grammars, and a core `Language` has one, so there are two languages:
`typescript` (.ts .mts .cts) on the typescript grammar and `tsx` (.tsx) on the tsx grammar. They
cannot share one: the typescript grammar has no JSX, and the tsx grammar (like tsc on a .tsx
file) rejects `<T>value` casts, which are legal and common in .ts files. The checker follows the
same split (`jsx` on or off). Everything else (structure rules, queries, helper) is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import (
    DEFAULT_CLOSING_TOKENS, Language, ScopeRules, StructureRules, closed_by, hookimpl, read_query,
)

from .checker import TSC, TSC_TSX, TsxChecker, TypeScriptChecker, setup
from .fallback import DerivedConstructorCheck

QUERIES = Path(__file__).with_name("queries")

# tsc runs on V8, whose recursive parsers overflow node's stack near a thousand nesting levels
# (see the JavaScript plugin's V8_DEPTH): the fallback skips deeper programs, as tsc fails on them.
V8_DEPTH = 1000

STRUCTURE = StructureRules(
    atomic_types=frozenset({"template_string", "string", "template_literal_type"}),
    comment_types=frozenset({"comment", "html_comment"}),
    # An overload signature joins the line after it: overloads and their implementation's first
    # line are one unit, because tsc rejects signatures left without an implementation (TS2391),
    # and a scope query (the fallback) cannot say so. In an interface this glues a method
    # signature to the next member, which only coarsens the units there.
    joiner_types=frozenset({"function_signature", "method_signature"}),
    # Statement sequences; interface, enum and object-type bodies are member lists that own
    # nothing either, but are not blocks: their members are owned by the declaration's line.
    body_types=frozenset({"statement_block", "class_body", "switch_body"}),
    required_children={
        # A line that starts with a closer and goes on (`} else {`, `}, 100);`, `}>;`) is a unit
        # of its own, and deleting it takes the construct it closes (see the JavaScript plugin).
        **closed_by({
            "}": ("statement_block", "class_body", "switch_body", "object", "object_pattern", "named_imports",
                  "export_clause", "jsx_expression", "interface_body", "object_type", "enum_body"),
            ")": ("arguments", "formal_parameters", "parenthesized_expression", "parenthesized_type"),
            "]": ("array", "array_pattern", "subscript_expression", "computed_property_name", "tuple_type"),
            ">": ("type_arguments", "type_parameters"),
        }),
        "jsx_element": frozenset({"jsx_closing_element"}),
        "try_statement": frozenset({"catch_clause", "finally_clause"}),
    },
    # A decorated class is headed by its `class` line: deleting a decorator line leaves a valid
    # class, deleting the class line takes its decorators.
    head_fields={
        "export_statement": "declaration",
        "class_declaration": "name",
        "abstract_class_declaration": "name",
    },
    closing_tokens=DEFAULT_CLOSING_TOKENS | {"else", "finally", "catch", ">"},
    requirement_query=read_query(QUERIES / "requirements.scm"),
)

# Where node is missing: tree-sitter syntax, the scopes of queries/locals.scm, and tsc's
# derived-constructor rule.
FALLBACK = ScopeRules(read_query(QUERIES / "locals.scm"), max_depth=V8_DEPTH, extra_check=DerivedConstructorCheck)

TYPESCRIPT = Language(
    name="typescript",
    aliases=("ts",),
    extensions=(".ts", ".mts", ".cts"),
    grammar="tree_sitter_typescript:language_typescript",
    checker=TypeScriptChecker,
    structure=STRUCTURE,
    fence_names=("typescript", "ts"),
    tools=(TSC,),
    setup=setup,
    lexer="typescript",
    fallback=FALLBACK,
)

TSX = Language(
    name="tsx",
    extensions=(".tsx",),
    grammar="tree_sitter_typescript:language_tsx",
    checker=TsxChecker,
    structure=STRUCTURE,
    fence_names=("tsx",),
    corpus=None,  # TSX shares TypeScript's checker, but none of its sample programs
    tools=(TSC_TSX,),
    setup=setup,
    lexer="tsx",
    fallback=FALLBACK,
)

__all__ = ["STRUCTURE", "TSX", "TYPESCRIPT", "setup"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(TYPESCRIPT)
    register(TSX)
