"""What a language plugin hands to lintseq-x: everything the core needs, nothing it must know."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checker import Checker
from .structure import Structure, StructureRules, build_structure, split_lines

if TYPE_CHECKING:  # a language names its toolkit pieces; the algorithm never runs them
    from ..toolkit.external_tools import ExternalTool
    from ..toolkit.scope_checker import ScopeRules

_NAME = re.compile(r"^[a-z][a-z0-9_+-]*$")
_GRAMMAR_NAME = re.compile(r"^[A-Za-z_][\w.]*(:[A-Za-z_]\w*)?$")
DEFAULT_CORPUS = "corpus"


def is_valid_name(name: object) -> bool:
    """Language names, aliases and checker names: lowercase letters, digits, _+-."""
    return isinstance(name, str) and _NAME.match(name) is not None


def spellings(name: str) -> tuple[str, ...]:
    """The registered names that a dataset's spelling of a language may stand for, most literal
    first: trimmed and lower-cased (`" Python "` -> `python`), then with the symbols that names
    cannot hold spelled out (`C#` -> `csharp`, `C++` -> `cpp`)."""
    literal = name.strip().lower()
    spelled_out = literal.replace("#", "sharp").replace("++", "pp")
    return (literal, spelled_out) if spelled_out != literal else (literal,)


def _installed_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class LanguageError(ValueError):
    """A language description is malformed."""


class SourceDecodeError(ValueError):
    """A source file's bytes are not text in the encoding its language gives them: `what` is
    the kind of problem (`not UTF-8 text`), `detail` names the byte or the cause."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"{what}: {detail}")
        self.what, self.detail = what, detail


@dataclass(frozen=True)
class DecodedSource:
    """A source file's text and the encoding that turns it back into the file's exact bytes.

    A leading UTF-8 byte-order mark stays in `text` as U+FEFF (the pipeline records it as
    `byte_order_mark`); `encoding` is a Python codec name (`utf-8`, `iso-8859-1`).
    """

    text: str
    encoding: str


def undecodable(error: UnicodeDecodeError, encoding: str) -> SourceDecodeError:
    """Why a file's bytes are not text in `encoding`, naming the first bad byte."""
    byte = error.object[error.start]
    return SourceDecodeError(f"not {encoding} text", f"byte 0x{byte:02x} at offset {error.start} cannot be decoded ({error.reason})")


