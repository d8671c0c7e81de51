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
between languages) except in the scopes a plugin lists as ordered; a deleted declaration is what
this check exists to catch.

Extensions of that convention, all optional:
- namespaces: `@local.definition.NS` and `@local.reference.NS` (NS any word but `outer`,
  `path` and `strict`) bind and look up names in their own namespace, so that a struct field, a tag or a
  member does not hide a deleted variable of the same name, nor the reverse. A node captured as
  a reference in several namespaces resolves when it resolves in any of them. Modifiers combine
  in any order: `@local.definition.outer.member`. A reference marked `strict`
  (`@local.reference.NS.strict`) must resolve in NS whatever the node's other captures find:
  `new Node(value)` needs a constructor `Node` though the class `Node` is still declared.
- `@local.definition.path`: the captured text is an import path (quotes and all) that binds its
  last segment (`"encoding/json"` binds `json`, `"gopkg.in/yaml.v3"` binds `yaml`).
- `@local.import`: the program's import or include lines. Names the full program never declares
  are external, and they come from somewhere: while any of the program's imports is missing from
  a state, a reference to an external name is unresolved (a conservative rule: the state must
  keep its imports, which is the order people write them in anyway).

Parse errors are fatal, except, where a plugin asks for it (`tolerate_unexpanded_macros`: C and
C++, whose macros make valid code that tree-sitter cannot parse), those the program itself has:
an ERROR or MISSING node of a state whose text (a MISSING node: its line's) matches one of the
program's is tolerated, counted, and the rest of the state is judged as usual; so is a
construct out of place at file scope (a macro call with no `;`) whose text the program has.

A program the checker cannot judge is fatal in every state: one nested deeper than the
language's compilers parse (`ScopeRules.max_depth`), or one that a whole-program judge rejects
(`ScopeRules.program_judges`: V8's parser where node is installed, for JavaScript), so that the
fallback makes no record that `verify`'s independent checks would reject.

Beyond names, a plugin may add a check of its own (`ScopeRules.extra_check`, see `ExtraCheck`):
Go types the operands of selectors to see a member deleted from one type while another type
still declares one of that name. It is given the trees this checker already parsed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..algorithm.checker import Checker, Diagnostic
from ..algorithm.structure import split_lines
from ..algorithm import treesitter


@dataclass(frozen=True)
class ScopeRules:
    """What a plugin gives the fallback checker: a locals query and, optionally, the node types
    allowed directly at file scope."""

    locals_query: str
    toplevel_types: frozenset[str] | None = None
    # Scope node types in which a declaration of the default namespace is visible only after it
    # (block-scoped locals in Go, C, Java); elsewhere, and in other namespaces (labels a `goto`
    # may jump forward to), declaration order is ignored.
    ordered_scopes: frozenset[str] = frozenset()
    # Node types the language forbids to be empty (C's `enum e {}`): one with no named child but
    # comments is an error on its first line.
    nonempty_types: frozenset[str] = frozenset()
    # A further, language-specific check: a factory called once per checker (so an instance
    # may keep what `begin` learns), or None.
    extra_check: Callable[[], ExtraCheck] | None = None
    # Syntax trees deeper than this (in tree-sitter levels) are fatal: the language's own
    # front ends recurse and cannot compile them (V8 stops at a thousand nested arrow
    # functions), so their states cannot be judged. Measured on the program in `begin`.
    max_depth: int | None = None
    # Judges of a whole program (a compiler's parser where one is installed): a program one of
    # them rejects is fatal in every state, so that no record is made from a program that the
    # language's independent checks (`verify`) reject. Each returns a problem or None; one
    # that cannot run here (no node) returns None. Run once per program, in `begin`.
    program_judges: tuple[Callable[[str], str | None], ...] = ()
    # For languages with a preprocessor, whose macros tree-sitter sees unexpanded (a
    # file-scope `BOOST_FUSION_ADAPT_STRUCT(...)` with no `;`): the parse errors and the
    # constructs out of place at file scope that the program itself has are tolerated in its
    # states, matched by their text, and a state is judged by those it adds. Elsewhere a program
    # tree-sitter cannot parse is fatal.
    tolerate_unexpanded_macros: bool = False


class ExtraCheck(Protocol):
    """A plugin's own check, run after the scope analysis on every state that parses.

    `begin` sees the full program's tree (like `ScopeChecker.begin`, it may never be called:
    then judge nothing); `check` returns a state's problems. Both get the tree-sitter root
    node and the UTF-8 source the checker already parsed."""

    def begin(self, root: Any, source: bytes) -> None: ...

    def check(self, root: Any, source: bytes) -> Iterable[Diagnostic]: ...


class ScopeChecker(Checker):
    """A `Checker` built from a tree-sitter parser and `ScopeRules`; see the module docstring."""

    version = "lintseq-x scope analysis 1"

    def __init__(self, language_name: str, parser: Any, rules: ScopeRules) -> None:
        self.name = f"{language_name}-tree-sitter-scopes"
        self.settings = {"toplevel_types": sorted(rules.toplevel_types) if rules.toplevel_types else None}
        self._parser = parser
        self._rules = rules
        self._query = treesitter.compiled_query(parser.language, rules.locals_query)
        self._nonempty_query = (
            treesitter.compiled_query(parser.language, "[" + " ".join(f"({kind})" for kind in sorted(rules.nonempty_types)) + "] @node")
            if rules.nonempty_types else None
        )
        self._declared: frozenset[str] = frozenset()
        self._declared_spaces: frozenset[tuple[str, str]] = frozenset()
        self._import_counts: dict[str, int] = {}
        # what tree-sitter could not make sense of in the program (a macro call), by identity
        self._unparsed: Counter[tuple[str, str]] = Counter()
        self._unjudgeable: Diagnostic | None = None
        self._extra = rules.extra_check() if rules.extra_check is not None else None
        if rules.extra_check is not None:  # records say which judge approved their states
            self.settings["extra_check"] = f"{rules.extra_check.__module__}.{rules.extra_check.__qualname__}"
        if rules.max_depth is not None:
            self.settings["max_depth"] = rules.max_depth
        if rules.program_judges:
            self.settings["program_judges"] = [f"{judge.__module__}.{judge.__qualname__}" for judge in rules.program_judges]

    def begin(self, program: str) -> None:
        """Remember the names the full program declares, and its imports; states are judged
        against them."""
        source = program.encode("utf-8")
        root = self._parser.parse(source).root_node
        captures = self._captures(root)
        bindings = _bindings(captures)
        self._declared = frozenset(name for name, _, _, _, _ in bindings)
        self._declared_spaces = frozenset((space, name) for name, space, _, _, _ in bindings)
        self._import_counts = _import_texts(captures)
        self._unparsed = Counter()
        if self._rules.tolerate_unexpanded_macros:
            self._unparsed.update(identity for _, identity in _parse_errors(root, source))
            self._unparsed.update(("misplaced", _text(child, source)) for child in self._out_of_place(root))
        self._unjudgeable = _unjudgeable(program, root, self._rules)
        if self._extra is not None:
            self._extra.begin(root, source)

    def dependent_lines(self, program: str) -> list[tuple[int, int]]:
        """(declaring line, referring line) pairs, 0-based: each reference, looked up in one
        namespace, that sees exactly one declaration of its name there (by the rules of
        `_visible`: an enclosing scope, and in an ordered scope one made before it). Other
        declarations of the name are out of its sight and stay so in any state, so `check`
        flags it once that one is gone (see `Checker.dependent_lines`)."""
        root = self._parser.parse(program.encode("utf-8")).root_node
        captures = self._captures(root)
        enclosing: dict[int, Any] = {}
        ordered = self._rules.ordered_scopes
        declared: dict[tuple[str, str], list[tuple[int | None, int, int]]] = {}  # scope id, position, start
        definition_nodes = set()
        for name, space, scope, node_id, start in _bindings(captures, enclosing):
            position = start if space == "" and scope is not None and scope.type in ordered else -1
            declared.setdefault((space, name), []).append((None if scope is None else scope.id, position, start))
            definition_nodes.add(node_id)
        scope_ids = {node.id for node in captures.get("local.scope", ())}
        rows = treesitter.LineIndex(split_lines(program))
        pairs = []
        for node_id, (node, spaces, strict_spaces) in _references(captures).items():
            if node_id in definition_nodes:
                continue
            name = node.text.decode("utf-8", "replace")
            looked_up = [space for space in {*spaces, *strict_spaces} if (space, name) in declared]
            if len(looked_up) != 1:
                continue
            candidates = declared[looked_up[0], name]
            if len(candidates) > 1:
                around = set()
                scope = _enclosing_scope(node, scope_ids, enclosing)
                while scope is not None:
                    around.add(scope.id)
                    scope = _enclosing_scope(scope, scope_ids, enclosing)
                candidates = [
                    (scope_id, position, start) for scope_id, position, start in candidates
                    if scope_id is None or (scope_id in around and position <= node.start_byte)
                ]
            if len(candidates) == 1:
                pairs.append((rows.of(candidates[0][2]), node.start_point.row))
        return pairs

    def check(self, source: str) -> Sequence[Diagnostic]:
        if self._unjudgeable is not None:
            return (self._unjudgeable,)  # see `begin`
        encoded = source.encode("utf-8")
        root = self._parser.parse(encoded).root_node
        unparsed: Counter[tuple[str, str]] = Counter()
        if root.has_error:
            for node, identity in _parse_errors(root, encoded):
                unparsed[identity] += 1
                if unparsed[identity] > self._unparsed[identity]:
                    what = f"missing {node.type}" if node.is_missing else "syntax error"
                    return (Diagnostic(node.start_point.row + 1, "SyntaxError", what, fatal=True),)
        problems: list[Diagnostic] = []
        for child in self._out_of_place(root):
            if self._unparsed:
                identity = ("misplaced", _text(child, encoded))
                unparsed[identity] += 1
                if unparsed[identity] <= self._unparsed[identity]:
                    continue
            problems.append(Diagnostic(child.start_point.row + 1, "TopLevel", f"{child.type} is not allowed at file scope"))
        if self._nonempty_query is not None:
            for node in treesitter.captures(self._nonempty_query, root).get("node", ()):
                if not any(child.is_named and not child.is_extra for child in node.children):
                    problems.append(Diagnostic(node.start_point.row + 1, "EmptyConstruct", f"an empty {node.type}"))
        # A macro call the program makes may declare names (it is not expanded here): a state
        # that lost one is judged like one that lost an import.
        lost_macro = any(unparsed[identity] < count for identity, count in self._unparsed.items())
        problems.extend(self._unresolved(self._captures(root), lost_macro))
        if self._extra is not None:
            problems.extend(self._extra.check(root, encoded))
        return tuple(sorted(problems, key=lambda d: d.line))

    def _out_of_place(self, root: Any) -> Iterable[Any]:
        """The children of the file that the language does not allow at file scope (a parse
        error is judged on its own)."""
        allowed = self._rules.toplevel_types
        if allowed is None:
            return ()
        return (
            child for child in root.named_children
            if child.type not in allowed and not child.is_extra and child.type != "ERROR"
        )

    def _captures(self, root: Any) -> dict[str, list[Any]]:
        return treesitter.captures(self._query, root)

    def _unresolved(self, captures: dict[str, list[Any]], lost_macro: bool = False) -> list[Diagnostic]:
        """References to declared names with no declaration in an enclosing scope, and, while
        an import of the program (or a macro call, `lost_macro`) is missing, references to names
        it never declares."""
        declared_in = self._declared_spaces
        imports = self._import_counts
        missing_import = any(count > 0 for count in _subtract(imports, _import_texts(captures)).values())
        lost = "an import" if missing_import else "a macro call" if lost_macro else None
        visible: dict[tuple[str, str], dict[int | None, int]] = {}  # -> scope id -> first position
        definition_nodes: set[int] = set()
        ordered = self._rules.ordered_scopes
        # Walks up the tree, shared by every lookup in this state (see `_enclosing_scope`).
        enclosing: dict[int, Any] = {}
        earliest: dict[tuple[str, str], dict[int, float]] = {}
        for name, space, scope, node_id, start in _bindings(captures, enclosing):
            definition_nodes.add(node_id)
            scopes = visible.setdefault((space, name), {})
            key = None if scope is None else scope.id
            position = start if space == "" and scope is not None and scope.type in ordered else -1
            scopes[key] = min(scopes.get(key, position), position)
        scope_ids = {node.id for node in captures.get("local.scope", ())}
        problems = []
        for node_id, (node, spaces, strict_spaces) in _references(captures).items():
            if node_id in definition_nodes:
                continue
            name = node.text.decode("utf-8", "replace")
            checked = [space for space in spaces if (space, name) in declared_in]
            strict_checked = [space for space in strict_spaces if (space, name) in declared_in]
            if not checked and not strict_checked:
                if lost is not None and name not in self._declared:
                    problems.append(Diagnostic(node.start_point.row + 1, "UnresolvedName",
                                               f"{name!r} is external and {lost} of the program is missing"))
                continue
            def seen(space: str) -> bool:
                key = (space, name)
                return self._visible(node, visible.get(key, {}), scope_ids, enclosing, earliest.setdefault(key, {}))

            if (checked and not any(seen(space) for space in checked)) or not all(seen(space) for space in strict_checked):
                problems.append(Diagnostic(node.start_point.row + 1, "UnresolvedName", f"{name!r} is not declared in scope"))
        return problems

    @staticmethod
    def _visible(
        node: Any,
        scopes: dict[int | None, int],
        scope_ids: set[int],
        enclosing: dict[int, Any] | None = None,
        earliest: dict[int, float] | None = None,
    ) -> bool:
        """Whether a declaration in `scopes` (scope id -> first position) is visible at `node`:
        one in an enclosing scope, at or before `node` where that scope is ordered.

        `earliest` memoises, per scope, the first declaring position in it and the scopes
        around it, so that in deeply nested code each scope's chain is walked once per name,
        not once per reference."""
        if None in scopes:  # declared at file scope: visible everywhere
            return True
        memo = {} if earliest is None else earliest
        chain = []
        scope = _enclosing_scope(node, scope_ids, enclosing)
        first = float("inf")
        while scope is not None:
            known = memo.get(scope.id)
            if known is not None:
                first = known
                break
            chain.append(scope)
            scope = _enclosing_scope(scope, scope_ids, enclosing)
        for scope in reversed(chain):
            first = min(first, scopes.get(scope.id, first))
            memo[scope.id] = first
        return first <= node.start_byte


_CAPTURE_CACHE: dict[str, tuple[str, str, bool, bool]] = {}


def _parse_capture(capture: str) -> tuple[str, str, bool, bool]:
    """`local.definition.outer.member` -> ("definition", "member", outer=True, path=False);
    the default namespace is ""."""
    found = _CAPTURE_CACHE.get(capture)
    if found is None:
        parts = capture.split(".")
        kind = parts[1] if len(parts) > 1 and parts[0] == "local" else ""
        modifiers = parts[2:]
        spaces = [part for part in modifiers if part not in ("outer", "path", "strict")]
        found = (kind, spaces[0] if spaces else "", "outer" in modifiers, "path" in modifiers)
        _CAPTURE_CACHE[capture] = found
    return found


_VERSION_SEGMENT = re.compile(r"v\d+")


def _path_name(text: str) -> str:
    """The name an import path binds: its last segment, without a version (`/v2`, `.v3`)."""
    segments = [part for part in text.strip("\"'`<>").split("/") if part]
    while len(segments) > 1 and _VERSION_SEGMENT.fullmatch(segments[-1]):
        segments.pop()
    last = segments[-1] if segments else ""
    return re.sub(r"\.v\d+$", "", last)


def _bindings(captures: dict[str, list[Any]], enclosing: dict[int, Any] | None = None) -> list[tuple[str, str, Any, int, int]]:
    """(name, namespace, scope node or None for file scope, definition node id, start byte)
    for every definition."""
    scope_ids = {node.id for node in captures.get("local.scope", ())}
    found = []
    for capture, nodes in captures.items():
        kind, space, outer, path = _parse_capture(capture)
        if kind != "definition":
            continue
        for node in nodes:
            scope = _enclosing_scope(node, scope_ids, enclosing)
            if outer and scope is not None:
                scope = _enclosing_scope(scope, scope_ids, enclosing)
            text = node.text.decode("utf-8", "replace")
            found.append((_path_name(text) if path else text, space, scope, node.id, node.start_byte))
    return found


def _references(captures: dict[str, list[Any]]) -> dict[int, tuple[Any, list[str], list[str]]]:
    """Node id -> (node, namespaces it is looked up in, namespaces it must resolve in: `strict`)
    for every reference."""
    references: dict[int, tuple[Any, list[str], list[str]]] = {}
    for capture, nodes in captures.items():
        kind, space, _, _ = _parse_capture(capture)
        if kind != "reference":
            continue
        strict = "strict" in capture.split(".")[2:]
        for node in nodes:
            references.setdefault(node.id, (node, [], []))[2 if strict else 1].append(space)
    return references


def _import_texts(captures: dict[str, list[Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in captures.get("local.import", ()):
        text = " ".join(node.text.decode("utf-8", "replace").split())
        counts[text] = counts.get(text, 0) + 1
    return counts


def _subtract(whole: dict[str, int], part: dict[str, int]) -> dict[str, int]:
    return {text: count - part.get(text, 0) for text, count in whole.items()}


def _enclosing_scope(node: Any, scope_ids: set[int], memo: dict[int, Any] | None = None) -> Any:
    """The nearest scope strictly above `node`, or None.

    tree-sitter finds a node's parent by descending from the root, so a walk up costs the
    square of the depth; `memo` (node id -> its enclosing scope, for one tree) remembers every
    node a walk passes, which keeps deeply nested programs from costing the cube of theirs."""
    if memo is None:
        memo = {}
    known = memo.get(node.id, _UNKNOWN)
    if known is not _UNKNOWN:
        return known
    passed = [node.id]
    parent = node.parent
    found = None
    while parent is not None:
        if parent.id in scope_ids:
            found = parent
            break
        known = memo.get(parent.id, _UNKNOWN)
        if known is not _UNKNOWN:
            found = known
            break
        passed.append(parent.id)
        parent = parent.parent
    for node_id in passed:
        memo[node_id] = found
    return found


_UNKNOWN = object()


def _unjudgeable(program: str, root: Any, rules: ScopeRules) -> Diagnostic | None:
    """Why no state of `program` can be judged (too deep for the language's compilers, or
    rejected by one of its program judges), as a fatal diagnostic; None when it can be."""
    if rules.max_depth is not None and depth_exceeds(root, rules.max_depth):
        return Diagnostic(
            1, "TooDeep", f"nested more than {rules.max_depth} syntax levels deep, beyond what the language's compilers parse",
            fatal=True,
        )
    for judge in rules.program_judges:
        problem = judge(program)
        if problem:
            return Diagnostic(1, "RejectedProgram", f"the program is rejected by {problem}", fatal=True)
    return None


def depth_exceeds(root: Any, limit: int) -> bool:
    """Whether the tree under `root` is more than `limit` levels deep (a cursor walk: no
    recursion, and no parent lookups, which tree-sitter makes from the root down)."""
    cursor = root.walk()
    depth = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            if depth > limit:
                return True
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return False
            depth -= 1


def _parse_errors(root: Any, source: bytes) -> Iterable[tuple[Any, tuple[str, str]]]:
    """The outermost ERROR nodes and the MISSING nodes, in document order, each with what
    identifies it whatever lines around it a state lost: an ERROR node's text with its
    whitespace collapsed, and the type of the node it sits in; a MISSING node's type and the text of its line; a node with an error in
    none of its children, its own text."""
    stack = [root] if root.has_error else []
    while stack:
        node = stack.pop()
        if node.is_missing:
            start = source.rfind(b"\n", 0, node.start_byte) + 1
            end = source.find(b"\n", node.start_byte)
            line = source[start:end if end >= 0 else len(source)]
            yield node, ("missing " + node.type, line.decode("utf-8", "replace").strip())
        elif node.type == "ERROR":
            # where it sits too: a stray `}` at file scope is not the program's stray `}` in a class
            yield node, ("error in " + (node.parent.type if node.parent else ""), _text(node, source))
        else:
            erring = [child for child in node.children if child.has_error or child.is_missing]
            if erring:
                stack.extend(reversed(erring))
            else:  # the error is in a token tree-sitter does not show (a stray byte in a directive)
                yield node, ("error in " + node.type, _text(node, source))


def _text(node: Any, source: bytes) -> str:
    """A node's text with its whitespace collapsed: the same wherever the lines around it went."""
    return " ".join(source[node.start_byte:node.end_byte].decode("utf-8", "replace").split())
