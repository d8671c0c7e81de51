"""Go's typed selector rule for the pip-only fallback (a `ScopeRules.extra_check`).

The fallback's locals query judges a selector `x.name` by its name alone: it is flagged only when
no member of that name is left anywhere. That misses `p.Col` once `Pos.Col` is deleted while
another type still declares a `Col`, and an interface method deleted while the structs that
implement it keep theirs. This module types what the program text alone types:

- variables: receivers, parameters and named results, `var p T`, `p := T{...}`, `&T{...}`,
  `new(T)`, `T(x)`, `x.(T)`, a type switch's alias in a one-type case, `range` over a slice, map
  or channel of known element type, results of the program's functions and methods;
- expressions: a struct field of known type (promoted through embedded fields too), a method's
  result, an index into a slice or map, `*p`, `&x`, `<-ch`.

Where an operand's type is a type the file declares, the member must be one of that type's:
its fields, its methods, and what it promotes from embedded types the file declares. A type
that embeds a type declared elsewhere, or is defined from another named type, is open: anything
goes. A struct literal's keys (`T{name: v}`, and the elided `{name: v}` inside `[]T{...}`) must
be fields of T.

Like the rest of the fallback a state is judged against the full program: a member is flagged
only when the full program's type has it and the state's lost it. So a type whose methods live
in a sibling file, or any inference this module gets wrong on code it does not understand,
flags nothing that the full program does not itself show; where the type is unknown the
name-based rule of the locals query is all there is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from lintseq_x.plugins import Diagnostic

# A type: ("named", name) for a type declared at file scope, ("ptr", t), ("slice", t) for slices
# and arrays, ("map", key, value), ("chan", t); None when unknown.
Type = Any
# What a name binds: ("var", type), ("type", name or None), ("func", [result types]), or None.
Entry = Any

_BASIC = frozenset({
    "bool", "byte", "complex64", "complex128", "float32", "float64", "int", "int8", "int16", "int32",
    "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
})
_SCOPES = frozenset({
    "block", "if_statement", "for_statement", "expression_switch_statement", "select_statement",
    "expression_case", "default_case", "communication_case",
})
# Leaves and literals that hold neither selectors nor declarations.
_SKIP = frozenset({
    "comment", "interpreted_string_literal", "raw_string_literal", "int_literal", "float_literal",
    "imaginary_literal", "rune_literal", "true", "false", "nil", "iota", "identifier", "field_identifier",
    "type_identifier", "package_identifier", "label_name", "package_clause", "import_declaration",
})


class SelectorCheck:
    """`begin(root, source)` with the full program's tree; `check(root, source)` per state."""

    def __init__(self) -> None:
        self._members: dict[str, frozenset[str]] = {}
        self._fields: dict[str, frozenset[str]] = {}

    def begin(self, root: Any, source: bytes) -> None:
        self._members, self._fields = {}, {}
        try:
            program = _File(root)
            members = {name: frozenset(program.members(name)[0]) for name in program.types}
            fields = {name: frozenset(program.fields(name)) for name in program.types}
        except RecursionError:  # types nested thousands deep, or a chain of thousands of aliases
            return  # judge by names alone, as `check` does on an expression that deep
        self._members, self._fields = members, fields

    def check(self, root: Any, source: bytes) -> list[Diagnostic]:
        if not self._members:
            return []
        state = _File(root)
        walker = _Walker(state, self._members, self._fields)
        try:
            walker.run()
        except RecursionError:  # an absurdly deep expression: judge by names alone
            return []
        return walker.problems


def _type_name(node: Any) -> str | None:
    """The base type name of a receiver type: `T`, `*T`, `T[K]`, `*T[K]`, `(*T)`."""
    while node is not None and node.type in ("pointer_type", "parenthesized_type", "generic_type"):
        if node.type == "generic_type":
            node = node.child_by_field_name("type")
        else:
            node = node.named_children[0] if node.named_children else None
    return node.text.decode("utf-8", "replace") if node is not None and node.type == "type_identifier" else None


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")


