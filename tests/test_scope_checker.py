"""The pip-only fallback checker, and choosing it where a real front end is missing."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess

import pytest

from lintseq_x.core.plugin_system import registry as plugin_registry
from lintseq_x.core.algorithm.checker import CheckerUnavailable
from lintseq_x.core.plugin_system.checker_selection import DEFAULT, FALLBACK, build_checker, choose_checker
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.pipeline import RunOptions, process_record
from lintseq_x.core.input.records import InputRecord
from lintseq_x.core.toolkit.scope_checker import ScopeRules
from lintseq_x.core.algorithm.structure import StructureRules

from invariants import states_of

# A locals query for a subset of JavaScript, written for these tests (the grammar wheel's own
# query misses function, class and import names).
LOCALS = """
[(statement_block) (function_declaration) (function_expression) (arrow_function)
 (method_definition) (class_body) (for_statement) (for_in_statement)] @local.scope
(function_declaration name: (identifier) @local.definition.outer)
(class_declaration name: (identifier) @local.definition)
(variable_declarator name: (identifier) @local.definition)
(formal_parameters (identifier) @local.definition)
(arrow_function parameter: (identifier) @local.definition)
(import_clause (identifier) @local.definition)
(identifier) @local.reference
"""


class _NodeMissing:
    name = "js-node"

    def __init__(self):
        raise CheckerUnavailable("node is not installed")


def _grammar():
    import tree_sitter_javascript

    return tree_sitter_javascript.language()


LANGUAGE = Language(
    name="testjs",
    extensions=(".testjs",),
    grammar=_grammar,
    checker=_NodeMissing,
    structure=StructureRules(
        atomic_types=frozenset({"template_string", "comment"}),
        body_types=frozenset({"statement_block", "class_body"}),
    ),
    fallback=ScopeRules(LOCALS, toplevel_types=None),
)

PROGRAM = """import fs from 'fs';

// Reads a config and sums its numbers.
function total(values) {
  let sum = 0;
  for (const value of values) {
    sum += value;
  }
  return sum;
}

class Reader {
  read(path) {
    const text = fs.readFileSync(path, 'utf8');
    return JSON.parse(text);
  }
}

