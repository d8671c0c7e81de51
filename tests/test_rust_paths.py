"""The Rust checker on modules, macros and paths: names inside macro calls' arguments, macros
that `macro_rules!` declares, and paths (`a::b`, `self::`, `super::`, `crate::`) resolved
against the program's own module tree; and rustc, the independent judge, on every state."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("tree_sitter_rust", reason="tree-sitter-rust is not installed")

from invariants import states_of  # noqa: E402

from lintseq_x.core.plugin_system.checker_selection import build_checker  # noqa: E402
from lintseq_x.core.pipeline import RunOptions, process_record  # noqa: E402
from lintseq_x.core.input.records import InputRecord  # noqa: E402
from lintseq_x.plugins import rust  # noqa: E402

DATA = Path(__file__).parent / "data" / "rust_paths"
RUSTC = rust.rustc_path()
HAVE_RUSTC = shutil.which(RUSTC) is not None
needs_rustc = pytest.mark.skipif(not HAVE_RUSTC, reason="rustc is not installed: no independent Rust judge")


def flagged(program: str, state: str) -> list[str]:
    """The default checker's messages on `state`, having seen `program`."""
    checker = build_checker(rust.RUST, "default")
    checker.begin(program)
    assert checker.check(program) == (), checker.check(program)
    return [d.message for d in checker.check(state)]


# ---- what rustc rejects, one example of each kind ----------------------------------------------

SQUARE = '''macro_rules! square {
    ($x:expr) => {
        $x * $x
    };
}

fn show() {
    println!("{}", square!(2));
}
'''


def test_a_macro_called_inside_another_macros_arguments_needs_its_macro_rules():
    state = SQUARE[SQUARE.index("fn show"):]
    assert any("'square'" in message for message in flagged(SQUARE, state))


SHAPES = '''mod shapes {
    pub fn unit() -> u32 {
        1
    }
}

const VAL: u32 = 2;

mod inner {
    pub fn helper() -> u32 {
        3
    }

    pub struct P {
        pub a: u32,
    }

    pub struct T(pub u32);
}

mod user {
    pub fn get() -> u32 {
        super::VAL + crate::shapes::unit()
    }
}

fn other(x: u32) -> u32 {
    x
}

fn helper() -> u32 {
    4
}

fn main() {
    let _u = shapes::unit();
    println!("{}", inner::helper());
    let _p = inner::P { a: 1 };
    let inner::T(_t) = inner::T(2);
    let _v = vec![other(helper())];
}

fn typed(_p: inner::P) {}
'''


@pytest.mark.parametrize(
    "deleted, expected",
    [
        ("    pub fn unit() -> u32 {\n        1\n    }\n", "'shapes::unit'"),
        ("    pub fn helper() -> u32 {\n        3\n    }\n", "'inner::helper'"),
        ("const VAL: u32 = 2;\n", "'super::VAL'"),
        ("    pub struct P {\n        pub a: u32,\n    }\n", "'inner::P'"),
        ("    pub struct T(pub u32);\n", "'inner::T'"),
        ("fn helper() -> u32 {\n    4\n}\n", "'helper'"),
    ],
)
def test_paths_into_an_emptied_module_are_unresolved(deleted, expected):
    state = SHAPES.replace(deleted, "", 1)
    messages = flagged(SHAPES, state)
    assert any(expected in message for message in messages), messages


def test_a_path_through_a_crate_root_into_a_deleted_module():
    state = SHAPES.replace("mod shapes {\n    pub fn unit() -> u32 {\n        1\n    }\n}\n", "")
    messages = flagged(SHAPES, state)
    assert any("'crate::shapes::unit'" in message for message in messages), messages


def test_a_use_whose_item_left_its_module():
    program = "mod tools {\n    pub fn saw() {}\n    pub fn drill() {}\n}\n\nuse tools::{drill, saw};\n"
    messages = flagged(program, program.replace("    pub fn saw() {}\n", ""))
    assert any("'tools::saw'" in message for message in messages), messages


def test_an_import_deleted_from_a_nested_module_unresolves_its_paths():
    # `mod shapes` is still declared at the crate root, but not where the path looks for it.
    program = (
        "mod shapes {\n    pub fn unit() -> u8 { 1 }\n}\n\n"
        "mod user {\n    use super::shapes;\n\n    pub fn get() -> u8 {\n        shapes::unit()\n    }\n}\n"
    )
    messages = flagged(program, program.replace("    use super::shapes;\n", ""))
    assert any("'shapes::unit'" in message for message in messages), messages


