"""The default C and C++ checker: libclang (the `libclang` wheel), in process.

Each check reparses the program from memory (an unsaved file over an empty file on disk,
written once per checker) with a precompiled preamble, so the `#include` prefix of a program is
parsed once and reused while it does not change; translation units are kept per preamble, so a
state that lost an `#include` line does not throw away the full program's preamble. Results are
cached by program text.

What counts as an error (clang's own diagnostics, severity error or fatal, in the program's file):
- syntax: parse and lexical/preprocessor errors (`expected ';'`, unterminated `#if`, ...); fatal;
- unresolved names: a diagnostic that says a name has no declaration where it is used (undeclared
  identifier, unknown type name, call to an undeclared function, no member/type/template named
  X, undeclared label, no matching in-class declaration for an out-of-line definition, a
  variable of an incomplete (never defined) struct type, ...);
- constructs of a standard later than the configured one (`LaterStandard`; see standards.py):
  clang only warns that they are "a C++20 extension", where gcc at that standard may reject them.
Type errors (wrong argument types, bad conversions), access errors and warnings are not errors.

Bound to a program with `begin(program)` (the core does that before judging a program's states),
every clang error a state has and the program has not counts too (matched by message and the
text of its line, counted): deleting a line makes states that gcc rejects for more than a missing
name (`void value not ignored`, too few arguments once a parameter's declaration is gone, an
invalid initializer), and a state must be accepted wherever the program is. What the program
already has (a missing project header's names, a type error in a dataset's code) stays tolerated.

Speed: the preamble (the `#include` prefix) is precompiled once per prefix and reused by every
reparse. Header function bodies are parsed in full: a reparse instantiates the header templates
the program uses, so an error that only shows there (a class whose `serialize` member was
deleted while Boost.Serialization still calls it, a deleted `operator==` an algorithm needs) is
seen. Skipping them (`SkipFunctionBodies` limited to the preamble) was measured on ten Boost
programs: 1.2x faster in all, and 8 of 170 states it accepted were rejected by g++ (0 of 150
with bodies). Typo correction (`did you mean`) is off: it searches every name the headers
declare for each unknown name, and the diagnostics say the same without it.

An `#include` that cannot be found is replaced by an empty header, so the program is still
analysed: the errors that its missing declarations cause are the program's original errors,
which a checker bound to the program tolerates (and, unbound, `--tolerate-original-errors` by
key: messages hold no positions).

Still costly: every distinct `#include` prefix a path visits (each deleted `#include` line)
needs a new preamble, one parse of its headers (seconds for Boost.Geometry or Boost.Graph); the
checks that share a prefix then cost tens of milliseconds.
"""

from __future__ import annotations

import collections
import multiprocessing.util
import os
import re
import shutil
import subprocess
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from lintseq_x.plugins import Checker, CheckerUnavailable, Diagnostic, depth_exceeds

from .standards import UnknownStandard, configured_standard, later_extension_groups

# The parts of a message that hold a position (`(lambda at /tmp/x/state.cpp:3:5)`).
_POSITION = re.compile(r" at (?:[^\s():]+):\d+:\d+")

# clang diagnostics that mean "this name has no declaration here".
_UNRESOLVED = re.compile(
    "|".join(
        (
            r"^use of undeclared (identifier|label) ",
            r"^use of undeclared ",
            r"^unknown type name ",
            r"^unknown class name ",
            r"^call to undeclared (library )?function ",
            r"^implicit declaration of function ",
            r"^no (member|type|template) named ",
            r"^no namespace named ",
            r"^expected namespace name",
            r"^expected class name",
            r"^unknown template name ",
            r"^out-of-line definition of .* does not match any declaration",
            r"^member initializer .* does not name a non-static data member or base class",
            r"^.* does not name a type",
            # a struct used by value whose definition is gone (`struct S` alone declares it)
            r"\bincomplete (element |result |return |base )?(type|definition)\b",
            r"^.* is not a class, namespace, or enumeration",
            r"^.* is not a namespace",
            r"^.* is not a template",
            r"^.*; did you mean ",
            # a template whose definition is gone with its #include
            r"undefined template ",
            # a class whose overrider was deleted is still abstract: a declaration is missing
            r"abstract class",
            # an operator overload of a class that was deleted
            r"^invalid operands to binary expression \('(const )?(struct |class )?[A-Za-z_]",
            r"^cannot (increment|decrement) value of type '(const )?(struct |class )?[A-Za-z_]",
            r"^no viable overloaded ",
            r"^no matching constructor for initialization of ",
        )
    )
)

# A compile-time assertion that no longer holds (a deleted `return` in a constexpr function).
_STATIC_ASSERTION = re.compile(r"^static assertion|constant expression")

