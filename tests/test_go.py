"""Go: units on tricky code, the go/parser + go/types checker and the uses it names, and the
pip-only fallback with its typed selector rule, with the Go compiler as the judge. What every
language shares (registration, the corpus end to end, conformance) is in test_languages.py and
test_conformance.py."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

import lintseq_x.plugins.go as go_plugin
from helpers import remaining_after, structure_of, unit_of
from language_kit import requires_checker
from lintseq_x.core.plugin_system.checker_selection import FALLBACK, build_checker
from lintseq_x.plugins.go import GO
from lintseq_x.plugins.go import checker as go_checker

GO_BIN = shutil.which("go")
CORPUS = sorted(Path(go_plugin.__file__).with_name("corpus").glob("*.go"))


# -- structure ---------------------------------------------------------------------------------


def structure(source: str):
    return structure_of(GO, source)


def test_raw_string_and_block_comment_are_atomic():
    st = structure("""
        package main

        /*
        Usage notes.
        */
        var usage = `first
        second`

        func main() {}
    """)
    assert unit_of(st, "Usage notes.") == unit_of(st, "/*") == unit_of(st, "var usage")
    assert unit_of(st, "second`") == unit_of(st, "var usage")
    assert unit_of(st, "func main") != unit_of(st, "var usage")


def test_deleting_the_package_clause_takes_every_declaration_at_once():
    # Go's parser stops at the first declaration of a file without a package clause, so a
    # checker would flag the declarations one call at a time; the structure drags them all.
    st = structure("""
        // Package main sums.
        package main

        import "fmt"

        const base = 1

        type pair struct{ a, b int }

        var zero pair

        func (p pair) sum() int { return p.a + p.b + base }

        func main() {
        	fmt.Println(zero.sum())
        }
    """)
    assert remaining_after(st, "package main") == ""
    assert "package main" in remaining_after(st, "const base")


def test_deleting_a_declaration_takes_its_uses_in_the_same_step():
    st = structure("""
        package main

        import (
        	"fmt"
        	"strings"
        )

        func max(a, b int) int { return a }

        func banner(width int) string {
        	line := strings.Repeat("=", width)
        	title := fmt.Sprint(width)
        	return line + title
        }

        func main() {
        	fmt.Println(banner(max(1, 2)))
        	count := 3
        	{
        		count := 4
        		fmt.Println(count)
        	}
        	fmt.Println(count)
        }
    """)
    assert "strings.Repeat" not in remaining_after(st, '"strings"')
    assert "banner(max" not in remaining_after(st, "func banner")
    # `line :=` goes with the `return` that uses it; `title` stays for the checker to judge.
    left = remaining_after(st, "line := strings")
    assert "return line" not in left and "title := fmt.Sprint" in left
    # Once a program's `max` is gone, `max` is Go's builtin: its calls are fine.
    assert "banner(max(1, 2))" in remaining_after(st, "func max")
    # `count` is declared twice: which uses were whose is left to the checker.
    assert remaining_after(st, "count := 3").count("fmt.Println(count)") == 2


def test_a_valueless_constant_goes_with_the_values_it_repeats():
    # `B` repeats `A`'s `iota`; without `A` it would be first and valueless: "missing constant
    # value". `D` repeats `C`, or `A` once `C` is gone: it goes only when both are.
    st = structure("""
        package main

        const (
        	A = iota
        	B
        	C = 10
        	D
        )
    """)
    assert remaining_after(st, "A = iota").split("\n")[3:6] == ["\tC = 10", "\tD", ")"]
    assert "\tD" in remaining_after(st, "C = 10")
    assert "\tB" in remaining_after(st, "C = 10")


def test_blocks_else_and_closing_lines():
    st = structure("""
        func f(a, b int) int {
        	if a > b {
        		return a
        	} else if a < b {
        		return b
        	} else {
        		a++
        	}
        	return 0
        }
    """)
    head = unit_of(st, "func f")
    assert st.unit_of_line[-1] == head  # the closing `}`
    assert unit_of(st, "return 0") in st.dependents[head]
    # `} else {` closes the else-if's block: it goes with that line.
    assert unit_of(st, "} else {") == unit_of(st, "} else if")
    assert "if a > b" not in remaining_after(st, "} else if")
    assert remaining_after(st, "return b").count("return") == 2
    assert st.depth_weights[unit_of(st, "a++")] == 2


def test_switch_case_arms_go_with_their_statement():
    st = structure("""
        func g(x any) {
        	switch v := x.(type) {
        	case int:
        		println(v)
        	default:
        		println("other")
        	}
        }
    """)
    switch = unit_of(st, "switch v")
    case = unit_of(st, "case int")
    assert case in st.dependents[switch] and unit_of(st, "println(v)") in st.dependents[case]
    assert unit_of(st, "\t}") == switch
    assert st.depth_weights[case] == 1 and st.depth_weights[unit_of(st, "println(v)")] == 2


def test_multiline_signature_goroutine_and_condition():
    st = structure("""
        func h(
        	a int,
        ) error {
        	go func() {
        		work()
        	}()
        	if a > 1 &&
        		a < 3 {
        		return nil
        	}
        	return nil
        }
    """)
    # Losing `) error {` (the body's opening line) takes the whole function.
    assert remaining_after(st, ") error {") == ""
    # `}()` closes the literal: deleting it deletes the go statement.
    assert "go func" not in remaining_after(st, "}()")
    assert unit_of(st, "a < 3 {") == unit_of(st, "if a > 1")


# -- the default checker -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def checker():
    requires_checker(GO)
    return go_checker.GoChecker()


PROGRAM = '''package main

import (
	"fmt"
	"strings"
)

type point struct {
	x, y int
}

func (p point) norm() int { return p.x*p.x + p.y*p.y }

func main() {
	p := point{x: 1, y: 2}
	total := 0
	for i := 0; i < 3; i++ {
		total += p.norm()
	}
	fmt.Println(strings.Repeat("=", total))
}
'''


def codes(checker, source):
    return [(d.line, d.code, d.fatal) for d in checker.check(source)]


def test_clean_program_and_syntax_errors(checker):
    checker.begin(PROGRAM)
    assert checker.check(PROGRAM) == ()
    assert codes(checker, PROGRAM.replace("\tfor i := 0; i < 3; i++ {\n", "")) [0][2] is True
    assert codes(checker, "func main() {}\n") == [(1, "SyntaxError", True)]  # no package clause
    assert codes(checker, "") == [(1, "SyntaxError", True)]  # the empty state is not Go; never checked
    assert codes(checker, "package main\n\nx := 1\n") == [(3, "SyntaxError", True)]


@pytest.mark.parametrize(
    "removed,line,name",
    [
        ("\t\"fmt\"\n", 19, "fmt"),
        ("\ttotal := 0\n", 17, "total"),
        ("func (p point) norm() int { return p.x*p.x + p.y*p.y }\n", 17, "norm"),
        ("\tx, y int\n", 11, "x"),
    ],
)
def test_deleted_declarations_are_unresolved(checker, removed, line, name):
    checker.begin(PROGRAM)
    found = checker.check(PROGRAM.replace(removed, ""))
    assert found and found[0].code == "UndefinedName" and not found[0].fatal
    assert found[0].line == line and name in found[0].message


def test_external_names_types_and_unused_are_fine(checker):
    checker.begin(PROGRAM)
    # Unused variables and imports, a missing return, a type mismatch, names from a sibling
    # file (never declared here) and a package that is not installed: none is an error.
    source = textwrap.dedent('''\
        package main

        import (
        	"os"
        	"example.com/not/installed"
        )

        func f() int {
        	var unused string = 3
        	installed.Do(siblingHelper())
        }
    ''')
    assert checker.check(source) == ()


def test_a_file_is_judged_by_the_errors_it_adds_to_its_own(checker):
    # Real package files (Go's own runtime, crypto/tls) use at package level a type from a
    # sibling file whose name they also declare locally: the file alone has "undeclared name"
    # errors there. They are the program's own, tolerated; a deletion's new ones are not.
    program = textwrap.dedent('''\
        package parser

        var p parser
        var _ *g

        func other() int {
        	g := 2
        	return g
        }
    ''')
    checker.begin(program)
    assert checker.check(program) == ()  # `package parser` declares no `parser`
    assert codes(checker, program.replace("\tg := 2\n", "")) == [(7, "UndefinedName", False)]
    # a second occurrence of a tolerated error is new
    assert codes(checker, program.replace("var _ *g\n", "var _ *g\nvar _ *g\n")) == [(5, "UndefinedName", False)]


def test_a_deleted_local_that_shadowed_a_package_or_typed_a_value(checker):
    # Deleting `hash := h()` leaves `hash.Write` on the imported package `hash`, which has no
    # `Write`; deleting a local `b` leaves `b.WriteString` on a package-level `b int`. Neither
    # member is the program's own, but both are unresolved: those packages' and types' members
    # are all known.
    program = textwrap.dedent('''\
        package tls

        import (
        	"bytes"
        	"hash"
        )

        var b int

        func f(h func() hash.Hash) []byte {
        	hash := h()
        	hash.Write(nil)
        	var b bytes.Buffer
        	b.WriteString("x")
        	return hash.Sum(nil)
        }
    ''')
    checker.begin(program)
    assert checker.check(program) == ()
    assert codes(checker, program.replace("\thash := h()\n", "")) == [(11, "UndefinedName", False), (14, "UndefinedName", False)]
    assert codes(checker, program.replace("\tvar b bytes.Buffer\n", "")) == [(13, "UndefinedName", False)]
    if GO_BIN is not None:  # the compiler agrees
        assert "undefined: hash.Write" in go_checker.COMPILER.check(program.replace("\thash := h()\n", ""))
        assert go_checker.COMPILER.check(program) is None


def test_labels_and_branches(checker):
    checker.begin("package main\n\nfunc f() {\nL:\n\tfor {\n\t\tbreak L\n\t}\n}\n")
    assert codes(checker, "package main\n\nfunc f() {\n\tgoto L\n}\n") == [(4, "UndefinedName", False)]
    assert codes(checker, "package main\n\nfunc f() {\n\tswitch {\n\tcase true:\n\t\tfallthrough\n\t}\n}\n")[0][1] == "BranchError"


# -- the fallback ------------------------------------------------------------------------------


@pytest.fixture
def fallback():
    built = build_checker(GO, FALLBACK)
    built.begin(PROGRAM)
    return built


@pytest.mark.parametrize("program", CORPUS, ids=lambda path: path.name)
def test_the_checker_flags_every_use_the_structure_predicts(checker, program):
    """Deleting a declaration without its predicted uses, the checker's own rounds delete them."""
    import dataclasses

    from helpers import assert_checker_deletes_predicted
    from lintseq_x.core.algorithm.structure import build_structure, split_lines

    source = program.read_text(encoding="utf-8")
    tree = GO.parser.parse(source.encode())
    predicted = GO.structure_of(source)
    plain = build_structure(split_lines(source), tree, dataclasses.replace(GO.structure, use_query=None))
    assert predicted.unit_of_line == plain.unit_of_line
    checker.begin(source)
    extra = {unit: set(predicted.dependents[unit] - plain.dependents[unit]) for unit in range(plain.unit_count)}
    assert assert_checker_deletes_predicted(plain, checker, {u: units for u, units in extra.items() if units}, program.name) > 0


