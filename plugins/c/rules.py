"""Structure rules and the fallback's scope rules for C, extended by the C++ plugin. The
tree-sitter queries are in queries/."""

from __future__ import annotations

from pathlib import Path

from lintseq_x.plugins import DEFAULT_CLOSING_TOKENS, ScopeRules, StructureRules, closed_by, read_query

QUERIES = Path(__file__).with_name("queries")

# A bracketed construct whose closing token sits on a line with more code (`} while (n);`,
# `} else if (b) {`, `}, 3);`) must go as a whole when that line goes, or the brackets no longer
# balance: the construct requires its closer. (A line holding only closers already goes with
# the line that opened the construct.)
CLOSED_BY = {
    "}": ("compound_statement", "field_declaration_list", "enumerator_list", "initializer_list",
          "declaration_list"),
    ")": ("argument_list", "parameter_list", "parenthesized_expression", "condition_clause"),
    "]": ("subscript_expression",),
    "#endif": ("preproc_if", "preproc_ifdef"),
}

C_ATOMIC = frozenset({
    # a macro definition continued with backslashes is one unit
    "preproc_def", "preproc_function_def", "preproc_call", "preproc_include", "preproc_arg",
    # a string continued with a backslash
    "string_literal", "char_literal", "system_lib_string",
})

C_BODIES = frozenset({"compound_statement", "field_declaration_list", "declaration_list", "enumerator_list"})

# `} else {` (and, for preprocessor blocks, `#else` and `#endif`) hold nothing but these: like a
# lone `}`, they go with the line that opened what they close.
C_CLOSERS = DEFAULT_CLOSING_TOKENS | {"else", "#else", "#endif"}

C_STRUCTURE = StructureRules(
    atomic_types=C_ATOMIC,
    comment_types=frozenset({"comment"}),
    body_types=C_BODIES,
    required_children=closed_by(CLOSED_BY),
    closing_tokens=C_CLOSERS,
    requirement_query=read_query(QUERIES / "requirements.scm"),
)

C_TOPLEVEL = frozenset({
    "function_definition", "declaration", "type_definition", "struct_specifier", "union_specifier",
    "enum_specifier", "linkage_specification", "comment",
    "preproc_include", "preproc_def", "preproc_function_def", "preproc_call", "preproc_if",
    "preproc_ifdef",
})

# The fallback's scope analysis (see lintseq_x.core.toolkit.scope_checker): the locals query C++
# shares (queries/locals.scm), and C's own namespaces for members, tags and labels.
C_FALLBACK = ScopeRules(
    read_query(QUERIES / "locals.scm") + read_query(QUERIES / "c_locals.scm"),
    toplevel_types=C_TOPLEVEL,
    # A local declaration is visible from where it is made (file scope is not ordered here: a
    # function may be called before its definition, with a warning).
    ordered_scopes=frozenset({"compound_statement", "function_definition", "for_statement", "parameter_list"}),
    # ISO C forbids an empty enum, and a struct or union without members (gcc accepts the latter
    # as an extension, but not an initializer that still fills the members).
    nonempty_types=frozenset({"enumerator_list", "field_declaration_list"}),
    tolerate_unexpanded_macros=True,
)
