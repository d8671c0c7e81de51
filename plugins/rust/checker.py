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
  (`println!("{total}")`). Names the program never declares are external.
Type errors, borrow errors and unused items are not errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lintseq_x.core.checker import Diagnostic
from lintseq_x.core.scope_checker import ScopeChecker, ScopeRules

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
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\s*(?=[:}])")
_COMMENTS = frozenset({"line_comment", "block_comment"})


class RustChecker(ScopeChecker):
    """Syntax, item-position rules and scope resolution for Rust, in process (see module doc)."""

    name = "rust-tree-sitter-resolve"
    version = "lintseq-x rust rules 1"

    def __init__(self, parser: Any, rules: ScopeRules) -> None:
        super().__init__("rust", parser, rules)
        self.name = RustChecker.name
        self.settings = {
            "errors": [
                "SyntaxError (tree-sitter-rust; attributes and doc comments that document nothing)",
                "TopLevel (non-items at file scope)",
                "UnresolvedName (declared in the program, not in scope; macro and format arguments too)",
            ],
        }

    def begin(self, program: str) -> None:
        """Remember the names the full program declares, with their namespaces."""
        super().begin(program)
        root = self._parser.parse(program.encode("utf-8")).root_node
        captures = self._captures(root)
        self._declared_in = {
            (name, space) for name, spaces, _, _ in self._definitions(captures) for space in spaces
        }

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
        problems.extend(_dangling(root))
        problems.extend(self._resolve(root, self._captures(root)))
        problems.extend(self._imports(root))
        problems.extend(_trait_members(root))
        return tuple(sorted(problems, key=lambda d: d.line))

    def dependent_lines(self, program: str) -> list[tuple[int, int]]:
        """(declaring line, referring line) pairs, 0-based, by `_resolve`'s own rules: each
        reference to a name declared exactly once in the namespace it is looked up in."""
        root = self._parser.parse(program.encode("utf-8")).root_node
        captures = self._captures(root)
        declared: dict[tuple[str, str], list[int]] = {}
        definition_nodes = set()
        for node_capture in ("local.definition", "local.definition.outer"):
            for node in captures.get(node_capture, ()):
                definition_nodes.add(node.id)
                for space in _definition_spaces(node):
                    declared.setdefault((node.text.decode("utf-8", "replace"), space), []).append(node.start_point.row)
        wanted = [
            (node.text.decode("utf-8", "replace"), _reference_space(node), node)
            for node in captures.get("local.reference", ()) if node.id not in definition_nodes
        ]
        wanted += [(name, "value", literal) for name, literal in _format_arguments(root)]
        captured = {node.id for node in captures.get("local.reference", ())}
        wanted += [
            (node.text.decode("utf-8", "replace"), "value", node)
            for node in _macro_argument_names(root) if node.id not in captured
        ]
        return [
            (declared[name, space][0], node.start_point.row)
            for name, space, node in wanted
            if len(declared.get((name, space), ())) == 1
        ]

    def _definitions(self, captures: dict[str, list[Any]]) -> list[tuple[str, frozenset[str], Any, int]]:
        """(name, namespaces, scope node or None, node id) for every definition."""
        scope_ids = {node.id for node in captures.get("local.scope", ())}
        found = []
        for capture, outer in (("local.definition", False), ("local.definition.outer", True)):
            for node in captures.get(capture, ()):
                scope = _enclosing(node, scope_ids)
                if outer and scope is not None:
                    scope = _enclosing(scope, scope_ids)
                found.append((node.text.decode("utf-8", "replace"), _definition_spaces(node), scope, node.id))
        return found

    def _resolve(self, root: Any, captures: dict[str, list[Any]]) -> list[Diagnostic]:
        """Rust resolves values, types and macros in separate namespaces: `let backtrace` does
        not hide a missing `backtrace!`, nor does `let std` a missing `std::` path."""
        declared = getattr(self, "_declared_in", None)
        scope_ids = {node.id for node in captures.get("local.scope", ())}
        visible: dict[tuple[str, str], set[int | None]] = {}
        definition_nodes = set()
        for name, spaces, scope, node_id in self._definitions(captures):
            definition_nodes.add(node_id)
            for space in spaces:
                visible.setdefault((name, space), set()).add(None if scope is None else scope.id)
        wanted = []
        for node in captures.get("local.reference", ()):
            if node.id not in definition_nodes:
                wanted.append((node.text.decode("utf-8", "replace"), _reference_space(node), node, ""))
        for name, literal in _format_arguments(root):
            wanted.append((name, "value", literal, " (a format argument)"))
        captured = {node.id for node in captures.get("local.reference", ())}
        for node in _macro_argument_names(root):
            if node.id not in captured:
                wanted.append((node.text.decode("utf-8", "replace"), "value", node, ""))
        problems = []
        for name, space, node, what in wanted:
            if declared is None or (name, space) not in declared:
                continue
            scopes = visible.get((name, space), set())
            if None in scopes:
                continue
            ancestor = _enclosing(node, scope_ids)
            while ancestor is not None and ancestor.id not in scopes:
                ancestor = _enclosing(ancestor, scope_ids)
            if ancestor is None:
                problems.append(Diagnostic(node.start_point.row + 1, "UnresolvedName", f"{name!r}{what} is not declared in scope"))
        return problems


    def _imports(self, root: Any) -> list[Diagnostic]:
        """`use inner::Name;` needs `Name` in the program's own module `inner` (when the
        program declares `Name` at all: a deleted item leaves its imports dangling)."""
        declared = {name for name, _ in getattr(self, "_declared_in", ())}
        problems = []
        for use in _nodes_of_type(root, "use_declaration"):
            for path in _use_paths(use.child_by_field_name("argument")):
                *modules, last = path
                if not modules:
                    continue
                module = _module_at(use, modules)
                own = [segment for segment in modules if segment not in ("crate", "super", "self")]
                if module is None and own and own[0] in declared and modules[0] in ("crate", "super", "self"):
                    # A path into one of the program's own modules that is no longer there.
                    problems.append(Diagnostic(use.start_point.row + 1, "UnresolvedName",
                                               f"module {'::'.join(modules)!r} is not declared"))
                    continue
                if last not in declared:
                    continue
                if module is not None and last not in _item_names(module):
                    problems.append(Diagnostic(use.start_point.row + 1, "UnresolvedName",
                                               f"{last!r} is not declared in module {'::'.join(modules)}"))
        return problems


