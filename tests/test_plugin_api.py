"""The public plugin API: what a plugin imports, and the data-first pieces it describes a
language with (grammar by module name, a default corpus folder, query files that inherit)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lintseq_x.plugins as api
from lintseq_x.plugins import Language, LanguageError, QueryFileError, closed_by, read_query

REPO = Path(__file__).resolve().parents[1]


def test_every_exported_name_resolves():
    for name in api.__all__:
        assert getattr(api, name) is not None, name


@pytest.mark.parametrize("plugin", sorted(p.parent.name for p in (REPO / "plugins").glob("*/__init__.py")))
def test_built_in_plugins_import_only_the_public_api(plugin):
    for source in (REPO / "plugins" / plugin).rglob("*.py"):
        if "corpus" in source.parts:
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lintseq_x"):
                # Another plugin is fair (C++ builds on C); the core's modules are not.
                assert node.module.startswith("lintseq_x.plugins"), (
                    f"{source.relative_to(REPO)}:{node.lineno} imports {node.module}")


def test_the_example_plugin_imports_only_the_public_api():
    package = REPO / "examples" / "lintseq-x-lua" / "lintseq_x_lua"
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lintseq_x"):
                assert node.module == "lintseq_x.plugins", f"{source.name}:{node.lineno} imports {node.module}"


def _checker():
    raise AssertionError("not built in these tests")


def test_a_grammar_named_by_module_loads_and_names_its_distribution():
    language = Language(name="pyish", extensions=(".pyish",), grammar="tree_sitter_python", checker=_checker)
    assert language.grammar_package == "tree-sitter-python"
    assert language.parses("def f():\n    return 1\n")
    assert not language.parses("def f(:\n")
    assert "grammar" in language.parser_versions


def test_a_grammar_named_by_module_and_function():
    language = Language(name="tsxish", extensions=(".x",), grammar="tree_sitter_typescript:language_tsx",
                        checker=_checker)
    assert language.grammar_package == "tree-sitter-typescript"
    assert language.parses("const a = <div>{1}</div>;\n")


def test_a_malformed_grammar_name_is_refused():
    with pytest.raises(LanguageError, match="grammar must be a module name"):
        Language(name="bad", extensions=(".b",), grammar="tree sitter python", checker=_checker)


def test_the_corpus_folder_beside_the_describing_module_is_found(tmp_path):
    plugin = tmp_path / "plugin_with_corpus"
    (plugin / "corpus").mkdir(parents=True)
    (plugin / "corpus" / "one.py").write_text("x = 1\n")
    (plugin / "__init__.py").write_text(
        "from lintseq_x.plugins import Language\n"
        "WITH = Language(name='with', extensions=('.w',), grammar='tree_sitter_python', checker=print)\n"
        "WITHOUT = Language(name='without', extensions=('.w',), grammar='tree_sitter_python', checker=print,"
        " corpus=None)\n")
    namespace: dict = {"__file__": str(plugin / "__init__.py")}
    exec(compile((plugin / "__init__.py").read_text(), str(plugin / "__init__.py"), "exec"), namespace)
    assert namespace["WITH"].corpus == plugin / "corpus"
    assert namespace["WITHOUT"].corpus is None
    lonely = Language(name="lonely", extensions=(".l",), grammar="tree_sitter_python", checker=_checker)
    assert lonely.corpus is None  # tests/ has no corpus folder
    with pytest.raises(LanguageError, match="is not a directory"):
        Language(name="gone", extensions=(".g",), grammar="tree_sitter_python", checker=_checker, corpus="samples")


def _query_file(root: Path, language: str, text: str, name: str = "locals.scm") -> Path:
    path = root / language / "queries" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_query_inherits_its_siblings_queries_in_order(tmp_path):
    _query_file(tmp_path, "c", "(identifier) @c\n")
    _query_file(tmp_path, "objc", "; inherits: c\n(string) @objc\n")
    child = _query_file(tmp_path, "objcpp", ";; inherits: objc, c\n; a comment\n(number) @objcpp\n")
    text = read_query(child)
    assert text.index("@c\n") < text.index("@objc") < text.index("@objcpp")
    assert text.count("(identifier) @c") == 2  # once through objc, once directly, as listed


def test_an_inherits_line_below_the_header_is_ordinary_text(tmp_path):
    _query_file(tmp_path, "c", "(identifier) @c\n")
    child = _query_file(tmp_path, "d", "(number) @d\n; inherits: c\n")
    assert "@c" not in read_query(child)


def test_a_query_inherits_from_an_installed_package(tmp_path, monkeypatch):
    installed = tmp_path / "site"
    _query_file(installed, "their_plugin", "(identifier) @theirs\n")
    (installed / "their_plugin" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(installed))
    text = read_query(_query_file(tmp_path / "mine", "lang", "; inherits: their_plugin\n(x) @mine\n"))
    assert text == "(identifier) @theirs\n; inherits: their_plugin\n(x) @mine\n"


def test_a_missing_or_cyclic_inheritance_names_the_files(tmp_path):
    missing = _query_file(tmp_path, "a", "; inherits: nowhere\n(x) @a\n")
    with pytest.raises(QueryFileError, match=r"nowhere.*queries.*locals\.scm"):
        read_query(missing)
    _query_file(tmp_path, "p", "; inherits: q\n")
    cyclic = _query_file(tmp_path, "q", "; inherits: p\n")
    with pytest.raises(QueryFileError, match="inherits from itself"):
        read_query(cyclic)


def test_closed_by_turns_closers_into_required_children():
    assert closed_by({"}": ("block", "body"), ")": ("arguments",)}) == {
        "block": frozenset({"}"}), "body": frozenset({"}"}), "arguments": frozenset({")"})}