def _results(node: Any) -> list[Any]:
    """The type nodes of a signature's results, one per result."""
    result = node.child_by_field_name("result")
    if result is None:
        return []
    if result.type != "parameter_list":
        return [result]
    found = []
    for declaration in result.named_children:
        if declaration.type != "parameter_declaration":
            continue
        kind = declaration.child_by_field_name("type")
        found.extend([kind] * max(1, len(declaration.children_by_field_name("name"))))
    return found


def _type_parameters(node: Any) -> frozenset[str]:
    names: set[str] = set()
    parameters = node.child_by_field_name("type_parameters")
    if parameters is not None:
        for declaration in parameters.named_children:
            names.update(_text(name) for name in declaration.children_by_field_name("name"))
    return frozenset(names)


def _receiver_type_parameters(receiver: Any) -> frozenset[str]:
    """`func (x *Pair[K, V]) ...` binds K and V."""
    names: set[str] = set()
    stack = [receiver]
    while stack:
        node = stack.pop()
        if node.type == "type_arguments":
            names.update(_text(leaf) for leaf in _leaves(node, "type_identifier"))
        else:
            stack.extend(node.named_children)
    return frozenset(names)


def _leaves(node: Any, kind: str) -> Iterable[Any]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            yield current
        stack.extend(current.named_children)


class _TypeDecl:
    __slots__ = ("node", "alias", "type_parameters", "methods")

    def __init__(self, node: Any, alias: bool, type_parameters: frozenset[str]) -> None:
        self.node = node  # the underlying (or aliased) type
        self.alias = alias
        self.type_parameters = type_parameters
        self.methods: dict[str, tuple[Any, frozenset[str]]] = {}  # name -> (declaration, receiver's type parameters)


