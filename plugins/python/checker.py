"""The Python checker: `ast.parse`, `compile()` and pyflakes, in process, on the source string."""

from __future__ import annotations

import ast
import re
import sys
import warnings
from collections.abc import Sequence

import pyflakes
from pyflakes import checker as pyflakes_checker
from pyflakes import messages

from lintseq_x.core.checker import Diagnostic

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


class PythonChecker:
    name = "python-pyflakes"
    version = f"pyflakes {pyflakes.__version__}; CPython {sys.version_info.major}.{sys.version_info.minor}"
    settings = {
        "syntax": "ast.parse + compile()",
        "errors": sorted(message.__name__ for message in ERROR_MESSAGES),
    }

    def check(self, source: str) -> Sequence[Diagnostic]:
        try:
            # Warnings (an invalid escape sequence) are not errors, whatever PYTHONWARNINGS says.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(source)
                # compile() finds what the parser accepts but the compiler rejects: return/yield/
                # await/break outside their block, nonlocal without a binding, duplicate arguments.
                compile(tree, "<state>", "exec", dont_inherit=True)
            found = pyflakes_checker.Checker(tree, filename="<state>", withDoctest=False).messages
        except SyntaxError as error:
            return (_syntax_diagnostic(error, source),)
        except (ValueError, MemoryError) as error:  # NUL bytes
            return (Diagnostic(1, "SyntaxError", str(error) or type(error).__name__, fatal=True),)
        except RecursionError:
            return (Diagnostic(1, "RecursionError", "too deeply nested for the checker", fatal=True),)
        return tuple(
            Diagnostic(message.lineno, type(message).__name__, message.message % message.message_args)
            for message in sorted(found, key=lambda m: (m.lineno, m.col))
            if isinstance(message, ERROR_MESSAGES)
        )


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
