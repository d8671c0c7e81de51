"""Inputs as users feed them in their first hour (issue 18): LLM answers with fences of every
spelling, language names as datasets spell them, concatenated JSONL files, Latin-1 source
files with a coding line, and the built-in corpus as pip installs it.

Each test runs `lintseq-x run` (and `verify`) on files written the way users have them, and
checks the outcome against programs and bytes written here, never against the code's output.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import py_compile
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import LINTSEQ, cli, nothing_written, ok, read_jsonl, write_jsonl
from invariants import assert_invariants, states_of
from lintseq_x.core.input.discovery import walk_sources
from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.algorithm.language import Language
from lintseq_x.core.plugin_system.registry import build_registry
from lintseq_x.core.input.records import InputSpec, read_inputs
from lintseq_x.plugins.python import PYTHON

PROGRAM = "def add(a, b):\n    return a + b\n\n\nprint(add(1, 2))\n"
OTHER = "import math\n\nprint(math.pi)\n"


def _indented(code: str, indent: str) -> str:
    return "".join(indent + line if line.strip() else line for line in code.splitlines(keepends=True))


def _answer(block: str) -> str:
    return f"Sure! Here is the function:\n\n{block}\n\nIt adds two numbers."


# How LLM answers fence their code: each must give PROGRAM.
FENCE_FORMS = {
    "untagged": "```\n" + PROGRAM + "```",
    "Python": "```Python\n" + PROGRAM + "```",
    "PYTHON": "```PYTHON\n" + PROGRAM + "```",
    "space before the tag": "``` python\n" + PROGRAM + "```",
    "py": "```py\n" + PROGRAM + "```",
    "python3": "```python3\n" + PROGRAM + "```",
    "tildes": "~~~python\n" + PROGRAM + "~~~",
    "file name after the tag": "```python:src/add.py\n" + PROGRAM + "```",
    "in a list item": "1. Write the function:\n\n   ```python\n" + _indented(PROGRAM, "   ") + "   ```\n2. Run it.",
    "untagged in a list item": "1. Write the function:\n\n   ```\n" + _indented(PROGRAM, "   ") + "   ```\n2. Run it.",
}


def _run(folder: Path, rows: list[Any], *args: Any, name: str = "answers.jsonl") -> subprocess.CompletedProcess[str]:
    write_jsonl(folder / name, rows)
    return cli(folder, "run", name, "-j", 1, "-s", 1, "-o", "out.jsonl", "-q", *args)


def _rebuilt(row: dict[str, Any]) -> str:
    return states_of(row["edit_path"])[-1]


def _by_instruction(folder: Path) -> dict[str, dict[str, Any]]:
    return {row["source_instruction"]: row for row in read_jsonl(folder / "out.jsonl")}


def _skip_reasons(folder: Path) -> dict[str, str]:
    path = folder / "out.skipped.jsonl"
    return {row["source_instruction"]: row["reason"] for row in read_jsonl(path)} if path.exists() else {}


# --- 1. fenced code as LLMs write it ---------------------------------------------------------


def test_every_common_fence_spelling_gives_the_program(tmp_path: Path) -> None:
    rows = [{"instruction": form, "response": _answer(block)} for form, block in FENCE_FORMS.items()]
    ok(_run(tmp_path, rows, "--lang", "python"))
    assert _skip_reasons(tmp_path) == {}
    found = _by_instruction(tmp_path)
    assert set(found) == set(FENCE_FORMS)
    for form, row in found.items():
        assert row["code_extraction"] == "markdown-fences", form
        assert _rebuilt(row) == PROGRAM.rstrip("\n"), form
        assert_invariants(row["edit_path"], PROGRAM.rstrip("\n"))
    verified = cli(tmp_path, "verify", "out.jsonl")
    assert verified.returncode == 0 and "all invariants hold" in verified.stdout, verified.stdout + verified.stderr


def test_untagged_blocks_are_taken_only_when_they_parse_and_never_over_tagged_ones(tmp_path: Path) -> None:
    rows = [
        # An untagged block of Python next to a ```python block: the tagged block wins.
        {"instruction": "tagged wins", "response": "```\nprint('untagged')\n```\n\nBetter:\n\n```python\n" + PROGRAM + "```"},
        # Two untagged blocks of code and one of shell commands: the code is joined, the shell left.
        {"instruction": "shell left out", "response": "Install:\n\n```\n$ pip install adder\n```\n\n```\n" + PROGRAM + "```\n\nThen:\n\n```\n" + OTHER + "```"},
        # Untagged output that is not Python (a sentence) stays out.
        {"instruction": "output left out", "response": "```\n" + PROGRAM + "```\n\nOutput:\n\n```\nThe sum is 3\n```"},
    ]
    ok(_run(tmp_path, rows, "--lang", "python"))
    found = _by_instruction(tmp_path)
    assert _rebuilt(found["tagged wins"]) == PROGRAM.rstrip("\n")
    assert _rebuilt(found["shell left out"]) == PROGRAM + "\n\n" + OTHER.rstrip("\n")
    assert _rebuilt(found["output left out"]) == PROGRAM.rstrip("\n")


def test_a_block_tagged_with_another_language_is_not_taken_and_the_reason_says_so(tmp_path: Path) -> None:
    # `x = 1` parses as Python too: only the tag keeps it out.
    rows = [
        {"instruction": "bash", "response": "Run this:\n\n```bash\nx = 1\n```\n\nand you are done."},
        {"instruction": "broken python", "response": "Here:\n\n```python\ndef f(:\n    return 1\n```\n"},
        {"instruction": "broken untagged", "response": "Here:\n\n```\ndef f(:\n    return 1\n```\n"},
    ]
    nothing_written(_run(tmp_path, rows, "--lang", "python"))
    assert _skip_reasons(tmp_path) == {
        "bash": "the program is not valid python: line 1: invalid syntax (in the whole field: none of its "
        "1 fenced block (tagged bash) is tagged python or untagged and parsing as python)",
        "broken python": "the program is not valid python: line 1: invalid syntax (in the code of its 1 fenced python block)",
        "broken untagged": "the program is not valid python: line 1: invalid syntax (in the whole field: none of its "
        "1 fenced block is tagged python or untagged and parsing as python)",
    }


def test_a_program_whose_string_holds_a_bare_fence_is_kept_whole(tmp_path: Path) -> None:
    program = 'DOC = """\n```\nx = 1\n```\n"""\nprint(DOC)\n'
    ok(_run(tmp_path, [{"instruction": "whole", "response": program}], "--lang", "python"))
    row = _by_instruction(tmp_path)["whole"]
    assert row["code_extraction"] == "none" and _rebuilt(row) == program


# --- 2. language names as datasets spell them ------------------------------------------------

SPELLED = [
    ("Python", "python", PROGRAM),
    (" python ", "python", PROGRAM),
    ("PYTHON", "python", PROGRAM),
    ("JavaScript", "javascript", "const total = 1 + 2;\nconsole.log(total);\n"),
    ("TypeScript", "typescript", "const total: number = 1 + 2;\nconsole.log(total);\n"),
    ("C++", "cpp", "int main() {\n  return 0;\n}\n"),
]


def test_language_fields_spelled_as_datasets_spell_them(tmp_path: Path) -> None:
    rows = [{"instruction": spelled, "lang": spelled, "response": code} for spelled, _, code in SPELLED]
    ok(_run(tmp_path, rows, "--lang", "python,javascript,typescript,cpp", "--lang-field", "lang"))
    assert _skip_reasons(tmp_path) == {}
    found = _by_instruction(tmp_path)
    assert {spelled: row["language"] for spelled, row in found.items()} == {spelled: name for spelled, name, _ in SPELLED}


def test_lang_option_takes_the_spellings_too(tmp_path: Path) -> None:
    rows = [{"instruction": "one", "response": PROGRAM}]
    ok(_run(tmp_path, rows, "--lang", " Python "))
    assert _by_instruction(tmp_path)["one"]["language"] == "python"


class _SharpPlugin:
    @hookimpl
    def register_languages(self, register):
        register(Language(name="csharp", extensions=(".cs",), grammar=PYTHON.grammar, checker=PYTHON.checker))


def test_c_sharp_spelled_as_datasets_do_names_a_registered_csharp() -> None:
    found = build_registry(extra_plugins=(("sharp", _SharpPlugin()),))
    assert found.get("C#").name == "csharp"
    assert found.get(" c# ").name == "csharp"
    assert found.get("C++").name == "cpp"
    spec = InputSpec(Path("data.jsonl"), [found.get("python"), found.get("csharp")], language_field="lang")
    assert spec.language_named("C#").name == "csharp"
    assert spec.language_named("Python").name == "python"
    assert spec.language_named("Cobol") is None and spec.language_named(None) is None


# --- 3. byte-order marks at the start of later lines -----------------------------------------

_COMPRESSORS = {".jsonl": lambda data: data, ".jsonl.gz": gzip.compress, ".jsonl.bz2": bz2.compress, ".jsonl.xz": lzma.compress}


def _concatenated_exports() -> bytes:
    """Two JSONL files, each saved with a byte-order mark (as Windows tools save them), then
    `cat`ed together; a third, empty but for its mark."""
    first = b"\xef\xbb\xbf" + json.dumps({"instruction": "first", "response": PROGRAM}).encode() + b"\r\n"
    second = b"\xef\xbb\xbf" + json.dumps({"instruction": "second", "response": OTHER}).encode() + b"\r\n"
    return first + second + b"\xef\xbb\xbf\r\n"


@pytest.mark.parametrize("suffix", [*_COMPRESSORS, ".jsonl.zst"])
def test_concatenated_jsonl_files_keep_every_record(tmp_path: Path, suffix: str) -> None:
    data = _concatenated_exports()
    if suffix == ".jsonl.zst":
        zstandard = pytest.importorskip("zstandard")
        compressed = zstandard.ZstdCompressor().compress(data)
    else:
        compressed = _COMPRESSORS[suffix](data)
    (tmp_path / f"data{suffix}").write_bytes(compressed)
    ok(cli(tmp_path, "run", f"data{suffix}", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    assert not (tmp_path / "out.skipped.jsonl").exists()
    found = _by_instruction(tmp_path)
    assert sorted(found) == ["first", "second"]
    assert _rebuilt(found["second"]) == OTHER


# --- 4. source files in the encoding their coding line declares -------------------------------

LATIN1 = "# -*- coding: latin-1 -*-\nGREETING = 'café, naïve'\nprint(GREETING)\n"


def _row_bytes(row: dict[str, Any]) -> bytes:
    """A source file's bytes, rebuilt from an output row as docs/format.md says."""
    newline = {"lf": "\n", "crlf": "\r\n", "cr": "\r", "none": "\n"}[row["newline"]]
    text = ("\ufeff" if row["byte_order_mark"] else "") + _rebuilt(row).replace("\n", newline)
    return text.encode(row["encoding"])


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (LATIN1.encode("latin-1"), "iso-8859-1"),
        (("#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n" + "PRICE = '€5'\nprint(PRICE)\n").replace("\n", "\r\n").encode("cp1252"), "cp1252"),
        (b"\xef\xbb\xbf" + PROGRAM.encode("utf-8"), "utf-8"),
        ("NAME = 'Zoë'\nprint(NAME)\n".encode("utf-8"), "utf-8"),
    ],
    ids=["latin-1", "cp1252-crlf-second-line", "utf-8-bom", "utf-8"],
)
def test_a_source_file_is_read_as_python_reads_it_and_rebuilt_exactly(tmp_path: Path, data: bytes, encoding: str) -> None:
    (tmp_path / "prog.py").write_bytes(data)
    ok(cli(tmp_path, "run", "prog.py", "--lang", "python", "-j", 1, "-s", 2, "-o", "out.jsonl", "-q"))
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert len(rows) == 2
    for row in rows:
        assert row["encoding"] == encoding
        assert _row_bytes(row) == data
    verified = cli(tmp_path, "verify", "out.jsonl")
    assert verified.returncode == 0 and "all invariants hold" in verified.stdout, verified.stdout + verified.stderr


