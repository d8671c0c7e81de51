"""C++'s rules for the pip-only fallback beyond names (a `ScopeRules.extra_check`).

The fallback's locals query judges a name by whether some declaration of it is in scope. C++
declares one name many times: overloads of a function, a class's constructors (named like the
class), operators that no identifier names at the point of use (`a * b` calls `operator*`). A
deleted overload leaves the name declared, so the name rule accepts states that g++ rejects
(`no matching function for call to 'Counter::Counter(int)'`, `no match for 'operator*'`).

So, judged against the full program like the rest of the fallback: where a state has fewer
declarations of a function, constructor or operator than the program,
- a function or constructor name is flagged wherever the state still mentions it;
- an operator is flagged wherever the state still uses its token (`*`, `<<`, a call for
  `operator()`, a subscript for `operator[]`), whatever the operands: the fallback does not
  type them, and keeping an overload a state might still need is the safe side.
A name declared inside an `#if`/`#ifdef` branch is treated like an overload: the fallback does
not evaluate conditions, so `#if A Graph g(V); #else Graph g(first, last, V); #endif` declares
`g` twice, and deleting either may delete the one the compiler sees.

A statement over several lines that a state keeps only part of (an argument line of a call
deleted, or the tail of `cout << a <<` joined to the next statement) parses, but is a new
statement the fallback cannot type: a state's multi-line statements without a block inside, and
the multi-line heads of its blocks (a `for` header, a parameter list), must each be one of the
program's, by text. And every `#if` keeps its `#endif`: tree-sitter does not require one.

A lambda or an `auto` function that no longer returns a value has a new type, `void`, which
its callers cannot use: a state with more of them than the program is flagged.

Where a class lost a data member, a brace initializer with more values than the class has left
is flagged (`too many initializers for 'Point'`): the fallback does not know which type a brace
list initializes. And a `constexpr` function whose text a state changed is flagged where a `static_assert` or a
template argument still mentions it: the fallback does not evaluate constants.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from lintseq_x.plugins import Diagnostic

_NAMES = frozenset({"identifier", "field_identifier", "type_identifier"})
_STATEMENTS = frozenset({
    "expression_statement", "declaration", "return_statement", "field_declaration", "throw_statement",
    "type_definition", "alias_declaration", "static_assert_declaration", "using_declaration",
})
# Nodes with a block, and the field that holds it: what comes before the block is their head.
_HEADED = {
    "for_statement": "body", "for_range_loop": "body", "while_statement": "body", "switch_statement": "body",
    "if_statement": "consequence", "function_definition": "body", "class_specifier": "body",
    "struct_specifier": "body",
}
_OPENS = re.compile(rb"^[ \t]*#[ \t]*if(?:n?def)?\b", re.MULTILINE)
_ENDS = re.compile(rb"^[ \t]*#[ \t]*endif\b", re.MULTILINE)
_BLOCKS = frozenset({"compound_statement", "field_declaration_list", "declaration_list", "lambda_expression"})
_CONDITIONALS = frozenset({"preproc_if", "preproc_ifdef", "preproc_elif", "preproc_else", "preproc_elifdef"})
# The field of a declaring node that holds the declared name.
_DECLARED_FIELD = {"function_declarator": "declarator", "class_specifier": "name", "struct_specifier": "name"}
# Uses of an operator with no token of its own in the expression.
_OPERATOR_USES = {"()": "call_expression", "[]": "subscript_expression"}
_USES = _NAMES | frozenset(_OPERATOR_USES.values()) | {"initializer_list"}


class CppFallbackRules:
    """`begin(root, source)` with the full program's tree; `check(root, source)` per state."""

    def __init__(self) -> None:
        self._program = _Declarations()
        self._statements: frozenset[str] = frozenset()
        self._void_deduced = 0
        self._unbalanced = 0

    def begin(self, root: Any, source: bytes) -> None:
        self._program = _Declarations(root)
        self._statements = frozenset(text for _, text in _multiline_statements(root, source))
        self._void_deduced = len(_void_deduced(root))
        self._unbalanced = _unbalanced_conditionals(source)

    def check(self, root: Any, source: bytes) -> list[Diagnostic]:
        if _unbalanced_conditionals(source) != self._unbalanced:
            # tree-sitter takes an unterminated `#if` to the end of the file
            return [Diagnostic(1, "SyntaxError", "an #if without its #endif, or an #endif without its #if", fatal=True)]
        problems = [
            Diagnostic(node.start_point.row + 1, "PartialStatement", "a statement over several lines lost some of them")
            for node, text in _multiline_statements(root, source) if text not in self._statements
        ]
        void = _void_deduced(root)
        if len(void) > self._void_deduced:
            problems += [Diagnostic(node.start_point.row + 1, "LostReturn",
                                    "a lambda or auto function lost the return that gave it a type") for node in void]
        return problems + self._overloads(root)

    def _overloads(self, root: Any) -> list[Diagnostic]:
        program = self._program
        if not program.callables and not program.members:
            return []
        state = _Declarations(root)
        lost = {name for name, count in program.callables.items() if state.callables[name] < count}
        changed = {name for name, text in program.constexpr.items() if state.constexpr.get(name, text) != text}
        fewer = [count for name, count in state.members.items() if count < program.members[name]]
        if not lost and not changed and not fewer:
            return []
        problems = []
        for node, in_constant in _uses(root):
            if node.type == "initializer_list":
                values = node.named_child_count
                if any(values > count for count in fewer):
                    problems.append(Diagnostic(node.start_point.row + 1, "UnresolvedName",
                                               f"{values} values in braces, more than a class that lost a member has"))
                continue
            name = _use_name(node)
            if name in lost:
                what = name if name.startswith("operator") else repr(name)
                problems.append(Diagnostic(node.start_point.row + 1, "UnresolvedName",
                                           f"a declaration of {what} is gone while it is still used"))
            elif in_constant and name in changed:
                problems.append(Diagnostic(node.start_point.row + 1, "UnresolvedName",
                                           f"constexpr {name!r} changed while a constant expression uses it"))
        return problems


