"""C: units on tricky code, the libclang checker, the fallback, the language standard, and the
checker's temporary files. What every language shares (registration, the corpus end to end
judged by gcc, conformance) is in test_languages.py and test_conformance.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lintseq_x.plugins.c as c_plugin
from helpers import bound, remaining_after, structure_of, unit_of
from language_kit import needs_checker, requires_checker
from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.plugins.c import C, GCC

needs_clang = needs_checker(C)


def structure(source: str):
    return structure_of(C, source)


# -- structure ---------------------------------------------------------------------------------


def test_multiline_macro_is_one_unit():
    st = structure("""
        #define SWAP(t, a, b) \\
            do {              \\
                t x_ = (a);   \\
                (a) = (b);    \\
                (b) = x_;     \\
            } while (0)
        int main(void) { return 0; }
    """)
    head = unit_of(st, "#define SWAP")
    for needle in ("do {", "t x_", "(a) = (b)", "(b) = x_", "} while (0)"):
        assert unit_of(st, needle) == head
    assert unit_of(st, "int main") != head


def test_a_value_on_the_line_after_its_equals_sign_takes_the_equals_line_with_it():
    """gnutls' ex-serv-srp.c: deleting `bind(...);` alone left `err =` to swallow the next line,
    `SOCKET_ERR(err, "bind");`, a macro that expands to an `if`: gcc rejects that state."""
    st = structure("""
        #define SOCKET_ERR(err, s) if (err == -1) { return 1; }
        int bind_it(int fd) { return fd; }
        int main(void)
        {
            int err;
            int first =
                bind_it(3);
            err =
                bind_it(first);
            SOCKET_ERR(err, "bind");
            return 0;
        }
    """)
    for value, equals in (("bind_it(first);", "err ="), ("bind_it(3);", "int first =")):
        left = [line.strip() for line in remaining_after(st, value).splitlines()]
        assert equals not in left and 'SOCKET_ERR(err, "bind");' in left, left
    # a value that starts on its `=` line is one unit with it, as before
    assert unit_of(st, "#define SOCKET_ERR") != unit_of(st, "int err;")


def test_preprocessor_conditional_goes_together():
    st = structure("""
        #ifdef DEBUG
        int level = 2;
        #else
        int level = 0;
        #endif
        int main(void) { return level; }
    """)
    head = unit_of(st, "#ifdef DEBUG")
    assert unit_of(st, "#else") == head and unit_of(st, "#endif") == head
    assert unit_of(st, "int level = 2;") in st.dependents[head]
    assert remaining_after(st, "#ifdef DEBUG") == "int main(void) { return level; }\n"


def test_block_comment_and_closing_brace_go_with_their_code():
    st = structure("""
        /*
         * Adds two numbers.
         */
        static int add(int a, int b)
        {
            return a + b;
        }
    """)
    head = unit_of(st, "static int add")
    for needle in ("/*", "Adds two numbers", "*/", "{", "}"):
        assert unit_of(st, needle) == head
    assert unit_of(st, "return a + b;") in st.dependents[head]


def test_else_and_do_while_lines():
    st = structure("""
        int f(int n) {
            if (n > 0) {
                n--;
            } else {
                n++;
            }
            do {
                n /= 2;
            } while (n > 4);
            return n;
        }
    """)
    assert unit_of(st, "} else {") == unit_of(st, "if (n > 0) {")
    # `} while (n > 4);` closes the do's block: deleting it takes the whole loop.
    assert "do {" not in remaining_after(st, "} while (n > 4);")
    assert "n /= 2" not in remaining_after(st, "do {")


def test_case_arms_go_with_their_label():
    st = structure("""
        int f(int n) {
            switch (n) {
            case 1:
                n = 2;
                break;
            default:
                n = 0;
            }
            return n;
        }
    """)
    assert {unit_of(st, "n = 2;"), unit_of(st, "break;")} <= st.dependents[unit_of(st, "case 1:")]
    assert unit_of(st, "case 1:") in st.dependents[unit_of(st, "switch (n) {")]


# -- the libclang checker ------------------------------------------------------------------------

PROGRAM = """#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int count;
} Counter;

static int twice(int value)
{
    return value * 2;
}

