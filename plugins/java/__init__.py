"""Java: tree-sitter-java for structure, javac (javax.tools, in a long-lived JVM) for judgement,
a tree-sitter scope analysis as the pip-only fallback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.core.hookspecs import hookimpl
from lintseq_x.core.language import Language
from lintseq_x.core.scope_checker import ScopeRules
from lintseq_x.core.structure import DEFAULT_CLOSING_TOKENS, StructureRules

from .checker import JAVAC, JavaChecker, setup

# Bracketed constructs whose closing token must stay while the construct does. A line holding
# only closers (`}`, `});`, `};`) already goes with the line that opened them; a line that starts
# with one and goes on (`} else if (b) {`, `} catch (IOException e) {`, `} while (busy());`,
# `}, executor);`) is a unit of its own, and deleting it must take the construct it closes.
_CLOSED_BY = {
    "}": ("class_body", "interface_body", "enum_body", "constructor_body", "switch_block",
          "annotation_type_body", "array_initializer", "element_value_array_initializer", "module_body"),
    ")": ("argument_list", "formal_parameters", "parenthesized_expression", "annotation_argument_list",
          "resource_specification", "record_pattern_body", "inferred_parameters"),
    "]": ("array_access", "dimensions_expr"),
}

# A declaration whose body starts on a later line than its head (`class A extends B` /
# `    implements C {`): the line with the body's `{` must stay while the declaration does.
_BODY_OF = {
    "class_declaration": ("class_body",),
    "record_declaration": ("class_body",),
    "interface_declaration": ("interface_body",),
    "enum_declaration": ("enum_body",),
    "annotation_type_declaration": ("annotation_type_body",),
    "method_declaration": ("block",),
    "constructor_declaration": ("constructor_body",),
    "compact_constructor_declaration": ("block",),
}

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
        **{kind: frozenset({closer}) for closer, kinds in _CLOSED_BY.items() for kind in kinds},
        **{kind: frozenset(bodies) for kind, bodies in _BODY_OF.items()},
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
)

# The fallback's scope analysis. Class, interface, enum and record bodies are not scopes: a
# member (field, method, nested type, enum constant) is visible from the whole file, as it is
# through inheritance and qualified access, which this analysis does not model. Only bare names
# are references: `obj.field` and `obj.method()` name members of some other type. Members also
# bind in a namespace of their own (`member`), in which `this.name` is looked up: a parameter
# `name` does not stand in for a deleted field `name` there.
LOCALS_QUERY = r"""
[(block) (method_declaration) (constructor_declaration) (compact_constructor_declaration)
 (lambda_expression) (for_statement) (enhanced_for_statement) (catch_clause)
 (try_with_resources_statement) (switch_block)] @local.scope

(class_declaration name: (identifier) @local.definition)
(interface_declaration name: (identifier) @local.definition)
(enum_declaration name: (identifier) @local.definition)
(record_declaration name: (identifier) @local.definition)
(annotation_type_declaration name: (identifier) @local.definition)
(enum_constant name: (identifier) @local.definition)
(method_declaration name: (identifier) @local.definition.outer)
(field_declaration declarator: (variable_declarator name: (identifier) @local.definition))
(field_declaration declarator: (variable_declarator name: (identifier) @local.definition.member))
(method_declaration name: (identifier) @local.definition.outer.member)
(record_declaration parameters: (formal_parameters (formal_parameter name: (identifier) @local.definition.outer.member)))
(enum_constant name: (identifier) @local.definition.member)
(constant_declaration declarator: (variable_declarator name: (identifier) @local.definition.member))
(constant_declaration declarator: (variable_declarator name: (identifier) @local.definition))
(local_variable_declaration declarator: (variable_declarator name: (identifier) @local.definition))
(formal_parameter name: (identifier) @local.definition)
(spread_parameter (variable_declarator name: (identifier) @local.definition))
(catch_formal_parameter name: (identifier) @local.definition)
(enhanced_for_statement name: (identifier) @local.definition)
(resource name: (identifier) @local.definition)
(lambda_expression parameters: (identifier) @local.definition)
(inferred_parameters (identifier) @local.definition)
(instanceof_expression name: (identifier) @local.definition)
(type_parameter . (type_identifier) @local.definition)
(import_declaration (scoped_identifier name: (identifier) @local.definition) .)

(method_invocation object: (identifier) @local.reference)
(method_invocation !object name: (identifier) @local.reference)
(field_access object: (identifier) @local.reference)
(method_reference . (identifier) @local.reference)
(variable_declarator value: (identifier) @local.reference)
(enhanced_for_statement value: (identifier) @local.reference)
(instanceof_expression left: (identifier) @local.reference)
(lambda_expression body: (identifier) @local.reference)
(element_value_pair value: (identifier) @local.reference)
(for_statement condition: (identifier) @local.reference)
(explicit_constructor_invocation object: (identifier) @local.reference)
(binary_expression (identifier) @local.reference)
(unary_expression (identifier) @local.reference)
(update_expression (identifier) @local.reference)
(assignment_expression (identifier) @local.reference)
(argument_list (identifier) @local.reference)
(return_statement (identifier) @local.reference)
(parenthesized_expression (identifier) @local.reference)
(ternary_expression (identifier) @local.reference)
(array_access (identifier) @local.reference)
(cast_expression (identifier) @local.reference)
(array_initializer (identifier) @local.reference)
(yield_statement (identifier) @local.reference)
(throw_statement (identifier) @local.reference)
(switch_label (identifier) @local.reference)
(assert_statement (identifier) @local.reference)
(dimensions_expr (identifier) @local.reference)
(annotation_argument_list (identifier) @local.reference)
(element_value_array_initializer (identifier) @local.reference)
(expression_statement (identifier) @local.reference)
(field_access object: (this) field: (identifier) @local.reference.member)
(method_invocation object: (this) name: (identifier) @local.reference.member)
(type_identifier) @local.reference
"""

# A local variable is visible from its declaration on (members, in class bodies, anywhere).
ORDERED_SCOPES = frozenset({
    "block", "method_declaration", "constructor_declaration", "compact_constructor_declaration",
    "lambda_expression", "for_statement", "enhanced_for_statement", "catch_clause",
    "try_with_resources_statement", "switch_block",
})

TOPLEVEL_TYPES = frozenset({
    "package_declaration", "import_declaration", "module_declaration", "class_declaration",
    "interface_declaration", "enum_declaration", "record_declaration", "annotation_type_declaration",
    "line_comment", "block_comment",
})


def _grammar() -> object:
    import tree_sitter_java

    return tree_sitter_java.language()


JAVA = Language(
    name="java",
    extensions=(".java",),
    grammar=_grammar,
    checker=JavaChecker,
    structure=STRUCTURE,
    fence_names=("java",),
    corpus=Path(__file__).with_name("corpus"),
    lexer="java",
    grammar_package="tree-sitter-java",
    fallback=ScopeRules(LOCALS_QUERY, toplevel_types=TOPLEVEL_TYPES, ordered_scopes=ORDERED_SCOPES),
    tools=(JAVAC,),
    setup=setup,
)

__all__ = ["JAVA", "LOCALS_QUERY", "STRUCTURE", "setup"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(JAVA)
