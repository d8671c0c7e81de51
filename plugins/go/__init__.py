"""Go: tree-sitter-go for structure, go/parser + go/types (in a helper process) for judgement."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import DEFAULT_CLOSING_TOKENS, Language, ScopeRules, StructureRules, hookimpl

from .checker import COMPILER, GOFMT, GoChecker, setup
from .directives import GoExtraChecks

# Bracketed constructs whose closing token must stay while the construct does. A line holding
# only closers (`}`, `})`, `} else {`) goes with the line that opened them; a line that starts
# with a closer and goes on (`} else if ok {`, `}()`, `}, nil)`, `) error {`) is a unit of its
# own, and deleting it must take the construct it closes with it.
_CLOSED_BY = {
    "}": ("block", "field_declaration_list", "interface_type", "literal_value", "expression_switch_statement",
          "type_switch_statement", "select_statement"),
    ")": ("argument_list", "parameter_list", "import_spec_list", "var_spec_list", "const_declaration",
          "type_declaration", "parenthesized_expression", "parenthesized_type", "type_conversion_expression"),
    "]": ("index_expression", "slice_expression", "type_arguments", "type_parameter_list"),
}

PACKAGE_CLAUSE_REQUIREMENTS = """
(source_file (package_clause) @member
  [(function_declaration) (method_declaration) (type_declaration) (import_declaration)
   (var_declaration) (const_declaration)] @owner)
