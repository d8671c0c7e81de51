"""The Rust plugin: structure, both checkers, and rustc as the judge of their examples. What every
language shares (registration, the corpus end to end judged by rustc, conformance) is in
test_languages.py and test_conformance.py."""

from __future__ import annotations

import pytest

pytest.importorskip("tree_sitter_rust", reason="tree-sitter-rust is not installed")

from lintseq_x.core.plugin_system.checker_selection import build_checker  # noqa: E402
from lintseq_x.plugins import rust  # noqa: E402

RUSTC_MISSING = rust.RUSTC_TOOL.available()
needs_rustc = pytest.mark.skipif(RUSTC_MISSING is not None, reason=f"no independent Rust judge: {RUSTC_MISSING}")


@pytest.fixture(params=["default", "fallback"])
def checker(request):
    return build_checker(rust.RUST, request.param)


def rustc_accepts(source: str) -> bool:
    return rust.RUSTC_TOOL.check(source) is None


# ---- structure ---------------------------------------------------------------------------------

TRICKY = '''//! Crate docs.

/// A documented struct.
#[derive(Debug)]
pub struct P {
    a: u8,
}

const RAW: &str = r#"line one
line two"#;

fn sign(x: i32) -> i32 {
    /* a block
       comment */
    if x > 0 {
        1
    } else if x < 0 {
        -1
    } else {
        0
    }
}

fn show(v: &[i32]) {
    println!(
        "{:?}",
        v
    );
}
'''


def unit_texts(source: str) -> list[str]:
    structure = rust.RUST.structure_of(source)
    return ["".join(structure.lines[i] for i in rows) for rows in structure.unit_lines]


def test_multi_line_tokens_and_macro_calls_are_atomic():
    units = unit_texts(TRICKY)
    assert any('r#"line one\nline two"#;' in unit for unit in units)
    assert any("/* a block\n       comment */" in unit for unit in units)
    assert any('    println!(\n        "{:?}",\n        v\n    );' in unit for unit in units)


def test_doc_comments_and_attributes_travel_with_their_item():
    structure = rust.RUST.structure_of(TRICKY)
    lines = structure.lines
    unit = structure.unit_of_line
    doc, attr, head = (lines.index(text) for text in ("/// A documented struct.\n", "#[derive(Debug)]\n", "pub struct P {\n"))
    assert unit[doc] == unit[attr] == unit[head]
    assert unit[lines.index("}\n", head)] == unit[head]


def test_closing_braces_and_else_go_with_their_statement():
    structure = rust.RUST.structure_of(TRICKY)
    lines = structure.lines
    unit = structure.unit_of_line
    if_row = lines.index("    if x > 0 {\n")
    elif_row = lines.index("    } else if x < 0 {\n")
    # `} else {` closes the `else if` block: it goes with the line that opened that block.
    assert unit[lines.index("    } else {\n")] == unit[elif_row]
    # `} else if x < 0 {` closes the first block: deleting it must take the whole `if` along.
    assert any(r.owner == unit[if_row] and unit[elif_row] in r.members for r in structure.requirements)
    assert unit[lines.index("}\n", if_row)] == unit[lines.index("fn sign(x: i32) -> i32 {\n")]


# ---- checkers ----------------------------------------------------------------------------------

PROGRAM = '''use std::collections::HashMap;

const LIMIT: usize = 3;

pub struct Counter {
    seen: HashMap<String, usize>,
}

impl Counter {
    pub fn add(&mut self, word: &str) -> usize {
        let entry = self.seen.entry(word.to_string()).or_insert(0);
        *entry += 1;
        helper(*entry)
    }
}

fn helper(n: usize) -> usize {
    let total = n.min(LIMIT);
    println!("{}", total);
    total
}
'''


def test_the_full_program_is_clean(checker):
    checker.begin(PROGRAM)
    assert list(checker.check(PROGRAM)) == []


@pytest.mark.parametrize(
    "removed, name",
    [
        ("const LIMIT: usize = 3;\n", "LIMIT"),
        ("use std::collections::HashMap;\n", "HashMap"),
        ("        let entry = self.seen.entry(word.to_string()).or_insert(0);\n", "entry"),
        ("    let total = n.min(LIMIT);\n", "total"),
    ],
)
def test_a_deleted_declaration_is_an_unresolved_name(checker, removed, name):
    checker.begin(PROGRAM)
    state = PROGRAM.replace(removed, "")
    problems = checker.check(state)
    assert any(p.code == "UnresolvedName" and repr(name) in p.message for p in problems), problems


