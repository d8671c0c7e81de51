"""Java: units on tricky code, the javac (javax.tools) checker, the scope-analysis fallback, and
javac's judgement of the whole corpus in one batch. What every language shares (registration,
the corpus end to end, conformance) is in test_languages.py and test_conformance.py."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

import lintseq_x.plugins.java as java_plugin
from helpers import remaining_after, structure_of, unit_of
from language_kit import checker_of, needs_checker, requires_checker
from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.plugins.java import JAVA
from lintseq_x.plugins.java import checker as java_checker

CORPUS = sorted(Path(java_plugin.__file__).with_name("corpus").iterdir())


# -- structure ---------------------------------------------------------------------------------


def structure(source: str):
    return structure_of(JAVA, source)


def test_text_block_and_javadoc_are_whole():
    st = structure('''
        class A {
            /**
             * Greets.
             */
            static final String TEXT = """
                hello
                """;
            int x;
        }
    ''')
    head = unit_of(st, "static final String TEXT")
    assert {unit_of(st, "hello"), unit_of(st, '""";')} == {head}
    # The Javadoc is one unit. (Which code line it travels with is the core's choice: its
    # ` * ` lines are indented deeper than the declaration below, so today it goes with the
    # line above.)
    assert unit_of(st, "/**") == unit_of(st, "* Greets.") == unit_of(st, "*/")
    assert unit_of(st, "int x;") != head


def test_closing_braces_else_and_finally_go_with_their_statement():
    st = structure("""
        class A {
            int f(int x) {
                if (x > 0) {
                    g();
                } else if (x < 0) {
                    h();
                } else {
                    k();
                }
                try {
                    g();
                } catch (RuntimeException e) {
                    h();
                } finally {
                    k();
                }
                return x;
            }
        }
    """)
    assert unit_of(st, "} else {") == unit_of(st, "} else if (x < 0) {")
    assert unit_of(st, "} finally {") == unit_of(st, "} catch (RuntimeException e) {")
    # Deleting a line that closes one block and opens another takes the whole statement.
    assert "if (x > 0)" not in remaining_after(st, "} else if (x < 0) {")
    assert "try {" not in remaining_after(st, "} catch (RuntimeException e) {")
    assert unit_of(st, "return x;") in st.dependents[unit_of(st, "int f(int x) {")]


def test_deleting_the_last_return_takes_its_construct():
    st = structure("""
        class A {
            int f(int x) {
                if (x > 0) {
                    return 1;
                }
                return 2;
            }
            int g() {
                return 3;
            }
        }
    """)
    assert remaining_after(st, "return 1;").count("if (x > 0)") == 0
    after = remaining_after(st, "return 2;")
    assert "int f(int x)" not in after and "int g()" in after


def test_multiline_headers_are_one_unit_or_go_together():
    st = structure("""
        @SuppressWarnings("unchecked")
        public class Box<T> extends Base
                implements Comparable<Box<T>> {
            @Override
            public int compareTo(Box<T> other,
                                 int unused) throws Exception {
                return 0;
            }
        }
    """)
    method = unit_of(st, "@Override")
    assert unit_of(st, "public int compareTo") == unit_of(st, "int unused) throws") == method
    assert unit_of(st, "public class Box") == unit_of(st, '@SuppressWarnings("unchecked")')
    assert remaining_after(st, "implements Comparable") == ""


def test_switch_lambda_anonymous_class_and_do_while():
    st = structure("""
        class A {
            void f(int k, java.util.List<String> list) {
                switch (k) {
                    case 1:
                        a();
                        break;
                    default:
                        b();
                }
                list.forEach(item -> {
                    use(item);
                });
                Runnable r = new Runnable() {
                    public void run() {
                    }
                };
                do {
                    step();
                } while (busy());
                done();
            }
        }
    """)
    case = unit_of(st, "case 1:")
    assert {unit_of(st, "a();"), unit_of(st, "break;")} <= st.dependents[case]
    assert case in st.dependents[unit_of(st, "switch (k)")]
    assert unit_of(st, "});") == unit_of(st, "list.forEach")
    assert unit_of(st, "};") == unit_of(st, "Runnable r = new Runnable()")
    assert "step();" not in remaining_after(st, "} while (busy());")
    assert "done();" in remaining_after(st, "} while (busy());")


