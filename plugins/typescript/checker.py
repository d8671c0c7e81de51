"""The TypeScript checker: typescript-estree + scope-manager in one long-lived node process per
worker, and `tsc` as the independent judge.

The npm packages are not vendored: `setup()` installs pinned versions into the same user cache
prefix as the JavaScript checker's (`$XDG_CACHE_HOME/lintseq-x/node`, one node_modules for both
helpers), on first use or when `lintseq-x setup typescript` asks. Node itself must be installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lintseq_x.plugins import Checker, CheckerUnavailable, Diagnostic, ExternalTool, HelperProcess, npm

TYPESCRIPT_VERSION = "5.9.3"
TYPESCRIPT_ESLINT_VERSION = "8.73.0"
# typescript-eslint 8.x runs on node ^18.18 || ^20.9 || >=21.1 and accepts typescript
# >=4.8.4 <6.1; typescript 5.9 is the last release of the JavaScript compiler line before 6/7.
PACKAGES = {
    "typescript": TYPESCRIPT_VERSION,
    "@typescript-eslint/typescript-estree": TYPESCRIPT_ESLINT_VERSION,
    "@typescript-eslint/scope-manager": TYPESCRIPT_ESLINT_VERSION,
}

HERE = Path(__file__).parent
CHECKER_SCRIPT = HERE / "checker.mjs"


class TypeScriptToolchainMissing(CheckerUnavailable):
    """node or npm is missing, or the npm packages could not be installed."""


def _require(tool: str, purpose: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise TypeScriptToolchainMissing(
            f"the TypeScript checker needs {tool!r} on PATH ({purpose}); install Node.js >= 18.18 "
            "(it ships npm)"
        )
    return found


def is_set_up(prefix: Path | None = None) -> bool:
    return npm.installed(PACKAGES, prefix or npm.cache_dir())


def setup(prefix: Path | None = None, quiet: bool = False) -> Path:
    """Install the pinned typescript, typescript-estree and scope-manager into the user cache
    (the JavaScript checker's: one node_modules for both) unless present; returns the prefix."""
    return npm.install_packages(PACKAGES, "TypeScript", TypeScriptToolchainMissing, prefix or npm.cache_dir(), quiet,
                            language="typescript")


class TypeScriptChecker(Checker):
    """Syntax (TypeScript's parser, through typescript-estree) and name resolution
    (scope-manager, type and value references alike); see checker.mjs for exactly what counts.

    `jsx`: parse JSX (.tsx files); `<T>value` casts are then syntax errors, as in tsc.
    After `begin(program)` the states are judged against that program: a name it declares is
    not external in any of its states.
    """

    name = "typescript-estree"
    jsx = False

    def __init__(self) -> None:
        node = _require("node", "it runs typescript-estree and scope-manager")
        prefix = setup()
        self.version = (
            f"typescript-estree {TYPESCRIPT_ESLINT_VERSION}; scope-manager {TYPESCRIPT_ESLINT_VERSION}; "
            f"typescript {TYPESCRIPT_VERSION}; node {npm.node_version(node, TypeScriptToolchainMissing)}"
        )
        self.settings = {
            "jsx": self.jsx,
            "source_type": "module",
            "errors": [
                "SyntaxError (every TypeScript parser diagnostic)",
                "UndefinedName (value or type declared in the program, not in scope)",
                "MissingImplementation (overloads without their implementation, tsc TS2391)",
                "MissingSuperCall (derived-class constructor without super(), tsc TS2377)",
            ],
        }
        self.helper = HelperProcess([node, str(CHECKER_SCRIPT), str(prefix)], name="typescript checker (node)")
        self._request: dict[str, object] = {"jsx": self.jsx}

    def begin(self, program: str) -> None:
        self._request = {"jsx": self.jsx}
        reply = self.helper.request(program, jsx=self.jsx, describe=True)
        names = reply.get("declared")
        if isinstance(names, list):
            self._request = {"jsx": self.jsx, "declared": names}

    def check(self, source: str) -> tuple[Diagnostic, ...]:
        return self.helper.check(source, **self._request)


class TsxChecker(TypeScriptChecker):
    name = "tsx-estree"
    jsx = True


# -- tsc, the independent judge ------------------------------------------------------------------

# tsc is a type checker; of what it reports, these are what this project calls errors (and what
# the checker above must never let through): syntax and grammar (TS1xxx), names that cannot be
# found or that are only a type / only a value, redeclarations, overloads without their
# implementation, a derived constructor without super(). Type errors (TS2322 and friends) are not.
NAME_AND_STRUCTURE_CODES = frozenset({
    2300,  # Duplicate identifier
    2304,  # Cannot find name
    2391,  # Function implementation is missing or not immediately following the declaration
    2389,  # Function implementation name must be ...
    2377,  # Constructors for derived classes must contain a 'super' call
    2451,  # Cannot redeclare block-scoped variable
    2503,  # Cannot find namespace
    2552,  # Cannot find name ... Did you mean
    2582, 2583, 2584,  # Cannot find name (needs a lib or @types)
    2686,  # refers to a UMD global
    2693,  # only refers to a type, but is being used as a value
    2749,  # refers to a value, but is being used as a type
    18004,  # No value exists in scope for the shorthand property
})
# TS1xxx codes that come from the type checker, not the grammar.
TYPE_CODES_IN_1XXX = frozenset({1345, 1360})


def counted(code: int) -> bool:
    return (1000 <= code < 2000 and code not in TYPE_CODES_IN_1XXX) or code in NAME_AND_STRUCTURE_CODES


TSC_OPTIONS = (
    "--noEmit", "--pretty", "false", "--target", "es2022", "--module", "esnext",
    "--moduleResolution", "bundler", "--moduleDetection", "force", "--lib", "es2022,dom,dom.iterable",
    "--jsx", "preserve", "--skipLibCheck",
)

_DIAGNOSTIC = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),(?P<col>\d+)\): error TS(?P<code>\d+): (?P<message>.*)$")


