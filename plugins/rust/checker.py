"""The Rust checker: tree-sitter-rust plus Rust's own rules, in process.

Why not rustc itself: no long-lived rustc front end can be built here. rustc has no stable
library API (its `rustc_driver` crates ship only in the `rustc-dev` rustup component, which is
not installed and cannot be fetched offline, and Debian packages neither it nor rust-analyzer),
and a rustc process per state costs about 100 ms even with `-Z no-analysis` (parse, expand and
resolve only). So this checker judges states in process, the way rustc's parser and resolver
would judge them for the errors that deleting lines can introduce, and rustc `-Z no-analysis`
is the independent judge (`RUSTC_TOOL`) that tests and `verify --strict` run on every state.

Errors:
- syntax: ERROR and MISSING nodes (fatal); an outer attribute or doc comment that documents
  nothing (rustc: "expected item after attributes/doc comment"); non-items at file scope;
- unresolved names: a name the full program declares, used where none of its declarations is
  in scope, including names used inside macro arguments and inline format arguments
  (`println!("{total}")`). Names the program never declares are external. A macro call's
  arguments are parsed as Rust where they parse (call arguments, an array, statements, items),
  so that every name and path in them is a use, and what they bind themselves (a closure's
  parameter) is not; `name!` is a use of the macro `name`, which `macro_rules!` declares;
- unresolved paths: `a::b::c`, `self::`, `super::`, `crate::` (in expressions, types, patterns,
  struct literals, `use` trees and macro arguments) resolved against the program's own module
  tree (modules.py): a path into a module whose item, or which itself, was deleted.
Type errors, borrow errors and unused items are not errors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from lintseq_x.plugins import Diagnostic, ScopeChecker, ScopeRules

from .modules import (ANY_SPACE, FOUND, MISSING, TYPE, ModuleTree, outermost_paths,
                      path_segments, path_space, use_paths)

# Items rustc accepts at file scope (plus comments, which the core skips as extras).
TOPLEVEL_TYPES = frozenset({
    "attribute_item", "inner_attribute_item", "function_item", "struct_item", "enum_item",
    "union_item", "trait_item", "impl_item", "mod_item", "use_declaration",
    "extern_crate_declaration", "const_item", "static_item", "type_item", "macro_definition",
    "macro_invocation", "foreign_mod_item", "line_comment", "block_comment",
    # `foo!(...);` at file scope parses as an expression statement holding the macro call.
    "expression_statement",
})

# Macros whose first string argument is a format string with inline arguments (`{name}`).
FORMAT_MACROS = frozenset({
    "format", "print", "println", "eprint", "eprintln", "write", "writeln", "panic", "format_args",
    "assert", "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq", "debug_assert_ne",
    "unreachable", "todo", "unimplemented", "trace", "debug", "info", "warn", "error", "bail",
    "anyhow", "ensure",
})
# `{name}`, `{name:?}`, and the widths and precisions taken from arguments: `{:>width$.prec$}`.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FROM_ARGUMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\$")
_COMMENTS = frozenset({"line_comment", "block_comment"})


class Use(NamedTuple):
    """A name looked up at `anchor` (the node whose scopes it sees: the name itself, or the
    macro call it is an argument of), reported on `row` (0-based)."""

    name: str
    space: str
    anchor: Any
    row: int
    what: str = ""


class PathUse(NamedTuple):
    """A path (`a::b::c`) looked up in the namespaces `spaces` from the module around `anchor`."""

    segments: tuple[str, ...]
    spaces: frozenset[str]
    anchor: Any
    row: int


class MacroUses(NamedTuple):
    """What a macro call's arguments use that they do not bind themselves, rows counted from
    the line of the call's opening delimiter."""

    uses: tuple[tuple[str, str, int, str], ...]
    paths: tuple[tuple[tuple[str, ...], frozenset[str], int], ...]