def test_a_tree_of_mixed_encodings_reads_every_file(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "legacy.py").write_bytes(LATIN1.encode("latin-1"))
    (tmp_path / "src" / "modern.py").write_bytes(PROGRAM.encode("utf-8"))
    ok(cli(tmp_path, "run", "src", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    assert {row["source_file"]: row["encoding"] for row in read_jsonl(tmp_path / "out.jsonl")} == {
        "legacy.py": "iso-8859-1",
        "modern.py": "utf-8",
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        # cp1252 leaves 0x81 undefined: not text in the declared encoding.
        (b"# coding: cp1252\nX = '\x81'\n", "not cp1252 text: prog.py: byte 0x81 at offset 22 cannot be decoded (character maps to <undefined>)"),
        (b"# coding: klingon\nX = 1\n", "unusable coding line: prog.py: unknown encoding: klingon (Python would not run this file)"),
        (b"X = '\xe9'\n", "not UTF-8 text: prog.py: byte 0xe9 at offset 5 cannot be decoded (invalid continuation byte)"),
    ],
    ids=["undefined-byte", "unknown-codec", "latin-1-without-coding-line"],
)
def test_a_file_that_is_not_text_is_skipped_naming_the_file_and_the_byte(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "prog.py").write_bytes(data)
    nothing_written(cli(tmp_path, "run", "prog.py", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    (skipped,) = read_jsonl(tmp_path / "out.skipped.jsonl")
    assert skipped["reason"] == reason


def test_verify_catches_a_recorded_encoding_that_does_not_give_the_bytes_back(tmp_path: Path) -> None:
    (tmp_path / "prog.py").write_bytes(LATIN1.encode("latin-1"))
    ok(cli(tmp_path, "run", "prog.py", "--lang", "python", "-j", 1, "-o", "out.jsonl", "-q"))
    (row,) = read_jsonl(tmp_path / "out.jsonl")
    write_jsonl(tmp_path / "ascii.jsonl", [{**row, "encoding": "ascii"}])
    write_jsonl(tmp_path / "crlf.jsonl", [{**row, "newline": "crlf"}])
    expected = {
        "ascii.jsonl": "the recorded newline 'lf', byte_order_mark False and encoding 'ascii' cannot give back the original bytes",
        "crlf.jsonl": "the recorded newline 'crlf', byte_order_mark False and encoding 'iso-8859-1' do not give back the original bytes",
    }
    for name, violation in expected.items():
        verified = cli(tmp_path, "verify", name)
        assert verified.returncode != 0 and violation in verified.stdout + verified.stderr, name


def test_table_records_say_utf_8(tmp_path: Path) -> None:
    ok(_run(tmp_path, [{"instruction": "one", "response": PROGRAM}], "--lang", "python"))
    assert _by_instruction(tmp_path)["one"]["encoding"] == "utf-8"


def test_conformance_rebuilds_a_latin_1_corpus_file_byte_for_byte(tmp_path: Path) -> None:
    from lintseq_x.core.plugin_system.conformance import check_language

    (tmp_path / "legacy.py").write_bytes(LATIN1.encode("latin-1"))
    (tmp_path / "modern.py").write_bytes(PROGRAM.encode("utf-8"))
    report = check_language("python", samples=1, jobs=1, corpus=tmp_path)
    assert report.ok, report.failures
    assert report.passed["exact rebuild"] >= 2


# --- 5. the built-in corpus, as pip installs it ----------------------------------------------

_PLUGIN = '''
from pathlib import Path

from lintseq_x.core.plugin_system.hookspecs import hookimpl
from lintseq_x.core.algorithm.language import Language
from lintseq_x.plugins.python import PYTHON


@hookimpl
def register_languages(register):
    # A stand-in named like C#'s plugin will be: Python's grammar and checker, files *.cs.
    register(Language(name="csharp", extensions=(".cs",), grammar=PYTHON.grammar, checker=PYTHON.checker,
                      corpus=Path(__file__).with_name("corpus")))
'''


@pytest.fixture
def installed_plugin(tmp_path: Path) -> Path:
    """A plugin with a built-in corpus, laid out as pip installs it: a package, its dist-info
    with the entry point, and a `__pycache__` in the corpus from byte-compiling package data."""
    site = tmp_path / "site"
    package = site / "sharp_stand_in"
    (package / "corpus").mkdir(parents=True)
    (package / "__init__.py").write_text(_PLUGIN, encoding="utf-8")
    (package / "corpus" / "adder.cs").write_text(PROGRAM, encoding="utf-8")
    (package / "corpus" / "helper.py").write_text(OTHER, encoding="utf-8")
    py_compile.compile(str(package / "corpus" / "helper.py"), cfile=str(package / "corpus" / "__pycache__" / "helper.cpython-311.pyc"))
    info = site / "sharp_stand_in-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sharp-stand-in\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[lintseq_x]\nsharp = sharp_stand_in\n", encoding="utf-8")
    return site


def _with_plugin(site: Path, cwd: Path, *args: Any) -> subprocess.CompletedProcess[str]:
    assert LINTSEQ is not None
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update(LINTSEQ_X_PLUGINS="python,sharp", COLUMNS="250", NO_COLOR="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    env.pop("LINTSEQ_X_DISABLE_ENTRY_POINTS", None)
    done = subprocess.run([LINTSEQ, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def test_the_built_in_corpus_run_says_nothing_about_pips_cache(installed_plugin: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    done = _with_plugin(installed_plugin, work, "run", "--lang", "csharp", "-j", 1, "-o", "out.jsonl")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not read" not in done.stdout + done.stderr
    assert not (work / "out.excluded.jsonl").exists()
    (row,) = read_jsonl(work / "out.jsonl")
    assert (row["language"], row["source_file"]) == ("csharp", "adder.cs")


def test_a_users_folder_still_accounts_for_its_cache_folder(installed_plugin: Path, tmp_path: Path) -> None:
    import shutil

    mine = tmp_path / "mine"
    shutil.copytree(installed_plugin / "sharp_stand_in" / "corpus", mine)
    done = _with_plugin(installed_plugin, tmp_path, "run", "mine", "--lang", "csharp", "-j", 1, "-o", "out.jsonl")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not read: 1 cache folder" in done.stdout
    assert read_jsonl(tmp_path / "out.excluded.jsonl") == [{"source_file": "__pycache__/", "reason": "cache folder"}]


def test_a_records_language_field_may_say_c_sharp(installed_plugin: Path, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", [{"lang": "C#", "response": PROGRAM}, {"lang": "Python", "response": OTHER}])
    done = _with_plugin(installed_plugin, tmp_path, "run", "data.jsonl", "--lang", "python,C#", "--lang-field", "lang", "-j", 1, "-o", "out.jsonl", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    assert [row["language"] for row in read_jsonl(tmp_path / "out.jsonl")] == ["csharp", "python"]


def test_the_walk_of_a_plugins_corpus_passes_over_its_cache(tmp_path: Path) -> None:
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "a.py").write_text(PROGRAM, encoding="utf-8")
    shipped = Language(name="shipped", extensions=(".py",), grammar=PYTHON.grammar, checker=PYTHON.checker, corpus=tmp_path)
    corpus_walk = walk_sources(tmp_path, [shipped])
    assert [source.relative for source in corpus_walk.files] == ["a.py"] and not corpus_walk.left_out
    users_walk = walk_sources(tmp_path, [PYTHON])
    assert [source.relative for source in users_walk.files] == ["a.py"]
    assert users_walk.left_out == {"__pycache__/": "cache folder"}


def test_datasets_map_types_the_encoding_column_as_text() -> None:
    pyarrow = pytest.importorskip("pyarrow")
    from lintseq_x.core.hf_datasets import add_edit_paths

    table = add_edit_paths({"response": [PROGRAM, "def f(:\n"]}, [0, 1], prompt_column=None)
    assert table.schema.field("encoding").type == pyarrow.string()
    assert table.column("encoding").to_pylist() == ["utf-8", None]
    assert table.column("outcome").to_pylist() == ["ok", "skipped"]


def _plugin_decoding(kind: str) -> Any:
    from lintseq_x.core.algorithm.language import DecodedSource  # imported here: the module is new in this change

    return {
        # Replacing bad bytes would lose them: the record is skipped, not rebuilt wrongly.
        "lossy": lambda data: DecodedSource(data.decode("utf-8", "replace"), "utf-8"),
        "raises": lambda data: 1 / 0,
        "wrong-type": lambda data: data.decode("latin-1"),
    }[kind]


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("lossy", "not utf-8 text: prog.py: decoded, it would not encode back to the same bytes"),
        ("raises", "cannot decode: prog.py: lossy's decode_source raised ZeroDivisionError: division by zero"),
        ("wrong-type", "cannot decode: prog.py: lossy's decode_source returned str, not a DecodedSource"),
    ],
)
def test_a_plugins_decoding_that_would_lose_bytes_is_refused(tmp_path: Path, kind: str, reason: str) -> None:
    (tmp_path / "prog.py").write_bytes(b"X = '\xe9'\n")
    lossy = Language(name="lossy", extensions=(".py",), grammar=PYTHON.grammar, checker=PYTHON.checker, decode_source=_plugin_decoding(kind))
    (record,) = read_inputs(InputSpec(tmp_path / "prog.py", [lossy]))
    assert record.problem == reason
