"""Judging the states of one program piece by piece: what a check of a long program costs.

The sampler judges hundreds of states of one program, each the program less a few lines. A whole
check parses, compiles and analyses every line of every state, so a path through a 10,000-line
program cost minutes. Here the states of the program given to `begin` are judged from pieces
that outlive one state:

- a state's lines are cut where the program's top-level statements start, and each piece
  (*chunk*) is parsed and compiled alone, once per distinct text. When every chunk compiles, so
  does the state, into the module whose body is the chunks' bodies in order: a chunk that
  compiles alone ends outside any bracket, string or line continuation, and begins at column 0,
  so joining two such chunks changes no token. Two things a chunk cannot see are excluded: a
  `from __future__` import (it must come first in the file, and it changes how the rest
  compiles) and a `global` statement at module level (the compiler rejects it after an
  assignment to the name elsewhere in the module). A chunk that does not compile alone, or
  either of those, sends the state to the whole check, which finds the same error as before;
- pyflakes runs on that module, built from the chunks' trees, but the body of a function or
  method defined at module or class level is analysed only when its text changed or when the
  bindings, in the scopes around it, of a name it mentions changed; otherwise its errors are the
  ones found last time (see `_Analysis`); not for a body that mentions a name some `global` or
  `nonlocal` statement of the state declares (it binds that name in the module while the
  functions run).

The states are matched to the program's lines by their text (the checker is told the program,
not which lines a state kept); any matching gives the same answers, since the answers are those
of the chunks' own texts, whichever of the program's lines they were matched to.
"""

from __future__ import annotations

import ast
import warnings
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pyflakes import checker as pyflakes_checker
from pyflakes import messages

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_OWN_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class Fallback(Exception):
    """The state must be judged whole."""


@dataclass(frozen=True)
class Chunk:
    """One chunk's text, compiled alone: its statements (parsed in the chunk's own line
    numbers) and its words, or None when it does not compile alone or cannot be joined."""

    body: list[ast.stmt] | None
    words: frozenset[str]
    lines: int
    declared: frozenset[str] = frozenset()  # the names of its `global` and `nonlocal` statements


@dataclass
class State:
    """A state cut into chunks: `starts[k]` is the 0-based state line where `chunks[k]` begins
    (a node at line r of a chunk is on state line start + r - 1), and `program_lines[i]` the
    program's line matched to state line i."""

    chunks: list[Chunk]
    starts: list[int]
    program_lines: list[int]

    def declared(self) -> frozenset[str]:
        return frozenset().union(*(chunk.declared for chunk in self.chunks))

    def module(self) -> tuple[ast.Module, dict[int, int]]:
        """The state's tree, and the start of the chunk of each top-level statement (by id)."""
        body: list[ast.stmt] = []
        starts: dict[int, int] = {}
        for chunk, start in zip(self.chunks, self.starts):
            for stmt in chunk.body or ():
                body.append(stmt)
                starts[id(stmt)] = start
        return ast.Module(body=body, type_ignores=[]), starts

    def state_line(self, program_line: int) -> int:
        """The 1-based line of the state that holds the program's 0-based `program_line`."""
        return bisect_left(self.program_lines, program_line) + 1


def _first_line(stmt: ast.stmt) -> int:
    """The 0-based line where `stmt` starts, its decorators included."""
    return min([stmt.lineno, *(decorator.lineno for decorator in getattr(stmt, "decorator_list", ()))]) - 1