class _Declarations:
    """How many times a tree declares each function, constructor and operator name; the text of
    each `constexpr` function by name; how many data members each class declares."""

    def __init__(self, root: Any = None) -> None:
        self.callables: Counter[str] = Counter()
        self.constexpr: dict[str, str] = {}
        self.members: Counter[str] = Counter()
        for node, conditional in _walk_branches(root) if root is not None else ():
            if node.type == "function_declarator":
                self._function(node)
            elif conditional and node.type == "declaration":
                for declarator in node.children_by_field_name("declarator"):
                    name = _variable_name(declarator)
                    if name is not None:
                        self.callables[name] += 1
            elif node.type == "field_declaration" and node.parent is not None:
                owner = node.parent.parent  # field_declaration_list, then the class
                name = owner.child_by_field_name("name") if owner is not None else None
                if name is not None and not any(child.type == "function_declarator" for child in _walk(node)):
                    self.members[name.text.decode("utf-8", "replace")] += sum(
                        1 for child in node.children_by_field_name("declarator")
                    )

    def _function(self, node: Any) -> None:
        name = _declared_name(node.child_by_field_name("declarator"))
        if name is None:
            return
        self.callables[name] += 1
        definition = _enclosing_definition(node)
        if definition is not None and any(child.type == "type_qualifier" and child.text == b"constexpr"
                                          for child in definition.children):
            text = " ".join(definition.text.decode("utf-8", "replace").split())
            self.constexpr[name] = self.constexpr.get(name, "") + text


def _declared_name(declarator: Any) -> str | None:
    while declarator is not None:
        if declarator.type in _NAMES:
            return declarator.text.decode("utf-8", "replace")
        if declarator.type == "operator_name":
            return "operator" + "".join(declarator.text.decode("utf-8", "replace")[len("operator"):].split())
        if declarator.type in ("qualified_identifier", "template_function"):
            declarator = declarator.child_by_field_name("name")
            continue
        return None  # a destructor, a conversion function, a function pointer's parentheses
    return None


