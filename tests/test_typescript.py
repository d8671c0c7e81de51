"""TypeScript and TSX: units on tricky code, the typescript-estree + scope-manager checker, the
fallback, and tsc as the judge. What every language shares (registration, the corpus end to end
judged by tsc, conformance) is in test_languages.py and test_conformance.py."""

from __future__ import annotations

import textwrap

import pytest

from helpers import diagnostics_of, remaining_after, structure_of, unit_of
from language_kit import checker_of, requires_checker
from lintseq_x.core.plugin_system.checker_selection import build_checker
from lintseq_x.core.plugin_system.registry import registry
from lintseq_x.plugins import npm
from lintseq_x.plugins.typescript import TSX, TYPESCRIPT
from lintseq_x.plugins.typescript import checker as ts_checker


# -- structure ---------------------------------------------------------------------------------


def structure(source: str, language=TYPESCRIPT):
    return structure_of(language, source)


def test_interface_and_enum_members_are_units_owned_by_the_declaration():
    st = structure("""
        interface Point {
          x: number;
          y: number;
        }
        enum Color {
          Red,
          Green = 2,
        }
    """)
    head = unit_of(st, "interface Point")
    assert unit_of(st, "x: number") != head and unit_of(st, "x: number") in st.dependents[head]
    assert st.unit_of_line[3] == head  # its `}`
    assert remaining_after(st, "interface Point") == "enum Color {\n  Red,\n  Green = 2,\n}\n"
    assert remaining_after(st, "Red,") == "interface Point {\n  x: number;\n  y: number;\n}\nenum Color {\n  Green = 2,\n}\n"


def test_multiline_type_arguments_close_with_their_opener():
    st = structure("""
        type Pairs = Array<
          [string, number]
        >;
        const n = 1;
    """)
    assert unit_of(st, ">;") == unit_of(st, "type Pairs")
    assert remaining_after(st, "type Pairs") == "const n = 1;\n"


def test_decorators_go_with_their_class_and_the_class_line_heads():
    st = structure("""
        @sealed
        @tagged("model")
        export class Model {
          id = 0;
        }
    """)
    head = unit_of(st, "export class Model")
    assert unit_of(st, "@sealed") in st.dependents[head]
    assert remaining_after(st, "@sealed") == '@tagged("model")\nexport class Model {\n  id = 0;\n}\n'
    assert remaining_after(st, "export class Model") == ""


def test_template_literal_and_doc_comment_are_atomic():
    st = structure("""
        /**
         * Greets.
         */
        function greet(name: string): string {
          return `hello
        ${name}`;
        }
    """)
    assert unit_of(st, "Greets.") == unit_of(st, "function greet")
    assert unit_of(st, "${name}`;") == unit_of(st, "return `hello")


def test_else_catch_and_namespace_blocks():
    st = structure("""
        namespace Util {
          export function f(a: number): number {
            try {
              return a;
            } catch (e) {
              return 0;
            } finally {
              console.log(a);
            }
          }
        }
    """)
    assert unit_of(st, "} finally {") == unit_of(st, "} catch (e) {")
    assert unit_of(st, "export function f") in st.dependents[unit_of(st, "namespace Util")]
    assert "try" not in remaining_after(st, "} catch (e) {")


def test_tsx_elements_and_typescript_casts_use_their_own_grammar():
    st = structure("""
        const view = (
          <div className="box">
            <span>{label}</span>
          </div>
        );
    """, TSX)
    # The closing tag is a unit of its own, but deleting it takes the element it closes.
    assert "div" not in remaining_after(st, "</div>")
    assert unit_of(st, "<span>") in st.dependents[unit_of(st, '<div className="box">')]
    assert not TYPESCRIPT.parser.parse(b"const n = <number>value;\n").root_node.has_error
    assert TSX.parser.parse(b"const n = <number>value;\n").root_node.has_error


