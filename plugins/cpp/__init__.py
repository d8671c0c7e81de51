"""C++: tree-sitter-cpp for structure, clang's front end (libclang, in process; the checker is
shared with the C plugin) for judgement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import Language, ScopeRules, StructureRules, hookimpl
from lintseq_x.plugins.c.clang_checker import ClangChecker
from lintseq_x.plugins.c.standards import StandardTool
from lintseq_x.plugins.cpp.fallback_rules import CppFallbackRules
from lintseq_x.plugins.c.rules import (
    C_ATOMIC, C_BODIES, C_CLOSERS, C_LOCALS, C_TOPLEVEL, C_VALUE_REQUIREMENTS, CLOSED_BY, required,
)


class CppChecker(ClangChecker):
    name = "cpp-libclang"

    def __init__(self) -> None:
        super().__init__("c++")


_CLOSED_BY = {
    **CLOSED_BY,
    "}": (*CLOSED_BY["}"], "initializer_list", "requirement_seq"),
    ")": (*CLOSED_BY[")"], "template_argument_list"),
    ">": ("template_parameter_list",),
}

STRUCTURE = StructureRules(
    atomic_types=C_ATOMIC | {"raw_string_literal", "concatenated_string"},
    comment_types=frozenset({"comment"}),
    body_types=C_BODIES,
    required_children={
        **required(_CLOSED_BY),
        "try_statement": frozenset({"catch_clause"}),
        # `template <typename T>` goes with what it templates
        "template_declaration": frozenset({
            "function_definition", "declaration", "class_specifier", "struct_specifier",
            "union_specifier", "alias_declaration", "concept_definition", "template_declaration",
            "field_declaration", "friend_declaration", "requires_clause",
        }),
    },
    # `} catch (...) {` is a unit of its own (the try requires a catch); a line that only holds
    # an access specifier (`public:`) goes with its class: deleting it alone would change what
    # the class lets others use.
    closing_tokens=C_CLOSERS | {"public", "private", "protected", ":"},
    requirement_query=C_VALUE_REQUIREMENTS,
)

_CPP_LOCALS = C_LOCALS.replace(
    "(preproc_function_def)] @local.scope",
    "(preproc_function_def) (lambda_expression) (for_range_loop) (catch_clause)\n"
    " (requires_expression)] @local.scope",
) + """
(reference_declarator (identifier) @local.definition)
(parameter_declaration declarator: (reference_declarator (identifier) @local.definition))
(optional_parameter_declaration declarator: (identifier) @local.definition)
(optional_parameter_declaration declarator: (_ (identifier) @local.definition))
(variadic_parameter_declaration declarator: (_ (identifier) @local.definition))
(function_definition declarator: (_ parameters: (parameter_list (optional_parameter_declaration declarator: (identifier) @local.definition.outer))))
(function_definition declarator: (_ parameters: (parameter_list (_ declarator: (reference_declarator (identifier) @local.definition.outer)))))
(function_definition declarator: (_ parameters: (parameter_list (_ declarator: (_ (reference_declarator (identifier) @local.definition.outer))))))
(function_definition declarator: (function_declarator declarator: (field_identifier) @local.definition.outer))
(function_definition declarator: (reference_declarator (function_declarator declarator: (identifier) @local.definition.outer)))
(function_definition declarator: (reference_declarator (function_declarator declarator: (field_identifier) @local.definition.outer)))
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (field_identifier) @local.definition.outer)))
(function_definition declarator: (function_declarator declarator: (operator_name) @local.definition.outer))
(lambda_expression declarator: (abstract_function_declarator parameters: (parameter_list (_ declarator: (identifier) @local.definition.outer))))
(lambda_expression declarator: (abstract_function_declarator parameters: (parameter_list (_ declarator: (_ (identifier) @local.definition.outer)))))
(lambda_expression declarator: (abstract_function_declarator parameters: (parameter_list (_ declarator: (_ declarator: (identifier) @local.definition.outer)))))
(catch_clause parameters: (parameter_list (_ declarator: (identifier) @local.definition.outer)))
(catch_clause parameters: (parameter_list (_ declarator: (_ (identifier) @local.definition.outer))))
(for_range_loop declarator: (identifier) @local.definition)
(for_range_loop declarator: (_ (identifier) @local.definition))
(structured_binding_declarator (identifier) @local.definition)
(class_specifier name: (type_identifier) @local.definition body: (_))
(type_parameter_declaration (type_identifier) @local.definition)
(optional_type_parameter_declaration name: (type_identifier) @local.definition)
(variadic_type_parameter_declaration (type_identifier) @local.definition)
(template_template_parameter_declaration (_ (type_identifier) @local.definition))
(alias_declaration name: (type_identifier) @local.definition)
(namespace_definition name: (namespace_identifier) @local.definition)
(namespace_alias_definition name: (namespace_identifier) @local.definition)
(concept_definition name: (identifier) @local.definition)
(field_initializer (field_identifier) @local.reference)
(namespace_identifier) @local.reference
(lambda_capture_specifier (identifier) @local.reference)
(preproc_include) @local.import
(using_declaration) @local.import
(translation_unit (struct_specifier name: (type_identifier) @local.definition !body))
(translation_unit (class_specifier name: (type_identifier) @local.definition !body))
(declaration_list (struct_specifier name: (type_identifier) @local.definition !body))
(declaration_list (class_specifier name: (type_identifier) @local.definition !body))
"""

def _parameter_patterns() -> str:
    """Parameters of function definitions bind in the function, whatever wraps the function's
    declarator (`T* f(...)`, `T& operator<<(...)`) or the parameter's (`const T& x`, `T* x`)."""
    names = ["(identifier) @local.definition.outer"]
    for _ in range(2):
        names += [f"(_ declarator: {name})" for name in names] + [f"(reference_declarator {name})" for name in names]
    functions = ["(function_declarator parameters: (parameter_list (_ declarator: {})))"]
    for _ in range(2):
        functions += [f"(_ declarator: {f})" for f in functions] + [f"(reference_declarator {f})" for f in functions]
    return "\n".join(
        f"(function_definition declarator: {function.format(name)})"
        for function in sorted(set(functions)) for name in sorted(set(names))
    ) + "\n"


