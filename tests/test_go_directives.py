"""Go's compiler directives: `//go:embed` needs the import of "embed", `//go:linkname` the
import of "unsafe" and the function or variable it names, and a function declared without a
body the `//go:linkname` that gives it one. go/types reads none of this, `go build` rejects all
of it: the default checker (the go/types helper) and the fallback flag such states, and no edit
path keeps a directive without what it needs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import lintseq_x.core.plugin_system.registry as plugins
from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.core.algorithm.diffs import apply_diffs
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.output.verify import verify_record
from lintseq_x.plugins.go import GO
from lintseq_x.plugins.go.checker import COMPILER, OFFLINE_ENV, compiler_errors

from helpers import line_of

pytestmark = pytest.mark.skipif(shutil.which("go") is None, reason="go is not installed: the Go checker needs it")

PROGRAM = '''package main

import (
	_ "embed"
	"fmt"
	_ "unsafe"
)

//go:embed data.txt
var data string

//go:linkname walltime runtime.walltime
//go:linkname nanotime runtime.nanotime
func walltime() (int64, int32)

func nanotime() int64

func main() {
	fmt.Println(data, nanotime())
}
'''
EMBED_IMPORT = '\t_ "embed"\n'
UNSAFE_IMPORT = '\t_ "unsafe"\n'
NANOTIME = "func nanotime() int64\n"
NANOTIME_LINK = "//go:linkname nanotime runtime.nanotime\n"


@pytest.fixture(params=["default", FALLBACK])
def bound(request):
    checker = build_checker(GO, request.param)
    checker.begin(PROGRAM)
    yield checker
    helper = getattr(checker, "helper", None)
    if helper is not None:
        helper.close()


def flagged(checker, state: str) -> list[int]:
    found = checker.check(state)
    assert all(d.code == "DirectiveError" for d in found), found
    return [d.line for d in found]


def test_the_program_is_clean(bound):
    assert bound.check(PROGRAM) == ()


def test_an_embed_directive_uses_the_embed_import(bound):
    state = PROGRAM.replace(EMBED_IMPORT, "")
    assert flagged(bound, state) == [line_of(state, "//go:embed")]


def test_a_linkname_directive_uses_the_unsafe_import(bound):
    state = PROGRAM.replace(UNSAFE_IMPORT, "")
    assert flagged(bound, state) == [line_of(state, "//go:linkname walltime"), line_of(state, NANOTIME_LINK)]


def test_a_linkname_directive_uses_the_function_it_names(bound):
    state = PROGRAM.replace(NANOTIME, "").replace("fmt.Println(data, nanotime())", "fmt.Println(data)")
    assert flagged(bound, state) == [line_of(state, NANOTIME_LINK)]


def test_a_function_without_a_body_needs_its_linkname(bound):
    state = PROGRAM.replace(NANOTIME_LINK, "")
    assert flagged(bound, state) == [line_of(state, NANOTIME)]


def test_the_default_checker_names_the_directives_as_uses():
    checker = build_checker(GO, "default")
    try:
        pairs = set(checker.dependent_lines(PROGRAM))
    finally:
        checker.helper.close()
    row = lambda needle: line_of(PROGRAM, needle) - 1  # noqa: E731
    assert (row(EMBED_IMPORT), row("//go:embed")) in pairs
    assert (row(UNSAFE_IMPORT), row(NANOTIME_LINK)) in pairs
    assert (row(NANOTIME), row(NANOTIME_LINK)) in pairs


def test_the_compiler_judges_directives_too():
    assert COMPILER.check(PROGRAM) is None
    assert 'import "embed"' in COMPILER.check(PROGRAM.replace(EMBED_IMPORT, ""))
    assert 'import "unsafe"' in COMPILER.check(PROGRAM.replace(UNSAFE_IMPORT, ""))
    assert "missing function body" in COMPILER.check(PROGRAM.replace(NANOTIME_LINK, ""))


# What `go build` says of the directives this file is about (spelled out here, so that the test
# does not depend on the plugin's own list of relevant compiler errors).
DIRECTIVE_ERRORS = re.compile(r"only allowed in Go files that import|go:linkname must refer to|missing function body")


def go_build(states: set[str], folder: Path) -> list[tuple[str, str]]:
    """`go build` itself on each state, in a module that has the embedded file, judged by the
    errors the checker judges (`compiler_errors`: not unused imports, nor a missing `main`)."""
    (folder / "go.mod").write_text("module directives\n\ngo 1.18\n", encoding="utf-8")
    (folder / "data.txt").write_text("hello\n", encoding="utf-8")
    rejected = []
    for state in sorted(states):
        (folder / "main.go").write_text(state, encoding="utf-8")
        done = subprocess.run(["go", "build", "-gcflags=-e", "-o", os.devnull, "."], cwd=folder, capture_output=True,
                              text=True, timeout=300, env={**os.environ, **OFFLINE_ENV})
        if compiler_errors(done.stderr) or DIRECTIVE_ERRORS.search(done.stderr):
            rejected.append((state, done.stderr))
    return rejected


@pytest.mark.parametrize("checker", ["default", FALLBACK])
def test_every_state_builds(checker, tmp_path):
    """Edit paths under each checker: `verify` (with the compiler, --strict) accepts every
    state, and so does `go build` itself."""
    record = InputRecord(0, "main.go", "go", {"code": PROGRAM}, "code", None, False, "main.go")
    result = process_record(record, RunOptions(samples=6, seed=2, checkers=(("go", checker),)))
    assert result.failed is None and result.skipped is None, result.reason
    states: set[str] = set()
    for row in map(json.loads, result.rows):
        report = verify_record(row, 0, plugins.registry(), strict=True)
        assert report.violations == [], report.violations[:3]
        states.update(state for state in apply_diffs(row["edit_path"])[1:])
    rejected = go_build(states, tmp_path)
    assert rejected == [], f"{len(rejected)} of {len(states)} states rejected; first:\n{rejected[0][0]}\n{rejected[0][1]}"
