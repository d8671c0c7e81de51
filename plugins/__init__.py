"""The public plugin API of lintseq-x, and the built-in language plugins beside it.

Every plugin, built-in or third-party, imports from this one module and nothing else:

    from lintseq_x.plugins import Language, StructureRules, hookimpl

    @hookimpl
    def register_languages(register):
        register(Language(name="lua", extensions=(".lua",), grammar="tree_sitter_lua", ...))

The built-in languages (python, javascript, go, c, cpp, rust, java, typescript) are the
subpackages of this package, registered through the `lintseq_x` entry-point group exactly as a
third party's are. docs/plugins.md documents every name exported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lintseq_x.core.algorithm.checker import Checker, CheckerUnavailable, Diagnostic
from lintseq_x.core.algorithm.language import (
    DecodedSource, Language, LanguageError, SourceDecodeError, decode_utf8, undecodable,
)
from lintseq_x.core.algorithm.structure import DEFAULT_CLOSING_TOKENS, StructureRules
from lintseq_x.core.algorithm.treesitter import captures, compiled_query
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.toolkit import npm, toolchain
from lintseq_x.core.toolkit.external_tools import ExternalTool
from lintseq_x.core.toolkit.helper_process import HelperProcess
from lintseq_x.core.toolkit.queries import QueryFileError, read_query
from lintseq_x.core.toolkit.rules import closed_by
from lintseq_x.core.toolkit.scope_checker import ScopeChecker, ScopeRules, depth_exceeds
from lintseq_x.core.toolkit.toolchain import exclusive_lock

if TYPE_CHECKING:
    from lintseq_x.core.plugin_system.conformance import ConformanceError, assert_conforms, registered

__all__ = [
    "DEFAULT_CLOSING_TOKENS", "Checker", "CheckerUnavailable", "ConformanceError", "DecodedSource", "Diagnostic",
    "ExternalTool", "HelperProcess", "Language", "LanguageError", "QueryFileError", "ScopeChecker", "ScopeRules",
    "SourceDecodeError", "StructureRules", "assert_conforms", "captures", "closed_by", "compiled_query",
    "decode_utf8", "depth_exceeds", "exclusive_lock", "hookimpl", "npm", "read_query", "registered", "toolchain",
    "undecodable",
]


def __getattr__(name: str) -> Any:
    # The conformance kit runs whole pipelines; a plugin's tests want it, its workers do not.
    if name in ("ConformanceError", "assert_conforms", "registered"):
        from lintseq_x.core.plugin_system import conformance

        return getattr(conformance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