def test_widths_and_precisions_taken_from_variables_are_format_arguments():
    program = 'fn f(count: usize, x: f64) -> String {\n    let width = 8;\n    let prec = 2;\n    format!("{count:>width$} {x:.prec$}")\n}\n'
    assert any("'width'" in message for message in flagged(program, program.replace("    let width = 8;\n", "")))
    assert any("'prec'" in message for message in flagged(program, program.replace("    let prec = 2;\n", "")))


def test_an_impl_of_a_trait_in_a_module_may_only_define_its_members():
    program = (DATA / "trait_in_module.rs").read_text()
    messages = flagged(program, program.replace("        fn say(&self) -> String;\n", ""))
    assert any("'say' is not a member of trait 'speak::Speaker'" in message for message in messages), messages


def test_a_let_binding_is_not_seen_in_its_own_initializer():
    # Deleting the `.collect();` line makes the next statement part of the `let`'s initializer.
    program = (
        "pub fn count(text: &str, counts: &mut Vec<String>) {\n"
        "    for raw in text.split(' ') {\n"
        "        let word: String = raw\n            .chars()\n            .collect();\n"
        "        *counts.get_mut(0).unwrap() += &word;\n"
        "    }\n}\n"
    )
    messages = flagged(program, program.replace("            .collect();\n", ""))
    assert any("'word'" in message for message in messages), messages


# ---- what rustc accepts: no false alarms ------------------------------------------------------

def test_named_format_arguments_and_closure_parameters_bind_in_the_call():
    program = (
        "fn label() -> &'static str {\n    \"n\"\n}\n\n"
        "fn elsewhere() {\n    let name = 1;\n    let x = 2;\n    let _ = (name, x);\n}\n\n"
        "fn show(v: &[i32]) -> String {\n"
        "    assert!(v.iter().all(|x| *x > 0));\n"
        '    format!("{name}", name = label())\n'
        "}\n"
    )
    checker = build_checker(rust.RUST, "default")
    checker.begin(program)
    assert checker.check(program) == ()


def test_paths_the_program_cannot_see_into_are_not_judged():
    program = (
        "use std::collections::HashMap;\n\nmod m {\n    pub enum E {\n        A,\n    }\n}\n\n"
        "fn f<T: Default>() -> T {\n    let _e = m::E::A;\n    let _h: HashMap<u8, u8> = HashMap::new();\n    T::default()\n}\n"
    )
    checker = build_checker(rust.RUST, "default")
    checker.begin(program)
    assert checker.check(program) == ()
    # An enum's variants are rustc's type checker's business (-Z no-analysis accepts `m::E::B`).
    assert checker.check(program.replace("        A,\n", "")) == ()


def test_right_operands_are_still_uses():
    # They are no longer in the locals query (quadratic in a chain's depth), but found in code.
    program = "fn f() -> i32 {\n    let a = 1;\n    let b = 2 + a;\n    b\n}\n"
    messages = flagged(program, program.replace("    let a = 1;\n", ""))
    assert any("'a'" in message for message in messages), messages


# ---- rustc on every state ---------------------------------------------------------------------

