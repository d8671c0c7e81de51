"""JavaScript: units on tricky code, the espree + eslint-scope checker, its independent judge,
and the helper process client. What every language shares (registration, the corpus end to end
judged by `node --check`, conformance) is in test_languages.py and test_conformance.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from helpers import diagnostics_of, remaining_after, structure_of, unit_of
from language_kit import checker_of, hide_executables, requires_checker
from lintseq_x.core.algorithm.checker import Diagnostic
from lintseq_x.core.algorithm.sampler import _close
from lintseq_x.core.toolkit.helper_process import HelperError, HelperProcess
from lintseq_x.plugins import npm
from lintseq_x.plugins.javascript import JAVASCRIPT
from lintseq_x.plugins.javascript import checker as js_checker

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(
    NODE is None, reason="node is not installed: the JavaScript checker and `node --check` need it"
)


# -- structure ---------------------------------------------------------------------------------


def structure(source: str):
    return structure_of(JAVASCRIPT, source)


def deleted_with(st, needle: str) -> list[str]:
    """The lines the sampler deletes when it picks the line holding `needle`: the unit, what
    depends on it, and owners whose required children would all be gone."""
    doomed = _close(st, (unit_of(st, needle),), set(range(st.unit_count)))
    return [st.lines[row].strip() for row in range(len(st.lines)) if st.unit_of_line[row] in doomed]


def test_multiline_template_literal_is_one_unit_with_its_statement():
    st = structure("""
        const name = 'x';
        const page = `<h1>
          ${name}
        </h1>`;
        console.log(page);
    """)
    head = unit_of(st, "const page")
    assert {unit_of(st, "${name}"), unit_of(st, "</h1>`;")} == {head}
    assert unit_of(st, "console.log") != head


def test_template_literal_inside_a_call_stays_whole():
    st = structure("""
        log(
          `first
        second`,
          other,
        );
    """)
    assert unit_of(st, "`first") == unit_of(st, "second`,")
    assert unit_of(st, "other,") != unit_of(st, "`first")


def test_block_comment_is_one_unit_and_travels_with_the_code_below():
    st = structure("""
        /**
         * Add two numbers.
         * @param {number} a
         */
        function add(a, b) {
          return a + b;
        }
    """)
    head = unit_of(st, "function add")
    for needle in ("/**", "Add two numbers.", "@param", "*/"):
        assert unit_of(st, needle) == head


def test_closing_brace_lines_go_with_their_opener():
    st = structure("""
        items.forEach((item) => {
          total += item;
        });
        const api = {
          get(url) {
            return url;
          },
        };
    """)
    assert unit_of(st, "});") == unit_of(st, "items.forEach")
    assert unit_of(st, "},") == unit_of(st, "get(url) {")
    assert unit_of(st, "};") == unit_of(st, "const api")
    assert unit_of(st, "return url;") in st.dependents[unit_of(st, "get(url) {")]


def test_else_lines_go_with_their_if():
    st = structure("""
        if (a) {
          one();
        } else if (b) {
          two();
        } else {
          three();
        }
        after();
    """)
    head = unit_of(st, "if (a) {")
    assert unit_of(st, "} else {") == unit_of(st, "} else if (b) {"), "`} else {` closes the else-if's block"
    # Deleting `} else if (b) {` would leave `if (a) {` unclosed: the whole statement goes.
    assert remaining_after(st, "} else if (b) {") == "after();\n"
    assert deleted_with(st, "if (a) {") == [line.strip() for line in st.lines if "after" not in line]
    # Bodies are deletable on their own.
    assert deleted_with(st, "two();") == ["two();"]
    assert head != unit_of(st, "three();")


def test_try_catch_finally_go_with_their_statement():
    st = structure("""
        try {
          risky();
        } catch (error) {
          report(error);
        } finally {
          cleanup();
        }
    """)
    assert unit_of(st, "} finally {") == unit_of(st, "} catch (error) {")
    assert remaining_after(st, "} catch (error) {") == ""
    assert deleted_with(st, "report(error);") == ["report(error);"]
    st = structure("""
        try {
          risky();
        } catch {
          retry();
        }
    """)
    assert unit_of(st, "} catch {") == unit_of(st, "try {")


def test_switch_cases_are_units_owned_by_the_switch():
    st = structure("""
        switch (kind) {
          case 'a':
          case 'b':
            first();
            break;
          default:
            second();
        }
    """)
    switch = unit_of(st, "switch (kind)")
    assert unit_of(st, "}") == switch
    case_b = unit_of(st, "case 'b':")
    assert {unit_of(st, "first();"), unit_of(st, "break;")} <= st.dependents[case_b]
    assert unit_of(st, "second();") in st.dependents[unit_of(st, "default:")]
    assert {case_b, unit_of(st, "default:")} <= st.dependents[switch]


def test_object_literal_lines_are_separate_units():
    st = structure("""
        const config = {
          host: 'localhost',
          port: 8080,
          tls: {
            enabled: true,
          },
        };
    """)
    head = unit_of(st, "const config")
    assert len({head, unit_of(st, "host:"), unit_of(st, "port:")}) == 3
    assert unit_of(st, "enabled: true") in st.dependents[unit_of(st, "tls: {")]
    assert unit_of(st, "  },") == unit_of(st, "tls: {")


def test_arrow_function_body_and_callback_closers():
    st = structure("""
        const handler = async (event) => {
          await save(event);
          return true;
        };
        setTimeout(() => {
          tick();
        }, 100);
    """)
    head = unit_of(st, "const handler")
    assert {unit_of(st, "await save"), unit_of(st, "return true")} <= st.dependents[head]
    assert unit_of(st, "};") == head
    # `}, 100);` is more than closers: a unit of its own, but deleting it takes the call.
    assert remaining_after(st, "}, 100);").strip().endswith("};")
    assert "tick();" not in remaining_after(st, "}, 100);")


def test_class_body_members():
    st = structure("""
        class Counter extends Base {
          #count = 0;
          static zero = 0;

          increment() {
            this.#count += 1;
          }
        }
    """)
    head = unit_of(st, "class Counter")
    assert unit_of(st, "#count = 0;") in st.dependents[head]
    method = unit_of(st, "increment() {")
    assert unit_of(st, "this.#count += 1;") in st.dependents[method]
    assert method in st.dependents[head]
    assert st.depth_weights[unit_of(st, "this.#count += 1;")] == 2


def test_do_while_closing_line():
    st = structure("""
        do {
          step();
        } while (busy());
        done();
    """)
    assert remaining_after(st, "} while") == "done();\n"


def test_multiline_header_is_one_unit():
    st = structure("""
        function configure(
          host,
          port,
        ) {
          return host + port;
        }
    """)
    head = unit_of(st, "function configure(")
    assert unit_of(st, "host,") == unit_of(st, "port,") == unit_of(st, ") {") == head


# -- the checker -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checker():
    requires_checker(JAVASCRIPT)  # node or npm missing, or no registry to install from
    return js_checker.JavaScriptChecker()


@pytest.mark.parametrize(
    "source,line",
    [
        ("let x;\nlet x;\n", 2),
        ("var y;\nlet y;\n", 2),
        ("class A {}\nclass A {}\n", 2),
        ("import a from 'a';\nimport a from 'b';\n", 2),
        ("run();\nbreak;\n", 2),
        ("while (go()) {}\ncontinue;\n", 2),
        ("const v = 1;\nreturn v;\n", 2),
        ("outer: for (;;) {}\nfor (;;) { break outer; }\n", 2),
        ("function f(a, a) { 'use strict'; }\n", 1),
        ("x = 1;\ny = (2;\n", 2),
        ("if (a) {\n  b();\n", 2),
    ],
)
def test_syntax_and_early_errors_are_fatal(checker, source, line):
    assert diagnostics_of(checker, source) == [(line, "SyntaxError", True)]


def test_reference_to_a_name_declared_in_another_scope(checker):
    source = """
        function setup() {
          const settings = load();
          return settings;
        }
        console.log(settings);
    """
    assert diagnostics_of(checker, source) == [(5, "UndefinedName", False)]


def test_globals_unused_names_and_hoisting_are_fine(checker):
    assert diagnostics_of(checker, """
        const fs = require('fs');
        let unused = 1;
        console.log(window.location, process.env.HOME, fs);
        greet();
        function greet() {
          return helper;
        }
        var helper = 2;
    """) == []


def test_script_fallback_for_sloppy_code_and_module_strictness(checker):
    # A script may use `with`; a module (it has an import) may not.
    assert diagnostics_of(checker, "var package = {};\nwith (package) { x = 1; }\n") == []
    assert diagnostics_of(checker, "import a from 'a';\nwith (a) {}\n") == [(2, "SyntaxError", True)]
    assert diagnostics_of(checker, "const answer = await compute();\n") == []  # top-level await: a module


@pytest.fixture
def fresh_checker(checker):
    """A checker of its own, for tests that bind it to a program with `begin`."""
    with checker_of(JAVASCRIPT) as fresh:
        yield fresh


def test_bound_to_a_program_deleted_declarations_make_uses_errors(fresh_checker):
    program = "function helper() {\n  return 1;\n}\nconsole.log(helper());\n"
    state = "console.log(helper());\n"
    assert fresh_checker.check(state) == ()  # on its own, `helper` is just an external name
    fresh_checker.begin(program)
    assert [(d.line, d.code) for d in fresh_checker.check(state)] == [(1, "UndefinedName")]
    assert fresh_checker.check(program) == ()


def test_bound_to_a_module_states_are_judged_as_a_module(fresh_checker):
    sloppy = "var o = 1;\ndelete o;\n"
    assert fresh_checker.check(sloppy) == ()  # unbound: a sloppy script is fine
    fresh_checker.begin("import a from 'a';\nvar o = a;\n")
    assert [d.fatal for d in fresh_checker.check(sloppy)] == [True]


def test_an_unfinished_expression_is_blamed_on_its_own_line(checker):
    # The parser stops at `const y`, but the line that lost its continuation is line 1.
    assert diagnostics_of(checker, "const f = (x) =>\n\nconst y = 1;\n") == [(1, "SyntaxError", True)]
    assert diagnostics_of(checker, "const ok = a &&\n// note\nconst other = 1;\n") == [(1, "SyntaxError", True)]
    # A line that starts with a continuation token is itself out of place.
    assert diagnostics_of(checker, "const x = cond\n  : b;\n") == [(2, "SyntaxError", True)]


def test_never_raises_on_garbage(checker):
    for source in ("\x00", "))))", "(" * 20000, "`unterminated", "/* open", "\ufeff x", "#!/bin/node\n"):
        result = checker.check(source)
        assert all(d.fatal for d in result)


def test_modern_syntax_jsx_and_hashbang_parse(checker):
    assert diagnostics_of(checker, """
        #!/usr/bin/env node
        class A { static #n = 1n; static { A.#n ??= 2n; } get n() { return A.#n; } }
        const big = 1_000_000;
        const el = <div className="a">{big}</div>;
        label: for (const x of [1]) { if (x) continue label; }
        try { JSON.parse('{'); } catch { console.log(/a(?<name>b)/v.test('ab')); }
    """) == []


def test_checker_identity(checker):
    assert checker.name == "javascript-espree"
    assert js_checker.ESPREE_VERSION in checker.version and "node v" in checker.version
    assert checker.settings["mode"] == "auto"


def test_setup_names_missing_npm(monkeypatch, tmp_path):
    hide_executables(monkeypatch, ("npm",))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # nothing installed there
    with pytest.raises(js_checker.NodeUnavailable, match="'npm'"):
        js_checker.setup()


def test_setup_does_nothing_when_installed(checker, monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("npm must not run again"))
    assert js_checker.setup() == npm.cache_dir()


# -- the helper process client (language-agnostic) ---------------------------------------------

ECHO_HELPER = r"""
import json, os, sys, time
for line in sys.stdin:
    request = json.loads(line)
    source = request["source"]
    if source == "die":
        os._exit(3)
    if source == "sleep":
        time.sleep(30)
    if source == "oops":
        print(json.dumps({"error": "bug in helper"}), flush=True)
        continue
    errors = [{"line": n + 1, "code": "Bad", "message": text, "fatal": False}
              for n, text in enumerate(source.split("\n")) if "bad" in text]
    print(json.dumps({"errors": errors, "pid": os.getpid(), "extra": request.get("extra")}), flush=True)
"""


def echo_helper(**options) -> HelperProcess:
    return HelperProcess([sys.executable, "-c", ECHO_HELPER], name="echo helper", **options)


def test_helper_starts_lazily_answers_and_caches():
    helper = echo_helper()
    assert helper.starts == 0
    assert helper.check("ok\nbad line\n") == (Diagnostic(2, "Bad", "bad line"),)
    assert helper.check("ok\nbad line\n") == (Diagnostic(2, "Bad", "bad line"),)
    assert (helper.starts, helper.calls) == (1, 1)
    assert helper.request("fine", extra=[1])["extra"] == [1]
    helper.close()


def test_helper_restarts_after_dying_and_reports_one_that_keeps_dying():
    helper = echo_helper()
    first = helper.request("x")["pid"]
    os.kill(first, 9)
    assert helper.request("x")["pid"] != first
    with pytest.raises(HelperError, match="echo helper failed 3 time"):
        helper.check("die")
    assert helper.check("still works") == ()
    helper.close()


def test_helper_timeout_and_internal_error():
    helper = echo_helper(timeout=0.5)
    with pytest.raises(HelperError, match="no reply within 0.5 s"):
        helper.check("sleep")
    with pytest.raises(HelperError, match="bug in helper"):
        helper.check("oops")
    assert helper.check("bad") == (Diagnostic(1, "Bad", "bad"),)
    helper.close()


def test_helper_cache_is_bounded():
    helper = echo_helper(cache_size=2)
    for text in ("a", "b", "c", "a"):
        helper.check(text)
    assert helper.calls == 4
    helper.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork() on this platform")
def test_a_forked_worker_starts_its_own_helper_and_leaves_the_parents_alone():
    helper = echo_helper()
    parents = helper.request("x")["pid"]
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # a worker of the local engine's fork pool, in miniature
        try:
            os.write(write, str(helper.request("y")["pid"]).encode())
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    childs = int(os.read(read, 64))
    assert childs != parents
    assert helper.request("z")["pid"] == parents
    helper.close()


def test_missing_helper_command_is_a_clear_error():
    helper = HelperProcess(["/nonexistent/helper"], name="ghost")
    with pytest.raises(HelperError, match="ghost: cannot start"):
        helper.check("x")


# -- the independent judge ------------------------------------------------------------------------


def node_check(source: str, module: bool) -> str | None:
    """`node --check` itself, on the program fed through stdin."""
    kind = ["--input-type=module"] if module else []
    result = subprocess.run([NODE, "--check", *kind], input=source, capture_output=True, text=True, timeout=60)
    return None if result.returncode == 0 else result.stderr.strip()[-600:]


@needs_node
def test_independent_judge_agrees_with_node_check():
    for source in ("let a;\nlet a;\n", "return 1;\n", "const require = 1;\n", "import x from 'y';\n", "break;\n"):
        ours = js_checker.node_check(source) is None
        theirs = node_check(source, module=True) is None or node_check(source, module=False) is None
        assert ours == theirs, source
