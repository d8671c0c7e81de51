"""JavaScript: tree-sitter-javascript for structure, espree + eslint-scope (in node) for judgement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import (
    DEFAULT_CLOSING_TOKENS, Language, ScopeRules, StructureRules, closed_by, hookimpl, read_query,
)

from .checker import NODE_CHECK, JavaScriptChecker, node_check, setup

# Nesting deeper than this (in tree-sitter levels) V8 may not compile: its parser recurses, and
# 1,054 nested arrow functions (1,058 levels) already overflow node's stack. The fallback skips
# such programs, as espree does, rather than make records `node --check` cannot judge.
V8_DEPTH = 1000

STRUCTURE = StructureRules(
    # A template literal, or a string continued with a backslash, is one token over many lines.
    # Block comments are single `comment` leaves, which comment_types already keeps whole.
    atomic_types=frozenset({"template_string", "string"}),
    comment_types=frozenset({"comment", "html_comment"}),
    # The statement sequences. An object literal is an expression, not a block: its lines are
    # owned by the statement that holds it, like a Python dict's. JavaScript blocks may be
    # empty, so there are no nonempty_types.
    body_types=frozenset({"statement_block", "class_body", "switch_body"}),
    required_children={
        # Bracketed constructs whose closing token must stay while the construct does. A line
        # that holds only closers (`}`, `});`) already goes with the line that opened them; a
        # line that starts with one and goes on (`} else if (b) {`, `} catch (error) {`,
        # `} while (i < n);`, `}, 100);`, `} = options;`) is a unit of its own, and deleting it
        # must take the construct it closes with it, or the braces no longer balance.
        **closed_by({
            "}": ("statement_block", "class_body", "switch_body", "object", "object_pattern", "named_imports",
                  "export_clause", "jsx_expression"),
            ")": ("arguments", "formal_parameters", "parenthesized_expression"),
            "]": ("array", "array_pattern", "subscript_expression", "computed_property_name"),
        }),
        "jsx_element": frozenset({"jsx_closing_element"}),
        "try_statement": frozenset({"catch_clause", "finally_clause"}),  # `try {}` alone is invalid
    },
    # `} else {`, `} finally {` and `} catch {` hold nothing but these: like a lone `}`, they go
    # with the line that opened the block they close.
    closing_tokens=DEFAULT_CLOSING_TOKENS | {"else", "finally", "catch"},
)

JAVASCRIPT = Language(
    name="javascript",
    aliases=("js",),
    extensions=(".js", ".mjs", ".cjs", ".jsx"),
    grammar="tree_sitter_javascript",
    checker=JavaScriptChecker,
    structure=STRUCTURE,
    fence_names=("javascript", "js", "jsx"),
    # `lintseq-x verify` replays every state through V8's own parser in one node process;
    # `verify --strict` also runs `node --check` itself, a process per state. A `.js` file is
    # judged the way node judges one: CommonJS, or an ES module when its syntax says so. JSX
    # (.jsx, and React code in .js files) is read by TypeScript's parser and lowered for both.
    independent_checks=(node_check,),
    tools=(NODE_CHECK,),
    setup=setup,
    lexer="javascript",
    # Where node is missing: tree-sitter syntax and the scopes of queries/locals.scm.
    fallback=ScopeRules(read_query(Path(__file__).with_name("queries") / "locals.scm"), max_depth=V8_DEPTH,
                        program_judges=(node_check,)),
)

__all__ = ["V8_DEPTH", "JAVASCRIPT", "STRUCTURE", "setup"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(JAVASCRIPT)