"""
# A constant without a value repeats the values of the one before it (`B` after `A = iota`):
# the first of a group must have values ("missing constant value"), so a valueless constant
# goes with the last valued one before it.
CONST_VALUE_REQUIREMENTS = """
(const_declaration (const_spec value: (_)) @member.any (const_spec !value) @owner)
"""

# Declared names and the leaves that can only use them (see `StructureRules.use_query`):
# deleting a declaration deletes its uses in the same step. Keys of composite literals,
# selectors' fields and every declaring position are left out of `@use`: a name that appears
# there is never predicted, and the checker judges its uses as before. Go's predeclared names
# are left out of `@definition`: once a program's `max` is gone, `max` is the builtin again.
_PREDECLARED = (
    "_ any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune "
    "string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap clear close complex copy "
    "delete imag len make max min new panic print println real recover"
).split()
# (`#not-match?`: py-tree-sitter 0.25 ignores `#not-any-of?`.)
_NOT_PREDECLARED = '(#not-match? @{capture} "^({names})$")'.replace("{names}", "|".join(_PREDECLARED))
_CAPTURE = re.compile(r"@([\w.]+)")
_DEFINITIONS = (
    # Package level: visible in the whole file.
    "(source_file (function_declaration name: (identifier) @definition))",
    "(source_file (type_declaration (type_spec name: (type_identifier) @definition)))",
    "(source_file (type_declaration (type_alias name: (type_identifier) @definition)))",
    "(source_file (var_declaration (var_spec name: (identifier) @definition)))",
    "(source_file (var_declaration (var_spec_list (var_spec name: (identifier) @definition))))",
    "(source_file (const_declaration (const_spec name: (identifier) @definition)))",
    # An import binds its name, or its path when that is one segment (`"fmt"`).
    "(import_spec name: (package_identifier) @definition)",
    "(import_spec !name path: (interpreted_string_literal (interpreted_string_literal_content) @definition))",
    # A local variable: visible after it, to the end of its statement list. (One declared in
    # an `if`/`for`/`switch` header is used only in the body that goes with its header.)
    "(statement_list (short_var_declaration left: (expression_list (identifier) @definition.local)))",
    "(statement_list (var_declaration (var_spec name: (identifier) @definition.local)))",
    "(statement_list (var_declaration (var_spec_list (var_spec name: (identifier) @definition.local))))",
)
_TYPE_USE_PARENTS = (
    "pointer_type", "slice_type", "array_type", "implicit_length_array_type", "map_type", "channel_type",
    "parameter_declaration", "variadic_parameter_declaration", "field_declaration", "var_spec", "const_spec",
    "composite_literal", "function_declaration", "method_declaration", "func_literal", "function_type",
    "method_elem", "type_case", "type_assertion_expression", "type_conversion_expression", "generic_type",
    "type_elem", "type_constraint", "parenthesized_type", "negated_type",
)
_VALUE_USE_PARENTS = (
    "call_expression", "argument_list", "binary_expression", "unary_expression", "index_expression",
    "slice_expression", "parenthesized_expression", "send_statement", "inc_statement", "dec_statement",
    "type_assertion_expression", "type_conversion_expression", "variadic_argument",
)
USE_QUERY = "\n".join([
    *(f"({pattern} {_NOT_PREDECLARED.format(capture=_CAPTURE.search(pattern)[1])})" for pattern in _DEFINITIONS),
    *(f"({parent} (type_identifier) @use)" for parent in _TYPE_USE_PARENTS),
    "(type_spec type: (type_identifier) @use)",
    "(type_alias type: (type_identifier) @use)",
    "(qualified_type package: (package_identifier) @use)",
    *(f"({parent} (identifier) @use)" for parent in _VALUE_USE_PARENTS),
    "(selector_expression operand: (identifier) @use)",
    "(if_statement condition: (identifier) @use)",
    "(expression_switch_statement value: (identifier) @use)",
    "(range_clause right: (identifier) @use)",
    "(keyed_element value: (literal_element (identifier) @use))",
    "(literal_value (literal_element (identifier) @use))",
    "(return_statement (expression_list (identifier) @use))",
    "(assignment_statement (expression_list (identifier) @use))",  # `=` and `+=` only use
    "(expression_case value: (expression_list (identifier) @use))",
    "(short_var_declaration right: (expression_list (identifier) @use))",
    "(var_spec value: (expression_list (identifier) @use))",
    "(const_spec value: (expression_list (identifier) @use))",
    "[(identifier) (type_identifier) (field_identifier) (package_identifier) (label_name)] @name",
])

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
        **{kind: frozenset({closer}) for closer, kinds in _CLOSED_BY.items() for kind in kinds},
        # A signature over several lines ends in `) T {` on a line of its own unit: without
        # the body's opening line the function goes.
        "function_declaration": frozenset({"block"}),
        "method_declaration": frozenset({"block"}),
        "func_literal": frozenset({"block"}),
    },
    closing_tokens=DEFAULT_CLOSING_TOKENS | {"else"},
    # Without its package clause a file is not Go: the parser stops at the first declaration,
    # so the checker would flag the declarations one call at a time. They all go at once.
    # Constants without values go with the values they repeat.
    requirement_query=PACKAGE_CLAUSE_REQUIREMENTS + CONST_VALUE_REQUIREMENTS,
    use_query=USE_QUERY,
)

# The pip-only fallback's locals query (nvim-treesitter convention, see core/scope_checker.py).
#
# A file needs its package clause; tree-sitter parses one without it happily, Go does not. So
# each top-level declaration's keyword (`func`, `type`, `import`...) is a reference to itself
# and, in a file whose package clause comes first, also its definition: in a state that lost
# the package clause every top-level declaration is an unresolved name, and goes with it.
# File-scope names bind only in such a file too.
_TOP = "(source_file (package_clause) {decl})"
_TOP_KEYWORDS = [
    ("function_declaration", "func"), ("method_declaration", "func"), ("type_declaration", "type"),
    ("var_declaration", "var"), ("const_declaration", "const"), ("import_declaration", "import"),
]
_TOP_DECLS = [
    *(f'({kind} "{keyword}" @local.definition)' for kind, keyword in _TOP_KEYWORDS),
    "(function_declaration name: (identifier) @local.definition.outer)",
    "(method_declaration name: (field_identifier) @local.definition.outer.member)",
    "(type_declaration (type_spec name: (type_identifier) @local.definition.outer))",
    "(type_declaration (type_alias name: (type_identifier) @local.definition.outer))",
    "(var_declaration (var_spec name: (identifier) @local.definition))",
    "(var_declaration (var_spec_list (var_spec name: (identifier) @local.definition)))",
    "(const_declaration (const_spec name: (identifier) @local.definition))",
    "(import_declaration (import_spec name: (package_identifier) @local.definition))",
    "(import_declaration (import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @local.definition)))",
    # An import without a name binds its package's name, the path's last segment.
    "(import_declaration (import_spec !name path: (interpreted_string_literal) @local.definition.path))",
    "(import_declaration (import_spec_list (import_spec name: (package_identifier) @local.definition)))",
    "(import_declaration (import_spec_list (import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @local.definition))))",
    "(import_declaration (import_spec_list (import_spec !name path: (interpreted_string_literal) @local.definition.path)))",
]
# Where an identifier is used as a value (every parent type tree-sitter-go gives one, from the
# Go standard library's sources).
#
# Members: struct fields and methods (interface methods too) bind at the scope of their type,
# in their own namespace (`member`): a field `text` does not hide a deleted variable `text`.
# Every selector's field (`x.name`) is a member reference, and a composite literal's key
# (`T{name: v}`, `map[K]V{k: v}`) a reference in both namespaces, so that deleting a field or
# method flags its uses. Like every name here this is by name alone, without types: a selector
# is judged only when the program declares a member of that name (`b.String()` on a
# strings.Builder is external unless the program has a `String`).
_VALUE_PARENTS = (
    "selector_expression", "expression_list", "argument_list", "call_expression", "binary_expression",
    "index_expression", "unary_expression", "slice_expression", "inc_statement", "dec_statement",
    "range_clause", "if_statement", "type_assertion_expression", "expression_switch_statement",
    "type_switch_statement", "send_statement", "variadic_argument", "type_conversion_expression",
    "array_type", "parenthesized_expression", "for_clause", "for_statement", "go_statement",
    "defer_statement", "receive_statement",
)

LOCALS_QUERY = "\n".join([
    """
