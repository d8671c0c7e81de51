"""Go's pip-only fallback: scope analysis with queries/locals.scm, and the checks beyond names
that Go needs: typed selectors (selectors.py) and compiler directives (directives.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lintseq_x.plugins import Diagnostic, ScopeRules, read_query

from .directives import DirectiveCheck


class GoExtraChecks:
    """The fallback's Go checks beyond names: typed selectors and directives."""

    def __init__(self) -> None:
        from .selectors import SelectorCheck  # a small type inferencer: only runs that use the fallback load it

        self._checks = (SelectorCheck(), DirectiveCheck())

    def begin(self, root: Any, source: bytes) -> None:
        for check in self._checks:
            check.begin(root, source)

    def check(self, root: Any, source: bytes) -> list[Diagnostic]:
        return [problem for check in self._checks for problem in check.check(root, source)]


FALLBACK = ScopeRules(
    read_query(Path(__file__).parent.with_name("queries") / "locals.scm"),
    toplevel_types=frozenset({
        "package_clause", "import_declaration", "function_declaration", "method_declaration",
        "type_declaration", "var_declaration", "const_declaration", "comment",
    }),
    # Inside functions a declaration is visible from where it is made; at package level, anywhere.
    ordered_scopes=frozenset({
        "function_declaration", "method_declaration", "func_literal", "block", "if_statement", "for_statement",
        "expression_switch_statement", "type_switch_statement", "select_statement", "expression_case",
        "default_case", "type_case", "communication_case",
    }),
    # Selectors on values of a type the file declares: the member must be that type's, which
    # names alone cannot tell when another type has one of that name. Directives that need an
    # import or name a function.
    extra_check=GoExtraChecks,
)
