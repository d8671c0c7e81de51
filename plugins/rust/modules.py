"""Rust paths resolved against the module tree a program declares.

`shapes::unit()`, `super::VAL`, `crate::a::b::T`, `use inner::helper;`: rustc resolves each
segment in the module the previous one named, so a path into a module whose item was deleted
(or into a deleted module) is an error (E0425, E0412, E0432, E0433) though every name in it is
still declared somewhere. The tree is built from what tree-sitter shows: inline modules, the
items they hold, and their `use` declarations (followed, globs included).

A lookup is FOUND, MISSING or UNKNOWN (the path leaves what the program shows: another crate,
a module in another file, a type's associated items, an enum's variants, a glob from outside).
A state's MISSING is an error only where the full program's tree FOUND the same name in the
same module: what this model does not see (macro-made items, generic parameters, `Self`) is
missing from both, and is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FOUND, MISSING, UNKNOWN = "found", "missing", "unknown"
ANY_SPACE = frozenset({"type", "value", "macro"})
TYPE = frozenset({"type"})

# What each item kind declares, by namespace (a tuple or unit struct is a value too).
_ITEM_SPACES = {
    "function_item": frozenset({"value"}),
    "function_signature_item": frozenset({"value"}),
    "const_item": frozenset({"value"}),
    "static_item": frozenset({"value"}),
    "struct_item": frozenset({"type", "value"}),
    "enum_item": TYPE,
    "union_item": TYPE,
    "trait_item": TYPE,
    "type_item": TYPE,
    "mod_item": TYPE,
    "macro_definition": frozenset({"macro"}),
}


@dataclass(eq=False)
class Module:
    """One module: the names its items declare, its inline child modules (None: `mod x;`, in
    another file), and its imports (name -> paths as written, from this module)."""

    path: tuple[str, ...]
    parent: Module | None
    start: int = 0
    end: int = 0
    items: dict[str, set[str]] = field(default_factory=dict)
    children: dict[str, Module | None] = field(default_factory=dict)
    imports: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    globs: list[tuple[str, ...]] = field(default_factory=list)
    traits: dict[str, frozenset[str]] = field(default_factory=dict)  # trait -> its members' names


@dataclass(frozen=True)
class UsePath:
    """One path of a `use` tree: its segments, the node to blame, and whether it is a glob."""

    segments: tuple[str, ...]
    node: Any
    glob: bool = False
    alias: str | None = None

    @property
    def binds(self) -> str:
        return self.alias or self.segments[-1]


class ModuleTree:
    """The modules of one parsed file, for lookups by path and by byte position."""

    def __init__(self, root: Any) -> None:
        self.root = Module((), None, root.start_byte, root.end_byte)
        self._modules = [self.root]
        # Macro calls in item position (`make_fn!(seven, 7);`) may declare items of any name;
        # by their text, the names among their tokens.
        self.item_macros: dict[str, frozenset[str]] = {}
        stack = [(root, self.root)]
        while stack:
            body, module = stack.pop()
            for item in body.named_children:
                self._declare(item, module, stack)

    def _declare(self, item: Any, module: Module, stack: list[tuple[Any, Module]]) -> None:
        kind = item.type
        if kind == "expression_statement" and item.named_child_count == 1:
            item, kind = item.named_children[0], item.named_children[0].type
        if kind == "macro_invocation":
            self.item_macros[_text(item)] = frozenset(_identifiers(item))
            return
        if kind == "use_declaration":
            for used in use_paths(item.child_by_field_name("argument")):
                if used.glob:
                    module.globs.append(used.segments)
                elif used.segments:
                    module.imports.setdefault(used.binds, []).append(used.segments)
            return
        if kind == "foreign_mod_item":
            body = item.child_by_field_name("body")
            for inner in body.named_children if body is not None else ():
                self._declare(inner, module, stack)
            return
        spaces = _ITEM_SPACES.get(kind)
        name = item.child_by_field_name("name")
        if kind == "extern_crate_declaration":
            name, spaces = item.child_by_field_name("alias") or name, TYPE
        if spaces is None or name is None:
            return
        text = _text(name)
        module.items.setdefault(text, set()).update(spaces)
        if kind == "trait_item":
            body = item.child_by_field_name("body")
            module.traits[text] = frozenset(
                _text(found) for member in (body.named_children if body is not None else ())
                if (found := member.child_by_field_name("name")) is not None
            )
        if kind == "mod_item":
            body = item.child_by_field_name("body")
            child = None
            if body is not None:
                child = Module(module.path + (text,), module, item.start_byte, item.end_byte)
                self._modules.append(child)
                stack.append((body, child))
            module.children[text] = child

    def module_at(self, byte: int) -> Module:
        """The innermost module whose text holds `byte`."""
        best = self.root
        for module in self._modules:
            if module.start <= byte < module.end and module.start >= best.start:
                best = module
        return best

    def by_path(self, path: tuple[str, ...]) -> Module | None:
        module: Module | None = self.root
        for name in path:
            module = module.children.get(name) if module is not None else None
        return module

    def resolve(self, module: Module, segments: tuple[str, ...], spaces: frozenset[str],
                seen: frozenset[tuple[int, str]] = frozenset(),
                ) -> tuple[str, Module | None, tuple[tuple[str, ...], str, frozenset[str]] | None]:
        """(status, the module the path names if it names one, where it went MISSING as
        (module path, name, namespaces looked in))."""
        current, position = module, 0
        if segments and segments[0] == "crate":
            current, position = self.root, 1
        elif segments and segments[0] == "self":
            position = 1
        while position < len(segments) and segments[position] == "super":
            if current.parent is None:
                return UNKNOWN, None, None
            current, position = current.parent, position + 1
        if position == len(segments):
            return FOUND, current, None
        for index in range(position, len(segments)):
            last = index == len(segments) - 1
            wanted = spaces if last else TYPE
            status, target = self.lookup(current, segments[index], wanted, seen)
            if status != FOUND:
                return status, None, (current.path, segments[index], wanted)
            if last:
                return FOUND, target, None
            if target is None:  # a type, an enum, another file's module: not followed
                return UNKNOWN, None, None
            current = target
        return UNKNOWN, None, None

    def lookup(self, module: Module, name: str, spaces: frozenset[str],
               seen: frozenset[tuple[int, str]] = frozenset()) -> tuple[str, Module | None]:
        """`name` in `module`'s namespaces `spaces`: its items, then its imports and globs."""
        key = (id(module), name)
        if key in seen:  # imports that go round in a circle
            return UNKNOWN, None
        seen = seen | {key}
        if "type" in spaces and name in module.children:
            return FOUND, module.children[name]
        if module.items.get(name, set()) & spaces:
            return FOUND, None
        unknown = False
        for path in module.imports.get(name, ()):
            status, target, where = self.resolve(module, path, spaces, seen)
            external = where is not None and where[:2] == (module.path, path[0]) and path[0] not in _RELATIVE
            if status != MISSING or external:  # `use std::collections::HashMap;` binds a name too
                return FOUND, target
            unknown = True  # a broken import is its own `use` line's error, not this path's
        for glob in module.globs:
            status, target, _ = self.resolve(module, glob, TYPE, seen)
            if status == FOUND and target is not None:
                status, found = self.lookup(target, name, spaces, seen)
                if status == FOUND:
                    return FOUND, found
                unknown = unknown or status == UNKNOWN
            else:
                unknown = True  # a glob from another crate may bring anything
        return (UNKNOWN if unknown else MISSING), None


    def trait_members(self, module: Module, segments: tuple[str, ...], depth: int = 0) -> frozenset[str] | None:
        """The member names of the trait `segments` names from `module`, when it is one this
        file declares (imports followed); None otherwise."""
        if len(segments) > 1:
            status, target, _ = self.resolve(module, segments[:-1], TYPE)
            if status != FOUND or target is None:
                return None
            module = target
        name = segments[-1]
        if name in module.traits:
            return module.traits[name]
        if depth > 8:  # imports that go round in a circle
            return None
        for path in module.imports.get(name, ()):
            found = self.trait_members(module, path, depth + 1)
            if found is not None:
                return found
        for glob in module.globs:
            status, target, _ = self.resolve(module, glob, TYPE)
            found = self.trait_members(target, (name,), depth + 1) if status == FOUND and target is not None else None
            if found is not None:
                return found
        return None