# A macro call's arguments are parsed as Rust inside each of these in turn (no newline before
# them, so rows carry over): call arguments (`println!`, `assert!`, `write!`, `square!`), an
# array (`vec![0; n]`), statements, items. A call whose tokens none of them parse is judged by
# its tokens (`_token_uses`).
_WRAPPERS = (
    ("fn __lintseq_macro() { __lintseq_macro(", "); }"),
    ("fn __lintseq_macro() { [", "]; }"),
    ("fn __lintseq_macro() { ", "\n}"),
    ("mod __lintseq_macro { ", "\n}"),
)
_MAX_MACRO_NESTING = 32


class RustChecker(ScopeChecker):
    """Syntax, item-position rules and scope resolution for Rust, in process (see module doc)."""

    name = "rust-tree-sitter-resolve"
    version = "lintseq-x rust rules 2"

    def __init__(self, parser: Any, rules: ScopeRules) -> None:
        super().__init__("rust", parser, rules)
        self.name = RustChecker.name
        self.settings = {
            "errors": [
                "SyntaxError (tree-sitter-rust; attributes and doc comments that document nothing)",
                "TopLevel (non-items at file scope)",
                "UnresolvedName (declared in the program, not in scope; macro and format arguments too)",
                "UnresolvedPath (a path into the program's modules that names a deleted item or module)",
            ],
        }
        self._declared_in: set[tuple[str, str]] | None = None
        self._program_tree: ModuleTree | None = None
        # Macro calls are atomic units: a call's text is the same in every state of a program.
        self._macro_uses: dict[str, MacroUses | None] = {}

    def begin(self, program: str) -> None:
        """Remember the names the full program declares, with their namespaces, and its modules."""
        super().begin(program)
        root = self._parser.parse(program.encode("utf-8")).root_node
        captures = self._captures(root)
        self._declared_in = {
            (name, space) for name, spaces, _, _ in self._definitions(captures) for space in spaces
        }
        self._program_tree = ModuleTree(root)
        self._macro_uses = {}

    def check(self, source: str) -> Sequence[Diagnostic]:
        root = self._parser.parse(source.encode("utf-8")).root_node
        if root.has_error:
            return super().check(source)  # the first ERROR or MISSING node, fatal
        problems: list[Diagnostic] = []
        for child in root.named_children:
            if child.type not in TOPLEVEL_TYPES or (
                child.type == "expression_statement"
                and [c.type for c in child.named_children] != ["macro_invocation"]
            ):
                problems.append(Diagnostic(child.start_point.row + 1, "TopLevel", f"{child.type} is not an item"))
        captures = self._captures(root)
        problems.extend(_dangling(captures.get("rust.annotation", ())))
        uses, paths = self._collect(captures)
        tree = ModuleTree(root)
        problems.extend(self._resolve(captures, uses, tree))
        problems.extend(self._paths(tree, captures, paths))
        problems.extend(_trait_members(tree, captures.get("rust.impl", ())))
        return tuple(sorted(problems, key=lambda d: d.line))

    def dependent_lines(self, program: str) -> list[tuple[int, int]]:
        """(declaring line, referring line) pairs, 0-based, by `_resolve`'s own rules: each
        reference to a name declared exactly once in the namespace it is looked up in."""
        root = self._parser.parse(program.encode("utf-8")).root_node
        captures = self._captures(root)
        declared: dict[tuple[str, str], list[int]] = {}
        for node_capture in ("local.definition", "local.definition.outer"):
            for node in captures.get(node_capture, ()):
                for space in _definition_spaces(node):
                    declared.setdefault((_text(node), space), []).append(node.start_point.row)
        uses, _ = self._collect(captures)
        return [
            (declared[use.name, use.space][0], use.row)
            for use in uses
            if len(declared.get((use.name, use.space), ())) == 1
        ]

    def _definitions(self, captures: dict[str, list[Any]], scopes: _Scopes | None = None) -> list[tuple[str, frozenset[str], Any, int]]:
        """(name, namespaces, scope node or None, node id) for every definition."""
        scopes = scopes or _Scopes(captures)
        found = []
        for capture, outer in (("local.definition", False), ("local.definition.outer", True)):
            for node in captures.get(capture, ()):
                scope = scopes.around(node)
                if outer and scope is not None:
                    scope = scopes.around(scope)
                found.append((_text(node), _definition_spaces(node), scope, node.id))
        return found

    def _collect(self, captures: dict[str, list[Any]], exclude: frozenset[int] = frozenset(),
                 depth: int = 0) -> tuple[list[Use], list[PathUse]]:
        """Every name and path one tree uses: references of the locals query, right operands,
        format arguments, and what macro calls' arguments use (their parsed arguments in place
        of the query's guesses at their tokens). `exclude`: node ids that are no uses."""
        definitions = {node.id for capture in ("local.definition", "local.definition.outer")
                       for node in captures.get(capture, ())}
        macros = captures.get("rust.macro", ())
        parsed: list[tuple[int, int]] = []  # byte ranges of token trees whose arguments parsed
        uses: list[Use] = []
        paths: list[PathUse] = []
        for macro in macros:
            tokens = _token_tree(macro)
            if tokens is None:
                continue
            found = self._arguments(tokens, depth)
            row = tokens.start_point.row
            if found is None:  # judged by its tokens, and by the query's captures among them
                uses.extend(Use(name, space, node, node.start_point.row) for name, space, node in _token_uses(tokens))
                paths.extend(PathUse(segments, spaces, macro, node.start_point.row) for segments, spaces, node in _token_paths(tokens))
                uses.extend(Use(_text(node), "value", node, node.start_point.row) for node in _macro_argument_names(tokens))
                continue
            parsed.append((tokens.start_byte, tokens.end_byte))
            uses.extend(Use(name, space, macro, row + offset, what) for name, space, offset, what in found.uses)
            paths.extend(PathUse(segments, spaces, macro, row + offset) for segments, spaces, offset in found.paths)
        # A `use` tree's names are segments of its paths, resolved in `_paths`, not in scopes.
        skipped = sorted(parsed + [(use.start_byte, use.end_byte) for use in captures.get("rust.use", ())])
        starts = [start for start, _ in skipped]

        def skipped_here(node: Any) -> bool:
            """In a macro call's parsed arguments, or in a `use` tree."""
            at = bisect.bisect_right(starts, node.start_byte) - 1
            return at >= 0 and node.start_byte < skipped[at][1]

        seen = set()
        for node in captures.get("local.reference", ()):
            if node.id in definitions or node.id in exclude or node.id in seen or skipped_here(node):
                continue
            seen.add(node.id)
            uses.append(Use(_text(node), _reference_space(node), node, node.start_point.row))
        for binary in captures.get("rust.binary", ()):
            right = binary.child_by_field_name("right")
            if right is not None and right.type == "identifier" and right.id not in seen:
                seen.add(right.id)
                uses.append(Use(_text(right), "value", right, right.start_point.row))
        for name, literal in _format_arguments(macros):
            uses.append(Use(name, "value", literal, literal.start_point.row, " (a format argument)"))
        for node in outermost_paths(captures.get("rust.path", ())):
            segments = path_segments(node)
            if segments is not None and len(segments) > 1 and not skipped_here(node):
                paths.append(PathUse(segments, path_space(node), node, node.start_point.row))
        return uses, paths

    def _arguments(self, tokens: Any, depth: int) -> MacroUses | None:
        """What a macro call's arguments use and do not bind, parsed as Rust (`_WRAPPERS`);
        None when they do not parse as Rust. Cached by their text."""
        content = tokens.text.decode("utf-8", "replace")[1:-1]
        if content in self._macro_uses:
            return self._macro_uses[content]
        found: MacroUses | None = None
        if depth < _MAX_MACRO_NESTING:
            for prefix, suffix in _WRAPPERS:
                root = self._parser.parse((prefix + content + suffix).encode("utf-8")).root_node
                if not root.has_error:
                    found = self._free_uses(root, depth)
                    break
        self._macro_uses[content] = found
        return found

    def _free_uses(self, root: Any, depth: int) -> MacroUses:
        """The uses in a parsed macro argument list that it does not bind itself (a closure's
        parameter, a `let` in a block), with their rows."""
        captures = self._captures(root)
        uses, paths = self._collect(captures, _named_arguments(root), depth + 1)
        scopes = _Scopes(captures)
        binding: dict[tuple[str, str], set[int]] = {}
        for name, spaces, scope, _ in self._definitions(captures, scopes):
            if scope is not None:  # the wrapper's own function is the one file-scope definition
                for space in spaces:
                    binding.setdefault((name, space), set()).add(scope.id)
        free = tuple(
            (use.name, use.space, use.row, use.what) for use in uses
            if not binding.get((use.name, use.space)) or not scopes.sees(use.anchor, binding[use.name, use.space])
        )
        return MacroUses(free, tuple((path.segments, path.spaces, path.row) for path in paths))

    def _resolve(self, captures: dict[str, list[Any]], uses: list[Use], tree: ModuleTree) -> list[Diagnostic]:
        """Rust resolves values, types and macros in separate namespaces: `let backtrace` does
        not hide a missing `backtrace!`, nor does `let std` a missing `std::` path.

        A name no local binding (a `let`, a parameter, a block's item) holds is an item of the
        module it is used in, or imported there (`use super::helper;`, `use super::*;`): looked
        up in the module tree, as rustc does, not in the scopes around the module. Macros are
        scoped by text (`macro_rules!`), not by module."""
        declared = self._declared_in
        program = self._program_tree
        if declared is None or program is None:
            return []
        scopes = _Scopes(captures)
        # (name, namespace) -> scope id -> the first byte a declaration there is seen from
        visible: dict[tuple[str, str], dict[int | None, int]] = {}
        let_ends = _let_ends(captures)
        for name, spaces, scope, node_id in self._definitions(captures, scopes):
            start = let_ends.get(node_id, -1)
            for space in spaces:
                seen = visible.setdefault((name, space), {})
                key = None if scope is None else scope.id
                seen[key] = min(seen.get(key, start), start)
        lost = {name for text, names in program.item_macros.items() if text not in tree.item_macros for name in names}
        problems = []
        for use in uses:
            if (use.name, use.space) not in declared:
                if use.name in lost and use.name not in self._declared:
                    problems.append(Diagnostic(use.row + 1, "UnresolvedName",
                                               f"{use.name!r} may be declared by a macro call the state lacks"))
                continue
            at = use.anchor.start_byte
            seen_in = {key for key, start in visible.get((use.name, use.space), {}).items() if start <= at}
            around = scopes.chain(use.anchor)
            if any(scope.id in seen_in and scope.type != "mod_item" for scope in around):
                continue  # a local binding
            lexical = None in seen_in or any(scope.id in seen_in for scope in around)
            if use.space == "macro":
                if not lexical:
                    problems.append(Diagnostic(use.row + 1, "UnresolvedName", f"{use.name!r} (a macro) is not declared in scope"))
                continue
            module = tree.module_at(use.anchor.start_byte)
            status, _ = tree.lookup(module, use.name, frozenset({use.space}))
            if status == FOUND:
                continue
            if not lexical:
                problems.append(Diagnostic(use.row + 1, "UnresolvedName", f"{use.name!r}{use.what} is not declared in scope"))
                continue
            in_program = program.by_path(module.path)
            if status == MISSING and in_program is not None \
                    and program.lookup(in_program, use.name, frozenset({use.space}))[0] == FOUND:
                where = "::".join(("crate",) + module.path)
                problems.append(Diagnostic(use.row + 1, "UnresolvedName",
                                           f"{use.name!r}{use.what} is not declared or imported in module {where}"))
        return problems

    def _paths(self, tree: ModuleTree, captures: dict[str, list[Any]], paths: list[PathUse]) -> list[Diagnostic]:
        """Paths (`use` trees among them) that go missing in the state's module tree where the
        full program's tree has what they name (see modules.py)."""
        program = self._program_tree
        if program is None:
            return []
        wanted = list(paths)
        for use in captures.get("rust.use", ()):
            for used in use_paths(use.child_by_field_name("argument")):
                spaces = TYPE if used.glob else ANY_SPACE
                wanted.append(PathUse(used.segments, spaces, use, used.node.start_point.row))
        problems = []
        for path in wanted:
            status, _, where = tree.resolve(tree.module_at(path.anchor.start_byte), path.segments, path.spaces)
            if status != MISSING or where is None:
                continue
            module_path, name, spaces = where
            in_program = program.by_path(module_path)
            if in_program is None or program.lookup(in_program, name, spaces)[0] != FOUND:
                continue
            module = "::".join(("crate",) + module_path)
            problems.append(Diagnostic(path.row + 1, "UnresolvedPath",
                                       f"{'::'.join(path.segments)!r}: {name!r} is not declared in module {module}"))
        return problems


