"""Java: tree-sitter-java for structure, javac (javax.tools, in a long-lived JVM) for judgement,
a tree-sitter scope analysis as the pip-only fallback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import (
    DEFAULT_CLOSING_TOKENS, Language, ScopeRules, StructureRules, closed_by, hookimpl, read_query,
)

from .checker import JAVAC, JavaChecker, setup

QUERIES = Path(__file__).with_name("queries")

STRUCTURE = StructureRules(
    # Text blocks (`"""`) are string_literal nodes over several lines; multi-line parameter
    # lists and conditions are one unit with their header. Block and Javadoc comments are
    # single leaves, kept whole as comments.
    atomic_types=frozenset({"string_literal", "formal_parameters", "parenthesized_expression", "resource_specification"}),
    comment_types=frozenset({"line_comment", "block_comment"}),
    # The statement and member sequences. Array initializers are expressions, owned by the
    # statement that holds them. Java blocks may be empty: no nonempty_types.
    body_types=frozenset({"block", "class_body", "interface_body", "enum_body", "constructor_body",
                          "switch_block", "annotation_type_body", "module_body"}),
    required_children={
        # Bracketed constructs whose closing token must stay while the construct does. A line
        # holding only closers (`}`, `});`, `};`) already goes with the line that opened them; a
        # line that starts with one and goes on (`} else if (b) {`, `} catch (IOException e) {`,
        # `} while (busy());`, `}, executor);`) is a unit of its own, and deleting it must take
        # the construct it closes.
        **closed_by({
            "}": ("class_body", "interface_body", "enum_body", "constructor_body", "switch_block",
                  "annotation_type_body", "array_initializer", "element_value_array_initializer", "module_body"),
            ")": ("argument_list", "formal_parameters", "parenthesized_expression", "annotation_argument_list",
                  "resource_specification", "record_pattern_body", "inferred_parameters"),
            "]": ("array_access", "dimensions_expr"),
        }),
        # A declaration whose body starts on a later line than its head (`class A extends B` /
        # `    implements C {`): the line with the body's `{` must stay while the declaration does.
        "class_declaration": frozenset({"class_body"}),
        "record_declaration": frozenset({"class_body"}),
        "interface_declaration": frozenset({"interface_body"}),
        "enum_declaration": frozenset({"enum_body"}),
        "annotation_type_declaration": frozenset({"annotation_type_body"}),
        "method_declaration": frozenset({"block"}),
        "constructor_declaration": frozenset({"constructor_body"}),
        "compact_constructor_declaration": frozenset({"block"}),
        "try_statement": frozenset({"catch_clause", "finally_clause"}),  # `try {}` alone is invalid
        # A block's `}` on a line that goes on: `} else if (b) {` holds the outer if's `else`,
        # `} while (busy());` the do statement's `while`; `} catch (E e) {` is covered above.
        "if_statement": frozenset({"else"}),
        "do_statement": frozenset({"while"}),
        # A block that ends in `return`/`throw`/`yield` loses its owner with its last one: a
        # method whose return is deleted has a "missing return statement" for javac (and a
        # switch rule whose yield is deleted gives no value). Deleting the construct instead
        # keeps the state valid under either checker (the fallback cannot see flow errors).
        "block": frozenset({"return_statement", "throw_statement", "yield_statement"}),
    },
    # `} else {` and `} finally {` hold nothing but these: like a lone `}`, they go with the
    # line that opened the block they close.
    closing_tokens=DEFAULT_CLOSING_TOKENS | {"else", "finally"},
    requirement_query=read_query(QUERIES / "requirements.scm"),
)

FALLBACK = ScopeRules(
    read_query(QUERIES / "locals.scm"),
    toplevel_types=frozenset({
        "package_declaration", "import_declaration", "module_declaration", "class_declaration",
        "interface_declaration", "enum_declaration", "record_declaration", "annotation_type_declaration",
        "line_comment", "block_comment",
    }),
    # A local variable is visible from its declaration on (members, in class bodies, anywhere).
    ordered_scopes=frozenset({
        "block", "method_declaration", "constructor_declaration", "compact_constructor_declaration",
        "lambda_expression", "for_statement", "enhanced_for_statement", "catch_clause",
        "try_with_resources_statement", "switch_block",
    }),
)

JAVA = Language(
    name="java",
    extensions=(".java",),
    grammar="tree_sitter_java",
    checker=JavaChecker,
    structure=STRUCTURE,
    fence_names=("java",),
    lexer="java",
    fallback=FALLBACK,
    tools=(JAVAC,),
    setup=setup,
)

__all__ = ["FALLBACK", "JAVA", "STRUCTURE", "setup"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(JAVA)
