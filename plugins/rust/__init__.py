"""Rust: tree-sitter-rust for structure; an in-process Rust checker (syntax, item rules, name
resolution) for judgement; rustc `-Z no-analysis` as the independent judge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import (
    DEFAULT_CLOSING_TOKENS, Language, ScopeRules, StructureRules, closed_by, hookimpl, read_query,
)

from .checker import TOPLEVEL_TYPES, RustChecker
from .rustc import RUSTC_TOOL, rustc_path

QUERIES = Path(__file__).with_name("queries")

STRUCTURE = StructureRules(
    # Multi-line tokens and macro calls are never cut: a raw string, a string with a newline in
    # it, a block comment, a macro call or `macro_rules!` over several lines.
    atomic_types=frozenset({"raw_string_literal", "string_literal", "block_comment", "line_comment",
                            "macro_invocation", "macro_definition", "attribute_item",
                            "inner_attribute_item"}),
    # An outer attribute (`#[derive(Debug)]`) joins the line after it: it is deleted with the item
    # it annotates, never left dangling or moved onto another item.
    joiner_types=frozenset({"attribute_item"}),
    # tree-sitter-rust gives comments children: `//`, `/*`, `*/`, and for doc comments a marker
    # (`/` in `///`, `!` in `//!`) and the `doc_comment` text. All of them are comment leaves, so
    # that comment lines (doc comments above all) travel with the code they document. `!` and `/`
    # are also operators, but an operator never stands alone on a line.
    comment_types=frozenset({"line_comment", "block_comment", "//", "/*", "*/", "doc_comment",
                             "inner_doc_comment_marker", "outer_doc_comment_marker", "!", "/"}),
    body_types=frozenset({"block", "declaration_list", "field_declaration_list", "enum_variant_list",
                          "match_block"}),
    # A line that starts with a closer and goes on (`} else if x {`, `}, 3);`, `) -> u8 {`) is a
    # unit of its own; deleting it must take the construct it closes, or the brackets stop balancing.
    required_children=closed_by({
        "}": ("block", "declaration_list", "field_declaration_list", "enum_variant_list", "match_block",
              "use_list", "field_initializer_list", "struct_pattern"),
        ")": ("arguments", "parameters", "tuple_expression", "parenthesized_expression", "tuple_pattern",
              "tuple_struct_pattern", "tuple_type", "ordered_field_declaration_list", "closure_parameters"),
        "]": ("array_expression", "index_expression", "slice_pattern", "array_type"),
    }),
    # `} else {` holds nothing but closers: it goes with the `if` line, like a lone `}`.
    closing_tokens=DEFAULT_CLOSING_TOKENS | {"else"},
    requirement_query=read_query(QUERIES / "requirements.scm"),
)

# The pip-only fallback: Rust's locals query and the right operands of binary expressions.
SCOPES = ScopeRules(locals_query=read_query(QUERIES / "fallback" / "locals.scm"), toplevel_types=TOPLEVEL_TYPES)
# The default checker: Rust's locals query and the nodes it resolves in code (right operands,
# macro calls, paths, `use` trees), captured in one linear query run.
CHECKER_SCOPES = ScopeRules(locals_query=read_query(QUERIES / "resolve" / "locals.scm"), toplevel_types=TOPLEVEL_TYPES)


class _CheckerFactory:
    """`RUST.checker`: a RustChecker on tree-sitter-rust with CHECKER_SCOPES; `name` is what
    `--checker` may name."""

    name = RustChecker.name

    def __call__(self) -> RustChecker:
        return RustChecker(RUST.parser, CHECKER_SCOPES)


RUST = Language(
    name="rust",
    aliases=("rs",),
    extensions=(".rs",),
    grammar="tree_sitter_rust",
    checker=_CheckerFactory(),
    structure=STRUCTURE,
    fence_names=("rust", "rs"),
    lexer="rust",
    fallback=SCOPES,
    tools=(RUSTC_TOOL,),
)

__all__ = ["CHECKER_SCOPES", "RUST", "RUSTC_TOOL", "SCOPES", "STRUCTURE", "rustc_path"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(RUST)