def _trait_members(root: Any) -> list[Diagnostic]:
    """An `impl Trait for T` may only define what `Trait` declares (rustc's resolver, E0407),
    for the traits this program declares at file scope."""
    traits: dict[str, set[str]] = {}
    for child in root.named_children:
        if child.type == "trait_item":
            name, body = child.child_by_field_name("name"), child.child_by_field_name("body")
            if name is not None and body is not None:
                traits[name.text.decode("utf-8", "replace")] = {
                    found.text.decode("utf-8", "replace")
                    for member in body.named_children
                    if (found := member.child_by_field_name("name")) is not None
                }
    problems = []
    for impl in _nodes_of_type(root, "impl_item"):
        trait, body = impl.child_by_field_name("trait"), impl.child_by_field_name("body")
        if trait is None or body is None or trait.type != "type_identifier":
            continue
        members = traits.get(trait.text.decode("utf-8", "replace"))
        if members is None:
            continue
        for member in body.named_children:
            found = member.child_by_field_name("name")
            if found is not None and found.text.decode("utf-8", "replace") not in members:
                problems.append(Diagnostic(member.start_point.row + 1, "UnresolvedName",
                                           f"{found.text.decode()!r} is not a member of trait {trait.text.decode()!r}"))
    return problems


def _use_paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Each imported path of a `use` argument as its segments (globs and `self` left out).

    An explicit stack, in source order: use trees nest without limit (`a::{b::{c::{...}}}`)."""
    paths: list[tuple[str, ...]] = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(node, prefix)]
    while stack:
        node, prefix = stack.pop()
        if node is None:
            continue
        kind = node.type
        if kind in ("identifier", "crate", "super", "self"):
            paths.append(prefix + (node.text.decode("utf-8", "replace"),))
        elif kind == "scoped_identifier":
            head = _segments(node.child_by_field_name("path"))
            name = node.child_by_field_name("name")
            if head is not None and name is not None:
                paths.append(prefix + head + (name.text.decode("utf-8", "replace"),))
        elif kind == "use_as_clause":
            stack.append((node.child_by_field_name("path"), prefix))
        elif kind == "scoped_use_list":
            head = _segments(node.child_by_field_name("path"))
            if head is not None:
                stack.append((node.child_by_field_name("list"), prefix + head))
        elif kind == "use_list":
            stack.extend((child, prefix) for child in reversed(node.named_children))
    return paths


def _segments(node: Any) -> tuple[str, ...] | None:
    """`a::b::c` as ("a", "b", "c"); None for a path with anything but names in it. Paths nest
    to the left (`(a::b)::c`), as deep as they are long: walked down, not recursed into."""
    names: list[str] = []
    while node is not None and node.type == "scoped_identifier":
        name = node.child_by_field_name("name")
        if name is None:
            return None
        names.append(name.text.decode("utf-8", "replace"))
        node = node.child_by_field_name("path")
    if node is not None:
        if node.type not in ("identifier", "crate", "super", "self"):
            return None
        names.append(node.text.decode("utf-8", "replace"))
    return tuple(reversed(names))


def _module_at(use: Any, segments: list[str]) -> Any:
    """The program's own module that `segments` name from where `use` stands, or None when the
    path leaves the program (a crate, or a module it does not declare here)."""
    current = _module_of(use)
    first = True
    for segment in segments:
        if segment == "crate" and first:
            current = _root(use)
        elif segment == "super":
            if current.type == "source_file":
                return None
            current = _module_of(current)
        elif segment == "self" and first:
            pass
        else:
            current = _child_module(current, segment)
            if current is None:
                return None
        first = False
    return current


def _module_of(node: Any) -> Any:
    parent = node.parent
    while parent is not None and parent.type not in ("mod_item", "source_file"):
        parent = parent.parent
    return parent


def _root(node: Any) -> Any:
    while node.parent is not None:
        node = node.parent
    return node


def _module_body(module: Any) -> Any:
    return module if module.type == "source_file" else module.child_by_field_name("body")


def _child_module(module: Any, name: str) -> Any:
    body = _module_body(module)
    if body is None:
        return None
    for child in body.named_children:
        if child.type == "mod_item":
            found = child.child_by_field_name("name")
            if found is not None and found.text.decode("utf-8", "replace") == name:
                return child if child.child_by_field_name("body") is not None else None
    return None


def _item_names(module: Any) -> set[str]:
    body = _module_body(module)
    names: set[str] = set()
    if body is None:
        return names
    for child in body.named_children:
        if child.type == "use_declaration":
            if "*" in child.text.decode("utf-8", "replace"):
                names.add("*")
            for path in _use_paths(child.child_by_field_name("argument")):
                names.add(path[-1])
            for alias in _nodes_of_type(child, "use_as_clause"):
                found = alias.child_by_field_name("alias")
                if found is not None:
                    names.add(found.text.decode("utf-8", "replace"))
            continue
        found = child.child_by_field_name("name")
        if found is not None:
            names.add(found.text.decode("utf-8", "replace"))
        if child.type == "enum_item":
            continue
    if "*" in names:  # a glob import may bring anything
        return _Everything()
    return names


class _Everything(set):
    def __contains__(self, item: object) -> bool:
        return True


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


def _macro_argument_names(root: Any) -> list[Any]:
    """Names that start an argument of a macro call (`writeln!(f, "{}", row.join(", "))`).

    The locals query catches the first one; tree-sitter's query engine matches its
    `"," . (identifier)` pattern only once per token tree, so the rest are found here.
    """
    found = []
    for macro in _nodes_of_type(root, "macro_invocation"):
        for tokens in (child for child in macro.named_children if child.type == "token_tree"):
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


def _format_arguments(root: Any) -> list[tuple[str, Any]]:
    """`{name}` in a format string refers to `name` as surely as `name` itself would."""
    found = []
    for macro in _nodes_of_type(root, "macro_invocation"):
        name = macro.child_by_field_name("macro")
        if name is None or name.text.decode("utf-8", "replace") not in FORMAT_MACROS:
            continue
        tokens = next((c for c in macro.named_children if c.type == "token_tree"), None)
        if tokens is None:
            continue
        literal = next((c for c in tokens.named_children if c.type in ("string_literal", "raw_string_literal")), None)
        if literal is None:
            continue
        for match in _PLACEHOLDER.finditer(literal.text.decode("utf-8", "replace")):
            if match.group(1):
                found.append((match.group(1), literal))
    return found


def dangling_attributes(source: str, parser: Any) -> list[Diagnostic]:
    """The attribute and doc-comment errors alone (for tests)."""
    return _dangling(parser.parse(source.encode("utf-8")).root_node)


def _dangling(root: Any) -> list[Diagnostic]:
    """Outer attributes and outer doc comments must be followed by what they annotate."""
    problems = []
    stack = [root]
    while stack:
        node = stack.pop()
        children = node.children
        for position, child in enumerate(children):
            kind = _annotation(child)
            if kind is None:
                continue
            following = [c for c in children[position + 1:] if c.is_named and c.type not in _COMMENTS and c.type != "attribute_item"]
            if not following:
                problems.append(Diagnostic(child.start_point.row + 1, "SyntaxError", f"expected an item after the {kind}"))
            elif kind == "attribute" and child.text.decode("utf-8", "replace").replace(" ", "").startswith("#[derive(") \
                    and following[0].type not in ("struct_item", "enum_item", "union_item"):
                problems.append(Diagnostic(child.start_point.row + 1, "SyntaxError",
                                           "`derive` may only be applied to structs, enums and unions"))
        stack.extend(c for c in children if c.named_child_count)
    return problems


def _annotation(node: Any) -> str | None:
    if node.type == "attribute_item":
        return "attribute"
    if node.type in _COMMENTS and any(c.type == "outer_doc_comment_marker" for c in node.children):
        return "doc comment"
    return None


def _nodes_of_type(root: Any, kind: str) -> list[Any]:
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if node.type == kind:
            found.append(node)
        stack.extend(node.named_children)
    return found


def _enclosing(node: Any, scope_ids: set[int]) -> Any:
    parent = node.parent
    while parent is not None and parent.id not in scope_ids:
        parent = parent.parent
    return parent
