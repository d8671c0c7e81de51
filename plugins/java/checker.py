"""The Java checker: javac itself (javax.tools) in one long-lived JVM per worker.

`helper/JavacServer.java` is compiled once by `setup()` into a user cache
directory; each worker starts it once and sends it one JSON line per program. For each program
it runs a `JavacTask` on an in-memory source file named after the program's public class:
parse (errors there are fatal syntax errors), then enter, attribute and flow analysis
(`JavacTask.analyze()`), annotation processing off, no class files. It reports every error
javac finds; this module decides which of them count. A program in a package of the JDK itself
(a file of the OpenJDK sources: `package java.util;`) is compiled as the JDK compiles it,
patched into its module (`--patch-module java.base=...`), where it compiles whole; on its own it
would not ("package exists in another module"), and a state would be judged against a program
in which most names do not resolve. The judge (`JAVAC`, `javac_batch`) does the same.

What counts (see `JavaChecker.check`):
- syntax errors, always (fatal);
- on its own (no `begin`), every other javac error except type errors (`TYPE_ERRORS`: an
  incompatible type, an unreported checked exception, a method applied to the wrong argument
  types...) and imports of packages that are not installed (an external library is an external
  name: its import and the names it imports are fine);
- bound to a program with `begin(program)` (the core does that before judging a program's
  states), every javac error the state has and the program has not. Line deletion makes states
  that javac rejects in more ways than an unresolved name (a deleted `return` is a missing
  return statement, a deleted assignment an uninitialised variable, a deleted overload a type
  error); a state must be accepted by javac wherever the program is, so all of those count,
  while whatever the program already has (a type error in a dataset's code, a sibling class or a
  library that is not installed) stays tolerated. Errors are matched by code, message and the
  text of the line they are on, counted (a second occurrence is new).
"""

from __future__ import annotations

import collections
import hashlib
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from lintseq_x.plugins import (
    Checker, CheckerUnavailable, Diagnostic, ExternalTool, HelperProcess, exclusive_lock, toolchain,
)

HERE = Path(__file__).parent
SERVER_SOURCE = HERE / "helper" / "JavacServer.java"
SERVER_CLASS = "JavacServer"
# The helper calls CompilationUnitTree.getModule(), new in JDK 17 (`javac --release 16` rejects it).
MINIMUM_JDK = 17

# javac error codes that say a type is wrong, not that a name is missing or the program is
# malformed. Not errors on their own; errors in a state when the program does not have them.
TYPE_ERRORS = frozenset(
    "compiler.err." + code
    for code in (
        "prob.found.req",  # incompatible types (with its many fragments)
        "operator.cant.be.applied",
        "operator.cant.be.applied.1",
        "incomparable.types",
        "unreported.exception.need.to.catch.or.throw",
        "unreported.exception.default.constructor",
        "unreported.exception.implicit.close",
        "cant.deref",
        "array.req.but.found",
        "type.found.req",
        "cant.apply.symbol",
        "cant.apply.symbols",
        "cant.apply.diamond",
        "cant.apply.diamond.1",
        "illegal.initializer.for.type",
        "not.within.bounds",
        "invalid.mref",
        "incompatible.thrown",
        "override.meth",
        "override.static",
        "override.meth.doesnt.throw",
        "override.incompatible.ret",
        "override.weaker.access",
        "void.not.allowed.here",
        "neither.conditional.subtype",
        "types.incompatible",
        "illegal.generic.type.for.instof",
        "instanceof.reifiable.not.safe",
        "cant.inherit.from.final",
        "abstract.cant.be.instantiated",
        "not.encl.class",
        "non-static.cant.be.ref",
        "report.access",
        "not.def.public.cant.access",
        "not.def.access.class.intf.cant.access",
        "ref.ambiguous",
        "encl.class.required",
        "cant.ref.non.effectively.final.var",
        "local.var.accessed.from.icls.needs.final",
    )
)
# A package that is not installed (a library, or a sibling package of a real project's file).
EXTERNAL_PACKAGE = frozenset({"compiler.err.doesnt.exist", "compiler.err.package.in.other.module"})
_SYMBOL = re.compile(r"symbol:\s+class (\w+)")
_IMPORT = re.compile(r"^\s*import\s+(static\s+)?([\w.]+?)(\.\*)?\s*;")