class Program:
    """One program's lines, where its top-level statements start, and the chunks and function
    analyses its states have needed (bounded: the memory stays in proportion to the program)."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text = text
        self.parts = text.split("\n")  # lines without their "\n"; the last is "" after a final "\n"
        self.segment_starts = sorted({0, *map(_first_line, tree.body)})
        self.chunks: OrderedDict[tuple[int, ...], Chunk] = OrderedDict()
        self.chunk_lines = 0
        self.functions: OrderedDict[tuple[Any, ...], tuple[tuple[str, ...], tuple[Any, ...] | None, list[tuple[Any, int, int | None]]]] = OrderedDict()
        self.line_budget = 3 * len(self.parts) + 1000
        self.function_budget = 4 * len(tree.body) + 4096

    def state(self, source: str) -> State:
        """`source` cut into chunks; raises `Fallback` when it is not made of the program's lines
        or a chunk cannot be joined."""
        parts = source.split("\n")
        full, tail = parts[:-1], parts[-1]
        program_lines = _embedding(self.parts[:-1], full)
        if tail:
            # An unfinished last line is the program's own unfinished last line.
            if tail != self.parts[-1]:
                raise Fallback
            program_lines.append(len(self.parts) - 1)
        bounds = [bisect_left(program_lines, start) for start in self.segment_starts] + [len(program_lines)]
        chunks, starts = [], []
        for first, last in zip(bounds, bounds[1:]):
            if first == last:
                continue
            key = tuple(program_lines[first:last])
            chunk = self.chunks.get(key)
            if chunk is None:
                chunk = self._remember(key, _compile_chunk("\n".join(parts[first:last]) + ("\n" if last <= len(full) else "")))
            else:
                self.chunks.move_to_end(key)
            if chunk.body is None:
                raise Fallback
            chunks.append(chunk)
            starts.append(first)
        return State(chunks, starts, program_lines)

    def _remember(self, key: tuple[int, ...], chunk: Chunk) -> Chunk:
        self.chunks[key] = chunk
        self.chunk_lines += chunk.lines
        while self.chunk_lines > self.line_budget and len(self.chunks) > 1:
            _, dropped = self.chunks.popitem(last=False)
            self.chunk_lines -= dropped.lines
        return chunk


def _embedding(program: list[str], state: list[str]) -> list[int]:
    """The earliest program line matching each state line in order; `Fallback` if none.

    A state is a few runs of the program's lines: each run is found by one search and grown by
    comparing slices of doubling length, so the work stays in C. Any matching gives the same
    answers (see the module's docstring); how often chunks and function analyses carry over
    from state to state depends on it matching the lines' own."""
    found: list[int] = []
    position = 0
    index, count = 0, len(state)
    find = program.index
    try:
        while index < count:
            position = find(state[index], position)
            size = 1  # state[index:index + size] == program[position:position + size]
            step = 1
            while step:
                grown = size + step
                if index + grown <= count and state[index + size : index + grown] == program[position + size : position + grown]:
                    size = grown
                    step *= 2
                else:
                    step //= 2
            found.extend(range(position, position + size))
            index += size
            position += size
    except ValueError:
        raise Fallback from None
    return found


def _compile_chunk(text: str) -> Chunk:
    """A chunk of top-level statements, compiled alone."""
    tree, words, lines = _compiled(text)
    if tree is None:
        return Chunk(None, words, lines)
    if any(isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__" for stmt in tree.body):
        return Chunk(None, words, lines)
    if "global" in words and any(isinstance(node, ast.Global) for node in _scope_of(tree.body)):
        return Chunk(None, words, lines)
    return Chunk(tree.body, words, lines, _declared(tree, words))


def _compiled(text: str) -> tuple[ast.Module | None, frozenset[str], int]:
    from .checker import _names_in

    lines = text.count("\n") + 1
    words = _names_in(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
            compile(tree, "<state>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None, words, lines
    return tree, words, lines


def _declared(tree: ast.AST, words: frozenset[str]) -> frozenset[str]:
    """The names of the `global` and `nonlocal` statements in `tree`."""
    if "global" not in words and "nonlocal" not in words:
        return frozenset()
    return frozenset(name for node in ast.walk(tree) if isinstance(node, (ast.Global, ast.Nonlocal)) for name in node.names)


def _scope_of(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of `statements` in their own scope (not inside a function or class)."""
    pending: list[ast.AST] = list(statements)
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, _OWN_SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def _describe(binding: Any) -> Any:
    """What a function's analysis can read of a binding around it: whether there is one, of
    which kind (an annotation alone binds nothing), and for an import, of what (`typing`'s
    names change how strings are read)."""
    if not isinstance(binding, pyflakes_checker.Importation):
        return type(binding)
    return (type(binding), binding.fullName, getattr(binding, "module", None), getattr(binding, "real_name", None))


def analysis_class(base: type[pyflakes_checker.Checker]) -> type[pyflakes_checker.Checker]:
    """`base` (a pyflakes checker) analysing a `State`'s module, reusing the analyses of
    function bodies that `Program.functions` holds."""

    class _Analysis(base):  # type: ignore[misc, valid-type]
        """pyflakes defers each function body to the end of the module, then runs it with the
        scopes around it as the module left them. The body's errors depend on its own text and,
        for each name it can look up, on the bindings of that name in those scopes (which kind,
        and which import): the words of its text and of its string constants (annotations)
        cover those names. So a body whose text and bindings are the ones of an earlier
        analysis is not run again; its errors are the earlier ones (with the errors of functions
        nested in it). Errors are kept by the program's lines they are on."""

        def __init__(self, names: frozenset[str], program: Program, state: State) -> None:
            tree, self._chunk_start = state.module()
            self._program, self._state, self._declared = program, state, state.declared()
            self._owner: tuple[Any, ...] | None = None
            # Bodies analysed here: their words and signature, then their errors. They join
            # the program's memo only once the whole analysis has finished.
            self._analysed: dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[Any, ...], list[tuple[Any, int, int | None]]]] = {}
            self.located: dict[int, tuple[int, int | None]] = {}  # id(message) -> program lines
            super().__init__(tree, names)
            functions = program.functions
            functions.update(self._analysed)
            while len(functions) > program.function_budget:
                functions.popitem(last=False)

        def _program_line(self, node: Any) -> int:
            """The program's 0-based line of `node`, through the chunk its statement came from."""
            top, parents, offsets = node, self._parents, self._chunk_start
            while id(top) not in offsets:
                top = parents.get(top)
                if top is None:
                    raise Fallback
            return self._state.program_lines[offsets[id(top)] + node.lineno - 1]

        def report(self, messageClass: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N803
            from .checker import ERROR_MESSAGES

            super().report(messageClass, *args, **kwargs)
            if messageClass in ERROR_MESSAGES:
                message = self.messages[-1]
                # UndefinedLocal names the line of the binding it shadows: (loc, name, orig_loc)
                orig = args[2] if messageClass is messages.UndefinedLocal and args[2] is not None else None
                where = (self._program_line(args[0]), None if orig is None else self._program_line(orig))
                self.located[id(message)] = where
                if self._owner is not None:
                    self._analysed[self._owner][2].append((message, *where))

        def deferFunction(self, callable: Callable[[], None]) -> None:  # noqa: N802
            owner = self._owner
            if owner is None:
                super().deferFunction(callable)
            else:  # deferred inside a body being analysed: its errors are that body's
                super().deferFunction(lambda: self._run_as(owner, callable))

        def _run_as(self, owner: tuple[Any, ...], callable: Callable[[], None]) -> None:
            outer, self._owner = self._owner, owner
            try:
                callable()
            finally:
                self._owner = outer

        def LAMBDA(self, node: Any) -> None:  # noqa: N802
            super().LAMBDA(node)
            if not (self._owner is None and isinstance(node, _FUNCTIONS)):
                return
            if not all(isinstance(scope, (pyflakes_checker.ModuleScope, pyflakes_checker.ClassScope)) for scope in self.scopeStack):
                return
            # LAMBDA's last act deferred the body: run it through the memo instead.
            body, stack, offset = self._deferred.pop()
            first = self._program_line(node)
            span = self._state.program_lines
            at = self._state.state_line(first) - 1
            key = (tuple(span[at : at + node.end_lineno - node.lineno + 1]), node.col_offset, len(self.scopeStack))
            self._deferred.append((lambda: self._run_memoised(key, node, body), stack, offset))

        def _run_memoised(self, key: tuple[Any, ...], node: Any, body: Callable[[], None]) -> None:
            functions = self._program.functions
            known = functions.get(key)
            if known is None:
                words = _words_of(node)
                known = functions[key] = (words, None, [])
                while len(functions) > self._program.function_budget:
                    functions.popitem(last=False)
            else:
                functions.move_to_end(key)
            words = known[0]
            if not self._declared.isdisjoint(words):
                # A `global` or `nonlocal` statement (pyflakes treats both alike) binds its names
                # in the module while functions run, and withdraws their undefined-name errors
                # found so far: a body that mentions one is analysed, and not remembered.
                body()
                return
            signature = self._signature(words)
            if known[1] == signature:
                for message, *where in known[2]:
                    self.messages.append(message)
                    self.located[id(message)] = tuple(where)  # type: ignore[assignment]
                return
            self._analysed[key] = (words, signature, [])
            self._run_as(key, body)

        def _signature(self, words: tuple[str, ...]) -> tuple[Any, ...]:
            # A `from m import *` around the body turns its undefined names into ImportStarUsage
            # (not an error): whether each scope has one is part of what the body reads.
            starred = tuple(scope.importStarred for scope in self.scopeStack)
            return (starred, *[_describe(get(name)) for get in [scope.get for scope in self.scopeStack] for name in words])

    return _Analysis


def _words_of(node: ast.AST) -> tuple[str, ...]:
    """The names a function's analysis can look up: every identifier in it (names, attributes,
    parameters, `global` names, ...), and the words of its string constants as the parser reads
    them (an annotation `"\\x46oo"` names Foo), docstrings aside."""
    from .checker import _names_in

    words: set[str] = set()
    docstrings = {id(stmt.value) for stmt in ast.walk(node) if isinstance(stmt, ast.Expr)}
    for inner in ast.walk(node):
        for _, value in ast.iter_fields(inner):
            if isinstance(value, str):
                if isinstance(inner, ast.Constant):
                    if id(inner) not in docstrings:
                        words.update(_names_in(value))
                else:
                    words.add(value)
            elif isinstance(value, list) and value and isinstance(value[0], str):
                words.update(value)  # `global` and `nonlocal` names
    return tuple(sorted(words))