MEMBERS = textwrap.dedent('''\
    package main

    import (
    	"encoding/json"
    	"fmt"
    )

    type point struct {
    	x, y int
    	label string
    }

    func (p point) norm() int { return p.x*p.x + p.y*p.y }

    type shape interface{ area() int }

    type square struct{ side int }

    func (s square) area() int { return s.side * s.side }

    func main() {
    	p := point{x: 3, label: "a"}
    	data, err := json.Marshal(p)
    	text, err := fmt.Println(p.norm(), p.y)
    	var s shape = square{side: 2}
    	fmt.Println(data, err, text, s.area())
    }
''')


def test_the_checker_names_each_use_of_a_name_declared_once(checker):
    lines = MEMBERS.split("\n")
    row = {text: number for number, text in enumerate(lines)}
    pairs = set(checker.dependent_lines(MEMBERS))

    def uses(declaring: str) -> set[str]:
        return {lines[use].strip() for owner, use in pairs if owner == row[declaring]}

    # fields and methods, through selectors and struct-literal keys, as go/types resolved them
    assert uses("\tx, y int") == {
        "p := point{x: 3, label: \"a\"}",
        "func (p point) norm() int { return p.x*p.x + p.y*p.y }",
        "text, err := fmt.Println(p.norm(), p.y)",
    }
    assert uses("func (p point) norm() int { return p.x*p.x + p.y*p.y }") == {"text, err := fmt.Println(p.norm(), p.y)"}
    assert "fmt.Println(data, err, text, s.area())" in uses('\t"fmt"')
    assert "data, err := json.Marshal(p)" in uses('\t"encoding/json"')
    # `area` is declared twice (the interface's and square's): without one, `s.area()` may
    # find the other.
    assert uses("type shape interface{ area() int }") == {"var s shape = square{side: 2}"}  # the type only
    assert uses("func (s square) area() int { return s.side * s.side }") == set()
    # `err` is assigned again by the later `:=`, which would declare it without the first:
    # only `data` has uses here.
    assert uses("\tdata, err := json.Marshal(p)") == {"fmt.Println(data, err, text, s.area())"}


