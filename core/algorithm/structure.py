"""Program structure: which lines are deleted together, and which deletions drag others along.

A *unit* is a set of lines that is only ever deleted (and so inserted) as a whole: a multi-line
string or comment, a multi-line statement header, a closing-bracket line with the line that
opened it, comments and blank lines with the code they belong to. A unit's *dependents* are the
units that cannot outlive it: the rest of any multi-line construct whose first line it holds
(a block's body, its `else` clause, the remaining lines of a multi-line call). *Requirements*
say which units a language forbids to lose all of without their owner (Python's non-empty
blocks; a `try` needs an `except` or `finally`).

Everything here is driven by a language's `StructureRules` over its tree-sitter tree: the module
names no language.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from typing import Any

import tree_sitter

from .treesitter import LineIndex, captures, compiled_query

# Tokens that may stand alone on a line that closes (or, in Allman style, opens) a construct.
DEFAULT_CLOSING_TOKENS = frozenset({")", "]", "}", ",", ";", "{"})


@dataclass(frozen=True)
class StructureRules:
    """How a language's tree-sitter node types map onto units and dependents.

    atomic_types: nodes whose lines form one unit (multi-line strings, block comments).
    joiner_types: nodes that join the line they start on with the next one (a backslash
        continuation).
    comment_types: comment nodes; comment-only and blank lines travel with nearby code.
    body_types: statement sequences (a block). They never own their lines (their first
        statement is not their head), they end a multi-line header, and they count nesting
        depth for the indentation-biased line choice.
    nonempty_types: body types the language forbids to be empty; when the last unit inside
        one is deleted, the construct that owns it goes too.
    required_children: node type -> child types of which at least one must remain, or the
        node goes (a `try` without `except`/`finally`).
    head_fields: node type -> field whose first line heads the node instead of the node's
        own first line (a decorated definition is headed by its `def`, not by a decorator).
    closing_tokens: anonymous tokens that, alone on a line, attach it to the construct
        they belong to.
    requirement_query: a tree-sitter query for requirements node types cannot say (a
        constructor keeps its `super(...)` call; a class keeps a method that overrides): in
        each match, when the units of every `@member` capture are gone, the unit of the
        `@owner` capture goes too. `@member.any` captures pool over all matches with the same
        owner node: the owner goes when all of them are gone (a `while (true)` loop keeps at
        least one `break`). Other captures (`@_name`, for predicates) are ignored.
    use_query: a tree-sitter query for names whose uses the checker flags once their one
        declaration is gone (Go's package-level names, imports and local variables):
        `@definition` captures a name declared for the whole file, `@definition.local` one
        visible after it to the end of its body (of `body_types`), `@use` a leaf that can only
        use a name (a call's function, an operand, a type), `@name` every leaf that names
        anything. For a name with exactly one definition, and every other `@name` leaf of its
        text a `@use` (after a local definition, in its body), no parameter, field or other
        binding of that name exists, so each `@use` unit depends on the definition's: the uses
        go in the step that deletes the declaration, one checker call instead of two. A `@use`
        pattern that can capture a declaring leaf, or a name bound outside the program (a
        builtin) left in a definition, breaks that promise.
    """

    atomic_types: frozenset[str] = frozenset()
    joiner_types: frozenset[str] = frozenset()
    comment_types: frozenset[str] = frozenset({"comment"})
    body_types: frozenset[str] = frozenset()
    nonempty_types: frozenset[str] = frozenset()
    required_children: Mapping[str, frozenset[str]] = field(default_factory=dict)
    head_fields: Mapping[str, str] = field(default_factory=dict)
    closing_tokens: frozenset[str] = DEFAULT_CLOSING_TOKENS
    requirement_query: str | None = None
    use_query: str | None = None


@dataclass(frozen=True)
class Requirement:
    """When every unit in `members` is gone, `owner` must go too."""

    owner: int
    members: frozenset[int]


@dataclass(frozen=True)
class Structure:
    """Lines of a program grouped into units, with the dependencies between units.

    `lines` keep their `\\n` (the last may lack it), so joining any ordered subset of them
    gives that state's exact text.
    """

    lines: tuple[str, ...]
    unit_of_line: tuple[int, ...]
    unit_lines: tuple[tuple[int, ...], ...]
    dependents: tuple[frozenset[int], ...]
    requirements: tuple[Requirement, ...]
    depth_weights: tuple[int, ...]
    code_line_counts: tuple[int, ...]

    @property
    def unit_count(self) -> int:
        return len(self.unit_lines)

    @cached_property
    def requirements_of_member(self) -> tuple[tuple[Requirement, ...], ...]:
        """Per unit, the requirements it is a member of: the only ones its deletion can fail."""
        found: list[list[Requirement]] = [[] for _ in self.unit_lines]
        for requirement in self.requirements:
            for member in requirement.members:
                found[member].append(requirement)
        return tuple(map(tuple, found))

    def with_line_dependents(self, pairs: Iterable[tuple[int, int]]) -> Structure:
        """This structure, where the unit of each pair's second line also depends on the unit of
        its first (0-based lines; see `Checker.dependent_lines`)."""
        dependents = [set(units) for units in self.dependents]
        for owner_line, dependent_line in pairs:
            owner, dependent = self.unit_of_line[owner_line], self.unit_of_line[dependent_line]
            if owner != dependent:
                dependents[owner].add(dependent)
        return replace(self, dependents=tuple(frozenset(units) for units in dependents))

    def text_of_units(self, units: set[int] | frozenset[int]) -> tuple[str, list[int]]:
        """The program made of `units`, and the original line index of each of its lines."""
        # Once per state the sampler judges: the loops stay in C.
        kept = sorted(chain.from_iterable(map(self.unit_lines.__getitem__, units)))
        return "".join(map(self.lines.__getitem__, kept)), kept


def split_lines(text: str) -> tuple[str, ...]:
    """Split on `\\n` only (as tree-sitter and Python's tokenizer count lines), keeping it."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return tuple(lines)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def union_range(self, first: int, last: int) -> None:
        for row in range(first + 1, last + 1):
            self.union(first, row)


def _indent(line: str) -> int:
    expanded = line.expandtabs(8)
    return len(expanded) - len(expanded.lstrip())


@dataclass
class _Scan:
    """What one walk over the tree collects."""

    has_code: list[bool]
    has_comment: list[bool]
    depth: list[int]
    first_leaf: list[Any]
    comment_start: list[int]  # for a line inside a multi-line comment, the comment's first line
    owners: list[tuple[int, int, int]] = field(default_factory=list)  # head, first, last row
    nonempty: list[Any] = field(default_factory=list)
    required: list[Any] = field(default_factory=list)


def _scan(root: Any, rules: StructureRules, rows: LineIndex, uf: _UnionFind) -> _Scan:
    line_count = len(rows.starts)
    scan = _Scan(
        has_code=[False] * line_count,
        has_comment=[False] * line_count,
        depth=[0] * line_count,
        first_leaf=[None] * line_count,
        comment_start=list(range(line_count)),
    )
    # Every node of the tree may pass here: the rules and the row lookup are locals.
    comment_types, atomic_types = rules.comment_types, rules.atomic_types
    body_types, nonempty_types, required_children = rules.body_types, rules.nonempty_types, rules.required_children
    head_fields, starts = rules.head_fields, rows.starts
    has_code, depth_of, first_leaf = scan.has_code, scan.depth, scan.first_leaf
    # An explicit stack: deeply nested programs must not hit Python's recursion limit. Each
    # entry carries its line when its parent lies on one line (so does it), else -1.
    stack: list[tuple[Any, int, int]] = [(root, 0, -1)]
    while stack:
        node, depth, row = stack.pop()
        start, end = node.start_byte, node.end_byte
        if row < 0:
            first = bisect_right(starts, start) - 1
            final = bisect_right(starts, end - 1) - 1 if end > start else first
        else:
            first = final = row
        kind = node.type
        if node.child_count == 0:
            if kind in comment_types:
                for row in range(first, final + 1):
                    scan.has_comment[row] = True
                    scan.comment_start[row] = first
                if final > first:
                    uf.union_range(first, final)
            elif end > start:  # zero-width (MISSING) tokens hold no code
                for row in range(first, final + 1):
                    if not has_code[row]:
                        # Inside a multi-line token a line has the token's depth.
                        has_code[row] = True
                        depth_of[row] = depth
                if first_leaf[first] is None:
                    first_leaf[first] = node
            continue

        if kind in nonempty_types:
            scan.nonempty.append(node)
        if kind in required_children:
            scan.required.append(node)
        if final == first:
            # A node on a line whose first leaf came before it: nothing inside it can change
            # what the scan knows of that line (requirements inside it stay on the line, and
            # joiners are found by `_join_lines`).
            if first_leaf[first] is not None and has_code[first]:
                continue
            child_depth = depth + 1 if kind in body_types else depth
            for child in reversed(node.children):
                stack.append((child, child_depth, first))
            continue

        if kind in atomic_types:
            uf.union_range(first, final)
        if node.is_named and node is not root and kind not in body_types:
            head_node = node
            head_field = head_fields.get(kind)
            if head_field is not None:
                head_node = node.child_by_field_name(head_field) or node
            scan.owners.append((rows.first(head_node), first, final))
        child_depth = depth + 1 if kind in body_types else depth
        children = node.children
        for child in reversed(children):
            stack.append((child, child_depth, -1))
        _merge_header(children, rules, rows, uf, first)
    return scan


def _join_lines(tree: Any, rules: StructureRules, rows: LineIndex, uf: _UnionFind) -> None:
    """A joiner node (a backslash continuation) joins the line it starts on with the next."""
    if not rules.joiner_types:
        return
    grammar = tree.language
    patterns = " ".join(
        f"({kind})" if grammar.id_for_node_kind(kind, True) is not None else f'"{kind}"'
        for kind in sorted(rules.joiner_types)
        if grammar.id_for_node_kind(kind, True) is not None or grammar.id_for_node_kind(kind, False) is not None
    )
    if not patterns:
        return
    last = len(rows.starts) - 1
    for node in captures(compiled_query(grammar, f"[{patterns}] @joiner"), tree.root_node).get("joiner", ()):
        first = rows.first(node)
        if first < last:
            uf.union(first, first + 1)


def _merge_header(children: list[Any], rules: StructureRules, rows: LineIndex, uf: _UnionFind, first: int) -> None:
    """A multi-line header (`def f(a,` / `b):`) is one unit: deleting half of it is never valid."""
    for child in children:
        if child.type in rules.body_types:
            body_row = rows.first(child)
            if body_row > first:
                header_end = body_row - 1
                prev = child.prev_sibling
                while prev is not None and prev.type in rules.comment_types:
                    prev = prev.prev_sibling
                if prev is not None:
                    header_end = min(header_end, rows.last(prev))
                uf.union_range(first, max(first, header_end))
            return


def _attach_closing_lines(scan: _Scan, rules: StructureRules, rows: LineIndex, uf: _UnionFind, root: Any) -> None:
    """A line holding only closing tokens (`)`, `]`, `}`) goes with the line that opened it."""
    for row, leaf in enumerate(scan.first_leaf):
        if leaf is None or leaf.type not in rules.closing_tokens:
            continue
        sibling = leaf
        only_closers = True
        while sibling is not None and rows.first(sibling) == row:
            if sibling.type not in rules.closing_tokens and sibling.type not in rules.comment_types:
                only_closers = False
                break
            sibling = _next_leaf(sibling)
        if not only_closers:
            continue
        ancestor = leaf.parent
        while ancestor is not None and rows.first(ancestor) >= row:
            ancestor = ancestor.parent
        if ancestor is None or ancestor == root:
            continue
        uf.union(rows.first(ancestor), row)


def _next_leaf(node: Any) -> Any:
    while node is not None and node.next_sibling is None:
        node = node.parent
    if node is None:
        return None
    node = node.next_sibling
    while node.child_count:
        node = node.children[0]
    return node


def _attach_comments_and_blanks(lines: tuple[str, ...], scan: _Scan, uf: _UnionFind) -> None:
    """Comments and blank lines travel with the code they belong to.

    A run of them goes with the next code line, except comments indented deeper than that
    line (they close the previous block) and whatever precedes them in the run, which go with
    the previous code line; a run at the end of the file goes with the last code line.
    """
    code_rows = [row for row, code in enumerate(scan.has_code) if code]
    if not code_rows:
        if lines:
            uf.union_range(0, len(lines) - 1)
        return
    previous: int | None = None
    run: list[int] = []
    for row in range(len(lines) + 1):
        if row < len(lines) and not scan.has_code[row]:
            run.append(row)
            continue
        if run:
            following = row if row < len(lines) else None
            split = 0  # run[:split] goes with the previous code line
            if following is None:
                split = len(run)
            elif previous is not None:
                next_indent = _indent(lines[following])
                for position, member in enumerate(run):
                    # A block comment's inner lines (` * text`) sit one column in: the comment
                    # is as deep as its first line.
                    depth = _indent(lines[scan.comment_start[member]])
                    if scan.has_comment[member] and depth > next_indent:
                        split = position + 1
            for position, member in enumerate(run):
                target = previous if position < split and previous is not None else following
                if target is None:
                    target = previous
                uf.union(member, target)
            run = []
        previous = row


def _query_requirements(tree: Any, text: str, unit_of_line: list[int], rows: LineIndex) -> list[Requirement]:
    """The requirements a `requirement_query` gives (see `StructureRules`): one per match for
    `@member` captures, one per owner node for `@member.any` captures pooled over all matches."""
    def unit(node: Any) -> int:
        return unit_of_line[rows.first(node)]

    found: set[Requirement] = set()
    pooled: dict[int, tuple[int, set[int]]] = {}
    for _, captured in tree_sitter.QueryCursor(compiled_query(tree.language, text)).matches(tree.root_node):
        members = frozenset(unit(node) for node in captured.get("member", ()))
        for node in captured.get("owner", ()):
            owner = unit(node)
            if members and owner not in members:
                found.add(Requirement(owner, members))
            anyof = pooled.setdefault(node.id, (owner, set()))[1]
            anyof.update(unit(member) for member in captured.get("member.any", ()))
    for owner, anyof in pooled.values():
        if anyof and owner not in anyof:
            found.add(Requirement(owner, frozenset(anyof)))
    return sorted(found, key=lambda requirement: (requirement.owner, sorted(requirement.members)))


def _use_dependents(
    tree: Any, text: str, unit_of_line: list[int], rows: LineIndex, body_types: frozenset[str]
) -> list[tuple[int, int]]:
    """(definition unit, use unit) pairs from a `use_query` (see `StructureRules`)."""
    captured = captures(compiled_query(tree.language, text), tree.root_node)
    defined = [node for kind in ("definition", "definition.local") for node in captured.get(kind, ())]
    names = {node.text for node in defined}
    lengths = {len(name) for name in names}
    mentions: dict[bytes, dict[int, Any]] = {}
    for node in (*defined, *captured.get("use", ()), *captured.get("name", ())):
        start = node.start_byte
        if node.end_byte - start in lengths:  # most leaves name nothing defined: no text read
            name = node.text
            if name in names:
                mentions.setdefault(name, {})[start] = node
    uses = {node.start_byte for node in captured.get("use", ())}
    file_level: dict[bytes, set[int]] = {}
    for node in captured.get("definition", ()):
        file_level.setdefault(node.text, set()).add(node.start_byte)
    tops = [child.start_byte for child in tree.root_node.children]

    def top(start: int) -> int:
        """Which top-level declaration holds the leaf starting at `start`."""
        return bisect_right(tops, start) - 1

    def uses_of(name: bytes, start: int) -> list[int] | None:
        """The uses of the definition at `start` of `name`; None when it cannot be sure."""
        others = mentions[name].keys() - {start}
        if start in file_level.get(name, ()):
            # Seen from the whole file: every other leaf naming it must use it.
            return sorted(others) if len(file_level[name]) == 1 and others <= uses else None
        if name in file_level:
            return None
        definition = mentions[name][start]
        body = definition.parent
        while body is not None and body.type not in body_types:
            body = body.parent
        if body is None:
            return None
        # Seen from its body: another declaration of the same top-level declaration (a
        # parameter, an enclosing local) or a use before it or past its body means the name is
        # bound there too, and would be here once this goes. Other functions' own locals of the
        # same name are out of sight.
        around = [other for other in others if top(other) == top(start)]
        if not all(other in uses and start < other < body.end_byte for other in around):
            return None
        return around

    pairs = []
    for kind in ("definition", "definition.local"):
        for node in captured.get(kind, ()):
            found = uses_of(node.text, node.start_byte)
            if not found:
                continue
            owner = unit_of_line[rows.first(node)]
            used_in = [unit_of_line[rows.first(mentions[node.text][other])] for other in found]
            # A use in the declaring statement itself (`facts, err := facts.Decode(...)`) is of
            # another binding of the name.
            if kind == "definition.local" and owner in used_in:
                continue
            pairs.extend((owner, use) for use in used_in)
    return pairs


def build_structure(source_lines: tuple[str, ...], tree: Any, rules: StructureRules) -> Structure:
    """Group the lines of a parsed program into units and derive their dependencies."""
    line_count = len(source_lines)
    if line_count == 0:
        return Structure((), (), (), (), (), (), ())
    root = tree.root_node
    uf = _UnionFind(line_count)
    rows = LineIndex(source_lines)
    scan = _scan(root, rules, rows, uf)
    _join_lines(tree, rules, rows, uf)
    _attach_closing_lines(scan, rules, rows, uf, root)
    _attach_comments_and_blanks(source_lines, scan, uf)

    unit_ids: dict[int, int] = {}
    unit_of_line = []
    for row in range(line_count):
        unit_of_line.append(unit_ids.setdefault(uf.find(row), len(unit_ids)))
    unit_lines_lists: list[list[int]] = [[] for _ in unit_ids]
    for row, unit in enumerate(unit_of_line):
        unit_lines_lists[unit].append(row)

    dependents: list[set[int]] = [set() for _ in unit_ids]
    for head_row, first, final in scan.owners:
        head = unit_of_line[head_row]
        for row in range(first, final + 1):
            unit = unit_of_line[row]
            if unit != head:
                dependents[head].add(unit)
    if rules.use_query:
        for definition, use in _use_dependents(tree, rules.use_query, unit_of_line, rows, rules.body_types):
            if use != definition:
                dependents[definition].add(use)

    requirements: list[Requirement] = []
    for node in scan.nonempty:
        parent = node.parent
        if parent is None:
            continue
        owner = unit_of_line[rows.first(parent)]
        first, final = rows.first(node), rows.last(node)
        members = {unit_of_line[row] for row in range(first, final + 1) if scan.has_code[row]}
        members.discard(owner)
        if members:
            requirements.append(Requirement(owner, frozenset(members)))
    for node in scan.required:
        wanted = rules.required_children[node.type]
        owner = unit_of_line[rows.first(node)]
        members = {
            unit_of_line[rows.first(child)]
            for child in node.children
            if child.type in wanted
        }
        if members and owner not in members:
            requirements.append(Requirement(owner, frozenset(members)))
    if rules.requirement_query:
        requirements.extend(_query_requirements(tree, rules.requirement_query, unit_of_line, rows))

    # Choosing a line, as the reference does, then deleting its unit: a unit weighs what its
    # code lines weigh (every line that is neither blank nor only a comment).
    depth_weights = [0] * len(unit_ids)
    code_line_counts = [0] * len(unit_ids)
    for row, unit in enumerate(unit_of_line):
        if scan.has_code[row]:
            depth_weights[unit] += max(1, scan.depth[row])
            code_line_counts[unit] += 1

    return Structure(
        lines=source_lines,
        unit_of_line=tuple(unit_of_line),
        unit_lines=tuple(tuple(rows) for rows in unit_lines_lists),
        dependents=tuple(frozenset(deps) for deps in dependents),
        requirements=tuple(requirements),
        depth_weights=tuple(depth_weights),
        code_line_counts=tuple(code_line_counts),
    )
