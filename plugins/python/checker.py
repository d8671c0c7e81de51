"""The Python checker: `ast.parse`, `compile()` and pyflakes, in process, on the source string."""

from __future__ import annotations

import ast
import builtins
import functools
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Sequence
from typing import NamedTuple

import pyflakes
from pyflakes import checker as pyflakes_checker
from pyflakes import messages

from lintseq_x.plugins import Checker, Diagnostic

from .incremental import Fallback, Program, State, analysis_class

# Names that cannot resolve are errors; unused imports and variables are what intermediate
# programs naturally have, so they are not.
ERROR_MESSAGES: tuple[type[messages.Message], ...] = (
    messages.UndefinedName,
    messages.UndefinedLocal,
    messages.UndefinedExport,
)

# "expected an indented block after 'if' statement on line 3": the culprit is line 3, not the
# line where the parser noticed.
_ON_LINE = re.compile(r"\bon line (\d+)\b")
_WORD = re.compile(r"\w+")


class _NamesInSourceChecker(pyflakes_checker.Checker):
    """pyflakes, binding only the builtins whose names occur in the source.

    pyflakes binds every builtin (about 160) into the module scope of every program it checks;
    on the short states the sampler judges that costs more than the rest of the analysis. A
    builtin whose name never occurs in the text can be neither looked up nor rebound, so leaving
    it out changes no message, with one exception handled in `check`: a name assembled inside a
    string (`__all__ = ["pr" "int"]`, an annotation `"\\x69nt"`).
    """

    def __init__(self, tree: ast.AST, names: frozenset[str]) -> None:
        self._names_in_source = names
        super().__init__(tree, filename="<state>", withDoctest=False)

    @property
    def builtIns(self) -> frozenset[str]:  # noqa: N802 - pyflakes' attribute name
        return self._bound_builtins

    @builtIns.setter
    def builtIns(self, value: frozenset[str]) -> None:  # noqa: N802
        # pyflakes assigns the full set in __init__ and binds each of its members.
        self.all_builtins = value
        self._bound_builtins = value & self._names_in_source


_StateAnalysis = analysis_class(_NamesInSourceChecker)


def _names_in(source: str) -> frozenset[str]:
    """Every word of the source, as the parser will spell its identifiers (NFKC-normalised)."""
    if not source.isascii():
        source = unicodedata.normalize("NFKC", source)
    return frozenset(_WORD.findall(source))