def test_the_checker_names_no_uses_in_a_file_it_cannot_resolve_whole(checker):
    # A type from a sibling file: go/types stays silent on the fields of a struct that has a
    # field of that type, so deleting one would go unreported. Such a file gets no pairs.
    program = MEMBERS.replace("\tlabel string\n", "\tlabel string\n\tnext *node\n")
    assert checker.dependent_lines(program) == []


def test_an_undeclared_array_length_is_unresolved(checker):
    program = "package main\n\nconst size = 4\n\nvar table [size]int\n\nfunc main() { _ = [size]byte{} }\n"
    checker.begin(program)
    assert checker.check(program) == ()
    assert codes(checker, program.replace("const size = 4\n", "")) == [(4, "UndefinedName", False), (6, "UndefinedName", False)]


@pytest.mark.parametrize("program", CORPUS, ids=lambda path: path.name)
def test_the_checker_flags_every_use_it_names(checker, program):
    """Deleting a declaration without the uses `dependent_lines` names, the checker's own rounds
    delete them."""
    from helpers import assert_checker_deletes_predicted, units_of_pairs

    source = program.read_text(encoding="utf-8")
    structure = GO.structure_of(source)
    predicted = units_of_pairs(structure, checker.dependent_lines(source))
    assert assert_checker_deletes_predicted(structure, checker, predicted, program.name) > 0


