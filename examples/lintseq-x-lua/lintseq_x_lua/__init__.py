"""Lua for lintseq-x: tree-sitter-lua for structure, Lua 5.4 (via lupa) and scope analysis as judge.

The whole plugin is data handed to lintseq-x's tree-sitter defaults: structure rules, a locals
query for the core's scope checker, and a thin checker that adds Lua's own compiler.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lintseq_x.plugins import (
    DEFAULT_CLOSING_TOKENS, ExternalTool, Language, ScopeRules, StructureRules, hookimpl, read_query,
)

from .checker import LuaChecker

__version__ = "0.1.0"

STRUCTURE = StructureRules(
    # `[[long strings]]` span lines as one token; `--[[ block comments ]]` are one comment node.
    atomic_types=frozenset({"string"}),
    comment_types=frozenset({"comment"}),
    # Lua blocks may be empty (`if x then end` is valid), so no nonempty_types.
    body_types=frozenset({"block"}),
    # A line holding only `end` (or `end)`, `end,`) goes with the line that opened its block.
    closing_tokens=DEFAULT_CLOSING_TOKENS | {"end"},
)

SCOPES = ScopeRules(
    read_query(Path(__file__).with_name("queries") / "locals.scm"),
    # Lua locals are visible only after their declaration, in every kind of scope.
    ordered_scopes=frozenset(
        {"chunk", "block", "do_statement", "while_statement", "repeat_statement", "for_statement",
         "function_declaration", "function_definition"}
    ),
)


LUA = Language(
    name="lua",
    extensions=(".lua",),
    grammar="tree_sitter_lua",
    checker=LuaChecker,
    structure=STRUCTURE,
    lexer="lua",
    # Where lupa is missing: tree-sitter syntax and the scopes of queries/locals.scm alone.
    fallback=SCOPES,
    # `lintseq-x verify --strict`: the reference compiler, one process per state.
    tools=(ExternalTool("luac -p", ("luac", "-p", "{file}"), file_name="state.lua"),),
)


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(LUA)