# -- the checker -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checker():
    requires_checker(TYPESCRIPT)
    return ts_checker.TypeScriptChecker()


@pytest.fixture
def fresh(checker):
    with checker_of(TYPESCRIPT) as fresh:
        yield fresh


@pytest.fixture(params=["default", "fallback"])
def either(request, checker):
    """Both checkers, each bound to a program with `begin` by the test."""
    with checker_of(TYPESCRIPT, request.param) as built:
        yield built


@pytest.mark.parametrize(
    "source,line",
    [
        ("let x: number = (1;\n", 1),
        ("interface A {\n  a: string;\n", 2),
        ("const f = (x: number) =>\n\nconst y = 1;\n", 1),
        ("class A {\n  private private x = 1;\n}\n", 2),
        ("function f<T(x: T) {}\n", 1),
    ],
)
def test_syntax_errors_are_fatal(checker, source, line):
    assert diagnostics_of(checker, source) == [(line, "SyntaxError", True)]


def test_deleted_declarations_make_uses_errors_in_value_and_type_position(either):
    program = textwrap.dedent("""
        interface Options {
          verbose: boolean;
        }
        function helper(o: Options): number {
          return o.verbose ? 1 : 0;
        }
        const value: Options = { verbose: true };
        console.log(helper(value));
    """).lstrip("\n")
    either.begin(program)
    assert either.check(program) == ()
    without_interface = "".join(line for n, line in enumerate(program.splitlines(True)) if n > 2)
    assert [d.line for d in either.check(without_interface)] == [1, 4]
    without_helper = "const value = 1;\nconsole.log(helper(value));\n"
    assert [(d.line, d.fatal) for d in either.check(without_helper)] == [(2, False)]


def test_external_names_type_errors_and_unused_names_are_fine(either):
    source = textwrap.dedent("""
        import { thing } from "./elsewhere";
        let unused: string = 1;
        const el: HTMLElement = document.body;
        const n: number = "not a number";
        function f(a: string): number { return a; }
        console.log(el, n, f(2), thing.missing.property, window.undefinedGlobal);
    """).lstrip("\n")
    either.begin(source)
    assert either.check(source) == ()


def test_an_import_that_a_lib_name_would_stand_in_for(fresh, tmp_path):
    # Regression (rxjs's ColdObservable.ts): `Scheduler` is imported and used only as a type;
    # once the import is deleted, the scope manager's `dom` lib has a `Scheduler` of its own and
    # resolved the uses to it, while tsc (TypeScript 5.9's libs have none) rejects them. A name
    # the program declares is never resolved by a lib name in its states.
    program = textwrap.dedent("""
        import { Scheduler } from "./Scheduler";
        import { Event } from "./events";
        export class Cold {
          scheduler: Scheduler;
          constructor(scheduler: Scheduler, public last?: Event) {
            this.scheduler = scheduler;
          }
        }
    """).lstrip("\n")
    fresh.begin(program)
    assert fresh.check(program) == ()
    without_import = program.replace('import { Scheduler } from "./Scheduler";\n', "")
    assert [(d.line, d.code) for d in fresh.check(without_import)] == [(3, "UndefinedName"), (4, "UndefinedName")]
    # the same for a name every lib has (`Event`), which tsc would accept: the program's own
    # `Event` is not the DOM's
    without_event = program.replace('import { Event } from "./events";\n', "")
    assert [(d.line, d.code) for d in fresh.check(without_event)] == [(4, "UndefinedName")]
    # lib names the program does not declare stay external
    external = "const e: Event = new Event('x');\nconsole.log(e, document.title);\n"
    fresh.begin(external)
    assert fresh.check(external) == ()
    if ts_checker.tsc_command() is not None:  # tsc rejects the state
        (tmp_path / "state.ts").write_text(without_import)
        assert any("Scheduler" in error for error in ts_checker.tsc_errors([tmp_path / "state.ts"], tmp_path)["state.ts"])