const numbers = new Reader().read('config.json').numbers;
console.log(total(numbers), `items: ${numbers.length}
done`);
"""


@pytest.fixture()
def checker():
    built = build_checker(LANGUAGE, FALLBACK)
    built.begin(PROGRAM)
    return built


def test_full_program_is_clean(checker):
    assert checker.check(PROGRAM) == ()


@pytest.mark.parametrize(
    "removed,line,name",
    [
        ("import fs from 'fs';\n", 13, "fs"),
        ("  let sum = 0;\n", 6, "sum"),
        ("class Reader {\n  read(path) {\n    const text = fs.readFileSync(path, 'utf8');\n    return JSON.parse(text);\n  }\n}\n", 13, "Reader"),
    ],
)
def test_a_deleted_declaration_is_an_unresolved_name(checker, removed, line, name):
    found = checker.check(PROGRAM.replace(removed, ""))
    assert [(d.line, d.code) for d in found][:1] == [(line, "UnresolvedName")]
    assert name in found[0].message


def test_names_the_program_never_declares_are_external(checker):
    assert checker.check("console.log(JSON.stringify(process.argv));\n") == ()


def test_syntax_errors_are_fatal(checker):
    (found,) = checker.check("function total(values) {\n  return 1;\n")
    assert found.fatal and found.code == "SyntaxError"


def test_toplevel_rules():
    rules = ScopeRules(LOCALS, toplevel_types=frozenset({"function_declaration", "comment"}))
    strict = build_checker(dataclasses.replace(LANGUAGE, fallback=rules), FALLBACK)
    strict.begin("function f() {}\n")
    assert [d.code for d in strict.check("function f() {}\nf();\n")] == ["TopLevel"]


def test_missing_toolchain_falls_back_with_a_notice():
    choice, notice = choose_checker(LANGUAGE)
    assert choice == FALLBACK and "node is not installed" in notice and "testjs-tree-sitter-scopes" in notice
    assert choose_checker(LANGUAGE, "testjs-tree-sitter-scopes") == (FALLBACK, None)
    with pytest.raises(CheckerUnavailable, match="node is not installed"):
        choose_checker(LANGUAGE, DEFAULT)
    with pytest.raises(CheckerUnavailable, match="has no checker 'eslint'"):
        choose_checker(LANGUAGE, "eslint")


class _Plugin:
    @hookimpl
    def register_languages(self, register):
        register(LANGUAGE)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: no independent JavaScript judge")
def test_paths_under_the_fallback_are_accepted_by_node(monkeypatch, tmp_path):
    monkeypatch.setattr(plugin_registry, "_registry", plugin_registry.build_registry(extra_plugins=(("testjs", _Plugin()),)))
    record = InputRecord(0, "t", "testjs", {"code": PROGRAM}, "code", None, False, "t")
    result = process_record(record, RunOptions(samples=4, seed=3, checkers=(("testjs", FALLBACK),)))
    assert result.failed is None and result.skipped is None, result.failed or result.skipped
    rows = [json.loads(row) for row in result.rows]
    assert {row["checker"]["name"] for row in rows} == {"testjs-tree-sitter-scopes"}
    states = {state for row in rows for state in states_of(row["edit_path"])[1:]}
    assert PROGRAM in states
    for number, state in enumerate(sorted(states)):
        path = tmp_path / f"state{number}.mjs"
        path.write_text(state)
        judged = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
        assert judged.returncode == 0, f"{judged.stderr}\n{state}"


# -- namespaces, ordered scopes, import paths, imports, non-empty constructs -----------------------

_EXTENDED_LOCALS = """
[(statement_block) (function_declaration)] @local.scope
(function_declaration name: (identifier) @local.definition.outer)
(variable_declarator name: (identifier) @local.definition)
(formal_parameters (identifier) @local.definition)
(class_body (field_definition property: (property_identifier) @local.definition.member))
(import_statement source: (string) @local.definition.path)
(import_statement) @local.import
(identifier) @local.reference
(member_expression property: (property_identifier) @local.reference.member)
"""


def _extended(program, **rules):
    language = dataclasses.replace(LANGUAGE, fallback=ScopeRules(_EXTENDED_LOCALS, **rules))
    built = build_checker(language, FALLBACK)
    built.begin(program)
    assert built.check(program) == ()
    return built


def test_a_member_does_not_hide_a_deleted_variable_of_its_name():
    program = "class Box { size = 1; }\nfunction f(box) {\n  const size = 2;\n  return box.size + size;\n}\n"
    checker = _extended(program)
    found = checker.check(program.replace("  const size = 2;\n", ""))
    assert [(d.line, d.code) for d in found] == [(3, "UnresolvedName")]  # `+ size`, not `box.size`
    found = checker.check(program.replace("class Box { size = 1; }\n", ""))
    assert [(d.line, d.code) for d in found] == [(3, "UnresolvedName")]  # `box.size`: no member left


def test_ordered_scopes_see_a_declaration_only_after_it():
    program = "function f() {\n  let a = 1;\n  g(a);\n  let b = 2;\n  g(b);\n}\n"
    ordered = _extended(program, ordered_scopes=frozenset({"statement_block"}))
    unordered = _extended(program)
    moved = program.replace("  let a = 1;\n", "").replace("  g(b);\n", "  g(b);\n  let a = 3;\n")
    assert [(d.line, d.code) for d in ordered.check(moved)] == [(2, "UnresolvedName")]
    assert unordered.check(moved) == ()


def test_an_import_path_binds_its_last_segment():
    program = "import 'lib/encoding/json';\nfunction f() { return json; }\n"
    checker = _extended(program)
    found = checker.check("function f() { return json; }\n")
    assert [(d.line, d.code) for d in found] == [(2 - 1, "UnresolvedName")]
    assert "json" in found[0].message
    from lintseq_x.core.toolkit.scope_checker import _path_name

    assert [_path_name(text) for text in ('"encoding/json"', '"math/rand/v2"', '"gopkg.in/yaml.v3"', "<stdio.h>")] == [
        "json", "rand", "yaml", "stdio.h"]


def test_external_names_need_the_programs_imports():
    program = "import 'a';\nimport 'b';\nfunction f() { return helper(1); }\n"
    checker = _extended(program)
    found = checker.check("import 'a';\nfunction f() { return helper(1); }\n")
    assert [(d.line, d.code) for d in found] == [(2, "UnresolvedName")] and "helper" in found[0].message
    assert checker.check("import 'a';\nimport 'b';\n") == ()


def test_nonempty_types():
    checker = _extended("function f() { return 1; }\n", nonempty_types=frozenset({"statement_block"}))
    assert [(d.line, d.code) for d in checker.check("function f() {\n}\n")] == [(1, "EmptyConstruct")]


def test_a_strict_reference_must_resolve_in_its_own_namespace():
    """Java's `new Node(v)` needs a constructor `Node`: the class still declared does not do."""
    from lintseq_x.core.toolkit.scope_checker import ScopeChecker

    java = plugin_registry.registry().get("java")
    program = ("class Node {\n    int v;\n    Node(int v) {\n        this.v = v;\n    }\n}\n"
               "class Use {\n    Node make() {\n        return new Node(1);\n    }\n}\n")
    checker = ScopeChecker("java", java.parser, java.fallback)
    checker.begin(program)
    assert checker.check(program) == ()
    without = program.replace("    Node(int v) {\n        this.v = v;\n    }\n", "")
    assert [(d.line, d.code) for d in checker.check(without)] == [(6, "UnresolvedName")]