class PythonChecker(Checker):
    name = "python-pyflakes"
    version = f"pyflakes {pyflakes.__version__}; CPython {sys.version_info.major}.{sys.version_info.minor}"
    settings = {
        "syntax": "ast.parse + compile()",
        "errors": sorted(message.__name__ for message in ERROR_MESSAGES),
    }

    _program: Program | None = None  # the program given to `begin` (a subclass may skip __init__)
    # Below this many lines a whole check costs less than cutting states into pieces: HumanEval's
    # programs (median 19 lines) took 35% longer in pieces; ~37 lines break even, ~75 gain 1.4x.
    incremental_from_lines = 40

    def __init__(self) -> None:
        self._last_facts: tuple[str, _ProgramFacts] | None = None

    def begin(self, program: str) -> None:
        """Learn the program whose states come next: they are judged from pieces that outlive
        one state (incremental.py), with the answers of a whole check."""
        if self._program is not None and self._program.text == program:
            return
        self._program = None
        if program.count("\n") < self.incremental_from_lines:
            return  # cheaper judged whole: its pieces would cost more than they save
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(program)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return  # its states are judged whole
        self._program = Program(program, tree)

    def check(self, source: str) -> Sequence[Diagnostic]:
        state = self._state(source)
        if state is not None:
            try:
                return self._check_state(source, state)
            except (Fallback, RecursionError):
                pass
        tree = self._compiled(source)
        if not isinstance(tree, ast.AST):
            return tree
        try:
            analysis = _NamesInSourceChecker(tree, _names_in(source))
        except RecursionError:
            return (Diagnostic(1, "RecursionError", "too deeply nested for the checker", fatal=True),)
        unbound = analysis.all_builtins - analysis.builtIns
        return tuple(
            Diagnostic(message.lineno, type(message).__name__, message.message % message.message_args)
            for message in sorted(analysis.messages, key=lambda m: (m.lineno, m.col))
            if isinstance(message, ERROR_MESSAGES) and not _names_unbound_builtin(message, unbound)
        )


    def _state(self, source: str) -> State | None:
        """`source` as chunks of the program given to `begin`, all of which compile; None when
        it must be judged whole."""
        if self._program is None:
            return None
        try:
            return self._program.state(source)
        except Fallback:
            return None

    def _check_state(self, source: str, state: State) -> tuple[Diagnostic, ...]:
        """`check` of a state whose chunks all compile: pyflakes on the module they make."""
        assert self._program is not None
        names = frozenset().union(*(chunk.words for chunk in state.chunks))
        analysis = _StateAnalysis(names, self._program, state)
        unbound = analysis.all_builtins - analysis.builtIns
        found = []
        for message in analysis.messages:
            if isinstance(message, ERROR_MESSAGES) and not _names_unbound_builtin(message, unbound):
                line, shadowed = analysis.located[id(message)]
                arguments = message.message_args
                if shadowed is not None:  # UndefinedLocal: (name, line of the binding it shadows)
                    arguments = (arguments[0], state.state_line(shadowed))
                text = message.message % arguments
                found.append((state.state_line(line), message.col, Diagnostic(state.state_line(line), type(message).__name__, text)))
        found.sort(key=lambda item: (item[0], item[1]))
        return tuple(diagnostic for _, _, diagnostic in found)

    def check_syntax(self, source: str) -> Sequence[Diagnostic]:
        """`check` without pyflakes: what the parser and the compiler reject."""
        if self._state(source) is not None:
            return ()
        tree = self._compiled(source)
        return () if isinstance(tree, ast.AST) else tree

    def declaring_lines(self, program: str) -> frozenset[int]:
        """The 0-based lines of `program` on which a name is bound, declared global or
        nonlocal, or deleted: the only lines whose deletion can leave a name of a clean state
        unresolved (pyflakes resolves a name to a binding, and the order of the bindings and
        uses that stay does not change). Every line, when the program does not parse."""
        return self._facts(program).declaring

    def dependent_lines(self, program: str) -> list[tuple[int, int]]:
        """(binding line, using line) pairs, 0-based, for each name `program` binds exactly once,
        with every line that loads it. Without that one binding, pyflakes finds none for the
        load (not in an enclosing scope, not a builtin) and reports it undefined. Left out, so
        that the promise holds: builtins and dunder names (found without the binding), names
        declared `global` or `nonlocal` or deleted, and whole programs with a star import (an
        unresolved name may come from it) or a `NameError` handler (pyflakes stays silent in
        one)."""
        return list(self._facts(program).dependents)

    def _facts(self, program: str) -> _ProgramFacts:
        # The core asks for both facts of the same program, one after the other: one parse.
        if self._last_facts is None or self._last_facts[0] != program:
            self._last_facts = (program, _program_facts(program))
        return self._last_facts[1]

    @staticmethod
    def _compiled(source: str) -> ast.AST | tuple[Diagnostic, ...]:
        """The parsed tree of `source`, once the compiler accepted it too; or its syntax error."""
        try:
            # Warnings (an invalid escape sequence) are not errors, whatever PYTHONWARNINGS says.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(source)
                # compile() finds what the parser accepts but the compiler rejects: return/yield/
                # await/break outside their block, nonlocal without a binding, duplicate arguments.
                compile(tree, "<state>", "exec", dont_inherit=True)
        except SyntaxError as error:
            return (_syntax_diagnostic(error, source),)
        except (ValueError, MemoryError) as error:  # NUL bytes
            return (Diagnostic(1, "SyntaxError", str(error) or type(error).__name__, fatal=True),)
        except RecursionError:
            return (Diagnostic(1, "RecursionError", "too deeply nested for the checker", fatal=True),)
        return tree


# Nodes that bind or declare names (besides a Name in a Store or Del context), for
# `declaring_lines`. Those that head a block bind on their first line; the others on their span.
_HEADED_BINDINGS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler)
_BINDINGS = tuple(
    kind for kind in (
        ast.Import, ast.ImportFrom, ast.alias, ast.Global, ast.Nonlocal, ast.arg, ast.MatchAs, ast.MatchStar,
        ast.MatchMapping, getattr(ast, "TypeAlias", None), getattr(ast, "TypeVar", None),
        getattr(ast, "ParamSpec", None), getattr(ast, "TypeVarTuple", None),
    ) if kind is not None
)


