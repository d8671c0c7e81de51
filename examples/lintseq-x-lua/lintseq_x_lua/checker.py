"""Lua 5.4's own compiler, in process through lupa, plus the core's scope analysis.

`load(chunk)` compiles without running: it reports everything `luac -p` reports (syntax,
`break` outside a loop, a `goto` without a visible label, assignment to a `<const>`). Lua itself
accepts a reference to an undeclared name (it reads a global), so deleting `local x` leaves a
valid program that no longer means anything; the scope analysis (queries/locals.scm) flags those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lintseq_x.plugins import Checker, CheckerUnavailable, Diagnostic, ScopeChecker

# "state:12: 'end' expected (to close 'function' at line 3) near <eof>"
_MESSAGE = re.compile(r"^state:(\d+): (.*)$", re.DOTALL)
_AT_LINE = re.compile(r"at line (\d+)")


class LuaChecker(Checker):
    """Syntax and compile errors from Lua 5.4 (fatal), then unresolved locals."""

    name = "lua-5.4-load+scopes"

    def __init__(self) -> None:
        from . import LUA, SCOPES  # the language this checker belongs to (imported late: a cycle)

        try:
            import lupa
            from lupa import lua54
        except ImportError:
            raise CheckerUnavailable("lupa (Lua 5.4 in process) is not installed: pip install lupa") from None
        runtime = lua54.LuaRuntime(register_eval=False, register_builtins=False)
        self._load = runtime.eval("load")
        self._scopes = ScopeChecker("lua", LUA.parser, SCOPES)
        self.version = f"{runtime.eval('_VERSION')} via lupa {lupa.__version__}; {self._scopes.version}"
        self.settings = {"compile": "load(source, '=state', 't')", "scopes": "lintseq_x_lua/queries/locals.scm"}

    def begin(self, program: str) -> None:
        self._scopes.begin(program)

    def check(self, source: str) -> Sequence[Diagnostic]:
        # tree-sitter first: its error points at the broken construct, Lua's at where it noticed.
        found = tuple(self._scopes.check(source))
        if any(diagnostic.fatal for diagnostic in found):
            return found
        # lupa returns a lone value (the compiled function) on success, (nil, message) on failure.
        answer = self._load(source, "=state", "t")
        if not isinstance(answer, tuple):
            return found
        error = answer[1]
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        match = _MESSAGE.match(text)
        line, message = (int(match.group(1)), match.group(2)) if match else (1, text)
        # "(to close 'function' at line 3)", "break outside loop at line 4": the line named in
        # the message is the one to delete, not where the compiler noticed (often the end).
        named = _AT_LINE.search(message)
        if named:
            line = int(named.group(1))
        return (*found, Diagnostic(line, "LuaCompileError", message, fatal=True))