def tsc_command() -> list[str] | None:
    node = shutil.which("node")
    tsc = npm.cache_dir() / "node_modules" / "typescript" / "bin" / "tsc"
    if node is None or not tsc.is_file():
        return None
    return [node, str(tsc)]


def tsc_errors(files: Iterable[Path], cwd: Path) -> dict[str, list[str]]:
    """Run tsc once over `files`; the counted errors of each file, by file name (relative to
    `cwd`). Every file is its own module (`--moduleDetection force`), so they cannot clash."""
    command = tsc_command()
    if command is None:
        raise TypeScriptToolchainMissing("tsc is not installed: run `lintseq-x setup typescript` (needs node and npm)")
    names = [str(Path(path).relative_to(cwd)) for path in files]
    done = subprocess.run([*command, *TSC_OPTIONS, *names], cwd=cwd, capture_output=True, text=True, timeout=3600)
    found: dict[str, list[str]] = {name: [] for name in names}
    for line in done.stdout.splitlines():
        match = _DIAGNOSTIC.match(line)
        if match is None and line.startswith("error TS"):
            raise RuntimeError(f"tsc cannot run: {line}")  # an option or a file it cannot read
        if match and counted(int(match["code"])):
            found.setdefault(match["file"], []).append(f"line {match['line']}: TS{match['code']}: {match['message']}")
    return found


@dataclass(frozen=True)
class TscTool(ExternalTool):
    """`tsc --noEmit` on one state, counting only syntax, grammar and name errors (see `counted`)."""

    def available(self) -> str | None:
        return None if tsc_command() is not None else "tsc is not installed (run `lintseq-x setup typescript`)"

    def check(self, source: str) -> str | None:
        with tempfile.TemporaryDirectory(prefix="lintseq-x-tsc-") as folder:
            path = Path(folder, self.file_name)
            path.write_text(source, encoding="utf-8")
            try:
                errors = tsc_errors([path], Path(folder))[self.file_name]
            except subprocess.TimeoutExpired:
                return f"{self.name}: no answer"
        return f"{self.name}: " + " | ".join(errors[:4]) if errors else None


TSC = TscTool("tsc --noEmit (syntax and names)", ("tsc",), file_name="state.ts", env={})
TSC_TSX = TscTool("tsc --noEmit (syntax and names)", ("tsc",), file_name="state.tsx", env={})

__all__ = [
    "TSC", "TSC_TSX", "TsxChecker", "TypeScriptChecker", "TypeScriptToolchainMissing", "counted", "is_set_up",
    "setup", "tsc_errors",
]