def decode_utf8(data: bytes) -> DecodedSource:
    """The default decoding of a source file: UTF-8, with or without a byte-order mark."""
    try:
        return DecodedSource(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        raise undecodable(error, "UTF-8") from None


def decode_source_file(language: Language, data: bytes) -> DecodedSource:
    """A source file's bytes as `language` defines its files' text, checked to give back the
    exact bytes: a decoding that could not rebuild them raises `SourceDecodeError`."""
    try:
        decoded = language.decode_source(data)
    except SourceDecodeError:
        raise
    except Exception as error:  # noqa: BLE001 - plugin code: its fault is the record's reason, not the run's end
        raise SourceDecodeError("cannot decode", f"{language.name}'s decode_source raised {type(error).__name__}: {error}") from None
    if not isinstance(decoded, DecodedSource):
        raise SourceDecodeError("cannot decode", f"{language.name}'s decode_source returned {type(decoded).__name__}, not a DecodedSource")
    try:
        exact = decoded.text.encode(decoded.encoding) == data
    except (UnicodeEncodeError, LookupError):
        exact = False
    if not exact:
        raise SourceDecodeError(f"not {decoded.encoding} text", "decoded, it would not encode back to the same bytes")
    return decoded


@dataclass(frozen=True, eq=False)
class Language:
    """A language as registered by a plugin.

    name: the id used on the command line and in records (`python`).
    extensions: file name endings, with the dot (`.py`).
    grammar: the grammar's Python module (`"tree_sitter_python"`, whose `language()` is
        called), or `"module:function"` (`"tree_sitter_typescript:language_tsx"`), or a
        function returning the tree-sitter `Language`; imported and called once per process,
        on first use.
    checker: returns a new `Checker`; each worker process builds its own.
    structure: the tree-sitter node types that shape units and dependents.
    aliases: other names accepted by `--lang`.
    fence_names: markdown fence tags whose blocks hold this language's code
        (default: the name and aliases).
    corpus: a directory of sample programs, run when no input is given; a relative path is
        taken from the folder of the module that describes the language (default: its
        `corpus` folder, where there is one); None: no sample programs.
    independent_checks: extra judges that `lintseq-x verify` applies to every state, each
        returning an error message or None; they must not share code with `checker`.
    lexer: the Pygments lexer name for `lintseq-x show` (default: the name).
    grammar_package: the distribution that ships the grammar, whose version is recorded in
        every output record: units depend on the grammar (default, for a grammar named by its
        module: the module's distribution, `tree_sitter_python` -> `tree-sitter-python`).
    fallback: scope rules for the pip-only fallback checker, used where `checker` raises
        `CheckerUnavailable` (a toolchain is missing) or when asked for with `--checker`.
    tools: the language's real command-line tools, run on every state by `verify --strict`.
    setup: installs what the checker needs (npm packages into a user cache, say); run by
        `lintseq-x setup <language>`.
    decode_source: turns a source file's bytes into its text, as the language defines its
        files' encoding (default: UTF-8 with an optional byte-order mark); raises
        `SourceDecodeError` for bytes that are not such text. Table inputs hold text already.
    """

    name: str
    extensions: tuple[str, ...]
    grammar: str | Callable[[], Any]
    checker: Callable[[], Checker]
    structure: StructureRules = field(default_factory=StructureRules)
    aliases: tuple[str, ...] = ()
    fence_names: tuple[str, ...] = ()
    corpus: Path | str | None = DEFAULT_CORPUS
    independent_checks: tuple[Callable[[str], str | None], ...] = ()
    lexer: str | None = None
    grammar_package: str | None = None
    fallback: ScopeRules | None = None
    tools: tuple[ExternalTool, ...] = ()
    setup: Callable[[], None] | None = None
    decode_source: Callable[[bytes], DecodedSource] = decode_utf8

    def __post_init__(self) -> None:
        for name in (self.name, *self.aliases):
            if not is_valid_name(name):
                raise LanguageError(f"invalid language name or alias {name!r} (lowercase letters, digits, _+-)")
        for ext in self.extensions:
            if not isinstance(ext, str) or not ext.startswith("."):
                raise LanguageError(f"{self.name}: extension {ext!r} must start with a dot")
        if not (callable(self.grammar) or _GRAMMAR_NAME.match(str(self.grammar))):
            raise LanguageError(f"{self.name}: grammar must be a module name (`tree_sitter_x`, `module:function`) or a callable")
        if not callable(self.checker) or not callable(self.decode_source):
            raise LanguageError(f"{self.name}: checker and decode_source must be callables")
        if not isinstance(self.structure, StructureRules):
            raise LanguageError(f"{self.name}: structure must be a StructureRules")
        if isinstance(self.grammar, str) and self.grammar_package is None:
            object.__setattr__(self, "grammar_package", self.grammar.split(".")[0].split(":")[0].replace("_", "-"))
        object.__setattr__(self, "corpus", _corpus_folder(self.name, self.corpus, _describing_module(depth=3)))

    @property
    def fences(self) -> tuple[str, ...]:
        return self.fence_names or (self.name, *self.aliases)

    def parses(self, source: str) -> bool:
        """Whether the grammar reads `source` without an error or a missing node: a cheap,
        checker-free judgement of whether a text is code in this language at all."""
        return not self.parser.parse(source.encode("utf-8", "surrogatepass")).root_node.has_error

    @cached_property
    def parser_versions(self) -> dict[str, str]:
        """The tree-sitter and grammar versions that shaped this language's units."""
        versions = {"tree_sitter": _installed_version("tree-sitter")}
        if self.grammar_package:
            versions["grammar"] = f"{self.grammar_package} {_installed_version(self.grammar_package)}"
        return versions

    @cached_property
    def parser(self) -> Any:
        import tree_sitter

        grammar = _load_grammar(self.grammar)
        if not isinstance(grammar, tree_sitter.Language):
            grammar = tree_sitter.Language(grammar)
        return tree_sitter.Parser(grammar)

    def structure_of(self, source: str) -> Structure:
        """Parse `source` (newlines already normalised to `\\n`) into units and dependents."""
        lines = split_lines(source)
        tree = self.parser.parse(source.encode("utf-8"))
        return build_structure(lines, tree, self.structure)


def _load_grammar(grammar: str | Callable[[], Any]) -> Any:
    if callable(grammar):
        return grammar()
    module, _, function = grammar.partition(":")
    return getattr(importlib.import_module(module), function or "language")()


def _describing_module(depth: int) -> Path | None:
    """The folder of the module whose code called `Language(...)`, `depth` frames up from the
    caller of this function: plugins describe their language at module level, beside their
    `corpus` and `queries` folders."""
    file = sys._getframe(depth).f_globals.get("__file__")
    return Path(file).parent if file else None


def _corpus_folder(name: str, corpus: Path | str | None, beside: Path | None) -> Path | None:
    if corpus is None:
        return None
    folder = Path(corpus)
    if not folder.is_absolute() and beside is not None:
        folder = beside / folder
    if folder.is_dir():
        return folder
    if corpus == DEFAULT_CORPUS:
        return None  # the default, where the plugin ships no sample programs
    raise LanguageError(f"{name}: corpus {corpus} is not a directory")