def generated_program(seed: int) -> str:
    """A random module tree whose functions reach each other's items by every path form
    (`crate::`, `super::`, `self::`, relative, imported), inside and outside macro calls."""
    rng = random.Random(seed)
    modules: list[tuple[str, ...]] = [()]
    for number in range(rng.randint(2, 4)):
        parent = rng.choice([m for m in modules if len(m) < 2])
        modules.append(parent + (f"m{number}",))
    items: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for index, module in enumerate(modules):
        items[module] = [("fn", f"f{index}")]
        if rng.random() < 0.6:
            items[module].append(("const", f"C{index}"))
        if rng.random() < 0.5:
            items[module].append(("struct", f"S{index}"))

    def path(here: tuple[str, ...], there: tuple[str, ...], name: str) -> str:
        common = 0
        while common < min(len(here), len(there)) and here[common] == there[common]:
            common += 1
        style = rng.choice(["crate", "relative", "relative"])
        if style == "crate" or (common < len(here) and rng.random() < 0.3):
            return "::".join(("crate",) + there + (name,))
        ups = ("super",) * (len(here) - common)
        rest = there[common:]
        if not ups and not rest:
            return rng.choice([name, f"self::{name}"])
        return "::".join(ups + rest + (name,))

    def use_of(here: tuple[str, ...]) -> str:
        there = rng.choice(modules)
        kind, name = rng.choice(items[there])
        text = path(here, there, name)
        if kind == "fn":
            text += "()"
        elif kind == "struct":
            text = f"{text} {{ v: 1 }}.v"
        return rng.choice([text, f"twice!({text})", f"vec![{text}, 1].len() as u32", f"{{ println!(\"{{}}\", {text}); 0 }}"])

    def render(module: tuple[str, ...], depth: int) -> list[str]:
        pad = "    " * depth
        lines = []
        for kind, name in items[module]:
            if kind == "fn":
                lines += [f"{pad}pub fn {name}() -> u32 {{", f"{pad}    let a = {use_of(module)};",
                          f"{pad}    let b = {use_of(module)};", f"{pad}    a + b", f"{pad}}}", ""]
            elif kind == "const":
                lines += [f"{pad}pub const {name}: u32 = {rng.randint(1, 9)};", ""]
            else:
                lines += [f"{pad}pub struct {name} {{", f"{pad}    pub v: u32,", f"{pad}}}", ""]
        for child in (m for m in modules if len(m) == len(module) + 1 and m[:-1] == module):
            lines += [f"{pad}pub mod {child[-1]} {{"] + render(child, depth + 1) + [f"{pad}}}", ""]
        return lines

    head = ["macro_rules! twice {", "    ($x:expr) => {", "        $x + $x", "    };", "}", ""]
    return "\n".join(head + render((), 0)).rstrip() + "\n"


def rustc_verdicts(states: list[str]) -> list[str]:
    """rustc's errors for each state ('' when it accepts it), two at a time."""
    def judge(state: str) -> str:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "state.rs"
            path.write_text(state)
            done = subprocess.run(
                [RUSTC, "--edition", "2021", "--crate-type", "lib", "-Z", "no-analysis", "--emit=metadata",
                 "-o", os.devnull, str(path)],
                capture_output=True, text=True, env={**os.environ, "RUSTC_BOOTSTRAP": "1"},
            )
        return "" if done.returncode == 0 else done.stderr

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(judge, states))


def all_states(name: str, program: str, samples: int) -> set[str]:
    record = InputRecord(0, name, "rust", {"code": program}, "code", None, False, name)
    result = process_record(record, RunOptions(samples=samples, seed=3, checkers=(("rust", "default"),)))
    assert result.failed is None and result.skipped is None, (name, result.failed or result.skipped)
    states: set[str] = set()
    for row in result.rows:
        path_states = states_of(json.loads(row)["edit_path"])
        assert path_states[-1] == program
        states.update(path_states[1:])
    return states


def programs() -> list[tuple[str, str]]:
    found = [(path.name, path.read_text()) for path in sorted(DATA.glob("*.rs"))]
    return found + [(f"generated-{seed}", generated_program(seed)) for seed in range(12)]


def test_the_path_programs_cover_modules_macros_and_paths():
    texts = [text for _, text in programs()]
    assert len(texts) >= 40
    for needle in ("macro_rules!", "super::", "crate::", "self::", "use ", "mod ", "vec![", "println!("):
        assert sum(needle in text for text in texts) >= 3, needle


@needs_rustc
def test_rustc_accepts_every_state_of_the_path_programs():
    named = programs()
    originals = rustc_verdicts([text for _, text in named])
    assert not any(originals), [(name, said) for (name, _), said in zip(named, originals) if said]
    states = sorted({state for name, text in named for state in all_states(name, text, samples=2)})
    verdicts = rustc_verdicts(states)
    rejected = [(said, state) for said, state in zip(verdicts, states) if said]
    summary = "\n".join(line for said, _ in rejected for line in said.splitlines() if line.startswith("error"))
    assert not rejected, f"{len(rejected)} of {len(states)} states rejected by rustc:\n{summary}\nfirst:\n{rejected[0][1] if rejected else ''}"