def test_a_plugins_extra_check_sees_the_parsed_trees():
    """`ScopeRules.extra_check`: begun with the full program's tree, run on every state that
    parses (after the scope analysis), never on one with a syntax error."""
    from lintseq_x.core.algorithm.checker import Diagnostic

    seen = []

    class CallsOfDeletedFunctions:
        """Flags `f()` where the full program declares `function f` and the state does not."""

        def __init__(self):
            self.declared = set()

        def _functions(self, root):
            return {child.child_by_field_name("name").text for child in root.named_children
                    if child.type == "function_declaration"}

        def begin(self, root, source):
            assert root.type == "program" and isinstance(source, bytes)
            self.declared = self._functions(root)

        def check(self, root, source):
            seen.append(source)
            left = self._functions(root)
            return [Diagnostic(1, "Extra", name.decode()) for name in sorted(self.declared - left)]

    program = "function f() { return 1; }\nfunction g() { return 2; }\n"
    checker = _extended(program, extra_check=CallsOfDeletedFunctions)
    assert seen == [program.encode()]
    assert checker.settings["extra_check"].endswith("CallsOfDeletedFunctions")
    assert [(d.code, d.message) for d in checker.check("function g() { return 2; }\n")] == [("Extra", "f")]
    assert checker.check("function g( {\n")[0].fatal and len(seen) == 2
    # A checker never begun judges by its extra check's empty knowledge: nothing.
    fresh = build_checker(dataclasses.replace(LANGUAGE, fallback=ScopeRules(_EXTENDED_LOCALS, extra_check=CallsOfDeletedFunctions)), FALLBACK)
    assert fresh.check("function g() { return 2; }\n") == ()