int main(void)
{
    Counter counter = {0};
    int total = twice(3);
    counter.count = total;
    printf("%d\\n", counter.count);
    return EXIT_SUCCESS;
}
"""


@pytest.fixture(scope="module")
def clang():
    requires_checker(C)
    return c_plugin.CChecker()


def test_clean_program(clang):
    assert clang.check(PROGRAM) == ()


def test_syntax_error_is_fatal(clang):
    found = clang.check(PROGRAM.replace("return value * 2;", "return value * ;"))
    assert found and found[0].fatal and found[0].code == "SyntaxError" and found[0].line == 10


@pytest.mark.parametrize(
    "removed,line,message",
    [
        ("    int total = twice(3);\n", 16, "use of undeclared identifier 'total'"),
        ("typedef struct {\n    int count;\n} Counter;\n", 12, "use of undeclared identifier 'Counter'"),
        ("static int twice(int value)\n{\n    return value * 2;\n}\n", 12, "call to undeclared function 'twice'"),
        ("    int count;\n", 16, "no member named 'count'"),
    ],
)
def test_deleted_declaration_is_flagged(clang, removed, line, message):
    found = clang.check(PROGRAM.replace(removed, ""))
    assert found, "a deleted declaration must be flagged"
    assert any(d.line == line and d.code == "UnresolvedName" and message in d.message for d in found), found
    assert not any(d.fatal for d in found)


def test_type_errors_and_unused_names_are_not_errors(clang):
    source = "int main(void)\n{\n    int unused;\n    int *p = 5;\n    char c = \"text\";\n    return 0;\n}\n"
    assert clang.check(source) == ()


def test_missing_header_is_stood_in_for_and_messages_hold_no_position(clang):
    source = '#include "project/config.h"\nint main(void)\n{\n    config_t c = load();\n    return c;\n}\n'
    found = clang.check(source)
    assert found and not any(d.fatal for d in found), found
    keys = {d.key for d in found}
    shifted = clang.check("\n\n" + source.replace("int main", "/* moved */\nint main"))
    assert {d.key for d in shifted} == keys


@needs_clang
def test_bound_to_a_program_errors_a_state_adds_count_and_its_own_stay_tolerated():
    """Real gnutls examples: deleting a line inside a multi-line call leaves `too few arguments`,
    deleting the first line of `ret =\n f(...);` leaves `void value not ignored`; gcc rejects
    both, so a checker bound to the program counts every error the program lacks. An error the
    program has (here: too many arguments) stays tolerated in its states."""
    program = (
        "static void reset(int *value) { *value = 0; }\n"
        "static int add(int a, int b) { return a + b; }\n"
        "static void noop(void) {}\n"
        "int main(void)\n{\n    int total = 0;\n    int ret;\n"
        "    total = add(1,\n                2);\n"
        "    ret =\n        total;\n    reset(&ret);\n    noop(1);\n    return ret;\n}\n"
    )
    unbound = c_plugin.CChecker()
    bound = c_plugin.CChecker()
    bound.begin(program)
    assert bound.check(program) == ()
    too_few = program.replace("                2);\n", "").replace("    total = add(1,\n", "    total = add(1);\n")
    void_value = program.replace("        total;\n", "")  # `ret =\n    reset(&ret);`
    assert unbound.check(too_few) == () and unbound.check(void_value) == ()
    found = bound.check(too_few)
    assert [d.line for d in found] == [8] and "too few arguments" in found[0].message, found
    found = bound.check(void_value)
    assert found and found[0].line in (10, 11) and not found[0].fatal, found
    assert GCC.check(void_value) is not None or shutil.which("gcc") is None
    # the program's own error (`noop(1)`) is tolerated wherever its line is
    assert bound.check(program.replace("    int total = 0;\n", "    int total = 0; /* */\n\n")) == ()


def test_external_names_from_headers_are_fine(clang):
    assert clang.check("#include <string.h>\nint main(void) { return (int)strlen(\"abc\"); }\n") == ()


# -- the fallback ----------------------------------------------------------------------------------


def test_fallback_flags_deleted_declarations_and_file_scope_statements():
    fallback = build_checker(C, FALLBACK)
    fallback.begin(PROGRAM)
    assert fallback.check(PROGRAM) == ()
    found = fallback.check(PROGRAM.replace("    int total = twice(3);\n", ""))
    assert [(d.line, d.code) for d in found] == [(16, "UnresolvedName")] and "total" in found[0].message
    assert any(d.fatal for d in fallback.check(PROGRAM.replace("return value * 2;", "return value * ;")))
    # `x` is a name PROGRAM never declares: external, and so it needs PROGRAM's includes
    assert "TopLevel" in [d.code for d in fallback.check("int x;\nx = 3;\n")]
    includes = "".join(line for line in PROGRAM.splitlines(keepends=True) if line.startswith("#include"))
    assert [d.code for d in fallback.check(includes + "int x;\nx = 3;\n")] == ["TopLevel"]


def test_fallback_members_tags_and_includes():
    program = (
        "#include <stdio.h>\n#include <stdint.h>\n\nstruct node {\n    int next;\n};\n\nenum light { RED };\n\n"
        "int main(void)\n{\n    struct node n = {.next = 1};\n    int next = n.next;\n    enum light light = RED;\n"
        "    uint64_t big = 1;\n    fprintf(stderr, \"%d %d\\n\", next, (int)light);\n    return (int)big;\n}\n"
    )
    fallback = build_checker(C, FALLBACK)
    fallback.begin(program)
    assert fallback.check(program) == ()
    # a member does not hide a deleted local of its name, nor the reverse
    found = fallback.check(program.replace("    int next = n.next;\n", ""))
    assert [(d.line, d.code) for d in found] == [(15, "UnresolvedName")]
    found = fallback.check(program.replace("    int next;\n", ""))
    assert sorted((d.line, d.code) for d in found) == [(4, "EmptyConstruct"), (11, "UnresolvedName"), (12, "UnresolvedName")]
    # a tag is not the variable of the same name
    found = fallback.check(program.replace("enum light { RED };\n", ""))
    assert {(d.line, d.code) for d in found} == {(13, "UnresolvedName")}  # `enum light`, `RED`
    # a local is visible from its declaration on
    moved = program.replace("    int next = n.next;\n", "").replace("    return", "    int next = 2;\n    return")
    assert [d.line for d in fallback.check(moved)] == [15]
    # without an include, names from headers (`fprintf`, `stderr`, `uint64_t`) are not there
    found = fallback.check(program.replace("#include <stdint.h>\n", ""))
    assert {d.line for d in found} == {14, 15} and all(d.code == "UnresolvedName" for d in found)
    # C forbids an empty enum
    assert [d.code for d in fallback.check(program.replace(" RED ", " ").replace(" = RED", " = 0"))] == ["EmptyConstruct"]


# -- the checker's temporary files -------------------------------------------------------------


@needs_clang
def test_worker_processes_leave_no_preambles_or_folders_behind(tmp_path):
    """libclang writes each precompiled preamble (megabytes) to the temp folder and removes it
    when its translation unit is freed; pool workers exit without running `atexit`, so the
    checker frees its units on multiprocessing's exit path."""
    corpus = Path(C.corpus)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for source in sorted(corpus.glob("*.c"))[:4]:
        shutil.copy(source, inputs / source.name)
    temp = tmp_path / "temp"
    temp.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", "from lintseq_x.core.cli import main; main()", "run", str(inputs), "--lang", "c", "-j", "2", "-q",
         "-o", str(tmp_path / "out.jsonl")],
        env={**os.environ, "TMPDIR": str(temp)}, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 4
    assert sorted(path.name for path in temp.iterdir()) == []


