"""The pip-only fallback checker: tree-sitter syntax, top-level rules and scope analysis.

Used where a language's real front end is not installed. It flags:
- syntax errors: ERROR and MISSING nodes in the tree-sitter tree (fatal);
- top-level statements a language forbids at file scope (when the plugin lists what is allowed);
- unresolved names: an identifier that the *full program* declares, referenced where no
  declaration of it is in scope. Names the program never declares are external (builtins,
  imports from elsewhere), which keeps the check free of builtin lists and import resolution.

Scopes, definitions and references come from a locals query in the nvim-treesitter convention,
supplied by the language plugin: `@local.scope`, `@local.definition` (binds in the innermost
enclosing scope), `@local.definition.outer` (binds in the scope around that one: a function's
name, not its body) and `@local.reference`. Declaration order is ignored (hoisting differs
between languages); a deleted declaration is what this check exists to catch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .checker import Diagnostic


@dataclass(frozen=True)
class ScopeRules:
    """What a plugin gives the fallback checker: a locals query and, optionally, the node types
    allowed directly at file scope."""

    locals_query: str
    toplevel_types: frozenset[str] | None = None


_queries: dict[tuple[int, str], Any] = {}


def _query(grammar: Any, text: str) -> Any:
    """Compiled once per process and never freed: tree-sitter 0.26.1 crashes when a Query is
    freed and another built (docs/decisions.md)."""
    import tree_sitter

    key = (id(grammar), text)
    if key not in _queries:
        _queries[key] = (grammar, tree_sitter.Query(grammar, text))
    return _queries[key][1]


class ScopeChecker:
    """A `Checker` built from a tree-sitter parser and `ScopeRules`; see the module docstring."""

    version = "lintseq-x scope analysis 1"

    def __init__(self, language_name: str, parser: Any, rules: ScopeRules) -> None:
        self.name = f"{language_name}-tree-sitter-scopes"
        self.settings = {"toplevel_types": sorted(rules.toplevel_types) if rules.toplevel_types else None}
        self._parser = parser
        self._rules = rules
        self._query = _query(parser.language, rules.locals_query)
        self._declared: frozenset[str] = frozenset()

    def begin(self, program: str) -> None:
        """Remember the names the full program declares; states are judged against them."""
        root = self._parser.parse(program.encode("utf-8")).root_node
        self._declared = frozenset(name for name, _, _ in _bindings(self._captures(root)))

    def check(self, source: str) -> Sequence[Diagnostic]:
        root = self._parser.parse(source.encode("utf-8")).root_node
        if root.has_error:
            return (_syntax_error(root),)
        problems: list[Diagnostic] = []
        allowed = self._rules.toplevel_types
        if allowed is not None:
            for child in root.named_children:
                if child.type not in allowed and not child.is_extra:
                    problems.append(
                        Diagnostic(child.start_point.row + 1, "TopLevel", f"{child.type} is not allowed at file scope")
                    )
        problems.extend(self._unresolved(self._captures(root)))
        return tuple(sorted(problems, key=lambda d: d.line))

    def _captures(self, root: Any) -> dict[str, list[Any]]:
        import tree_sitter

        return tree_sitter.QueryCursor(self._query).captures(root)

    def _unresolved(self, captures: dict[str, list[Any]]) -> list[Diagnostic]:
        """References to declared names with no declaration in an enclosing scope."""
        visible: dict[str, set[int | None]] = {}
        definition_nodes: set[int] = set()
        for name, scope, node_id in _bindings(captures):
            definition_nodes.add(node_id)
            visible.setdefault(name, set()).add(None if scope is None else scope.id)
        scope_ids = {node.id for node in captures.get("local.scope", ())}
        problems = []
        for node in captures.get("local.reference", ()):
            name = node.text.decode("utf-8", "replace")
            if node.id in definition_nodes or name not in self._declared:
                continue
            scopes = visible.get(name, set())
            if None in scopes:  # declared at file scope: visible everywhere
                continue
            ancestor = _enclosing_scope(node, scope_ids)
            while ancestor is not None and ancestor.id not in scopes:
                ancestor = _enclosing_scope(ancestor, scope_ids)
            if ancestor is None:
                problems.append(Diagnostic(node.start_point.row + 1, "UnresolvedName", f"{name!r} is not declared in scope"))
        return problems


def _bindings(captures: dict[str, list[Any]]) -> list[tuple[str, Any, int]]:
    """(name, scope node or None for file scope, definition node id) for every definition."""
    scope_ids = {node.id for node in captures.get("local.scope", ())}
    found = []
    for capture, outer in (("local.definition", False), ("local.definition.outer", True)):
        for node in captures.get(capture, ()):
            scope = _enclosing_scope(node, scope_ids)
            if outer and scope is not None:
                scope = _enclosing_scope(scope, scope_ids)
            found.append((node.text.decode("utf-8", "replace"), scope, node.id))
    return found


def _enclosing_scope(node: Any, scope_ids: set[int]) -> Any:
    parent = node.parent
    while parent is not None and parent.id not in scope_ids:
        parent = parent.parent
    return parent


def _syntax_error(root: Any) -> Diagnostic:
    """The first ERROR or MISSING node, in document order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing:
            return Diagnostic(node.start_point.row + 1, "SyntaxError", f"missing {node.type}", fatal=True)
        if node.type == "ERROR":
            return Diagnostic(node.start_point.row + 1, "SyntaxError", "syntax error", fatal=True)
        stack.extend(child for child in reversed(node.children) if child.has_error or child.is_missing)
    return Diagnostic(root.start_point.row + 1, "SyntaxError", "syntax error", fatal=True)
