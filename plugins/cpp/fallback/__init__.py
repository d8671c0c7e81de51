"""C++'s pip-only fallback: scope analysis with C++'s locals query (queries/locals.scm, which
inherits C's), and the rules beyond names that overloads need (rules.py)."""

from __future__ import annotations

from pathlib import Path

from lintseq_x.plugins import ScopeRules, read_query
from lintseq_x.plugins.c.rules import C_TOPLEVEL

from .rules import CppFallbackRules

FALLBACK = ScopeRules(
    read_query(Path(__file__).parent.with_name("queries") / "locals.scm"),
    toplevel_types=C_TOPLEVEL | {
        "namespace_definition", "template_declaration", "class_specifier", "using_declaration",
        "alias_declaration", "static_assert_declaration", "concept_definition",
        "namespace_alias_definition", "template_instantiation", "explicit_function_specifier",
    },
    extra_check=CppFallbackRules,
    tolerate_unexpanded_macros=True,
)
