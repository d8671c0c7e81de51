"""C++: units on tricky code, the libclang checker (shared with C), the fallback and its rules
beyond names, and the language standard, with g++ as the judge. What every language shares
(registration, the corpus end to end, conformance) is in test_languages.py and
test_conformance.py."""

from __future__ import annotations

import json
import shutil

import pytest

import lintseq_x.plugins.cpp as cpp_plugin
from helpers import bound, remaining_after, structure_of, unit_of
from invariants import states_of
from language_kit import needs_checker, requires_checker
from lintseq_x.core.algorithm.checker import CheckerUnavailable
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.output.verify import verify_record
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.plugin_system import guard
from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.plugins.cpp import CPP, GXX

needs_gxx = pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is not installed: no independent C++ judge")
needs_clang = needs_checker(CPP)


def structure(source: str):
    return structure_of(CPP, source)


def test_raw_string_is_one_unit():
    st = structure('''
        const char* usage = R"(first
        second
        third)";
        int main() { return 0; }
    ''')
    head = unit_of(st, "const char* usage")
    assert unit_of(st, "second") == head and unit_of(st, 'third)";') == head


def test_template_header_goes_with_what_it_templates():
    st = structure("""
        template <typename T>
        T twice(T value) {
            return value + value;
        }
        int main() { return twice(2); }
    """)
    assert remaining_after(st, "T twice(T value) {") == "int main() { return twice(2); }\n"


def test_access_specifiers_and_closing_lines_go_with_their_class():
    st = structure("""
        class Box {
        public:
            int size() const { return size_; }
        private:
            int size_ = 0;
        };
    """)
    head = unit_of(st, "class Box {")
    assert {unit_of(st, "public:"), unit_of(st, "private:"), unit_of(st, "};")} == {head}
    assert unit_of(st, "int size_ = 0;") in st.dependents[head]


def test_try_catch_and_namespace():
    st = structure("""
        namespace app {
        int run() {
            try {
                return 1;
            } catch (const int& code) {
                return code;
            }
        }
        }  // namespace app
    """)
    assert unit_of(st, "}  // namespace app") == unit_of(st, "namespace app {")
    # `} catch (...) {` closes the try block: deleting it takes the whole statement.
    assert "try {" not in remaining_after(st, "} catch (const int& code) {")


PROGRAM = """#include <string>
#include <vector>

namespace shop {

struct Item {
    std::string name;
    int price;
};

int total(const std::vector<Item>& items) {
    int sum = 0;
    for (const auto& item : items) {
        sum += item.price;
    }
    return sum;
}

}  // namespace shop

int main() {
    std::vector<shop::Item> items{{"tea", 3}, {"cake", 5}};
    return shop::total(items) > 0 ? 0 : 1;
}
"""


@pytest.fixture(scope="module")
def clang():
    requires_checker(CPP)
    return cpp_plugin.CppChecker()


def test_clean_program(clang):
    assert clang.check(PROGRAM) == ()


def test_syntax_error_is_fatal(clang):
    found = clang.check(PROGRAM.replace("int sum = 0;", "int sum = ;"))
    assert found and found[0].fatal and found[0].code == "SyntaxError"


@pytest.mark.parametrize(
    "removed,message",
    [
        ("    int sum = 0;\n", "use of undeclared identifier 'sum'"),
        ("    int price;\n", "no member named 'price'"),
        ("#include <vector>\n", "no template named 'vector'"),
    ],
)
def test_deleted_declaration_is_flagged(clang, removed, message):
    found = clang.check(PROGRAM.replace(removed, ""))
    # (an unknown template name can also cost clang a parse error further on: it is flagged too)
    assert any(d.code == "UnresolvedName" and message in d.message for d in found), found


def test_type_errors_are_not_errors(clang):
    source = "#include <string>\nint main() {\n    int unused = 0;\n    std::string s = 5;\n    return 0;\n}\n"
    assert clang.check(source) == ()


@needs_clang
def test_bound_to_a_program_a_deleted_overload_counts():
    """`no matching function` is a type error on its own, but bound to the program (the core
    does that) every error a state adds counts: g++ rejects the state too."""
    program = (
        "#include <string>\n#include <vector>\n"
        "int take(int value) { return value; }\n"
        "int take(const std::string& text) { return int(text.size()); }\n"
        "template <typename T> int twice(const T& value) { return take(value) * 2; }\n"
        "int main() {\n    std::vector<int> v{1, 2};\n    return twice(std::string(\"ab\")) + take(v[0]);\n}\n"
    )
    state = program.replace("int take(const std::string& text) { return int(text.size()); }\n", "")
    checker = bound(cpp_plugin.CppChecker(), program)
    found = checker.check(state)
    # the error is in the program's own template, instantiated from main: bodies in the program
    # are checked
    assert found and any("no matching function" in d.message for d in found), found
    assert all(d.line in (4, 6, 7) for d in found), found