class _Scopes:
    """Which scope holds a node, for one tree, found from byte ranges: tree-sitter finds a
    node's parent by descending from the root, so walking up from every name of an expression
    nested thousands deep would cost the cube of its depth. The nodes asked about are names,
    macro calls and string literals, which hold no scope."""

    def __init__(self, captures: dict[str, list[Any]]) -> None:
        nodes = {node.id: node for node in captures.get("local.scope", ())}
        self._scopes = sorted(nodes.values(), key=lambda node: (node.start_byte, -node.end_byte))
        self._starts = [node.start_byte for node in self._scopes]
        self._parent: dict[int, Any] = {}
        open_scopes: list[Any] = []
        for scope in self._scopes:  # scopes nest, or follow one another: one sweep
            while open_scopes and open_scopes[-1].end_byte < scope.end_byte:
                open_scopes.pop()
            self._parent[scope.id] = open_scopes[-1] if open_scopes else None
            open_scopes.append(scope)

    def around(self, node: Any) -> Any:
        """The nearest scope strictly above `node`, or None."""
        if node.id in self._parent:
            return self._parent[node.id]
        at = bisect.bisect_right(self._starts, node.start_byte) - 1
        scope = self._scopes[at] if at >= 0 else None
        while scope is not None and scope.end_byte < node.end_byte:
            scope = self._parent[scope.id]
        return scope

    def chain(self, node: Any) -> list[Any]:
        """The scopes around `node`, innermost first."""
        found = []
        scope = self.around(node)
        while scope is not None:
            found.append(scope)
            scope = self._parent[scope.id]
        return found

    def sees(self, node: Any, scope_ids: set[int | None]) -> bool:
        """Whether one of `scope_ids` encloses `node`."""
        scope = self.around(node)
        while scope is not None:
            if scope.id in scope_ids:
                return True
            scope = self._parent[scope.id]
        return False


