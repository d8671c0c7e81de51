"""Java: tree-sitter-java for structure, javac (javax.tools, in a long-lived JVM) for judgement,
a tree-sitter scope analysis as the pip-only fallback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import DEFAULT_CLOSING_TOKENS, Language, ScopeRules, StructureRules, hookimpl

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

# What javac's flow and member checks require of a class, and a deletion can break (see
# StructureRules.requirement_query); the fallback cannot see these, so structure keeps such
# states out of reach for either checker:
# - a class (anonymous ones too) keeps each method marked @Override: it may implement an
#   abstract or interface method (not the Object methods every class has);
# - a constructor keeps its `super(...)`/`this(...)` call with arguments (without it javac
#   calls `super()`, which the superclass may not have), and a subclass keeps each constructor
#   that passes arguments to `super(...)` (without one, its default constructor does);
# - a blank `final` field keeps the assignment of it in each constructor;
# - a `while (true)` or `for (;;)` loop keeps at least one `break` (else what follows it is
#   unreachable);
# - where the file declares both a type and a class that implements or extends it (siblings,
#   in either order), the class keeps its method of each abstract method's name, and an
#   @Override method goes when no method of its name is left in the supertypes.
# (The method's name, not its first line: that may be the annotation's, a unit of its own.)
_OVERRIDE = '''(method_declaration (modifiers (marker_annotation name: (identifier) @_o)) name: (identifier) @member)'''
_OVERRIDE_CHECK = '''(#eq? @_o "Override") (#not-match? @member "^(toString|equals|hashCode)$")'''
_SUPER_CALL = "(explicit_constructor_invocation arguments: (argument_list (_)))"
_FINAL_FIELD = '''(field_declaration (modifiers "final") declarator: (variable_declarator name: (identifier) @_f !value)) @owner'''
_ASSIGNS = '''(constructor_declaration body: (constructor_body (expression_statement (assignment_expression
   left: [(identifier) @_g (field_access object: (this) field: (identifier) @_g)])) @member))'''
_ENDLESS = ('''(while_statement condition: (parenthesized_expression (true)) body: (block {inner})) @owner''',
            '''(for_statement !condition body: (block {inner})) @owner''')
_BREAK_AT = ("(break_statement) @member.any", "(_ (block (break_statement) @member.any))",
             "(_ (_ (block (break_statement) @member.any)))", "(_ (block (_ (block (break_statement) @member.any))))")
_SUPERTYPES = {  # (supertype, its methods a subtype must implement, any of its methods)
    "interface": ("(interface_declaration name: (identifier) @_i body: (interface_body {methods}))",
                  "(method_declaration !body name: (identifier) @_a)", "(method_declaration name: (identifier) @_a)"),
    "class": ("(class_declaration name: (identifier) @_i body: (class_body {methods}))",
              '''(method_declaration (modifiers "abstract") name: (identifier) @_a)''', "(method_declaration name: (identifier) @_a)"),
}
_NAMED = "[(type_identifier) @_t (generic_type (type_identifier) @_t)]"
_SUBTYPE = "({kind} {clause} body: (class_body {method}))"
_CLAUSES = {"interface": f"interfaces: (super_interfaces (type_list {_NAMED}))", "class": f"superclass: (superclass {_NAMED})"}


def _inheritance_patterns() -> list[str]:
    patterns = []
    for supertype, (declaration, abstract, method) in _SUPERTYPES.items():
        for kind in ("class_declaration", "record_declaration"):
            if kind == "record_declaration" and supertype == "class":
                continue
            implements = _SUBTYPE.format(kind=kind, clause=_CLAUSES[supertype],
                                         method="(method_declaration name: (identifier) @_b @member)") + " @owner"
            overrides = _SUBTYPE.format(kind=kind, clause=_CLAUSES[supertype], method=f"({_OVERRIDE[1:-1].replace('@member', '@_b @owner')})")
            pairs = [(declaration.format(methods=abstract), implements, ""),
                     (declaration.format(methods=method.replace("@_a", "@_a @member.any")), overrides, ' (#eq? @_o "Override")')]
            for parent in ("program", "class_body"):
                for first, second, extra in pairs:
                    for a, b in ((first, second), (second, first)):
                        patterns.append(f"(({parent} {a} {b}) (#eq? @_i @_t) (#eq? @_a @_b){extra})")
    return patterns


REQUIREMENT_QUERY = "\n".join([
    *_inheritance_patterns(),
    f"((class_declaration body: (class_body {_OVERRIDE})) @owner {_OVERRIDE_CHECK})",
    f"((record_declaration body: (class_body {_OVERRIDE})) @owner {_OVERRIDE_CHECK})",
    f"((enum_declaration body: (enum_body (enum_body_declarations {_OVERRIDE}))) @owner {_OVERRIDE_CHECK})",
    f"((object_creation_expression (class_body {_OVERRIDE})) @owner {_OVERRIDE_CHECK})",
    f"((enum_constant body: (class_body {_OVERRIDE})) @owner {_OVERRIDE_CHECK})",
    f"(constructor_declaration body: (constructor_body {_SUPER_CALL} @member)) @owner",
    "(class_declaration superclass: (superclass) body: (class_body (constructor_declaration body: (constructor_body (explicit_constructor_invocation constructor: (super) arguments: (argument_list (_))))) @member)) @owner",
    f"((class_body {_FINAL_FIELD} {_ASSIGNS}) (#eq? @_f @_g))",
    f"((class_body {_ASSIGNS} {_FINAL_FIELD}) (#eq? @_f @_g))",
    *(loop.format(inner=inner) for loop in _ENDLESS for inner in _BREAK_AT),
])

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
    requirement_query=REQUIREMENT_QUERY,
)

# The fallback's scope analysis. Class, interface, enum and record bodies are not scopes: a
# member (field, method, nested type, enum constant) is visible from the whole file, as it is
# through inheritance and qualified access, which this analysis does not model. Java keeps
# methods apart from variables, so methods bind in a namespace of their own (`method`), in which
# every call `f()`, `obj.f()` and method reference `X::f` is looked up; fields, enum constants,
# record components and nested types also bind in `member`, in which every `obj.name` is looked
# up (a parameter `name` does not stand in for a deleted field `name` there). Like every name
# here this is by name alone, without types: `list.add(x)` is judged only when the program
# declares a method `add`. Constructors bind in `constructor`: `new Node(value)` with arguments
# needs a constructor `Node` still declared (`strict`: the class alone gives only the default
# constructor), where the program declares one.
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
(field_declaration declarator: (variable_declarator name: (identifier) @local.definition))
(field_declaration declarator: (variable_declarator name: (identifier) @local.definition.member))
(method_declaration name: (identifier) @local.definition.outer.method)
(constructor_declaration name: (identifier) @local.definition.outer.constructor)
(record_declaration name: (identifier) @local.definition.constructor)
(record_declaration parameters: (formal_parameters (formal_parameter name: (identifier) @local.definition.outer.member)))
(record_declaration parameters: (formal_parameters (formal_parameter name: (identifier) @local.definition.outer.method)))
(class_declaration name: (identifier) @local.definition.member)
(interface_declaration name: (identifier) @local.definition.member)
(enum_declaration name: (identifier) @local.definition.member)
(record_declaration name: (identifier) @local.definition.member)
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
(import_declaration (scoped_identifier name: (identifier) @local.definition.method) .)

(method_invocation object: (identifier) @local.reference)
(method_invocation name: (identifier) @local.reference.method)
(method_reference "::" . (identifier) @local.reference.method)
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
(field_access field: (identifier) @local.reference.member)
(object_creation_expression type: (type_identifier) @local.reference.constructor.strict arguments: (argument_list (_)))
(object_creation_expression type: (generic_type (type_identifier) @local.reference.constructor.strict) arguments: (argument_list (_)))
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