@needs_clang
def test_bound_to_a_program_an_error_inside_a_header_template_counts():
    """A deleted `operator==` that `std::count` needs: the error is in the standard header's
    body, instantiated for the program's type, and g++ rejects the state."""
    program = (
        "#include <algorithm>\n#include <vector>\n"
        "struct tag {\n    int id;\n};\n"
        "bool operator==(const tag& a, const tag& b) { return a.id == b.id; }\n"
        "int main() {\n    std::vector<tag> tags{{1}, {2}};\n"
        "    return std::count(tags.begin(), tags.end(), tag{1}) == 1 ? 0 : 1;\n}\n"
    )
    state = program.replace("bool operator==(const tag& a, const tag& b) { return a.id == b.id; }\n", "")
    checker = bound(cpp_plugin.CppChecker(), program)
    assert checker.check(state), "an error only the header's body shows was missed"
    if shutil.which("g++"):
        assert GXX.check(state) and not GXX.check(program)


def test_fallback_flags_a_deleted_local():
    fallback = build_checker(CPP, FALLBACK)
    fallback.begin(PROGRAM)
    assert fallback.check(PROGRAM) == ()
    found = fallback.check(PROGRAM.replace("    int sum = 0;\n", ""))
    assert found and found[0].code == "UnresolvedName" and "sum" in found[0].message


# A macro called at file scope with no `;`: valid C++ that tree-sitter-cpp cannot parse (Boost's
# BOOST_FUSION_ADAPT_STRUCT(...), BOOST_DESCRIBE_CLASS(...) are called like this).
MACRO_PROGRAM = """\
#include <cstdio>

#define REGISTER_POINT(type, a, b) \\
    inline int sum_of(const type& p) { return p.a + p.b; }

struct point {
    int x;
    int y;
};

REGISTER_POINT(point, x, y)

static int scale = 3;

int main() {
    point p;
    p.x = 1;
    p.y = 2;
    std::printf("%d\\n", sum_of(p) * scale);
    return 0;
}
"""


def test_fallback_judges_a_program_with_an_unparsed_macro_call_by_what_states_add():
    fallback = build_checker(CPP, FALLBACK)
    fallback.begin(MACRO_PROGRAM)
    assert fallback.check(MACRO_PROGRAM) == ()
    # a parse error the program does not have is still fatal
    found = fallback.check(MACRO_PROGRAM.replace("    return 0;\n}\n", "    return 0;\n"))
    assert found[0].fatal and found[0].code == "SyntaxError", found
    # the macro call may declare what `main` uses: once it is gone, external names are unresolved
    found = fallback.check(MACRO_PROGRAM.replace("REGISTER_POINT(point, x, y)\n", ""))
    assert {d.message for d in found} >= {"'sum_of' is external and a macro call of the program is missing"}, found
    # the macro's arguments are references: the field it names must stay
    found = fallback.check(MACRO_PROGRAM.replace("    int y;\n", ""))
    assert (10, "'y' is not declared in scope") in [(d.line, d.message) for d in found], found
    # and an include is an import
    found = fallback.check(MACRO_PROGRAM.replace("#include <cstdio>\n", ""))
    assert any(d.message == "'printf' is external and an import of the program is missing" for d in found), found


def test_languages_without_a_preprocessor_keep_parse_errors_fatal():
    from lintseq_x.plugins.java import JAVA

    program = "class A {\n    int f() { return 1; }\n    BROKEN(x)\n}\n"
    fallback = build_checker(JAVA, FALLBACK)
    fallback.begin(program)
    assert fallback.check(program)[0].fatal


@needs_gxx
def test_fallback_on_an_unparsed_macro_call_end_to_end():
    """Every state of every path is accepted by g++, and the program is processed at all."""
    record = InputRecord(0, "register.cpp", "cpp", {"code": MACRO_PROGRAM}, "code", None, False, "register.cpp")
    result = process_record(record, RunOptions(samples=8, seed=3, checkers=(("cpp", FALLBACK),)))
    assert result.skipped is None and result.failed is None, result.skipped or result.failed
    states = {state for row in map(json.loads, result.rows) for state in states_of(row["edit_path"])[1:]}
    assert len(states) > 8
    assert [(state, GXX.check(state)) for state in states if GXX.check(state)] == []