[(function_declaration) (method_declaration) (func_literal) (block) (if_statement) (for_statement)
 (expression_switch_statement) (type_switch_statement) (select_statement) (expression_case)
 (default_case) (type_case) (communication_case)] @local.scope
""",
    *(_TOP.format(decl=decl) for decl in _TOP_DECLS),
    """
(statement_list (var_declaration (var_spec name: (identifier) @local.definition)))
(statement_list (var_declaration (var_spec_list (var_spec name: (identifier) @local.definition))))
(statement_list (const_declaration (const_spec name: (identifier) @local.definition)))
(statement_list (type_declaration (type_spec name: (type_identifier) @local.definition)))
(statement_list (type_declaration (type_alias name: (type_identifier) @local.definition)))
(short_var_declaration left: (expression_list (identifier) @local.definition))
(range_clause left: (expression_list (identifier) @local.definition) ":=")
(receive_statement left: (expression_list (identifier) @local.definition) ":=")
(type_switch_statement alias: (expression_list (identifier) @local.definition))
(function_declaration (parameter_list (parameter_declaration name: (identifier) @local.definition)))
(function_declaration (parameter_list (variadic_parameter_declaration name: (identifier) @local.definition)))
(method_declaration (parameter_list (parameter_declaration name: (identifier) @local.definition)))
(method_declaration (parameter_list (variadic_parameter_declaration name: (identifier) @local.definition)))
(func_literal (parameter_list (parameter_declaration name: (identifier) @local.definition)))
(func_literal (parameter_list (variadic_parameter_declaration name: (identifier) @local.definition)))
(type_parameter_declaration name: (identifier) @local.definition)
(labeled_statement label: (label_name) @local.definition.label)
(field_declaration name: (field_identifier) @local.definition.member)
(method_elem name: (field_identifier) @local.definition.member)
""",
    # `_` is never a reference: it binds nothing.
    *(f'(({parent} (identifier) @local.reference) (#not-eq? @local.reference "_"))' for parent in _VALUE_PARENTS),
    *(f'(source_file ({kind} "{keyword}" @local.reference))' for kind, keyword in _TOP_KEYWORDS),
    """
((literal_value (literal_element (identifier) @local.reference)) (#not-eq? @local.reference "_"))
(keyed_element . (literal_element (identifier) @local.reference.member))
(keyed_element . (literal_element (identifier) @local.reference))
(keyed_element (literal_element) . (literal_element (identifier) @local.reference))
(selector_expression field: (field_identifier) @local.reference.member)
(method_declaration name: (field_identifier) @local.reference.member)
(import_spec name: (package_identifier) @local.reference)
(import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @local.reference))
(qualified_type package: (package_identifier) @local.reference)
(type_identifier) @local.reference
(label_name) @local.reference.label
""",
])

FALLBACK = ScopeRules(
    LOCALS_QUERY,
    toplevel_types=frozenset({
        "package_clause", "import_declaration", "function_declaration", "method_declaration",
        "type_declaration", "var_declaration", "const_declaration", "comment",
    }),
    # Inside functions a declaration is visible from where it is made; at package level, anywhere.
    ordered_scopes=frozenset({
        "function_declaration", "method_declaration", "func_literal", "block", "if_statement", "for_statement",
        "expression_switch_statement", "type_switch_statement", "select_statement", "expression_case",
        "default_case", "type_case", "communication_case",
    }),
    # Selectors on values of a type the file declares: the member must be that type's
    # (selectors.py), which names alone cannot tell when another type has one of that name.
    # Directives that need an import or name a function (directives.py).
    extra_check=GoExtraChecks,
)


def _grammar() -> object:
    import tree_sitter_go

    return tree_sitter_go.language()


GO = Language(
    name="go",
    aliases=("golang",),
    extensions=(".go",),
    grammar=_grammar,
    checker=GoChecker,
    structure=STRUCTURE,
    fence_names=("go", "golang"),
    corpus=Path(__file__).with_name("corpus"),
    lexer="go",
    grammar_package="tree-sitter-go",
    fallback=FALLBACK,
    tools=(COMPILER, GOFMT),
    setup=setup,
)

__all__ = ["FALLBACK", "GO", "LOCALS_QUERY", "STRUCTURE", "setup"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(GO)
