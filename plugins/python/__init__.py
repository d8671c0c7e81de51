"""Python, the reference language: tree-sitter-python for structure, pyflakes for judgement."""

from __future__ import annotations

import sys
from collections.abc import Callable

from lintseq_x.plugins import ExternalTool, Language, StructureRules, hookimpl

from .checker import PythonChecker, compiles
from .decoding import decode_python_source
from .pylint_checker import register_checkers  # noqa: F401 - `--checker pylint`, through the hook

STRUCTURE = StructureRules(
    atomic_types=frozenset({"string", "concatenated_string"}),
    joiner_types=frozenset({"line_continuation"}),
    comment_types=frozenset({"comment"}),
    body_types=frozenset({"block"}),
    nonempty_types=frozenset({"block"}),
    required_children={
        "try_statement": frozenset({"except_clause", "except_group_clause", "finally_clause"}),
    },
    head_fields={"decorated_definition": "definition"},
)

PYTHON = Language(
    name="python",
    aliases=("py", "python3"),
    extensions=(".py", ".pyi"),
    grammar="tree_sitter_python",
    checker=PythonChecker,
    structure=STRUCTURE,
    fence_names=("python", "py", "python3"),
    independent_checks=(compiles,),
    lexer="python",
    tools=(ExternalTool("python -m py_compile", (sys.executable, "-m", "py_compile", "{file}"), file_name="state.py"),),
    decode_source=decode_python_source,
)


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(PYTHON)