_CPP_LOCALS += _parameter_patterns() + """
(function_definition declarator: (_ declarator: (function_declarator declarator: (_) @local.definition.outer)))
(function_definition declarator: (_ (function_declarator declarator: (_) @local.definition.outer)))
"""

_CPP_TOPLEVEL = C_TOPLEVEL | {
    "namespace_definition", "template_declaration", "class_specifier", "using_declaration",
    "alias_declaration", "static_assert_declaration", "concept_definition",
    "namespace_alias_definition", "template_instantiation", "explicit_function_specifier",
}


def _grammar() -> object:
    import tree_sitter_cpp

    return tree_sitter_cpp.language()


# Judges by the standard the checker is configured with (LINTSEQ_X_CPP_STD, see the C plugin's
# standards.py).
GXX = StandardTool(
    "g++ -fsyntax-only", ("g++", "-fsyntax-only", "-std={std}", "-x", "c++", "{file}"), file_name="state.cpp",
    language="c++",
)

CPP = Language(
    name="cpp",
    aliases=("c++", "cxx"),
    extensions=(".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx"),
    grammar=_grammar,
    checker=CppChecker,
    structure=STRUCTURE,
    fence_names=("cpp", "c++", "cxx"),
    corpus=Path(__file__).with_name("corpus"),
    lexer="cpp",
    grammar_package="tree-sitter-cpp",
    fallback=ScopeRules(
        _CPP_LOCALS, toplevel_types=frozenset(_CPP_TOPLEVEL), extra_check=CppFallbackRules, tolerate_unexpanded_macros=True,
    ),
    tools=(GXX,),
)

__all__ = ["CPP", "CppChecker", "GXX", "STRUCTURE"]


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(CPP)