class JavaUnavailable(CheckerUnavailable):
    """No JDK (java and javac) on PATH, or the helper could not be compiled."""


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/lintseq-x/java` (~/.cache): where setup() puts what the checker needs."""
    return toolchain.cache_dir("java")


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise JavaUnavailable(
            f"the Java checker needs {tool!r} on PATH (a JDK, {MINIMUM_JDK} or later: javax.tools and javac); "
            f"install one (Debian: openjdk-{MINIMUM_JDK}-jdk-headless)"
        )
    return found


def feature_release(version_line: str) -> int | None:
    """The JDK's feature release from the first line `java -version` prints
    (`openjdk version "17.0.15" 2025-04-15` -> 17; `java version "1.8.0_392"` -> 8)."""
    found = re.search(r'version "(\d+)(?:\.(\d+))?', version_line)
    if found is None:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def _require_release(java: str) -> None:
    release = feature_release(java_version(java))
    if release is not None and release < MINIMUM_JDK:
        raise JavaUnavailable(
            f"the Java checker needs a JDK {MINIMUM_JDK} or later (its helper uses javac's API of {MINIMUM_JDK}); "
            f"{java} is {java_version(java)}"
        )


@lru_cache(maxsize=None)
def java_version(java: str) -> str:
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise JavaUnavailable(f"cannot run {java!r}: {error}") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise JavaUnavailable(f"`{java} -version` failed: {said[-1] if said else f'exit {done.returncode}'}")
    first = (done.stderr or done.stdout).strip().splitlines()
    return first[0] if first else "unknown"


def _build_dir(java: str) -> Path:
    """One folder per helper source and JDK: a changed helper or JDK gets a fresh build."""
    digest = hashlib.sha256(SERVER_SOURCE.read_bytes() + java_version(java).encode()).hexdigest()[:16]
    return cache_dir() / digest


def setup(quiet: bool = False) -> Path:
    """Compile JavacServer.java with javac into the user cache, unless already there; return
    the class folder. Safe to run from several workers at once (a lock file serialises it)."""
    java, javac = _require("java"), _require("javac")
    _require_release(java)
    folder = _build_dir(java)
    target = folder / f"{SERVER_CLASS}.class"
    if target.is_file():
        return folder
    earlier = toolchain.earlier_failure(target)
    if earlier is not None:
        raise JavaUnavailable(earlier)
    toolchain.require_install_allowed("java", f"the Java checker's helper is not compiled ({SERVER_SOURCE.name}, once)")
    folder.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(folder / ".build.lock"):
        if target.is_file():
            return folder
        if not quiet:
            print(f"lintseq-x: compiling the Java checker helper ({SERVER_SOURCE.name}) with javac into {folder} (once)",
                  file=sys.stderr)
        staging = folder / "staging"
        staging.mkdir(exist_ok=True)
        command = [javac, "-nowarn", "-d", str(staging), str(SERVER_SOURCE)]
        failure = toolchain.run_logged(command, f"javac of the Java checker's helper ({SERVER_SOURCE.name})",
                                       folder / "javac.log")
        if failure is not None:
            raise JavaUnavailable(toolchain.remember_failure(target, failure))
        for built in staging.iterdir():  # the main class last: its presence means "built"
            if built.name != target.name:
                os.replace(built, folder / built.name)
        os.replace(staging / target.name, target)
        staging.rmdir()
    return folder




def _identity(diagnostic: Diagnostic, lines: list[str]) -> tuple[str, str, str]:
    text = lines[diagnostic.line - 1].strip() if 0 < diagnostic.line <= len(lines) else ""
    return diagnostic.code, diagnostic.message, text


def _external_names(diagnostics: tuple[Diagnostic, ...], lines: list[str]) -> tuple[set[int], set[str], bool]:
    """Lines of imports from packages that are not installed, the simple names they import,
    and whether one of them is an on-demand (`.*`) import."""
    rows: set[int] = set()
    names: set[str] = set()
    wildcard = False
    for diagnostic in diagnostics:
        if diagnostic.code not in EXTERNAL_PACKAGE or not 0 < diagnostic.line <= len(lines):
            continue
        match = _IMPORT.match(lines[diagnostic.line - 1])
        if match is None:
            continue
        rows.add(diagnostic.line)
        if match.group(3):
            wildcard = True
        else:
            names.add(match.group(2).rsplit(".", 1)[-1])
    return rows, names, wildcard


class JavaChecker(Checker):
    """javac's own parser and attribution, through a long-lived helper; see the module docstring."""

    name = "java-javac"

    def __init__(self, timeout: float = 60.0) -> None:
        java = _require("java")
        folder = setup()
        self.version = f"javac (javax.tools) of {java_version(java)}; helper {_build_dir(java).name}"
        self.settings = {
            "phases": "parse, enter, attribute, flow (JavacTask.analyze, -proc:none, should-stop.ifError=FLOW)",
            "errors": [
                "syntax errors (fatal)",
                "unbound: every javac error except type errors and imports of packages not installed",
                "bound to a program (begin): every javac error the program does not have",
            ],
            "context": "a file in a package of a JDK module is compiled patched into that module (--patch-module)",
        }
        # Started on the first check, not here: the main process builds a checker only to learn
        # that it can, and forked workers start their own helper anyway.
        self.helper = HelperProcess(
            [java, "-Xss16m", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", str(folder), SERVER_CLASS],
            name="java checker (javac helper)",
            timeout=timeout,
        )
        self._baseline: collections.Counter[tuple[str, str, str]] | None = None

    def begin(self, program: str) -> None:
        """Judge the coming states against `program`: errors it has are tolerated in them."""
        self._baseline = None
        found = self.helper.check(program)
        if any(d.fatal for d in found):
            return  # a program that does not parse is skipped by the core anyway
        lines = program.split("\n")
        self._baseline = collections.Counter(_identity(d, lines) for d in found)

    def check(self, source: str) -> tuple[Diagnostic, ...]:
        found = self.helper.check(source)
        fatal = tuple(d for d in found if d.fatal)
        if fatal:
            return fatal[:1]
        if not found:
            return ()
        lines = source.split("\n")
        if self._baseline is not None:
            counts = collections.Counter(_identity(d, lines) for d in found)
            return tuple(d for d in found if counts[_identity(d, lines)] > self._baseline[_identity(d, lines)])
        rows, names, wildcard = _external_names(found, lines)
        kept = []
        for diagnostic in found:
            if diagnostic.code in TYPE_ERRORS or diagnostic.line in rows:
                continue
            if diagnostic.code.startswith("compiler.err.cant.resolve"):
                symbol = _SYMBOL.search(diagnostic.message)
                if symbol and (symbol.group(1) in names or wildcard):
                    continue  # a class from a library that is not installed
            kept.append(diagnostic)
        return tuple(kept)


_PACKAGE = re.compile(r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*package\s+([\w.\s]+?)\s*;")


@lru_cache(maxsize=None)
def system_packages(java: str) -> dict[str, str]:
    """Package name -> the JDK system module that holds it (`java JavacBatch.java --packages`)."""
    done = subprocess.run([java, str(BATCH_SOURCE), "--packages"], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise JavaUnavailable(f"cannot list the JDK's packages: {done.stderr.strip()[-800:]}")
    return dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)


def package_of(source: str) -> str:
    """The package `source` declares ("" for the unnamed package), read from its text."""
    text = _COMMENT_OR_LITERAL.sub(lambda m: " " * len(m.group(0)), source)
    clause = _PACKAGE.match(text)
    return re.sub(r"\s", "", clause.group(1)) if clause else ""


class Javac(ExternalTool):
    """`javac -d <tmp> File.java`, the file named after its public class.

    A file of the JDK itself (its package is one of a system module's: `package java.util;`)
    does not compile on its own (javac: "package exists in another module", or its module's own
    packages "not visible"). It is compiled as the JDK compiles it, patched into that module
    (`--patch-module java.base=<its folder>`), which is also the context the checker judges it in.
    """

    def name_for(self, source: str) -> str:
        return public_class_file(source)

    def check(self, source: str) -> str | None:
        java = shutil.which("java")
        module = system_packages(java).get(package_of(source)) if java else None
        if module is None:
            return super().check(source)
        patched = ExternalTool(self.name, (self.argv[0], "--patch-module", f"{module}={{dir}}", *self.argv[1:]),
                               self.name_for(source), self.env, self.timeout)
        return patched.check(source)


_COMMENT_OR_LITERAL = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:\\.|[^\\])*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
_PUBLIC_TYPE = re.compile(r"\bpublic\s+(?:(?:abstract|final|static|strictfp|sealed|non-sealed)\s+|@\w+(?:\([^)]*\))?\s+)*"
                          r"(?:class|interface|enum|record|@\s*interface)\s+([A-Za-z_$][\w$]*)")


def public_class_file(source: str) -> str:
    """`Name.java` for the first public top-level type of `source`, else `Main.java` (written
    independently of the helper's scanner, in Python)."""
    text = _COMMENT_OR_LITERAL.sub(lambda m: " " * len(m.group(0)), source)
    depth = 0
    position = 0
    for match in _PUBLIC_TYPE.finditer(text):
        depth += text.count("{", position, match.start()) - text.count("}", position, match.start())
        position = match.start()
        if depth <= 0:
            return f"{match.group(1)}.java"
    return "Main.java"


JAVAC = Javac("javac", ("javac", "-proc:none", "-implicit:none", "-nowarn", "-encoding", "UTF-8", "-d", "{dir}/classes", "{file}"),
              file_name="Main.java")


BATCH_SOURCE = HERE / "helper" / "JavacBatch.java"


def javac_batch(sources: list[str], chunk: int = 400) -> list[str | None]:
    """javac's command line on each of `sources` (each compiled on its own, file named after its
    public class) in one JVM per `chunk` states: None where javac accepts a state, else what
    it said. For tests and benchmarks that judge thousands of states."""
    import tempfile

    java = _require("java")
    verdicts: list[str | None] = []
    for start in range(0, len(sources), chunk):
        part = sources[start:start + chunk]
        with tempfile.TemporaryDirectory(prefix="lintseq-x-javac-") as folder:
            dirs = []
            for number, source in enumerate(part):
                state_dir = Path(folder, str(number))
                state_dir.mkdir()
                (state_dir / public_class_file(source)).write_text(source, encoding="utf-8")
                dirs.append(str(state_dir))
            done = subprocess.run([java, str(BATCH_SOURCE), *dirs], capture_output=True, text=True, timeout=3600)
            if done.returncode != 0:
                raise RuntimeError(f"JavacBatch failed: {done.stderr[-1500:]}")
            said = {}
            for line in done.stdout.splitlines():
                status, _, rest = line.partition(" ")
                where, _, message = rest.partition(" ")
                said[where] = None if status == "ok" else message.replace("\\n", "\n").replace(where + "/", "")
            verdicts.extend(said[where] for where in dirs)
    return verdicts