OVERLOADS = """\
#include <iostream>

struct Point {
    double x;
    double y;
    Point() : x(0), y(0) {}
    Point(double both) : x(both), y(both) {}
    Point(double a, double b) : x(a), y(b) {}
};

Point operator*(const Point& p, double k) { return Point(p.x * k, p.y * k); }
std::ostream& operator<<(std::ostream& out, const Point& p) { return out << p.x << "," << p.y; }

int twice(int v) { return 2 * v; }
double twice(double v) { return 2 * v; }

constexpr int square(int n) {
    return n * n;
}
static_assert(square(3) == 9, "square");

int main() {
    Point p(1.0);
    Point q{2.0, 3.0};
    std::cout << p * 2.0 << q << std::endl;
    return 0;
}
"""


STATEMENTS = """\
#include <iostream>
#include <string>
using std::string;

#if defined(OLD_COMPILER)
static int limit = 3;
#else
static int limit = 4;
#endif

int add(int a, int b, int c) { return a + b + c; }

auto make_adder = [](int base) {
    return [base](int v) { return base + v; };
};

int main() {
    string name = "x";
    int total = add(1,
                    2,
                    limit);
    std::cout << "total: " <<
        total << std::endl;
    std::cout << name << make_adder(1)(2) << std::endl;
    return 0;
}
"""


@pytest.mark.parametrize("program, deleted, message", [
    (OVERLOADS, "    Point(double both) : x(both), y(both) {}\n", "a declaration of 'Point' is gone while it is still used"),
    (OVERLOADS, "Point operator*(const Point& p, double k) { return Point(p.x * k, p.y * k); }\n",
     "a declaration of operator* is gone while it is still used"),
    (OVERLOADS, "    return n * n;\n", "constexpr 'square' changed while a constant expression uses it"),
    (OVERLOADS, "    double y;\n", "2 values in braces, more than a class that lost a member has"),
    # an argument line of a call: the call parses, with too few arguments
    (STATEMENTS, "                    2,\n", "a statement over several lines lost some of them"),
    # the tail of a `<<` chain: what is left joins the next statement
    (STATEMENTS, "        total << std::endl;\n", "a statement over several lines lost some of them"),
    # one of two conditional declarations: the compiler may see only the deleted one
    (STATEMENTS, "static int limit = 4;\n", "a declaration of 'limit' is gone while it is still used"),
    # the return that typed a lambda: `make_adder(1)(2)` calls void
    (STATEMENTS, "    return [base](int v) { return base + v; };\n",
     "a lambda or auto function lost the return that gave it a type"),
    # a using-declaration is an import
    (STATEMENTS, "using std::string;\n", "'string' is external and an import of the program is missing"),
])
def test_fallback_rules_beyond_names(program, deleted, message):
    """g++ rejects each of these states though every name in them is still declared."""
    fallback = build_checker(CPP, FALLBACK)
    fallback.begin(program)
    assert fallback.check(program) == ()
    state = program.replace(deleted, "")
    assert message in {d.message for d in fallback.check(state)}
    if shutil.which("g++"):
        assert GXX.check(state) and not GXX.check(program)


def test_fallback_lets_an_overload_nothing_uses_go():
    fallback = build_checker(CPP, FALLBACK)
    fallback.begin(OVERLOADS)
    assert fallback.check(OVERLOADS.replace("int twice(int v) { return 2 * v; }\n", "")) == ()


# -- the language standard ---------------------------------------------------------------------

# `move_back<0>(first, last)` once the template is gone: clang takes it for C++20's lookup of an
# undeclared template name (a warning, "... is a C++20 extension"), g++ -std=c++17 rejects it. Seen
# on gcc's own torture tests, where a state kept `__copy_move_backward_a2<0>(p1, p2)`. (Where the
# template is instantiated, clang also reports the name then: here, as in a library, it is not.)
EXPLICIT_ARGUMENTS = """\
template <int Shift, typename T>
T* move_back(T* first, T* last) {
    return last - Shift + (first - first);
}

template <typename T>
T* move_all(T* first, T* last) {
    return move_back<0>(first, last);
}
"""

# Valid C++20 that g++ -std=c++17 rejects (and clang -std=c++17 only warns about).
DEFAULTED_COMPARISON = """\
struct Version {
    int major;
    int minor;
    bool operator==(const Version&) const = default;
};

int main() {
    Version a{1, 2};
    Version b{1, 2};
    return a == b ? 0 : 1;
}
"""