# -- the javac checker -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checker():
    requires_checker(JAVA)
    return java_checker.JavaChecker()


def found(checker, source: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in checker.check(textwrap.dedent(source).lstrip("\n"))]


PROGRAM = """
import java.util.ArrayList;
import java.util.List;

public class Names {
    private final List<String> names = new ArrayList<>();

    int count(String prefix) {
        int total = 0;
        for (String name : names) {
            if (name.startsWith(prefix)) {
                total++;
            }
        }
        return total;
    }

    static String shout(String text) {
        return text.toUpperCase();
    }
}
"""


@pytest.mark.parametrize(
    "source",
    [
        "public class A {\n  int f( { return 1; }\n}\n",
        "int x = 1;\n",
        "class A {\n  void f() {\n    g();\n",
    ],
)
def test_syntax_errors_are_fatal(checker, source):
    (diagnostic,) = checker.check(source)
    assert diagnostic.fatal


def test_misplaced_statements_are_errors(checker):
    assert found(checker, "class A {\n  void f() { break; }\n}\n") == [(2, "compiler.err.break.outside.switch.loop")]


def test_a_deleted_declaration_is_an_unresolved_name(checker):
    program = textwrap.dedent(PROGRAM).lstrip("\n")
    assert checker.check(program) == ()
    without_import = program.replace("import java.util.List;\n", "")
    assert [(d.line, d.code) for d in checker.check(without_import)] == [(4, "compiler.err.cant.resolve.location")]
    without_local = program.replace("        int total = 0;\n", "")
    assert {d.code for d in checker.check(without_local)} == {"compiler.err.cant.resolve.location"}


def test_flow_errors_that_deletion_causes_are_errors(checker):
    program = textwrap.dedent(PROGRAM).lstrip("\n")
    assert found(checker, program.replace("        return total;\n", "")) == [(14, "compiler.err.missing.ret.stmt")]
    assert found(checker, """
        class A {
            int f() {
                int x;
                return x;
            }
        }
    """) == [(4, "compiler.err.var.might.not.have.been.initialized")]


def test_external_libraries_type_errors_and_unused_names_are_fine(checker):
    assert found(checker, """
        import org.junit.jupiter.api.Test;
        import com.example.tools.*;

        class ATest {
            private int unused;

            @Test
            void works() {
                Helper helper = new Helper();
                String s = 42;
                int n = "text".length() + helper.size();
            }
        }
    """) == []


def test_bound_to_a_program_its_own_errors_are_tolerated_and_new_ones_are_not(checker):
    program = textwrap.dedent("""
        class A {
            Sibling sibling;
            int f(int x) {
                String s = x;
                return helper(x);
            }
            int helper(int x) {
                return x;
            }
        }
    """).lstrip("\n")
    with checker_of(JAVA) as fresh:
        assert {d.code for d in fresh.check(program)} == {"compiler.err.cant.resolve.location"}
        fresh.begin(program)
        assert fresh.check(program) == ()
        state = program.replace("    int helper(int x) {\n        return x;\n    }\n", "")
        assert [(d.line, d.code) for d in fresh.check(state)] == [(5, "compiler.err.cant.resolve.location.args")]
        # A type error the program does not have is an error in a state: javac rejects it.
        overloads = "class B {\n  static int m(int a) { return a; }\n  static double m(double a) { return a; }\n  int k = m(1);\n}\n"
        fresh.begin(overloads)
        state = overloads.replace("  static int m(int a) { return a; }\n", "")
        assert [(d.line, d.code) for d in fresh.check(state)] == [(3, "compiler.err.prob.found.req")]


