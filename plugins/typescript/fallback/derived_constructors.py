"""TypeScript's rule for the pip-only fallback beyond names (a `ScopeRules.extra_check`): the
constructor of a class that `extends` another calls `super(...)`.

tsc rejects a derived class's constructor without a `super` call (TS2377); the scope analysis
sees nothing wrong when a state deletes the `super(...)` line and keeps the constructor. Judged
against the full program: a state with more derived constructors without a `super` call than
the program has is flagged.
"""

from __future__ import annotations

from typing import Any

from lintseq_x.plugins import Diagnostic

_CLASSES = frozenset({"class_declaration", "class", "abstract_class_declaration"})
# What a `super(...)` call inside them does not belong to.
_OWN_SCOPES = _CLASSES | {"function_declaration", "function_expression", "method_definition"}


class DerivedConstructorCheck:
    """`begin(root, source)` with the full program's tree; `check(root, source)` per state."""

    def __init__(self) -> None:
        self._without_super = 0

    def begin(self, root: Any, source: bytes) -> None:
        self._without_super = len(_constructors_without_super(root))

    def check(self, root: Any, source: bytes) -> list[Diagnostic]:
        found = _constructors_without_super(root)
        if len(found) <= self._without_super:
            return []
        return [
            Diagnostic(node.start_point.row + 1, "MissingSuperCall", "a derived class's constructor has no super(...) call")
            for node in found
        ]


def _constructors_without_super(root: Any) -> list[Any]:
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in _CLASSES and _extends(node):
            body = node.child_by_field_name("body")
            for member in body.named_children if body is not None else ():
                name = member.child_by_field_name("name") if member.type == "method_definition" else None
                if name is not None and name.text == b"constructor" and member.child_by_field_name("body") is not None:
                    if not _calls_super(member.child_by_field_name("body")):
                        found.append(member)
        stack.extend(node.named_children)
    return found


def _extends(node: Any) -> bool:
    return any(
        child.type == "class_heritage" and any(part.type == "extends_clause" for part in child.named_children)
        for child in node.named_children
    )


def _calls_super(body: Any) -> bool:
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type == "call_expression" and (function := node.child_by_field_name("function")) is not None \
                and function.type == "super":
            return True
        if node.type not in _OWN_SCOPES:
            stack.extend(node.named_children)
    return False