def use_paths(argument: Any) -> list[UsePath]:
    """Each path of a `use` tree, in source order. An explicit stack: use trees nest without
    limit (`a::{b::{c::{...}}}`). `a::{self}` is the path `a`."""
    found: list[UsePath] = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(argument, ())]
    while stack:
        node, prefix = stack.pop()
        if node is None:
            continue
        kind = node.type
        if kind == "self" and prefix:
            found.append(UsePath(prefix, node))
        elif kind in ("identifier", "crate", "super", "self", "scoped_identifier"):
            segments = path_segments(node)
            if segments is not None:
                found.append(UsePath(prefix + segments, node))
        elif kind == "use_as_clause":
            segments = path_segments(node.child_by_field_name("path"))
            alias = node.child_by_field_name("alias")
            if segments is not None:
                found.append(UsePath(prefix + segments, node, alias=_text(alias) if alias is not None else None))
        elif kind == "use_wildcard":
            inner = next(iter(node.named_children), None)
            segments = path_segments(inner) if inner is not None else ()
            if segments is not None:
                found.append(UsePath(prefix + segments, node, glob=True))
        elif kind == "scoped_use_list":
            path = node.child_by_field_name("path")
            head = path_segments(path) if path is not None else ()
            if head is not None:
                stack.append((node.child_by_field_name("list"), prefix + head))
        elif kind == "use_list":
            stack.extend((child, prefix) for child in reversed(node.named_children))
    return found