class _File:
    """The file-scope declarations of one tree, and what its types' members are."""

    def __init__(self, root: Any) -> None:
        self.types: dict[str, _TypeDecl] = {}
        self.top: dict[str, Entry] = {}
        methods = []
        functions = []
        variables = []
        for node in root.named_children:
            kind = node.type
            if kind == "type_declaration":
                for spec in node.named_children:
                    if spec.type not in ("type_spec", "type_alias"):
                        continue
                    name_node, type_node = spec.child_by_field_name("name"), spec.child_by_field_name("type")
                    if name_node is None or type_node is None:
                        continue
                    name = _text(name_node)
                    if name not in self.top:
                        self.types[name] = _TypeDecl(type_node, spec.type == "type_alias", _type_parameters(spec))
                        self.top[name] = ("type", name)
            elif kind == "function_declaration":
                functions.append(node)
            elif kind == "method_declaration":
                methods.append(node)
            elif kind == "var_declaration":
                variables.append(node)
            elif kind == "const_declaration":
                for spec in node.named_children:
                    for name in spec.children_by_field_name("name") if spec.type == "const_spec" else ():
                        self.top.setdefault(_text(name), None)
            elif kind == "import_declaration":
                for spec in _leaves(node, "import_spec"):
                    name = spec.child_by_field_name("name")
                    if name is not None:
                        self.top.setdefault(_text(name), None)
        for node in methods:
            receiver = node.child_by_field_name("receiver")
            name = node.child_by_field_name("name")
            declarations = [child for child in (receiver.named_children if receiver else [])
                            if child.type == "parameter_declaration"]
            base = _type_name(declarations[0].child_by_field_name("type")) if declarations else None
            if base in self.types and name is not None:
                self.types[base].methods.setdefault(_text(name), (node, _receiver_type_parameters(receiver)))
        for node in functions:
            name = node.child_by_field_name("name")
            if name is not None and _text(name) not in self.top:
                hidden = _type_parameters(node)
                self.top[_text(name)] = ("func", [self.type_at_file_scope(result, hidden) for result in _results(node)])
        self._members: dict[str, tuple[set[str], bool]] = {}
        self._variables = variables
        self.functions = [*functions, *methods]

    def bind_variables(self, walker: _Walker) -> None:
        """File-scope variables, in order (their values may use the ones before)."""
        for node in self._variables:
            for spec in _leaves(node, "var_spec"):
                walker.bind_spec(spec, self.top)

    def lookup_at_file_scope(self, name: str, hidden: frozenset[str]) -> Entry:
        return None if name in hidden else self.top.get(name)

    def type_at_file_scope(self, node: Any, hidden: frozenset[str] = frozenset()) -> Type:
        return self.type_of_type(node, lambda name: self.lookup_at_file_scope(name, hidden))

    def type_of_type(self, node: Any, lookup: Callable[[str], Entry]) -> Type:
        kind = node.type
        if kind == "type_identifier":
            entry = lookup(_text(node))
            return ("named", entry[1]) if entry is not None and entry[0] == "type" and entry[1] is not None else None
        if kind == "generic_type":
            inner = node.child_by_field_name("type")
            return self.type_of_type(inner, lookup) if inner is not None else None
        if kind in ("pointer_type", "parenthesized_type"):
            inner = node.named_children[0] if node.named_children else None
            if inner is None:
                return None
            found = self.type_of_type(inner, lookup)
            return ("ptr", found) if kind == "pointer_type" and found is not None else found
        if kind in ("slice_type", "array_type", "implicit_length_array_type"):
            element = node.child_by_field_name("element")
            found = self.type_of_type(element, lookup) if element is not None else None
            return ("slice", found) if found is not None else None
        if kind == "map_type":
            key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
            key_type = self.type_of_type(key, lookup) if key is not None else None
            value_type = self.type_of_type(value, lookup) if value is not None else None
            return ("map", key_type, value_type) if key_type is not None or value_type is not None else None
        if kind == "channel_type":
            value = node.child_by_field_name("value")
            found = self.type_of_type(value, lookup) if value is not None else None
            return ("chan", found) if found is not None else None
        return None

    def resolve(self, name: str, seen: frozenset[str] = frozenset()) -> str | None:
        """Follow aliases: the declared type a name stands for, None when it is not one."""
        declaration = self.types.get(name)
        if declaration is None or name in seen:
            return None
        if not declaration.alias:
            return name
        target = self.type_at_file_scope(declaration.node, declaration.type_parameters)
        return self.resolve(target[1], seen | {name}) if target is not None and target[0] == "named" else None

    def members(self, name: str) -> tuple[set[str], bool]:
        """(member names, open): open when the type has members this file cannot list."""
        found = self._members.get(name)
        if found is None:
            self._members[name] = (set(), True)  # a cycle is open
            found = self._members[name] = self._compute_members(name)
        return found

    def _compute_members(self, name: str) -> tuple[set[str], bool]:
        resolved = self.resolve(name)
        if resolved is None:
            return set(), True
        if resolved != name:
            return self.members(resolved)
        declaration = self.types[name]
        names = set(declaration.methods)
        underlying = declaration.node
        kind = underlying.type
        open_ = False
        if kind == "struct_type":
            for field in _struct_fields(underlying):
                field_names = field.children_by_field_name("name")
                names.update(_text(node) for node in field_names)
                if not field_names:  # embedded
                    open_ |= self._promote(field.child_by_field_name("type"), names, declaration.type_parameters)
        elif kind == "interface_type":
            for element in underlying.named_children:
                if element.type == "method_elem":
                    method = element.child_by_field_name("name")
                    if method is not None:
                        names.add(_text(method))
                elif element.type == "type_elem":
                    parts = element.named_children
                    open_ |= len(parts) != 1 or self._promote(parts[0], names, declaration.type_parameters)
        elif kind == "type_identifier":
            open_ = _text(underlying) not in _BASIC  # defined from another named type, or from `error`
        elif kind not in ("slice_type", "array_type", "map_type", "channel_type", "function_type"):
            open_ = True  # a pointer type, a qualified or generic type
        return names, open_

    def _promote(self, node: Any, names: set[str], hidden: frozenset[str]) -> bool:
        """Add an embedded type's name and members; True when they cannot all be listed."""
        if node is None:
            return True
        base = _type_name(node)
        if base is None:
            return True  # a qualified type (`sync.Mutex`) or anything else declared elsewhere
        names.add(base)
        if base in hidden or base not in self.types:
            return True
        inner, open_ = self.members(base)
        names.update(inner)
        return open_

    def fields(self, name: str) -> set[str]:
        """The names a struct literal of the type may key: its own fields and embedded types."""
        resolved = self.resolve(name)
        if resolved is None or self.types[resolved].node.type != "struct_type":
            return set()
        found = set()
        for field in _struct_fields(self.types[resolved].node):
            field_names = field.children_by_field_name("name")
            if field_names:
                found.update(_text(node) for node in field_names)
            else:
                base = _type_name(field.child_by_field_name("type"))
                if base is not None:
                    found.add(base)
        return found

    def field_type(self, name: str, member: str, depth: int = 0) -> tuple[bool, Type]:
        """(found, type) of a field or a method's single result, promoted ones too."""
        resolved = self.resolve(name)
        if resolved is None or depth > 8:
            return False, None
        declaration = self.types[resolved]
        method = declaration.methods.get(member)
        if method is not None:
            results = _results(method[0])
            return True, ("func", [self.type_at_file_scope(result, method[1]) for result in results])
        underlying = declaration.node
        embedded = []
        if underlying.type == "struct_type":
            for field in _struct_fields(underlying):
                field_names = field.children_by_field_name("name")
                type_node = field.child_by_field_name("type")
                if not field_names:
                    base = _type_name(type_node) if type_node is not None else None
                    if base == member:
                        return True, self.type_at_file_scope(type_node, declaration.type_parameters)
                    embedded.append(base)
                elif any(_text(node) == member for node in field_names):
                    if type_node is None:
                        return True, None
                    return True, self.type_at_file_scope(type_node, declaration.type_parameters)
        elif underlying.type == "interface_type":
            for element in underlying.named_children:
                if element.type == "method_elem":
                    method_name = element.child_by_field_name("name")
                    if method_name is not None and _text(method_name) == member:
                        return True, ("func", [self.type_at_file_scope(result) for result in _results(element)])
                elif element.type == "type_elem" and len(element.named_children) == 1:
                    embedded.append(_type_name(element.named_children[0]))
        for base in embedded:
            if base is not None and base not in declaration.type_parameters and base in self.types:
                found, kind = self.field_type(base, member, depth + 1)
                if found:
                    return True, kind
        return False, None