def test_fallback_judges_the_same_program(fallback):
    assert fallback.check(PROGRAM) == ()
    for removed, name in (("\t\"fmt\"\n", "fmt"), ("\ttotal := 0\n", "total"), ("\tx, y int\n", "x"),
                          ("func (p point) norm() int { return p.x*p.x + p.y*p.y }\n", "norm")):
        found = fallback.check(PROGRAM.replace(removed, ""))
        assert found and all(d.code == "UnresolvedName" for d in found)
        assert any(f"'{name}'" in d.message for d in found)
    assert fallback.check("package main\n\nfunc f() { os.Exit(g()) }\n") == ()  # external names
    assert [d.code for d in fallback.check("package main\n\nx := 1\n")] == ["TopLevel"]
    assert fallback.check("package main\n\nfunc f( {\n")[0].fatal


def test_fallback_needs_the_package_clause(fallback):
    # tree-sitter parses a file without a package clause; every declaration in it is flagged.
    found = fallback.check(PROGRAM.replace("package main\n", ""))
    flagged = {d.line for d in found}
    assert {2, 7, 11, 13} <= flagged


# -- standard library members ------------------------------------------------------------------


def test_members_of_standard_library_values_are_resolved(checker):
    # The helper is built with -trimpath; without GOROOT its importer found no standard library
    # and faked container/list, so a deleted field reached through list.Element went unseen.
    program = (
        'package main\n\nimport "container/list"\n\ntype pair struct {\n\tkey   string\n\tvalue int\n}\n\n'
        "func put(elem *list.Element, value int) {\n\telem.Value.(*pair).value = value\n}\n\nfunc main() {}\n"
    )
    checker.begin(program)
    assert checker.check(program) == ()
    found = checker.check(program.replace("\tvalue int\n", ""))
    assert [(d.line, d.code) for d in found] == [(10, "UndefinedName")]



# -- the fallback's typed selector rule (selectors.py) --------------------------------------------

# `decoy` declares every member name the others have, so that names alone never see one go.
TYPED = '''package main

import (
	"fmt"
	"sync"
)

type Shape interface {
	Area() int
	Perimeter() int
}

type Pos struct {
	base      *Base
	line, col int
}

func (p Pos) Line() int { return p.line }
func (p Pos) Col() int  { return p.col }

type Base struct {
	pos  Pos
	name string
}

func (b *Base) Pos() Pos { return b.pos }

type Rect struct{ W, H int }

func (r Rect) Area() int { return r.W * r.H }

type decoy struct {
	line, col, name, W, H int
	Perimeter, Line, Col  func() int
}

type Locked struct {
	sync.Mutex
	count int
}

func (l *Locked) Area() int { return l.count }

func describe(s Shape) int {
	switch v := s.(type) {
	case Rect:
		return v.H
	}
	return s.Perimeter()
}

func (r Rect) Perimeter() int { return 2 * (r.W + r.H) }

func main() {
	b := &Base{name: "a"}
	p := Pos{base: b, line: 1, col: 2}
	q := b.Pos()
	shapes := []Shape{Rect{W: 1, H: 2}}
	for _, s := range shapes {
		fmt.Println(s.Area(), describe(s))
	}
	var l Locked
	l.Lock()
	fmt.Println(p.Col(), q.Line(), b.Pos().Col(), p.base.name, l.Area(), decoy{})
}
'''