def test_a_deleted_function_is_an_unresolved_name(checker):
    checker.begin(PROGRAM)
    start = PROGRAM.index("fn helper")
    state = PROGRAM[:start]
    assert any("'helper'" in p.message for p in checker.check(state))


def test_inline_format_arguments_are_references():
    program = 'fn f() {\n    let total = 3;\n    println!("{total}");\n}\n'
    checker = build_checker(rust.RUST)
    checker.begin(program)
    assert checker.check(program) == ()
    assert any("'total'" in p.message for p in checker.check(program.replace("    let total = 3;\n", "")))


def test_namespaces_are_separate_in_the_default_checker():
    program = "fn f() {\n    let std = 1;\n    let v = std::cmp::max(std, 2);\n    assert!(v > 0);\n}\n"
    checker = build_checker(rust.RUST)
    checker.begin(program)
    assert checker.check(program) == ()


def test_names_the_program_never_declares_are_external(checker):
    program = "use serde::Serialize;\nfn f() -> Vec<u8> {\n    external::call(Thing::new(), CONSTANT)\n}\n"
    checker.begin(program)
    assert list(checker.check(program)) == []


def test_type_errors_and_unused_items_are_not_errors(checker):
    program = 'use std::fmt;\nfn f() -> u8 {\n    let unused = 5;\n    let x: u8 = "text";\n    x\n}\n'
    checker.begin(program)
    assert list(checker.check(program)) == []


def test_syntax_errors_are_fatal(checker):
    checker.begin(PROGRAM)
    problems = checker.check("fn f( {\n")
    assert problems and problems[0].fatal


def test_statements_at_file_scope_are_errors(checker):
    checker.begin("let x = 1;\n")
    assert any(p.code == "TopLevel" for p in checker.check("let x = 1;\n"))


def test_attributes_and_doc_comments_that_document_nothing_are_errors():
    checker = build_checker(rust.RUST)
    for state in ("#[derive(Debug)]\n", "/// docs\n", "fn f() {\n    #[allow(unused)]\n}\n"):
        checker.begin(state)
        assert any(p.code == "SyntaxError" for p in checker.check(state)), state
    checker.begin("/// docs\n#[derive(Debug)]\nstruct A;\n")
    assert checker.check("/// docs\n#[derive(Debug)]\nstruct A;\n") == ()


@needs_rustc
def test_rustc_agrees_on_the_checker_examples():
    assert rustc_accepts(PROGRAM)
    assert not rustc_accepts(PROGRAM.replace("const LIMIT: usize = 3;\n", ""))
    assert not rustc_accepts("#[derive(Debug)]\n")
    # Type errors are not what -Z no-analysis judges.
    assert rustc_accepts('fn f() -> u8 { let x: u8 = "text"; x }\n')


def test_default_checker_sees_later_macro_arguments_and_paths_into_deleted_modules():
    default = build_checker(rust.RUST, "default")
    program = (
        "use std::fmt;\n\npub mod units {\n    pub fn miles(x: f64) -> f64 { x * 1609.0 }\n}\n\n"
        "pub mod pace {\n    use super::units::miles;\n    pub fn run() -> f64 { miles(1.0) }\n}\n\n"
        "fn show(f: &mut fmt::Formatter<'_>, row: Vec<String>) -> fmt::Result {\n"
        '    writeln!(f, "[{}]", row.join(", "))\n}\n'
    )
    default.begin(program)
    assert list(default.check(program)) == []
    # tree-sitter matches `"," . (identifier)` once per token tree: the third argument was missed.
    without_row = program.replace("row: Vec<String>", "")
    assert ("UnresolvedName", "'row'") in {(d.code, d.message.split(" ")[0]) for d in default.check(without_row)}
    without_module = program.replace("pub mod units {\n    pub fn miles(x: f64) -> f64 { x * 1609.0 }\n}\n\n", "")
    assert any("super::units" in d.message for d in default.check(without_module))


def test_dependent_lines_follow_the_resolvers_namespaces():
    # A `use` path's first segment is a module, not the local value of the same name: deleting
    # `let helper` leaves the `use` line resolved, so it is no dependent of it.
    program = (
        "use helper::Thing;\n"
        "mod helper { pub struct Thing; }\n"
        "fn main() {\n"
        "    let helper = Thing;\n"
        "    let _copy = helper;\n"
        "}\n"
    )
    checker = build_checker(rust.RUST, "default")
    checker.begin(program)
    assert checker.check(program) == ()
    pairs = set(checker.dependent_lines(program))
    assert (3, 4) in pairs  # `let _copy = helper;`
    assert (3, 0) not in pairs
    flagged = {d.line for d in checker.check(program.replace("    let helper = Thing;\n", ""))}
    assert flagged == {4}