_PATTERNS = frozenset({
    "tuple_pattern", "tuple_struct_pattern", "struct_pattern", "field_pattern", "slice_pattern",
    "ref_pattern", "mut_pattern", "reference_pattern", "or_pattern", "captured_pattern",
})


def _let_ends(captures: dict[str, list[Any]]) -> dict[int, int]:
    """Definition node id -> the end of its `let` statement, for the names a `let` binds: a
    `let` binding is seen only after its statement (not in its own initializer, which is what
    a state that lost a `;` line can ask for: `let word = raw.f() * counts.entry(word)...`)."""
    ends = {}
    for node in captures.get("local.definition", ()):
        parent = node.parent
        while parent is not None and parent.type in _PATTERNS:
            parent = parent.parent
        if parent is not None and parent.type == "let_declaration":
            ends[node.id] = parent.end_byte
    return ends


def _trait_members(tree: ModuleTree, impls: Sequence[Any]) -> list[Diagnostic]:
    """An `impl Trait for T` may only define what `Trait` declares (rustc's resolver, E0407),
    for the traits this file declares, wherever they are (`impl speak::Speaker for Dog`)."""
    problems = []
    for impl in impls:
        trait, body = impl.child_by_field_name("trait"), impl.child_by_field_name("body")
        if trait is None or body is None:
            continue
        segments = (_text(trait),) if trait.type == "type_identifier" else path_segments(trait)
        if not segments or trait.type not in ("type_identifier", "scoped_type_identifier"):
            continue
        members = tree.trait_members(tree.module_at(impl.start_byte), segments)
        if members is None:
            continue
        for member in body.named_children:
            found = member.child_by_field_name("name")
            if found is not None and _text(found) not in members:
                problems.append(Diagnostic(member.start_point.row + 1, "UnresolvedName",
                                           f"{_text(found)!r} is not a member of trait {_text(trait)!r}"))
    return problems


