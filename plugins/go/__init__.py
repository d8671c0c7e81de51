"""Go: tree-sitter-go for structure, go/parser + go/types (in a helper process) for judgement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import DEFAULT_CLOSING_TOKENS, Language, StructureRules, closed_by, hookimpl, read_query

from .checker import COMPILER, GOFMT, GoChecker, setup
from .fallback import FALLBACK

QUERIES = Path(__file__).with_name("queries")

STRUCTURE = StructureRules(
    # A raw string is one token over many lines; a block comment is one `comment` leaf, which
    # comment_types keeps whole. An operator at the end of a line continues the expression on
    # the next (Go inserts no semicolon there), so a multi-line binary expression is one unit.
    atomic_types=frozenset({"raw_string_literal", "interpreted_string_literal", "binary_expression"}),
    comment_types=frozenset({"comment"}),
    # The statement sequences: a block's, and a case clause's. A `block` node itself is not a
    # body: its `{` line heads it (the `if`/`for`/`func` line, or `} else {`), so nesting depth
    # counts exactly as gofmt indents (case lines at the depth of their switch). Go blocks may
    # be empty: no nonempty_types.
    body_types=frozenset({"statement_list"}),
    required_children={
        # Bracketed constructs whose closing token must stay while the construct does. A line
        # holding only closers (`}`, `})`, `} else {`) goes with the line that opened them; a
        # line that starts with a closer and goes on (`} else if ok {`, `}()`, `}, nil)`,
        # `) error {`) is a unit of its own, and deleting it must take the construct it closes.
        **closed_by({
            "}": ("block", "field_declaration_list", "interface_type", "literal_value", "expression_switch_statement",
                  "type_switch_statement", "select_statement"),
            ")": ("argument_list", "parameter_list", "import_spec_list", "var_spec_list", "const_declaration",
                  "type_declaration", "parenthesized_expression", "parenthesized_type", "type_conversion_expression"),
            "]": ("index_expression", "slice_expression", "type_arguments", "type_parameter_list"),
        }),
        # A signature over several lines ends in `) T {` on a line of its own unit: without
        # the body's opening line the function goes.
        "function_declaration": frozenset({"block"}),
        "method_declaration": frozenset({"block"}),
        "func_literal": frozenset({"block"}),
    },
    closing_tokens=DEFAULT_CLOSING_TOKENS | {"else"},
    requirement_query=read_query(QUERIES / "requirements.scm"),
    use_query=read_query(QUERIES / "uses.scm"),
)

GO = Language(
    name="go",
    aliases=("golang",),
    extensions=(".go",),
    grammar="tree_sitter_go",
    checker=GoChecker,
    structure=STRUCTURE,
    fence_names=("go", "golang"),
    lexer="go",
    fallback=FALLBACK,
    tools=(COMPILER, GOFMT),
    setup=setup,
)

__all__ = ["FALLBACK", "GO", "STRUCTURE", "setup"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(GO)