@pytest.fixture
def typed():
    built = build_checker(GO, FALLBACK)
    built.begin(TYPED)
    assert built.check(TYPED) == ()
    return built


@pytest.mark.parametrize("removed, flagged", [
    # `Pos.Col` and `Pos.Line` go: `p.Col()` (a composite literal's type), `b.Pos().Col()` (a
    # method's result), `q.Line()` (`q := b.Pos()`).
    ("func (p Pos) Col() int  { return p.col }\n", {"fmt.Println(p.Col(), q.Line(), b.Pos().Col(), p.base.name, l.Area(), decoy{})"}),
    ("func (p Pos) Line() int { return p.line }\n", {"fmt.Println(p.Col(), q.Line(), b.Pos().Col(), p.base.name, l.Area(), decoy{})"}),
    # An interface method goes while the struct keeps its own: `s.Perimeter()` on a `Shape`.
    ("\tPerimeter() int\n", {"return s.Perimeter()"}),
    # Fields reached through receivers, through a field of known type (`p.base.name`), and a
    # struct literal's keys.
    ("\tline, col int\n", {"func (p Pos) Line() int { return p.line }", "func (p Pos) Col() int  { return p.col }",
                            "p := Pos{base: b, line: 1, col: 2}"}),
    ("\tname string\n", {'b := &Base{name: "a"}',
                          "fmt.Println(p.Col(), q.Line(), b.Pos().Col(), p.base.name, l.Area(), decoy{})"}),
    # The alias of a type switch's one-type case, and `[]Shape{Rect{...}}`.
    ("type Rect struct{ W, H int }", {"func (r Rect) Area() int { return r.W * r.H }", "return v.H",
                                     "func (r Rect) Perimeter() int { return 2 * (r.W + r.H) }",
                                     "shapes := []Shape{Rect{W: 1, H: 2}}"}),
])
def test_fallback_members_reached_through_a_type(typed, removed, flagged):
    state = TYPED.replace(removed, "type Rect struct{}" if removed.startswith("type Rect") else "")
    assert state != TYPED
    lines = state.splitlines()
    found = typed.check(state)
    assert found and all(d.code == "UnresolvedName" for d in found)
    assert {lines[d.line - 1].strip() for d in found} == flagged, [(d.line, d.message) for d in found]
    if GO_BIN is not None:
        assert go_checker.COMPILER.check(state) is not None, state


def test_fallback_open_types_and_unknown_operands_keep_the_name_rule(typed):
    # `Locked` embeds `sync.Mutex`: its members cannot all be listed here, so `l.Area()` is
    # judged by name, and `Rect` still declares an `Area`.
    assert typed.check(TYPED.replace("func (l *Locked) Area() int { return l.count }\n", "")) == ()
    # An operand of unknown type (from another package) is judged by name alone.
    program = ('package main\n\nimport "os"\n\ntype T struct{ Name string }\n\ntype U struct{ Name string }\n\n'
               "func main() { println(os.Stdin.Name(), T{}.Name, U{}) }\n")
    built = build_checker(GO, FALLBACK)
    built.begin(program)
    assert built.check(program) == ()
    found = built.check(program.replace("type T struct{ Name string }", "type T struct{}"))
    assert [(d.line, d.message) for d in found] == [(9, "'Name' is not a field or method of T")]  # not `os.Stdin.Name()`
    # A local of the same name hides a typed one: `p` is no longer a Pos.
    shadowed = TYPED.replace("\tq := b.Pos()\n", "\tq := b.Pos()\n\t{\n\t\tp := decoy{}\n\t\t_ = p.Col\n\t}\n")
    typed.begin(shadowed)
    assert typed.check(shadowed) == ()
    state = shadowed.replace("func (p Pos) Col() int  { return p.col }\n", "")
    assert {state.splitlines()[d.line - 1].strip() for d in typed.check(state)} == {
        "fmt.Println(p.Col(), q.Line(), b.Pos().Col(), p.base.name, l.Area(), decoy{})"}  # not `_ = p.Col`