@pytest.fixture()
def default_standard(monkeypatch):
    monkeypatch.delenv("LINTSEQ_X_CPP_STD", raising=False)


# A label left last in its block (the built-in corpus's enum_class.cpp lost a `return` after
# `case Level::Warning:`): "a C++23 extension" to clang, an error to g++ 12 -std=c++17.
SWITCH = """\
int rank(int level) {
    switch (level) {
        case 0:
            return 1;
        case 1:
            return 2;
    }
    return 0;
}
"""


@needs_clang
@pytest.mark.parametrize("program, state, line, standard", [
    pytest.param(EXPLICIT_ARGUMENTS, EXPLICIT_ARGUMENTS.split("\n\n", 1)[1], 3, "C++20", id="template-gone"),
    pytest.param(SWITCH, SWITCH.replace("            return 2;\n", ""), 6, "C++23", id="label-last"),
])
def test_a_construct_of_a_later_standard_is_an_error(default_standard, program, state, line, standard):
    checker = bound(cpp_plugin.CppChecker(), program)
    found = checker.check(state)
    assert [(d.line, d.code) for d in found] == [(line, "LaterStandard")], found
    assert found[0].message.endswith(f"is a {standard} extension")
    if shutil.which("g++"):
        assert GXX.check(state) and not GXX.check(program)


@needs_clang
def test_every_construct_of_a_later_standard_is_an_error(default_standard):
    """Not only the ones above: clang's whole warning group for each later standard."""
    assert [d.code for d in cpp_plugin.CppChecker().check(DEFAULTED_COMPARISON)] == ["LaterStandard"]
    if shutil.which("g++"):
        assert GXX.check(DEFAULTED_COMPARISON)


@needs_clang
def test_the_standard_is_one_setting_for_the_checker_and_gxx(monkeypatch):
    monkeypatch.setenv("LINTSEQ_X_CPP_STD", "c++20")
    checker = cpp_plugin.CppChecker()
    assert checker.settings["standard"] == "c++20" and "-std=c++20" in checker.settings["flags"]
    assert checker.check(DEFAULTED_COMPARISON) == ()
    if shutil.which("g++"):
        assert GXX.check(DEFAULTED_COMPARISON) is None
    monkeypatch.setenv("LINTSEQ_X_CPP_STD", "c++21")
    with pytest.raises(CheckerUnavailable, match="LINTSEQ_X_CPP_STD='c\\+\\+21' is not a C\\+\\+ standard"):
        cpp_plugin.CppChecker()


@needs_gxx
@needs_clang
def test_verify_strict_runs_gxx_with_the_recorded_standard(monkeypatch):
    monkeypatch.setenv("LINTSEQ_X_CPP_STD", "c++20")
    monkeypatch.setattr(guard, "_checkers", {})  # checkers are cached per process: build one for c++20
    record = InputRecord(0, "version.cpp", "cpp", {"code": DEFAULTED_COMPARISON}, "code", None, False, "version.cpp")
    result = process_record(record, RunOptions(samples=2, seed=1))
    rows = [json.loads(row) for row in result.rows]
    assert rows and {row["checker"]["settings"]["standard"] for row in rows} == {"c++20"}
    for row in rows:
        report = verify_record(row, 0, registry(), strict=True)
        assert (report.tools, report.violations, report.checker_mismatch) == ({"g++ -fsyntax-only": "used"}, [], None)


@needs_gxx
@needs_clang
def test_verify_strict_takes_the_standard_from_the_record_not_the_environment(monkeypatch):
    monkeypatch.setenv("LINTSEQ_X_CPP_STD", "c++20")
    monkeypatch.setattr(guard, "_checkers", {})
    record = InputRecord(0, "version.cpp", "cpp", {"code": DEFAULTED_COMPARISON}, "code", None, False, "version.cpp")
    (row,) = [json.loads(row) for row in process_record(record, RunOptions(samples=1, seed=1)).rows]
    monkeypatch.delenv("LINTSEQ_X_CPP_STD")  # verified where the default, c++17, is configured
    monkeypatch.setattr(guard, "_checkers", {})
    assert GXX.check(DEFAULTED_COMPARISON) is not None  # c++17 rejects it ...
    assert GXX.for_checker(row["checker"]["settings"]).check(DEFAULTED_COMPARISON) is None  # ... the record's c++20 not
    report = verify_record(row, 0, registry(), strict=True)
    assert report.tools == {"g++ -fsyntax-only": "used"}
    assert not [violation for violation in report.violations if "g++" in violation]
    assert report.checker_mismatch is not None and report.checker_mismatch.endswith("set differently (errors, flags, standard)")
