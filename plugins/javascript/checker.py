"""The JavaScript checker: espree + eslint-scope in one long-lived node process per worker.

The npm packages are not vendored: `setup()` installs pinned versions into a user cache
directory on first use (or when `lintseq-x setup javascript` asks), and the helper loads them
from there. Node itself must be installed; without node or npm the factory raises
`NodeUnavailable`, a `CheckerUnavailable`, naming what is missing.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from lintseq_x.plugins import Checker, CheckerUnavailable, Diagnostic, ExternalTool, HelperProcess, npm, toolchain

ESPREE_VERSION = "10.4.0"
ESLINT_SCOPE_VERSION = "8.4.0"
# 10.x / 8.x rather than 11.x / 9.x: same ECMAScript 2025 coverage as node 20-24 parse, and
# they run on node >= 18.18 instead of >= 20.19.
PACKAGES = {"espree": ESPREE_VERSION, "eslint-scope": ESLINT_SCOPE_VERSION}
# What the independent judge (`node_check`) needs for JSX, which V8 cannot parse: TypeScript's
# parser (not acorn, which espree is built on) reads it, and lowers it for V8. The same pin as
# the TypeScript plugin's: both install into one prefix, where two pins would replace each other.
JUDGE_PACKAGES = {"typescript": "5.9.3"}

HERE = Path(__file__).parent
CHECKER_SCRIPT = HERE / "checker.mjs"
JUDGE_SCRIPT = HERE / "v8check.mjs"


class NodeUnavailable(CheckerUnavailable):
    """node or npm is missing, or the npm packages could not be installed."""


def is_set_up(prefix: Path | None = None) -> bool:
    return npm.installed({**PACKAGES, **JUDGE_PACKAGES}, prefix or npm.cache_dir())


def _require(tool: str, purpose: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise NodeUnavailable(
            f"the JavaScript checker needs {tool!r} on PATH ({purpose}); install Node.js >= 18.18 "
            "(it ships npm)"
        )
    return found


def setup(prefix: Path | None = None, quiet: bool = False) -> Path:
    """Install the pinned espree and eslint-scope (the checker's), and typescript (the JSX
    parser of `verify`'s judge), into the user cache unless present; returns the prefix.
    Raises NodeUnavailable if npm is missing or the install fails."""
    return npm.install_packages({**PACKAGES, **JUDGE_PACKAGES}, "JavaScript", NodeUnavailable, prefix or npm.cache_dir(), quiet)


class JavaScriptChecker(Checker):
    """Syntax (espree, with acorn's early errors) and scope resolution (eslint-scope).

    `mode`: "auto" parses as an ES module, then as a script if that fails; "module" or
    "script" force one. After `begin(program)` (the core calls it before judging a program's
    states) the states are judged against that program: see `begin`.
    """

    name = "javascript-espree"

    def __init__(self, mode: str = "auto") -> None:
        if mode not in ("auto", "module", "script"):
            raise ValueError(f"mode must be auto, module or script, not {mode!r}")
        node = _require("node", "it runs espree and eslint-scope")
        prefix = setup()
        self.mode = mode
        self.version = f"espree {ESPREE_VERSION}; eslint-scope {ESLINT_SCOPE_VERSION}; node {npm.node_version(node, NodeUnavailable)}"
        self.settings = {
            "mode": mode,
            "ecma_version": "latest",
            "jsx": True,
            "errors": ["SyntaxError (with early errors)", "UndefinedName (declared in the program, not in scope)"],
        }
        # Started on the first check, not here: the main process builds a checker only to learn
        # that it can, and forked workers start their own helper anyway.
        self.helper = HelperProcess([node, str(CHECKER_SCRIPT), str(prefix)], name="javascript checker (node)")
        self._request: dict[str, object] = {"mode": mode}

    def begin(self, program: str) -> None:
        """Judge the coming states against `program`.

        A name that `program` declares is not external in any of its states (deleting
        `function helper` makes the remaining `helper()` calls errors, as pyflakes makes them
        in Python), and the states are parsed the way `program` parses, module or script, so a
        module's state never passes only as a sloppy-mode script. A program that does not
        parse binds nothing.
        """
        self._request = {"mode": self.mode}
        reply = self.helper.request(program, mode=self.mode, describe=True)
        names = reply.get("declared")
        if isinstance(names, list) and reply.get("mode") in ("module", "script"):
            self._request = {"mode": reply["mode"], "declared": names}

    def check(self, source: str) -> tuple[Diagnostic, ...]:
        return self.helper.check(source, **self._request)


_judge: HelperProcess | None = None


def _judge_process() -> HelperProcess | None:
    """The judge's node process (started once per process), or None without node."""
    global _judge
    if _judge is None:
        node = shutil.which("node")
        if node is None:
            return None
        _judge = HelperProcess(
            [node, "--experimental-vm-modules", "--no-warnings", str(JUDGE_SCRIPT), *_jsx_parser_prefix()],
            name="node --check judge",
        )
    return _judge


def node_check(source: str) -> str | None:
    """The independent judge for `lintseq-x verify`: does V8, as `node --check` runs it, accept
    the program as an ES module or as a CommonJS module? One long-lived node process (V8's
    parser through `node:vm`), not one per state; it needs no npm package.

    Without node it has nothing to say (None): records made by the pip-only fallback checker
    must still verify there, and `verify --strict` reports `node --check` as not available.

    JSX, which V8 cannot parse, is read by TypeScript's parser and lowered for V8 (v8check.mjs),
    where the `typescript` package is installed (`setup`, run here on first use as the checker
    runs it); where it cannot be, a program with JSX is rejected as `node --check` rejects it.
    """
    judge = _judge_process()
    if judge is None:
        return None
    errors = judge.check(source)
    if not errors:
        return None
    return "node --check: " + " / ".join(f"line {e.line}: {e.message}" for e in errors)


def _jsx_parser_prefix() -> list[str]:
    """The prefix holding the judge's `typescript`, installed unless it is (once per process);
    none where npm cannot install it."""
    if toolchain.earlier_failure(npm.cache_dir()) is not None and not npm.installed(JUDGE_PACKAGES, npm.cache_dir()):
        return []  # the failed install was said once, as it happened
    try:
        return [str(npm.install_packages(JUDGE_PACKAGES, "JavaScript", NodeUnavailable, npm.cache_dir(), quiet=False))]
    except NodeUnavailable as error:
        print(f"lintseq-x: the JavaScript judge reads no JSX here: {error}", file=sys.stderr)
        return []


def lower_jsx(source: str) -> tuple[str, str | None]:
    """`source` with its JSX lowered to `React.createElement` calls by TypeScript (unchanged
    when it has none, or nothing here can lower it), and TypeScript's syntax errors, if any."""
    judge = _judge_process()
    if judge is None:
        return source, None
    reply = judge.request(source, lower=True)
    errors = judge.diagnostics(reply)
    if errors:
        return source, " / ".join(f"line {e.line}: {e.message}" for e in errors)
    lowered = reply.get("lowered")
    return (lowered if isinstance(lowered, str) else source), None


@dataclass(frozen=True)
class NodeCheckTool(ExternalTool):
    """`node --check` itself on one state, in a process of its own (`verify --strict`).

    The state is written as `state.mjs` and as `state.cjs` and passes when node accepts either,
    as node runs a `.js` file (node 20 passes a `state.js` with module syntax unread). JSX, which
    node cannot read, is lowered by TypeScript first (`lower_jsx`), as the judge does."""

    def check(self, source: str) -> str | None:
        lowered, problem = lower_jsx(source)
        if problem:
            return f"{self.name}: {problem}"
        verdicts = [ExternalTool.check(replace(self, file_name=name), lowered) for name in ("state.mjs", "state.cjs")]
        if None in verdicts:
            return None
        return " / ".join(str(verdict) for verdict in verdicts)


NODE_CHECK = NodeCheckTool("node --check", ("node", "--check", "{file}"))