def test_dependent_lines_pair_a_name_declared_once_with_its_references(checker):
    lines = PROGRAM.split("\n")
    pairs = {(lines[declaring].strip(), lines[referring].strip()) for declaring, referring in checker.dependent_lines(PROGRAM)}
    assert ("import fs from 'fs';", "const text = fs.readFileSync(path, 'utf8');") in pairs
    assert ("let sum = 0;", "return sum;") in pairs
    assert ("class Reader {", "const numbers = new Reader().read('config.json').numbers;") in pairs
    # `value`, `path` and `text` are each declared once too; `read` is never declared (a member).
    assert not any("read(path)" == referring for _, referring in pairs)


def test_dependent_lines_pair_a_reference_with_the_one_declaration_it_sees():
    program = (
        "const x = 0;\n"
        "function f(y) {\n"
        "  return y + x;\n"
        "}\n"
        "function g() {\n"
        "  const y = 1;\n"
        "  const x = 2;\n"
        "  return x + f(y);\n"
        "}\n"
    )
    checker = _extended(program)
    lines = program.split("\n")
    pairs = {(lines[declaring].strip(), lines[referring].strip()) for declaring, referring in checker.dependent_lines(program)}
    # Each `y` sees one declaration (f's parameter, g's constant): the other is in another function.
    assert ("function f(y) {", "return y + x;") in pairs
    assert ("const y = 1;", "return x + f(y);") in pairs
    # g's `x` sees its own constant and the file's: deleting either leaves the other, no pair.
    assert not any(declaring.startswith("const x") and referring == "return x + f(y);" for declaring, referring in pairs)
    assert ("const x = 0;", "return y + x;") in pairs  # f does not see g's constant
    assert checker.check(program.replace("const x = 0;\n", ""))[0].line == 2
    assert checker.check(program.replace("  const y = 1;\n", ""))[0].line == 7
    assert checker.check(program.replace("  const x = 2;\n", "")) == ()


@pytest.mark.parametrize(
    "name,choice",
    [(name, FALLBACK) for name in ("c", "cpp", "go", "java", "javascript", "rust", "typescript")]
    + [("rust", DEFAULT), ("python", DEFAULT)],
)
def test_every_dependent_line_is_one_the_checker_itself_flags(name, choice):
    """On each built-in corpus: deleting a declaration without the predicted references, the
    checker's own rounds delete them (the promise `dependent_lines` makes)."""
    from pathlib import Path

    from helpers import assert_checker_deletes_predicted, units_of_pairs

    language = plugin_registry.registry().get(name)
    checker = build_checker(language, choice)
    predicted = 0
    for path in sorted(Path(language.corpus).iterdir()):
        if path.suffix not in language.extensions:
            continue
        program = path.read_text(encoding="utf-8")
        checker.begin(program)
        structure = language.structure_of(program)
        by_declaration = units_of_pairs(structure, checker.dependent_lines(program))
        predicted += assert_checker_deletes_predicted(structure, checker, by_declaration, path.name)
    assert predicted > 0


def test_the_pipeline_deletes_predicted_references_with_their_declaration(monkeypatch):
    from lintseq_x.core.plugin_system import guard
    from lintseq_x.core.toolkit.scope_checker import ScopeChecker

    monkeypatch.setattr(plugin_registry, "_registry", plugin_registry.build_registry(extra_plugins=(("testjs", _Plugin()),)))
    record = InputRecord(0, "t", "testjs", {"code": PROGRAM}, "code", None, False, "t")
    options = RunOptions(samples=8, seed=3, checkers=(("testjs", FALLBACK),))
    predicted = process_record(record, options)
    monkeypatch.delattr(ScopeChecker, "dependent_lines")
    monkeypatch.setattr(guard, "_checkers", {})  # checkers are kept per process: build one without it
    unpredicted = process_record(record, options)
    assert predicted.checks < unpredicted.checks
    checker = build_checker(LANGUAGE, FALLBACK)
    checker.begin(PROGRAM)
    for row in predicted.rows:
        assert all(checker.check(state) == () for state in states_of(json.loads(row)["edit_path"])[1:])