# The one C warning counted: an initializer for members that are no longer declared (gcc
# rejects the brace group that clang only warns about).
_MEMBERS_GONE = re.compile(r"^excess elements in (struct|union) initializer")

_SYNTAX_CATEGORIES = frozenset({"Parse Issue", "Lexical or Preprocessor Issue"})
# Semantic errors that are really about structure: a statement outside what it needs.
_STRUCTURAL = re.compile(r"not in (loop|switch)|not within a switch|outside of a (loop|switch)")
_NOT_FOUND = re.compile(r"^'(.+)' file not found")

_DRIVERS = {"c": ("cc", "gcc", "clang"), "c++": ("c++", "g++", "clang++")}
_SUFFIX = {"c": ".c", "c++": ".cpp"}

_PREAMBLE_LINE = re.compile(r"^\s*(#.*|//.*|/\*.*\*/\s*)?$")
_CACHE_SIZE = 8192
# clang's parser recurses, and libclang parses on a thread of its own with an 8 MiB stack that
# its crash recovery cannot save when it overflows: 1,400 nested casts or 2,560 nested template
# arguments kill the process. Programs nested deeper than this (in tree-sitter levels; 1,000
# casts are 1,006) are not given to clang: every state of them is fatal, and the core skips them.
CLANG_DEPTH = 1000
_TU_SLOTS = 3

# CXTranslationUnit flags the `clang.cindex` bindings do not name.
_CREATE_PREAMBLE_ON_FIRST_PARSE = 0x100
_IGNORE_NON_ERRORS_FROM_INCLUDED_FILES = 0x4000


class _Found(NamedTuple):
    """One clang error (or counted warning) in a program, before deciding whether it counts."""

    diagnostic: Diagnostic
    counted: bool  # counted on its own (syntax, unresolved names), bound to a program or not
    identity: tuple[str, str]  # (message, text of its line): what `begin` matches states by


