"""The Go checker: go/parser + go/types in one long-lived helper process per worker, and the Go
compiler itself (`go tool compile`) as the independent judge.

The helper is a small Go program (helper/main.go) that `setup()` builds with `go build` into
the user cache, once per helper source and Go version; the factory runs setup on first use.
Without `go` on PATH the factory raises `GoUnavailable` (a `CheckerUnavailable`).
"""

from __future__ import annotations

import collections
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lintseq_x.plugins import Checker, CheckerUnavailable, Diagnostic, ExternalTool, HelperProcess, toolchain

HERE = Path(__file__).parent
HELPER_SOURCE = HERE / "helper" / "main.go"

# Nothing the helper or the judge runs may reach the network or fetch a toolchain.
OFFLINE_ENV = {"GOPROXY": "off", "GOTOOLCHAIN": "local", "GOWORK": "off", "GOFLAGS": "", "CGO_ENABLED": "0"}


class GoUnavailable(CheckerUnavailable):
    """`go` is missing, or the helper could not be built."""


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/lintseq-x/go` (~/.cache): where setup() puts what the checker needs."""
    return toolchain.cache_dir("go")


def _go() -> str:
    found = shutil.which("go")
    if found is None:
        raise GoUnavailable(
            "the Go checker needs 'go' on PATH (it builds and runs a go/parser + go/types helper); "
            "install Go (Debian: apt-get install golang-go)"
        )
    return found


@lru_cache(maxsize=None)
def go_env(go: str, variable: str) -> str:
    try:
        result = subprocess.run([go, "env", variable], capture_output=True, text=True, timeout=60,
                                env={**os.environ, **OFFLINE_ENV})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GoUnavailable(f"cannot run {go!r}: {error}") from None
    if result.returncode != 0 or not result.stdout.strip():
        said = result.stderr.strip().splitlines()
        raise GoUnavailable(f"`{go} env {variable}` failed: {said[-1] if said else f'exit {result.returncode}'}")
    return result.stdout.strip()


def go_version(go: str) -> str:
    return go_env(go, "GOVERSION")


def helper_path(prefix: Path | None = None) -> Path:
    """The helper binary for this helper source and this Go version."""
    go = _go()
    digest = hashlib.sha256(HELPER_SOURCE.read_bytes() + go_version(go).encode()).hexdigest()[:16]
    return (prefix or cache_dir()) / f"go-checker-{digest}"


def setup(prefix: Path | None = None, quiet: bool = False) -> Path:
    """Build the helper (plugins/go/helper/main.go) with `go build` into the user cache, unless
    it is there already. Offline: the helper uses the standard library only. Returns its path."""
    target = helper_path(prefix)
    if target.is_file():
        return target
    go = _go()
    earlier = toolchain.earlier_failure(target)
    if earlier is not None:
        raise GoUnavailable(earlier)
    toolchain.require_install_allowed("go", "the Go checker's helper is not built (`go build`, once)")
    target.parent.mkdir(parents=True, exist_ok=True)
    if not quiet:
        print(f"lintseq-x: building the Go checker helper with `go build` into {target} (once)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="lintseq-x-go-build-", dir=target.parent) as work:
        shutil.copy(HELPER_SOURCE, Path(work, "main.go"))
        Path(work, "go.mod").write_text("module lintseq-x/go-checker\n\ngo 1.18\n", encoding="utf-8")
        partial = Path(work, "helper")
        command = [go, "build", "-trimpath", "-o", str(partial), "."]
        failure = toolchain.run_logged(command, "go build of the Go checker's helper", target.parent / "go-build.log",
                                       cwd=work, env={**os.environ, **OFFLINE_ENV})
        if failure is None and not partial.is_file():
            failure = f"go build of the Go checker's helper wrote no {partial.name}"
        if failure is not None:
            raise GoUnavailable(toolchain.remember_failure(target, failure))
        os.replace(partial, target)  # atomic: concurrent workers never see half a binary
    return target


class GoChecker(Checker):
    """Syntax (go/parser, fatal) and unresolved names (go/types) in one helper process.

    After `begin(program)` (the core calls it before judging a program's states) a name is
    unresolved only if `program` declares it: names it never declares are external (a sibling
    file of its package, a package that is not installed) and fine. Without `begin`, the
    checked source's own declarations play that part.

    `begin` also takes the program's own non-fatal errors as its baseline: a state is judged by
    the errors it adds. A real file can use at package level a name from a sibling file that it
    also declares locally (a type `g` from another file, and a local `g` in one function): the
    program itself then has "undeclared name: g" at that use, which is not the state's doing
    and would otherwise leave the whole file unprocessable. Errors are matched by code, message
    and the text of their line, counted (a second occurrence is new), as `go tool compile`
    would judge the file alone: by what it reports beyond what it reports for the program.
    """

    name = "go-types"

    def __init__(self) -> None:
        go = _go()
        binary = setup()
        self.version = f"go/parser + go/types ({go_version(go)}); helper {binary.name.rsplit('-', 1)[-1]}"
        self.settings = {
            "errors": [
                "SyntaxError (go/parser, fatal)",
                "UndefinedName (names, selectors, struct-literal keys and labels the program declares)",
                "BranchError (break/continue/goto/fallthrough)",
                "DirectiveError (//go:embed without import \"embed\", //go:linkname without import \"unsafe\" "
                "or without the function or variable it names, a bodyless function without its //go:linkname)",
            ],
            "baseline": "bound to a program (begin): errors the program itself has are tolerated, counted by code, message and line text",
            "imports": "standard library from the Go installation; others are accepted unresolved",
        }
        # Started on the first check, not here: the main process builds a checker only to learn
        # that it can; forked workers start their own.
        # The helper is built with -trimpath, which leaves it no GOROOT of its own: without this
        # its importer finds no standard library, fakes every std package, and accepts anything
        # done with their values.
        env = {**OFFLINE_ENV, "GOROOT": go_env(_go(), "GOROOT")}
        self.helper = HelperProcess([str(binary)], name="go checker (go/types)", env=env)
        self._request: dict[str, object] = {}
        self._baseline: collections.Counter[tuple[str, str, str]] = collections.Counter()
        self._program: str | None = None  # the program begin() bound, once its baseline is known
        self._dependents: list[tuple[int, int]] = []

    def begin(self, program: str) -> None:
        self._request = {}
        self._baseline = collections.Counter()
        self._program = None
        self._dependents = []
        reply = self.helper.request(program, describe=True)
        # Judged with its own declared names, which is what every later check sends: the
        # reply's errors are the baseline, without a second round trip.
        found = self.helper.diagnostics(reply)
        if any(d.fatal for d in found):
            return  # a program that does not parse is skipped by the core anyway
        self._request = {"declared": reply.get("declared") or []}
        lines = program.split("\n")
        self._baseline = collections.Counter(_identity(d, lines) for d in found)
        self._dependents = sorted({(int(owner), int(user)) for owner, user in reply.get("dependents") or ()})
        self._program = program

    def dependent_lines(self, program: str) -> list[tuple[int, int]]:
        """Each name the program declares once, with the lines of the uses go/types resolved to
        it (see `dependents` in the helper for what is left out)."""
        if program != self._program:
            self.begin(program)
        return list(self._dependents)

    def check(self, source: str) -> tuple[Diagnostic, ...]:
        if source == self._program:
            return ()  # its errors are the baseline: nothing beyond them
        found = self.helper.check(source, **self._request)
        if not self._baseline or not found or any(d.fatal for d in found):
            return found
        lines = source.split("\n")
        seen: collections.Counter[tuple[str, str, str]] = collections.Counter()
        added = []
        for diagnostic in found:
            key = _identity(diagnostic, lines)
            seen[key] += 1
            if seen[key] > self._baseline[key]:
                added.append(diagnostic)
        return tuple(added)


def _identity(diagnostic: Diagnostic, lines: list[str]) -> tuple[str, str, str]:
    text = lines[diagnostic.line - 1].strip() if 0 < diagnostic.line <= len(lines) else ""
    return diagnostic.code, diagnostic.message, text


# -- the independent judge: the Go compiler --------------------------------------------------

# What the compiler says that means a syntax error, an unresolved name or a directive without
# what it needs (the checker's kinds of error); everything else (types, unused names, missing
# returns, a missing `main`, imports it cannot find, the embed configuration only `go build`
# supplies) is not judged, as the checker does not judge it.
_RELEVANT = re.compile(
    r"syntax error|newline in string|not terminated|invalid character|illegal |invalid BOM"
    r"|: undefined: |undefined \((?:type .* )?has no (?:field or )?method |unknown field .* in struct literal"
    r"|label \S+ not defined|invalid (?:break|continue) label|is not in a loop|fallthrough|goto \S+ jumps"
    r"|only allowed in Go files that import|go:linkname must refer to declared|missing function body"
)
_LOCATION = re.compile(r"^(?:\./)?[^:\s]*\.go:(\d+)(?::\d+)?: (.*)$")


def compiler_errors(output: str) -> list[tuple[int, str]]:
    """(line, message) for each relevant error the compiler printed."""
    found = []
    for row in output.splitlines():
        match = _LOCATION.match(row.strip())
        if match and _RELEVANT.search(": " + match.group(2)):
            found.append((int(match.group(1)), match.group(2)))
    return found


@lru_cache(maxsize=None)
def std_importcfg(go: str) -> Path:
    """An importcfg naming the export data of every standard library package, made once with
    `go list -export std` (offline; it compiles into the Go build cache where needed)."""
    path = cache_dir() / f"importcfg-{go_version(go)}"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [go, "list", "-export", "-f", "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", "std"],
            capture_output=True, text=True, timeout=900, env={**os.environ, **OFFLINE_ENV},
        )
        if result.returncode != 0:
            raise GoUnavailable(f"`go list -export std` failed: {result.stderr.strip()[-800:]}")
        partial = path.with_suffix(f".{os.getpid()}")
        partial.write_text(result.stdout, encoding="utf-8")
        os.replace(partial, path)
    return path


@dataclass(frozen=True)
class GoCompilerTool(ExternalTool):
    """`go tool compile -e` (cmd/compile: its own parser and type checker, not go/parser and
    go/types) on one state, judged by the syntax and unresolved-name errors it reports."""

    def check(self, source: str) -> str | None:
        go = shutil.which("go")
        if go is None:
            return f"{self.name}: go is not installed"
        with tempfile.TemporaryDirectory(prefix="lintseq-x-tool-") as folder:
            path = Path(folder, "state.go")
            path.write_text(source, encoding="utf-8")
            # -complete: the file is the whole package, without assembly, as `go build` compiles
            # one (a function declared without a body is then an error).
            argv = [go, "tool", "compile", "-e", "-complete", "-p", "main", "-importcfg", str(std_importcfg(go)),
                    "-o", str(Path(folder, "state.o")), str(path)]
            try:
                done = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=self.timeout,
                                      env={**os.environ, **OFFLINE_ENV})
            except subprocess.TimeoutExpired:
                return f"{self.name}: no answer within {self.timeout:g} s"
        if done.returncode == 0:
            return None
        errors = compiler_errors((done.stdout + "\n" + done.stderr).replace(folder + "/", ""))
        if not errors:
            return None
        return f"{self.name}: " + " | ".join(f"line {line}: {message}" for line, message in errors[:4])


COMPILER = GoCompilerTool("go tool compile -e (syntax and names)", ("go",))
GOFMT = ExternalTool("gofmt -e", ("gofmt", "-e", "-l", "{file}"), file_name="state.go")
