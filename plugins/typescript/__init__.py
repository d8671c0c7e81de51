"""TypeScript (and TSX): tree-sitter-typescript for structure, typescript-estree + scope-manager
(in node) for judgement, `tsc --noEmit` as the independent judge.

The grammar wheel ships two grammars, and a core `Language` has one, so there are two languages:
`typescript` (.ts .mts .cts) on the typescript grammar and `tsx` (.tsx) on the tsx grammar. They
cannot share one: the typescript grammar has no JSX, and the tsx grammar (like tsc on a .tsx
file) rejects `<T>value` casts, which are legal and common in .ts files. The checker follows the
same split (`jsx` on or off). Everything else (structure rules, locals query, helper) is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import DEFAULT_CLOSING_TOKENS, Language, ScopeRules, StructureRules, hookimpl

from .checker import TSC, TSC_TSX, TsxChecker, TypeScriptChecker, setup
from .derived_constructors import DerivedConstructorCheck

# tsc runs on V8, whose recursive parsers overflow node's stack near a thousand nesting levels
# (see the JavaScript plugin's V8_DEPTH): the fallback skips deeper programs, as tsc fails on them.
V8_DEPTH = 1000

# Bracketed constructs whose closing token must stay while the construct does (see the
# JavaScript plugin): a line that starts with a closer and goes on (`} else {`, `}, 100);`,
# `}>;`) is a unit of its own, and deleting it takes the construct it closes with it.
_CLOSED_BY = {
    "}": ("statement_block", "class_body", "switch_body", "object", "object_pattern", "named_imports",
          "export_clause", "jsx_expression", "interface_body", "object_type", "enum_body"),
    ")": ("arguments", "formal_parameters", "parenthesized_expression", "parenthesized_type"),
    "]": ("array", "array_pattern", "subscript_expression", "computed_property_name", "tuple_type"),
    ">": ("type_arguments", "type_parameters"),
}

# What tsc requires that node types cannot say (StructureRules.requirement_query): a derived
# class's constructor keeps its `super(...)` call (TS2377; without the constructor the implicit
# one calls it), and an overload signature keeps the implementation of its name that follows it
# (TS2391, TS2389), for functions (exported or not) and class methods alike. (The joiner below
# already makes a signature and the line after it one unit; a multi-line signature, or comments
# between, leave them apart.)
_SIGNATURE_PAIRS = (  # a signature, and what may follow it: another signature or the implementation
    ("(function_signature name: (identifier) @_a) @owner",
     "[(function_signature name: (identifier) @_b @member) (function_declaration name: (identifier) @_b @member)]"),
    ("(export_statement (function_signature name: (identifier) @_a)) @owner",
     "(export_statement [(function_signature name: (identifier) @_b @member) (function_declaration name: (identifier) @_b @member)])"),
    ("(method_signature name: (_) @_a) @owner",
     "[(method_signature name: (_) @_b @member) (method_definition name: (_) @_b @member)]"),
)
REQUIREMENT_QUERY = "\n".join([
    '''((method_definition name: (property_identifier) @_c
   body: (statement_block (expression_statement (call_expression function: (super))) @member)) @owner
 (#eq? @_c "constructor"))''',
    # Each signature keeps what follows it (comments between), so the chain ends in the body.
    *(f"(({parent} {signature} . (comment)* . {following}) (#eq? @_a @_b))"
      for signature, following in _SIGNATURE_PAIRS
      for parent in (("class_body",) if "method" in signature else ("program", "statement_block"))),
])

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
        **{kind: frozenset({closer}) for closer, kinds in _CLOSED_BY.items() for kind in kinds},
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
    requirement_query=REQUIREMENT_QUERY,
)

LOCALS = Path(__file__).with_name("locals.scm").read_text(encoding="utf-8")


def _typescript_grammar() -> object:
    import tree_sitter_typescript

    return tree_sitter_typescript.language_typescript()


def _tsx_grammar() -> object:
    import tree_sitter_typescript

    return tree_sitter_typescript.language_tsx()


TYPESCRIPT = Language(
    name="typescript",
    aliases=("ts",),
    extensions=(".ts", ".mts", ".cts"),
    grammar=_typescript_grammar,
    checker=TypeScriptChecker,
    structure=STRUCTURE,
    fence_names=("typescript", "ts"),
    corpus=Path(__file__).with_name("corpus"),
    tools=(TSC,),
    setup=setup,
    lexer="typescript",
    grammar_package="tree-sitter-typescript",
    fallback=ScopeRules(LOCALS, max_depth=V8_DEPTH, extra_check=DerivedConstructorCheck),
)

TSX = Language(
    name="tsx",
    extensions=(".tsx",),
    grammar=_tsx_grammar,
    checker=TsxChecker,
    structure=STRUCTURE,
    fence_names=("tsx",),
    corpus=None,  # TSX shares TypeScript's checker, but none of its sample programs
    tools=(TSC_TSX,),
    setup=setup,
    lexer="tsx",
    grammar_package="tree-sitter-typescript",
    fallback=ScopeRules(LOCALS, max_depth=V8_DEPTH, extra_check=DerivedConstructorCheck),
)

__all__ = ["STRUCTURE", "TSX", "TYPESCRIPT", "setup"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(TYPESCRIPT)
    register(TSX)