@lru_cache(maxsize=None)
def system_include_dirs(language: str) -> tuple[str, ...]:
    """The system header search path of the installed C/C++ compiler, asked once."""
    for driver in _DRIVERS[language]:
        if shutil.which(driver) is None:
            continue
        try:
            done = subprocess.run(
                [driver, "-E", "-Wp,-v", "-x", language, os.devnull],
                capture_output=True, text=True, timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        dirs, inside = [], False
        for line in done.stderr.splitlines():
            if line.startswith("#include <...> search starts here"):
                inside = True
            elif line.startswith("End of search list"):
                break
            elif inside and line.startswith(" "):
                dirs.append(os.path.normpath(line.strip()))
        if dirs:
            return tuple(dirs)
    return ()


_index = None
_checkers: "weakref.WeakSet[ClangChecker]" = weakref.WeakSet()


def _clang_index():
    """One libclang index per process, shared by the C and C++ checkers."""
    global _index
    if _index is None:
        import clang.cindex as cindex

        _index = cindex.Index.create()
    _release_at_exit()
    return _index


_release_registered_in: int | None = None  # the process whose exit frees the units


def _release_at_exit() -> None:
    # Per process: a forked worker inherits the index and the checkers but not the parent's
    # exit handlers (multiprocessing clears them in the child).
    global _release_registered_in
    if _release_registered_in != os.getpid():
        _release_registered_in = os.getpid()
        _at_exit(_release, priority=20)


def _at_exit(function, *args, priority: int) -> None:
    """Run `function` when this process ends, pool workers included: they leave through
    multiprocessing's exit path, which skips `atexit`, and a translation unit left undisposed
    leaves its preamble (megabytes of .pch) in the temp folder. Higher priorities run first."""
    multiprocessing.util.Finalize(None, function, args, exitpriority=priority)


def _release() -> None:
    """Free translation units and the index while libclang is still loaded (their finalisers
    need it, and at interpreter teardown it may already be gone)."""
    global _index
    for checker in list(_checkers):
        checker._units.clear()
    _index = None


def _preamble_key(source: str) -> str:
    """The leading directives and comments: what clang's precompiled preamble covers (roughly;
    libclang itself decides whether a preamble still fits, this only picks a translation unit)."""
    kept: list[str] = []
    continued = in_comment = False  # a directive's `\` continuation; inside a `/* ... */`
    for line in source.split("\n"):
        rest = line
        if in_comment:
            end = rest.find("*/")
            if end < 0:
                kept.append(line)
                continue
            in_comment, rest = False, rest[end + 2:]
        if continued:
            continued = line.endswith("\\")
            kept.append(line)
            continue
        stripped = rest.strip()
        if stripped.startswith("/*") and "*/" not in stripped[2:]:
            in_comment = True  # a block comment that goes on over the next lines
        elif stripped.startswith("#"):
            continued = stripped.endswith("\\")
        elif not _PREAMBLE_LINE.match(rest):
            break
        kept.append(line)
    return "\n".join(kept)


def libclang_version() -> str:
    try:
        import importlib.metadata

        return "libclang " + importlib.metadata.version("libclang")
    except Exception:  # noqa: BLE001
        return "libclang unknown"


class ClangChecker(Checker):
    """Syntax errors and unresolved names, judged by clang's front end in process."""

    def __init__(self, language: str) -> None:
        if language not in _DRIVERS:
            raise ValueError(f"unknown clang language {language!r}")
        standard = configured_standard(language)
        try:
            later_groups = later_extension_groups(language, standard)
        except UnknownStandard as error:
            raise CheckerUnavailable(str(error)) from error
        try:
            import clang.cindex  # noqa: F401

            _clang_index()
        except Exception as error:  # noqa: BLE001 - an ImportError or a missing libclang.so
            raise CheckerUnavailable(f"libclang is not usable ({error}); pip install libclang") from error
        dirs = system_include_dirs(language)
        if not dirs:
            raise CheckerUnavailable(f"no C/C++ compiler ({', '.join(_DRIVERS[language])}) to find the system headers with")
        import clang.cindex as cindex

        self._cindex = cindex
        self.language = language
        self.name = "c-libclang" if language == "c" else "cpp-libclang"
        self.version = libclang_version()
        # A construct of a later standard is an error, as gcc at this standard may reject it.
        flags = ("-x", language, f"-std={standard}", *(f"-Werror={group}" for group in later_groups))
        # ... and clang names the group of such an error by its own subgroup (`-Wc++20-designator`)
        self._later_options = tuple(f"-W{group.removesuffix('extensions')}" for group in later_groups)
        self.settings = {
            "standard": standard,
            "flags": list(flags),
            "system_include_dirs": list(dirs),
            "preamble": "precompiled, header function bodies parsed",
            "max_depth": CLANG_DEPTH,
            "errors": [
                "syntax errors (fatal)",
                f"constructs of a standard later than {standard}",
                "unbound: unresolved names",
                "bound to a program (begin): every clang error the program does not have",
            ],
        }
        self._folder = tempfile.mkdtemp(prefix="lintseq-x-clang-")
        _at_exit(shutil.rmtree, self._folder, True, priority=10)
        self._missing_dir = os.path.join(self._folder, "missing")
        self._path = os.path.join(self._folder, "state" + _SUFFIX[language])
        with open(self._path, "w", encoding="utf-8"):
            pass  # clang reuses a preamble only for a main file that exists; its text comes from memory
        self._args = [
            *flags,
            "-ferror-limit=0",
            "-fno-spell-checking",
            "-nostdinc",
            *(["-nostdinc++"] if language == "c++" else []),
            *(arg for folder in dirs for arg in ("-isystem", folder)),
            "-idirafter", self._missing_dir,
        ]
        self._options = (
            cindex.TranslationUnit.PARSE_PRECOMPILED_PREAMBLE
            | _CREATE_PREAMBLE_ON_FIRST_PARSE
            | _IGNORE_NON_ERRORS_FROM_INCLUDED_FILES
        )
        self._headers: dict[str, str] = {}  # missing header path -> "" (an empty stand-in)
        self._units: OrderedDict[str, object] = OrderedDict()  # preamble key -> translation unit
        self._cache: OrderedDict[str, tuple[_Found, ...]] = OrderedDict()
        self._baseline: collections.Counter[tuple[str, str]] | None = None
        self._too_deep: Diagnostic | None = None
        self._tree_sitter = None  # for measuring a program's depth (begin), built on first use
        self.calls = 0  # clang parses, for measurements
        _checkers.add(self)

    def begin(self, program: str) -> None:
        """Judge the coming states against `program`: errors it has are tolerated in them, and
        every other clang error counts (see the module docstring)."""
        self._baseline = None
        self._too_deep = self._depth_problem(program)
        if self._too_deep is not None:
            return
        found = self._found(program)
        if any(f.diagnostic.fatal for f in found):
            return  # a program that does not parse is skipped by the core anyway
        self._baseline = collections.Counter(f.identity for f in found)

    def check(self, source: str) -> Sequence[Diagnostic]:
        if self._too_deep is not None:
            return (self._too_deep,)
        found = self._found(source)
        if self._baseline is None:
            return tuple(f.diagnostic for f in found if f.counted)
        fatal = tuple(f.diagnostic for f in found if f.diagnostic.fatal)
        if fatal:
            return fatal
        counts = collections.Counter(f.identity for f in found)
        return tuple(f.diagnostic for f in found if counts[f.identity] > self._baseline[f.identity])

    def _depth_problem(self, program: str) -> Diagnostic | None:
        """A fatal diagnostic when `program` is nested too deep for clang (see CLANG_DEPTH)."""
        if self._tree_sitter is None:
            import tree_sitter

            if self.language == "c":
                import tree_sitter_c as grammar
            else:
                import tree_sitter_cpp as grammar
            self._tree_sitter = tree_sitter.Parser(tree_sitter.Language(grammar.language()))
        if depth_exceeds(self._tree_sitter.parse(program.encode("utf-8")).root_node, CLANG_DEPTH):
            return Diagnostic(1, "TooDeep", f"nested more than {CLANG_DEPTH} syntax levels deep, beyond what clang parses safely", fatal=True)
        return None

    def _found(self, source: str) -> tuple[_Found, ...]:
        found = self._cache.get(source)
        if found is not None:
            self._cache.move_to_end(source)
            return found
        try:
            found = self._check(source)
        except Exception as error:  # noqa: BLE001 - check must not raise
            failure = Diagnostic(1, "ClangFailure", f"libclang could not parse the program: {error}", fatal=True)
            found = (_Found(failure, True, (failure.message, "")),)
        self._cache[source] = found
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return found

    def _parse(self, source: str):
        self.calls += 1
        key = _preamble_key(source)
        files = [(self._path, source), *self._headers.items()]
        unit = self._units.get(key)
        if unit is not None:
            self._units.move_to_end(key)
            unit.reparse(files, options=self._options)
            return unit
        unit = _clang_index().parse(self._path, args=self._args, unsaved_files=files, options=self._options)
        self._units[key] = unit
        if len(self._units) > _TU_SLOTS:
            self._units.popitem(last=False)
        return unit

    def _check(self, source: str) -> tuple[_Found, ...]:
        for _ in range(64):  # at most this many missing headers are stood in for, one at a time
            unit = self._parse(source)
            diagnostics = list(unit.diagnostics)
            missing = self._missing_header(diagnostics)
            if missing is None:
                return self._judge(diagnostics, source)
            self._headers[missing] = ""
            self._units.clear()  # the set of files changed: every preamble is stale
        return self._judge(diagnostics, source)

    def _missing_header(self, diagnostics) -> str | None:
        for diagnostic in diagnostics:
            match = _NOT_FOUND.match(diagnostic.spelling)
            if match is None or diagnostic.severity < 4:
                continue
            name = match.group(1)
            path = os.path.normpath(os.path.join(self._missing_dir, name))
            if os.path.isabs(name) or not path.startswith(self._missing_dir + os.sep) or path in self._headers:
                return None  # cannot stand in for it: the fatal error stays
            return path
        return None

    def _judge(self, diagnostics, source: str) -> tuple[_Found, ...]:
        lines = source.split("\n")
        line_count = max(1, source.count("\n") + (0 if source.endswith("\n") else 1))
        problems = []
        for diagnostic in diagnostics:
            message = _POSITION.sub("", diagnostic.spelling.replace(self._folder + os.sep, ""))
            if diagnostic.severity < 3 and not (diagnostic.severity == 2 and _MEMBERS_GONE.search(message)):
                continue  # notes and warnings
            category = diagnostic.category_name
            counted = True
            if diagnostic.severity >= 3 and diagnostic.option.startswith(self._later_options):
                code, fatal = "LaterStandard", False  # a promoted `is a C++20 extension` warning
            elif _UNRESOLVED.search(message) or _MEMBERS_GONE.search(message):
                code, fatal = "UnresolvedName", False
            elif _STATIC_ASSERTION.search(message):
                code, fatal = "StaticAssertion", False
            elif category in _SYNTAX_CATEGORIES or _STRUCTURAL.search(message) or diagnostic.severity >= 4:
                code, fatal = "SyntaxError", True
            else:
                # a type error or another semantic error: counted only where the program lacks it
                code, fatal, counted = "SemanticError", False, False
            line = self._line_of(diagnostic, line_count)
            text = lines[line - 1].strip() if self._in_main(diagnostic.location) and line <= len(lines) else "<header>"
            problems.append(_Found(Diagnostic(line, code, message, fatal=fatal), counted, (message, text)))
        problems.sort(key=lambda f: f.diagnostic.line)
        return tuple(problems)

    def _line_of(self, diagnostic, line_count: int) -> int:
        """The line to blame: for an unclosed bracket, the line that opened it."""
        for note in diagnostic.children:
            if note.spelling.startswith("to match this") and self._in_main(note.location):
                return min(note.location.line, line_count)
        if self._in_main(diagnostic.location):
            return max(1, min(diagnostic.location.line, line_count))
        return 1

    def _in_main(self, location) -> bool:
        return location.file is not None and location.file.name == self._path
