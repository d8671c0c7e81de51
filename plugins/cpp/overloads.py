"""C++'s overload rule for the pip-only fallback (a `ScopeRules.extra_check`).

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
Where a class lost a data member, a brace initializer with more values than the class has left
is flagged (`too many initializers for 'Point'`): the fallback does not know which type a brace
list initializes. And a `constexpr` function whose text a state changed is flagged where a `static_assert` or a
template argument still mentions it: the fallback does not evaluate constants.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from lintseq_x.core.checker import Diagnostic

_NAMES = frozenset({"identifier", "field_identifier", "type_identifier"})
# The field of a declaring node that holds the declared name.
_DECLARED_FIELD = {"function_declarator": "declarator", "class_specifier": "name", "struct_specifier": "name"}
# Uses of an operator with no token of its own in the expression.
_OPERATOR_USES = {"()": "call_expression", "[]": "subscript_expression"}
_USES = _NAMES | frozenset(_OPERATOR_USES.values()) | {"initializer_list"}


class OverloadCheck:
    """`begin(root, source)` with the full program's tree; `check(root, source)` per state."""

    def __init__(self) -> None:
        self._program = _Declarations()

    def begin(self, root: Any, source: bytes) -> None:
        self._program = _Declarations(root)

    def check(self, root: Any, source: bytes) -> list[Diagnostic]:
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
        for node in _walk(root) if root is not None else ():
            if node.type == "function_declarator":
                self._function(node)
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