_TYPE_DEFINERS = frozenset({"mod_item", "enum_item", "trait_item", "union_item", "type_item", "type_parameter"})
_IMPORTERS = frozenset({"use_declaration", "use_list", "use_as_clause", "scoped_identifier", "extern_crate_declaration"})


def _definition_spaces(node: Any) -> frozenset[str]:
    parent = node.parent.type if node.parent is not None else ""
    if parent == "macro_definition":
        return frozenset({"macro"})
    if parent in _IMPORTERS:
        return frozenset({"value", "type", "macro"})
    if parent in _TYPE_DEFINERS:
        return frozenset({"type"})
    if parent == "struct_item":  # a tuple or unit struct is also a value
        return frozenset({"type", "value"})
    return frozenset({"value"})


def _reference_space(node: Any) -> str:
    parent = node.parent
    if parent is not None and parent.type == "macro_invocation" and parent.child_by_field_name("macro") == node:
        return "macro"
    if node.type == "type_identifier":
        return "type"
    if parent is not None and parent.type in ("scoped_identifier", "scoped_type_identifier", "scoped_use_list"):
        return "type"
    return "value"


def _token_tree(macro: Any) -> Any:
    tokens = next((child for child in macro.named_children if child.type == "token_tree"), None)
    return tokens if tokens is not None and tokens.child_count >= 2 else None