# -- the language standard ---------------------------------------------------------------------

SCALAR_BRACES = "int main(void)\n{\n    int total = {\n        3\n    };\n    return total;\n}\n"
LABEL_LAST = "int run(int n)\n{\n    if (n < 0)\n        goto done;\n    n = n * 2;\ndone:\n    return n;\n}\n"
LOOP_DECLARATION = "int main(void)\n{\n    int n = 0;\n    for (int i = 0; i < 3; i++)\n        n += i;\n    return n;\n}\n"


@pytest.fixture()
def default_standard(monkeypatch):
    monkeypatch.delenv("LINTSEQ_X_C_STD", raising=False)


@needs_clang
@pytest.mark.parametrize("program, deleted, line, message, gcc_rejects", [
    # `{}` for a scalar: clang says C23 (and, unasked, says nothing); gcc says "empty scalar initializer"
    pytest.param(SCALAR_BRACES, "        3\n", 3, "use of an empty initializer is a C23 extension", True, id="scalar-braces"),
    # gcc 12 accepts this one in gnu17 (earlier gccs did not): counted all the same
    pytest.param(LABEL_LAST, "    return n;\n", 7, "label at end of compound statement is a C23 extension", False, id="label-last"),
])
def test_a_construct_of_a_later_standard_is_an_error(default_standard, program, deleted, line, message, gcc_rejects):
    state = program.replace(deleted, "")
    checker = bound(c_plugin.CChecker(), program)
    assert [(d.line, d.code, d.message) for d in checker.check(state)] == [(line, "LaterStandard", message)]
    if shutil.which("gcc"):
        assert GCC.check(program) is None and bool(GCC.check(state)) == gcc_rejects


@needs_clang
def test_the_standard_is_one_setting_for_the_checker_and_gcc(monkeypatch):
    monkeypatch.delenv("LINTSEQ_X_C_STD", raising=False)
    assert c_plugin.CChecker().settings["standard"] == "gnu17"
    assert c_plugin.CChecker().check(LOOP_DECLARATION) == ()
    monkeypatch.setenv("LINTSEQ_X_C_STD", "c89")
    checker = c_plugin.CChecker()
    assert checker.settings["standard"] == "c89" and "-std=c89" in checker.settings["flags"]
    assert [(d.line, d.code) for d in checker.check(LOOP_DECLARATION)] == [(4, "LaterStandard")]
    if shutil.which("gcc"):
        assert "gcc -fsyntax-only -std=c89: " in (GCC.check(LOOP_DECLARATION) or "")