def test_scopes_generics_and_namespaces(fresh):
    program = textwrap.dedent("""
        function identity<T>(value: T): T {
          return value;
        }
        namespace Shapes {
          export const unit = 1;
        }
        const k: T = identity(Shapes.unit);
    """).lstrip("\n")
    fresh.begin(program)
    assert [(d.line, d.code) for d in fresh.check(program)] == [(7, "UndefinedName")]


def test_overloads_without_implementation_and_missing_super(fresh):
    program = textwrap.dedent("""
        function pad(value: string): string;
        function pad(value: number): string;
        function pad(value: unknown): string {
          return String(value);
        }
        class Base {}
        class Child extends Base {
          constructor() {
            super();
          }
        }
    """).lstrip("\n")
    fresh.begin(program)
    assert fresh.check(program) == ()
    lines = program.splitlines(True)
    no_impl = "".join(lines[:2] + lines[5:])
    assert [(d.line, d.code) for d in fresh.check(no_impl)] == [(2, "MissingImplementation")]
    no_super = "".join(lines[:8] + lines[9:])
    assert [(d.line, d.code) for d in fresh.check(no_super)] == [(8, "MissingSuperCall")]


def test_fallback_keeps_a_derived_constructors_super_call():
    """tsc rejects a derived class's constructor without `super(...)` (TS2377); names alone
    cannot see it."""
    program = textwrap.dedent("""
        class Base {
          constructor(readonly id: number) {}
        }
        class Child extends Base {
          constructor(id: number) {
            super(id);
            console.log(id);
          }
        }
        class Plain {
          constructor() {
            console.log("plain");
          }
        }
    """).lstrip("\n")
    fallback = build_checker(TYPESCRIPT, "fallback")
    fallback.begin(program)
    assert fallback.check(program) == ()
    assert [(d.line, d.code) for d in fallback.check(program.replace("    super(id);\n", ""))] == [(5, "MissingSuperCall")]
    # a constructor that goes whole, or a class without `extends`, is fine
    assert fallback.check(program.replace("    console.log(\"plain\");\n", "")) == ()
    without_constructor = program.replace("  constructor(id: number) {\n    super(id);\n    console.log(id);\n  }\n", "")
    assert fallback.check(without_constructor) == ()


def test_never_raises_on_garbage(checker):
    for source in ("\x00", "))))", "(" * 20000, "`unterminated", "/* open", "<div>", "type = ;"):
        assert all(d.fatal for d in checker.check(source))


def test_tsx_checker_parses_jsx(checker):
    with checker_of(TSX) as tsx:
        assert tsx.check("const a = <div>{1}</div>;\n") == ()
        assert [d.fatal for d in tsx.check("const n = <number>value;\n")] == [True]
    assert [d.fatal for d in checker.check("const a = <div>{1}</div>;\n")] == [True]


def test_setup_does_nothing_when_installed(checker, monkeypatch):
    import subprocess

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("npm must not run again"))
    assert ts_checker.setup() == npm.cache_dir()


def test_tsc_counts_syntax_and_names_not_types(checker):
    assert ts_checker.TSC.check("const n: number = 'x';\nlet u = 1;\n") is None
    said = ts_checker.TSC.check("let x: Missing = 1;\nclass Missing2 {}\nbreak;\n")
    assert "TS1105" in said and "TS2304" not in said  # `Missing` is declared nowhere: external...
    said = ts_checker.TSC.check("let x: Missing = 1;\n")
    assert "TS2304" in said  # ...but tsc itself does not know that; the test programs avoid it


# -- TSX, the second language of the plugin ------------------------------------------------------


def test_tsx_is_registered_beside_typescript():
    """The conformance suite runs TypeScript's corpus; TSX, which ships none, is its grammar's twin."""
    assert registry().get("tsx") is TSX and registry().for_extension(".tsx") is TSX
    assert TSX.fences == ("tsx",) and TSX.extensions == (".tsx",)