def _named_arguments(root: Any) -> frozenset[int]:
    """In `format!("{n}", n = 3)` parsed as call arguments, `n` is the argument's name, not a
    use of a variable `n`."""
    function = root.named_children[0] if root.named_child_count else None
    body = function.child_by_field_name("body") if function is not None else None
    statement = body.named_children[0] if body is not None and body.named_child_count else None
    call = statement.named_children[0] if statement is not None and statement.named_child_count else None
    arguments = call.child_by_field_name("arguments") if call is not None and call.type == "call_expression" else None
    named = set()
    for argument in arguments.named_children if arguments is not None else ():
        left = argument.child_by_field_name("left") if argument.type == "assignment_expression" else None
        if left is not None and left.type == "identifier":
            named.add(left.id)
    return frozenset(named)


def _token_uses(tokens: Any) -> list[tuple[str, str, Any]]:
    """In tokens that do not parse as Rust, the macro calls (`name!(...)`) among them, at any
    depth: (name, "macro", node). A path's last segment (`a::m!`) is a path's business."""
    found = []
    for children in _token_lists(tokens):
        for position, child in enumerate(children[:-2]):
            if child.type == "identifier" and children[position + 1].type == "!" \
                    and children[position + 2].type == "token_tree" \
                    and (position == 0 or children[position - 1].type not in ("::", "$")):
                found.append((_text(child), "macro", child))
    return found