_RELATIVE = frozenset({"crate", "self", "super"})
_SEGMENT_TYPES = frozenset({"identifier", "type_identifier", "crate", "super", "self"})


def path_segments(node: Any) -> tuple[str, ...] | None:
    """`a::b::c` (a scoped_identifier or scoped_type_identifier) as ("a", "b", "c"); None for a
    path with anything but names in it (`Vec::<u8>::new`, `<T as Tr>::f`, `$crate::x`).
    Paths nest to the left, as deep as they are long: walked down, not recursed into."""
    names: list[str] = []
    while node is not None and node.type in ("scoped_identifier", "scoped_type_identifier"):
        name = node.child_by_field_name("name")
        if name is None or name.type not in _SEGMENT_TYPES:
            return None
        names.append(_text(name))
        node = node.child_by_field_name("path")
    if node is not None:
        if node.type not in _SEGMENT_TYPES:
            return None
        names.append(_text(node))
    return tuple(reversed(names))


def path_space(node: Any) -> frozenset[str]:
    """The namespace a path's last segment is looked up in: a type path names a type, the path
    of a macro call a macro, any other path a value."""
    if node.type == "scoped_type_identifier":
        return TYPE
    parent = node.parent
    if parent is not None and parent.type == "macro_invocation":
        return frozenset({"macro"})
    return frozenset({"value"})


def outermost_paths(nodes: list[Any]) -> Iterator[Any]:
    """The paths among `nodes` that are not the head of a longer one (`a::b` in `a::b::c`)."""
    heads = set()
    for node in nodes:
        head = node.child_by_field_name("path")
        if head is not None:
            heads.add(head.id)
    return (node for node in nodes if node.id not in heads)


def _identifiers(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        node = stack.pop()
        if node.type == "identifier":
            yield _text(node)
        stack.extend(node.children)


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")