class _ProgramFacts(NamedTuple):
    declaring: frozenset[int]
    dependents: tuple[tuple[int, int], ...]


def _program_facts(program: str) -> _ProgramFacts:
    """`declaring_lines` and `dependent_lines` of `program`, from one walk of its tree."""
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return _ProgramFacts(frozenset(range(program.count("\n") + 1)), ())
    declaring: set[int] = set()
    bindings: dict[str, list[int]] = {}
    loads: dict[str, list[int]] = {}
    excluded: set[str] = set()
    star_import = False
    for node in ast.walk(tree):
        if isinstance(node, _HEADED_BINDINGS):  # the name is on the first line, not the body
            declaring.add(node.lineno - 1)
        elif isinstance(node, _BINDINGS) or (isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load)):
            declaring.update(range(node.lineno - 1, (node.end_lineno or node.lineno)))
        for name, line in _bound_names(node):
            star_import = star_import or name == "*"
            bindings.setdefault(name, []).append(line)
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loads.setdefault(node.id, []).append(node.lineno - 1)
            elif isinstance(node.ctx, ast.Del):
                excluded.add(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            excluded.update(node.names)
    if star_import or "NameError" in program:
        return _ProgramFacts(frozenset(declaring), ())
    found = _builtin_names()
    dependents = tuple(
        (lines[0], use)
        for name, lines in bindings.items()
        if len(lines) == 1 and name not in excluded and name not in found and not name.startswith("__")
        for use in loads.get(name, ())
    )
    return _ProgramFacts(frozenset(declaring), dependents)


@functools.cache
def _builtin_names() -> frozenset[str]:
    """The names pyflakes takes as defined everywhere (`WindowsError` and PYFLAKES_BUILTINS
    included), read once as pyflakes reads them."""
    extra = os.environ.get("PYFLAKES_BUILTINS")
    known = getattr(pyflakes_checker, "builtin_vars", frozenset(dir(builtins)) | {"WindowsError"})
    return frozenset(known) | frozenset(extra.split(",") if extra else ())


def _bound_names(node: ast.AST) -> list[tuple[str, int]]:
    """The names `node` itself binds (a Name in a Store context, a definition, a parameter,
    an import, an exception or a pattern capture), each with its 0-based line."""
    if isinstance(node, ast.Name):
        return [(node.id, node.lineno - 1)] if isinstance(node.ctx, ast.Store) else []
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [(node.name, node.lineno - 1)]
    if isinstance(node, ast.arg):
        return [(node.arg, node.lineno - 1)]
    if isinstance(node, ast.alias):
        # `import a.b` binds `a`; `from m import *` binds what m has, unknown here
        return [(node.asname or node.name.split(".")[0], node.lineno - 1)]
    if isinstance(node, ast.ExceptHandler):
        return [(node.name, node.lineno - 1)] if node.name else []
    if isinstance(node, (ast.MatchAs, ast.MatchStar)):
        return [(node.name, node.lineno - 1)] if node.name else []
    if isinstance(node, ast.MatchMapping):
        return [(node.rest, node.lineno - 1)] if node.rest else []
    name = getattr(node, "name", None)  # type parameters (3.12+): TypeVar, ParamSpec, TypeVarTuple
    if isinstance(name, str) and type(node).__name__ in ("TypeVar", "ParamSpec", "TypeVarTuple"):
        return [(name, node.lineno - 1)]
    return []


def _names_unbound_builtin(message: messages.Message, unbound: frozenset[str]) -> bool:
    """An undefined name or export that full pyflakes would have found among the builtins: a
    name built inside a string, which the word scan of the source cannot see."""
    return isinstance(message, (messages.UndefinedName, messages.UndefinedExport)) and message.message_args[0] in unbound


def _syntax_diagnostic(error: SyntaxError, source: str) -> Diagnostic:
    line = error.lineno or 1
    named = _ON_LINE.search(error.msg or "")
    if named:
        line = int(named.group(1))
    line_count = source.count("\n") + (0 if source.endswith("\n") else 1)
    line = max(1, min(line, max(1, line_count)))
    return Diagnostic(line, type(error).__name__, error.msg or "invalid syntax", fatal=True)


def compiles(source: str) -> str | None:
    """An independent judge for `verify`: does CPython's own compiler accept the program?"""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<state>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError) as error:
        return f"compile(): {type(error).__name__}: {error}"
    return None