def _token_paths(tokens: Any) -> list[tuple[tuple[str, ...], frozenset[str], Any]]:
    """In tokens that do not parse as Rust, the paths (`a::b::c`, `super::X`, `m::f!`)."""
    found = []
    for children in _token_lists(tokens):
        position = 0
        while position < len(children):
            child = children[position]
            if child.type not in _PATH_STARTS or (position and children[position - 1].type in ("::", "$", ".")):
                position += 1
                continue
            segments, end = [_text(child)], position
            while end + 2 < len(children) + 0 and children[end + 1].type == "::" \
                    and children[end + 2].type in _PATH_STARTS:
                segments.append(_text(children[end + 2]))
                end += 2
            if len(segments) > 1:
                is_macro = end + 1 < len(children) and children[end + 1].type == "!"
                found.append((tuple(segments), frozenset({"macro"}) if is_macro else frozenset({"value", "type"}), child))
            position = end + 1
    return found


_PATH_STARTS = frozenset({"identifier", "self", "super", "crate"})


def _token_lists(tokens: Any) -> list[list[Any]]:
    """The children of a token tree and of every token tree in it (an explicit stack)."""
    lists, stack = [], [tokens]
    while stack:
        tree = stack.pop()
        children = tree.children
        lists.append(children)
        stack.extend(child for child in children if child.type == "token_tree")
    return lists


def _macro_argument_names(tokens: Any) -> list[Any]:
    """For tokens that do not parse as Rust: the names that start an argument
    (`writeln!(f, "{}", row.join(", "))`), as a guess at what the call uses."""
    found = []
    for child in tokens.named_children:
        if child.type != "identifier":
            continue
        before, after = child.prev_sibling, child.next_sibling
        if before is None or before.type not in (",", "(", "[", "{"):
            continue
        if after is not None and after.type in ("!", "::", "=", ":"):
            continue
        found.append(child)
    return found


def _format_arguments(macros: Sequence[Any]) -> list[tuple[str, Any]]:
    """`{name}` in a format string refers to `name` as surely as `name` itself would, unless
    the call names an argument so (`println!("{n}", n = 3)`)."""
    found = []
    for macro in macros:
        name = macro.child_by_field_name("macro")
        if name is None or _text(name) not in FORMAT_MACROS:
            continue
        tokens = next((c for c in macro.named_children if c.type == "token_tree"), None)
        if tokens is None:
            continue
        literal = next((c for c in tokens.named_children if c.type in ("string_literal", "raw_string_literal")), None)
        if literal is None:
            continue
        named = {
            _text(child) for child in tokens.named_children
            if child.type == "identifier" and child.next_sibling is not None and child.next_sibling.type == "="
        }
        for match in _PLACEHOLDER.finditer(_text(literal)):
            if match.group(1) is None:
                continue  # `{{` or `}}`
            argument, _, spec = match.group(1).partition(":")
            names = [argument.strip()] + _FROM_ARGUMENT.findall(spec)
            found.extend((name, literal) for name in names if _NAME.fullmatch(name) and name not in named)
    return found


def _dangling(annotations: Sequence[Any]) -> list[Diagnostic]:
    """Outer attributes and outer doc comments must be followed by what they annotate."""
    problems = []
    for node in annotations:
        kind = _annotation(node)
        if kind is None:
            continue
        following = node.next_named_sibling
        while following is not None and (following.type in _COMMENTS or following.type == "attribute_item"):
            following = following.next_named_sibling
        if following is None:
            problems.append(Diagnostic(node.start_point.row + 1, "SyntaxError", f"expected an item after the {kind}"))
        elif kind == "attribute" and _text(node).replace(" ", "").startswith("#[derive(") \
                and following.type not in ("struct_item", "enum_item", "union_item"):
            problems.append(Diagnostic(node.start_point.row + 1, "SyntaxError",
                                       "`derive` may only be applied to structs, enums and unions"))
    return problems


def _annotation(node: Any) -> str | None:
    if node.type == "attribute_item":
        return "attribute"
    if node.type in _COMMENTS and any(c.type == "outer_doc_comment_marker" for c in node.children):
        return "doc comment"
    return None


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")