JDK_FILE = """\
package java.util;

final class LintseqProbe implements Comparator<String> {
    static int spread(Object key) {
        return HashMap.hash(key);
    }

    public int compare(String a, String b) {
        return spread(a) - spread(b);
    }
}
"""


def test_a_file_of_the_jdk_is_checked_patched_into_its_module(checker):
    # A file of the JDK's own sources (`package java.util;`) compiles only patched into its
    # module, as `javac --patch-module java.base=...` does; there it sees the package's
    # package-private members (HashMap.hash), and deleting a method is the error javac reports
    # there ("is not abstract and does not override"), not one more unresolved name among many.
    with checker_of(JAVA) as fresh:
        assert fresh.check(JDK_FILE) == ()
        fresh.begin(JDK_FILE)
        state = JDK_FILE.replace("    public int compare(String a, String b) {\n        return spread(a) - spread(b);\n    }\n", "")
        assert [d.code for d in fresh.check(state)] == ["compiler.err.does.not.override.abstract"]
        without_helper = JDK_FILE.replace("    static int spread(Object key) {\n        return HashMap.hash(key);\n    }\n", "")
        assert {d.code for d in fresh.check(without_helper)} == {"compiler.err.cant.resolve.location.args"}
    # The judges compile it the same way: patched into the module that holds its package.
    assert java_checker.package_of("/* package x; */\n// c\npackage  java.util ;\n") == "java.util"
    assert java_checker.system_packages(shutil.which("java"))["java.util"] == "java.base"
    assert java_checker.JAVAC.check(JDK_FILE) is None
    assert "does not override abstract method" in java_checker.JAVAC.check(state)
    verdicts = java_checker.javac_batch([JDK_FILE, state])
    assert verdicts[0] is None and "does not override abstract method" in verdicts[1]


def test_file_is_named_after_the_public_class(checker):
    source = "// public class Wrong {}\nimport java.util.*;\n\n@Deprecated\npublic final class Right {\n}\nclass Other {}\n"
    assert checker.check(source) == ()
    assert java_checker.public_class_file(source) == "Right.java"
    assert java_checker.public_class_file("class A {}\n") == "Main.java"


def test_never_raises_on_garbage(checker):
    for source in ("\x00", "}}}}", "(" * 5000, '"""', "/* open", "\ufeff class A {}", "class A { String s = \"\\u12\"; }"):
        assert all(d.fatal for d in checker.check(source)) or checker.check(source) == ()


def test_identity(checker):
    assert checker.name == "java-javac" and "javac" in checker.version


# -- the fallback ------------------------------------------------------------------------------


@pytest.fixture()
def fallback():
    built = build_checker(JAVA, FALLBACK)
    built.begin(textwrap.dedent(PROGRAM).lstrip("\n"))
    return built


def test_fallback_clean_program_and_deleted_declarations(fallback):
    program = textwrap.dedent(PROGRAM).lstrip("\n")
    assert fallback.check(program) == ()
    for removed, name in (("        int total = 0;\n", "total"), ("import java.util.List;\n", "List"),
                          ("    private final List<String> names = new ArrayList<>();\n", "names")):
        problems = fallback.check(program.replace(removed, ""))
        assert problems and all(d.code == "UnresolvedName" for d in problems), removed
        assert name in problems[0].message
    # A member referenced through another object is not a bare name.
    assert fallback.check(program.replace("        return total;\n", "        return names.size() + total;\n")) == ()


def test_fallback_syntax_and_top_level_statements(fallback):
    assert [d.fatal for d in fallback.check("class A {\n  void f() {\n")] == [True]
    assert fallback.check("import java.util.List;\nclass A {}\n") == ()


# -- the corpus --------------------------------------------------------------------------------


@needs_checker(JAVA)
def test_javac_accepts_every_corpus_program_in_one_batch():
    """The conformance suite runs a few of these programs; javac judges all of them here, in one
    JVM."""
    sources = [path.read_text(encoding="utf-8") for path in CORPUS]
    assert java_checker.javac_batch(sources) == [None] * len(sources)
