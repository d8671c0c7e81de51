"""Structure rules and the fallback's locals query for C, extended by the C++ plugin."""

from __future__ import annotations

from lintseq_x.plugins import DEFAULT_CLOSING_TOKENS, StructureRules

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


def required(closed_by: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    return {kind: frozenset({closer}) for closer, kinds in closed_by.items() for kind in kinds}


# A value that starts on the line after its `=` (`ret =\n    f(...);`) is what the `=` line
# needs: deleting the value alone leaves `ret =` to swallow the next statement, which parses,
# but is an error wherever that statement is a macro call (`SOCKET_ERR(err, "bind")` expands to
# an `if`), and a type error in most other places.
C_VALUE_REQUIREMENTS = """
(assignment_expression right: (_) @member) @owner
(init_declarator value: (_) @member) @owner
"""

C_STRUCTURE = StructureRules(
    atomic_types=C_ATOMIC,
    comment_types=frozenset({"comment"}),
    body_types=C_BODIES,
    required_children=required(CLOSED_BY),
    closing_tokens=C_CLOSERS,
    requirement_query=C_VALUE_REQUIREMENTS,
)

# The fallback's scope analysis (see lintseq_x.core.toolkit.scope_checker). Struct members, enumerators
# and tags bind at file scope (they are reached through `.`, `->` and `struct` from anywhere);
# parameters bind in their function (`.outer` from the parameter list), and only names in
# prototypes' parameter lists stay there.
_DECLARATOR_NAMES = """
(init_declarator declarator: (identifier) @local.definition)
(declaration declarator: (identifier) @local.definition)
(pointer_declarator declarator: (identifier) @local.definition)
(array_declarator declarator: (identifier) @local.definition)
(parenthesized_declarator (identifier) @local.definition)
(function_declarator declarator: (identifier) @local.definition)
(parameter_declaration declarator: (identifier) @local.definition)
(field_declaration declarator: (field_identifier) @local.definition)
(pointer_declarator declarator: (field_identifier) @local.definition)
(array_declarator declarator: (field_identifier) @local.definition)
(function_declarator declarator: (field_identifier) @local.definition)
(type_definition declarator: (type_identifier) @local.definition)
(pointer_declarator declarator: (type_identifier) @local.definition)
(function_declarator declarator: (type_identifier) @local.definition)
(parenthesized_declarator (type_identifier) @local.definition)
(array_declarator declarator: (type_identifier) @local.definition)
(struct_specifier name: (type_identifier) @local.definition body: (_))
(union_specifier name: (type_identifier) @local.definition body: (_))
(enum_specifier name: (type_identifier) @local.definition body: (_))
(enumerator name: (identifier) @local.definition)
(labeled_statement label: (statement_identifier) @local.definition)
(preproc_def name: (identifier) @local.definition)
(preproc_function_def name: (identifier) @local.definition.outer)
(preproc_params (identifier) @local.definition)
"""

# A function's name binds outside the function; its parameters inside it.
_FUNCTIONS = """
(function_definition declarator: (function_declarator declarator: (identifier) @local.definition.outer))
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @local.definition.outer)))
(function_definition declarator: (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @local.definition.outer))))
(function_definition declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (identifier) @local.definition.outer))))
(function_definition declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (_ declarator: (identifier) @local.definition.outer)))))
(function_definition declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (_ declarator: (_ declarator: (identifier) @local.definition.outer))))))
(function_definition declarator: (_ declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (identifier) @local.definition.outer)))))
(function_definition declarator: (_ declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (_ declarator: (identifier) @local.definition.outer))))))
"""

# Macro names tested by the preprocessor need no definition: they are not references.
_PREPROCESSOR_TESTS = """
(preproc_ifdef name: (identifier) @local.definition)
(preproc_elifdef name: (identifier) @local.definition)
(preproc_defined (identifier) @local.definition)
(preproc_if condition: (identifier) @local.definition)
(preproc_if condition: (_ (identifier) @local.definition))
(preproc_if condition: (_ (_ (identifier) @local.definition)))
(preproc_elif condition: (identifier) @local.definition)
(preproc_elif condition: (_ (identifier) @local.definition))
(preproc_elif condition: (_ (_ (identifier) @local.definition)))
"""

C_SCOPES = """
[(compound_statement) (function_definition) (for_statement) (parameter_list)
 (preproc_function_def)] @local.scope
"""

C_REFERENCES = """
(identifier) @local.reference
(type_identifier) @local.reference
(field_expression field: (field_identifier) @local.reference)
(goto_statement label: (statement_identifier) @local.reference)
"""

C_LOCALS = C_SCOPES + _DECLARATOR_NAMES + _FUNCTIONS + _PREPROCESSOR_TESTS + C_REFERENCES

C_TOPLEVEL = frozenset({
    "function_definition", "declaration", "type_definition", "struct_specifier", "union_specifier",
    "enum_specifier", "linkage_specification", "comment",
    "preproc_include", "preproc_def", "preproc_function_def", "preproc_call", "preproc_if",
    "preproc_ifdef",
})

# C's own fallback query refines the shared one (C++ keeps C_LOCALS: there a class's members are
# names in its methods, and a struct's tag is a type name). In C, struct and union members live
# in a namespace of their own (`member`), reached only through `.`, `->` and designators, and so
# do struct, union and enum tags (`tag`): a member or a tag never hides a deleted variable of the
# same name, nor a variable a deleted member or tag. Labels have a namespace (`label`) too.
_C_ONLY_REPLACED = {
    **{
        f"({declarator} declarator: (field_identifier) @local.definition)":
        f"({declarator} declarator: (field_identifier) @local.definition.member)"
        for declarator in ("field_declaration", "pointer_declarator", "array_declarator", "function_declarator")
    },
    **{
        f"({kind}_specifier name: (type_identifier) @local.definition body: (_))":
        f"({kind}_specifier name: (type_identifier) @local.definition.tag body: (_))"
        for kind in ("struct", "union", "enum")
    },
    "(type_identifier) @local.reference": "(_ type: (type_identifier) @local.reference)",
    "(field_expression field: (field_identifier) @local.reference)":
    "(field_expression field: (field_identifier) @local.reference.member)",
    # labels too (`goto` may jump forward: their order is free)
    "(labeled_statement label: (statement_identifier) @local.definition)":
    "(labeled_statement label: (statement_identifier) @local.definition.label)",
    "(goto_statement label: (statement_identifier) @local.reference)":
    "(goto_statement label: (statement_identifier) @local.reference.label)",
}

C_FALLBACK_LOCALS = C_LOCALS
for _old, _new in _C_ONLY_REPLACED.items():
    assert _old in C_FALLBACK_LOCALS, _old
    C_FALLBACK_LOCALS = C_FALLBACK_LOCALS.replace(_old, _new)
C_FALLBACK_LOCALS += """
(struct_specifier name: (type_identifier) @local.reference.tag)
(union_specifier name: (type_identifier) @local.reference.tag)
(enum_specifier name: (type_identifier) @local.reference.tag)
(field_designator (field_identifier) @local.reference.member)
(preproc_include) @local.import
"""
# tree-sitter-c parses the standard library's `_t` types (`size_t`, `uint64_t`) as primitive
# types, but only the headers declare them: they are external names, which need the program's
# includes (see `@local.import` in lintseq_x.core.toolkit.scope_checker).
C_FALLBACK_LOCALS += '((primitive_type) @local.reference (#match? @local.reference "_t$"))\n'

# A local declaration is visible from where it is made (file scope is not ordered here: a
# function may be called before its definition, with a warning).
C_ORDERED_SCOPES = frozenset({"compound_statement", "function_definition", "for_statement", "parameter_list"})

# ISO C forbids an empty enum, and a struct or union without members (gcc accepts the latter as
# an extension, but not an initializer that still fills the members).
C_NONEMPTY = frozenset({"enumerator_list", "field_declaration_list"})