def _struct_fields(struct: Any) -> list[Any]:
    return [field for body in struct.named_children if body.type == "field_declaration_list"
            for field in body.named_children if field.type == "field_declaration"]


def _named(kind: Type) -> str | None:
    """The declared type a selector on a value of this type looks in (one pointer is followed)."""
    if kind is not None and kind[0] == "ptr":
        kind = kind[1]
    return kind[1] if kind is not None and kind[0] == "named" else None


class _Walker:
    """Walks a state in source order with its scopes, typing the operands of selectors."""

    def __init__(self, file: _File, members: dict[str, frozenset[str]], fields: dict[str, frozenset[str]]) -> None:
        self.file = file
        self.program_members = members
        self.program_fields = fields
        self.scopes: list[dict[str, Entry]] = []
        self.problems: list[Diagnostic] = []

    # -- names ---------------------------------------------------------------------------------

    def lookup(self, name: str) -> Entry:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return self.file.top.get(name)

    def bind(self, name_node: Any, entry: Entry, scope: dict[str, Entry] | None = None) -> None:
        name = _text(name_node)
        if name != "_":
            (self.scopes[-1] if scope is None else scope)[name] = entry

    def type_of_type(self, node: Any) -> Type:
        return self.file.type_of_type(node, self.lookup)

    def bind_spec(self, spec: Any, scope: dict[str, Entry] | None = None) -> None:
        """A `var_spec`: its value first (it cannot see the names it declares), then the names."""
        value = spec.child_by_field_name("value")
        if value is not None:
            self.visit(value)
        names = spec.children_by_field_name("name")
        declared = spec.child_by_field_name("type")
        if declared is not None:
            kind = self.type_of_type(declared)
            types = [kind] * len(names)
        else:
            types = self.types_of_values(value.named_children if value is not None else [], len(names))
        for name, kind in zip(names, types):
            self.bind(name, ("var", kind), scope)

    def types_of_values(self, values: list[Any], count: int) -> list[Type]:
        if len(values) == count:
            return [self.type_of(value) for value in values]
        if len(values) == 1:
            value = values[0]
            if value.type == "call_expression":
                results = self.call_results(value)
                if results is not None and len(results) == count:
                    return results
            elif value.type in ("index_expression", "type_assertion_expression") or (
                    value.type == "unary_expression" and _operator(value) == "<-"):
                return [self.type_of(value)] + [None] * (count - 1)  # `v, ok := ...`
        return [None] * count

    def bind_parameters(self, node: Any) -> None:
        for field in ("receiver", "parameters", "result"):
            parameters = node.child_by_field_name(field)
            if parameters is None or parameters.type != "parameter_list":
                continue
            for declaration in parameters.named_children:
                if declaration.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                    continue
                type_node = declaration.child_by_field_name("type")
                kind = self.type_of_type(type_node) if type_node is not None else None
                if declaration.type == "variadic_parameter_declaration" and kind is not None:
                    kind = ("slice", kind)
                for name in declaration.children_by_field_name("name"):
                    self.bind(name, ("var", kind))

    # -- types of expressions ------------------------------------------------------------------

    def type_of(self, node: Any) -> Type:
        kind = node.type
        if kind == "identifier":
            entry = self.lookup(_text(node))
            return entry[1] if entry is not None and entry[0] == "var" else None
        if kind == "parenthesized_expression":
            return self.type_of(node.named_children[0]) if node.named_children else None
        if kind == "unary_expression":
            operand = node.child_by_field_name("operand")
            inner = self.type_of(operand) if operand is not None else None
            operator = _operator(node)
            if inner is None:
                return None
            if operator == "&":
                return ("ptr", inner)
            if operator == "*":
                return inner[1] if inner[0] == "ptr" else None
            if operator == "<-":
                return inner[1] if inner[0] == "chan" else None
            return None
        if kind == "composite_literal":
            type_node = node.child_by_field_name("type")
            return self.type_of_type(type_node) if type_node is not None else None
        if kind == "call_expression":
            results = self.call_results(node)
            return results[0] if results is not None and len(results) == 1 else None
        if kind == "selector_expression":
            return self.member_type(node)
        if kind == "index_expression":
            operand = node.child_by_field_name("operand")
            inner = self.type_of(operand) if operand is not None else None
            if inner is not None and inner[0] == "ptr":
                inner = inner[1]
            if inner is not None and inner[0] == "slice":
                return inner[1]
            if inner is not None and inner[0] == "map":
                return inner[2]
            return None
        if kind == "slice_expression":
            operand = node.child_by_field_name("operand")
            inner = self.type_of(operand) if operand is not None else None
            return inner if inner is not None and inner[0] == "slice" else None
        if kind == "type_assertion_expression":
            type_node = node.child_by_field_name("type")
            return self.type_of_type(type_node) if type_node is not None else None
        if kind == "type_conversion_expression":
            type_node = node.child_by_field_name("type")
            return self.type_of_type(type_node) if type_node is not None else None
        return None

    def call_results(self, node: Any) -> list[Type] | None:
        function = node.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "identifier":
            name = _text(function)
            entry = self.lookup(name)
            arguments = node.child_by_field_name("arguments")
            first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
            if entry is None and name in ("new", "make") and first is not None:
                made = self.type_of_type(first) if first.type != "identifier" else self.type_of_type_name(first)
                return [("ptr", made) if name == "new" and made is not None else made]
            if entry is not None and entry[0] == "func":
                return entry[1]
            if entry is not None and entry[0] == "type":  # a conversion `T(x)`
                return [("named", entry[1]) if entry[1] is not None else None]
            return None
        if function.type == "selector_expression":
            operand = function.child_by_field_name("operand")
            field = function.child_by_field_name("field")
            named = _named(self.type_of(operand)) if operand is not None and field is not None else None
            if named is None:
                return None
            found, kind = self.file.field_type(named, _text(field))
            return kind[1] if found and kind is not None and kind[0] == "func" else None
        if function.type == "parenthesized_expression":  # `(*T)(x)`
            inner = function.named_children[0] if function.named_children else None
            if inner is not None and inner.type == "unary_expression" and _operator(inner) == "*":
                operand = inner.child_by_field_name("operand")
                if operand is not None and operand.type == "identifier":
                    made = self.type_of_type_name(operand)
                    return [("ptr", made) if made is not None else None]
        return None

    def type_of_type_name(self, identifier: Any) -> Type:
        entry = self.lookup(_text(identifier))
        return ("named", entry[1]) if entry is not None and entry[0] == "type" and entry[1] is not None else None

    def member_type(self, node: Any) -> Type:
        operand = node.child_by_field_name("operand")
        field = node.child_by_field_name("field")
        named = _named(self.type_of(operand)) if operand is not None and field is not None else None
        if named is None:
            return None
        found, kind = self.file.field_type(named, _text(field))
        return kind if found and (kind is None or kind[0] != "func") else None

    # -- the walk ------------------------------------------------------------------------------

    def run(self) -> None:
        self.scopes = []
        self.file.bind_variables(self)  # file-scope values are visited with their variables
        for node in self.file.functions:
            self.visit(node)

    def visit(self, node: Any) -> None:
        kind = node.type
        if kind in _SKIP:
            return
        if kind in ("function_declaration", "method_declaration", "func_literal"):
            self.scopes.append({name: ("type", None) for name in _type_parameters(node)})
            receiver = node.child_by_field_name("receiver")
            if receiver is not None:
                self.scopes[-1].update((name, ("type", None)) for name in _receiver_type_parameters(receiver))
            self.bind_parameters(node)
            body = node.child_by_field_name("body")
            if body is not None:
                self.visit(body)
            self.scopes.pop()
        elif kind in _SCOPES:
            self.scopes.append({})
            for child in node.named_children:
                self.visit(child)
            self.scopes.pop()
        elif kind == "type_switch_statement":
            self.type_switch(node)
        elif kind == "short_var_declaration":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if right is not None:
                self.visit(right)
            names = left.named_children if left is not None else []
            types = self.types_of_values(right.named_children if right is not None else [], len(names))
            for name, type_ in zip(names, types):
                if name.type == "identifier":
                    self.bind(name, ("var", type_))
        elif kind == "var_spec":
            self.bind_spec(node)
        elif kind in ("const_spec", "type_spec", "type_alias"):
            for name in node.children_by_field_name("name"):
                self.bind(name, ("type", None) if kind != "const_spec" else None)
        elif kind in ("range_clause", "receive_statement"):
            self.range_or_receive(node)
        elif kind == "selector_expression":
            self.check_selector(node)
            operand = node.child_by_field_name("operand")
            if operand is not None:
                self.visit(operand)
        elif kind == "composite_literal":
            type_node = node.child_by_field_name("type")
            body = node.child_by_field_name("body")
            if body is not None:
                self.literal(body, self.type_of_type(type_node) if type_node is not None else None)
        else:
            for child in node.named_children:
                self.visit(child)

    def type_switch(self, node: Any) -> None:
        self.scopes.append({})
        alias = node.child_by_field_name("alias")
        value = node.child_by_field_name("value")
        for child in node.named_children:
            if child.type in ("type_case", "default_case"):
                continue
            if child is not alias and child.type != "expression_list":
                self.visit(child)
        switched = self.type_of(value) if value is not None else None  # what `default:` and many-type cases see
        names = alias.named_children if alias is not None else []
        for case in node.named_children:
            if case.type not in ("type_case", "default_case"):
                continue
            self.scopes.append({})
            types = case.children_by_field_name("type")
            kind = self.type_of_type(types[0]) if len(types) == 1 else switched
            for name in names:
                self.bind(name, ("var", kind))
            for child in case.named_children:
                if child not in types:
                    self.visit(child)
            self.scopes.pop()
        self.scopes.pop()

    def range_or_receive(self, node: Any) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if right is not None:
            self.visit(right)
        if left is None:
            return
        declares = any(not child.is_named and child.type == ":=" for child in node.children)
        if not declares:
            self.visit(left)
            return
        names = left.named_children
        types: list[Type] = [None] * len(names)
        if node.type == "receive_statement":
            if right is not None and names:
                types[0] = self.type_of(right)
        elif right is not None:
            ranged = self.type_of(right)
            if ranged is not None and ranged[0] == "ptr":
                ranged = ranged[1]
            if ranged is not None and ranged[0] == "slice" and len(names) == 2:
                types[1] = ranged[1]
            elif ranged is not None and ranged[0] == "map":
                types[: len(names)] = [ranged[1], ranged[2]][: len(names)]
            elif ranged is not None and ranged[0] == "chan" and names:
                types[0] = ranged[1]
        for name, kind in zip(names, types):
            if name.type == "identifier":
                self.bind(name, ("var", kind))

    def check_selector(self, node: Any) -> None:
        operand = node.child_by_field_name("operand")
        field = node.child_by_field_name("field")
        if operand is None or field is None:
            return
        named = _named(self.type_of(operand))
        if named is None:
            return
        member = _text(field)
        if member not in self.program_members.get(named, ()):
            return  # the full program does not show this member on the type either
        names, open_ = self.file.members(named)
        if not open_ and member not in names:
            self.problems.append(Diagnostic(field.start_point.row + 1, "UnresolvedName",
                                            f"{member!r} is not a field or method of {named}"))

    def literal(self, body: Any, kind: Type) -> None:
        """A composite literal's body: keys of a struct type must be its fields; elided inner
        literals (`[]T{{...}}`, `map[K]V{{...}: {...}}`) have the element's type."""
        if kind is not None and kind[0] == "ptr":
            kind = kind[1]
        named = kind[1] if kind is not None and kind[0] == "named" else None
        struct_fields = self.file.fields(named) if named is not None else None
        element_type = kind[1] if kind is not None and kind[0] == "slice" else None
        for element in body.named_children:
            if element.type == "keyed_element":
                parts = [part for part in element.named_children if part.type == "literal_element"]
                if len(parts) != 2:
                    self.visit(element)
                    continue
                key, value = parts[0].named_children, parts[1].named_children
                if named is not None and key and key[0].type == "identifier":
                    self.check_key(key[0], named, struct_fields)
                elif key:
                    self.element(key[0], kind[1] if kind is not None and kind[0] == "map" else None)
                if value:
                    self.element(value[0], kind[2] if kind is not None and kind[0] == "map" else element_type)
            elif element.type == "literal_element":
                if element.named_children:
                    self.element(element.named_children[0], element_type)
            else:
                self.visit(element)

    def element(self, node: Any, kind: Type) -> None:
        if node.type == "literal_value":
            self.literal(node, kind)
        else:
            self.visit(node)

    def check_key(self, key: Any, named: str, struct_fields: set[str] | None) -> None:
        name = _text(key)
        if struct_fields is None or name in struct_fields or name not in self.program_fields.get(named, ()):
            return
        resolved = self.file.resolve(named)
        if resolved is not None and self.file.types[resolved].node.type == "struct_type":
            self.problems.append(Diagnostic(key.start_point.row + 1, "UnresolvedName",
                                            f"{name!r} is not a field of {named}"))


def _operator(node: Any) -> str:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else ""