def _multiline_statements(root: Any, source: bytes) -> Iterable[tuple[Any, str]]:
    """Statements and declarations over more than one line with no block inside, and the heads
    of blocks over more than one line (`for (...;\n ...)`, a parameter list), each with its text,
    whitespace collapsed."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.start_point.row == node.end_point.row:
            continue
        if node.type in _STATEMENTS and not any(inner.type in _BLOCKS for inner in _walk(node)):
            yield node, _collapsed(source[node.start_byte:node.end_byte])
            continue
        body = node.child_by_field_name(_HEADED[node.type]) if node.type in _HEADED else None
        if body is not None and body.start_point.row != node.start_point.row:
            yield node, "head: " + _collapsed(source[node.start_byte:body.start_byte])
        stack.extend(node.children)


def _collapsed(text: bytes) -> str:
    return " ".join(text.decode("utf-8", "replace").split())


def _unbalanced_conditionals(source: bytes) -> int:
    """`#if`, `#ifdef` and `#ifndef` lines less `#endif` lines."""
    return len(_OPENS.findall(source)) - len(_ENDS.findall(source))


def _void_deduced(root: Any) -> list[Any]:
    """Lambdas and `auto` functions whose bodies return no value."""
    found = []
    for node in _walk(root):
        if node.type == "lambda_expression" or (
            node.type == "function_definition"
            and (node.child_by_field_name("type") is not None and node.child_by_field_name("type").type == "placeholder_type_specifier")
        ):
            body = node.child_by_field_name("body")
            if body is not None and not _returns_a_value(body):
                found.append(node)
    return found


def _returns_a_value(body: Any) -> bool:
    stack = list(body.children)
    while stack:
        node = stack.pop()
        if node.type == "return_statement" and node.named_child_count:
            return True
        if node.type not in ("lambda_expression", "function_definition", "class_specifier", "struct_specifier"):
            stack.extend(node.children)
    return False


def _variable_name(declarator: Any) -> str | None:
    """The name a variable declarator declares (`g`, `*g`, `g[3]`, `g = ...`, `g(V)`)."""
    while declarator is not None and declarator.type != "identifier":
        if declarator.type not in ("init_declarator", "pointer_declarator", "reference_declarator",
                                   "array_declarator", "function_declarator"):
            return None
        declarator = declarator.child_by_field_name("declarator")
    return declarator.text.decode("utf-8", "replace") if declarator is not None else None


def _walk_branches(root: Any) -> Iterable[tuple[Any, bool]]:
    """Every node, with whether it sits inside a preprocessor conditional."""
    stack = [(root, False)]
    while stack:
        node, conditional = stack.pop()
        yield node, conditional
        conditional = conditional or node.type in _CONDITIONALS
        stack.extend((child, conditional) for child in reversed(node.children))


def _enclosing_definition(declarator: Any) -> Any:
    node = declarator.parent
    while node is not None and node.type in ("pointer_declarator", "reference_declarator"):
        node = node.parent
    return node if node is not None and node.type in ("function_definition", "declaration") else None


def _uses(root: Any) -> Iterable[tuple[Any, bool]]:
    """Nodes that may use a declared callable, each with whether it sits in a constant
    expression (a `static_assert`, a template argument)."""
    stack = [(root, False)]
    while stack:
        node, in_constant = stack.pop()
        if node.type == "operator_name":
            continue
        in_constant = in_constant or node.type in ("static_assert_declaration", "template_argument_list")
        if node.type in _USES or not node.is_named:
            yield node, in_constant
        # what a declaration names is not a use of it
        declared = _DECLARED_FIELD.get(node.type)
        skipped = node.child_by_field_name(declared) if declared else None
        stack.extend((child, in_constant) for child in reversed(node.children) if skipped is None or child.id != skipped.id)


def _use_name(node: Any) -> str:
    if node.type in _NAMES:
        return node.text.decode("utf-8", "replace")
    for operator, use in _OPERATOR_USES.items():
        if node.type == use:
            return "operator" + operator
    return "operator" + node.type  # an anonymous token: `*`, `<<`, `==`


def _walk(root: Any) -> Iterable[Any]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))
